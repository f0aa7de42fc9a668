// What the events domain offers the rest of the app: import from here, not from its files.
export * from "./date-change";
export * from "./emails";
export * from "./events";
export * from "./move-day";
export * from "./questions";
export * from "./team";
