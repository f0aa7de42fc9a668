import { describe, expect, it } from "vitest";
import { answered, MAX_POLL_MS, pollDecision, pollDelay, pollDelays, POLL_MS } from "./version-poll";

describe("pollDelay", () => {
  it("waits the interval while polls answer, doubles it for each failure in a row, and stops at MAX_POLL_MS", () => {
    expect(pollDelay(0)).toBe(POLL_MS);
    expect([1, 2, 3, 4, 5].map((f) => pollDelay(f))).toEqual([5000, 10_000, 20_000, 30_000, 30_000]);
    expect(pollDelay(1000)).toBe(MAX_POLL_MS);
    expect(pollDelay(2, 2000)).toBe(8000);
  });

  it("pollDelays lists each distinct wait, for the venue display's script", () => {
    expect(pollDelays()).toEqual([2500, 5000, 10_000, 20_000, 30_000]);
    expect(pollDelays(2000)).toEqual([2000, 4000, 8000, 16_000, 30_000]);
    for (let failures = 0; failures < 10; failures++) expect(pollDelays()[Math.min(failures, pollDelays().length - 1)]).toBe(pollDelay(failures));
  });
});

describe("pollDecision", () => {
  it("reloads when the version moved or a timed refresh is due, waits while held, and otherwise does nothing", () => {
    expect(pollDecision({ seen: "v2", shown: "v1", due: false, held: false })).toBe("reload");
    expect(pollDecision({ seen: "v2", shown: "v1", due: false, held: true })).toBe("wait");
    expect(pollDecision({ seen: "v1", shown: "v1", due: false, held: false })).toBe("none");
    expect(pollDecision({ seen: "v1", shown: "v1", due: true, held: false })).toBe("reload");
    expect(pollDecision({ seen: "v1", shown: "v1", due: true, held: true })).toBe("wait");
    // An answer without a version (a 404 for a removed event, say) is no reason to reload.
    expect(pollDecision({ seen: null, shown: "v1", due: false, held: false })).toBe("none");
    expect(pollDecision({ seen: "", shown: "v1", due: false, held: false })).toBe("none");
  });

  it("counts a 5xx as a lost connection and anything else as an answer", () => {
    expect(answered(200)).toBe(true);
    expect(answered(304)).toBe(true);
    expect(answered(404)).toBe(true);
    expect(answered(502)).toBe(false);
    expect(answered(503)).toBe(false);
  });
});
