import { createClient, type Client, type InStatement, type ResultSet, type Transaction } from "@libsql/client";
import { env } from "./env";

/**
 * One libSQL client per process. A file URL is the embedded default; a libsql:// or http(s)://
 * URL points the same code at a libSQL server (sqld or Turso).
 */
let client: Client | undefined;
let clientUrl: string | undefined;
let ready: Promise<void> | undefined;

export function isFileUrl(url: string) {
  return url.startsWith("file:") || url === ":memory:";
}

export function openClient(url: string, authToken?: string): Client {
  return createClient({ url, authToken, timeout: 5000 });
}

/**
 * Run once when a file database is opened, never in the query path, so nothing here reaches a
 * libSQL server. WAL is a property of the file (it persists), lets pages read while a
 * registration writes, and with SQLite's default synchronous=FULL every commit is on disk
 * before the client hears "committed". The client pools connections, so per-connection pragmas
 * (foreign_keys) are not relied on: domain code deletes dependants itself.
 */
export async function prepareFileDatabase(db: Client) {
  await db.execute("PRAGMA journal_mode = WAL");
  await db.execute(SECURE_DELETE);
}

/**
 * Erased and anonymised personal data must not linger in free pages of the file: with
 * secure_delete SQLite overwrites deleted content with zeros. It is a per-connection setting and
 * the client pools connections, so it is also set at the start of every write transaction on a
 * file database (a no-op costing microseconds), where erasure and the retention job do their work.
 */
const SECURE_DELETE = "PRAGMA secure_delete = ON";

export async function getDb(): Promise<Client> {
  const { DATABASE_URL, DATABASE_AUTH_TOKEN } = env();
  if (!client || clientUrl !== DATABASE_URL) {
    if (client) forgetCachedData();
    client = openClient(DATABASE_URL, DATABASE_AUTH_TOKEN);
    clientUrl = DATABASE_URL;
    ready = isFileUrl(DATABASE_URL) ? prepareFileDatabase(client) : Promise.resolve();
  }
  await ready;
  return client;
}

export async function query(statement: InStatement): Promise<ResultSet> {
  return (await getDb()).execute(statement);
}

/**
 * The embedded driver runs SQLite synchronously on this thread and hands each write transaction
 * its own connection, so two overlapping write transactions in one process would wait on each
 * other's lock while blocking the thread that could release it. Queueing them here keeps writes
 * in order; across processes (or on a libSQL server) the database's own locking does the rest.
 */
let writeQueue: Promise<unknown> = Promise.resolve();

export async function writeTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  const run = async () => {
    const db = await getDb();
    const tx = await db.transaction("write");
    try {
      if (isFileUrl(clientUrl ?? "")) await tx.execute(SECURE_DELETE);
      const result = await work(tx);
      await tx.commit();
      return result;
    } catch (error) {
      if (!tx.closed) await tx.rollback();
      throw error;
    } finally {
      tx.close();
    }
  };
  const next = writeQueue.then(run, run);
  writeQueue = next.catch(() => undefined);
  return next;
}

/**
 * In-process caches of what the database holds (places left, rendered pages, feeds) register
 * here. They are keyed by ids, and another database has the same ids, so when the process closes
 * its database or opens a different one (tests run many files, each with its own database, in
 * one process) they are emptied rather than left to answer for the wrong data.
 */
const cacheForgetters: (() => void)[] = [];

export function forgetWhenDatabaseChanges(forget: () => void) {
  cacheForgetters.push(forget);
}

function forgetCachedData() {
  for (const forget of cacheForgetters) forget();
}

/** Closes the shared client (tests, shutdown). */
export function closeDb() {
  forgetCachedData();
  client?.close();
  client = undefined;
  clientUrl = undefined;
  ready = undefined;
}

type Row = Record<string, unknown>;

export function rowsOf<T>(result: ResultSet): T[] {
  return result.rows.map((row) => ({ ...(row as unknown as Row) }) as T);
}

export function firstRow<T>(result: ResultSet): T | undefined {
  return rowsOf<T>(result)[0];
}

export function nowIso(date: Date = new Date()) {
  return date.toISOString();
}
