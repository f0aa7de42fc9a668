-- The grid: where each pitch is placed (one pitch per cell), cells closed to sessions, the
-- grid's version for optimistic locking, publication, and a history of changes for undo.
CREATE TABLE placements (
  pitch_id INTEGER PRIMARY KEY REFERENCES pitches(id),
  event_id INTEGER NOT NULL REFERENCES events(id),
  room_id INTEGER NOT NULL REFERENCES rooms(id),
  slot_id INTEGER NOT NULL REFERENCES slots(id),
  pinned INTEGER NOT NULL DEFAULT 0,
  placed_at TEXT NOT NULL,
  UNIQUE (room_id, slot_id)
);
CREATE INDEX placements_event ON placements(event_id);

CREATE TABLE closed_cells (
  room_id INTEGER NOT NULL REFERENCES rooms(id),
  slot_id INTEGER NOT NULL REFERENCES slots(id),
  PRIMARY KEY (room_id, slot_id)
);

ALTER TABLE events ADD COLUMN grid_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN grid_published_at TEXT;
-- Bumped on any change visible on the public schedule (placements, titles, rooms, slots),
-- so pages and feeds can answer If-None-Match cheaply.
ALTER TABLE events ADD COLUMN schedule_changed_at TEXT;

CREATE TABLE grid_changes (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  organiser_email TEXT NOT NULL,
  -- placements (undoable) | undo (restores an earlier change) | cells (a room closed or
  -- reopened for a slot) | publish | unpublish
  kind TEXT NOT NULL DEFAULT 'placements' CHECK (kind IN ('placements', 'undo', 'cells', 'publish', 'unpublish')),
  description TEXT NOT NULL,
  before_state TEXT NOT NULL, -- JSON: the placements this change touched, as they were
  after_state TEXT NOT NULL,  -- JSON: the same placements after the change
  undone_at TEXT,             -- set on a placements change once it has been undone
  undoes_change_id INTEGER REFERENCES grid_changes(id),
  created_at TEXT NOT NULL
);
CREATE INDEX grid_changes_event ON grid_changes(event_id, id);
