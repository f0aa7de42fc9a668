import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { formError, invalid, noFields, readIntentForm, withErrorPage } from "~/.server/platform";
import { findEventById, listTicketTypes } from "~/.server/events";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { REGISTRATION_STATUSES, STATUS_LABELS } from "~/domain/registration-rules";
import { isFiltered, registrationFilterQuery, registrationFiltersFrom } from "~/domain/registration-filters";
import { approvalGivesPlace, approveRegistration, approveWithExtraPlace, countsByCouncil, countsByStatus, drawLottery, listRegistrations, lotterySettings, RegistrationChangeRefused, releasePlaces, setLotteryClosing, ticketAvailability } from "~/.server/registration";
import { shownEmail } from "~/domain/people";
import { Button, DateInput, ErrorSummary, Input, Tag } from "~/components/govuk";
import { datePartsInError, gatherDates } from "~/domain/date-input";
import { lotteryClosingFields } from "~/domain/lottery-rules";
import { OrganiserNav } from "~/components/OrganiserNav";
import { TableScroll } from "~/components/TableScroll";
import { formatDateTime, utcToZoned, zonedToUtc } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Registrations – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const url = new URL(request.url);
  const filters = registrationFiltersFrom(url.searchParams);
  const [tickets, availability, registrations, councils, statuses, lotteries] = await Promise.all([
    listTicketTypes(event.id),
    ticketAvailability(event.id),
    listRegistrations(event.id, filters),
    countsByCouncil(event.id),
    countsByStatus(event.id),
    lotterySettings(event.id),
  ]);
  const tz = event.timeZone;
  const waitingPosition = new Map<number, number>();
  const perTicket = new Map<number, number>();
  for (const r of await listRegistrations(event.id, { status: "waiting" })) {
    const next = (perTicket.get(r.ticketTypeId) ?? 0) + 1;
    perTicket.set(r.ticketTypeId, next);
    waitingPosition.set(r.id, next);
  }
  return {
    slug: event.slug,
    name: event.name,
    filters,
    tickets: tickets.map((t) => {
      const lottery = lotteries.get(t.id);
      return {
        id: t.id,
        name: t.name,
        quota: t.quota,
        taken: availability.get(t.id)?.taken ?? 0,
        placesLeft: availability.get(t.id)?.placesLeft ?? 0,
        waiting: availability.get(t.id)?.waiting ?? 0,
        lotteryClosesAt: lottery?.closesAt ? formatDateTime(lottery.closesAt, tz) : null,
        lotteryDrawnAt: lottery?.drawnAt ? formatDateTime(lottery.drawnAt, tz) : null,
        lotterySeed: lottery?.seed ?? null,
        lotteryDefault: utcToZoned(lottery?.closesAt ?? event.startsAt, tz),
      };
    }),
    councils,
    statuses: REGISTRATION_STATUSES.filter((s) => s !== "erased").map((s) => ({ value: s, label: STATUS_LABELS[s], count: statuses[s] ?? 0 })),
    registrations: registrations.map((r) => ({
      id: r.id,
      // After the event's retention period only counts remain: the row identifies nobody.
      name: r.email.endsWith("@erased.invalid") ? "Anonymised" : r.name,
      email: r.email.endsWith("@erased.invalid") ? "" : shownEmail(r.email),
      organisation: r.organisation,
      council: r.councilName,
      ticketType: r.ticketTypeName,
      status: r.status,
      statusLabel: STATUS_LABELS[r.status],
      approvalReason: r.approvalReason,
      position: waitingPosition.get(r.id) ?? null,
      approvalWaitlists: r.status === "pending-approval" && !approvalGivesPlace(availability.get(r.ticketTypeId) ?? { placesLeft: 0, waiting: 0 }),
      registeredAt: formatDateTime(r.createdAt, tz),
    })),
  };
}

const Approval = z.object({ registrationId: z.coerce.number().int().positive() });
const Release = z.object({
  ticketTypeId: z.coerce.number().int().positive(),
  count: z
    .string()
    .trim()
    .min(1, "Enter how many places to release")
    .regex(/^\d{1,4}$/, "Places to release must be a whole number, like 5")
    .transform(Number)
    .refine((n) => n >= 1, "Release at least 1 place"),
});
const LotteryForm = z.preprocess(gatherDates(["lotteryDate"]), lotteryClosingFields.extend({ ticketTypeId: z.coerce.number().int().positive() }));

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const submitted = await readIntentForm(request, { approve: Approval, "approve-add-place": Approval, release: Release, lottery: LotteryForm, draw: noFields });
  const { form } = submitted;
  const back = `/organise/${event.slug}/registrations`;
  try {
    if (submitted.intent === "approve") {
      const parsed = submitted;
      if (!parsed.ok) return invalid(parsed.failure);
      const outcome = await withErrorPage(() => approveRegistration(event.id, parsed.data.registrationId));
      return redirectWithFlash(request, back, outcome === "offered" ? "Approved: they have been emailed an offer of a place." : "Approved: no place is free, so they are on the waiting list.");
    }
    if (submitted.intent === "approve-add-place") {
      const parsed = submitted;
      if (!parsed.ok) return invalid(parsed.failure);
      const raised = await withErrorPage(() => approveWithExtraPlace(event.id, parsed.data.registrationId));
      const capacity = raised.capacity !== raised.capacityWas ? ` and the event’s capacity from ${raised.capacityWas} to ${raised.capacity}` : "";
      return redirectWithFlash(request, back, `Approved and a place added: ${raised.ticketName}’s quota went from ${raised.quotaWas} to ${raised.quota}${capacity}. They have been emailed an offer of the place.`);
    }
    if (submitted.intent === "release") {
      const parsed = submitted;
      if (!parsed.ok) return invalid(parsed.failure);
      const tickets = await listTicketTypes(event.id);
      if (!tickets.some((t) => t.id === parsed.data.ticketTypeId)) return formError("Choose a ticket type of this event");
      const ticket = tickets.find((t) => t.id === parsed.data.ticketTypeId)!;
      const offered = await withErrorPage(() => releasePlaces(event.id, parsed.data.ticketTypeId, parsed.data.count));
      const after = (await findEventById(event.id))!;
      const capacity = after.capacity !== event.capacity ? ` and the event’s capacity from ${event.capacity} to ${after.capacity}` : "";
      return redirectWithFlash(
        request,
        back,
        `${parsed.data.count} ${parsed.data.count === 1 ? "place" : "places"} released: ${ticket.name}’s quota went from ${ticket.quota} to ${ticket.quota + parsed.data.count}${capacity}. ${offered} ${offered === 1 ? "offer" : "offers"} emailed.`,
      );
    }
    if (submitted.intent === "lottery") {
      const parsed = submitted;
      if (!parsed.ok) return invalid(parsed.failure);
      const closesAt = zonedToUtc(parsed.data.lotteryDate, parsed.data.lotteryTime, event.timeZone);
      if (Number.isNaN(closesAt.getTime())) return formError("Enter a real date and time", {}, "lotteryDate");
      await setLotteryClosing(event.id, parsed.data.ticketTypeId, closesAt);
      return redirectWithFlash(request, back, "Lottery set: people apply until the closing time, then places are drawn.");
    }
    const ticketTypeId = Number(form.ticketTypeId);
    const tickets = await listTicketTypes(event.id);
    if (!tickets.some((t) => t.id === ticketTypeId)) return formError("Choose a ticket type of this event");
    const draw = await drawLottery(ticketTypeId, email);
    return redirectWithFlash(request, back, `Draw made with seed ${draw.seed}: ${draw.places} places offered, ${draw.drawnOrder.length - draw.places} on the waiting list.`);
  } catch (error) {
    if (error instanceof RegistrationChangeRefused) return formError(error.message, {}, "form", 409);
    throw error;
  }
}

export default function Registrations() {
  const { slug, name, filters, tickets, councils, statuses, registrations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // The lottery form that came back with errors (one per ticket type on this page).
  const lotteryFor = result?.values?.intent === "lottery" ? result.values.ticketTypeId : undefined;
  return (
    <>
      <span className="govuk-caption-l">{name}</span>
      <h1 className="govuk-heading-xl">Registrations</h1>
      <OrganiserNav slug={slug} name={name} />
      <ErrorSummary
        errors={result?.errors}
        fieldOrder={["form", "count", "lotteryDate", "lotteryTime"]}
        anchors={lotteryFor ? { lotteryDate: `lotteryDate-${lotteryFor}-${datePartsInError(result?.values, "lotteryDate")[0]}`, lotteryTime: `lotteryTime-${lotteryFor}` } : {}}
      />

      <TableScroll label="Places by ticket type">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Places by ticket type</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Ticket type</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Quota</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Taken</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Left</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Waiting</th>
              <th scope="col" className="govuk-table__header">Release places to the waiting list</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {tickets.map((t) => (
              <tr className="govuk-table__row" key={t.id}>
                <th scope="row" className="govuk-table__header">
                  {t.name}
                  {t.lotteryClosesAt ? (
                    <span className="govuk-body-s govuk-!-display-block">
                      Lottery: applications close {t.lotteryClosesAt}
                      {t.lotteryDrawnAt ? `; drawn ${t.lotteryDrawnAt} (seed ${t.lotterySeed})` : ""}
                    </span>
                  ) : null}
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{t.quota}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{t.taken}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{t.placesLeft}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{t.waiting}</td>
                <td className="govuk-table__cell">
                  <Form method="post" className="pg-inline-form">
                    <input type="hidden" name="intent" value="release" />
                    <input type="hidden" name="ticketTypeId" value={t.id} />
                    <label className="govuk-label govuk-visually-hidden" htmlFor={`count-${t.id}`}>
                      Places to release for {t.name}
                    </label>
                    <input className="govuk-input govuk-input--width-3" id={`count-${t.id}`} name="count" inputMode="numeric" defaultValue="1" />{" "}
                    <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                      Release<span className="govuk-visually-hidden"> places for {t.name}</span>
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <h2 className="govuk-heading-m">People</h2>
      <p className="govuk-body">
        <Link className="govuk-button govuk-button--secondary" role="button" draggable={false} to={`/organise/${slug}/registrations/add`}>
          Add a person
        </Link>
      </p>
      <Form method="get" className="pg-filters">
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="ticket">
            Ticket type
          </label>
          <select className="govuk-select" id="ticket" name="ticket" defaultValue={filters.ticketTypeId ?? ""}>
            <option value="">All ticket types</option>
            {tickets.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="status">
            Status
          </label>
          <select className="govuk-select" id="status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">All statuses</option>
            {statuses.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label} ({s.count})
              </option>
            ))}
          </select>
        </div>
        <Input name="q" label="Name, email or organisation" defaultValue={filters.search} width="20" />
        <Button variant="secondary">Filter</Button>
      </Form>
      <p className="govuk-body">
        <a className="govuk-link" href={`/organise/${slug}/registrations.csv${registrationFilterQuery(filters)}`} download>
          {isFiltered(filters) ? "Download these registrations (CSV)" : "Download all registrations (CSV)"}
        </a>
      </p>
      <TableScroll label="Registrations">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">
            {registrations.length} {registrations.length === 1 ? "registration" : "registrations"}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Organisation</th>
              <th scope="col" className="govuk-table__header">Ticket type</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">Actions</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {registrations.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/organise/${slug}/registrations/${r.id}`}>
                    {r.name}
                  </Link>
                  <span className="govuk-body-s govuk-!-display-block pg-break-words">{r.email}</span>
                </td>
                <td className="govuk-table__cell">
                  {r.organisation}
                  {r.council ? <span className="govuk-body-s govuk-!-display-block">Council: {r.council}</span> : null}
                </td>
                <td className="govuk-table__cell">{r.ticketType}</td>
                <td className="govuk-table__cell">
                  <Tag colour={r.status === "confirmed" ? "green" : r.status === "pending-approval" ? "purple" : r.status === "waiting" ? "blue" : "grey"}>{r.statusLabel}</Tag>
                  {r.position ? <span className="govuk-body-s govuk-!-display-block">Number {r.position} in the queue</span> : null}
                  {r.approvalReason ? <span className="govuk-body-s govuk-!-display-block">Reason: {r.approvalReason}</span> : null}
                </td>
                <td className="govuk-table__cell">
                  {r.status === "pending-approval" ? (
                    <Form method="post">
                      <input type="hidden" name="registrationId" value={r.id} />
                      {r.approvalWaitlists ? (
                        <p className="govuk-body-s govuk-!-margin-bottom-2" id={`full-${r.id}`}>
                          <strong>{r.ticketType} is full:</strong> approving puts them on the waiting list.
                        </p>
                      ) : null}
                      <div className="govuk-button-group govuk-!-margin-bottom-0">
                        {r.approvalWaitlists ? (
                          <button type="submit" name="intent" value="approve-add-place" className="govuk-button govuk-!-margin-bottom-0" aria-describedby={`full-${r.id}`}>
                            Approve and add a place<span className="govuk-visually-hidden"> for {r.name}</span>
                          </button>
                        ) : null}
                        <button
                          type="submit"
                          name="intent"
                          value="approve"
                          className={`govuk-button${r.approvalWaitlists ? " govuk-button--secondary" : ""} govuk-!-margin-bottom-0`}
                          aria-describedby={r.approvalWaitlists ? `full-${r.id}` : undefined}
                        >
                          {r.approvalWaitlists ? "Approve to the waiting list" : "Approve"}
                          <span className="govuk-visually-hidden"> {r.name}</span>
                        </button>
                        {/* Declining asks first, on its own page: it emails them and cannot be undone. */}
                        <Link to={`/organise/${slug}/registrations/${r.id}/decline`} role="button" draggable={false} className="govuk-button govuk-button--warning govuk-!-margin-bottom-0">
                          Decline<span className="govuk-visually-hidden"> {r.name}</span>
                        </Link>
                      </div>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <h2 className="govuk-heading-m">Registrations by council</h2>
      {councils.length === 0 ? (
        <p className="govuk-body">Nobody has registered yet.</p>
      ) : (
        <TableScroll label="Registrations by council">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Live registrations by council</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Council</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">People</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {councils.map((c) => (
                <tr className="govuk-table__row" key={c.council}>
                  <th scope="row" className="govuk-table__header">{c.council}</th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{c.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      <h2 className="govuk-heading-m">Lottery</h2>
      <p className="govuk-body">
        A ticket type in lottery mode takes applications until a closing time. Then a random draw, recorded with its seed so anyone can check it, offers the places; everyone else
        joins the waiting list in draw order.
      </p>
      {tickets.map((t) =>
        t.lotteryDrawnAt ? null : (
          <Form method="post" key={t.id} className="govuk-!-margin-bottom-6">
            <fieldset className="govuk-fieldset">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{t.name}</legend>
              <input type="hidden" name="ticketTypeId" value={t.id} />
              <DateInput
                name="lotteryDate"
                id={`lotteryDate-${t.id}`}
                legend="Applications close on (date)"
                errors={lotteryFor === String(t.id) ? result?.errors : undefined}
                values={lotteryFor === String(t.id) ? result?.values : { lotteryDate: t.lotteryDefault.date }}
              />
              <LotteryTime id={t.id} defaultValue={lotteryFor === String(t.id) ? result?.values?.lotteryTime : t.lotteryDefault.time} error={lotteryFor === String(t.id) ? result?.errors?.lotteryTime?.[0] : undefined} />
              <div className="govuk-button-group">
                <Button variant="secondary" name="intent" value="lottery">
                  {t.lotteryClosesAt ? "Change closing time" : "Make this a lottery"}
                </Button>
                {t.lotteryClosesAt ? (
                  <Button variant="secondary" name="intent" value="draw">
                    Draw now
                  </Button>
                ) : null}
              </div>
            </fieldset>
          </Form>
        ),
      )}
    </>
  );
}

/** The lottery's closing time: a text box like TimeInput, with an id of its ticket type's own (one form per ticket type). */
function LotteryTime({ id, defaultValue, error }: { id: number; defaultValue?: string; error?: string }) {
  const inputId = `lotteryTime-${id}`;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor={inputId}>
        at (time)
      </label>
      <div id={`${inputId}-hint`} className="govuk-hint">
        For example, 09:30 or 14:00
      </div>
      {error ? (
        <p id={`${inputId}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <input
        className={`govuk-input govuk-input--width-5${error ? " govuk-input--error" : ""}`}
        type="text"
        id={inputId}
        name="lotteryTime"
        defaultValue={defaultValue}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${inputId}-hint ${inputId}-error` : `${inputId}-hint`}
      />
    </div>
  );
}
