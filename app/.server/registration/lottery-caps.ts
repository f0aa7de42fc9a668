import { firstRow, rowsOf } from "../platform";
import type { LotteryRulesInput } from "~/domain/lottery-rules";
import type { Executor } from "./records";

/**
 * The draw's caps (at most N places per organisation, at most M for suppliers) hold after the
 * draw too: a place a winner gives back, or one the caps left empty, is offered only to someone
 * waiting whom the caps still allow. Read and applied inside the transaction that gives places.
 */

/** The organisation a person counts against: their council, else their email's domain. */
export function organisationKey(person: { councilName: string | null; email: string }): string {
  return person.councilName ?? person.email.slice(person.email.lastIndexOf("@") + 1).toLowerCase();
}

type CapPerson = { councilName: string | null; email: string; supplier: boolean };
export type CapState = { rules: LotteryRulesInput; perOrganisation: Map<string, number>; suppliers: number };

/** The rules stored on a ticket type (JSON), or null. */
export function parseRules(json: string | null): LotteryRulesInput | null {
  if (!json) return null;
  return JSON.parse(json) as LotteryRulesInput;
}

/** The caps of a lottery ticket type and the places held against them now, or null when it has none. */
export async function capState(tx: Executor, ticketTypeId: number, at: string): Promise<CapState | null> {
  const ticket = firstRow<{ lottery_rules: string | null; lottery_closes_at: string | null }>(
    await tx.execute({ sql: "SELECT lottery_rules, lottery_closes_at FROM ticket_types WHERE id = ?", args: [ticketTypeId] }),
  );
  const rules = ticket?.lottery_closes_at ? parseRules(ticket.lottery_rules) : null;
  if (!rules || (rules.capPerDomain === null && rules.supplierCap === null)) return null;
  const holders = rowsOf<{ email: string; council_name: string | null; supplier_declared: number }>(
    await tx.execute({
      sql: `SELECT email, council_name, supplier_declared FROM registrations
            WHERE ticket_type_id = ? AND (status = 'confirmed' OR (status = 'offered' AND offer_expires_at > ?))`,
      args: [ticketTypeId, at],
    }),
  );
  const state: CapState = { rules, perOrganisation: new Map(), suppliers: 0 };
  for (const h of holders) noteTaken(state, { councilName: h.council_name, email: h.email, supplier: !!Number(h.supplier_declared) });
  return state;
}

export function capAllows(state: CapState | null, person: CapPerson): boolean {
  if (!state) return true;
  const { capPerDomain, supplierCap } = state.rules;
  if (capPerDomain !== null && (state.perOrganisation.get(organisationKey(person)) ?? 0) >= capPerDomain) return false;
  if (person.supplier && supplierCap !== null && state.suppliers >= supplierCap) return false;
  return true;
}

export function noteTaken(state: CapState | null, person: CapPerson) {
  if (!state) return;
  const key = organisationKey(person);
  state.perOrganisation.set(key, (state.perOrganisation.get(key) ?? 0) + 1);
  if (person.supplier) state.suppliers += 1;
}
