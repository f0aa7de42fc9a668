import { closeDb } from "../app/.server/platform";
import { seedWholeDemo } from "../app/.server/seed";

const { created, attendees, pitches, placed } = await seedWholeDemo();
console.log(
  created
    ? `Demo events created: /events/localgovcamp and /events/makers-guildford (${attendees} attendees, ${pitches} pitches, ${placed} sessions on the published grid).`
    : "Events exist already: demo not seeded.",
);
closeDb();
