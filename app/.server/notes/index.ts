// What the notes domain offers the rest of the app: import from here, not from its files.
export * from "./merged-notes";
export * from "./session-notes";
