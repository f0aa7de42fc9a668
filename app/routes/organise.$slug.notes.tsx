import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { noFields, readIntentForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { notesSettings, setNotesTemplate } from "~/.server/notes";
import { OrganiserNav } from "~/components/OrganiserNav";
import { Button, ErrorSummary, Input } from "~/components/govuk";

export const meta: MetaFunction = () => [{ title: "Session notes – Pitchgrid" }];

/** Where session notes are kept: notes pages in Pitchgrid, or a link per session from a template. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const settings = await notesSettings(event.id);
  return { slug: event.slug, name: event.name, template: settings.template };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const { intent, values } = await readIntentForm(request, { template: noFields, pitchgrid: noFields }, { missing: "template" });
  return withFormErrors(values, async () => {
    const template = await setNotesTemplate(event.id, intent === "pitchgrid" ? "" : (values.notesTemplate ?? ""));
    return redirectWithFlash(
      request,
      `/organise/${event.slug}/notes`,
      template ? "Saved: each session’s notes link now comes from your template, on the grid, in calendars and in the exports." : "Saved: session notes are kept on notes pages in Pitchgrid.",
    );
  });
}

export default function NotesSettings() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <OrganiserNav slug={page.slug} name={page.name} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{page.name}</span>
          <h1 className="govuk-heading-l">Session notes</h1>
          <p className="govuk-body" data-testid="notes-mode">
            {page.template
              ? `Each session’s notes link is made from your template: ${page.template}`
              : "Each session has a notes page in Pitchgrid, which you, the session’s hosts and anyone with a place can edit. Every save is kept."}
          </p>
          <p className="govuk-body">
            The notes link is on each session’s page, the grid, the printed grid, calendar feeds and the schedule exports. After the event,{" "}
            <Link className="govuk-link" to={`/events/${page.slug}/notes`}>
              the notes archive
            </Link>{" "}
            gathers every session’s notes.
          </p>
          <h2 className="govuk-heading-m">Keep notes in shared documents instead</h2>
          <ErrorSummary errors={result?.errors} fieldOrder={["notesTemplate"]} />
          <Form method="post">
            <Input
              name="notesTemplate"
              label="Notes link template"
              hint="An https:// address with {id} where the session’s number goes, and optionally {slug} for the event’s: for example https://docs.example/notes/{slug}-{id}. Leave it empty to keep notes in Pitchgrid."
              errors={result?.errors}
              defaultValue={result?.values?.notesTemplate ?? page.template ?? ""}
              spellCheck={false}
              autoComplete="off"
            />
            <div className="govuk-button-group">
              <Button name="intent" value="template">
                Save notes link template
              </Button>
              {page.template ? (
                <Button name="intent" value="pitchgrid" variant="secondary">
                  Keep notes in Pitchgrid instead
                </Button>
              ) : null}
            </div>
          </Form>
        </div>
      </div>
    </>
  );
}
