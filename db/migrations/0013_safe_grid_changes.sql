-- Nothing destructive in one tap (issue 14).
--
-- 1. The grid history records more kinds of change: an organiser withdrawing a session and
--    restoring it, and merging two pitches and taking the merge apart. SQLite cannot widen a
--    CHECK constraint in place, so grid_changes is rebuilt with the same columns and rows.
--    ('unpublish' changes are now undoable too; that needs no schema change.)
CREATE TABLE grid_changes_new (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  organiser_email TEXT NOT NULL,
  -- placements (undoable) | undo (restores an earlier change) | cells (a room closed or
  -- reopened for a slot) | publish | unpublish (undoable) | withdraw | restore (a withdrawn
  -- session back) | merge | unmerge
  kind TEXT NOT NULL DEFAULT 'placements'
    CHECK (kind IN ('placements', 'undo', 'cells', 'publish', 'unpublish', 'withdraw', 'restore', 'merge', 'unmerge')),
  description TEXT NOT NULL,
  before_state TEXT NOT NULL, -- JSON: what this change touched, as it was
  after_state TEXT NOT NULL,  -- JSON: the same after the change
  undone_at TEXT,             -- set on an undoable change once it has been undone
  undoes_change_id INTEGER REFERENCES grid_changes(id),
  created_at TEXT NOT NULL,
  version_after INTEGER       -- the grid version this change produced (0012)
);
INSERT INTO grid_changes_new (id, event_id, organiser_email, kind, description, before_state, after_state, undone_at, undoes_change_id, created_at, version_after)
SELECT id, event_id, organiser_email, kind, description, before_state, after_state, undone_at, undoes_change_id, created_at, version_after FROM grid_changes;
DROP TABLE grid_changes;
ALTER TABLE grid_changes_new RENAME TO grid_changes;
CREATE INDEX grid_changes_event ON grid_changes(event_id, id);
CREATE INDEX grid_changes_version ON grid_changes(event_id, version_after);

-- 2. What each merge did, so an organiser can take it apart on the day: the marks and hosts it
--    added to the kept pitch, the host roles it changed (with the role before), and the cell
--    the duplicate left. Merges made before this migration were not recorded and cannot be
--    taken apart.
CREATE TABLE pitch_merges (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  kept_id INTEGER NOT NULL REFERENCES pitches(id),
  duplicate_id INTEGER NOT NULL REFERENCES pitches(id),
  added_interest TEXT NOT NULL,   -- JSON: [registrationId]
  added_hosts TEXT NOT NULL,      -- JSON: [{ registrationId, role }]
  changed_hosts TEXT NOT NULL,    -- JSON: [{ registrationId, from, to }]
  duplicate_placement TEXT,       -- JSON: { roomId, slotId, pinned } or NULL
  organiser_email TEXT NOT NULL,
  merged_at TEXT NOT NULL,
  unmerged_at TEXT
);
CREATE INDEX pitch_merges_duplicate ON pitch_merges(duplicate_id, id);

CREATE TRIGGER pitch_merges_on_pitch_delete AFTER DELETE ON pitches
BEGIN
  DELETE FROM pitch_merges WHERE kept_id = OLD.id OR duplicate_id = OLD.id;
END;
