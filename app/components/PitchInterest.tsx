import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";

function wouldGoLabel(count: number) {
  return count === 1 ? "1 person would go" : `${count} people would go`;
}

/**
 * "I'd go" for one pitch. Without JavaScript it is a plain form POST and the page comes back
 * with the mark made; with JavaScript a fetcher sends it and the button and count change at
 * once, without a page load. The `enhanced` field tells the server to answer with data rather
 * than a redirect.
 */
export function PitchInterest({ pitchId, title, marked, interest, canMark }: { pitchId: number; title: string; marked: boolean; interest: number; canMark: boolean }) {
  const fetcher = useFetcher();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const pending = fetcher.formData?.get("intent");
  const isMarked = pending ? pending === "mark" : marked;
  // The loader's count is the truth once it revalidates; until then adjust it by the pending change.
  const count = pending ? interest + (pending === "mark" && !marked ? 1 : pending === "unmark" && marked ? -1 : 0) : interest;
  return (
    <div>
      <p className="govuk-body govuk-!-margin-bottom-2" aria-live="polite">
        <strong>{wouldGoLabel(count)}</strong>
        {isMarked ? <span> including you</span> : null}
      </p>
      {canMark ? (
        <fetcher.Form method="post" className="pg-inline-form">
          <input type="hidden" name="pitchId" value={pitchId} />
          <input type="hidden" name="intent" value={isMarked ? "unmark" : "mark"} />
          {hydrated ? <input type="hidden" name="enhanced" value="1" /> : null}
          <button type="submit" className={`govuk-button ${isMarked ? "govuk-button--secondary" : ""} govuk-!-margin-bottom-0`} data-module="govuk-button">
            {isMarked ? "Remove my mark" : "I’d go"}
            <span className="govuk-visually-hidden"> {isMarked ? "from" : "to"} “{title}”</span>
          </button>
        </fetcher.Form>
      ) : null}
    </div>
  );
}
