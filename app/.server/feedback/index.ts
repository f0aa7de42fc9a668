// What the feedback domain offers the rest of the app: import from here, not from its files.
export * from "./emails";
export * from "./feedback";
