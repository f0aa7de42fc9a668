// What the auth domain offers the rest of the app: import from here, not from its files.
export * from "./attendee-session";
export * from "./cookie-session";
export * from "./emails";
export * from "./guards";
export * from "./organiser-sessions";
export * from "./organisers";
