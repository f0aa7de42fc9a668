import { z } from "zod";
import { singleLine } from "~/domain/single-line";

/** Optional pronouns, as on the registration form: printed on the person's badge. */
export const pronounsField = singleLine(
  z
    .string()
    .default("")
    .transform((value) => value.trim())
    .pipe(z.string().max(40, "Pronouns must be 40 characters or fewer")),
  "Pronouns",
);

/** The organiser's "Add a person" form (walk-ins, replacements, speakers, volunteers). */
export const addPersonSchema = z.object({
  name: singleLine(z.string({ required_error: "Enter their name" }).trim().min(1, "Enter their name").max(100, "Name must be 100 characters or fewer"), "Name"),
  email: z
    .string()
    .default("")
    .transform((value) => value.trim())
    .pipe(z.union([z.literal(""), z.string().max(254, "Email address must be 254 characters or fewer").email("Enter an email address in the correct format, like name@council.gov.uk, or leave it empty")])),
  organisation: singleLine(z.string().default("").transform((v) => v.trim()).pipe(z.string().max(120, "Organisation must be 120 characters or fewer")), "Organisation"),
  pronouns: pronounsField,
  ticketTypeId: z
    .string({ required_error: "Choose a ticket type" })
    .regex(/^\d{1,9}$/, "Choose a ticket type")
    .transform(Number),
  reason: z.string().default("").transform((v) => v.trim()).pipe(z.string().max(500, "Reason must be 500 characters or fewer")),
  checkIn: z.string().optional().transform((v) => v === "yes"),
  /** The ticket type the organiser was warned about and chose to go over for. */
  overCapacityFor: z.string().default(""),
  from: z.enum(["check-in", "registrations"]).catch("registrations"),
});

/** Moving a person to another ticket type, from their page. */
export const changeTicketSchema = z.object({
  ticketTypeId: z.string({ required_error: "Choose a ticket type" }).regex(/^\d{1,9}$/, "Choose a ticket type").transform(Number),
  overCapacityFor: z.string().default(""),
});

/** Passing someone's place to a named colleague. */
export const transferSchema = z.object({
  name: singleLine(z.string({ required_error: "Enter the colleague’s name" }).trim().min(1, "Enter the colleague’s name").max(100, "Name must be 100 characters or fewer"), "Name"),
  email: z
    .string({ required_error: "Enter the colleague’s email address" })
    .trim()
    .min(1, "Enter the colleague’s email address")
    .max(254, "Email address must be 254 characters or fewer")
    .email("Enter an email address in the correct format, like name@council.gov.uk"),
  organisation: singleLine(z.string().default("").transform((v) => v.trim()).pipe(z.string().max(120, "Organisation must be 120 characters or fewer")), "Organisation"),
});
