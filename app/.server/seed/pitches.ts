import { randomBytes } from "node:crypto";
import { firstRow, hashToken, nowIso, query, rowsOf, writeTransaction } from "../platform";
import type { PitchFormat, PitchNeed } from "~/domain/pitch-rules";

/**
 * Demo pitches for the seeded LocalGovCamp, hosted by its confirmed attendees, with "I'd go"
 * marks spread so "most wanted" means something (and the grid seed has sizes to work with).
 * If the event has no confirmed attendees yet, a few demo ones are added first (with links
 * nobody holds, and no emails). Does nothing if the event is missing or already has pitches.
 */
const PITCHES: { title: string; description: string; format: PitchFormat; needs: PitchNeed[]; interest: number; coHost?: boolean }[] = [
  {
    title: "Open data in planning: what have we actually published?",
    description: "Planning applications, constraints, Article 4 areas. Bring a list of what your council publishes and what it wishes it did; let us find the gaps together.",
    format: "discussion",
    needs: [],
    interest: 0.55,
    coHost: true,
  },
  {
    title: "Show and tell: our bin collection day finder",
    description: "A small GOV.UK-style service built in six weeks by two developers. What worked, what we would not do again, and the accessibility audit results.",
    format: "show-and-tell",
    needs: ["screen"],
    interest: 0.35,
  },
  {
    title: "Getting started with user research when you have no budget",
    description: "Guerrilla testing in the library, recruiting through the contact centre, and consent forms that legal will sign off.",
    format: "workshop",
    needs: ["large-room"],
    interest: 0.5,
  },
  {
    title: "Generative AI in councils: where is the line?",
    description: "Drafting letters, summarising consultations, chatbots on the website. Which uses are people comfortable with, and who decides?",
    format: "discussion",
    needs: ["large-room"],
    interest: 0.7,
    coHost: true,
  },
  {
    title: "Accessibility regulations: surviving your first monitoring audit",
    description: "What GDS monitoring checks, how to write an accessibility statement you can stand behind, and fixing PDFs at scale.",
    format: "discussion",
    needs: ["step-free"],
    interest: 0.4,
  },
  {
    title: "Retiring a legacy CRM without losing your mind",
    description: "We are two years into moving 300 forms off an old platform. Lessons on contracts, data migration and keeping services running.",
    format: "show-and-tell",
    needs: ["screen"],
    interest: 0.25,
  },
  {
    title: "Content design pair-writing workshop",
    description: "Bring a page from your council website. We will rewrite it in pairs using plain English and the GOV.UK style guide.",
    format: "workshop",
    needs: [],
    interest: 0.2,
  },
  {
    title: "Shared services between districts: does it ever work?",
    description: "Honest stories from councils that have shared IT, revenues and benefits or digital teams, good and bad.",
    format: "discussion",
    needs: [],
    interest: 0.3,
  },
  {
    title: "Cyber security for people who are not in IT",
    description: "Phishing exercises, ransomware tabletop exercises and how to talk to members about risk without scaring them.",
    format: "discussion",
    needs: [],
    interest: 0.3,
  },
  {
    title: "Data dashboards nobody looks at",
    description: "Why do we keep building them? Let us talk about performance data that changes decisions.",
    format: "discussion",
    needs: ["screen"],
    interest: 0.45,
  },
  {
    title: "Local Digital Declaration: five years on",
    description: "Has signing it changed anything for your council? Collaborative projects, funding and what comes next.",
    format: "discussion",
    needs: [],
    interest: 0.15,
  },
  {
    title: "Walk and talk: wellbeing in digital teams",
    description: "A walking session around the square (weather permitting). Burnout, hybrid working and looking after each other.",
    format: "other",
    needs: [],
    interest: 0.1,
  },
];

const DEMO_ATTENDEES: [string, string, string][] = [
  ["Amara Okafor", "guildford.gov.uk", "Guildford Borough Council"],
  ["Ben Whitfield", "surreycc.gov.uk", "Surrey County Council"],
  ["Chloe Hargreaves", "birmingham.gov.uk", "Birmingham City Council"],
  ["Dev Patel", "leeds.gov.uk", "Leeds City Council"],
  ["Eleanor Price", "hackney.gov.uk", "London Borough of Hackney"],
  ["Fergus MacLeod", "edinburgh.gov.uk", "City of Edinburgh Council"],
  ["Gwen Morgan", "cardiff.gov.uk", "Cardiff Council"],
  ["Hassan Ali", "manchester.gov.uk", "Manchester City Council"],
];

/** A fixed pseudo-random sequence, so every fresh demo has the same counts. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

export async function seedPitchesDemo(now = new Date()): Promise<{ created: number }> {
  const event = firstRow<{ id: number }>(await query({ sql: "SELECT id FROM events WHERE slug = 'localgovcamp'", args: [] }));
  if (!event) return { created: 0 };
  const eventId = Number(event.id);
  if (firstRow(await query({ sql: "SELECT 1 AS found FROM pitches WHERE event_id = ? LIMIT 1", args: [eventId] }))) return { created: 0 };

  return writeTransaction(async (tx) => {
    const confirmed = async () =>
      rowsOf<{ id: number }>(await tx.execute({ sql: "SELECT id FROM registrations WHERE event_id = ? AND status = 'confirmed' ORDER BY id", args: [eventId] })).map((r) => Number(r.id));
    let people = await confirmed();
    if (people.length === 0) {
      const ticket = firstRow<{ id: number }>(await tx.execute({ sql: "SELECT id FROM ticket_types WHERE event_id = ? ORDER BY position, id LIMIT 1", args: [eventId] }));
      if (!ticket) return { created: 0 };
      const at = nowIso(now);
      for (const [name, domain, organisation] of DEMO_ATTENDEES) {
        await tx.execute({
          sql: `INSERT INTO registrations (event_id, ticket_type_id, email, name, organisation, council_name, status, manage_token_hash, created_at, updated_at, confirmed_at)
                VALUES (?, ?, ?, ?, ?, ?, 'confirmed', ?, ?, ?, ?)`,
          args: [eventId, ticket.id, `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@${domain}`, name, organisation, organisation, hashToken(randomBytes(32).toString("base64url")), at, at, at],
        });
      }
      people = await confirmed();
    }

    const random = seeded(2014);
    for (const [index, pitch] of PITCHES.entries()) {
      // Pitched during the morning's pitching, a minute or two apart, oldest first.
      const at = nowIso(new Date(now.getTime() - (PITCHES.length - index) * 90_000));
      const host = people[index % people.length];
      const result = await tx.execute({
        sql: `INSERT INTO pitches (event_id, title, description, format, needs, avoid_slot_ids, status, created_by_registration_id, created_at, updated_at)
              VALUES (?, ?, ?, ?, ?, '[]', 'open', ?, ?, ?)`,
        args: [eventId, pitch.title, pitch.description, pitch.format, JSON.stringify(pitch.needs), host, at, at],
      });
      const pitchId = Number(result.lastInsertRowid);
      await tx.execute({ sql: "INSERT INTO pitch_hosts (pitch_id, registration_id, role, added_at) VALUES (?, ?, 'host', ?)", args: [pitchId, host, at] });
      const coHost = people[(index + 5) % people.length];
      if (pitch.coHost && coHost !== host) {
        await tx.execute({ sql: "INSERT INTO pitch_hosts (pitch_id, registration_id, role, added_at) VALUES (?, ?, 'co-host', ?)", args: [pitchId, coHost, at] });
      }
      for (const person of people) {
        if (random() >= pitch.interest) continue;
        await tx.execute({ sql: "INSERT INTO pitch_interest (pitch_id, registration_id, marked_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", args: [pitchId, person, at] });
      }
    }
    return { created: PITCHES.length };
  });
}
