-- Issue 15, organisers and events.

-- Each event's contact address: the Reply-To of every email about the event and the ORGANIZER
-- of its calendar invitations (replies and Outlook responses reach a person, not no-reply).
-- New events default to the creating organiser's address; existing events take their first
-- organiser's.
ALTER TABLE events ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
UPDATE events SET contact_email = COALESCE(
  (SELECT o.email FROM event_organisers o WHERE o.event_id = events.id ORDER BY o.added_at, o.email LIMIT 1), '');

-- A new event is a draft until an organiser publishes it: not listed, its public pages answer
-- 404 to everyone but its organisers, and nobody can register. Events that exist stay public.
ALTER TABLE events ADD COLUMN draft INTEGER NOT NULL DEFAULT 0 CHECK (draft IN (0, 1));

-- The Reply-To of a queued email (the event's contact address), NULL for none.
ALTER TABLE email_outbox ADD COLUMN reply_to TEXT;
