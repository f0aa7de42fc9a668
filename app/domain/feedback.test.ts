import { describe, expect, it } from "vitest";
import { COMMENT_MAX, feedbackAudience, parseFeedbackForm } from "./feedback";

describe("the feedback form", () => {
  it("needs the event question answered, and keeps only sessions answered or commented", () => {
    expect(parseFeedbackForm({}, [1])).toEqual({ ok: false, errors: { useful: ["Say whether the event was useful to you"] } });
    const parsed = parseFeedbackForm(
      { useful: "yes", comment: "  Great day\r\nThanks ", anonymous: "yes", "session-1-useful": "no", "session-2-comment": "Too short", "session-3-useful": "", "session-9-useful": "yes" },
      [1, 2, 3],
    );
    expect(parsed).toEqual({
      ok: true,
      data: {
        useful: true,
        comment: "Great day\nThanks",
        anonymous: true,
        sessions: [
          { pitchId: 1, useful: false, comment: "" },
          { pitchId: 2, useful: null, comment: "Too short" },
        ],
      },
    });
  });

  it("refuses unknown answers, repeated fields and overlong comments, naming each field", () => {
    const parsed = parseFeedbackForm({ useful: "maybe", comment: ["a", "b"], "session-4-useful": "perhaps", "session-4-comment": "x".repeat(COMMENT_MAX + 1) }, [4]);
    expect(parsed.ok).toBe(false);
    expect(Object.keys(parsed.ok ? {} : parsed.errors).sort()).toEqual(["comment", "session-4-comment", "session-4-useful", "useful"]);
    expect(parseFeedbackForm({ useful: "no", anonymous: "no" }, [])).toMatchObject({ ok: true, data: { useful: false, anonymous: false, sessions: [] } });
  });

  it("invites those checked in when the event used check-in, else everyone confirmed", () => {
    expect(feedbackAudience(0)).toBe("confirmed");
    expect(feedbackAudience(3)).toBe("checked-in");
  });
});
