import { describe, expect, it } from "vitest";
import { ifNoneMatchHits, weakEtag } from "./http-caching";

describe("ETags", () => {
  it("are weak, so compressed and plain bodies of the same content share one", () => {
    expect(weakEtag("v7-abc")).toBe('W/"v7-abc"');
  });

  it("answer If-None-Match by weak comparison, in lists and with *", () => {
    const etag = weakEtag("v7");
    expect(ifNoneMatchHits('W/"v7"', etag)).toBe(true);
    expect(ifNoneMatchHits('"v7"', etag)).toBe(true);
    expect(ifNoneMatchHits('"v6", W/"v7"', etag)).toBe(true);
    expect(ifNoneMatchHits("*", etag)).toBe(true);
    expect(ifNoneMatchHits('W/"v6"', etag)).toBe(false);
    expect(ifNoneMatchHits('W/"v70"', etag)).toBe(false);
    expect(ifNoneMatchHits("", etag)).toBe(false);
    expect(ifNoneMatchHits(null, etag)).toBe(false);
  });
});
