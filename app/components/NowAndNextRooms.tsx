import { Link } from "@remix-run/react";
import type { NowAndNext, PublicSession } from "~/.server/schedule";
import { nowAndNextMessage, slotLine } from "~/domain/now-and-next";
import { InsetText } from "./govuk";
import { MineTag } from "./PublicGrid";

/**
 * Now and next in every room: the slot line, then one row per room with what is on now and
 * next in it. One component for two places, in two styles:
 * - `page` (`/events/<slug>/now`): GOV.UK type, session titles link to their pages, the
 *   attendee's own sessions are marked, and on a phone each cell says which column it is;
 * - `display` (the venue display, rendered to static HTML): large type from display.css, no
 *   links (nothing to click on a lobby TV), no personal marks.
 * With no view (grid not published), no slots, or the day over, it says so instead.
 */
type Props = { view: NowAndNext | null; variant: "page" | "display"; slug?: string };

function SessionSummary({ session, time, variant, slug }: { session: PublicSession | null; time?: string | null; variant: Props["variant"]; slug?: string }) {
  const page = variant === "page";
  if (!session) return <span className={page ? "pg-sched-meta" : "none"}>Nothing scheduled</span>;
  const meta = page ? "pg-sched-meta" : "meta";
  return (
    <>
      {page && slug ? (
        <Link className="govuk-link pg-sched-title" to={`/events/${slug}/sessions/${session.id}`}>
          {session.title}
        </Link>
      ) : (
        <span className="title">{session.title}</span>
      )}
      {time ? <span className={meta}>{time}</span> : null}
      {session.hosts.length ? <span className={meta}>By {session.hosts.join(", ")}</span> : null}
      {page ? <MineTag mine={session.mine} /> : null}
    </>
  );
}

export function NowAndNextRooms({ view, variant, slug }: Props) {
  const page = variant === "page";
  const message = nowAndNextMessage(view);
  if (message || !view) {
    if (!page) return <p className="closing">{message}</p>;
    return view === null ? (
      <InsetText>
        <p className="govuk-body">{message}</p>
      </InsetText>
    ) : (
      <p className="govuk-body">{message}</p>
    );
  }
  const where = (label: string) => (page ? <span className="pg-sched-where">{label}: </span> : null);
  const mine = (session: PublicSession | null) => (page && session?.mine ? "pg-sched-mine" : undefined);
  return (
    <>
      <p className={page ? "govuk-body-l" : "slot"}>{slotLine(view)}</p>
      {page ? <p className="govuk-body-s">It is {view.today}. Times are local times at the venue.</p> : null}
      <table className={page ? "pg-sched" : undefined}>
        <caption className={page ? "govuk-table__caption govuk-table__caption--m" : "visually-hidden"}>What is on in each room</caption>
        <thead>
          <tr>
            <th scope="col">Room</th>
            <th scope="col">Now</th>
            <th scope="col">Next in this room</th>
          </tr>
        </thead>
        <tbody>
          {view.rooms.map((room) => (
            <tr key={room.id}>
              <th scope="row">{room.name}</th>
              <td className={mine(room.now)}>
                {where("Now")}
                <SessionSummary session={room.now} variant={variant} slug={slug} />
              </td>
              <td className={mine(room.next)}>
                {where("Next in this room")}
                <SessionSummary session={room.next} time={room.nextTime} variant={variant} slug={slug} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
