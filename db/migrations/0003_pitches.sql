-- Session pitches, their hosts, and "I'd go" marks. A pitch's sequence rises whenever its
-- title, time or room changes (calendar feeds send it as SEQUENCE); every change to a pitch or
-- its placement sets updated_at (LAST-MODIFIED).
CREATE TABLE pitches (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  format TEXT NOT NULL DEFAULT 'discussion' CHECK (format IN ('discussion', 'show-and-tell', 'workshop', 'other')),
  needs TEXT NOT NULL DEFAULT '[]',          -- JSON array of: step-free, screen, large-room
  avoid_slot_ids TEXT NOT NULL DEFAULT '[]', -- JSON array of slot ids the hosts cannot do
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'withdrawn', 'merged')),
  merged_into_id INTEGER REFERENCES pitches(id),
  created_by_registration_id INTEGER REFERENCES registrations(id),
  sequence INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX pitches_event ON pitches(event_id, status);

CREATE TABLE pitch_hosts (
  pitch_id INTEGER NOT NULL REFERENCES pitches(id),
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  role TEXT NOT NULL DEFAULT 'host' CHECK (role IN ('host', 'co-host-invited', 'co-host')),
  added_at TEXT NOT NULL,
  PRIMARY KEY (pitch_id, registration_id)
);
CREATE INDEX pitch_hosts_registration ON pitch_hosts(registration_id);

CREATE TABLE pitch_interest (
  pitch_id INTEGER NOT NULL REFERENCES pitches(id),
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  marked_at TEXT NOT NULL,
  PRIMARY KEY (pitch_id, registration_id)
);
CREATE INDEX pitch_interest_registration ON pitch_interest(registration_id);

-- Pitching opens and closes per event.
ALTER TABLE events ADD COLUMN pitching_open INTEGER NOT NULL DEFAULT 1;
