import { describe, expect, it } from "vitest";
import { redactUrl } from "./access-log";
import { newToken } from "./tokens";

describe("the access log's URLs", () => {
  const token = newToken();

  it("hide the secret in private links and feeds", () => {
    expect(redactUrl(`/r/${token}`)).toBe("/r/[redacted]");
    expect(redactUrl(`/r/${token}/edit?saved=1`)).toBe("/r/[redacted]/edit?saved=1");
    expect(redactUrl(`/r/${token}/data.json`)).toBe("/r/[redacted]/data.json");
    expect(redactUrl(`/feeds/${token}`)).toBe("/feeds/[redacted]");
    expect(redactUrl(`/feeds/short`)).toBe("/feeds/[redacted]");
  });

  it("hide token-like and secret-named query values, encoded or not", () => {
    expect(redactUrl(`/sign-in/verify?token=${token}&redirectTo=%2Forganise`)).toBe("/sign-in/verify?token=[redacted]&redirectTo=%2Forganise");
    expect(redactUrl(`/events/camp/register/confirm?token=abc`)).toBe("/events/camp/register/confirm?token=[redacted]");
    expect(redactUrl(`/x?t=${token}`)).toBe("/x?t=[redacted]");
    expect(redactUrl(`/sign-in?redirectTo=%2Fr%2F${token}`)).not.toContain(token);
    expect(redactUrl(`/x?a=%E0%A4%A`)).toBe("/x?a=%E0%A4%A");
  });

  it("keep ordinary addresses as they are", () => {
    for (const url of ["/", "/events/localgovcamp/schedule", "/organise/camp/registrations?status=pending-approval&q=smith", "/r/", "/assets/root-Bx3_aZ.css"]) {
      expect(redactUrl(url)).toBe(url);
    }
  });
});
