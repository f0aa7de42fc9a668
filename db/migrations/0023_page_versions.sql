-- Issue 19: counters the public pages read instead of counting rows on every request.
--
-- schedule_version moves with every change the public schedule pages, feeds and exports show:
-- the event itself, publication and the schedule's change time, pitches, hosts (and their names),
-- "I'd go" marks, placements, rooms, slots and closed cells. places_version moves with every change
-- the event page's places show: registrations that hold or wait for a place, ticket types and the
-- event's capacity. Triggers bump them, so they move in the same transaction as the change,
-- whichever code makes it. Registering (a 'held' row until the emailed link is followed) moves
-- neither.

ALTER TABLE events ADD COLUMN schedule_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN places_version INTEGER NOT NULL DEFAULT 0;

-- The event row: what the schedule pages show of it (SQLite runs no trigger from inside its own
-- UPDATE of schedule_version, which is in none of these lists).
CREATE TRIGGER schedule_version_on_event AFTER UPDATE OF slug, name, summary, venue, starts_at, ends_at, time_zone, updated_at, grid_version, grid_published_at, schedule_changed_at ON events
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER schedule_version_on_pitch_insert AFTER INSERT ON pitches
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id = NEW.event_id;
END;
CREATE TRIGGER schedule_version_on_pitch_update AFTER UPDATE ON pitches
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id IN (OLD.event_id, NEW.event_id);
END;
CREATE TRIGGER schedule_version_on_pitch_delete AFTER DELETE ON pitches
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id = OLD.event_id;
END;

CREATE TRIGGER schedule_version_on_interest_insert AFTER INSERT ON pitch_interest
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id = (SELECT event_id FROM pitches WHERE id = NEW.pitch_id);
END;
CREATE TRIGGER schedule_version_on_interest_update AFTER UPDATE ON pitch_interest
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id IN (SELECT event_id FROM pitches WHERE id IN (OLD.pitch_id, NEW.pitch_id));
END;
CREATE TRIGGER schedule_version_on_interest_delete AFTER DELETE ON pitch_interest
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id = (SELECT event_id FROM pitches WHERE id = OLD.pitch_id);
END;

CREATE TRIGGER schedule_version_on_host_insert AFTER INSERT ON pitch_hosts
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id = (SELECT event_id FROM pitches WHERE id = NEW.pitch_id);
END;
CREATE TRIGGER schedule_version_on_host_update AFTER UPDATE ON pitch_hosts
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id IN (SELECT event_id FROM pitches WHERE id IN (OLD.pitch_id, NEW.pitch_id));
END;
CREATE TRIGGER schedule_version_on_host_delete AFTER DELETE ON pitch_hosts
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id = (SELECT event_id FROM pitches WHERE id = OLD.pitch_id);
END;

-- A host's name as the schedule shows it (renamed, or erased).
CREATE TRIGGER schedule_version_on_host_name AFTER UPDATE OF name, status ON registrations
WHEN (OLD.name IS NOT NEW.name OR (OLD.status = 'erased') IS NOT (NEW.status = 'erased'))
  AND EXISTS (SELECT 1 FROM pitch_hosts WHERE registration_id = NEW.id)
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id = NEW.event_id;
END;

CREATE TRIGGER schedule_version_on_placement_insert AFTER INSERT ON placements
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id = NEW.event_id;
END;
CREATE TRIGGER schedule_version_on_placement_update AFTER UPDATE ON placements
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id IN (OLD.event_id, NEW.event_id);
END;
CREATE TRIGGER schedule_version_on_placement_delete AFTER DELETE ON placements
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id = OLD.event_id;
END;

CREATE TRIGGER schedule_version_on_room_insert AFTER INSERT ON rooms
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id = NEW.event_id;
END;
CREATE TRIGGER schedule_version_on_room_update AFTER UPDATE ON rooms
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id IN (OLD.event_id, NEW.event_id);
END;
CREATE TRIGGER schedule_version_on_room_delete AFTER DELETE ON rooms
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id = OLD.event_id;
END;

CREATE TRIGGER schedule_version_on_slot_insert AFTER INSERT ON slots
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id = NEW.event_id;
END;
CREATE TRIGGER schedule_version_on_slot_update AFTER UPDATE ON slots
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id IN (OLD.event_id, NEW.event_id);
END;
CREATE TRIGGER schedule_version_on_slot_delete AFTER DELETE ON slots
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id = OLD.event_id;
END;

CREATE TRIGGER schedule_version_on_closed_cell_insert AFTER INSERT ON closed_cells
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id = (SELECT event_id FROM rooms WHERE id = NEW.room_id);
END;
CREATE TRIGGER schedule_version_on_closed_cell_delete AFTER DELETE ON closed_cells
BEGIN
  UPDATE events SET schedule_version = schedule_version + 1 WHERE id = (SELECT event_id FROM rooms WHERE id = OLD.room_id);
END;

-- Places: only rows that hold or wait for a place count ('held' and the rest do not).
CREATE TRIGGER places_version_on_registration_insert AFTER INSERT ON registrations
WHEN NEW.status IN ('confirmed', 'offered', 'waiting', 'lottery-entered')
BEGIN
  UPDATE events SET places_version = places_version + 1 WHERE id = NEW.event_id;
END;
CREATE TRIGGER places_version_on_registration_update AFTER UPDATE OF status, ticket_type_id, event_id, offer_expires_at ON registrations
WHEN OLD.status IN ('confirmed', 'offered', 'waiting', 'lottery-entered') OR NEW.status IN ('confirmed', 'offered', 'waiting', 'lottery-entered')
BEGIN
  UPDATE events SET places_version = places_version + 1 WHERE id IN (OLD.event_id, NEW.event_id);
END;
CREATE TRIGGER places_version_on_registration_delete AFTER DELETE ON registrations
WHEN OLD.status IN ('confirmed', 'offered', 'waiting', 'lottery-entered')
BEGIN
  UPDATE events SET places_version = places_version + 1 WHERE id = OLD.event_id;
END;

CREATE TRIGGER places_version_on_ticket_insert AFTER INSERT ON ticket_types
BEGIN
  UPDATE events SET places_version = places_version + 1 WHERE id = NEW.event_id;
END;
CREATE TRIGGER places_version_on_ticket_update AFTER UPDATE ON ticket_types
BEGIN
  UPDATE events SET places_version = places_version + 1 WHERE id IN (OLD.event_id, NEW.event_id);
END;
CREATE TRIGGER places_version_on_ticket_delete AFTER DELETE ON ticket_types
BEGIN
  UPDATE events SET places_version = places_version + 1 WHERE id = OLD.event_id;
END;

CREATE TRIGGER places_version_on_capacity AFTER UPDATE OF capacity ON events
BEGIN
  UPDATE events SET places_version = places_version + 1 WHERE id = NEW.id;
END;
