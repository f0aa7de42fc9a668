-- Open Space self-placement (issue 17) and notes carried over by a merge.
--
-- 1. An event setting, off by default: hosts of an open pitch may place it themselves in a free
--    cell of the grid (one that is not closed, not taken, where none of its hosts is already
--    hosting and no grid warning about the session would follow), move it again, or take it back
--    off the grid while it is not pinned. Organisers can still move, pin and unplace it.
ALTER TABLE events ADD COLUMN open_space INTEGER NOT NULL DEFAULT 0 CHECK (open_space IN (0, 1));

-- 2. A change a host made is recorded in grid_changes like an organiser's (kind 'placements'),
--    with the host kept by reference only (as session notes keep who saved), so erasure reaches
--    the name through registrations. organiser_email then holds 'host'. No REFERENCES clause:
--    foreign keys are not enforced here and a deleted registration must not block anything.
ALTER TABLE grid_changes ADD COLUMN by_host_registration_id INTEGER;

-- 3. Merging pitches keeps the duplicate's session notes on the kept session: the versions the
--    merge added there (ids in session_note_versions), so un-merging can take them back off.
ALTER TABLE pitch_merges ADD COLUMN carried_note_versions TEXT; -- JSON: [session_note_versions.id] or NULL
