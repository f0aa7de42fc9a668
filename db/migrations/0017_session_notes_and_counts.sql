-- Session notes, show of hands and head counts (issue 17, "After each session").
--
-- Notes: an organiser may give the event a link template (e.g. https://docs.example/notes/{slug}-{id})
-- that makes each session's notes link, for a shared document; without one, each session has a
-- plain-text notes page in Pitchgrid. Each save of that page is kept as a numbered version (the
-- history); a save made on an old version is refused, so no one's words are lost. Who saved is
-- kept by reference only (a registration id, or an organiser's email as in grid_changes), so
-- erasure and the retention job reach attendees' names through registrations.
ALTER TABLE events ADD COLUMN notes_link_template TEXT;

-- Expected attendance = max(show of hands, marks x ratio), where the ratio is the event's own
-- (head counts / marks of counted sessions) once it has counts, else this default.
ALTER TABLE events ADD COLUMN default_show_up_ratio REAL NOT NULL DEFAULT 0.7
  CHECK (default_show_up_ratio >= 0.05 AND default_show_up_ratio <= 2);

CREATE TABLE session_note_versions (
  id INTEGER PRIMARY KEY,
  pitch_id INTEGER NOT NULL REFERENCES pitches(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  body TEXT NOT NULL,
  saved_by_registration_id INTEGER REFERENCES registrations(id),
  saved_by_organiser TEXT COLLATE NOCASE,
  saved_at TEXT NOT NULL,
  UNIQUE (pitch_id, version)
);

-- Per session: a rough show of hands when it was pitched, and how many came. No personal data.
CREATE TABLE session_counts (
  pitch_id INTEGER PRIMARY KEY REFERENCES pitches(id),
  event_id INTEGER NOT NULL REFERENCES events(id),
  show_of_hands INTEGER CHECK (show_of_hands IS NULL OR show_of_hands >= 0),
  show_of_hands_at TEXT,
  head_count INTEGER CHECK (head_count IS NULL OR head_count >= 0),
  head_count_at TEXT
);
CREATE INDEX session_counts_event ON session_counts(event_id);
