import { gunzipSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { acceptsGzip, cachedPage, clearPageCacheForTests, gzippedPage, pageCacheSize, pageCompressionCount, pageRenderCount, rememberPage, renderedPageKey, renderPageOnce } from "./page-cache";

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

describe("a kept page, gzipped", () => {
  it("decompresses to the page with each response's own nonce, however the nonce falls", () => {
    const body = Array.from({ length: 300 }, (_, i) => `<tr><td>Session ${i} – café</td><td>Room ${i % 6}</td></tr>`).join("");
    for (const html of [
      `<script nonce="OLD">a</script>${body}<script nonce="OLD">b</script>`,
      `OLD${body}OLD`, // at both ends: empty pieces
      body, // no nonce at all
      "",
    ]) {
      rememberPage("gz", html, "OLD");
      for (const nonce of ["n1+/=", "a-much-longer-nonce-ABCDEFGHIJKLMNOPQRSTUVWXYZ", "é"]) {
        const gzipped = gzippedPage("gz", nonce)!;
        expect(gunzipSync(gzipped).toString("utf8")).toBe(html.replaceAll("OLD", nonce));
      }
    }
    expect(gzippedPage("not kept", "n")).toBeNull();
  });

  it("is compressed once per kept page, not per response, and about as small as gzipping it whole", () => {
    const html = `<script nonce="OLD">x</script>${Array.from({ length: 400 }, (_, i) => `<li class="govuk-list">Session ${i}</li>`).join("")}<script nonce="OLD">y</script>`;
    rememberPage("once", html, "OLD");
    // Counted, not timed: a timing comparison failed on a busy machine.
    const before = pageCompressionCount();
    const first = gzippedPage("once", "N1")!;
    for (let i = 0; i < 200; i++) expect(gunzipSync(gzippedPage("once", `N${i}`)!).toString("utf8")).toBe(html.replaceAll("OLD", `N${i}`));
    expect(pageCompressionCount() - before).toBe(1);
    // Kept again (a new version of the page): compressed once more.
    rememberPage("once", html.replace("Session 1<", "Session one<"), "OLD");
    gzippedPage("once", "N1");
    gzippedPage("once", "N2");
    expect(pageCompressionCount() - before).toBe(2);
    expect(first.length).toBeLessThan(gzipSync(html).length * 1.1 + 64);
  });

  it("is given to requests that accept gzip", () => {
    expect(acceptsGzip("gzip, deflate, br")).toBe(true);
    expect(acceptsGzip("br;q=1.0, gzip;q=0.8, *;q=0.1")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip("br")).toBe(false);
    expect(acceptsGzip(null)).toBe(false);
  });
});

describe("rendering a page once (single flight)", () => {
  const page = (nonce: string) => `<script nonce="${nonce}">x</script>`;

  it("makes every request that arrives while a page is being rendered wait for that one render", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let renders = 0;
    const render = async (nonce: string) => {
      renders += 1;
      await gate;
      return { html: page(nonce), failed: false };
    };
    const nonces = Array.from({ length: 50 }, (_, i) => `nonce${i}x`);
    const answers = Promise.all(nonces.map((nonce) => renderPageOnce("/events/camp/schedule v9", nonce, render)));
    release();
    const pages = await answers;
    expect(renders).toBe(1);
    expect(pageRenderCount()).toBe(1);
    pages.forEach((result, i) => expect(result).toEqual({ html: page(nonces[i]), failed: false }));
    // Kept afterwards: no more renders at all.
    expect(await renderPageOnce("/events/camp/schedule v9", "later", render)).toEqual({ html: page("later"), failed: false });
    expect(renders).toBe(1);
  });

  it("lets waiters render for themselves when the shared render failed, and keeps no failed page", async () => {
    let calls = 0;
    const render = async (nonce: string) => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 10));
      return calls === 1 ? { html: "broken", failed: true } : { html: page(nonce), failed: false };
    };
    const [first, second, third] = await Promise.all(["a1", "b2", "c3"].map((nonce) => renderPageOnce("k", nonce, render)));
    expect(first.failed).toBe(true);
    expect(second).toEqual({ html: page("b2"), failed: false });
    expect(third).toEqual({ html: page("c3"), failed: false });
    expect(calls).toBe(3);
  });
});
