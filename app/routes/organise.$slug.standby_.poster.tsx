import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderToStaticMarkup } from "react-dom/server";
import { env, styleHash, withErrorPage, withSecurityHeaders } from "~/.server/platform";
import { requireOrganiserEvent } from "~/.server/auth";
import { cutoffTimeOfDay, qrCodeDataUrl, standbyView } from "~/.server/registration";

const POSTER_CSS = `
body { font-family: Arial, Helvetica, sans-serif; margin: 2cm; color: #0b0c0c; text-align: center; }
h1 { font-size: 2.6rem; margin: 0 0 0.5em; }
p { font-size: 1.5rem; margin: 0.5em 0; }
img { width: 12cm; height: 12cm; image-rendering: pixelated; }
.link { font-size: 1.8rem; font-weight: bold; word-break: break-all; }
@page { size: A4 portrait; margin: 1cm; }
`;

/**
 * The door poster for standby: a standalone printable page (no site header or scripts) with a
 * QR code of the join link and the link as text, so a phone can scan it or a person can type it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const view = await standbyView(event.id);
  const link = `${env().PUBLIC_URL}/events/${event.slug}/standby`;
  const cutoff = cutoffTimeOfDay(view.list, event);
  const qr = await qrCodeDataUrl(link);
  const html = renderToStaticMarkup(
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${event.name}: standby at the door`}</title>
        <style dangerouslySetInnerHTML={{ __html: POSTER_CSS }} />
      </head>
      <body>
        <main>
          <h1>No place at {event.name}? Join the standby list</h1>
          <img src={qr} alt="QR code of the link below" />
          <p>Scan the code with your phone’s camera, or type this link:</p>
          <p className="link">{link}</p>
          <p>You get a number. When seats free up{cutoff ? ` (from ${cutoff})` : ""}, we call numbers in order, here at the door{view.list.joiningOpen ? "" : ". Joining opens on the day"}.</p>
        </main>
      </body>
    </html>,
  );
  const headers = withSecurityHeaders({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" }, { styleHashes: [styleHash(POSTER_CSS)] });
  return new Response(`<!DOCTYPE html>${html}`, { headers });
}
