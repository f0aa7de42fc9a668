-- Organisers' own questions on an event's registration form ("Which team are you in?"), and the
-- answers people give. Answers go with the registration: erased with it, exported with it.
CREATE TABLE event_questions (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  hint TEXT NOT NULL DEFAULT '',
  required INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
  position INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX event_questions_by_event ON event_questions (event_id, position, id);

CREATE TABLE registration_answers (
  registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
  question_id INTEGER NOT NULL REFERENCES event_questions(id) ON DELETE CASCADE,
  answer TEXT NOT NULL,
  PRIMARY KEY (registration_id, question_id)
);
CREATE INDEX registration_answers_by_question ON registration_answers (question_id);
