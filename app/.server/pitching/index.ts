// What the pitching domain offers the rest of the app: import from here, not from its files.
export * from "./emails";
export * from "./interest";
export * from "./merges";
export * from "./organiser-views";
export * from "./pitch-limit";
export * from "./pitch-queue";
export * from "./pitches";
export * from "./session-counts";
export * from "./station-hands";
export * from "./station";
export * from "./withdrawals";
