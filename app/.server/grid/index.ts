// What the grid domain offers the rest of the app: import from here, not from its files.
export * from "./grid";
export * from "./suggestion";
export * from "./venue";
export * from "./warnings";
