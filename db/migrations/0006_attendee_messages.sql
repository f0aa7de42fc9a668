-- Messages organisers send to an event's attendees. Kept so organisers can see what went out
-- and to how many (no recipient list: erasing a person leaves nothing of them here), and keyed
-- so that a Send pressed twice sends once.
CREATE TABLE attendee_messages (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  send_key TEXT NOT NULL,
  sent_by TEXT NOT NULL,
  audience TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  recipients INTEGER NOT NULL DEFAULT 0,
  sent_at TEXT NOT NULL,
  UNIQUE (event_id, send_key)
);
