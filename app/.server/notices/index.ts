// What the notices domain offers the rest of the app: import from here, not from its files.
export * from "./change-notices";
export * from "./emails";
