/**
 * A seeded model of who turns up at a free unconference, to compare ways of filling the places
 * of people who do not come. Pure: no clock, no database, no Math.random; the same seed gives the
 * same figures. `scripts/simulate-turnout.ts` runs it (1,000 events by default) and prints the
 * table the README records.
 *
 * The published turnouts below come from the project's research notes (December 2026); every
 * other number in SIMULATION_DEFAULTS is an assumption, named and explained where it is set, so a
 * reader can change it from the command line and see how much the conclusion depends on it.
 */

/** Turnout of people holding a place, as published for real events (share who came). */
export const PUBLISHED_TURNOUT = [
  { event: "BarCampLondon5", turnout: 100 / 150, source: "blog.agm.me.uk, 2008-10 (150 places, about 100 came)" },
  { event: "BarCamp NorthEast", turnout: 0.3, source: "blog.agm.me.uk, 2008-10 (about 30% came)" },
  { event: "first UK BarCamp", turnout: 0.8, source: "blog.agm.me.uk, 2008-10 (about 80% came)" },
  { event: "BarCamp Philly", turnout: 260 / 365, source: "jptoto.jp (about 365 registered, about 260 came)" },
  { event: "UKGovCamp 2011", turnout: 178 / 204, source: "da.vebrig.gs (204 places, 178 came)" },
] as const;

export type SimulationParameters = {
  /** Seats in the venue. */
  capacity: number;
  /** People on the waiting list a week before the day (tickets go in seconds, so it is long). */
  waitingList: number;
  /** Spread of one event's turnout around its series' usual turnout (standard deviation). */
  eventSpread: number;
  /** Share of those who will not come who cancel in the last days (BarCamp Philly: about 20 late cancellations to 80 no-shows). */
  lateCancellation: number;
  /** Share of waiting-list people who take a place offered to them ("about 1 in 3"). */
  offerAcceptance: number;
  /** People tried in turn for each place freed at the reconfirmation deadline (3 days left, offers open a day). */
  offerTriesAfterDeadline: number;
  /** People tried in turn for a place freed by a cancellation in the last days. */
  offerTriesLate: number;
  /** How people who will come answer "Are you still coming?": yes, else silent (they missed it). */
  comerSaysYes: number;
  /** How people who will not come answer: no, yes (and still do not come), else silent. */
  nonComerSaysNo: number;
  nonComerSaysYes: number;
  /** Someone whose place was released because they stayed silent, and who comes anyway. */
  releasedStillComes: number;
  /** Someone who took an offered place in the last days and turns up ("those who confirm do show up"). */
  offerTakerComes: number;
  /** Share of those who come who arrive before the 10:15 cut-off, and between 10:15 and 10:30 (the rest later). */
  arriveBeforeCutoff: number;
  arriveBeforeHalfPast: number;
  /** Share of the waiting list not offered a place who come to the door for standby when there is one. */
  standbyFromWaitingList: number;
  /** Walk-ins with no registration at all, on a standby day. */
  walkIns: number;
  /** Past events of the same series in Pitchgrid, from which the margin is suggested. */
  pastEvents: number;
  /** The largest margin above capacity an organiser may allocate. */
  maxMargin: number;
};

export const SIMULATION_DEFAULTS: SimulationParameters = {
  capacity: 200,
  waitingList: 200,
  eventSpread: 0.04,
  lateCancellation: 0.2,
  offerAcceptance: 1 / 3,
  offerTriesAfterDeadline: 3,
  offerTriesLate: 1,
  comerSaysYes: 0.85,
  nonComerSaysNo: 0.5,
  nonComerSaysYes: 0.1,
  releasedStillComes: 0.5,
  offerTakerComes: 0.9,
  arriveBeforeCutoff: 0.9,
  arriveBeforeHalfPast: 0.06,
  standbyFromWaitingList: 0.1,
  walkIns: 5,
  pastEvents: 3,
  maxMargin: 0.25,
};

/** reconfirm: "release" frees the places of no and silence at the deadline, "flag" only those of no. */
export type Strategy = { key: string; label: string; reconfirm: false | "release" | "flag"; margin: boolean; standby: boolean };

export const STRATEGIES: Strategy[] = [
  { key: "plain", label: "Waiting list only (today)", reconfirm: false, margin: false, standby: false },
  { key: "standby", label: "Standby at the door", reconfirm: false, margin: false, standby: true },
  { key: "reconfirm-flag", label: "Reconfirmation, release no (silence only flagged)", reconfirm: "flag", margin: false, standby: false },
  { key: "reconfirm", label: "Reconfirmation, release no and silence", reconfirm: "release", margin: false, standby: false },
  { key: "reconfirm-margin", label: "Reconfirmation + turnout-based margin", reconfirm: "release", margin: true, standby: false },
  { key: "reconfirm-standby", label: "Reconfirmation + standby at the door", reconfirm: "release", margin: false, standby: true },
  { key: "all", label: "Reconfirmation + margin + standby", reconfirm: "release", margin: true, standby: true },
];

/** What one simulated day ends with. */
type DayOutcome = {
  /** Seats nobody sits in at 10:30. */
  emptySeats: number;
  /** People holding a place who came and found no seat (arrivals beyond capacity, or after their place went to standby). */
  turnedAway: number;
  /** People whose place was released because they stayed silent, and who came anyway (not seated unless standby had room). */
  releasedCameAnyway: number;
  /** Standby people seated, and standby people sent home. */
  standbySeated: number;
  standbyNotSeated: number;
  /** Places allocated (capacity plus margin) and turnout of those holding a place at the start of the day. */
  allocated: number;
  turnoutOfHolders: number;
};

/** Mulberry32: a small, fast, seeded generator (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * The margin an organiser may allocate above capacity, suggested from the turnout of past events
 * (checked in / holding a place at the start of the day): enough that the best past turnout would
 * just fill the room, never more than maxMargin. No history: no margin.
 */
export function suggestedMargin(pastTurnouts: readonly number[], maxMargin: number): number {
  if (pastTurnouts.length === 0) return 0;
  const best = Math.max(...pastTurnouts);
  if (best <= 0) return maxMargin;
  return clamp(1 / best - 1, 0, maxMargin);
}

type Holder = { comes: boolean; replied: "yes" | "no" | "silent" | null };

/**
 * One event day under one strategy. `turnout` is this event's turnout of people holding a place
 * a week before (before any reconfirmation), `margin` the share allocated above capacity.
 */
export function simulateDay(strategy: Strategy, turnout: number, margin: number, p: SimulationParameters, random: () => number): DayOutcome {
  const allocated = Math.floor(p.capacity * (1 + (strategy.margin ? margin : 0)));
  const holders: Holder[] = [];
  for (let i = 0; i < allocated; i++) holders.push({ comes: random() < turnout, replied: null });
  let waiting = p.waitingList;
  let releasedCameAnyway = 0;

  /** Offers one freed place down the waiting list; true when someone took it. */
  const offer = (tries: number) => {
    for (let t = 0; t < tries && waiting > 0; t++) {
      waiting -= 1;
      if (random() < p.offerAcceptance) {
        holders.push({ comes: random() < p.offerTakerComes, replied: "yes" });
        return true;
      }
    }
    return false;
  };

  // A week before: "Are you still coming?" At the deadline, no and silence are released, in turn.
  if (strategy.reconfirm) {
    const kept: Holder[] = [];
    let released = 0;
    for (const holder of holders) {
      const r = random();
      holder.replied = holder.comes ? (r < p.comerSaysYes ? "yes" : "silent") : r < p.nonComerSaysNo ? "no" : r < p.nonComerSaysNo + p.nonComerSaysYes ? "yes" : "silent";
      if (holder.replied === "yes" || (holder.replied === "silent" && strategy.reconfirm === "flag")) {
        kept.push(holder);
      } else {
        released += 1;
        if (holder.comes && random() < p.releasedStillComes) releasedCameAnyway += 1;
      }
    }
    holders.length = 0;
    holders.push(...kept);
    for (let i = 0; i < released; i++) offer(p.offerTriesAfterDeadline);
  }

  // The last days: some of those who will not come cancel, and their places are offered once.
  let lateCancelled = 0;
  for (let i = holders.length - 1; i >= 0; i--) {
    if (!holders[i].comes && random() < p.lateCancellation) {
      holders.splice(i, 1);
      lateCancelled += 1;
    }
  }
  for (let i = 0; i < lateCancelled; i++) offer(p.offerTriesLate);

  // The day. Arrival bands: before the cut-off (10:15), before 10:30, later.
  let early = 0;
  let halfPast = 0;
  let later = 0;
  let came = 0;
  for (const holder of holders) {
    if (!holder.comes) continue;
    came += 1;
    const r = random();
    if (r < p.arriveBeforeCutoff) early += 1;
    else if (r < p.arriveBeforeCutoff + p.arriveBeforeHalfPast) halfPast += 1;
    else later += 1;
  }
  const turnoutOfHolders = holders.length ? came / holders.length : 0;

  let seated = Math.min(early, p.capacity);
  let turnedAway = early - seated;
  let standbySeated = 0;
  let standbyNotSeated = 0;
  if (strategy.standby) {
    // At the cut-off every seat not taken by someone checked in goes to standby, in order.
    let standbyQueue = releasedCameAnyway + p.walkIns;
    for (let i = 0; i < waiting; i++) if (random() < p.standbyFromWaitingList) standbyQueue += 1;
    standbySeated = Math.min(standbyQueue, p.capacity - seated);
    standbyNotSeated = standbyQueue - standbySeated;
    seated += standbySeated;
  }
  const seatedLate = Math.min(halfPast, p.capacity - seated);
  turnedAway += halfPast - seatedLate;
  seated += seatedLate;
  const emptySeats = p.capacity - seated;
  const seatedLater = Math.min(later, p.capacity - seated);
  turnedAway += later - seatedLater;
  return { emptySeats, turnedAway, releasedCameAnyway, standbySeated, standbyNotSeated, allocated, turnoutOfHolders };
}

export type StrategySummary = {
  strategy: Strategy;
  runs: number;
  emptySeats: { mean: number; p90: number };
  turnedAway: { mean: number; p90: number; runsWithAny: number };
  releasedCameAnyway: number;
  standbySeated: number;
  standbyNotSeated: number;
  allocated: number;
  turnoutOfHolders: number;
};

function percentile(values: number[], q: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** An event series: its usual turnout is one of the published ones; each event varies around it. */
function eventTurnout(base: number, p: SimulationParameters, random: () => number) {
  return clamp(base + p.eventSpread * normal(random), 0.05, 0.98);
}

/**
 * Runs `runs` events under every strategy. Each run picks a series (a published turnout), its
 * past events (run with reconfirmation, to suggest the margin from their turnout) and this
 * event's turnout; every strategy then plays the same event from the same seed.
 */
export function simulateTurnout(options: { runs: number; seed: number; parameters?: Partial<SimulationParameters>; bases?: readonly number[] }): StrategySummary[] {
  const p = { ...SIMULATION_DEFAULTS, ...options.parameters };
  const bases = options.bases ?? PUBLISHED_TURNOUT.map((e) => e.turnout);
  const reconfirmOnly = STRATEGIES.find((s) => s.key === "reconfirm")!;
  const outcomes = STRATEGIES.map(() => [] as DayOutcome[]);
  const master = seededRandom(options.seed);
  for (let run = 0; run < options.runs; run++) {
    const series = seededRandom(Math.floor(master() * 2 ** 32));
    const base = bases[Math.floor(series() * bases.length)];
    const past: number[] = [];
    for (let k = 0; k < p.pastEvents; k++) past.push(simulateDay(reconfirmOnly, eventTurnout(base, p, series), 0, p, series).turnoutOfHolders);
    const margin = suggestedMargin(past, p.maxMargin);
    const turnout = eventTurnout(base, p, series);
    const daySeed = Math.floor(series() * 2 ** 32);
    STRATEGIES.forEach((strategy, i) => outcomes[i].push(simulateDay(strategy, turnout, margin, p, seededRandom(daySeed))));
  }
  return STRATEGIES.map((strategy, i) => {
    const o = outcomes[i];
    return {
      strategy,
      runs: o.length,
      emptySeats: { mean: mean(o.map((x) => x.emptySeats)), p90: percentile(o.map((x) => x.emptySeats), 0.9) },
      turnedAway: { mean: mean(o.map((x) => x.turnedAway)), p90: percentile(o.map((x) => x.turnedAway), 0.9), runsWithAny: o.filter((x) => x.turnedAway > 0).length },
      releasedCameAnyway: mean(o.map((x) => x.releasedCameAnyway)),
      standbySeated: mean(o.map((x) => x.standbySeated)),
      standbyNotSeated: mean(o.map((x) => x.standbyNotSeated)),
      allocated: mean(o.map((x) => x.allocated)),
      turnoutOfHolders: mean(o.map((x) => x.turnoutOfHolders)),
    };
  });
}
