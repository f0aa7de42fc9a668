import { afterEach, describe, expect, it } from "vitest";
import { cachedPage, clearPageCacheForTests, pageCacheSize, rememberPage, renderedPageKey } from "./page-cache";

const get = (path: string, headers: Record<string, string> = {}, method = "GET") => new Request(`http://pitchgrid.test${path}`, { method, headers });
const publicPage = () => new Headers({ ETag: 'W/"v3-abc-public"', "Cache-Control": "public, no-cache" });

afterEach(() => clearPageCacheForTests());

describe("which rendered pages are kept", () => {
  it("keeps a public page with an ETag, per URL and tag", () => {
    expect(renderedPageKey(get("/events/camp/schedule"), 200, publicPage())).toBe('/events/camp/schedule W/"v3-abc-public"');
    expect(renderedPageKey(get("/events/camp/schedule?x=1"), 200, publicPage())).toBe('/events/camp/schedule?x=1 W/"v3-abc-public"');
  });

  it("never keeps anything personal, private, failed, untagged or not a GET", () => {
    expect(renderedPageKey(get("/events/camp/schedule", { Cookie: "__pitchgrid=x" }), 200, publicPage())).toBeNull();
    expect(renderedPageKey(get("/events/camp/schedule"), 200, new Headers({ ETag: 'W/"v3"', "Cache-Control": "private, no-cache" }))).toBeNull();
    expect(renderedPageKey(get("/events/camp/schedule"), 200, new Headers({ "Cache-Control": "public, no-cache" }))).toBeNull();
    expect(renderedPageKey(get("/events/camp/schedule"), 404, publicPage())).toBeNull();
    expect(renderedPageKey(get("/events/camp/schedule", {}, "HEAD"), 200, publicPage())).toBeNull();
    const withCookie = publicPage();
    withCookie.set("Set-Cookie", "__pitchgrid=y");
    expect(renderedPageKey(get("/events/camp/schedule"), 200, withCookie)).toBeNull();
    expect(renderedPageKey(get("/"), 200, new Headers({ ETag: 'W/"v3"', "Cache-Control": "no-cache, publicity" }))).toBeNull();
  });
});

describe("a kept page", () => {
  it("comes back with the new response's nonce everywhere the old one stood", () => {
    rememberPage("k", '<script nonce="OLD+/=">a</script><link nonce="OLD+/=">', "OLD+/=");
    expect(cachedPage("k", "NEW")).toBe('<script nonce="NEW">a</script><link nonce="NEW">');
    expect(cachedPage("other", "NEW")).toBeNull();
  });

  it("drops the least recently used page when full", () => {
    for (let i = 0; i < 64; i++) rememberPage(`page${i}`, `html${i}`, "n");
    expect(cachedPage("page0", "n")).toBe("html0"); // used: now the newest
    rememberPage("page64", "html64", "n");
    expect(pageCacheSize()).toBe(64);
    expect(cachedPage("page1", "n")).toBeNull();
    expect(cachedPage("page0", "n")).toBe("html0");
  });
});
