import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { type FieldErrors, parsePositiveId, positiveIdOr404, readIntentForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { redirectWithFlash, requirePublicEvent } from "~/.server/auth";
import { DraftNotice } from "~/components/DraftNotice";
import { loadSessionNotes, notesEditorFor, NotesConflict, notesVersion, saveSessionNotes } from "~/.server/notes";
import { BackLink, Button, ErrorSummary, InsetText, Textarea } from "~/components/govuk";
import { formatDateTime } from "~/domain/time";
import { NOTES_MAX_LENGTH } from "~/domain/session-notes";
import scheduleCss from "~/styles/schedule.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: scheduleCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Notes: ${data.session.title} – ${data.event.name} – Pitchgrid` : "Session notes – Pitchgrid" }];

/**
 * A session's notes page: plain text that organisers, the session's hosts and any attendee with
 * a place edit, with every save kept (history, and any old version by ?version=N). A save made
 * on an old version is refused and both texts are shown. When the event keeps notes elsewhere
 * (its notes link template), the page points there.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const id = positiveIdOr404(params.id, "Session");
  const editor = await notesEditorFor(request, event.id);
  const isOrganiser = editor?.kind === "organiser";
  const notes = await withErrorPage(() => loadSessionNotes(event, id, isOrganiser));
  const asked = new URL(request.url).searchParams.get("version");
  const askedVersion = asked === null ? null : parsePositiveId(asked);
  if (asked !== null && askedVersion === null) throw new Response("That version of the notes was not found", { status: 404 });
  const old = askedVersion !== null && askedVersion !== notes.current?.version ? await withErrorPage(() => notesVersion(event.id, id, askedVersion, isOrganiser)) : null;
  const tz = event.timeZone;
  const when = (at: string) => formatDateTime(at, tz);
  return {
    event: { name: event.name, slug: event.slug, draft: event.draftPreview },
    session: { id, title: notes.session.title, hosts: notes.session.hosts },
    externalLink: notes.externalLink,
    mergedLinks: notes.mergedLinks,
    current: notes.current ? { ...notes.current, savedAt: when(notes.current.savedAt) } : null,
    old: old ? { ...old, savedAt: when(old.savedAt) } : null,
    history: notes.history.map((h) => ({ ...h, savedAt: when(h.savedAt) })),
    canEdit: editor !== null && notes.externalLink === null,
    editorName: editor ? (editor.kind === "organiser" ? `${editor.email} (${editor.role})` : editor.name) : null,
  };
}

const SaveSchema = z.object({
  baseVersion: z.string().regex(/^\d{1,9}$/, "Reload the page and try again").transform(Number),
  body: z.string().max(NOTES_MAX_LENGTH, `Notes must be ${NOTES_MAX_LENGTH.toLocaleString("en-GB")} characters or fewer`),
});

type ConflictData = { errors: FieldErrors; values: Record<string, string>; theirs: { version: number; body: string; savedBy: string; savedAt: string } };

export async function action({ request, params }: ActionFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const id = positiveIdOr404(params.id, "Session");
  const editor = await notesEditorFor(request, event.id);
  if (!editor) throw new Response("Only organisers, volunteers, hosts and attendees with a place can edit these notes. Open the link in your confirmation email on this device, then try again.", { status: 403 });
  const parsed = await readIntentForm(request, { save: SaveSchema });
  if (!parsed.ok) return data(parsed.failure, { status: 400 });
  const { values } = parsed;
  return withFormErrors(values, async () => {
    let saved: { version: number; changed: boolean };
    try {
      saved = await saveSessionNotes(event.id, id, editor, parsed.data.baseVersion, parsed.data.body);
    } catch (error) {
      // Saved on an old version: show the notes as they are now beside the text typed.
      if (!(error instanceof NotesConflict)) throw error;
      const conflict: ConflictData = { errors: { body: [error.message] }, values, theirs: { ...error.current, savedAt: formatDateTime(error.current.savedAt, event.timeZone) } };
      return data(conflict, { status: 409 });
    }
    return redirectWithFlash(request, `/events/${event.slug}/sessions/${id}/notes`, saved.changed ? `Notes saved (version ${saved.version}).` : "Nothing had changed, so no new version was saved.");
  });
}

export default function SessionNotesPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Partial<ConflictData> | undefined;
  const { event, session, current } = page;
  const theirs = result?.theirs;
  // After a conflict, the form starts from the version now, so saving again is not refused.
  const base = theirs ? theirs.version : (current?.version ?? 0);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/events/${event.slug}/sessions/${session.id}`}>{session.title}</BackLink>
        {event.draft ? <DraftNotice slug={event.slug} /> : null}
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">{event.name}</span>
          Notes: {session.title}
        </h1>
        {session.hosts.length ? <p className="govuk-body">Hosted by {session.hosts.join(", ")}.</p> : null}
        {page.externalLink ? (
          <InsetText>
            <p className="govuk-body">
              The organisers keep this session’s notes in a shared document:{" "}
              <a className="govuk-link" href={page.externalLink} rel="noreferrer">
                {page.externalLink}
              </a>
            </p>
            {page.mergedLinks.length ? (
              <>
                <p className="govuk-body">Sessions combined with this one keep their notes in their own documents:</p>
                <ul className="govuk-list" data-testid="merged-notes-links">
                  {page.mergedLinks.map((m) => (
                    <li key={m.link}>
                      {m.title}:{" "}
                      <a className="govuk-link" href={m.link} rel="noreferrer">
                        {m.link}
                      </a>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </InsetText>
        ) : null}
        <ErrorSummary errors={result?.errors} fieldOrder={["body"]} />
        {page.old ? (
          <>
            <h2 className="govuk-heading-m">
              Version {page.old.version}, saved {page.old.savedAt} by {page.old.savedBy}
            </h2>
            <p className="govuk-body">
              This is an earlier version.{" "}
              <Link className="govuk-link" to={`/events/${event.slug}/sessions/${session.id}/notes`}>
                See the notes as they are now
              </Link>
            </p>
            <div className="govuk-body pg-notes-text" data-testid="notes-old">{page.old.body}</div>
          </>
        ) : theirs ? (
          <>
            <h2 className="govuk-heading-m">The notes as they are now (version {theirs.version})</h2>
            <p className="govuk-body">
              Saved {theirs.savedAt} by {theirs.savedBy}.
            </p>
            <div className="govuk-body pg-notes-text" data-testid="notes-theirs">{theirs.body || "(empty)"}</div>
          </>
        ) : !page.externalLink ? (
          current ? (
            <>
              <p className="govuk-body-s">
                Version {current.version}, saved {current.savedAt} by {current.savedBy}.
              </p>
              <div className="govuk-body pg-notes-text" data-testid="notes-current">{current.body || "(empty)"}</div>
            </>
          ) : (
            <p className="govuk-body" data-testid="notes-current">
              No notes yet.
            </p>
          )
        ) : null}
        {page.canEdit && !page.old ? (
          <Form method="post" key={`${base}-${theirs ? "conflict" : "edit"}`}>
            <input type="hidden" name="intent" value="save" />
            <input type="hidden" name="baseVersion" value={String(base)} />
            <Textarea
              name="body"
              label={theirs ? "Your text (not saved yet)" : current ? "Edit the notes" : "Write the notes"}
              hint={`Plain text. Signed in as ${page.editorName}. Every save is kept in the history below.`}
              errors={result?.errors}
              defaultValue={theirs ? (result?.values?.body ?? "") : (current?.body ?? "")}
              rows={14}
            />
            <Button>Save notes</Button>
          </Form>
        ) : !page.canEdit && !page.externalLink ? (
          <p className="govuk-body">Organisers, the session’s hosts and attendees with a place can edit these notes: open the link in your confirmation email on this device first.</p>
        ) : null}
        {page.history.length ? (
          <>
            <h2 className="govuk-heading-m">History</h2>
            <ol className="govuk-list" reversed data-testid="notes-history">
              {page.history.map((h) => (
                <li key={h.version}>
                  <Link className="govuk-link" to={`/events/${event.slug}/sessions/${session.id}/notes?version=${h.version}`}>
                    Version {h.version}
                  </Link>
                  : {h.savedAt}, {h.savedBy}
                </li>
              ))}
            </ol>
          </>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/events/${event.slug}/notes`}>
            Notes from every session
          </Link>
        </p>
      </div>
    </div>
  );
}
