-- "Are you still coming?" (issue 16). One round per event, scheduled by an organiser: when the
-- question is emailed, its deadline, an optional reminder, and what silence means ('release':
-- the place goes to the waiting list at the deadline; 'flag': it is only shown to organisers).
-- sent_at, reminded_at and closed_at record each step once done, so the periodic job that takes
-- them is idempotent and picks up where it stopped after a restart.
CREATE TABLE reconfirmation_rounds (
  event_id INTEGER PRIMARY KEY REFERENCES events(id),
  send_at TEXT NOT NULL,
  deadline_at TEXT NOT NULL,
  reminder_at TEXT,
  silence TEXT NOT NULL CHECK (silence IN ('release', 'flag')),
  sent_at TEXT,
  reminded_at TEXT,
  closed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (send_at < deadline_at)
);
CREATE INDEX reconfirmation_rounds_due ON reconfirmation_rounds(closed_at, send_at, deadline_at);

-- One row per person asked (confirmed when the round was sent). No personal data: counts survive
-- erasure and the retention job.
CREATE TABLE reconfirmations (
  registration_id INTEGER PRIMARY KEY REFERENCES registrations(id),
  event_id INTEGER NOT NULL REFERENCES events(id),
  asked_at TEXT NOT NULL,
  answer TEXT CHECK (answer IN ('yes', 'no')),
  answered_at TEXT,
  reminded_at TEXT,
  resent_at TEXT,
  released_at TEXT
);
CREATE INDEX reconfirmations_event ON reconfirmations(event_id, answer);

-- Standby at the door (issue 16). Per event: the cut-off time at which the seats of people not
-- checked in go to standby (released_at records that it happened, by the job or by an organiser
-- releasing early), and whether people may join from the door (a link or QR code).
CREATE TABLE standby_lists (
  event_id INTEGER PRIMARY KEY REFERENCES events(id),
  cutoff_at TEXT,
  released_at TEXT,
  joining_open INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);
CREATE INDEX standby_lists_due ON standby_lists(released_at, cutoff_at);

-- People without a place, numbered in the order they joined. 'called': a seat is theirs if they
-- come to the desk; 'seated': they came; 'gone': called and not there, or removed. The email is
-- optional (to call them by email); the token lets someone who joined on their phone see their
-- number and whether they are called (only its hash is kept).
CREATE TABLE standby_entries (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  number INTEGER NOT NULL,
  name TEXT NOT NULL,
  email TEXT COLLATE NOCASE,
  token_hash TEXT UNIQUE,
  joined_by TEXT NOT NULL CHECK (joined_by IN ('desk', 'door')),
  status TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'seated', 'gone')),
  created_at TEXT NOT NULL,
  called_at TEXT,
  seated_at TEXT,
  UNIQUE (event_id, number)
);
CREATE INDEX standby_entries_queue ON standby_entries(event_id, status, number);

-- Named places an organiser holds past the cut-off (someone rang to say they are running late).
CREATE TABLE standby_holds (
  registration_id INTEGER PRIMARY KEY REFERENCES registrations(id),
  event_id INTEGER NOT NULL REFERENCES events(id),
  held_at TEXT NOT NULL,
  held_by TEXT NOT NULL
);
