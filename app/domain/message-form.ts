import { z } from "zod";
import { singleLine } from "~/domain/single-line";

/** Who an organiser's message goes to (the statuses behind each are in app/.server/registration/attendee-messages.ts). */
export const AUDIENCES = {
  confirmed: { label: "People with a place" },
  waiting: { label: "People on the waiting list (including open offers)" },
  everyone: { label: "Everyone registered who has confirmed their email address (with a place, offered one, waiting, or waiting for a decision)" },
} as const;

export type Audience = keyof typeof AUDIENCES;

export const MESSAGE_FIELD_ORDER = ["form", "audience", "subject", "body"];

/** The message form: checked on Preview, and again (with the key the preview made) on Send. */
export const messageSchema = z.object({
  audience: z.enum(["confirmed", "waiting", "everyone"], { errorMap: () => ({ message: "Choose who the message is for" }) }),
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
});

export const sendKeySchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "Preview the message again, then send it");
