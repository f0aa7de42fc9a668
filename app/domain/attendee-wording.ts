/** A registration status (the union lives in app/.server/registration-rules.ts). */
type RegistrationStatus = string;

/** What cancelling does, in words true for where the person stands. */
export function cancellingWording(status: RegistrationStatus): string {
  switch (status) {
    case "confirmed":
      return "Cancelling passes your place to the next person on the waiting list.";
    case "offered":
      return "Cancelling turns down the place we offered you; it goes to the next person on the waiting list.";
    case "waiting":
      return "You do not have a place yet. Cancelling takes you off the waiting list.";
    case "lottery-entered":
      return "Cancelling takes you out of the draw.";
    case "pending-approval":
      return "Cancelling withdraws your request for a place.";
    case "held":
      return "Nothing is held for you yet. Cancelling ends your registration.";
    default:
      return "Cancelling ends your registration.";
  }
}

type Outcome = { ok: true; status: "confirmed" | "waiting" | "pending-approval" | "lottery-entered" } | { ok: false; state: "used" | "expired" | "ended" | "cancelled" | "invalid" | "open" };

/** The message after confirming (or trying to) from the private page. */
export function privateConfirmOutcome(outcome: Outcome): string {
  if (outcome.ok) {
    return {
      confirmed: "Your place is confirmed. We have emailed you the details with a calendar invitation.",
      waiting: "Your email address is confirmed. Every place is taken, so you are on the waiting list: we will email you if one frees up.",
      "pending-approval": "Your email address is confirmed and your request has gone to the organisers.",
      "lottery-entered": "Your email address is confirmed and you are in the draw.",
    }[outcome.status];
  }
  return {
    used: "You have already confirmed: this page shows where you stand.",
    expired: "The time to confirm has run out, so nothing was confirmed. You can register again while registration is open.",
    ended: "This event has ended, so there is nothing to confirm.",
    cancelled: "This registration has ended, so there is nothing to confirm.",
    invalid: "This registration could not be found.",
    open: "Nothing was confirmed. Try again.",
  }[outcome.state];
}
