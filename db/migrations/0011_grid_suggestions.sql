-- "Suggest a grid": the last suggestion made for each event, so that the page shows it (from
-- any app process) without running the optimiser again. It is shown only while the grid is at
-- grid_version and the optimiser's input still has this fingerprint (interest marks, rooms,
-- closed cells and pitches change the input without changing the grid version). The result is
-- the optimiser's answer as JSON: pitch, room and slot ids and scores only (titles and room
-- names are looked up when it is shown).
CREATE TABLE grid_suggestions (
  event_id INTEGER PRIMARY KEY REFERENCES events(id),
  grid_version INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  result TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
