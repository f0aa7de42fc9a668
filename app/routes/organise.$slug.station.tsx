import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { env, formError, invalid, qrCodeDataUrl, withErrorPage, withFormErrors, noFields, readIntentForm } from "~/.server/platform";
import { redirectWithFlash, requireEventRole } from "~/.server/auth";
import { joinPitchQueue, listConfirmedAttendees, PitchRefused, pitchQueueVersion, pitchQueueView, recordStationPitch, savePitchQueueSettings, setShowOfHands, stationPitches, stationShowsOfHands, updatePitchQueue } from "~/.server/pitching";
import { Button, Checkboxes, ErrorSummary, Input, Radios, Select } from "~/components/govuk";
import { OrganiserNav } from "~/components/OrganiserNav";
import { queueAddSchema, queueSettingsSchema, STATION_MULTI_FIELDS, stationPitchSchema } from "~/domain/pitch-queue";
import { PITCH_FORMATS } from "~/domain/pitch-rules";
import { FORMAT_NAMES, NEED_NAMES } from "~/components/PitchForm";
import { StationShowOfHands } from "~/components/StationShowOfHands";
import { parseCount } from "~/domain/attendance";
import { useStationLive } from "~/components/useStationLive";

export const meta: MetaFunction = () => [{ title: "Pitch station – Pitchgrid" }];

/** The pitch station: organisers and volunteers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, role } = await withErrorPage(() => requireEventRole(request, params.slug, "volunteer"));
  const [view, attendees, recorded, hands, version] = await Promise.all([pitchQueueView(event.id), listConfirmedAttendees(event.id), stationPitches(event.id), stationShowsOfHands(event), pitchQueueVersion(event.id)]);
  const joinLink = `${env().PUBLIC_URL}/events/${event.slug}/pitch-queue`;
  const brief = (e: { id: number; number: number; name: string; title: string; registrationId: number | null }) => ({ id: e.id, number: e.number, name: e.name, title: e.title, registrationId: e.registrationId });
  return {
    slug: event.slug,
    name: event.name,
    role,
    joinLink,
    joinQr: await qrCodeDataUrl(joinLink),
    settings: view.settings,
    current: view.current ? brief(view.current) : null,
    waiting: view.waiting.map(brief),
    attendees: attendees.map((a) => ({ id: a.id, label: a.organisation ? `${a.name}, ${a.organisation}` : a.name })),
    recorded,
    hands,
    version,
  };
}

const EntryAction = z.object({ entryId: z.coerce.number().int().positive() });
const HandsAction = z.object({ pitchId: z.coerce.number().int().positive() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireEventRole(request, params.slug, "volunteer"));
  const submitted = await readIntentForm(
    request,
    { record: stationPitchSchema, "queue-add": queueAddSchema, start: noFields, pitched: EntryAction, skipped: EntryAction, remove: EntryAction, hands: HandsAction, settings: queueSettingsSchema },
    { multi: STATION_MULTI_FIELDS },
  );
  const back = `/organise/${event.slug}/station`;
  const { values } = submitted;
  switch (submitted.intent) {
    case "record": {
      if (!submitted.ok) return invalid(submitted.failure);
      const parsed = submitted;
      return withFormErrors(values, async () => {
        try {
          const outcome = await recordStationPitch(event, email, parsed.data);
          const who = outcome.walkInAdded ? `${outcome.hostName} (added as a walk-in)` : outcome.hostName;
          const next = outcome.calledNext ? ` ${outcome.calledNext} is at the microphone now.` : "";
          return redirectWithFlash(request, back, `“${outcome.pitch.title}” recorded for ${who}. It is in the grid’s “Not yet on the grid” list.${next}`);
        } catch (error) {
          if (error instanceof PitchRefused) return formError(error.message, values, error.field);
          throw error;
        }
      });
    }
    case "queue-add": {
      if (!submitted.ok) return invalid(submitted.failure);
      const parsed = submitted;
      const { queueName, queueRegistrationId, queueTitle } = parsed.data;
      return withFormErrors(values, async () => {
        const joined = await joinPitchQueue(event.id, queueRegistrationId !== null ? { registrationId: queueRegistrationId } : { name: queueName }, queueTitle, "station");
        return redirectWithFlash(request, back, joined.already ? `They are already in the queue (number ${joined.number}).` : `Added to the queue as number ${joined.number}.`);
      });
    }
    case "start":
      return withFormErrors({}, async () => {
        const { current } = await updatePitchQueue(event.id, "start", null);
        return redirectWithFlash(request, back, `${current?.name ?? "The next person"} is at the microphone. The countdown has started.`);
      });
    case "pitched":
    case "skipped":
    case "remove": {
      if (!submitted.ok) return invalid(submitted.failure);
      const parsed = submitted;
      const intent = submitted.intent;
      return withFormErrors({}, async () => {
        const { current, finished } = await updatePitchQueue(event.id, intent, parsed.data.entryId);
        const done = intent === "remove" ? "Taken off the queue." : `${finished?.name ?? "They"} marked as ${intent}.`;
        return redirectWithFlash(request, back, `${done}${current && intent !== "remove" ? ` ${current.name} is at the microphone now.` : intent !== "remove" ? " Nobody is waiting." : ""}`);
      });
    }
    case "hands": {
      // A show of hands for a pitch recorded here: a one-tap rough count ("hands") or a typed number.
      if (!submitted.ok) return invalid(submitted.failure);
      const parsed = submitted;
      const count = parseCount(values.hands ?? values.showOfHands ?? "");
      if (count === null) return formError("Enter the show of hands as a whole number such as 25", values, "showOfHands");
      return withFormErrors(values, async () => {
        // The save reads the pitch (it must be this event's and open) and gives its title back.
        const pitch = await setShowOfHands(event.id, parsed.data.pitchId, count);
        return redirectWithFlash(request, `${back}#hands-${parsed.data.pitchId}`, `Show of hands for “${pitch.title}”: ${count}.`);
      });
    }
    case "settings": {
      if (!submitted.ok) return invalid(submitted.failure);
      const parsed = submitted;
      await savePitchQueueSettings(event.id, parsed.data);
      return redirectWithFlash(request, back, `Queue settings saved: ${parsed.data.countdownSeconds} seconds a pitch, joining from phones ${parsed.data.joiningOpen ? "open" : "closed"}.`);
    }
  }
}

export default function PitchStation() {
  const { slug, name, role, joinLink, joinQr, settings, current, waiting, attendees, recorded, hands, version } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const liveNotice = useStationLive(slug, version, Boolean(errors));
  const values: Record<string, string> = result && "values" in result && result.values ? result.values : {};
  const failedRecord = values.intent === "record";
  // The record form starts from whoever is at the microphone.
  const hostDefault = failedRecord ? values.hostRegistrationId : current?.registrationId ? String(current.registrationId) : "";
  const walkInDefault = failedRecord ? values.walkInName : current && !current.registrationId ? current.name : "";
  const attendeeOptions = attendees.map((a) => ({ value: String(a.id), label: a.label }));
  return (
    <>
      <OrganiserNav slug={slug} name={name} role={role} />
      <ErrorSummary errors={errors} fieldOrder={["form", "entryId", "title", "hostRegistrationId", "walkInName", "format", "needs", "walkInPronouns", "pitchedBy", "showOfHands", "pitchId", "queueRegistrationId", "queueName", "queueTitle", "countdownSeconds"]} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{name}</span>
          <h1 className="govuk-heading-l">Pitch station</h1>
          <p className="govuk-body-s" role="status" data-testid="station-live">
            {liveNotice}
          </p>

          <h2 className="govuk-heading-m">At the microphone</h2>
          {current ? (
            <>
              <p className="govuk-body-l" data-testid="station-current">
                <strong>{current.name}</strong>
                {current.title ? `: ${current.title}` : ""}
              </p>
              <Form method="post">
                <input type="hidden" name="entryId" value={current.id} />
                <div className="govuk-button-group">
                  <Button name="intent" value="pitched" variant="secondary">
                    Pitched<span className="govuk-visually-hidden">: {current.name}</span>
                  </Button>
                  <Button name="intent" value="skipped" variant="secondary">
                    Skip<span className="govuk-visually-hidden"> {current.name}</span>
                  </Button>
                </div>
              </Form>
            </>
          ) : (
            <>
              <p className="govuk-body" data-testid="station-current">
                Nobody at the microphone.
              </p>
              {waiting.length > 0 ? (
                <Form method="post">
                  <Button name="intent" value="start">
                    {`Call up ${waiting[0].name}`}
                  </Button>
                </Form>
              ) : null}
            </>
          )}

          {/* Keyed by who is at the microphone and the latest pitch recorded, so with JavaScript the
              form starts afresh (from the new pitcher) after each change, as it does without. */}
          <Form method="post" noValidate id="record" key={`record-${current?.id ?? 0}-${recorded[0]?.id ?? 0}`}>
            <h2 className="govuk-heading-m">Record a pitch</h2>
            {current ? (
              <Checkboxes
                name="entryId"
                legend="Whose pitch is it?"
                small
                errors={errors}
                defaultValue={failedRecord ? values.entryId || undefined : String(current.id)}
                options={[{ value: String(current.id), label: `${current.name}’s, at the microphone: mark them pitched and call up the next person` }]}
              />
            ) : null}
            <Input name="title" label="Session title" errors={errors} defaultValue={failedRecord ? values.title : current?.title} autoComplete="off" />
            <Select
              name="hostRegistrationId"
              label="Host"
              hint="Someone with a place. For someone not registered, leave this and type their name below."
              errors={errors}
              defaultValue={hostDefault}
              options={[{ value: "", label: "Not registered (type their name below)" }, ...attendeeOptions]}
            />
            <Input name="walkInName" label="Or a walk-in’s name" hint="They are added with a confirmed place, checked in, and host the session" errors={errors} defaultValue={walkInDefault} autoComplete="off" />
            <Input
              name="walkInPronouns"
              label="The walk-in’s pronouns (optional)"
              hint="For example, she/her or they/them. Printed on their name badge."
              errors={errors}
              defaultValue={failedRecord ? values.walkInPronouns : ""}
              width="10"
              autoComplete="off"
              spellCheck={false}
            />
            <Radios
              name="format"
              legend="Format"
              small
              errors={errors}
              defaultValue={failedRecord ? values.format : "discussion"}
              options={PITCH_FORMATS.map((f) => ({ value: f, label: FORMAT_NAMES[f] }))}
            />
            <Checkboxes
              name="needs"
              legend="Needs (optional)"
              small
              errors={errors}
              defaultValue={failedRecord ? (values.needs ?? "").split("\n") : []}
              options={Object.entries(NEED_NAMES).map(([value, label]) => ({ value, label }))}
            />
            <Input name="pitchedBy" label="Pitched by (optional)" hint="Who stood up, when a volunteer or colleague pitched it for the host" errors={errors} defaultValue={failedRecord ? values.pitchedBy : ""} autoComplete="off" />
            <Button name="intent" value="record">
              Record pitch
            </Button>
          </Form>

          <StationShowOfHands
            rows={hands}
            failedPitchId={values.intent === "hands" && values.pitchId ? Number(values.pitchId) : null}
            error={errors?.showOfHands?.[0]}
            typed={values.showOfHands}
          />

          <h2 className="govuk-heading-m">The queue</h2>
          {waiting.length === 0 ? <p className="govuk-body">Nobody is waiting to pitch.</p> : null}
          {waiting.length > 0 ? (
            <ol className="govuk-list" data-testid="station-queue">
              {waiting.map((e, index) => (
                <li key={e.id} className="pg-queue-item">
                  <Form method="post">
                    <input type="hidden" name="entryId" value={e.id} />
                    {`${index + 1}. ${e.name}`}
                    {e.title ? ` (${e.title})` : ""}{" "}
                    <button type="submit" name="intent" value="remove" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                      Remove<span className="govuk-visually-hidden"> {e.name} from the queue</span>
                    </button>
                  </Form>
                </li>
              ))}
            </ol>
          ) : null}
          <Form method="post" noValidate key={`queue-${waiting.length}-${waiting.at(-1)?.id ?? 0}`}>
            <h3 className="govuk-heading-s">Add someone to the queue</h3>
            <Select
              name="queueRegistrationId"
              label="Someone with a place"
              errors={errors}
              defaultValue={values.queueRegistrationId ?? ""}
              options={[{ value: "", label: "Not registered (type their name below)" }, ...attendeeOptions]}
            />
            <Input name="queueName" label="Or their name" errors={errors} defaultValue={values.queueName} autoComplete="off" />
            <Input name="queueTitle" label="What they will pitch (optional)" errors={errors} defaultValue={values.queueTitle} autoComplete="off" />
            <Button name="intent" value="queue-add" variant="secondary">
              Add to the queue
            </Button>
          </Form>

          <h2 className="govuk-heading-m">Joining from phones, and the projector</h2>
          <p className="govuk-body">
            {settings.joiningOpen ? "Attendees can join the queue on their phone at this link:" : "Joining from phones is closed. When open, attendees join at this link:"}{" "}
            <a className="govuk-link" href={joinLink} data-testid="station-join-link">
              {joinLink}
            </a>
          </p>
          <img className="pg-qr" src={joinQr} alt={`QR code for ${joinLink}`} width="200" height="200" />
          <p className="govuk-body">
            <Link className="govuk-link" to={`/events/${slug}/pitch-queue/projector`}>
              Open the projector view
            </Link>{" "}
            (full screen on the hall’s screen: who is pitching, the countdown and who is next).
          </p>
          {/* Keyed by the settings, so a change another volunteer made redraws it (live updates). */}
          <Form method="post" noValidate key={`settings-${settings.countdownSeconds}-${settings.joiningOpen}`}>
            <Input
              name="countdownSeconds"
              label="Seconds for each pitch"
              hint="The projector counts down from this"
              width="3"
              inputMode="numeric"
              errors={errors}
              defaultValue={values.countdownSeconds ?? String(settings.countdownSeconds)}
            />
            <Checkboxes
              name="joiningOpen"
              legend="Joining from phones"
              small
              errors={errors}
              defaultValue={(values.intent === "settings" ? values.joiningOpen : settings.joiningOpen ? "yes" : "") || undefined}
              options={[{ value: "yes", label: "Attendees may join the queue on their phone" }]}
            />
            <Button name="intent" value="settings" variant="secondary">
              Save queue settings
            </Button>
          </Form>

          <h2 className="govuk-heading-m">Recorded here</h2>
          {recorded.length === 0 ? <p className="govuk-body">No pitches recorded at the station yet.</p> : null}
          {recorded.length > 0 ? (
            <ul className="govuk-list govuk-list--bullet" data-testid="station-recorded">
              {recorded.map((p) => (
                <li key={p.id}>
                  {role === "organiser" ? (
                    <Link className="govuk-link" to={`/organise/${slug}/pitches/${p.id}`}>
                      {p.title}
                    </Link>
                  ) : (
                    p.title
                  )}
                  {` by ${p.hosts || "host removed"}`}
                  {p.pitchedBy ? `, pitched by ${p.pitchedBy}` : ""}
                </li>
              ))}
            </ul>
          ) : null}
          {role === "organiser" ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/organise/${slug}/grid`}>
                Go to the grid
              </Link>
            </p>
          ) : null}
        </div>
      </div>
    </>
  );
}
