/** Shared by the event form (browser and server) and the privacy notice. */
export type LawfulBasis = "legitimate-interests" | "public-task" | "contract";
export const LAWFUL_BASES: LawfulBasis[] = ["legitimate-interests", "public-task", "contract"];
export const LAWFUL_BASIS_LABELS: Record<LawfulBasis, string> = {
  "legitimate-interests": "Legitimate interests (UK GDPR Article 6(1)(f)): running the event you asked to attend",
  "public-task": "Public task (UK GDPR Article 6(1)(e)): a public body running the event as part of its functions",
  contract: "Contract (UK GDPR Article 6(1)(b)): providing the place you booked",
};
export const DEFAULT_NEEDS_RETENTION_DAYS = 30;
export const DEFAULT_PERSONAL_RETENTION_DAYS = 90;

export type PrivacyInput = {
  controllerName: string;
  privacyContact: string;
  lawfulBasis: LawfulBasis;
  needsRetentionDays: number;
  personalRetentionDays: number;
};
