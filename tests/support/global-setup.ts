import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrate, openClient, prepareFileDatabase } from "../../app/.server/platform";
import { startSharedServices } from "./shared-services";

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
    /** Where test files ask for the app this project shares (tests/support/shared-app.ts). */
    sharedControlUrl: string;
  }
}

/**
 * Migrates one template database per run; each test file works on its own copy of it. Also
 * runs the services the project's test files can share (tests/support/shared-services.ts):
 * nothing starts until a test file asks.
 */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), "pitchgrid-template-"));
  const file = path.join(dir, "template.db");
  const client = openClient(`file:${file}`);
  await prepareFileDatabase(client);
  await migrate(client);
  // Fold the WAL into the main file so a plain file copy carries the whole schema.
  await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  client.close();
  project.provide("templateDb", file);

  const shared = await startSharedServices({ templateDb: file, withSmtpSink: project.name === "journeys" });
  project.provide("sharedControlUrl", shared.controlUrl);
  return async () => {
    await shared.stop();
  };
}
