import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { invalid, parseWith, readForm, withErrorPage } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { pastTurnouts, saveAllocationMargin } from "~/.server/registration";
import { Button, ErrorSummary, Input, Radios, SummaryList } from "~/components/govuk";
import { OrganiserNav } from "~/components/OrganiserNav";
import { allocatedCapacity, MARGIN_FIELD_ORDER, marginFormSchema } from "~/domain/capacity";
import { marginSuggestion } from "~/domain/turnout";

export const meta: MetaFunction = () => [{ title: "Places above capacity – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const margin = event.margin ?? { percent: null, places: null };
  const suggestion = marginSuggestion(await pastTurnouts(email, event.id));
  return {
    slug: event.slug,
    name: event.name,
    capacity: event.capacity,
    allocated: allocatedCapacity(event.capacity, margin),
    suggestion: {
      basis: suggestion.basis,
      percent: suggestion.margin === null ? null : Math.round(suggestion.margin * 100),
      places: suggestion.margin === null ? null : Math.floor(event.capacity * suggestion.margin),
    },
    values: {
      marginKind: margin.percent !== null ? "percent" : margin.places !== null ? "places" : "none",
      margin: String(margin.percent ?? margin.places ?? ""),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const form = await readForm(request);
  const parsed = parseWith(marginFormSchema, form);
  if (!parsed.ok) return invalid(parsed.failure);
  const saved = await saveAllocationMargin(event.id, parsed.data);
  const what =
    saved.allocated === event.capacity ? `No margin: up to ${saved.allocated} places are given, the venue’s capacity.` : `Up to ${saved.allocated} places are given for ${event.capacity} at the venue.`;
  const over = saved.taken > saved.allocated ? ` ${saved.taken} people already have a place: nobody loses it, but no new place is given until fewer than ${saved.allocated} hold one.` : "";
  const offered = saved.offered > 0 ? ` ${saved.offered} ${saved.offered === 1 ? "person" : "people"} on the waiting list ${saved.offered === 1 ? "has" : "have"} been emailed an offer.` : "";
  return redirectWithFlash(request, `/organise/${event.slug}/places`, `Saved. ${what}${over}${offered}`);
}

export default function PlacesAboveCapacity() {
  const { slug, name, capacity, allocated, suggestion, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const shown: Record<string, string | undefined> = { ...values, ...(result?.values ?? {}) };
  return (
    <>
      <OrganiserNav slug={slug} name={name} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={result?.errors} fieldOrder={MARGIN_FIELD_ORDER} />
          <span className="govuk-caption-l">{name}</span>
          <h1 className="govuk-heading-l">Places above capacity</h1>
          <p className="govuk-body">
            At free events, some people with a place do not come. You can give out more places than the venue holds: registration, waiting-list offers, the draw and
            “places left” then count up to the venue’s capacity plus this margin. Each ticket type’s places rise in the same proportion. The event page says how many
            places are given and why.
          </p>
          <SummaryList
            rows={[
              { key: "Venue capacity", value: <>{capacity} (change it in <Link className="govuk-link" to={`/organise/${slug}/edit`}>event details</Link>)</> },
              { key: "Places given out", value: <span data-testid="allocated">{allocated}</span> },
              {
                key: "Suggestion from your past events",
                value: (
                  <span data-testid="margin-suggestion">
                    {suggestion.percent === null
                      ? suggestion.basis
                      : `${suggestion.basis}: up to ${suggestion.percent}% (${suggestion.places} places) above capacity would have just filled the room on your best turnout.`}
                  </span>
                ),
              },
            ]}
          />
          <Form method="post" noValidate>
            <Radios
              name="marginKind"
              legend="Allocate places above capacity?"
              errors={result?.errors}
              defaultValue={shown.marginKind}
              options={[
                { value: "none", label: "No, give out only the venue’s capacity" },
                { value: "percent", label: "Yes, a percentage above capacity", hint: "For example 10 gives 110 places for 100 seats" },
                { value: "places", label: "Yes, a number of places above capacity" },
              ]}
            />
            <Input name="margin" label="Margin (a percentage or a number of places)" hint="A whole number. Leave empty for no margin." errors={result?.errors} defaultValue={shown.margin} width="5" inputMode="numeric" />
            <Button>Save</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
