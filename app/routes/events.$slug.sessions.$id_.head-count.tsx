import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formError, noFields, positiveIdOr404, readIntentForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { redirectWithFlash, requirePublicEvent } from "~/.server/auth";
import { DraftNotice } from "~/components/DraftNotice";
import { eventAttendance, headCounterFor, setHeadCount } from "~/.server/pitching";
import { BackLink, Button, ErrorSummary, Input, SummaryList } from "~/components/govuk";
import { parseCount } from "~/domain/attendance";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `How many came: ${data.session.title} – Pitchgrid` : "How many came – Pitchgrid" }];

const FORBIDDEN = "Only the session’s hosts and the event’s organisers and volunteers can enter how many came. Hosts: open the link in your confirmation email on this device first.";

/** A phone form for one session: how many people came (a host or an organiser enters it). */
async function load(request: Request, params: { slug?: string; id?: string }) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const id = positiveIdOr404(params.id, "Session");
  const attendance = await eventAttendance(event.id);
  const row = attendance?.rows.find((r) => r.pitchId === id);
  if (!row) throw new Response("Session not found", { status: 404 });
  const counter = await headCounterFor(request, event.id, id);
  if (!counter) throw new Response(FORBIDDEN, { status: 403 });
  return { event, row, counter };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, row, counter } = await load(request, params);
  return {
    event: { name: event.name, slug: event.slug, draft: event.draftPreview },
    session: { id: row.pitchId, title: row.title, marks: row.marks, showOfHands: row.showOfHands, headCount: row.headCount, capacity: row.capacity },
    organiser: counter.kind === "organiser",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, row, counter } = await load(request, params);
  const { intent, values } = await readIntentForm(request, { save: noFields, clear: noFields }, { missing: "save" });
  const text = values.headCount ?? "";
  const clearing = intent === "clear";
  const count = clearing ? null : parseCount(text);
  if (count === null && !clearing) return formError("Enter how many people came, as a whole number such as 18", values, "headCount");
  return withFormErrors(values, async () => {
    await setHeadCount(event.id, row.pitchId, count);
    const back = counter.kind === "organiser" ? `/organise/${event.slug}/attendance` : `/events/${event.slug}/sessions/${row.pitchId}`;
    return redirectWithFlash(request, back, count === null ? `Head count for “${row.title}” cleared.` : `${count} ${count === 1 ? "person" : "people"} came to “${row.title}”: saved.`);
  });
}

export default function HeadCountPage() {
  const { event, session, organiser } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={organiser ? `/organise/${event.slug}/attendance` : `/events/${event.slug}/sessions/${session.id}`}>{organiser ? "Head counts" : session.title}</BackLink>
        {event.draft ? <DraftNotice slug={event.slug} /> : null}
        <span className="govuk-caption-l">{event.name}</span>
        <h1 className="govuk-heading-l">How many came to “{session.title}”?</h1>
        <SummaryList
          rows={[
            { key: "Marked “I’d go”", value: String(session.marks) },
            { key: "Show of hands", value: session.showOfHands === null ? "Not taken" : String(session.showOfHands) },
            { key: "Room holds", value: session.capacity === null ? "Not on the grid" : String(session.capacity) },
            { key: "Head count", value: session.headCount === null ? "Not entered yet" : String(session.headCount) },
          ]}
        />
        <ErrorSummary errors={result?.errors} fieldOrder={["headCount"]} />
        <Form method="post">
          <Input
            name="headCount"
            label="People in the room"
            hint="Count everyone there, hosts included. A rough count is fine."
            errors={result?.errors}
            defaultValue={result?.values?.headCount ?? (session.headCount === null ? "" : String(session.headCount))}
            inputMode="numeric"
            width="3"
            autoComplete="off"
          />
          <div className="govuk-button-group">
            <Button name="intent" value="save">
              Save head count
            </Button>
            {session.headCount !== null ? (
              <Button name="intent" value="clear" variant="secondary">
                Clear it
              </Button>
            ) : null}
          </div>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/events/${event.slug}/sessions/${session.id}/notes`}>
            Session notes
          </Link>
        </p>
      </div>
    </div>
  );
}
