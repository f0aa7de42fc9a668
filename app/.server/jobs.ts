import { registerPeriodicJob } from "./background";
import { applyRetention } from "./privacy";
import { drawDueLotteries, expireAndOfferPlaces } from "./registrations";

/**
 * Registers each domain's periodic jobs with the background worker. This file is the one list
 * of them; entry.server imports it, and the worker starts them unless BACKGROUND_WORK=off.
 */

// Unverified holds and unclaimed offers go back to the pool (and on to the waiting list) within
// half a minute of running out; the same pass offers places freed in any other way.
registerPeriodicJob({ name: "expire holds and offers", everyMs: 30_000, run: () => expireAndOfferPlaces() });

// Lotteries are drawn within a minute of their applications closing.
registerPeriodicJob({ name: "draw lotteries", everyMs: 60_000, run: () => drawDueLotteries() });

// Each event's retention periods (needs, then everything that identifies a person) are applied
// within ten minutes of falling due (so also by processes that restart often); a run that finds
// nothing due reads the events table and changes nothing.
registerPeriodicJob({ name: "apply retention periods", everyMs: 10 * 60_000, run: () => applyRetention() });
