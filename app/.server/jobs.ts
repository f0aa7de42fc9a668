import { pruneRateLimits, registerPeriodicJob } from "./platform";
import { pruneExpiredOrganiserSessions } from "./auth";
import { sendDueChangeNotices } from "./notices";
import { applyRetention, drawDueLotteries, expireAndOfferPlaces, runReconfirmationRounds, runStandby, sendDueApprovalDigests } from "./registration";

/**
 * Registers each domain's periodic jobs with the background worker. This file is the one list
 * of them; entry.server imports it, and the worker starts them unless BACKGROUND_WORK=off.
 */

// Unconfirmed registrations whose confirmation link has run out (they held nothing) and unclaimed
// offers expire within half a minute; the same pass offers freed places to the waiting list.
registerPeriodicJob({ name: "expire holds and offers", everyMs: 30_000, run: () => expireAndOfferPlaces() });

// Lotteries are drawn within a minute of their applications closing.
registerPeriodicJob({ name: "draw lotteries", everyMs: 60_000, run: () => drawDueLotteries() });

// Rate-limit counters whose window ended are deleted every ten minutes.
registerPeriodicJob({ name: "prune rate limits", everyMs: 10 * 60_000, run: () => pruneRateLimits() });

// Expired organiser sessions are deleted every hour (a request that meets one deletes it too).
registerPeriodicJob({ name: "prune expired sessions", everyMs: 60 * 60_000, run: () => pruneExpiredOrganiserSessions() });

// Organisers get one digest of new approval requests per event per APPROVAL_DIGEST_MINUTES.
registerPeriodicJob({ name: "approval digests", everyMs: 60_000, run: () => sendDueApprovalDigests() });

// Each event's retention periods (needs, then everything that identifies a person) are applied
// within ten minutes of falling due (so also by processes that restart often); a run that finds
// nothing due reads the events table and changes nothing.
registerPeriodicJob({ name: "apply retention periods", everyMs: 10 * 60_000, run: () => applyRetention() });

// Reconfirmation rounds ("Are you still coming?"): the question, its reminder and the deadline's
// release are each taken within a minute of falling due, once (each step records itself).
registerPeriodicJob({ name: "reconfirmation rounds", everyMs: 60_000, run: () => runReconfirmationRounds() });

// Standby at the door: places are released at each event's cut-off within 15 seconds, free seats
// are called, and standby names and emails are forgotten a day after the event.
registerPeriodicJob({ name: "standby", everyMs: 15_000, run: () => runStandby() });

// Change notices: everyone whose oldest pending notice is CHANGE_NOTICE_MINUTES old gets their one
// email within 15 seconds (each person's email and the notices it covers are one transaction).
registerPeriodicJob({ name: "change notices", everyMs: 15_000, run: () => sendDueChangeNotices() });
