import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { env, isLoopbackRequest, outboxPageAllowed, readLocalOutbox } from "~/.server/platform";
import { InsetText } from "~/components/govuk";

export const meta: MetaFunction = () => [{ title: "Outbox – Pitchgrid" }];

/**
 * The local outbox: every email the app "sent" while no SMTP server is configured, so that
 * someone trying Pitchgrid can follow sign-in and verification links (see outboxPageAllowed).
 * It holds everyone's links, so only this machine may read it: the request must come over
 * loopback (the socket address, which our server passes on; see isLoopbackRequest).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { SMTP_URL, OUTBOX_DIR } = env();
  if (!outboxPageAllowed(env()) || !isLoopbackRequest(request, env().NODE_ENV)) throw new Response("Not Found", { status: 404 });
  const messages = await readLocalOutbox();
  return { smtp: !!SMTP_URL, dir: OUTBOX_DIR, messages: messages.map((m) => ({ file: m.file, to: m.to, subject: m.subject, text: m.text, sentAt: m.sentAt, attachments: [...(m.attachments ?? []).map((a) => a.filename), ...(m.calendar ? [m.calendar.filename] : [])] })) };
}

function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <>
      {parts.map((part, index) =>
        /^https?:\/\//.test(part) ? (
          <a key={index} className="govuk-link" href={part}>
            {part}
          </a>
        ) : (
          <span key={index}>{part}</span>
        ),
      )}
    </>
  );
}

export default function Outbox() {
  const { messages, smtp, dir } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-xl">Outbox</h1>
      <InsetText>
        {smtp
          ? "Email is being sent by SMTP, so messages do not appear here."
          : `No SMTP server is configured (SMTP_URL), so emails are written to ${dir} and shown here, newest first.`}
      </InsetText>
      {messages.length === 0 ? <p className="govuk-body">No emails yet.</p> : null}
      {messages.map((m) => (
        <section key={m.file} className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-s govuk-!-margin-bottom-1">{m.subject}</h2>
          <p className="govuk-body-s govuk-!-margin-bottom-2">
            To {m.to} at {m.sentAt}
            {m.attachments.length ? ` – attachments: ${m.attachments.join(", ")}` : ""}
          </p>
          <div className="govuk-inset-text pg-preserve-lines govuk-!-margin-top-0">
            <Linkified text={m.text} />
          </div>
        </section>
      ))}
    </>
  );
}
