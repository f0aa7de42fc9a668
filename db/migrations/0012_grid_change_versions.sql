-- Several organisers on one grid: each recorded grid change keeps the grid version it produced,
-- so a change made from an older page is refused only when something it touches (the session
-- or cell being changed) has changed since that page's version; unrelated changes apply.
-- Changes recorded before this migration have none: a page older than them is refused as before.
ALTER TABLE grid_changes ADD COLUMN version_after INTEGER;
CREATE INDEX grid_changes_version ON grid_changes(event_id, version_after);

-- Interest clashes (people who marked two sessions in one slot) of fewer people than this are
-- counted on the organiser grid, not listed one by one. Set by the organisers of the event.
ALTER TABLE events ADD COLUMN grid_clash_threshold INTEGER NOT NULL DEFAULT 3;
