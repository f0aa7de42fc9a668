import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import draft06 from "ajv/dist/refs/json-schema-draft-06.json";
import { expect } from "vitest";

/**
 * Validators for the frab exports, against the schemas copied into tests/fixtures (see
 * SOURCE.md there): xmllint for schedule.xml, ajv for schedule.json.
 */
const FIXTURES = path.resolve("tests/fixtures/schedule-formats");
const work = mkdtempSync(path.join(tmpdir(), "pitchgrid-frab-"));

/** Validates with xmllint against the frab XSD; returns xmllint's verdict (throws with its errors). */
export function validateXml(xml: string, name: string): string {
  const file = path.join(work, `${name}.xml`);
  writeFileSync(file, xml);
  try {
    return execFileSync("xmllint", ["--noout", "--schema", path.join(FIXTURES, "schedule.xml.xsd"), file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const failure = error as { stderr?: string };
    throw new Error(`schedule.xml does not validate:\n${failure.stderr ?? String(error)}`);
  }
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft06);
addFormats(ajv);
ajv.addFormat("color", /^#[0-9a-fA-F]{6}$/);
/** The compiled frab JSON Schema (true or false, with `.errors`). */
export const validateJsonSchema = ajv.compile(JSON.parse(readFileSync(path.join(FIXTURES, "schema.json"), "utf8")));

/** Asserts that the body is a valid frab schedule.json, listing ajv's errors if not. */
export function validateJson(body: unknown) {
  const ok = validateJsonSchema(body);
  expect(ok ? [] : validateJsonSchema.errors).toEqual([]);
}
