// What the registration domain offers the rest of the app: import from here, not from its files.
export * from "./approvals";
export * from "./attendee-messages";
export * from "./capacity";
export * from "./confirming";
export * from "./draw-order";
export * from "./eligibility";
export * from "./emails";
export * from "./lottery";
export * from "./manage-links";
export * from "./organiser-views";
export * from "./personal-data";
export * from "./places";
export * from "./privacy";
export * from "./records";
export * from "./registering";
export * from "./self-service";
export * from "./waiting-list";
