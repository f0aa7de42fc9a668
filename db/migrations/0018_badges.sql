-- Name badges (issue 17).

-- Optional pronouns a person gives when registering (or later, from their private link), printed
-- on their badge. Personal data like their name: erased and anonymised with it.
ALTER TABLE registrations ADD COLUMN pronouns TEXT NOT NULL DEFAULT '';

-- When an organiser last pressed "Mark as printed" on the badge sheets: the time the printed
-- list was made, so "only those added since the last print" shows people confirmed after it.
-- NULL: never printed.
ALTER TABLE events ADD COLUMN badges_printed_at TEXT;
