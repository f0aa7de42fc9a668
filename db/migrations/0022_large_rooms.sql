-- Organisers say which rooms are "large" (issue 14). A session can ask for a larger room; until
-- now a room counted as large when it was among the biggest third of the event's rooms by
-- capacity, which organisers could not see or change. 1 = large, 0 = not large, NULL = not
-- answered yet (rooms made before this migration, copied from such a room, or added outside the
-- room form): those still count by the capacity rule.
ALTER TABLE rooms ADD COLUMN is_large INTEGER CHECK (is_large IN (0, 1));
