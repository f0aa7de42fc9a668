/**
 * Re-runs a published lottery draw from its record and says whether it gives the same order.
 * `npm run lottery:verify -- draw.json` (exit 0: the same; 1: different; 2: not a draw record).
 */
import { readFileSync } from "node:fs";
import { drawRecordSchema, verifyDraw } from "../app/.server/registration";

const file = process.argv[2];
if (!file) {
  console.error("Usage: npm run lottery:verify -- <draw record .json>");
  process.exit(2);
}
const parsed = drawRecordSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
if (!parsed.success) {
  console.error(`Not a draw record: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  process.exit(2);
}
const result = verifyDraw(parsed.data);
console.log(`Seed ${parsed.data.seed}, ${parsed.data.entrants.length} entrants, ${parsed.data.places} places.`);
console.log(`Re-run order: ${result.order.join(", ")} (first ${result.winners} have places)`);
if (result.matches) {
  console.log("The order matches the record.");
} else {
  console.log(`The order DOES NOT match the record: ${parsed.data.order.join(", ")} (first ${parsed.data.winners} have places)`);
  process.exit(1);
}
