import { describe, expect, it } from "vitest";
import { safeRedirect } from "./forms";

/**
 * Where a sign-in link may send someone afterwards. setup-db.ts sets PUBLIC_URL to
 * http://pitchgrid.test: only paths on that origin are followed.
 */
const FALLBACK = "/organise";
const follow = (to: unknown) => safeRedirect(to, FALLBACK);

describe("safeRedirect", () => {
  it("keeps a path on our own site, with its query and fragment", () => {
    expect(follow("/organise/x?y=1#z")).toBe("/organise/x?y=1#z");
    expect(follow("/organise/localgovcamp/registrations?status=waiting")).toBe("/organise/localgovcamp/registrations?status=waiting");
    expect(follow("/")).toBe("/");
    // Encoded characters that are not dangerous survive (a space in a search, an accent).
    expect(follow("/organise/x?q=caf%C3%A9")).toBe("/organise/x?q=caf%C3%A9");
  });

  it("refuses the tab trick: browsers drop tabs and newlines, turning /\\t/evil into //evil", () => {
    // What the loader sees for ?redirectTo=/%09/evil.example (searchParams decode once)…
    for (const bad of ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/ /evil.example", "/\u000b/evil.example", "/\u00a0/evil.example", "/\u2028/evil.example"]) {
      expect(follow(bad), JSON.stringify(bad)).toBe(FALLBACK);
    }
    // …and the same still encoded, once or twice.
    for (const bad of ["/%09/evil.example", "/%0a/evil.example", "/%0D%0A/evil.example", "/%20/evil.example", "/%2509/evil.example", "/%252509/evil.example", "/x%00"]) {
      expect(follow(bad), bad).toBe(FALLBACK);
    }
  });

  it("refuses protocol-relative and backslash forms, encoded or not", () => {
    for (const bad of ["//evil.example", "//evil.example/organise", "/\\evil.example", "/\\/evil.example", "\\\\evil.example", "/%5Cevil.example", "/%5cevil.example", "/%255Cevil.example", "/%2F/evil.example", "/%2f%2fevil.example"]) {
      expect(follow(bad), bad).toBe(FALLBACK);
    }
  });

  it("refuses absolute URLs and other schemes, even to a look-alike of our host", () => {
    for (const bad of [
      "https://evil.example",
      "http://pitchgrid.test.evil.example/organise",
      "http://evil.example@pitchgrid.test",
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "evil.example",
      "organise",
    ]) {
      expect(follow(bad), bad).toBe(FALLBACK);
    }
  });

  it("refuses what is not a non-empty string, or cannot be decoded", () => {
    for (const bad of [undefined, null, 42, {}, ["/organise/x"], "", "/%E0%A4%A", `/${"a".repeat(3000)}`]) expect(follow(bad)).toBe(FALLBACK);
  });

  it("returns the path as resolved, so what is followed is what was checked", () => {
    expect(follow("/organise/../events/x")).toBe("/events/x");
    expect(follow("/a/./b")).toBe("/a/b");
  });
});
