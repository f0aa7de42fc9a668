-- Foundation: events, their organisers, ticket types, rooms and slots, organiser sign-in, and
-- the email outbox. All times are ISO-8601 UTC text ("2026-03-28T09:00:00.000Z").

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  venue TEXT NOT NULL DEFAULT '',
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  time_zone TEXT NOT NULL DEFAULT 'Europe/London',
  capacity INTEGER NOT NULL CHECK (capacity >= 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE event_organisers (
  event_id INTEGER NOT NULL REFERENCES events(id),
  email TEXT NOT NULL COLLATE NOCASE,
  added_at TEXT NOT NULL,
  PRIMARY KEY (event_id, email)
);
CREATE INDEX event_organisers_email ON event_organisers(email);

-- rule: open | council-only | approval | email-domains; allowed_domains is a JSON array of
-- lower-case domains, used by email-domains (the only domains allowed) and council-only (extra
-- domains the organiser accepts as councils).
CREATE TABLE ticket_types (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  name TEXT NOT NULL,
  quota INTEGER NOT NULL CHECK (quota >= 0),
  rule TEXT NOT NULL CHECK (rule IN ('open', 'council-only', 'approval', 'email-domains')),
  allowed_domains TEXT NOT NULL DEFAULT '[]',
  opens_at TEXT,
  closes_at TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX ticket_types_event ON ticket_types(event_id, position);

CREATE TABLE rooms (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  name TEXT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity >= 0),
  step_free INTEGER NOT NULL DEFAULT 1,
  has_screen INTEGER NOT NULL DEFAULT 0,
  notes TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rooms_event ON rooms(event_id, position);

-- kind: session (schedulable) | break (registration, lunch, pitching, close: shown, not used)
CREATE TABLE slots (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'session' CHECK (kind IN ('session', 'break')),
  label TEXT NOT NULL DEFAULT ''
);
CREATE INDEX slots_event ON slots(event_id, starts_at);

-- Organiser sign-in links: only a SHA-256 of the token is stored, so a copy of the database
-- cannot be used to sign in.
CREATE TABLE sign_in_tokens (
  token_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL COLLATE NOCASE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);

-- Every email goes through this table in the same transaction as the change that causes it,
-- so a registration is never committed without its email, and a mail outage only delays.
CREATE TABLE email_outbox (
  id INTEGER PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT,
  attachments TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX email_outbox_due ON email_outbox(status, next_attempt_at);
