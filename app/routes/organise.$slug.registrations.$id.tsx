import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { env, invalid, noFields, readIntentForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { answersOf, listTicketTypes } from "~/.server/events";
import { redirectWithFlash, requireOrganiserRegistration } from "~/.server/auth";
import { type CapacityWarning, changeTicketType, deskPrivateLink, eraseRegistration, organiserNotes, resendLinksFor, setNoShow } from "~/.server/registration";
import QRCode from "qrcode";
import { canCancel, LIVE, STATUS_LABELS } from "~/domain/registration-rules";
import { BackLink, Button, ErrorSummary, Select, SummaryList, WarningText } from "~/components/govuk";
import { isUndeliverable, shownEmail } from "~/domain/people";
import { changeTicketSchema } from "~/domain/people-forms";
import { formatDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Registration – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, registration: r } = await withErrorPage(() => requireOrganiserRegistration(request, params.slug, params.id));
  const tz = event.timeZone;
  const [answers, notes, tickets] = await Promise.all([answersOf(r.id), organiserNotes(r.id), listTicketTypes(event.id)]);
  return {
    answers,
    slug: event.slug,
    eventName: event.name,
    tickets: tickets.filter((t) => t.id !== r.ticketTypeId).map((t) => ({ id: t.id, name: t.name })),
    person: {
      id: r.id,
      name: r.name,
      email: shownEmail(r.email),
      hasEmail: !isUndeliverable(r.email),
      organisation: r.organisation,
      jobRole: r.jobRole,
      pronouns: r.pronouns,
      council: r.councilName,
      ticketType: r.ticketTypeName,
      statusCode: r.status,
      status: STATUS_LABELS[r.status],
      live: LIVE.has(r.status),
      canCancel: canCancel(r.status),
      accessNeeds: r.accessNeeds,
      dietaryNeeds: r.dietaryNeeds,
      approvalReason: r.approvalReason,
      registeredAt: formatDateTime(r.createdAt, tz),
      checkedInAt: r.checkedInAt ? formatDateTime(r.checkedInAt, tz) : null,
      noShowAt: notes.noShowAt ? formatDateTime(notes.noShowAt, tz) : null,
      addedBy: notes.addedBy,
      addedReason: notes.addedReason,
    },
  };
}

type ActionResult = { errors?: Record<string, string[] | undefined>; values?: Record<string, string>; warning?: CapacityWarning; privateLink?: { url: string; qr: string } };

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, registration } = await withErrorPage(() => requireOrganiserRegistration(request, params.slug, params.id));
  // The old "Erase" form sent no intent.
  const intents = { "change-ticket": changeTicketSchema, resend: noFields, "private-link": noFields, "no-show": noFields, "not-no-show": noFields, erase: noFields };
  const submitted = await readIntentForm(request, intents, { missing: "erase" });
  const here = `/organise/${event.slug}/registrations/${registration.id}`;
  const { values } = submitted;
  if (submitted.intent === "change-ticket") {
    const parsed = submitted;
    if (!parsed.ok) return invalid(parsed.failure);
    const overCapacity = parsed.data.overCapacityFor === String(parsed.data.ticketTypeId);
    const outcome = await withFormErrors(values, () => changeTicketType(event.id, registration.id, parsed.data.ticketTypeId, overCapacity));
    if (!("changed" in outcome)) return outcome;
    if (!outcome.changed) return data<ActionResult>({ warning: outcome.warning, values }, { status: 200 });
    const offers = outcome.offered > 0 ? ` The place they left went to the waiting list (${outcome.offered} ${outcome.offered === 1 ? "offer" : "offers"} emailed).` : "";
    return redirectWithFlash(request, here, `${registration.name} moved from ${outcome.from} to ${outcome.to}, and emailed.${offers}`);
  }
  if (submitted.intent === "resend") {
    const done = await withFormErrors(values, () => resendLinksFor(event, registration.id).then(() => true as const));
    if (done !== true) return done;
    return redirectWithFlash(request, here, `${registration.name}’s links have been emailed to ${registration.email} again.`);
  }
  if (submitted.intent === "private-link") {
    const token = await withFormErrors(values, () => deskPrivateLink(event, registration.id));
    if (typeof token !== "string") return token;
    const url = `${env().PUBLIC_URL}/r/${token}`;
    // Shown once, on this response only (never stored as a link): the page is private, no-store.
    return data<ActionResult>({ privateLink: { url, qr: await QRCode.toString(url, { type: "svg", margin: 1 }) } }, { status: 200, headers: { "Cache-Control": "private, no-store" } });
  }
  if (submitted.intent === "no-show" || submitted.intent === "not-no-show") {
    const noShow = submitted.intent === "no-show";
    const done = await withFormErrors(values, () => setNoShow(event.id, registration.id, noShow).then(() => true as const));
    if (done !== true) return done;
    return redirectWithFlash(request, here, noShow ? `${registration.name} is marked as a no-show.` : `${registration.name} is no longer marked as a no-show.`);
  }
  // This page is also the confirmation step for erasing; its button is the POST that erases.
  await withErrorPage(() => eraseRegistration(registration.id));
  return redirectWithFlash(request, `/organise/${event.slug}/registrations`, "The person’s data has been erased.");
}

export default function Person() {
  const { slug, eventName, person, answers, tickets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const warning = result?.warning;
  const base = `/organise/${slug}/registrations/${person.id}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/organise/${slug}/registrations`}>Registrations</BackLink>
        <ErrorSummary errors={result?.errors ?? {}} fieldOrder={["form", "ticketTypeId"]} />
        <span className="govuk-caption-l">{eventName}</span>
        <h1 className="govuk-heading-l">{person.name}</h1>
        <SummaryList
          rows={[
            { key: "Email", value: person.email },
            { key: "Organisation", value: person.organisation || "Not given" },
            { key: "Council", value: person.council ?? "Not a listed council" },
            { key: "Role", value: person.jobRole || "Not given" },
            { key: "Pronouns", value: person.pronouns || "Not given" },
            { key: "Ticket type", value: person.ticketType },
            { key: "Status", value: person.status },
            { key: "Access needs", value: person.accessNeeds || "None given" },
            { key: "Dietary needs", value: person.dietaryNeeds || "None given" },
            ...(person.approvalReason ? [{ key: "Reason for approval", value: person.approvalReason }] : []),
            ...(person.addedBy ? [{ key: "Added by", value: `${person.addedBy}${person.addedReason ? ` (${person.addedReason})` : ""}` }] : []),
            { key: "Registered", value: person.registeredAt },
            { key: "Checked in", value: person.checkedInAt ?? "No" },
            ...(person.noShowAt ? [{ key: "No-show", value: `Marked ${person.noShowAt}` }] : []),
            ...answers.map((a) => ({ key: a.question, value: a.answer })),
          ]}
        />

        {person.live ? (
          <>
            <h2 className="govuk-heading-m">Act for {person.name}</h2>
            <ul className="govuk-list">
              {person.canCancel ? (
                <li>
                  <Link className="govuk-link" to={`${base}/cancel`}>
                    Cancel {person.statusCode === "confirmed" ? "their place" : "their registration"}
                  </Link>
                </li>
              ) : null}
              {person.statusCode === "confirmed" ? (
                <li>
                  <Link className="govuk-link" to={`${base}/transfer`}>
                    Pass their place to a colleague
                  </Link>
                </li>
              ) : null}
            </ul>

            {tickets.length > 0 ? (
              <Form method="post" noValidate className="govuk-!-margin-bottom-6">
                <input type="hidden" name="intent" value="change-ticket" />
                {warning ? (
                  <>
                    <div className="govuk-error-summary" data-testid="capacity-warning">
                      <div role="alert">
                        <h2 className="govuk-error-summary__title">{warning.ticketName} has no place left</h2>
                        <div className="govuk-error-summary__body">
                          <p className="govuk-body">
                            {warning.ticketName} has {warning.ticketTaken} of {warning.quota} places taken
                            {warning.waiting > 0 ? `, and ${warning.waiting} ${warning.waiting === 1 ? "person is" : "people are"} waiting for one` : ""}. Moving{" "}
                            {person.name} there takes it over its quota.
                          </p>
                        </div>
                      </div>
                    </div>
                    <input type="hidden" name="overCapacityFor" value={result?.values?.ticketTypeId} />
                  </>
                ) : null}
                <Select
                  name="ticketTypeId"
                  label="Change their ticket type to"
                  errors={result?.errors}
                  defaultValue={result?.values?.ticketTypeId}
                  options={tickets.map((t) => ({ value: String(t.id), label: t.name }))}
                />
                {warning ? (
                  <div className="govuk-button-group">
                    <Button variant="warning">Change ticket over quota</Button>
                    <Link className="govuk-link" to={base}>
                      Keep their ticket
                    </Link>
                  </div>
                ) : (
                  <Button variant="secondary">Change ticket type</Button>
                )}
              </Form>
            ) : null}

            {person.hasEmail ? (
              <Form method="post">
                <input type="hidden" name="intent" value="resend" />
                <p className="govuk-body">Lost their email? This sends their private link (and, while it can still be used, their confirmation link) again.</p>
                <Button variant="secondary">Email {person.name} their links again</Button>
              </Form>
            ) : null}

            {!person.hasEmail ? (
              result?.privateLink ? (
                <div className="govuk-inset-text" data-testid="desk-link">
                  <h2 className="govuk-heading-m">{person.name}’s private link</h2>
                  <p className="govuk-body">Show them this, or print this page for them: with it they can see their place and pitch or mark sessions. Anyone with it can do the same, so give it only to them.</p>
                  {/* The QR code is an SVG we generate from our own link; the link is printed beside it as text. */}
                  <div className="pg-qr" dangerouslySetInnerHTML={{ __html: result.privateLink.qr }} />
                  <p className="govuk-body pg-break-all">
                    <strong>{result.privateLink.url}</strong>
                  </p>
                  <p className="govuk-body-s">It is shown only now. Making another link later keeps this one working.</p>
                </div>
              ) : (
                <Form method="post">
                  <input type="hidden" name="intent" value="private-link" />
                  <p className="govuk-body">{person.name} has no email address. Give them a private link at the desk instead (shown once, with a QR code to scan).</p>
                  <Button variant="secondary">Show a private link for {person.name}</Button>
                </Form>
              )
            ) : null}

            {person.statusCode === "confirmed" && !person.checkedInAt ? (
              <Form method="post">
                <input type="hidden" name="intent" value={person.noShowAt ? "not-no-show" : "no-show"} />
                <Button variant="secondary">{person.noShowAt ? "Remove the no-show mark" : "Mark as a no-show"}</Button>
              </Form>
            ) : null}
          </>
        ) : null}

        <h2 className="govuk-heading-m">Erase this person</h2>
        <p className="govuk-body">
          When someone asks you to delete their data (UK GDPR), erase them: their details are blanked, any place they have goes to the waiting list, and they are removed from
          sessions they pitched or marked.
        </p>
        <WarningText>You cannot undo this.</WarningText>
        <Form method="post">
          <input type="hidden" name="intent" value="erase" />
          <Button variant="warning">Erase {person.name}’s data</Button>
        </Form>
      </div>
    </div>
  );
}
