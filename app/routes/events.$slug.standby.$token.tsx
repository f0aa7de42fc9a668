import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { errorResponse, notFound, withErrorPage } from "~/.server/platform";
import { requirePublicEvent } from "~/.server/auth";
import { standbyEntryByToken, standbyView } from "~/.server/registration";
import { Tag } from "~/components/govuk";

export const meta: MetaFunction = () => [{ title: "Your standby number – Pitchgrid" }, { name: "robots", content: "noindex" }];

// The page someone who joined from the door keeps open: their number and whether they are called.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const entry = await standbyEntryByToken(event.id, params.token);
  if (!entry) throw errorResponse(notFound("Standby place"));
  const view = await standbyView(event.id);
  const ahead = view.entries.filter((e) => e.status === "waiting" && e.number < entry.number).length;
  return { name: event.name, slug: event.slug, token: params.token!, entry, ahead };
}

export default function StandbyNumber() {
  const { name, slug, token, entry, ahead } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-xl">{`Standby number ${entry.number}`}</h1>
        {entry.status === "called" ? (
          <div className="govuk-panel govuk-panel--confirmation">
            <h2 className="govuk-panel__title">It is your turn</h2>
            <div className="govuk-panel__body">Come to the registration desk now and give your number.</div>
          </div>
        ) : entry.status === "seated" ? (
          <p className="govuk-body">
            <Tag colour="green">Seated</Tag> Enjoy the day.
          </p>
        ) : entry.status === "gone" ? (
          <p className="govuk-body">You were called and not found, or taken off the list. Ask at the registration desk.</p>
        ) : (
          <p className="govuk-body">
            You are waiting. {ahead === 0 ? "You are next." : `${ahead} ${ahead === 1 ? "person is" : "people are"} ahead of you.`} Keep this page: reload it to see
            whether you are called.
          </p>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/events/${slug}/standby/${token}`}>
            Reload
          </Link>
        </p>
      </div>
    </div>
  );
}
