// What the grid domain offers the rest of the app: import from here, not from its files.
export * from "./grid";
export * from "./live";
export * from "./stale-check";
export * from "./stale-rule";
export * from "./suggestion";
export * from "./venue";
export * from "./warning-settings";
export * from "./warnings";
