-- Privacy: no stored value lets anyone rebuild a secret link, sent emails keep no link-bearing
-- body, and each event says who runs it and how long personal data is kept.

-- Manage links. The first link's SHA-256 stays in registrations.manage_token_hash; every later
-- email that carries a private link carries a new random token, whose hash is added here. All of
-- a person's links work until they ask for a new link (which deletes these rows and replaces the
-- first hash) or are erased or anonymised. Nothing here or there can be turned back into a link.
CREATE TABLE manage_links (
  token_hash TEXT PRIMARY KEY,
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  created_at TEXT NOT NULL
);
CREATE INDEX manage_links_registration ON manage_links(registration_id);

CREATE TRIGGER manage_links_on_registration_delete AFTER DELETE ON registrations
BEGIN
  DELETE FROM manage_links WHERE registration_id = OLD.id;
END;

-- The seeds (0002, 0005) let anyone holding the database and SESSION_SECRET rebuild every manage
-- and feed link. They go; the hashes stay, so every link already sent keeps working.
UPDATE registrations SET manage_token_seed = NULL;
ALTER TABLE registrations DROP COLUMN manage_token_seed;
ALTER TABLE calendar_feeds DROP COLUMN token_seed;

-- Emails already sent keep their metadata (recipient, subject, status, times) but not their
-- bodies and attachments, which carried private links. Emails still waiting keep theirs.
UPDATE email_outbox SET text_body = '', html_body = NULL, attachments = '[]' WHERE status IN ('sent', 'failed');

-- Per-event privacy settings, shown in the event's privacy notice. controller_name and
-- privacy_contact blank mean "the organisers of <event>" and the site's MAIL_FROM address.
ALTER TABLE events ADD COLUMN controller_name TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN privacy_contact TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN lawful_basis TEXT NOT NULL DEFAULT 'legitimate-interests'
  CHECK (lawful_basis IN ('legitimate-interests', 'public-task', 'contract'));
-- Days after the event ends: access and dietary needs (and answers to the organisers' own
-- questions) are erased after needs_retention_days; names, emails, organisations and every other
-- detail that identifies a person are anonymised after personal_retention_days. Counts stay.
ALTER TABLE events ADD COLUMN needs_retention_days INTEGER NOT NULL DEFAULT 30
  CHECK (needs_retention_days BETWEEN 0 AND 3650);
ALTER TABLE events ADD COLUMN personal_retention_days INTEGER NOT NULL DEFAULT 90
  CHECK (personal_retention_days BETWEEN 0 AND 3650);
-- When the retention job first did each step (NULL: not yet).
ALTER TABLE events ADD COLUMN needs_erased_at TEXT;
ALTER TABLE events ADD COLUMN personal_anonymised_at TEXT;
