-- The pitch station and the pitch queue (issue 17).

-- Who stood up and pitched a session when it was not the host (a volunteer pitching on
-- someone's behalf), as the station recorded it. '' when the host pitched it themselves or the
-- pitch was not recorded at the station.
ALTER TABLE pitches ADD COLUMN pitched_by TEXT NOT NULL DEFAULT '';
-- The organiser (or volunteer) who recorded the pitch at the station; NULL otherwise.
ALTER TABLE pitches ADD COLUMN station_recorded_by TEXT;

-- One queue per event: whether attendees may join from their phone, how long each pitch gets on
-- the projector's countdown, and a version that rises with every change (projector pages poll
-- it).
CREATE TABLE pitch_queues (
  event_id INTEGER PRIMARY KEY REFERENCES events(id),
  joining_open INTEGER NOT NULL DEFAULT 0,
  countdown_seconds INTEGER NOT NULL DEFAULT 30 CHECK (countdown_seconds BETWEEN 5 AND 600),
  version INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);

-- People waiting to pitch, numbered in the order they joined. 'current': at the microphone now
-- (started_at starts the countdown); 'pitched' and 'skipped' are done; 'left': took themselves
-- off. An attendee recognised by their private link or cookie joins as their registration; anyone
-- else types a name and keeps a page reached by a token (only its hash is kept). pitch_id is the
-- pitch the station recorded for them.
CREATE TABLE pitch_queue_entries (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  number INTEGER NOT NULL,
  name TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  registration_id INTEGER REFERENCES registrations(id),
  token_hash TEXT UNIQUE,
  joined_by TEXT NOT NULL CHECK (joined_by IN ('self', 'station')),
  status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'current', 'pitched', 'skipped', 'left')),
  pitch_id INTEGER REFERENCES pitches(id),
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  UNIQUE (event_id, number)
);
CREATE INDEX pitch_queue_entries_queue ON pitch_queue_entries(event_id, status, number);
-- One place in the queue per attendee at a time: two taps, or two phones, cannot queue them twice.
CREATE UNIQUE INDEX pitch_queue_entries_one_per_person ON pitch_queue_entries(event_id, registration_id)
  WHERE registration_id IS NOT NULL AND status IN ('waiting', 'current');
-- At most one person at the microphone.
CREATE UNIQUE INDEX pitch_queue_entries_one_current ON pitch_queue_entries(event_id) WHERE status = 'current';
