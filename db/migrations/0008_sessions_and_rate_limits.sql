-- Organiser sessions kept on the server, so signing out (here or everywhere) revokes them. The
-- cookie carries a random id (still signed); only its SHA-256 digest is stored, so a copy of the
-- database cannot be turned into a working cookie.
CREATE TABLE organiser_sessions (
  id_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX organiser_sessions_by_email ON organiser_sessions (email);
CREATE INDEX organiser_sessions_by_expiry ON organiser_sessions (expires_at);

-- Rate-limit counters, shared by every app process: a fixed window per (bucket, key), counted by
-- one atomic upsert per check. window_start is in milliseconds since the epoch.
CREATE TABLE rate_limits (
  bucket TEXT NOT NULL,
  key TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (bucket, key)
);
CREATE INDEX rate_limits_by_window ON rate_limits (window_start);
