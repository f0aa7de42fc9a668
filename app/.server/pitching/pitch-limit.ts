import type { Transaction } from "@libsql/client";
import { DomainError, rowsOf } from "../platform";
import { MAX_OPEN_PITCHES } from "~/domain/pitch-rules";

/**
 * Restoring a withdrawn pitch or taking a merge apart opens a pitch again; like pitching, that
 * may not give anyone more than MAX_OPEN_PITCHES open pitches they host (issue 14). Called inside
 * the transaction after the pitch is open again: a refusal rolls everything back. There is no
 * override: the organiser withdraws or merges one of the host's other pitches first.
 */
export async function refuseOverPitchLimit(tx: Pick<Transaction, "execute">, pitchId: number, doing: "restore" | "unmerge", title: string) {
  const over = rowsOf<{ name: string; n: number }>(
    await tx.execute({
      sql: `SELECT r.name, COUNT(*) AS n FROM pitch_hosts mine
            JOIN registrations r ON r.id = mine.registration_id
            JOIN pitch_hosts h ON h.registration_id = mine.registration_id AND h.role = 'host'
            JOIN pitches p ON p.id = h.pitch_id AND p.status = 'open'
            WHERE mine.pitch_id = ? AND mine.role = 'host'
            GROUP BY r.id, r.name HAVING COUNT(*) > ? ORDER BY r.id`,
      args: [pitchId, MAX_OPEN_PITCHES],
    }),
  );
  if (over.length === 0) return;
  const who = over.map((o) => o.name).join(" and ");
  const has = over.length === 1 ? "already has" : "already have";
  throw new DomainError(
    "conflict",
    `“${title}” cannot be ${doing === "restore" ? "restored" : "taken apart"}: ${who} ${has} ${MAX_OPEN_PITCHES} open pitches, the most anyone can have. Withdraw or merge one of them first, then try again.`,
  );
}
