import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { readForm, withErrorPage } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { listBadges, markBadgesPrinted } from "~/.server/registration";
import { OrganiserNav } from "~/components/OrganiserNav";
import { Button, Radios } from "~/components/govuk";
import { formatDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Name badges – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const list = await listBadges(event.id, "all");
  return {
    slug: event.slug,
    name: event.name,
    total: list.total,
    newSincePrint: list.newSincePrint,
    printedAt: list.printedAt ? formatDateTime(list.printedAt, event.timeZone) : null,
  };
}

/** "Mark as printed" (from the print view, or here): a POST, so opening the print view records nothing. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const form = await readForm(request);
  const listedAt = typeof form.listedAt === "string" ? form.listedAt : "";
  const recorded = await withErrorPage(() => markBadgesPrinted(event.id, listedAt));
  return redirectWithFlash(
    request,
    `/organise/${event.slug}/badges`,
    `Badges marked as printed. “Only people added since the last print” now means people confirmed after ${formatDateTime(recorded, event.timeZone)}.`,
  );
}

export default function Badges() {
  const { slug, name, total, newSincePrint, printedAt } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{name}</span>
      <h1 className="govuk-heading-xl">Name badges</h1>
      <OrganiserNav slug={slug} name={name} />
      <p className="govuk-body">
        Badges show each person’s name large, their pronouns if they gave them, and their organisation (or the council their email address belongs to).
        {total === 1 ? " 1 person has" : ` ${total} people have`} a confirmed place.
      </p>
      <p className="govuk-body">
        {printedAt
          ? `Badges were last marked as printed on ${printedAt}. Since then ${newSincePrint === 1 ? "1 person has" : `${newSincePrint} people have`} been confirmed or added.`
          : "No badges have been marked as printed yet."}
      </p>
      {/* The print view is a page of its own (no site header), not a route of the app: a plain GET form. */}
      <form method="get" action={`/organise/${slug}/badges/print`}>
        <Radios
          name="which"
          legend="Who to print"
          defaultValue="all"
          options={[
            { value: "all", label: `Everyone with a confirmed place (${total})` },
            { value: "new", label: `Only people added since the last print (${newSincePrint})`, hint: "Walk-ins, late confirmations and people added at the desk." },
          ]}
        />
        <Radios
          name="layout"
          legend="Layout"
          defaultValue="sheet"
          options={[
            { value: "sheet", label: "A4 sheets, 8 badges to a sheet", hint: "2 across and 4 down, 99 × 68 mm each: fits common 8-up badge inserts and label sheets." },
            { value: "single", label: "One badge to a page, for a badge printer", hint: "86 × 54 mm, the size of a plastic card." },
          ]}
        />
        <Button>Open the badges to print</Button>
      </form>
      <p className="govuk-body">
        After printing, press “Mark as printed” on the print view, so next time you can print only the people added since.
      </p>
    </>
  );
}
