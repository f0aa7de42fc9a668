import { Form } from "@remix-run/react";

/** Rough counts a volunteer can enter in one tap; any other number goes in the box. */
const QUICK_COUNTS = [5, 10, 15, 20, 30, 40];

type Row = { id: number; title: string; hosts: string; showOfHands: number | null };

/**
 * On the pitch station: a show of hands for each pitch recorded at the station today, newest
 * first. One tap on a rough count saves it (a plain form post, redirect and banner); "Other
 * number" takes any count. The row of the latest pitch comes first, just below where it was recorded.
 */
export function StationShowOfHands({ rows, failedPitchId, error, typed }: { rows: Row[]; failedPitchId: number | null; error?: string; typed?: string }) {
  return (
    <section aria-labelledby="station-hands-heading" id="station-hands">
      <h2 className="govuk-heading-m" id="station-hands-heading">
        Show of hands
      </h2>
      {rows.length === 0 ? (
        <p className="govuk-body">After each pitch recorded here, ask who would go and enter roughly how many hands went up.</p>
      ) : (
        <>
          <p className="govuk-body">Roughly how many hands went up? It is kept apart from “I’d go” marks and sizes the room.</p>
          <ul className="govuk-list" data-testid="station-hands">
            {rows.map((row) => {
              const failed = row.id === failedPitchId;
              const inputId = failed ? "showOfHands" : `showOfHands-${row.id}`;
              return (
                <li key={row.id} id={`hands-${row.id}`} className={`govuk-form-group${failed ? " govuk-form-group--error" : ""}`}>
                  <h3 className="govuk-heading-s govuk-!-margin-bottom-1">{row.title}</h3>
                  <p className="govuk-body-s govuk-!-margin-bottom-2">
                    {row.hosts ? `${row.hosts}. ` : ""}
                    <span data-testid="station-hands-count">{row.showOfHands === null ? "No show of hands yet." : `Show of hands: ${row.showOfHands}.`}</span>
                  </p>
                  <Form method="post" className="govuk-button-group govuk-!-margin-bottom-1">
                    <input type="hidden" name="intent" value="hands" />
                    <input type="hidden" name="pitchId" value={row.id} />
                    {QUICK_COUNTS.map((n) => (
                      <button key={n} type="submit" name="hands" value={n} className="govuk-button govuk-button--secondary govuk-!-margin-bottom-1" data-module="govuk-button">
                        {n}
                        <span className="govuk-visually-hidden"> hands for {row.title}</span>
                      </button>
                    ))}
                  </Form>
                  <Form method="post" className="pg-inline-form">
                    <input type="hidden" name="intent" value="hands" />
                    <input type="hidden" name="pitchId" value={row.id} />
                    <label className="govuk-label govuk-label--s" htmlFor={inputId}>
                      Other number<span className="govuk-visually-hidden"> of hands for {row.title}</span>
                    </label>
                    {failed && error ? (
                      <p className="govuk-error-message" id={`${inputId}-error`}>
                        <span className="govuk-visually-hidden">Error:</span> {error}
                      </p>
                    ) : null}
                    <input
                      className={`govuk-input govuk-input--width-4${failed ? " govuk-input--error" : ""}`}
                      id={inputId}
                      name="showOfHands"
                      type="text"
                      inputMode="numeric"
                      autoComplete="off"
                      spellCheck={false}
                      defaultValue={failed ? (typed ?? "") : row.showOfHands === null ? "" : String(row.showOfHands)}
                      aria-describedby={failed && error ? `${inputId}-error` : undefined}
                    />{" "}
                    <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                      Save<span className="govuk-visually-hidden"> show of hands for {row.title}</span>
                    </button>
                  </Form>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
