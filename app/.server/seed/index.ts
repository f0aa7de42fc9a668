// What the seed domain offers the rest of the app: import from here, not from its files.
export * from "./demo";
export * from "./grid";
export * from "./pitches";
export * from "./registrations";
