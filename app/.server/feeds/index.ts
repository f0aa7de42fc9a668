// What the feeds domain offers the rest of the app: import from here, not from its files.
export * from "./frab";
export * from "./ical-zones";
export * from "./ical";
export * from "./invitations";
