-- Issue 16, the rest: turnout-aware places, the weighted lottery for real, turnout per
-- organisation that survives the retention job.

-- An allocation margin above the venue's capacity, per event: a percentage or a number of places
-- (never both; NULL both: no margin). Registration, offers and "places left" allocate up to
-- capacity + margin; each ticket type's quota rises in the same proportion (rounded down).
ALTER TABLE events ADD COLUMN margin_percent INTEGER CHECK (margin_percent IS NULL OR (margin_percent >= 0 AND margin_percent <= 100));
ALTER TABLE events ADD COLUMN margin_places INTEGER CHECK (margin_places IS NULL OR margin_places >= 0);

-- The weighted lottery's rules per ticket type (JSON: weights for first-timers and councils not
-- yet represented, a cap per email domain, a cap for suppliers). NULL: a plain draw.
ALTER TABLE ticket_types ADD COLUMN lottery_rules TEXT;

-- Self-declared on the registration form of a lottery ticket: first time at this series, and
-- working for a supplier (a company selling to councils). 0/1.
ALTER TABLE registrations ADD COLUMN first_timer_declared INTEGER NOT NULL DEFAULT 0;
ALTER TABLE registrations ADD COLUMN supplier_declared INTEGER NOT NULL DEFAULT 0;

-- The draw record published after a weighted draw (JSON, pseudonymous: entry numbers and domain
-- groups, no names or emails), served on the event's draw page and as a download.
ALTER TABLE lottery_draws ADD COLUMN record TEXT;

-- Turnout per organisation, kept as counts when the retention job blanks organisations: one row
-- per event and organisation (a council's name, or what people typed, or 'Not given').
CREATE TABLE turnout_organisations (
  event_id INTEGER NOT NULL REFERENCES events(id),
  organisation TEXT NOT NULL,
  holding INTEGER NOT NULL,
  checked_in INTEGER NOT NULL,
  no_shows INTEGER NOT NULL,
  late_cancellations INTEGER NOT NULL,
  PRIMARY KEY (event_id, organisation)
);
