import { randomBytes } from "node:crypto";
import { firstRow, hashToken, nowIso, query, rowsOf, writeTransaction } from "../platform";
import { checkEligibility, loadCouncilRegister } from "../registration";

/**
 * Demo attendees for the seeded events, so the registrations table, check-in list, council
 * counts and waiting list look real on first start. Their emails go nowhere (example domains
 * of real councils, never sent: the rows are written directly, with no outbox entries). Does
 * nothing if the demo events are missing or already have registrations.
 */
const PEOPLE: [string, string, string][] = [
  ["Amara Okafor", "guildford.gov.uk", "Service designer"],
  ["Ben Whitfield", "surreycc.gov.uk", "Developer"],
  ["Chloe Hargreaves", "birmingham.gov.uk", "Head of digital"],
  ["Dev Patel", "leeds.gov.uk", "Data analyst"],
  ["Eleanor Price", "hackney.gov.uk", "User researcher"],
  ["Fergus MacLeod", "edinburgh.gov.uk", "Product manager"],
  ["Gwen Morgan", "cardiff.gov.uk", "Content designer"],
  ["Hassan Ali", "manchester.gov.uk", "Developer"],
  ["Isla Thompson", "bristol.gov.uk", "Delivery manager"],
  ["Jamal Reid", "camden.gov.uk", "Technical architect"],
  ["Katie O'Brien", "kent.gov.uk", "Business analyst"],
  ["Liam Walsh", "norfolk.gov.uk", "Digital officer"],
  ["Maya Chen", "oxford.gov.uk", "Service owner"],
  ["Nathan Brooks", "woking.gov.uk", "Web manager"],
  ["Olivia Hughes", "waverley.gov.uk", "Customer services lead"],
  ["Priya Sharma", "york.gov.uk", "Interaction designer"],
  ["Rory Campbell", "glasgow.gov.uk", "Developer"],
  ["Sofia Rossi", "brighton-hove.gov.uk", "Performance analyst"],
  ["Tom Bennett", "cornwall.gov.uk", "Head of ICT"],
  ["Uma Nair", "lambeth.gov.uk", "Accessibility lead"],
  ["Victor Adeyemi", "nottinghamcity.gov.uk", "Data engineer"],
  ["Wendy Clarke", "guildford.gov.uk", "Digital transformation officer"],
  ["Yusuf Khan", "surreycc.gov.uk", "Cyber security officer"],
  ["Zara Ahmed", "birmingham.gov.uk", "Content designer"],
];

const SUPPLIERS: [string, string, string, string][] = [
  ["Alex Turner", "opendigital.example", "Open Digital Ltd", "We build open-source planning tools with three councils."],
  ["Bea Lawson", "civictech.example", "Civic Tech Co-op", "Co-op that runs the Local Data Hub with councils in the North West."],
];

export async function seedRegistrationsDemo(now = new Date()): Promise<{ created: number }> {
  const events = rowsOf<{ id: number; slug: string }>(await query("SELECT id, slug FROM events WHERE slug IN ('localgovcamp', 'makers-guildford')"));
  if (events.length === 0) return { created: 0 };
  const existing = firstRow(await query({ sql: `SELECT 1 AS found FROM registrations WHERE event_id IN (${events.map(() => "?").join(",")}) LIMIT 1`, args: events.map((e) => e.id) }));
  if (existing) return { created: 0 };
  const register = loadCouncilRegister();
  const tickets = rowsOf<{ id: number; event_id: number; rule: string; position: number }>(
    await query({ sql: `SELECT id, event_id, rule, position FROM ticket_types WHERE event_id IN (${events.map(() => "?").join(",")}) ORDER BY position`, args: events.map((e) => e.id) }),
  );
  const ticketFor = (slug: string, rule: string) => {
    const event = events.find((e) => e.slug === slug);
    return event ? tickets.find((t) => Number(t.event_id) === Number(event.id) && t.rule === rule) : undefined;
  };
  const camp = ticketFor("localgovcamp", "open");
  const campSuppliers = ticketFor("localgovcamp", "approval");
  const makers = ticketFor("makers-guildford", "council-only");
  const at = (minutesAgo: number) => nowIso(new Date(now.getTime() - minutesAgo * 60_000));

  let created = 0;
  await writeTransaction(async (tx) => {
    const insert = async (ticket: { id: number; event_id: number }, p: { name: string; email: string; organisation: string; role: string; status: string; council: string | null; reason?: string; minutesAgo: number; accessNeeds?: string; dietaryNeeds?: string }) => {
      await tx.execute({
        sql: `INSERT INTO registrations (event_id, ticket_type_id, email, name, organisation, job_role, access_needs, dietary_needs, council_name, status, approval_reason,
                manage_token_hash, waiting_since, created_at, updated_at, confirmed_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [
          ticket.event_id,
          ticket.id,
          p.email,
          p.name,
          p.organisation,
          p.role,
          p.accessNeeds ?? "",
          p.dietaryNeeds ?? "",
          p.council,
          p.status,
          p.reason ?? "",
          // A link nobody holds: demo attendees are managed by the organiser pages.
          hashToken(randomBytes(32).toString("base64url")),
          p.status === "waiting" ? at(p.minutesAgo) : null,
          at(p.minutesAgo),
          at(p.minutesAgo),
          p.status === "confirmed" ? at(p.minutesAgo - 5) : null,
        ],
      });
      created += 1;
    };
    for (const [index, [name, domain, role]] of PEOPLE.entries()) {
      const email = `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@${domain}`;
      const eligibility = checkEligibility({ rule: "council-only", allowedDomains: [] }, email, register);
      const council = eligibility.ok ? eligibility.councilName : null;
      const details = {
        name,
        email,
        organisation: council ?? domain,
        role,
        council,
        minutesAgo: 60 * 24 * 10 - index * 90,
        accessNeeds: index % 7 === 3 ? "Step-free access, please" : "",
        dietaryNeeds: index % 5 === 1 ? "Vegetarian" : index % 9 === 4 ? "Gluten-free" : "",
      };
      if (camp) await insert(camp, { ...details, status: "confirmed" });
      // About a third of them also come to the Makers meet-up, if they work for a council.
      if (makers && council && index % 3 === 0) await insert(makers, { ...details, status: "confirmed", minutesAgo: details.minutesAgo - 30 });
    }
    if (campSuppliers) {
      for (const [index, [name, domain, organisation, reason]] of SUPPLIERS.entries()) {
        const email = `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@${domain}`;
        await insert(campSuppliers, { name, email, organisation, role: "Director", status: "pending-approval", council: null, reason, minutesAgo: 600 - index * 60 });
      }
    }
  });
  return { created };
}
