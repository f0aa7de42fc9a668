-- Volunteers (issue 17): an event's team has organisers and volunteers. Volunteers run what
-- happens in the room (the pitch station and queue, show of hands, head counts, session notes,
-- check-in and adding a walk-in at the desk); everything else stays with organisers. Every row
-- that exists is an organiser. The "never leave an event with no organiser" rule counts only
-- organisers.
ALTER TABLE event_organisers ADD COLUMN role TEXT NOT NULL DEFAULT 'organiser' CHECK (role IN ('organiser', 'volunteer'));
