import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm, stringValues, withErrorPage, withFormErrors } from "~/.server/platform";
import { redirectWithFlash, requireEventRole, requireOrganiserEvent } from "~/.server/auth";
import { eventAttendance } from "~/.server/pitching";
import { setDefaultShowUpRatio } from "~/.server/notes";
import { listRooms, listSlots } from "~/.server/events";
import { OrganiserNav } from "~/components/OrganiserNav";
import { Button, ErrorSummary, Input } from "~/components/govuk";
import { ratioLabel, showUpSentence } from "~/domain/attendance";
import { formatTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Head counts – Pitchgrid" }];

/**
 * Head counts against interest: for each session, "I'd go" marks, the show of hands, how many
 * came and the expected attendance the grid's warnings and "Suggest a grid" use; the event's
 * show-up ratio; and the default ratio used until there are counts.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, role } = await withErrorPage(() => requireEventRole(request, params.slug, "volunteer"));
  const [attendance, rooms, slots] = await Promise.all([eventAttendance(event.id), listRooms(event.id), listSlots(event.id)]);
  if (!attendance) throw new Response("Event not found", { status: 404 });
  const roomNames = new Map(rooms.map((r) => [r.id, r.name]));
  const slotTimes = new Map(slots.map((s) => [s.id, formatTime(s.startsAt, event.timeZone)]));
  return {
    slug: event.slug,
    name: event.name,
    role,
    sentence: showUpSentence(attendance.ratio),
    ratio: { ...attendance.ratio, label: ratioLabel(attendance.ratio.ratio) },
    defaultRatio: ratioLabel(attendance.defaultRatio),
    rows: attendance.rows.map((r) => ({
      ...r,
      where: r.roomId !== null && r.slotId !== null ? `${roomNames.get(r.roomId) ?? ""}, ${slotTimes.get(r.slotId) ?? ""}` : "Not on the grid",
      showedUp: r.headCount !== null && r.marks > 0 ? ratioLabel(r.headCount / r.marks) : null,
    })),
  };
}

/** The default show-up ratio is an event setting: organisers only. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const form = await readForm(request);
  const values = stringValues(form);
  return withFormErrors(values, async () => {
    const ratio = await setDefaultShowUpRatio(event.id, values.defaultShowUpRatio ?? "");
    return redirectWithFlash(request, `/organise/${event.slug}/attendance`, `Default show-up ratio set to ${ratioLabel(ratio)}.`);
  });
}

export default function Attendance() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <OrganiserNav slug={page.slug} name={page.name} role={page.role} />
      <span className="govuk-caption-l">{page.name}</span>
      <h1 className="govuk-heading-l">Head counts</h1>
      <p className="govuk-body" data-testid="show-up-ratio">
        {page.ratio.source === "event" ? (
          <>
            Show-up ratio: <strong>{page.ratio.label}</strong>. {page.ratio.counted} people came to {page.ratio.countedSessions} counted{" "}
            {page.ratio.countedSessions === 1 ? "session" : "sessions"}, which had {page.ratio.marks} “I’d go” marks.
          </>
        ) : (
          <>
            Show-up ratio: <strong>{page.ratio.label}</strong>, the default: no counted session has “I’d go” marks yet.
          </>
        )}
      </p>
      <p className="govuk-body">{page.sentence}</p>
      <p className="govuk-body">Hosts enter how many came from their session’s page (“How many came?”); so can you, from the links below.</p>
      <div className="pg-table-scroll" role="region" aria-label="Head counts by session" tabIndex={0}>
        <table className="govuk-table" data-testid="head-counts">
          <caption className="govuk-table__caption govuk-table__caption--m">Sessions</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Session</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">I’d go</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Hands</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Came</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Came / I’d go</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Expected</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {page.rows.map((r) => (
              <tr className="govuk-table__row" key={r.pitchId}>
                <th scope="row" className="govuk-table__header">
                  {r.title}
                  <span className="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular">{r.where}</span>
                  <span className="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular">
                    <Link className="govuk-link" to={`/events/${page.slug}/sessions/${r.pitchId}/head-count`}>
                      {r.headCount === null ? "Enter head count" : "Change head count"}
                      <span className="govuk-visually-hidden"> for {r.title}</span>
                    </Link>
                    {" · "}
                    <Link className="govuk-link" to={page.role === "volunteer" ? `/organise/${page.slug}/station#hands-${r.pitchId}` : `/organise/${page.slug}/pitches/${r.pitchId}#show-of-hands`}>
                      Show of hands<span className="govuk-visually-hidden"> for {r.title}</span>
                    </Link>
                  </span>
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{r.marks}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{r.showOfHands ?? "–"}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{r.headCount ?? "–"}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{r.showedUp ?? "–"}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {r.expected}
                  {r.capacity !== null && r.expected > r.capacity ? <span className="govuk-!-display-block govuk-body-s">over {r.capacity}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.role === "organiser" ? (
        <>
          <h2 className="govuk-heading-m">Default show-up ratio</h2>
          <p className="govuk-body">Used until sessions have head counts: then the event’s own ratio takes over.</p>
          <ErrorSummary errors={result?.errors} fieldOrder={["defaultShowUpRatio"]} />
          <Form method="post">
            <Input
              name="defaultShowUpRatio"
              label="Of those who mark “I’d go”, how many come"
              hint="A percentage from 5% to 200%, such as 70%"
              errors={result?.errors}
              defaultValue={result?.values?.defaultShowUpRatio ?? page.defaultRatio}
              width="4"
              inputMode="text"
            />
            <Button>Save default</Button>
          </Form>
        </>
      ) : null}
    </>
  );
}
