import { describe, expect, it } from "vitest";
import { makeEvent } from "../../../tests/support/factories";
import { query, rowsOf } from "../platform";
import { addQuestion, answerField, answersOf, listQuestions, MAX_QUESTIONS, readAnswers, removeQuestion, type Question } from "./questions";
import { eraseRegistration, personalData, registerForEvent, registrationsCsvRows } from "../registration";

const questions: Question[] = [
  { id: 1, label: "Which team are you in?", hint: "", required: true, position: 1 },
  { id: 2, label: "Anything else?", hint: "", required: false, position: 2 },
];

describe("checking answers (pure)", () => {
  it("keeps trimmed answers, skips blank optional ones and ignores fields that are not questions", () => {
    expect(readAnswers(questions, { [answerField(1)]: "  Digital  ", [answerField(2)]: "   ", "question-99": "sneaky", name: "Pat" })).toEqual({
      ok: true,
      answers: [{ questionId: 1, answer: "Digital" }],
    });
    expect(readAnswers([], { "question-1": "x" })).toEqual({ ok: true, answers: [] });
  });

  it("names each question that needs an answer or has too long a one", () => {
    expect(readAnswers(questions, { [answerField(2)]: "x".repeat(501) })).toEqual({
      ok: false,
      errors: { "question-1": ["Answer “Which team are you in?”"], "question-2": ["Your answer to “Anything else?” must be 500 characters or fewer"] },
    });
    // Repeated fields arrive as arrays: not an answer.
    expect(readAnswers(questions, { [answerField(1)]: ["a", "b"] })).toMatchObject({ ok: false });
  });
});

describe("an event's questions", () => {
  const person = (ticketTypeId: number, email: string) => ({ ticketTypeId, name: "Pat", email, organisation: "GBC", jobRole: "", accessNeeds: "", dietaryNeeds: "" });

  it("are asked in order, answered with the registration, exported, erased with the person and removed with their answers", async () => {
    const { event, ticket } = await makeEvent();
    const team = await addQuestion(event.id, { label: "Which team are you in?", hint: "As on your email signature", required: true });
    const pitch = await addQuestion(event.id, { label: "Will you pitch?", hint: "", required: false });
    expect((await listQuestions(event.id)).map((q) => q.label)).toEqual(["Which team are you in?", "Will you pitch?"]);

    const other = await makeEvent();
    const foreign = await addQuestion(other.event.id, { label: "Not this event's", hint: "", required: false });
    const pat = await registerForEvent(event.slug, {
      ...person(ticket.id, "pat@guildford.gov.uk"),
      answers: [
        { questionId: team.id, answer: "=Digital" },
        { questionId: foreign.id, answer: "should not be stored" },
      ],
    });
    expect(await answersOf(pat.registrationId)).toEqual([{ question: "Which team are you in?", answer: "=Digital" }]);
    expect((await personalData(pat.registrationId)).answers).toEqual([{ question: "Which team are you in?", answer: "=Digital" }]);

    const csv = await registrationsCsvRows(event);
    expect(csv[0].slice(-2)).toEqual(["Which team are you in?", "Will you pitch?"]);
    expect(csv[1].slice(-2)).toEqual(["=Digital", ""]);

    await eraseRegistration(pat.registrationId);
    expect(await answersOf(pat.registrationId)).toEqual([]);

    const sam = await registerForEvent(event.slug, { ...person(ticket.id, "sam@guildford.gov.uk"), answers: [{ questionId: pitch.id, answer: "Yes" }] });
    expect(await removeQuestion(event.id, pitch.id)).toBe(true);
    expect(await removeQuestion(event.id, pitch.id)).toBe(false);
    expect(await removeQuestion(other.event.id, team.id)).toBe(false);
    expect(await answersOf(sam.registrationId)).toEqual([]);
    expect(rowsOf(await query({ sql: "SELECT * FROM registration_answers WHERE question_id = ?", args: [pitch.id] }))).toHaveLength(0);
  });

  it(`stop at ${MAX_QUESTIONS}`, async () => {
    const { event } = await makeEvent();
    for (let i = 0; i < MAX_QUESTIONS; i++) await addQuestion(event.id, { label: `Question ${i}`, hint: "", required: false });
    await expect(addQuestion(event.id, { label: "One too many", hint: "", required: false })).rejects.toThrow(`at most ${MAX_QUESTIONS} questions`);
  });
});
