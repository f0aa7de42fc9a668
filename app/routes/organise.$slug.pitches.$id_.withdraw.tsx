import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { formError, getDb, readForm, withErrorPage } from "~/.server/platform";
import { describeCell, placementOf, unpublishSummary } from "~/.server/grid";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { PitchRefused, requirePitch, withdrawPitch } from "~/.server/pitching";
import { AskFirstForm, BackLink, ErrorSummary, InsetText, SummaryList, WarningText } from "~/components/govuk";

export const meta: MetaFunction = () => [{ title: "Withdraw a pitch? – Pitchgrid" }];

/**
 * An organiser withdrawing a pitch emails its hosts and, for a scheduled session, takes it off
 * the grid and cancels it in every calendar: so it asks first, on this page. It can be restored
 * from the pitch's page afterwards.
 */
async function load(request: Request, params: { slug?: string; id?: string }) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Pitch not found", { status: 404 });
  return { event, email, pitch: await withErrorPage(() => requirePitch(event.id, id)) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, pitch } = await load(request, params);
  const db = await getDb();
  const cell = await placementOf(db, pitch.id);
  const [where, publication] = await Promise.all([cell ? describeCell(db, event.id, cell) : null, unpublishSummary(event.id)]);
  return {
    slug: event.slug,
    name: event.name,
    pitch: { id: pitch.id, title: pitch.title, status: pitch.status, interest: pitch.interest },
    hosts: pitch.hosts.filter((h) => h.role !== "co-host-invited").map((h) => h.name),
    where,
    published: publication.published,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email, pitch } = await load(request, params);
  await readForm(request);
  try {
    await withErrorPage(() => withdrawPitch(event.id, pitch.id, { kind: "organiser", email }));
  } catch (error) {
    if (error instanceof PitchRefused) return formError(error.message, {}, "form", 409);
    throw error;
  }
  return redirectWithFlash(request, `/organise/${event.slug}/pitches`, `“${pitch.title}” withdrawn. Its hosts have been emailed. You can restore it from its page.`);
}

export default function WithdrawPitchAsOrganiser() {
  const { slug, name, pitch, hosts, where, published } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const back = `/organise/${slug}/pitches/${pitch.id}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={back}>{pitch.title}</BackLink>
        <ErrorSummary errors={result?.errors} />
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Withdraw “{pitch.title}”?</h1>
        {pitch.status !== "open" ? (
          <InsetText>This pitch has already been {pitch.status}.</InsetText>
        ) : (
          <>
            <SummaryList
              rows={[
                { key: "On the grid", value: where ?? "No" },
                { key: "Hosts", value: hosts.join(", ") || "None" },
                { key: "Would go", value: String(pitch.interest) },
              ]}
            />
            <p className="govuk-body">If you withdraw it:</p>
            <ul className="govuk-list govuk-list--bullet" data-testid="withdraw-consequences">
              {where ? <li>it leaves the grid: {where} becomes free</li> : null}
              {where && published ? <li>it is shown as cancelled on the public schedule’s calendars, including the calendars of people who said they would go</li> : null}
              {where && published && pitch.interest > 0 ? <li>a few minutes later, the people who said they would go are emailed that it is cancelled</li> : null}
              <li>{hosts.length > 0 ? `its ${hosts.length === 1 ? "host is" : `${hosts.length} hosts are`} emailed straight away` : "nobody is emailed: it has no hosts"}</li>
            </ul>
            <WarningText>You can restore it from its page afterwards{where ? ", back in the same cell if nobody has taken it" : ""}, but the email cannot be taken back.</WarningText>
            <AskFirstForm confirm="Yes, withdraw it" cancel="No, keep it" cancelTo={back} variant="warning" />
          </>
        )}
      </div>
    </div>
  );
}
