-- Registrations: one row per person per event (email unique per event, case-insensitive,
-- among live registrations). A place is counted against the ticket type's quota and the
-- event's capacity while status is 'held' (unverified, until hold_expires_at), 'confirmed',
-- or 'offered' (a waiting-list offer, until offer_expires_at).
CREATE TABLE registrations (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  ticket_type_id INTEGER NOT NULL REFERENCES ticket_types(id),
  email TEXT NOT NULL COLLATE NOCASE,
  name TEXT NOT NULL,
  organisation TEXT NOT NULL DEFAULT '',
  job_role TEXT NOT NULL DEFAULT '',
  access_needs TEXT NOT NULL DEFAULT '',
  dietary_needs TEXT NOT NULL DEFAULT '',
  council_name TEXT,
  status TEXT NOT NULL CHECK (status IN (
    'held', 'confirmed', 'waiting', 'offered', 'pending-approval', 'lottery-entered',
    'declined', 'cancelled', 'expired', 'erased'
  )),
  approval_reason TEXT NOT NULL DEFAULT '',
  manage_token_hash TEXT NOT NULL UNIQUE,
  verify_token_hash TEXT UNIQUE,
  hold_expires_at TEXT,
  offer_expires_at TEXT,
  waiting_since TEXT,
  lottery_rank INTEGER,
  checked_in_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  confirmed_at TEXT,
  cancelled_at TEXT
);
CREATE UNIQUE INDEX registrations_one_live_per_email ON registrations(event_id, email)
  WHERE status NOT IN ('cancelled', 'expired', 'declined', 'erased');
-- Counting places taken reads only these indexes (they carry the hold and offer expiry times).
CREATE INDEX registrations_ticket_status ON registrations(ticket_type_id, status, hold_expires_at, offer_expires_at);
CREATE INDEX registrations_event_status ON registrations(event_id, status, hold_expires_at, offer_expires_at);
CREATE INDEX registrations_waiting ON registrations(ticket_type_id, status, waiting_since);
CREATE INDEX registrations_hold_expiry ON registrations(status, hold_expires_at);
CREATE INDEX registrations_offer_expiry ON registrations(status, offer_expires_at);

-- The manage link is derived from this random seed with the server's secret (HMAC), so later
-- emails can repeat the same link while the database keeps only its hash; a new seed revokes it.
ALTER TABLE registrations ADD COLUMN manage_token_seed TEXT;

-- Per-event windows: how long an unverified hold and a waiting-list offer last. NULL means the
-- site defaults (HOLD_MINUTES, OFFER_HOURS).
ALTER TABLE events ADD COLUMN hold_minutes INTEGER CHECK (hold_minutes IS NULL OR hold_minutes > 0);
ALTER TABLE events ADD COLUMN offer_hours INTEGER CHECK (offer_hours IS NULL OR offer_hours > 0);

-- Lottery mode: when lottery_closes_at is set, eligible people apply ('lottery-entered') until
-- then; a draw offers the quota's places in a random order and the rest wait in draw order.
ALTER TABLE ticket_types ADD COLUMN lottery_closes_at TEXT;
ALTER TABLE ticket_types ADD COLUMN lottery_drawn_at TEXT;

-- Each draw is kept so anyone can re-run it: the seed, the entrants in the order they were fed
-- in (registration ids ascending) and the resulting order.
CREATE TABLE lottery_draws (
  id INTEGER PRIMARY KEY,
  ticket_type_id INTEGER NOT NULL UNIQUE REFERENCES ticket_types(id),
  seed TEXT NOT NULL,
  entrant_ids TEXT NOT NULL,
  drawn_order TEXT NOT NULL,
  places INTEGER NOT NULL,
  drawn_at TEXT NOT NULL,
  drawn_by TEXT NOT NULL
);
