-- Issue 17: telling people when the published grid changes, and feedback after the event.

-- 1. Change notices. When a session on the published grid leaves its cell (moved, unscheduled,
--    withdrawn, merged), its slot's time changes, or the grid is unpublished (or published again
--    after that), each of its hosts and the people who marked it gets a pending notice holding
--    where the session was before: written by the triggers below, so in the same transaction as
--    the change, whatever code makes it. One pending notice per person and session: a second
--    change before the email goes keeps the first "was", so the email gives the net change
--    (was -> where it is when the email is built) and a change undone meanwhile sends nothing.
--    The job (app/.server/notices/) sends one email per person once their oldest pending notice
--    is CHANGE_NOTICE_MINUTES old, and deletes the notices in that same transaction.
--    A "was" with no room (was_room_id NULL) means the session was not on the public schedule
--    (it comes back). Times are the slot's start and end as they were; room and slot ids carry no
--    foreign key (deleting a room or slot must not be blocked by history).
CREATE TABLE change_notices (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  pitch_id INTEGER NOT NULL REFERENCES pitches(id),
  was_room_id INTEGER,
  was_room_name TEXT,
  was_starts_at TEXT,
  was_ends_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (registration_id, pitch_id)
);
CREATE INDEX change_notices_due ON change_notices(created_at);

-- Someone who unsubscribed (from the link in a change notice) gets no more change notices for
-- that event. Unsubscribe links are stored as SHA-256 hashes, one per email sent.
ALTER TABLE registrations ADD COLUMN change_notices_off_at TEXT;
CREATE TABLE change_notice_unsubscribe_links (
  token_hash TEXT PRIMARY KEY,
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  created_at TEXT NOT NULL
);
CREATE INDEX change_notice_unsubscribe_links_registration ON change_notice_unsubscribe_links(registration_id);

-- A published session leaves its cell (moved: the grid deletes and inserts placements; unscheduled,
-- withdrawn, merged). A change that puts it back where it was is a net no-op the job skips.
CREATE TRIGGER change_notices_on_placement_delete AFTER DELETE ON placements
WHEN (SELECT grid_published_at FROM events WHERE id = OLD.event_id) IS NOT NULL
BEGIN
  INSERT INTO change_notices (event_id, registration_id, pitch_id, was_room_id, was_room_name, was_starts_at, was_ends_at, created_at)
  SELECT OLD.event_id, who.registration_id, OLD.pitch_id, OLD.room_id,
         (SELECT name FROM rooms WHERE id = OLD.room_id),
         (SELECT starts_at FROM slots WHERE id = OLD.slot_id),
         (SELECT ends_at FROM slots WHERE id = OLD.slot_id),
         strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM (SELECT registration_id FROM pitch_hosts WHERE pitch_id = OLD.pitch_id AND role <> 'co-host-invited'
        UNION SELECT registration_id FROM pitch_interest WHERE pitch_id = OLD.pitch_id) AS who
  WHERE 1
  ON CONFLICT (registration_id, pitch_id) DO NOTHING;
END;

-- A session that was on the published grid before (so people may have been told it left) is
-- placed again: "was" is "not on the schedule". BEFORE, so published_placements still says
-- whether it was ever published, whichever AFTER trigger runs first.
CREATE TRIGGER change_notices_on_placement_insert BEFORE INSERT ON placements
WHEN (SELECT grid_published_at FROM events WHERE id = NEW.event_id) IS NOT NULL
  AND EXISTS (SELECT 1 FROM published_placements WHERE pitch_id = NEW.pitch_id)
BEGIN
  INSERT INTO change_notices (event_id, registration_id, pitch_id, created_at)
  SELECT NEW.event_id, who.registration_id, NEW.pitch_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM (SELECT registration_id FROM pitch_hosts WHERE pitch_id = NEW.pitch_id AND role <> 'co-host-invited'
        UNION SELECT registration_id FROM pitch_interest WHERE pitch_id = NEW.pitch_id) AS who
  WHERE 1
  ON CONFLICT (registration_id, pitch_id) DO NOTHING;
END;

-- A slot's time changes (edited, or the event's date moved): every session in it moves in time.
CREATE TRIGGER change_notices_on_slot_time AFTER UPDATE OF starts_at, ends_at ON slots
WHEN (OLD.starts_at <> NEW.starts_at OR OLD.ends_at <> NEW.ends_at)
  AND (SELECT grid_published_at FROM events WHERE id = NEW.event_id) IS NOT NULL
BEGIN
  INSERT INTO change_notices (event_id, registration_id, pitch_id, was_room_id, was_room_name, was_starts_at, was_ends_at, created_at)
  SELECT pl.event_id, who.registration_id, pl.pitch_id, pl.room_id, (SELECT name FROM rooms WHERE id = pl.room_id),
         OLD.starts_at, OLD.ends_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM placements pl
  JOIN (SELECT pitch_id, registration_id FROM pitch_hosts WHERE role <> 'co-host-invited'
        UNION SELECT pitch_id, registration_id FROM pitch_interest) AS who ON who.pitch_id = pl.pitch_id
  WHERE pl.slot_id = NEW.id
  ON CONFLICT (registration_id, pitch_id) DO NOTHING;
END;

-- Unpublishing takes every placed session off the public schedule.
CREATE TRIGGER change_notices_on_unpublish AFTER UPDATE OF grid_published_at ON events
WHEN OLD.grid_published_at IS NOT NULL AND NEW.grid_published_at IS NULL
BEGIN
  INSERT INTO change_notices (event_id, registration_id, pitch_id, was_room_id, was_room_name, was_starts_at, was_ends_at, created_at)
  SELECT pl.event_id, who.registration_id, pl.pitch_id, pl.room_id, r.name, s.starts_at, s.ends_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM placements pl
  JOIN rooms r ON r.id = pl.room_id
  JOIN slots s ON s.id = pl.slot_id
  JOIN (SELECT pitch_id, registration_id FROM pitch_hosts WHERE role <> 'co-host-invited'
        UNION SELECT pitch_id, registration_id FROM pitch_interest) AS who ON who.pitch_id = pl.pitch_id
  WHERE pl.event_id = NEW.id
  ON CONFLICT (registration_id, pitch_id) DO NOTHING;
END;

-- Publishing again after an unpublish: sessions that were on the public grid before are back.
-- (The first publication tells nobody anything: published_placements is still empty then.)
CREATE TRIGGER change_notices_on_republish BEFORE UPDATE OF grid_published_at ON events
WHEN OLD.grid_published_at IS NULL AND NEW.grid_published_at IS NOT NULL
BEGIN
  INSERT INTO change_notices (event_id, registration_id, pitch_id, created_at)
  SELECT pl.event_id, who.registration_id, pl.pitch_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM placements pl
  JOIN published_placements pp ON pp.pitch_id = pl.pitch_id
  JOIN (SELECT pitch_id, registration_id FROM pitch_hosts WHERE role <> 'co-host-invited'
        UNION SELECT pitch_id, registration_id FROM pitch_interest) AS who ON who.pitch_id = pl.pitch_id
  WHERE pl.event_id = NEW.id
  ON CONFLICT (registration_id, pitch_id) DO NOTHING;
END;

CREATE TRIGGER change_notices_on_pitch_delete AFTER DELETE ON pitches
BEGIN
  DELETE FROM change_notices WHERE pitch_id = OLD.id;
END;

CREATE TRIGGER change_notices_on_registration_delete AFTER DELETE ON registrations
BEGIN
  DELETE FROM change_notices WHERE registration_id = OLD.id;
  DELETE FROM change_notice_unsubscribe_links WHERE registration_id = OLD.id;
END;

-- 2. Feedback after the event. An organiser sends the invitation once (feedback_invited_at);
--    each person invited gets a link (stored as its hash). An anonymous answer stores no link to
--    the person: the response has no registration id and no time (only the day), and the link
--    is only marked used, without a time, so the order of answers does not tie them to people.
ALTER TABLE events ADD COLUMN feedback_invited_at TEXT;
ALTER TABLE events ADD COLUMN feedback_invited_by TEXT;

CREATE TABLE feedback_links (
  token_hash TEXT PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  used INTEGER NOT NULL DEFAULT 0,
  UNIQUE (event_id, registration_id)
);

CREATE TABLE feedback_responses (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  registration_id INTEGER REFERENCES registrations(id), -- NULL when anonymous
  useful INTEGER NOT NULL CHECK (useful IN (0, 1)),
  comment TEXT NOT NULL DEFAULT '',
  answered_on TEXT NOT NULL -- the day only
);
CREATE INDEX feedback_responses_event ON feedback_responses(event_id);

CREATE TABLE feedback_session_responses (
  response_id INTEGER NOT NULL REFERENCES feedback_responses(id),
  pitch_id INTEGER NOT NULL REFERENCES pitches(id),
  useful INTEGER CHECK (useful IN (0, 1)),
  comment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (response_id, pitch_id)
);
CREATE INDEX feedback_session_responses_pitch ON feedback_session_responses(pitch_id);

CREATE TRIGGER feedback_on_registration_delete AFTER DELETE ON registrations
BEGIN
  DELETE FROM feedback_links WHERE registration_id = OLD.id;
  UPDATE feedback_responses SET registration_id = NULL WHERE registration_id = OLD.id;
END;

CREATE TRIGGER feedback_on_pitch_delete AFTER DELETE ON pitches
BEGIN
  DELETE FROM feedback_session_responses WHERE pitch_id = OLD.id;
END;
