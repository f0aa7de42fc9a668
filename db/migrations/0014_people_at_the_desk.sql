-- People at the desk and in the inbox (issue 15).

-- Marked by an organiser after the event: booked, kept a place, did not come. NULL: not marked.
ALTER TABLE registrations ADD COLUMN no_show_at TEXT;

-- A person an organiser added (a walk-in, a replacement, a speaker, a volunteer): who added them,
-- and the reason they recorded when the ticket's rule or the places left would have refused it.
-- NULL / '' for everyone who registered themselves.
ALTER TABLE registrations ADD COLUMN added_by TEXT;
ALTER TABLE registrations ADD COLUMN added_reason TEXT NOT NULL DEFAULT '';

-- One person, one registration: "someone+2@council.gov.uk" is the same mailbox as
-- "someone@council.gov.uk". The duplicate check compares this key (the address with its
-- plus-tag removed; addresses are stored lower-case) and mail still goes to the address typed.
-- The expression must match EMAIL_KEY_SQL in app/domain/email-identity.ts exactly.
CREATE INDEX registrations_email_key ON registrations(event_id,
  (CASE WHEN instr(email, '+') > 1 AND instr(email, '+') < instr(email, '@')
        THEN substr(email, 1, instr(email, '+') - 1) || substr(email, instr(email, '@'))
        ELSE email END));
