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

/**
 * GOV.UK: when a form comes back with errors, the page title starts with "Error: " (screen
 * readers announce it first). The server knows from the action's answer: any route whose action
 * data carries a non-empty `errors`.
 */
export function actionHasErrors(actionData: Record<string, unknown> | null | undefined): boolean {
  return Object.values(actionData ?? {}).some((value) => {
    const errors = value && typeof value === "object" ? (value as { errors?: unknown }).errors : undefined;
    return !!errors && typeof errors === "object" && Object.values(errors as Record<string, unknown>).some((messages) => Array.isArray(messages) && messages.length > 0);
  });
}

const TITLE = "<title>";

export function errorTitle(html: string): string {
  return html.replace(/<title>(?!Error: )/, `${TITLE}Error: `);
}

/** The streaming form of errorTitle: holds back the document only until its <title> has passed. */
export function errorTitleStream(): Transform {
  const decoder = new StringDecoder("utf8");
  let held = "";
  let done = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (done) return callback(null, decoder.write(chunk));
      held += decoder.write(chunk);
      const at = held.indexOf(TITLE);
      if (at === -1 && held.length < 256 * 1024) return callback(null, "");
      done = true;
      const text = at === -1 ? held : errorTitle(held);
      held = "";
      callback(null, text);
    },
    flush(callback) {
      callback(null, (done ? "" : errorTitle(held)) + decoder.end());
    },
  });
}
