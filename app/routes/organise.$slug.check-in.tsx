import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { formError, invalid, withErrorPage, readIntentForm } from "~/.server/platform";
import { requireEventRole } from "~/.server/auth";
import { listRegistrations, RegistrationChangeRefused, setCheckedIn, standbyView } from "~/.server/registration";
import { Button, Input } from "~/components/govuk";
import { OrganiserNav } from "~/components/OrganiserNav";
import { formatTime } from "~/domain/time";
import { StandbyPanel } from "~/components/StandbyPanel";

export const meta: MetaFunction = () => [{ title: "Check-in – Pitchgrid" }];

/** Check-in at the desk: organisers and volunteers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, role } = await withErrorPage(() => requireEventRole(request, params.slug, "volunteer"));
  const search = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const [all, matching] = await Promise.all([
    listRegistrations(event.id, { status: "confirmed" }),
    listRegistrations(event.id, { status: "confirmed", search }),
  ]);
  const standby = await standbyView(event.id);
  return {
    slug: event.slug,
    name: event.name,
    role,
    standby: { called: standby.entries.filter((e) => e.status === "called").map((e) => ({ number: e.number, name: e.name })), next: standby.next ? { number: standby.next.number, name: standby.next.name } : null, free: standby.seats.free, released: !!standby.list.releasedAt },
    search,
    total: all.length,
    checkedIn: all.filter((r) => r.checkedInAt).length,
    people: matching
      .sort((a, b) => a.name.localeCompare(b.name, "en-GB"))
      .map((r) => ({
        id: r.id,
        name: r.name,
        organisation: r.organisation,
        accessNeeds: r.accessNeeds,
        checkedInAt: r.checkedInAt ? formatTime(r.checkedInAt, event.timeZone) : null,
      })),
  };
}

const CheckIn = z.object({ registrationId: z.coerce.number().int().positive(), q: z.string().max(100).default("") });

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await withErrorPage(() => requireEventRole(request, params.slug, "volunteer"));
  const parsed = await readIntentForm(request, { "check-in": CheckIn, undo: CheckIn });
  if (!parsed.ok) return invalid(parsed.failure);
  try {
    await setCheckedIn(event.id, parsed.data.registrationId, parsed.intent === "check-in");
  } catch (error) {
    if (error instanceof RegistrationChangeRefused) return formError(error.message, {}, "form", 409);
    throw error;
  }
  const query = parsed.data.q ? `?q=${encodeURIComponent(parsed.data.q)}` : "";
  return redirect(`/organise/${event.slug}/check-in${query}#person-${parsed.data.registrationId}`, 303);
}

export default function CheckInPage() {
  const { slug, name, role, search, total, checkedIn, people, standby } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const busyId = navigation.formData?.get("registrationId");
  return (
    <>
      <span className="govuk-caption-l">{name}</span>
      <h1 className="govuk-heading-xl">Check-in</h1>
      <OrganiserNav slug={slug} name={name} role={role} />
      <p className="govuk-body-l">
        {checkedIn} of {total} checked in
      </p>
      <p className="govuk-body">
        <Link className="govuk-button govuk-button--secondary" role="button" draggable={false} to={`/organise/${slug}/registrations/add?from=check-in`}>
          Add a walk-in
        </Link>
      </p>
      <StandbyPanel slug={slug} {...standby} linkToList={role === "organiser"} />
      <Form method="get" role="search">
        <Input name="q" label="Find a person" hint="Name, email or organisation" defaultValue={search} autoComplete="off" spellCheck={false} />
        <Button variant="secondary">Search</Button>
      </Form>
      {people.length === 0 ? <p className="govuk-body">{search ? `Nobody confirmed matches “${search}”.` : "Nobody has a confirmed place yet."}</p> : null}
      <ul className="govuk-list pg-check-in-list">
        {people.map((p) => (
          <li key={p.id} id={`person-${p.id}`} className="govuk-summary-card">
            <div className="govuk-summary-card__title-wrapper">
              <h2 className="govuk-summary-card__title">{p.name}</h2>
            </div>
            <div className="govuk-summary-card__content">
              <p className="govuk-body govuk-!-margin-bottom-2">{p.organisation}</p>
              {p.accessNeeds ? <p className="govuk-body-s">Access needs: {p.accessNeeds}</p> : null}
              <Form method="post">
                <input type="hidden" name="registrationId" value={p.id} />
                <input type="hidden" name="q" value={search} />
                {p.checkedInAt ? (
                  <p className="govuk-body govuk-!-margin-bottom-0">
                    <strong className="govuk-tag govuk-tag--green">Checked in at {p.checkedInAt}</strong>{" "}
                    <button type="submit" name="intent" value="undo" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-2" disabled={busyId === String(p.id)}>
                      Undo<span className="govuk-visually-hidden"> check-in for {p.name}</span>
                    </button>
                  </p>
                ) : (
                  <button type="submit" name="intent" value="check-in" className="govuk-button govuk-!-margin-bottom-2" disabled={busyId === String(p.id)}>
                    Check in<span className="govuk-visually-hidden"> {p.name}</span>
                  </button>
                )}
              </Form>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
