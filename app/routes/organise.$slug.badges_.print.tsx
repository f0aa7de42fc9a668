import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderToStaticMarkup } from "react-dom/server";
import { styleHash, withErrorPage, withSecurityHeaders } from "~/.server/platform";
import { requireOrganiserEvent } from "~/.server/auth";
import { listBadges } from "~/.server/registration";
import { badgeLayout, badgeNameSize, badgePages, badgeSelection } from "~/domain/badges";
import { formatDateTime } from "~/domain/time";
import badgesCss from "~/styles/badges.css?raw";

const PAGE_SIZE = { sheet: "@page { size: A4 portrait; margin: 0; }", single: "@page { size: 86mm 54mm; margin: 0; }" } as const;

/**
 * The badges to print: a standalone page (no site header or scripts) for the organisers only,
 * never stored by the browser. `layout` = sheet (A4, 8 to a sheet) or single (one to a page);
 * `which` = all (everyone confirmed) or new (confirmed since the last "Mark as printed").
 * Opening it records nothing: "Mark as printed" is a form that posts to the badges page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const url = new URL(request.url);
  const layout = badgeLayout(url.searchParams.get("layout"));
  const which = badgeSelection(url.searchParams.get("which"));
  const list = await listBadges(event.id, which);
  const pages = badgePages(list.badges, layout);
  const count = list.badges.length === 1 ? "1 badge" : `${list.badges.length} badges`;
  const what = which === "new" ? (list.printedAt ? `people confirmed since ${formatDateTime(list.printedAt, event.timeZone)}` : "everyone (nothing has been marked as printed yet)") : "everyone with a confirmed place";
  const css = `${PAGE_SIZE[layout]}\n${badgesCss}`;
  const html = renderToStaticMarkup(
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`Name badges – ${event.name}`}</title>
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body className={`layout-${layout}`}>
        <div className="tools">
          <h1>{`Name badges: ${count}`}</h1>
          <p>
            {`For ${what}, ${layout === "sheet" ? `on ${pages.length === 1 ? "1 A4 sheet" : `${pages.length} A4 sheets`} (8 to a sheet)` : "one to a page (86 × 54 mm)"}. `}
            Print with your browser’s Print command at actual size (100%), with no margins and no headers or footers.
          </p>
          {list.badges.length > 0 ? (
            <form method="post" action={`/organise/${event.slug}/badges`}>
              <input type="hidden" name="listedAt" value={list.listedAt} />
              <p>After printing, mark these as printed, so next time you can print only the people added since.</p>
              <button type="submit">Mark as printed</button>
            </form>
          ) : null}
          <p>
            <a href={`/organise/${event.slug}/badges`}>Back to name badges</a>
          </p>
        </div>
        <main>
          {list.badges.length === 0 ? (
            <p className="tools">Nobody to print: {which === "new" ? "nobody has been confirmed since the last print." : "nobody has a confirmed place yet."}</p>
          ) : (
            pages.map((page, index) => (
              <section className="sheet" key={index} aria-label={`Sheet ${index + 1} of ${pages.length}`}>
                {page.map((badge) => (
                  <div className="badge" key={badge.id}>
                    <span className={`name ${badgeNameSize(badge.name)}`}>{badge.name}</span>
                    {badge.pronouns ? <span className="pronouns">{badge.pronouns}</span> : null}
                    {badge.affiliation ? <span className="org">{badge.affiliation}</span> : null}
                    <span className="event">{event.name}</span>
                  </div>
                ))}
              </section>
            ))
          )}
        </main>
      </body>
    </html>,
  );
  const headers = withSecurityHeaders({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" }, { styleHashes: [styleHash(css)] });
  return new Response(`<!DOCTYPE html>${html}`, { headers });
}
