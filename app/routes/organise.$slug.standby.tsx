import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { env, invalid, noFields, readIntentForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { cutoffTimeOfDay, holdPlace, qrCodeDataUrl, joinStandby, listRegistrations, releaseToStandby, saveStandbySettings, standbyView, updateStandbyEntry } from "~/.server/registration";
import { Button, Checkboxes, ErrorSummary, Input, Select, Tag } from "~/components/govuk";
import { OrganiserNav } from "~/components/OrganiserNav";
import { STANDBY_STATUS_LABELS, standbyPersonSchema, standbySettingsSchema } from "~/domain/standby";
import { formatTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Standby at the door – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const [view, confirmed] = await Promise.all([standbyView(event.id), listRegistrations(event.id, { status: "confirmed" })]);
  const held = new Set(view.holds.map((h) => h.registrationId));
  return {
    slug: event.slug,
    name: event.name,
    doorLink: `${env().PUBLIC_URL}/events/${event.slug}/standby`,
    doorQr: await qrCodeDataUrl(`${env().PUBLIC_URL}/events/${event.slug}/standby`),
    cutoff: cutoffTimeOfDay(view.list, event) ?? "",
    joiningOpen: view.list.joiningOpen,
    released: view.list.releasedAt ? formatTime(view.list.releasedAt, event.timeZone) : null,
    seats: view.seats,
    next: view.next ? { number: view.next.number, name: view.next.name } : null,
    entries: view.entries.map((e) => ({ ...e, statusLabel: STANDBY_STATUS_LABELS[e.status], calledAt: e.calledAt ? formatTime(e.calledAt, event.timeZone) : null })),
    holds: view.holds,
    notCheckedIn: confirmed
      .filter((r) => !r.checkedInAt && !held.has(r.id))
      .sort((a, b) => a.name.localeCompare(b.name, "en-GB"))
      .map((r) => ({ id: r.id, name: r.name })),
  };
}

const EntryAction = z.object({ entryId: z.coerce.number().int().positive() });
const HoldAction = z.object({ registrationId: z.coerce.number({ invalid_type_error: "Choose a person" }).int().positive("Choose a person") });

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const submitted = await readIntentForm(request, {
    settings: standbySettingsSchema,
    add: standbyPersonSchema,
    "release-ask": noFields,
    release: noFields,
    seated: EntryAction,
    gone: EntryAction,
    call: EntryAction,
    hold: HoldAction,
    unhold: HoldAction,
  });
  const back = `/organise/${event.slug}/standby`;
  switch (submitted.intent) {
    case "settings": {
      if (!submitted.ok) return invalid(submitted.failure);
      const parsed = submitted;
      return withFormErrors(submitted.values, async () => {
        await saveStandbySettings(event.id, parsed.data);
        return redirectWithFlash(request, back, "Standby settings saved.");
      });
    }
    case "add": {
      if (!submitted.ok) return invalid(submitted.failure);
      const parsed = submitted;
      const { number } = await withErrorPage(() => joinStandby(event.id, parsed.data, "desk"));
      return redirectWithFlash(request, back, `${parsed.data.name} is number ${number} on standby.`);
    }
    case "release-ask":
      return data({ askRelease: true });
    case "release": {
      const called = await withErrorPage(() => releaseToStandby(event.id));
      return redirectWithFlash(request, back, `Places released to standby. ${called === 0 ? "Nobody could be called yet." : `${called} called.`}`);
    }
    case "seated":
    case "gone":
    case "call": {
      if (!submitted.ok) return invalid(submitted.failure);
      const parsed = submitted;
      const intent = submitted.intent;
      return withFormErrors({}, async () => {
        await updateStandbyEntry(event.id, parsed.data.entryId, intent);
        return redirectWithFlash(request, back, intent === "seated" ? "Marked as seated." : intent === "gone" ? "Marked as not here: the seat goes to the next person." : "Called.");
      });
    }
    case "hold":
    case "unhold": {
      if (!submitted.ok) return invalid(submitted.failure);
      const parsed = submitted;
      const hold = submitted.intent === "hold";
      return withFormErrors({}, async () => {
        await holdPlace(event.id, parsed.data.registrationId, hold, email);
        return redirectWithFlash(request, back, hold ? "Place held past the cut-off." : "Place no longer held.");
      });
    }
  }
}

export default function Standby() {
  const { slug, name, doorLink, doorQr, cutoff, joiningOpen, released, seats, next, entries, holds, notCheckedIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const values: Record<string, string> = result && "values" in result && result.values ? result.values : {};
  const askRelease = !!(result && "askRelease" in result);
  const called = entries.filter((e) => e.status === "called");
  return (
    <>
      <OrganiserNav slug={slug} name={name} />
      <ErrorSummary errors={errors} fieldOrder={["form", "cutoff", "name", "email", "registrationId"]} />
      <span className="govuk-caption-l">{name}</span>
      <h1 className="govuk-heading-l">Standby at the door</h1>
      <p className="govuk-body">
        People without a place wait on a numbered list. At the cut-off, the seats of people not checked in go to standby in number order; each person called is shown
        here and on the check-in page, and emailed if they gave an address.
      </p>
      <p className="govuk-body-l" data-testid="standby-seats">
        {`${released ? `Released at ${released}.` : "Not released yet."} Seats for standby now: ${seats.free}`}
      </p>
      {called.length > 0 ? (
        <div className="govuk-notification-banner" role="region" aria-labelledby="called-title" data-module="govuk-notification-banner">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="called-title">
              Called
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading" data-testid="standby-called">
              {called.map((e) => `Number ${e.number}, ${e.name}`).join("; ")}
            </p>
          </div>
        </div>
      ) : null}
      {next ? (
        <p className="govuk-body" data-testid="standby-next">
          {`Next to call: number ${next.number}, ${next.name}`}
        </p>
      ) : null}

      <h2 className="govuk-heading-m">The list</h2>
      {entries.length === 0 ? <p className="govuk-body">Nobody on standby yet.</p> : null}
      {entries.length > 0 ? (
        <table className="govuk-table">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Number</th>
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {entries.map((e) => (
              <tr className="govuk-table__row" key={e.id} id={`standby-${e.number}`}>
                <td className="govuk-table__cell">{e.number}</td>
                <td className="govuk-table__cell">
                  {e.name}
                  {e.email ? <span className="govuk-hint govuk-!-margin-bottom-0">Emailed when called</span> : null}
                </td>
                <td className="govuk-table__cell">
                  <Tag colour={e.status === "called" ? "yellow" : e.status === "seated" ? "green" : e.status === "gone" ? "grey" : "blue"}>{e.statusLabel}</Tag>
                  {e.calledAt ? ` at ${e.calledAt}` : ""}
                </td>
                <td className="govuk-table__cell">
                  <Form method="post">
                    <input type="hidden" name="entryId" value={e.id} />
                    <div className="govuk-button-group govuk-!-margin-bottom-0">
                      {e.status === "called" || e.status === "waiting" ? (
                        <Button name="intent" value="seated">
                          Seated<span className="govuk-visually-hidden">: number {e.number}</span>
                        </Button>
                      ) : null}
                      {e.status === "waiting" ? (
                        <Button name="intent" value="call" variant="secondary">
                          Call now<span className="govuk-visually-hidden">: number {e.number}</span>
                        </Button>
                      ) : null}
                      {e.status === "called" || e.status === "waiting" ? (
                        <Button name="intent" value="gone" variant="secondary">
                          Not here<span className="govuk-visually-hidden">: number {e.number}</span>
                        </Button>
                      ) : null}
                    </div>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Form method="post" noValidate>
            <h2 className="govuk-heading-m">Add someone at the desk</h2>
            <Input name="name" label="Name" errors={errors} defaultValue={values.name} autoComplete="off" />
            <Input name="email" label="Email (optional)" hint="To call them by email when a seat is free" type="email" errors={errors} defaultValue={values.email} autoComplete="off" spellCheck={false} />
            <Button name="intent" value="add">
              Add to standby
            </Button>
          </Form>

          <h2 className="govuk-heading-m">Release places</h2>
          {released ? (
            <p className="govuk-body">Places were released at {released}.</p>
          ) : askRelease ? (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <div className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                Release now? Every seat of someone not checked in (except held places) goes to standby, and the first people are called straight away.
                <Form method="post">
                  <div className="govuk-button-group">
                    <Button name="intent" value="release" variant="warning">
                      Yes, release places now
                    </Button>
                  </div>
                </Form>
              </div>
            </div>
          ) : (
            <Form method="post">
              <p className="govuk-body">{cutoff ? `Places are released automatically at ${cutoff}.` : "No cut-off is set: release by hand when you are ready."}</p>
              <Button name="intent" value="release-ask" variant="secondary">
                Release places early
              </Button>
            </Form>
          )}

          <h2 className="govuk-heading-m">Held places</h2>
          <p className="govuk-body">A held place is kept past the cut-off for someone who has told you they are running late.</p>
          {holds.length > 0 ? (
            <ul className="govuk-list">
              {holds.map((h) => (
                <li key={h.registrationId}>
                  <Form method="post">
                    <input type="hidden" name="registrationId" value={h.registrationId} />
                    {h.name}
                    {h.checkedIn ? " (checked in)" : ""}{" "}
                    <button type="submit" name="intent" value="unhold" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                      Stop holding<span className="govuk-visually-hidden"> {h.name}’s place</span>
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          ) : null}
          {notCheckedIn.length > 0 ? (
            <Form method="post">
              <Select
                name="registrationId"
                label="Hold the place of"
                errors={errors}
                options={[{ value: "", label: "Choose a person" }, ...notCheckedIn.map((r) => ({ value: String(r.id), label: r.name }))]}
              />
              <Button name="intent" value="hold" variant="secondary">
                Hold place
              </Button>
            </Form>
          ) : null}

          <h2 className="govuk-heading-m">The link for the door</h2>
          <p className="govuk-body">People without a place scan this with their phone, or type the link, to join the list{joiningOpen ? "" : " (once you allow joining from the door, below)"}.</p>
          <img src={doorQr} alt="QR code of the door link" width="200" height="200" data-testid="door-qr" />
          <p className="govuk-body govuk-!-font-weight-bold" data-testid="door-link">
            {doorLink}
          </p>
          <p className="govuk-body">
            <a className="govuk-link" href={`/organise/${slug}/standby/poster`} target="_blank" rel="noreferrer">
              Print a poster for the door (opens in a new tab)
            </a>
          </p>
          <Form method="post" noValidate>
            <h2 className="govuk-heading-m">Settings</h2>
            <Input name="cutoff" label="Cut-off time on the day" hint="24-hour time, like 10:15. Leave blank to release only by hand." width="5" errors={errors} defaultValue={values.cutoff ?? cutoff} />
            <Checkboxes
              name="joiningOpen"
              legend="Joining from the door"
              small
              errors={errors}
              defaultValue={(values.joiningOpen ?? (joiningOpen ? "yes" : "")) || undefined}
              options={[{ value: "yes", label: "People may join the list on their phone", hint: `Show this link at the door (print it, or as a QR code): ${doorLink}` }]}
            />
            <Button name="intent" value="settings" variant="secondary">
              Save settings
            </Button>
          </Form>
        </div>
      </div>
    </>
  );
}
