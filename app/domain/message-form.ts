import { z } from "zod";
import { singleLine } from "~/domain/single-line";

/** Who an organiser's message goes to (the statuses behind each are in app/.server/registration/attendee-messages.ts). */
export const AUDIENCES = {
  confirmed: { label: "People with a place" },
  hosts: { label: "Session hosts (people with a place who host a pitch)" },
  ticket: { label: "People with a place of one ticket type" },
  "checked-in": { label: "People checked in at the desk" },
  waiting: { label: "People on the waiting list (including open offers)" },
  everyone: { label: "Everyone registered who has confirmed their email address (with a place, offered one, waiting, or waiting for a decision)" },
} as const;

/** How the email opens: "Dear <their name>," or straight into the organiser's own words. */
export const GREETINGS = {
  name: { label: "“Dear <their name>,” then your message" },
  none: { label: "No greeting: your message as you wrote it (start it with your own)" },
} as const;
export type Greeting = keyof typeof GREETINGS;

export type Audience = keyof typeof AUDIENCES;

export const MESSAGE_FIELD_ORDER = ["form", "audience", "ticketTypeId", "greeting", "subject", "body"];

/** The message form: checked on Preview, and again (with the key the preview made) on Send. */
export const messageSchema = z
  .object({
  audience: z.enum(["confirmed", "hosts", "ticket", "checked-in", "waiting", "everyone"], { errorMap: () => ({ message: "Choose who the message is for" }) }),
  ticketTypeId: z.string().trim().default(""),
  greeting: z.enum(["name", "none"], { errorMap: () => ({ message: "Choose how the email opens" }) }).default("name"),
  subject: singleLine(
    z
      .string({ required_error: "Enter a subject" })
      .trim()
      .min(3, "Enter a subject of at least 3 characters")
      .max(150, "Subject must be 150 characters or fewer"),
    "Subject",
  ),
  body: z
    .string({ required_error: "Enter the message" })
    .trim()
    .min(10, "Enter a message of at least 10 characters")
    .max(5000, "Message must be 5,000 characters or fewer"),
  })
  .transform((form, ctx) => {
    const ticketTypeId = /^\d{1,9}$/.test(form.ticketTypeId) ? Number(form.ticketTypeId) : null;
    if (form.audience === "ticket" && ticketTypeId === null) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["ticketTypeId"], message: "Choose the ticket type" });
      return z.NEVER;
    }
    return { ...form, ticketTypeId: form.audience === "ticket" ? ticketTypeId : null };
  });

export const sendKeySchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "Preview the message again, then send it");
