import { Form } from "@remix-run/react";
import { Button } from "~/components/govuk";

/**
 * "Are you still coming?" on the private page, while the person holds a place they were asked
 * about: the same two answers as the email's links, posted to the same page.
 */
export function StillComingPanel({ token, answer, deadline }: { token: string; answer: "yes" | "no" | null; deadline: string }) {
  return (
    <div className="govuk-inset-text" data-testid="still-coming">
      <h2 className="govuk-heading-m">Are you still coming?</h2>
      {answer === "yes" ? (
        <p className="govuk-body">You told us you are coming. If that changes, release your place so someone on the waiting list can have it.</p>
      ) : (
        <p className="govuk-body">Please tell us by {deadline}, so that if you cannot come your place goes to someone on the waiting list.</p>
      )}
      <Form method="post" action={`/r/${token}/still-coming`}>
        <div className="govuk-button-group">
          {answer === "yes" ? null : (
            <Button name="answer" value="yes">
              Yes, I’m coming
            </Button>
          )}
          <Button name="answer" value="no" variant="secondary">
            No, release my place
          </Button>
        </div>
      </Form>
    </div>
  );
}
