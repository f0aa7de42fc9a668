/**
 * People an organiser adds at the desk may have no email address. The registrations table needs
 * one (one live registration per address), so they get a placeholder under the reserved
 * ".invalid" top-level domain, which no mail is ever queued to (queueEmail drops it) and pages
 * show as "No email address".
 */
const NO_EMAIL_DOMAIN = "no-email.invalid";

export function noEmailPlaceholder(random: string): string {
  return `walk-in-${random}@${NO_EMAIL_DOMAIN}`;
}

/** Whether an address is one we never write to: a walk-in without email, or an erased person. */
export function isUndeliverable(email: string): boolean {
  return /\.invalid$/i.test(email.trim());
}

/** The address as an organiser page shows it. */
export function shownEmail(email: string): string {
  return isUndeliverable(email) ? "No email address" : email;
}

/** "1st", "2nd", "3rd", "11th", "22nd": for "3rd of 12 on the waiting list". */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th"}`;
}
