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
