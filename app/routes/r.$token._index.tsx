import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { enforceAddressRateLimit, enforceRateLimit, formError, invalid, noFields, readIntentForm, withErrorPage } from "~/.server/platform";
import { getAttendee, redirectWithFlash, rememberAttendee } from "~/.server/auth";
import { findEventById, listUpcomingEvents } from "~/.server/events";
import { ownOpenSessions } from "~/.server/grid";
import { STATUS_LABELS } from "~/domain/registration-rules";
import {
  confirmFromPrivateLink,
  drawEntryNumber,
  findRegistrationByToken,
  queuePosition,
  reconfirmationFor,
  requireRegistrationByToken,
  resendRegistrationLinks,
  sendNewManageLink,
} from "~/.server/registration";
import { cancellingWording, privateConfirmOutcome } from "~/domain/attendee-wording";
import { eventIsPast } from "~/domain/event-state";
import { ordinal } from "~/domain/people";
import { StillComingPanel } from "~/components/StillComingPanel";
import { Button, ErrorSummary, Input, Select, SummaryList, Tag } from "~/components/govuk";
import { formatDate, formatDateTime, formatTimeRange } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Your registration – Pitchgrid" }, { name: "robots", content: "noindex" }];

// Opening the private link remembers the attendee on this device (a cookie), so pitching and
// marking sessions work here afterwards. When this device already recognises someone else at
// this event, nothing changes until they say so (a POST button): following a link someone
// forwarded, or opening a colleague's on a shared computer, must not silently swap who you are.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await findRegistrationByToken(params.token);
  if (!found) {
    // A link that no longer works (replaced by a newer one, or mistyped): say so, and offer to
    // send the current link, for the event the person chooses, by email only.
    const events = await listUpcomingEvents();
    return data({ lost: true as const, events: events.map((e) => ({ slug: e.slug, name: e.name })) }, { status: 404, headers: { "Cache-Control": "private, no-store" } });
  }
  const registration = found;
  const event = (await findEventById(registration.eventId))!;
  const tz = event.timeZone;
  const current = await getAttendee(request, registration.eventId);
  const recognisedAs = current && current.registrationId !== registration.id ? current.name : null;
  const headers = recognisedAs === null ? await rememberAttendee(request, registration.id) : {};
  const position = await queuePosition(registration);
  const drawEntry = registration.lotteryRank !== null ? await drawEntryNumber(registration.id, registration.ticketTypeId) : null;
  const stillComing = registration.status === "confirmed" ? await reconfirmationFor(registration.id) : null;
  // Open Space: a host chooses where their open pitches go (the place page knows them by this device's cookie, set above).
  const ownSessions = registration.status === "confirmed" && recognisedAs === null ? await ownOpenSessions(event.id, registration.id) : [];
  return data(
    {
      token: params.token!,
      stillComing: stillComing && !stillComing.releasedAt ? { answer: stillComing.answer, deadline: formatDateTime(stillComing.deadlineAt, tz) } : null,
      recognisedAs,
      ownSessions,
      event: { name: event.name, slug: event.slug, date: formatDate(event.startsAt, tz), times: formatTimeRange(event.startsAt, event.endsAt, tz), venue: event.venue },
      registration: {
        name: registration.name,
        email: registration.email,
        organisation: registration.organisation,
        jobRole: registration.jobRole,
        pronouns: registration.pronouns,
        accessNeeds: registration.accessNeeds,
        dietaryNeeds: registration.dietaryNeeds,
        council: registration.councilName,
        ticketType: registration.ticketTypeName,
        status: registration.status,
        statusLabel: STATUS_LABELS[registration.status],
        holdExpiresAt: registration.holdExpiresAt ? formatDateTime(registration.holdExpiresAt, tz) : null,
        offerExpiresAt: registration.offerExpiresAt ? formatDateTime(registration.offerExpiresAt, tz) : null,
        // "3rd of 12" on the waiting list (in draw order after a lottery).
        position: position ? `${ordinal(position.position)} of ${position.of}` : null,
        drawn: registration.lotteryRank !== null,
        drawEntry,
        drawUrl: `/events/${event.slug}/draws/${registration.ticketTypeId}`,
        cancelling: cancellingWording(registration.status),
        // After the event there is nothing left to confirm or accept (confirmFromPrivateLink refuses).
        ended: eventIsPast(event),
      },
    },
    { headers: { ...headers, "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submitted = await readIntentForm(
    request,
    { "send-link": lostLinkSchema, switch: noFields, confirm: noFields, "new-link": noFields },
    // A link that does not work is a 404 whatever was sent (only "send-link" works without one).
    { beforeRefusing: () => requireRegistrationByToken(params.token) },
  );
  if (submitted.intent === "send-link") {
    // From the "this link does not work" page: the same as /events/<slug>/send-link.
    await withErrorPage(() => enforceAddressRateLimit("registration", request));
    const parsed = submitted;
    if (!parsed.ok) return invalid(parsed.failure);
    const event = (await listUpcomingEvents()).find((e) => e.slug === parsed.data.event);
    if (!event) return formError("Choose the event you registered for", parsed.values, "event");
    await withErrorPage(() => enforceRateLimit("resendLinks", parsed.data.email.toLowerCase()));
    await withErrorPage(() => resendRegistrationLinks(event.slug, parsed.data.email));
    return redirect(`/events/${event.slug}/register/check-email?status=resent`, 303);
  }
  const registration = await withErrorPage(() => requireRegistrationByToken(params.token));
  if (submitted.intent === "switch") {
    return redirect(`/r/${params.token}`, { status: 303, headers: await rememberAttendee(request, registration.id) });
  }
  if (submitted.intent === "confirm") {
    // The private link already proves the address: confirming here does what the emailed link does.
    const result = await confirmFromPrivateLink(registration.id);
    return redirectWithFlash(request, `/r/${params.token}`, privateConfirmOutcome(result.ok ? { ok: true, status: result.status } : { ok: false, state: result.state.state }));
  }
  await withErrorPage(() => sendNewManageLink(registration.id));
  const event = (await findEventById(registration.eventId))!;
  return redirect(`/events/${event.slug}/register/check-email?status=new-link`, 303);
}

const STATUS_COLOURS = { confirmed: "green", held: "yellow", offered: "yellow", waiting: "blue", "pending-approval": "purple", "lottery-entered": "purple" } as const;

const lostLinkSchema = z.object({
  event: z.string({ required_error: "Choose the event you registered for" }).trim().min(1, "Choose the event you registered for"),
  email: z
    .string({ required_error: "Enter the email address you registered with" })
    .trim()
    .min(1, "Enter the email address you registered with")
    .max(254)
    .email("Enter an email address in the correct format, like name@example.gov.uk"),
});

export default function PrivatePage() {
  const loaded = useLoaderData<typeof loader>();
  return "lost" in loaded ? <LostLink events={loaded.events} /> : <ManageRegistration />;
}

/** The page a link that does not work opens: what happened, and "Send me my link". */
function LostLink({ events }: { events: { slug: string; name: string }[] }) {
  const result = useActionData<typeof action>() as { errors?: Record<string, string[]>; values?: Record<string, string> } | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors ?? {}} fieldOrder={["form", "event", "email"]} />
        <h1 className="govuk-heading-l">This link does not work</h1>
        <p className="govuk-body">
          It may have been replaced by a newer link (asking for a new link stops the old ones working), or the registration was erased. We can email you the link that works now.
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="send-link" />
          <Select
            name="event"
            label="Event you registered for"
            errors={result?.errors}
            defaultValue={result?.values?.event ?? (events.length === 1 ? events[0].slug : "")}
            options={[...(events.length === 1 ? [] : [{ value: "", label: "Choose an event" }]), ...events.map((e) => ({ value: e.slug, label: e.name }))]}
          />
          <Input name="email" type="email" label="Email address you registered with" errors={result?.errors} defaultValue={result?.values?.email} autoComplete="email" spellCheck={false} />
          <Button>Send me my link</Button>
        </Form>
        <p className="govuk-body">If the address is registered for that event, the email arrives in a minute or two. We say the same whether or not it is.</p>
      </div>
    </div>
  );
}

function ManageRegistration() {
  const loaded = useLoaderData<typeof loader>();
  if ("lost" in loaded) return null;
  const { token, event, registration, recognisedAs, stillComing, ownSessions } = loaded;
  const live = ["held", "confirmed", "waiting", "offered", "pending-approval", "lottery-entered"].includes(registration.status);
  const colour = STATUS_COLOURS[registration.status as keyof typeof STATUS_COLOURS] ?? "grey";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {recognisedAs !== null ? (
          <div className="govuk-notification-banner" role="region" aria-labelledby="switch-title" data-module="govuk-notification-banner">
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="switch-title">
                Who is using this device?
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">
                You are recognised here as {recognisedAs}. Switch to {registration.name}?
              </p>
              <p className="govuk-body">
                Pitching and marking sessions on this device would then be as {registration.name}. If this is not your link, leave this page: nothing has
                changed.
              </p>
              <Form method="post">
                <Button name="intent" value="switch">
                  Switch to {registration.name}
                </Button>
              </Form>
            </div>
          </div>
        ) : null}
        <span className="govuk-caption-l">{event.name}</span>
        <h1 className="govuk-heading-l">Your registration</h1>
        <p className="govuk-body">
          <Tag colour={colour}>{registration.statusLabel}</Tag>
        </p>
        {registration.ended && (registration.status === "held" || registration.status === "offered") ? (
          <p className="govuk-body" data-testid="event-ended">
            This event has ended, so there is nothing to confirm.
          </p>
        ) : null}
        {registration.status === "held" && !registration.ended ? (
          <>
            <p className="govuk-body">
              Your email address is not confirmed yet, so nothing is held for you. Confirm it here (or with the link we emailed to {registration.email})
              {registration.holdExpiresAt ? ` before ${registration.holdExpiresAt}` : ""}. After that you would need to register again.
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="confirm" />
              <Button>Confirm my email address</Button>
            </Form>
          </>
        ) : null}
        {registration.status === "offered" && !registration.ended ? (
          <>
            <p className="govuk-body">
              A place is yours if you accept it{registration.offerExpiresAt ? ` before ${registration.offerExpiresAt}` : ""}. After that it goes to the next person on the waiting list.
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="confirm" />
              <Button>Accept the place</Button>
            </Form>
          </>
        ) : null}
        {registration.status === "waiting" && registration.position ? (
          <p className="govuk-body" data-testid="queue-position">
            You are <strong>{registration.position}</strong> on the waiting list{registration.drawn ? " (in draw order)" : ""} for {registration.ticketType}. If a place frees up, we
            email you an offer.
          </p>
        ) : null}
        {registration.drawEntry !== null ? (
          <p className="govuk-body" data-testid="draw-entry">
            You were entry <strong>{registration.drawEntry}</strong> in the draw for {registration.ticketType}.{" "}
            <Link className="govuk-link" to={registration.drawUrl}>
              See the published draw
            </Link>
          </p>
        ) : null}
        {stillComing ? <StillComingPanel token={token} answer={stillComing.answer} deadline={stillComing.deadline} /> : null}
        {registration.status === "confirmed" ? (
          <p className="govuk-body">
            You have a place. You can{" "}
            <Link className="govuk-link" to={`/events/${event.slug}/pitches`}>
              pitch a session or mark the ones you would go to
            </Link>{" "}
            on this device.
          </p>
        ) : null}
        {ownSessions.length > 0 ? (
          <>
            <h2 className="govuk-heading-m">Your sessions</h2>
            <p className="govuk-body">At this event, hosts choose where and when their own sessions happen.</p>
            <ul className="govuk-list" data-testid="own-sessions">
              {ownSessions.map((s) => (
                <li key={s.pitchId}>
                  {s.pinned ? (
                    <>
                      “{s.title}”: an organiser has pinned it on the grid, so only the organisers can move it.{" "}
                      <Link className="govuk-link" to={`/events/${event.slug}/pitches/${s.pitchId}`}>
                        See where it is
                      </Link>
                    </>
                  ) : (
                    <Link className="govuk-link" to={`/events/${event.slug}/pitches/${s.pitchId}/place`}>
                      {s.placed ? `Move “${s.title}” or take it off the grid` : `Choose where and when “${s.title}” happens`}
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h2 className="govuk-heading-m">The event</h2>
        <SummaryList
          rows={[
            { key: "Event", value: <Link className="govuk-link" to={`/events/${event.slug}`}>{event.name}</Link> },
            { key: "Date", value: `${event.date}, ${event.times}` },
            { key: "Venue", value: event.venue || "To be announced" },
            { key: "Ticket type", value: registration.ticketType },
          ]}
        />
        <h2 className="govuk-heading-m">Your details</h2>
        <SummaryList
          rows={[
            { key: "Name", value: registration.name, action: live ? { href: `/r/${token}/edit`, label: "Change", hidden: "name" } : undefined },
            { key: "Work email", value: registration.email },
            { key: "Organisation", value: registration.organisation, action: live ? { href: `/r/${token}/edit`, label: "Change", hidden: "organisation" } : undefined },
            ...(registration.council ? [{ key: "Council", value: registration.council }] : []),
            { key: "Role", value: registration.jobRole || "Not given", action: live ? { href: `/r/${token}/edit`, label: "Change", hidden: "role" } : undefined },
            { key: "Pronouns", value: registration.pronouns || "Not given", action: live ? { href: `/r/${token}/edit`, label: "Change", hidden: "pronouns" } : undefined },
            { key: "Access needs", value: registration.accessNeeds || "None given", action: live ? { href: `/r/${token}/edit`, label: "Change", hidden: "access needs" } : undefined },
            { key: "Dietary needs", value: registration.dietaryNeeds || "None given", action: live ? { href: `/r/${token}/edit`, label: "Change", hidden: "dietary needs" } : undefined },
          ]}
        />
        {live ? (
          <>
            <h2 className="govuk-heading-m">Cannot come?</h2>
            <p className="govuk-body">{registration.cancelling}</p>
            <Link className="govuk-button govuk-button--warning" to={`/r/${token}/cancel`}>
              Cancel my registration
            </Link>
          </>
        ) : null}
        <h2 className="govuk-heading-m">Your data</h2>
        <ul className="govuk-list">
          <li>
            <a className="govuk-link" href={`/r/${token}/data.json`} download>
              Download the data we hold about you (JSON)
            </a>
          </li>
          <li>
            <Link className="govuk-link" to={`/r/${token}/erase`}>
              Erase your data
            </Link>
          </li>
        </ul>
        <h2 className="govuk-heading-m">Keep this link private</h2>
        <p className="govuk-body">Anyone with this link can see and change your registration. If you think someone else has it, get a new one: the old link will stop working.</p>
        <Form method="post">
          <input type="hidden" name="intent" value="new-link" />
          <Button variant="secondary">Email me a new link</Button>
        </Form>
      </div>
    </div>
  );
}
