import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { formError, invalid, noFields, readIntentForm, withErrorPage } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { avoidableSlots, isPitchingOpen, listPitchesForOrganiser, mergePitches, PitchRefused, pitchPlacements, setPitchingOpen } from "~/.server/pitching";
import { sortPitches } from "~/domain/pitch-rules";
import { Button, ErrorSummary, Select, Tag } from "~/components/govuk";
import { OrganiserNav } from "~/components/OrganiserNav";
import { FORMAT_NAMES, NEED_NAMES } from "~/components/PitchForm";

export const meta: MetaFunction = () => [{ title: "Pitches – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const [pitches, open, slots, placements] = await Promise.all([listPitchesForOrganiser(event.id), isPitchingOpen(event.id), avoidableSlots(event), pitchPlacements(event.id)]);
  const slotLabels = new Map(slots.map((s) => [s.id, s.label]));
  const titles = new Map(pitches.map((p) => [p.id, p.title]));
  const live = sortPitches(
    pitches.filter((p) => p.status === "open"),
    "most-wanted",
  );
  const closed = sortPitches(
    pitches.filter((p) => p.status !== "open"),
    "newest",
  );
  return {
    slug: event.slug,
    name: event.name,
    pitchingOpen: open,
    gridPublished: placements.published,
    pitches: [...live, ...closed].map(({ needs, avoidSlotIds, ...p }) => ({
      ...p,
      mergedIntoTitle: p.mergedIntoId ? (titles.get(p.mergedIntoId) ?? null) : null,
      needs: needs.map((n) => NEED_NAMES[n] ?? n),
      avoid: avoidSlotIds.flatMap((id) => slotLabels.get(id) ?? []),
      placement: placements.byPitch[p.id] ?? null,
    })),
  };
}

const id = (message: string) => z.coerce.number({ invalid_type_error: message }).int(message).positive(message);
const MergeSchema = z.object({ duplicateId: id("Choose the duplicate pitch"), keptId: id("Choose the pitch to keep") });

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const submitted = await readIntentForm(request, { open: noFields, close: noFields, merge: MergeSchema });
  const back = `/organise/${event.slug}/pitches`;
  if (submitted.intent === "open" || submitted.intent === "close") {
    await setPitchingOpen(event.id, submitted.intent === "open");
    return redirectWithFlash(request, back, submitted.intent === "open" ? "Pitching is open." : "Pitching is closed. Attendees can still mark sessions.");
  }
  try {
    if (!submitted.ok) return invalid(submitted.failure);
    const parsed = submitted;
    const kept = await withErrorPage(() => mergePitches(event.id, parsed.data.keptId, parsed.data.duplicateId, undefined, email));
    return redirectWithFlash(request, back, `Merged into “${kept.title}”: ${kept.interest} ${kept.interest === 1 ? "person" : "people"} would go.`);
  } catch (error) {
    if (error instanceof PitchRefused) return formError(error.message, submitted.values, error.field === "form" ? "form" : error.field);
    throw error;
  }
}

const STATUS = { open: "Open", withdrawn: "Withdrawn", merged: "Merged" } as const;

export default function OrganiserPitches() {
  const { slug, name, pitchingOpen, gridPublished, pitches } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const open = pitches.filter((p) => p.status === "open");
  const choices = open.map((p) => ({ value: String(p.id), label: `${p.title} (${p.interest})` }));
  return (
    <>
      <span className="govuk-caption-l">{name}</span>
      <h1 className="govuk-heading-xl">Pitches</h1>
      <OrganiserNav slug={slug} name={name} />
      <ErrorSummary errors={result?.errors} fieldOrder={["duplicateId", "keptId"]} />

      <div className="govuk-button-group">
        <Link to={`/organise/${slug}/pitches/new`} role="button" draggable={false} className="govuk-button" data-module="govuk-button">
          Add a pitch for someone
        </Link>
        <Form method="post">
          <p className="govuk-body govuk-!-margin-bottom-2">
            Pitching is <strong>{pitchingOpen ? "open" : "closed"}</strong>.
          </p>
          <Button name="intent" value={pitchingOpen ? "close" : "open"} variant="secondary">
            {pitchingOpen ? "Close pitching" : "Open pitching"}
          </Button>
        </Form>
      </div>

      {pitches.length === 0 ? (
        <p className="govuk-body">No pitches yet.</p>
      ) : (
        <div className="pg-grid-org-scroll">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">
              {open.length} open {open.length === 1 ? "pitch" : "pitches"}, most wanted first
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Pitch
                </th>
                <th scope="col" className="govuk-table__header">
                  Hosts
                </th>
                <th scope="col" className="govuk-table__header">
                  Needs and times to avoid
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Would go
                </th>
                <th scope="col" className="govuk-table__header">
                  Status
                </th>
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {pitches.map((p) => (
                <tr className="govuk-table__row" key={p.id}>
                  <th scope="row" className="govuk-table__header">
                    {p.status === "open" ? (
                      <Link className="govuk-link" to={`/organise/${slug}/pitches/${p.id}`}>
                        {p.title}
                      </Link>
                    ) : (
                      p.title
                    )}
                    <span className="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular">{FORMAT_NAMES[p.format]}</span>
                  </th>
                  <td className="govuk-table__cell">{p.hosts.join(", ")}</td>
                  <td className="govuk-table__cell">
                    {p.needs.length === 0 && p.avoid.length === 0 ? <span className="govuk-body-s">None</span> : null}
                    {p.needs.length ? <span className="govuk-body-s govuk-!-display-block">Needs: {p.needs.join(", ")}</span> : null}
                    {p.avoid.length ? <span className="govuk-body-s govuk-!-display-block">Cannot do: {p.avoid.join("; ")}</span> : null}
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{p.interest}</td>
                  <td className="govuk-table__cell">
                    <Tag colour={p.status === "open" ? (p.placed ? "green" : "blue") : "grey"}>{p.status === "open" && p.placed ? "On the grid" : STATUS[p.status]}</Tag>
                    {p.status === "open" && p.placement ? (
                      <span className="govuk-body-s govuk-!-display-block">
                        {p.placement.date}, {p.placement.time}, {p.placement.room}
                        {gridPublished ? "" : " (grid not published)"}
                      </span>
                    ) : null}
                    {p.mergedIntoTitle ? <span className="govuk-body-s govuk-!-display-block">into “{p.mergedIntoTitle}”</span> : null}
                  </td>
                  <td className="govuk-table__cell">
                    {/* Withdrawing emails the hosts and takes the session off the grid: it is done on the
                        pitch's own page, which says so first, not by one click in a busy table. */}
                    {p.status === "open" ? (
                      <Link className="govuk-link" to={`/organise/${slug}/pitches/${p.id}`}>
                        Change or withdraw<span className="govuk-visually-hidden"> “{p.title}”</span>
                      </Link>
                    ) : (
                      <Link className="govuk-link" to={`/organise/${slug}/pitches/${p.id}`}>
                        {p.status === "merged" ? "Take apart" : "Restore"}
                        <span className="govuk-visually-hidden"> “{p.title}”</span>
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {open.length >= 2 ? (
        <>
          <h2 className="govuk-heading-l">Merge duplicates</h2>
          <p className="govuk-body">
            When two pitches are about the same thing, merge one into the other. Everyone who would go to either is counted once, and the duplicate’s hosts become co-hosts
            and are emailed.
          </p>
          <Form method="post">
            <Select name="duplicateId" label="Duplicate pitch" errors={result?.errors} defaultValue={result?.values?.duplicateId ?? ""} options={[{ value: "", label: "Choose a pitch" }, ...choices]} />
            <Select name="keptId" label="Merge it into" errors={result?.errors} defaultValue={result?.values?.keptId ?? ""} options={[{ value: "", label: "Choose a pitch" }, ...choices]} />
            <Button name="intent" value="merge">
              Merge pitches
            </Button>
          </Form>
        </>
      ) : null}
    </>
  );
}
