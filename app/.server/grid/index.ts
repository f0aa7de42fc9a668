// What the grid domain offers the rest of the app: import from here, not from its files.
export * from "./bulk-slots";
export * from "./copy-venue";
export * from "./grid";
export * from "./live";
export * from "./open-space-rule";
export * from "./open-space";
export * from "./pitch-changes";
export * from "./publication";
export * from "./stale-check";
export * from "./stale-rule";
export * from "./suggestion-reasons";
export * from "./suggestion";
export * from "./venue-deletion";
export * from "./venue";
export * from "./warning-settings";
export * from "./warnings";
