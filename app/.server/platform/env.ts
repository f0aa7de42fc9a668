import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { z } from "zod";
import { isBurnedSessionSecret } from "./session-secret";

/**
 * The one place the environment is read. Every variable has a default that works on a laptop,
 * except SESSION_SECRET in production, where a guessable secret would let anyone forge sessions.
 * Outside production an unset secret is random per process (`npm start` and `npm run dev` pass
 * the one generated into db/.session-secret), never a value written in the code.
 */
const PROCESS_SESSION_SECRET = randomBytes(32).toString("hex");

const databaseUrl = z
  .string()
  .trim()
  .refine((value) => /^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/|:memory:$)/.test(value), {
    message: "must start with file:, libsql://, http://, https://, ws:// or wss:// (e.g. file:db/pitchgrid.db)",
  });

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: databaseUrl.default("file:db/pitchgrid.db"),
    DATABASE_AUTH_TOKEN: z.string().optional(),
    SESSION_SECRET: z.string().optional(),
    // Where our server (scripts/server/main.ts) listens; PORT also gives PUBLIC_URL's default.
    HOST: z.string().trim().min(1).optional(),
    PORT: z.coerce.number({ invalid_type_error: "must be a port number such as 3000" }).int().min(1).max(65535).default(3000),
    PUBLIC_URL: z.string().url("must be a full URL such as https://pitchgrid.example.org").optional(),
    SMTP_URL: z.string().url("must be a URL such as smtp://user:pass@smtp.example.org:587").optional(),
    MAIL_FROM: z.string().default("Pitchgrid <no-reply@pitchgrid.localhost>"),
    OUTBOX_DIR: z.string().default("db/outbox"),
    // Site admins: they may sign in, create events (nobody else can) and organise every event.
    // The default is the demo organiser that `npm start` seeds.
    ADMIN_EMAILS: z
      .string()
      .default("organiser@example.gov.uk")
      .transform((value) =>
        value
          .split(",")
          .map((email) => email.trim().toLowerCase())
          .filter(Boolean),
      )
      .superRefine((emails, ctx) => {
        const wrong = emails.filter((email) => !z.string().email().safeParse(email).success);
        if (wrong.length > 0) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be email addresses separated by commas (not valid: ${wrong.join(", ")})` });
        }
      }),
    RATE_LIMIT_SCALE: z.coerce.number().min(0).default(1),
    // How many reverse proxies in front of the app append to X-Forwarded-For (0: none, so the
    // header is whatever the client typed and per-address limits are off).
    TRUST_PROXY: z.coerce.number({ invalid_type_error: "must be a whole number of proxies, such as 0 or 1" }).int().min(0).max(10).default(0),
    // How long the emailed link confirming a new registration works (an unverified registration holds no place).
    HOLD_MINUTES: positiveInt(30),
    OFFER_HOURS: positiveInt(48),
    // Request bodies above this are refused with 413 before they are read (scripts/server/app.ts).
    MAX_BODY_BYTES: z.coerce
      .number({ invalid_type_error: "must be a number of bytes, such as 65536" })
      .int()
      .min(4096, "must be at least 4096 (forms need a few KB)")
      .max(10 * 1024 * 1024, "must be at most 10485760 (10 MiB)")
      .default(64 * 1024),
    BACKGROUND_WORK: z.enum(["on", "off"]).default("on"),
    // Change notices: a person's email goes once their oldest pending notice is this many minutes
    // old, so changes made together arrive in one email (0: at the job's next run, within 15 s).
    CHANGE_NOTICE_MINUTES: z.coerce.number({ invalid_type_error: "must be a number of minutes, such as 5" }).min(0).max(1440).default(5),
    // "Suggest a grid": how long the optimiser searches, and when a worker that has not answered is stopped.
    SUGGESTION_TIME_LIMIT_MS: positiveInt(2000),
    SUGGESTION_TIMEOUT_MS: positiveInt(15_000),
    // App processes sharing the port (scripts/serve.ts); unset means one per CPU, at most 8.
    WEB_CONCURRENCY: z.coerce.number({ invalid_type_error: "must be a whole number of processes, such as 2" }).int().min(1).max(64).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && (!env.SESSION_SECRET || env.SESSION_SECRET.length < 32)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["SESSION_SECRET"],
        message: "is required in production and must be at least 32 characters (try: openssl rand -hex 32)",
      });
    }
    if (env.SESSION_SECRET && isBurnedSessionSecret(env.SESSION_SECRET)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["SESSION_SECRET"],
        message: "is the secret that was published in Pitchgrid's repository, so anyone can forge sign-ins with it: generate a new one (openssl rand -hex 32)",
      });
    }
    // Without SMTP, email (everyone's sign-in and private links) goes to the local outbox, which
    // only this machine can read: fine for a trial on localhost, never for a real address.
    if (env.NODE_ENV === "production" && !env.SMTP_URL && env.PUBLIC_URL && URL.canParse(env.PUBLIC_URL) && !isLocalUrl(env.PUBLIC_URL)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["SMTP_URL"],
        message: `is required when PUBLIC_URL is not on this machine (${env.PUBLIC_URL}): without it email would go to the local outbox and nobody would receive it (e.g. SMTP_URL=smtp://user:pass@smtp.example.org:587)`,
      });
    }
  })
  .transform((env) => ({
    ...env,
    SESSION_SECRET: env.SESSION_SECRET ?? PROCESS_SESSION_SECRET,
    // Links in emails and feeds must point where the app listens, so PORT alone moves them too.
    PUBLIC_URL: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
  }));

export type Env = z.infer<typeof EnvSchema>;

/** A URL on this machine: localhost, 127.0.0.1 or [::1]. */
export function isLocalUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const host = new URL(url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/**
 * Local mode: no SMTP server, so email goes to the local outbox (/dev/outbox), and PUBLIC_URL
 * is on this machine — a trial started with `npm start`.
 */
function isLocalMode(env: Pick<Env, "SMTP_URL" | "PUBLIC_URL">): boolean {
  return !env.SMTP_URL && isLocalUrl(env.PUBLIC_URL);
}

/**
 * Where to listen: HOST when set; in local mode 127.0.0.1 only, so that nobody else on the
 * network can reach the outbox; otherwise every interface (undefined).
 */
export function listenHost(env: Pick<Env, "HOST" | "SMTP_URL" | "PUBLIC_URL">): string | undefined {
  if (env.HOST) return env.HOST;
  return isLocalMode(env) ? "127.0.0.1" : undefined;
}

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as unset, as they do in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".") || "environment"}: ${issue.message}`);
    throw new EnvError(`Pitchgrid cannot start: the environment is not valid.\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** A site admin (ADMIN_EMAILS): may organise every event. Here, beside the setting, so events and auth both read it without importing each other. */
export function isAdmin(email: string | null | undefined): boolean {
  return !!email && env().ADMIN_EMAILS.includes(email.toLowerCase());
}

/** How many app processes to serve with: WEB_CONCURRENCY, else one per CPU (at most 8). */
export function appProcessCount(env: Pick<Env, "WEB_CONCURRENCY">): number {
  return env.WEB_CONCURRENCY ?? Math.min(availableParallelism(), 8);
}

/** For tests that change process.env between cases. */
export function resetEnvForTests() {
  cached = undefined;
}
