/**
 * Suggest a grid from the command line:
 *   npm run --silent optimise -- --input instance.json [--time-limit-ms 2000] [--seed N] [--show-up-ratio 0.7]
 * prints {"assignments":[{"session","room","slot"}],"unscheduled":[ids],"score":{...}} on stdout.
 * Exit codes: 0 a grid was printed; 1 bad arguments or an unreadable file or not JSON;
 * 2 the JSON is not a valid instance (the message names the field); 3 no valid grid exists
 * (stdout carries {"infeasible": reason, "sessions": [ids]}).
 * --show-up-ratio R: sessions without their own "expected" get round(marks x R) as expected
 * attendance, which overflow is counted from. Without it nothing changes: overflow comes from
 * each session's "expected" where the instance gives one, else from its marks.
 */
import { readFileSync } from "node:fs";
import { instanceProblems, instanceSchema, isInfeasible, optimise } from "../app/.server/optimiser";
import { expectedAttendance, MAX_SHOW_UP_RATIO } from "../app/domain/attendance";

const USAGE = "Usage: npm run --silent optimise -- --input instance.json [--time-limit-ms 2000] [--seed N] [--show-up-ratio 0.7]";

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseArgs(argv: string[]) {
  const options: { input?: string; timeLimitMs: number; seed: number; showUpRatio?: number } = { timeLimitMs: 2000, seed: 1 };
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
    } else if (name === "--show-up-ratio") {
      const ratio = Number(value);
      if (!/^\d*\.?\d+$/.test(value) || !(ratio > 0 && ratio <= MAX_SHOW_UP_RATIO)) fail(1, `--show-up-ratio must be a number above 0 and at most ${MAX_SHOW_UP_RATIO}, such as 0.7.`);
      options.showUpRatio = ratio;
    } else fail(1, `Unknown option ${name}.\n${USAGE}`);
  }
  if (!options.input) fail(1, `--input is required.\n${USAGE}`);
  return options as Required<Omit<typeof options, "showUpRatio">> & { showUpRatio?: number };
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

const instance = parsed.data;
if (options.showUpRatio !== undefined) {
  const ratio = options.showUpRatio;
  for (const s of instance.sessions) s.expected ??= expectedAttendance({ marks: new Set(s.interested.map((p) => `${typeof p}:${p}`)).size }, ratio);
}
const result = optimise(instance, { timeLimitMs: options.timeLimitMs, seed: options.seed });
process.stdout.write(`${JSON.stringify(result)}\n`);
if (isInfeasible(result)) {
  process.stderr.write(`No valid grid: ${result.infeasible}\n`);
  process.exitCode = 3;
}
