import { closeDb } from "../app/.server/db";
import { seedDemo } from "../app/.server/seed";

const { created } = await seedDemo();
console.log(created ? "Demo events created: /events/localgovcamp and /events/makers-guildford" : "Events exist already: demo not seeded.");
closeDb();
