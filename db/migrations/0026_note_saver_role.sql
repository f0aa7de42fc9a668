-- Session notes saved by the event's team say whether an organiser or a volunteer saved them
-- ("Saved by" in the notes history): the role at the time of the save, NULL for attendees' saves.
-- Saves made before this migration take the role the person has in that event's team now
-- (a volunteer still a volunteer), else organiser (what the history said until now).
ALTER TABLE session_note_versions ADD COLUMN saved_by_role TEXT CHECK (saved_by_role IN ('organiser', 'volunteer'));
UPDATE session_note_versions
SET saved_by_role = CASE
  WHEN EXISTS (
    SELECT 1 FROM event_organisers eo JOIN pitches p ON p.event_id = eo.event_id
    WHERE p.id = session_note_versions.pitch_id AND eo.email = lower(session_note_versions.saved_by_organiser) AND eo.role = 'volunteer'
  ) THEN 'volunteer'
  ELSE 'organiser'
END
WHERE saved_by_organiser IS NOT NULL;
