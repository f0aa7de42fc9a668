import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

/**
 * The domain folders of app/.server depend on each other one way: a cycle (events needs
 * registration needs events) means neither can be understood, tested or moved alone. This reads
 * each folder's imports of other folders (through their index: `../grid` or `~/.server/grid`) and
 * lists every cycle, and there must be none.
 */
const ROOT = path.resolve("app/.server");
// None: events/move-day.ts wrote the schedule's "changed at" through schedule's
// markScheduleChanged (events -> schedule -> events) until it wrote the stamp itself.
const KNOWN_CYCLES: string[] = [];

function dependencies(): Map<string, Set<string>> {
  const folders = readdirSync(ROOT).filter((name) => statSync(path.join(ROOT, name)).isDirectory());
  const graph = new Map<string, Set<string>>();
  for (const folder of folders) {
    const uses = new Set<string>();
    const files = (readdirSync(path.join(ROOT, folder), { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
    for (const file of files) {
      const source = readFileSync(path.join(ROOT, folder, file), "utf8");
      for (const match of source.matchAll(/from\s+"(?:\.\.\/|~\/\.server\/)([a-z-]+)(?:\/[^"]*)?"/g)) {
        if (match[1] !== folder && folders.includes(match[1])) uses.add(match[1]);
      }
    }
    graph.set(folder, uses);
  }
  return graph;
}

/** Every elementary cycle, written from its alphabetically first folder ("a -> b -> a"). */
function cycles(graph: Map<string, Set<string>>): string[] {
  const found = new Set<string>();
  const walk = (start: string, at: string, trail: string[]) => {
    for (const next of graph.get(at) ?? []) {
      if (next === start) found.add([...trail, start].join(" -> "));
      else if (next > start && !trail.includes(next)) walk(start, next, [...trail, next]);
    }
  };
  for (const folder of [...graph.keys()].sort()) walk(folder, folder, [folder]);
  return [...found].sort();
}

it("finds a cycle when there is one (the check itself)", () => {
  const graph = new Map([
    ["a", new Set(["b"])],
    ["b", new Set(["c"])],
    ["c", new Set(["a"])],
    ["d", new Set(["a"])],
  ]);
  expect(cycles(graph)).toEqual(["a -> b -> c -> a"]);
});

it("has no import cycle between domain folders", () => {
  const graph = dependencies();
  expect(graph.get("pitching")?.has("registration")).toBe(true);
  expect(cycles(graph)).toEqual(KNOWN_CYCLES);
});
