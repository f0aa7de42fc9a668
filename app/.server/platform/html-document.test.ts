import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { actionHasErrors, errorTitle, errorTitleStream, tidyHtml, tidyHtmlStream } from "./html-document";

const streamed = '<!DOCTYPE html><html lang="en-GB"><head></head><body><p>Café ✓</p></body></html><script>window.__data=1</script><div hidden id="S:0">late</div>';
const expected = '<!DOCTYPE html><html lang="en-GB"><head></head><body><p>Café ✓</p><script>window.__data=1</script><div hidden id="S:0">late</div></body></html>';

async function throughTransform(chunks: Buffer[]): Promise<string> {
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(tidyHtmlStream())) out.push(Buffer.from(chunk));
  return Buffer.concat(out).toString("utf8");
}

describe("tidying React's streamed HTML", () => {
  it("moves </body></html> after what was streamed behind it, in a string", () => {
    expect(tidyHtml(streamed)).toBe(expected);
    expect(tidyHtml("<p>fragment</p>")).toBe("<p>fragment</p>");
  });

  it("does the same in a stream, whatever the chunk boundaries (even inside the tags or a character)", async () => {
    const bytes = Buffer.from(streamed, "utf8");
    for (const size of [1, 2, 3, 7, 13, 64, bytes.length]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      expect(await throughTransform(chunks), `chunks of ${size} bytes`).toBe(expected);
    }
  });

  it("drops the NUL bytes React 18 leaves at chunk ends beside multi-byte characters", async () => {
    const withNul = Buffer.concat([Buffer.from("<body><p>Other "), Buffer.from([0]), Buffer.from(" · by Chris</p>\u0000\u0000“quoted”</body></html>")]);
    const clean = "<body><p>Other  · by Chris</p>“quoted”</body></html>";
    expect(tidyHtml(withNul.toString("utf8"))).toBe(clean);
    expect(await throughTransform([withNul.subarray(0, 16), withNul.subarray(16)])).toBe(clean);
  });

  it("passes a document with nothing after its closing tags through unchanged", async () => {
    const whole = "<html><body>x</body></html>";
    expect(await throughTransform([Buffer.from(whole)])).toBe(whole);
    expect(await throughTransform([Buffer.from("no closing tags here")])).toBe("no closing tags here");
  });
});

describe("page titles of forms answered with errors (issue 15, GOV.UK)", () => {
  it("start with \"Error: \" when any route's action data carries an error, once", async () => {
    expect(actionHasErrors({ "routes/organise.new": { errors: { slug: ["Web address can only contain…"] }, values: {} } })).toBe(true);
    expect(actionHasErrors({ "routes/organise.new": { errors: { slug: [] } } })).toBe(false);
    expect(actionHasErrors({ "routes/x": { warning: "cut" } })).toBe(false);
    expect(actionHasErrors(null)).toBe(false);
    expect(errorTitle("<head><title>Create an event – Pitchgrid</title>")).toBe("<head><title>Error: Create an event – Pitchgrid</title>");
    expect(errorTitle("<title>Error: Create an event – Pitchgrid</title>")).toBe("<title>Error: Create an event – Pitchgrid</title>");
    const page = "<!DOCTYPE html><html><head><title>Register – Pitchgrid</title></head><body>Café</body></html>";
    const bytes = Buffer.from(page, "utf8");
    for (const size of [1, 5, 64, bytes.length]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      const out: Buffer[] = [];
      for await (const chunk of Readable.from(chunks).pipe(errorTitleStream())) out.push(Buffer.from(chunk));
      expect(Buffer.concat(out).toString("utf8"), `chunks of ${size} bytes`).toBe(page.replace("<title>", "<title>Error: "));
    }
  });
});
