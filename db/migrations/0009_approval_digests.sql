-- Organisers hear about approval requests in a digest: at most one email per event per
-- APPROVAL_DIGEST_MINUTES (registrations.ts), saying how many requests wait, with a link to the
-- queue. pending_since is when the oldest request not yet in a digest arrived (NULL: none).
-- A new registration no longer holds a place: 'held' now means "registered, email address not
-- yet confirmed", takes no place, and hold_expires_at is when its confirmation link stops working.
CREATE TABLE approval_digests (
  event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
  last_sent_at TEXT,
  pending_since TEXT
);
