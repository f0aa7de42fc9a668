import type { Transaction } from "@libsql/client";
import { firstRow, nowIso, query, rowsOf, writeTransaction } from "../platform";

/**
 * Organisers' own questions on the registration form. The rule that checks answers is pure
 * (questions and form in, answers or errors out); storing answers happens inside the
 * registration's own write transaction, so a registration never lands without them.
 */
export type Question = { id: number; label: string; hint: string; required: boolean; position: number };
export type Answer = { questionId: number; answer: string };

export const MAX_QUESTIONS = 10;
const MAX_ANSWER_LENGTH = 500;

/** The form field that carries the answer to a question. */
export function answerField(questionId: number) {
  return `question-${questionId}`;
}

/** Checks a form's answers against the event's questions: every required one answered, none too long. */
export function readAnswers(questions: Question[], form: Record<string, unknown>): { ok: true; answers: Answer[] } | { ok: false; errors: Record<string, string[]> } {
  const answers: Answer[] = [];
  const errors: Record<string, string[]> = {};
  for (const question of questions) {
    const field = answerField(question.id);
    const raw = form[field];
    const answer = typeof raw === "string" ? raw.trim() : "";
    if (question.required && answer === "") errors[field] = [`Answer “${question.label}”`];
    else if (answer.length > MAX_ANSWER_LENGTH) errors[field] = [`Your answer to “${question.label}” must be ${MAX_ANSWER_LENGTH} characters or fewer`];
    else if (answer !== "") answers.push({ questionId: question.id, answer });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, answers };
}

export type QuestionRow = { id: number; label: string; hint: string; required: number; position: number };
export const toQuestion = (q: QuestionRow): Question => ({ id: Number(q.id), label: q.label, hint: q.hint, required: Number(q.required) === 1, position: Number(q.position) });

export async function listQuestions(eventId: number): Promise<Question[]> {
  return rowsOf<QuestionRow>(
    await query({ sql: "SELECT id, label, hint, required, position FROM event_questions WHERE event_id = ? ORDER BY position, id", args: [eventId] }),
  ).map(toQuestion);
}

/** The same, by the event's slug: one read on the registration form's busy path. */
export class QuestionRefused extends Error {}

export async function addQuestion(eventId: number, input: { label: string; hint: string; required: boolean }, now = new Date()): Promise<Question> {
  const id = await writeTransaction(async (tx) => {
    const row = firstRow<{ n: number; last: number | null }>(await tx.execute({ sql: "SELECT COUNT(*) AS n, MAX(position) AS last FROM event_questions WHERE event_id = ?", args: [eventId] }));
    if (Number(row?.n ?? 0) >= MAX_QUESTIONS) throw new QuestionRefused(`An event can ask at most ${MAX_QUESTIONS} questions: remove one first.`);
    const result = await tx.execute({
      sql: "INSERT INTO event_questions (event_id, label, hint, required, position, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      args: [eventId, input.label, input.hint, input.required ? 1 : 0, Number(row?.last ?? 0) + 1, nowIso(now)],
    });
    return Number(result.lastInsertRowid);
  });
  return (await listQuestions(eventId)).find((q) => q.id === id)!;
}

/** Removes a question and the answers given to it (foreign keys are not relied on: see db.ts). */
export async function removeQuestion(eventId: number, questionId: number): Promise<boolean> {
  return writeTransaction(async (tx) => {
    const result = await tx.execute({ sql: "DELETE FROM event_questions WHERE id = ? AND event_id = ?", args: [questionId, eventId] });
    if (result.rowsAffected !== 1) return false;
    await tx.execute({ sql: "DELETE FROM registration_answers WHERE question_id = ?", args: [questionId] });
    return true;
  });
}

/** Stores answers with a new registration, in its transaction; only this event's questions count. */
export async function saveAnswers(tx: Pick<Transaction, "execute">, eventId: number, registrationId: number, answers: Answer[]) {
  for (const { questionId, answer } of answers) {
    await tx.execute({
      sql: "INSERT INTO registration_answers (registration_id, question_id, answer) SELECT ?, id, ? FROM event_questions WHERE id = ? AND event_id = ?",
      args: [registrationId, answer, questionId, eventId],
    });
  }
}

/** Each registration's answers, by registration id then question id. */
export async function answersByRegistration(eventId: number): Promise<Map<number, Map<number, string>>> {
  const rows = rowsOf<{ registration_id: number; question_id: number; answer: string }>(
    await query({
      sql: "SELECT a.registration_id, a.question_id, a.answer FROM registration_answers a JOIN event_questions q ON q.id = a.question_id WHERE q.event_id = ?",
      args: [eventId],
    }),
  );
  const byRegistration = new Map<number, Map<number, string>>();
  for (const row of rows) {
    const id = Number(row.registration_id);
    if (!byRegistration.has(id)) byRegistration.set(id, new Map());
    byRegistration.get(id)!.set(Number(row.question_id), row.answer);
  }
  return byRegistration;
}

/** One person's answers, with the questions, for their own data export and the organiser's page. */
export async function answersOf(registrationId: number): Promise<{ question: string; answer: string }[]> {
  return rowsOf<{ label: string; answer: string }>(
    await query({
      sql: "SELECT q.label, a.answer FROM registration_answers a JOIN event_questions q ON q.id = a.question_id WHERE a.registration_id = ? ORDER BY q.position, q.id",
      args: [registrationId],
    }),
  ).map((r) => ({ question: r.label, answer: r.answer }));
}

/** One person's answers as form values (field name to answer), to edit them. */
export async function answerValues(registrationId: number): Promise<Record<string, string>> {
  const rows = rowsOf<{ question_id: number; answer: string }>(
    await query({ sql: "SELECT question_id, answer FROM registration_answers WHERE registration_id = ?", args: [registrationId] }),
  );
  return Object.fromEntries(rows.map((r) => [answerField(Number(r.question_id)), r.answer]));
}

/** Replaces a person's answers (their own change of mind), in the caller's transaction. */
export async function replaceAnswers(tx: Pick<Transaction, "execute">, eventId: number, registrationId: number, answers: Answer[]) {
  await tx.execute({ sql: "DELETE FROM registration_answers WHERE registration_id = ?", args: [registrationId] });
  await saveAnswers(tx, eventId, registrationId, answers);
}
