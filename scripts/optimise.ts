/**
 * Suggest a grid from the command line:
 *   npm run --silent optimise -- --input instance.json [--time-limit-ms 2000] [--seed N]
 * prints {"assignments":[{"session","room","slot"}],"unscheduled":[ids],"score":{...}} on stdout.
 * Exit codes: 0 a grid was printed; 1 bad arguments or an unreadable file or not JSON;
 * 2 the JSON is not a valid instance (the message names the field); 3 no valid grid exists
 * (stdout carries {"infeasible": reason, "sessions": [ids]}).
 */
import { readFileSync } from "node:fs";
import { instanceProblems, instanceSchema, isInfeasible, optimise } from "../app/.server/optimiser";

const USAGE = "Usage: npm run --silent optimise -- --input instance.json [--time-limit-ms 2000] [--seed N]";

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseArgs(argv: string[]) {
  const options: { input?: string; timeLimitMs: number; seed: number } = { timeLimitMs: 2000, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    if (name === "--help" || name === "-h") fail(1, USAGE);
    if (value === undefined || value.startsWith("--")) fail(1, `${name} needs a value.\n${USAGE}`);
    i++;
    if (name === "--input") options.input = value;
    else if (name === "--time-limit-ms") {
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 600_000) fail(1, "--time-limit-ms must be a whole number of milliseconds from 1 to 600000.");
      options.timeLimitMs = Number(value);
    } else if (name === "--seed") {
      if (!/^-?\d+$/.test(value)) fail(1, "--seed must be a whole number.");
      options.seed = Number(value);
    } else fail(1, `Unknown option ${name}.\n${USAGE}`);
  }
  if (!options.input) fail(1, `--input is required.\n${USAGE}`);
  return options as Required<typeof options>;
}

const options = parseArgs(process.argv.slice(2));
let text: string;
try {
  text = readFileSync(options.input, "utf8");
} catch (error) {
  fail(1, `Cannot read ${options.input}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
}
let json: unknown;
try {
  json = JSON.parse(text);
} catch (error) {
  fail(1, `${options.input} is not JSON: ${(error as Error).message}`);
}
const parsed = instanceSchema.safeParse(json);
if (!parsed.success) {
  const lines = parsed.error.issues.slice(0, 10).map((issue) => `- ${issue.path.length ? issue.path.join(".") : "(top level)"}: ${issue.message}`);
  fail(2, `${options.input} is not a valid instance:\n${lines.join("\n")}`);
}
const problems = instanceProblems(parsed.data);
if (problems.length) fail(2, `${options.input} is not a valid instance:\n${problems.slice(0, 10).map((p) => `- ${p}`).join("\n")}`);

const result = optimise(parsed.data, { timeLimitMs: options.timeLimitMs, seed: options.seed });
process.stdout.write(`${JSON.stringify(result)}\n`);
if (isInfeasible(result)) {
  process.stderr.write(`No valid grid: ${result.infeasible}\n`);
  process.exitCode = 3;
}
