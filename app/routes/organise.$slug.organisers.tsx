import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { formError, invalid, withErrorPage, readIntentForm } from "~/.server/platform";
import { addTeamMember, LastOrganiserError, listEventTeam, removeOrganiser } from "~/.server/events";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { Button, ErrorSummary, Input, Radios } from "~/components/govuk";
import { OrganiserNav } from "~/components/OrganiserNav";

export const meta: MetaFunction = () => [{ title: "Organisers – Pitchgrid" }];

const OrganiserChange = {
  add: z.object({
    email: z.string().trim().toLowerCase().email("Enter an email address in the correct format, like name@example.gov.uk").max(254),
    role: z.enum(["organiser", "volunteer"], { errorMap: () => ({ message: "Choose organiser or volunteer" }) }).default("organiser"),
  }),
  remove: z.object({ email: z.string().trim().toLowerCase().min(1) }),
};

/** Organisers add, and remove, co-organisers and volunteers (organisers only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  return { slug: event.slug, name: event.name, team: await listEventTeam(event.id), me: email };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const parsed = await readIntentForm(request, OrganiserChange);
  if (!parsed.ok) return invalid(parsed.failure);
  const back = `/organise/${event.slug}/organisers`;
  if (parsed.intent === "add") {
    const { email: address, role } = parsed.data;
    const change = await addTeamMember(event, address, email, role);
    const said =
      change === "added"
        ? role === "volunteer"
          ? `${address} can now sign in as a volunteer: the pitch station, check-in, head counts and session notes. We have emailed them to say so.`
          : `${address} can now sign in and organise this event. We have emailed them to say so.`
        : change === "promoted"
          ? `${address} was a volunteer and is now an organiser. We have emailed them to say so.`
          : role === "volunteer"
            ? `${address} is already in this event's team.`
            : `${address} already organises this event.`;
    return redirectWithFlash(request, back, said);
  }
  try {
    await removeOrganiser(event.id, parsed.data.email);
  } catch (error) {
    if (error instanceof LastOrganiserError) return formError(error.message);
    throw error;
  }
  return redirectWithFlash(request, back, `${parsed.data.email} is no longer in this event's team.`);
}

export default function Organisers() {
  const { slug, name, team } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const organiserCount = team.filter((m) => m.role === "organiser").length;
  const section = (role: "organiser" | "volunteer") => {
    const members = team.filter((m) => m.role === role);
    if (members.length === 0) return <p className="govuk-body">{role === "organiser" ? "No organisers." : "No volunteers yet."}</p>;
    return (
      <ul className="govuk-list" data-testid={`team-${role}s`}>
        {members.map(({ email }) => (
          <li key={email} className="pg-button-row">
            <span>{email}</span>
            {role === "volunteer" || organiserCount > 1 ? (
              <Form method="post" className="pg-inline-form">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="email" value={email} />
                <button className="pg-link-button govuk-link" type="submit">
                  Remove <span className="govuk-visually-hidden">{email}</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    );
  };
  return (
    <>
      <span className="govuk-caption-l">{name}</span>
      <h1 className="govuk-heading-xl">Organisers</h1>
      <OrganiserNav slug={slug} name={name} />
      <ErrorSummary errors={result?.errors} fieldOrder={["email", "role"]} />
      <h2 className="govuk-heading-m">Organisers</h2>
      {section("organiser")}
      <h2 className="govuk-heading-m">Volunteers</h2>
      <p className="govuk-body">
        Volunteers run what happens in the room: the pitch station and queue, shows of hands, head counts, session notes, check-in and adding walk-ins at the desk. They cannot
        see the registrations list, send messages, change the event, its tickets, rooms or grid, or add people to the team.
      </p>
      {section("volunteer")}
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="add" />
        <h2 className="govuk-heading-m">Add someone to the team</h2>
        <Input name="email" type="email" label="Email address" hint="They sign in with a link emailed to this address" errors={result?.errors} width="two-thirds" />
        <Radios
          name="role"
          legend="As"
          errors={result?.errors}
          defaultValue="organiser"
          small
          options={[
            { value: "organiser", label: "An organiser", hint: "Everything, including registrations, messages, settings and the team" },
            { value: "volunteer", label: "A volunteer", hint: "Only what happens in the room" },
          ]}
        />
        <Button variant="secondary">Add to the team</Button>
      </Form>
    </>
  );
}
