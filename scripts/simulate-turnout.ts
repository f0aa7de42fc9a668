/**
 * How many seats stay empty, and how many people are turned away, under each way of filling the
 * places of people who do not come? `npm run simulate:turnout [-- --runs 1000 --seed 16 --capacity 200]`
 *
 * A seeded simulation (app/domain/turnout-simulation.ts) of a free unconference whose turnout is
 * drawn from published figures (BarCampLondon5, BarCamp NorthEast, the first UK BarCamp, BarCamp
 * Philly, UKGovCamp 2011). Every other assumption is a parameter: pass `--name value` for any
 * key of SIMULATION_DEFAULTS (e.g. `--offerAcceptance 0.5`). `--by-series` adds one table per
 * published turnout.
 */
import { PUBLISHED_TURNOUT, SIMULATION_DEFAULTS, simulateTurnout, type SimulationParameters, type StrategySummary } from "../app/domain/turnout-simulation";

const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const runs = value("runs") ?? 1000;
const seed = value("seed") ?? 16;
const parameters: Partial<SimulationParameters> = {};
for (const key of Object.keys(SIMULATION_DEFAULTS) as (keyof SimulationParameters)[]) {
  const given = value(key);
  if (given !== undefined) {
    if (!Number.isFinite(given)) throw new Error(`--${key} needs a number`);
    parameters[key] = given;
  }
}

const f1 = (x: number) => x.toFixed(1);

function table(title: string, rows: StrategySummary[]) {
  const plain = rows.find((r) => r.strategy.key === "plain")!;
  const lines = [
    `### ${title}`,
    "",
    "| strategy | places allocated | empty seats at 10:30 (mean, 90th pct) | vs today | turned away with a place (mean, 90th pct, runs with any) | released for silence, came anyway | standby seated / sent home |",
    "| --- | --: | --: | --: | --: | --: | --: |",
    ...rows.map((r) =>
      [
        r.strategy.label,
        f1(r.allocated),
        `${f1(r.emptySeats.mean)} (${r.emptySeats.p90})`,
        plain.emptySeats.mean > 0 ? `${Math.round((100 * r.emptySeats.mean) / plain.emptySeats.mean)}%` : "–",
        `${f1(r.turnedAway.mean)} (${r.turnedAway.p90}, ${r.turnedAway.runsWithAny} of ${r.runs})`,
        r.strategy.reconfirm ? f1(r.releasedCameAnyway) : "–",
        r.strategy.standby ? `${f1(r.standbySeated)} / ${f1(r.standbyNotSeated)}` : "–",
      ].join(" | "),
    ).map((row) => `| ${row} |`),
    "",
  ];
  console.log(lines.join("\n"));
}

const p = { ...SIMULATION_DEFAULTS, ...parameters };
console.log(`${runs} events, seed ${seed}, ${p.capacity} seats, ${p.waitingList} on the waiting list a week before.\n`);
const started = performance.now();
table("All published turnouts", simulateTurnout({ runs, seed, parameters }));
if (args.includes("--by-series")) {
  for (const series of PUBLISHED_TURNOUT) {
    table(`${series.event} (turnout ${Math.round(series.turnout * 100)}%)`, simulateTurnout({ runs, seed, parameters, bases: [series.turnout] }));
  }
}
console.log(`(${Math.round(performance.now() - started)} ms)`);
