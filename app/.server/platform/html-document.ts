import { Transform } from "node:stream";
import { StringDecoder } from "node:string_decoder";

/**
 * Two fixes to the HTML that React 18 streams, so every page passes the Nu HTML Checker:
 * - React writes the document's `</body></html>` with the shell, then Remix's data scripts and
 *   resolved boundaries after it ("Stray start tag script"): the closing tags move to the end.
 * - React 18.3 can leave NUL bytes at a chunk's end when a multi-byte character meets the chunk
 *   boundary (facebook/react#26228, fixed only in React 19): they are dropped. U+0000 is never
 *   allowed in HTML and no page means one.
 */
const CLOSING = "</body></html>";

export function tidyHtml(html: string): string {
  const text = html.replaceAll("\u0000", "");
  const at = text.indexOf(CLOSING);
  return at === -1 ? text : text.slice(0, at) + text.slice(at + CLOSING.length) + CLOSING;
}

export function tidyHtmlStream(): Transform {
  const decoder = new StringDecoder("utf8");
  let held = "";
  let found = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let text = held + decoder.write(chunk).replaceAll("\u0000", "");
      held = "";
      if (!found) {
        const at = text.indexOf(CLOSING);
        if (at !== -1) {
          found = true;
          text = text.slice(0, at) + text.slice(at + CLOSING.length);
        } else {
          // The tags may be split across chunks: keep back what could be their start.
          const keep = Math.min(text.length, CLOSING.length - 1);
          held = text.slice(text.length - keep);
          text = text.slice(0, text.length - keep);
        }
      }
      done(null, text);
    },
    flush(done) {
      done(null, held + decoder.end().replaceAll("\u0000", "") + (found ? CLOSING : ""));
    },
  });
}
