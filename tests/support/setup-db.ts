import path from "node:path";
import { afterAll } from "vitest";
import { closeDb, resetEnvForTests } from "../../app/.server/platform";
import { freshDatabase } from "./test-db";

// Each test file gets its own real libSQL file, copied from the migrated template.
const db = await freshDatabase();
process.env.NODE_ENV = "test";
process.env.DATABASE_URL = db.url;
process.env.OUTBOX_DIR = path.join(db.dir, "outbox");
process.env.BACKGROUND_WORK = "off";
process.env.PUBLIC_URL = "http://pitchgrid.test";
process.env.ADMIN_EMAILS = "admin@pitchgrid.test";
// As if behind one proxy, so tests can speak for different addresses with X-Forwarded-For.
process.env.TRUST_PROXY = "1";
delete process.env.SMTP_URL;
resetEnvForTests();
closeDb();

afterAll(() => closeDb());
