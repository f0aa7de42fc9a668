-- Calendar feeds: personal feed links, and where each session last was on the published grid.

-- A personal feed's secret URL is derived (HMAC with the server's secret) from a random seed,
-- so the calendar page can show the same link again while lookups use only its SHA-256 hash.
-- Resetting the link stores a new seed: the old URL stops working at once.
CREATE TABLE calendar_feeds (
  registration_id INTEGER PRIMARY KEY REFERENCES registrations(id),
  token_seed TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

-- The last cell each session had while the grid was published. A session that is later
-- unscheduled, withdrawn or merged stays in feeds as STATUS:CANCELLED at that time and room for
-- a while, so subscribers see it cancelled rather than silently gone. Kept up to date by the
-- triggers below, whatever code changes placements. room_id and slot_id carry no foreign key:
-- deleting a room or slot must not be blocked by history (feeds skip a slot that is gone).
CREATE TABLE published_placements (
  pitch_id INTEGER PRIMARY KEY REFERENCES pitches(id),
  event_id INTEGER NOT NULL REFERENCES events(id),
  room_id INTEGER NOT NULL,
  slot_id INTEGER NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX published_placements_event ON published_placements(event_id);

CREATE TRIGGER published_placements_on_insert AFTER INSERT ON placements
WHEN (SELECT grid_published_at FROM events WHERE id = NEW.event_id) IS NOT NULL
BEGIN
  INSERT INTO published_placements (pitch_id, event_id, room_id, slot_id, recorded_at)
  VALUES (NEW.pitch_id, NEW.event_id, NEW.room_id, NEW.slot_id, NEW.placed_at)
  ON CONFLICT (pitch_id) DO UPDATE SET room_id = excluded.room_id, slot_id = excluded.slot_id, recorded_at = excluded.recorded_at;
END;

CREATE TRIGGER published_placements_on_update AFTER UPDATE OF room_id, slot_id ON placements
WHEN (SELECT grid_published_at FROM events WHERE id = NEW.event_id) IS NOT NULL
BEGIN
  INSERT INTO published_placements (pitch_id, event_id, room_id, slot_id, recorded_at)
  VALUES (NEW.pitch_id, NEW.event_id, NEW.room_id, NEW.slot_id, NEW.placed_at)
  ON CONFLICT (pitch_id) DO UPDATE SET room_id = excluded.room_id, slot_id = excluded.slot_id, recorded_at = excluded.recorded_at;
END;

-- Publishing records every placement the grid holds at that moment.
CREATE TRIGGER published_placements_on_publish AFTER UPDATE OF grid_published_at ON events
WHEN NEW.grid_published_at IS NOT NULL
BEGIN
  INSERT INTO published_placements (pitch_id, event_id, room_id, slot_id, recorded_at)
  SELECT pitch_id, event_id, room_id, slot_id, NEW.grid_published_at FROM placements WHERE event_id = NEW.id
  ON CONFLICT (pitch_id) DO UPDATE SET room_id = excluded.room_id, slot_id = excluded.slot_id, recorded_at = excluded.recorded_at;
END;

CREATE TRIGGER published_placements_on_pitch_delete AFTER DELETE ON pitches
BEGIN
  DELETE FROM published_placements WHERE pitch_id = OLD.id;
END;

CREATE TRIGGER calendar_feeds_on_registration_delete AFTER DELETE ON registrations
BEGIN
  DELETE FROM calendar_feeds WHERE registration_id = OLD.id;
END;

-- Grids published before this migration.
INSERT INTO published_placements (pitch_id, event_id, room_id, slot_id, recorded_at)
SELECT pl.pitch_id, pl.event_id, pl.room_id, pl.slot_id, e.grid_published_at
FROM placements pl JOIN events e ON e.id = pl.event_id
WHERE e.grid_published_at IS NOT NULL;
