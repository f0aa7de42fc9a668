/**
 * Prints a seeded optimiser instance as JSON:
 *   npx tsx scripts/gen-instance.ts --size lgc|large --seed N [--published] > instance.json
 * lgc: LocalGovCamp-like (40 sessions, 6 rooms, 6 slots, 400 attendees); large: 200 sessions,
 * 12 rooms, 10 slots, 3,000 attendees. --published: every session already has a current cell
 * (the grid as published), plus 3 late pitches without one.
 */
import { generateInstance, type InstanceSize } from "./lib/instances";

const USAGE = `Usage: npx tsx scripts/gen-instance.ts [--size lgc|large] [--seed N] [--published] > instance.json
  --size lgc     LocalGovCamp-like: 40 sessions, 6 rooms, 6 slots, 400 attendees (default)
  --size large   200 sessions, 12 rooms, 10 slots, 3,000 attendees
  --seed N       whole number; the same seed gives the same instance (default 1)
  --published    every session has a current cell (the published grid), plus 3 late pitches
Then: npm run --silent optimise -- --input instance.json [--time-limit-ms 2000] [--seed N]`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--published") continue;
  if ((args[i] === "--size" || args[i] === "--seed") && args[i + 1] !== undefined && !args[i + 1].startsWith("--")) {
    i++;
    continue;
  }
  process.stderr.write(`${args[i] === "--size" || args[i] === "--seed" ? `${args[i]} needs a value` : `Unknown option ${args[i]}`}\n${USAGE}\n`);
  process.exit(1);
}
const value = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const size = value("--size") ?? "lgc";
const seed = value("--seed") ?? "1";
if (size !== "lgc" && size !== "large") {
  process.stderr.write("--size must be lgc or large\n");
  process.exit(1);
}
if (!/^\d+$/.test(seed)) {
  process.stderr.write("--seed must be a whole number\n");
  process.exit(1);
}
process.stdout.write(`${JSON.stringify(generateInstance(size as InstanceSize, Number(seed), { published: args.includes("--published") }), null, 1)}\n`);
