/**
 * Feedback after the event (issue 17): the form's rules, without a database. The event question
 * ("Was the event useful to you?") must be answered; each session the person marked may be
 * answered or left out; comments are plain text of at most COMMENT_MAX characters.
 */
export const COMMENT_MAX = 2000;

export type SessionAnswer = { pitchId: number; useful: boolean | null; comment: string };
export type FeedbackAnswers = { useful: boolean; comment: string; anonymous: boolean; sessions: SessionAnswer[] };
type FieldErrors = Record<string, string[]>;

const yesNo = (value: unknown): boolean | null | "bad" => (value === "yes" ? true : value === "no" ? false : value === undefined || value === "" ? null : "bad");
const text = (value: unknown): string | "bad" => (value === undefined ? "" : typeof value === "string" ? value.replace(/\r\n/g, "\n").trim() : "bad");

export const sessionField = (pitchId: number, part: "useful" | "comment") => `session-${pitchId}-${part}`;

/** Reads the posted form for the sessions offered (`pitchIds`); any other session field is ignored. */
export function parseFeedbackForm(form: Record<string, string | string[]>, pitchIds: number[]): { ok: true; data: FeedbackAnswers } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const useful = yesNo(form.useful);
  if (useful === null || useful === "bad") errors.useful = ["Say whether the event was useful to you"];
  const comment = text(form.comment);
  if (comment === "bad") errors.comment = ["Enter your comment once"];
  else if (comment.length > COMMENT_MAX) errors.comment = [`Your comment must be ${COMMENT_MAX} characters or fewer`];
  const anonymous = form.anonymous === "yes";
  const sessions: SessionAnswer[] = [];
  for (const pitchId of pitchIds) {
    const usefulName = sessionField(pitchId, "useful");
    const commentName = sessionField(pitchId, "comment");
    const sessionUseful = yesNo(form[usefulName]);
    if (sessionUseful === "bad") errors[usefulName] = ["Choose yes, no, or leave it blank"];
    const sessionComment = text(form[commentName]);
    if (sessionComment === "bad") errors[commentName] = ["Enter your comment once"];
    else if (sessionComment.length > COMMENT_MAX) errors[commentName] = [`Your comment must be ${COMMENT_MAX} characters or fewer`];
    if (sessionUseful === "bad" || sessionComment === "bad") continue;
    if (sessionUseful === null && sessionComment === "") continue;
    sessions.push({ pitchId, useful: sessionUseful, comment: sessionComment });
  }
  if (Object.keys(errors).length > 0 || useful === null || useful === "bad" || comment === "bad") return { ok: false, errors };
  return { ok: true, data: { useful, comment, anonymous, sessions } };
}

/** Who is invited: those checked in, when the event used check-in; otherwise everyone with a confirmed place. */
export function feedbackAudience(checkedIn: number): "checked-in" | "confirmed" {
  return checkedIn > 0 ? "checked-in" : "confirmed";
}
