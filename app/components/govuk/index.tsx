import { Form, Link } from "@remix-run/react";
import { type ReactNode, useEffect } from "react";
import { DATE_PARTS, datePartsInError, typedDate } from "~/domain/date-input";

/**
 * Small GOV.UK Frontend components as React. Each field takes the server's `errors` for its
 * name and shows the GOV.UK error message, aria-invalid and aria-describedby.
 */
export type FieldErrors = Record<string, string[] | undefined> | undefined;

function firstError(errors: FieldErrors, name: string) {
  return errors?.[name]?.[0];
}

function fieldId(name: string) {
  return name.replace(/[^A-Za-z0-9_-]/g, "-");
}

/** The error summary at the top of a form; each message links to its field. */
export function ErrorSummary({
  errors,
  fieldOrder = [],
  anchors = {},
}: {
  errors: FieldErrors;
  fieldOrder?: string[];
  /** Where a field's message links when not to the field's own id (a date: its first box in error, see dateAnchors). */
  anchors?: Record<string, string>;
}) {
  const entries = Object.entries(errors ?? {}).filter(([, messages]) => messages && messages.length > 0) as [string, string[]][];
  const shown = entries.length > 0;
  // GOV.UK: the title starts "Error: " while errors are shown (the server does the same when it renders them).
  useEffect(() => {
    if (shown && !document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
    return () => {
      if (document.title.startsWith("Error: ")) document.title = document.title.slice("Error: ".length);
    };
  }, [shown]);
  if (!shown) return null;
  entries.sort(([a], [b]) => {
    const ia = fieldOrder.indexOf(a);
    const ib = fieldOrder.indexOf(b);
    return (ia === -1 ? 999 : ia) - (ib === -1 ? 999 : ib);
  });
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1} ref={(el) => el?.focus()}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {entries.map(([name, messages]) => (
              <li key={name}>{name === "form" ? messages[0] : <a href={`#${anchors[name] ?? fieldId(name)}`}>{messages[0]}</a>}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

type FieldProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: FieldErrors;
  defaultValue?: string | number | null;
  isPageHeading?: boolean;
};

function Label({ id, label, isPageHeading }: { id: string; label: ReactNode; isPageHeading?: boolean }) {
  if (isPageHeading) {
    return (
      <h1 className="govuk-label-wrapper">
        <label className="govuk-label govuk-label--l" htmlFor={id}>
          {label}
        </label>
      </h1>
    );
  }
  return (
    <label className="govuk-label govuk-label--s" htmlFor={id}>
      {label}
    </label>
  );
}

function HintAndError({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
    </>
  );
}

function describedBy(id: string, hint: unknown, error: unknown) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** An error summary that says one thing without a field to link to (a refused grid change, a failed search). */
export function ProblemSummary({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <div className="govuk-error-summary" tabIndex={-1} ref={(el) => el?.focus()}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          <p className="govuk-body" data-testid={testId}>
            {children}
          </p>
        </div>
      </div>
    </div>
  );
}

export function Input({
  name,
  label,
  hint,
  errors,
  defaultValue,
  type = "text",
  width,
  autoComplete,
  spellCheck,
  isPageHeading,
  inputMode,
}: FieldProps & {
  type?: string;
  width?: "2" | "3" | "4" | "5" | "10" | "20" | "30" | "one-half" | "two-thirds";
  autoComplete?: string;
  spellCheck?: boolean;
  inputMode?: "numeric" | "email" | "text";
}) {
  const id = fieldId(name);
  const error = firstError(errors, name);
  const widthClass = width ? (/^\d+$/.test(width) ? ` govuk-input--width-${width}` : ` govuk-!-width-${width}`) : "";
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={label} isPageHeading={isPageHeading} />
      <HintAndError id={id} hint={hint} error={error} />
      <input
        className={`govuk-input${widthClass}${error ? " govuk-input--error" : ""}`}
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue ?? undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        autoComplete={autoComplete}
        spellCheck={spellCheck}
        inputMode={inputMode}
      />
    </div>
  );
}

export function Textarea({ name, label, hint, errors, defaultValue, rows = 5 }: FieldProps & { rows?: number }) {
  const id = fieldId(name);
  const error = firstError(errors, name);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={label} />
      <HintAndError id={id} hint={hint} error={error} />
      <textarea
        className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue ?? undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </div>
  );
}

type Option = { value: string; label: ReactNode; hint?: ReactNode };

export function Select({ name, label, hint, errors, defaultValue, options }: FieldProps & { options: Option[] }) {
  const id = fieldId(name);
  const error = firstError(errors, name);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={label} />
      <HintAndError id={id} hint={hint} error={error} />
      <select
        className={`govuk-select${error ? " govuk-select--error" : ""}`}
        id={id}
        name={name}
        defaultValue={defaultValue ?? undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function ChoiceGroup({
  kind,
  name,
  legend,
  hint,
  errors,
  options,
  defaultValue,
  small,
}: {
  kind: "radios" | "checkboxes";
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  errors?: FieldErrors;
  options: Option[];
  defaultValue?: string | string[] | null;
  small?: boolean;
}) {
  const id = fieldId(name);
  const error = firstError(errors, name);
  const selected = new Set(Array.isArray(defaultValue) ? defaultValue : defaultValue ? [defaultValue] : []);
  const inputType = kind === "radios" ? "radio" : "checkbox";
  const base = kind === "radios" ? "govuk-radios" : "govuk-checkboxes";
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <HintAndError id={id} hint={hint} error={error} />
        <div className={`${base}${small ? ` ${base}--small` : ""}`} data-module={base}>
          {options.map((option, index) => {
            const optionId = index === 0 ? id : `${id}-${index + 1}`;
            return (
              <div className={`${base}__item`} key={option.value}>
                <input
                  className={`${base}__input`}
                  id={optionId}
                  name={name}
                  type={inputType}
                  value={option.value}
                  defaultChecked={selected.has(option.value)}
                  aria-describedby={option.hint ? `${optionId}-hint` : undefined}
                />
                <label className={`govuk-label ${base}__label`} htmlFor={optionId}>
                  {option.label}
                </label>
                {option.hint ? (
                  <div id={`${optionId}-hint`} className={`govuk-hint ${base}__hint`}>
                    {option.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Radios(props: Omit<Parameters<typeof ChoiceGroup>[0], "kind">) {
  return <ChoiceGroup kind="radios" {...props} />;
}

export function Checkboxes(props: Omit<Parameters<typeof ChoiceGroup>[0], "kind">) {
  return <ChoiceGroup kind="checkboxes" {...props} />;
}

export function Button({
  children,
  variant,
  name,
  value,
  type = "submit",
}: {
  children: ReactNode;
  variant?: "secondary" | "warning";
  name?: string;
  value?: string;
  type?: "submit" | "button";
}) {
  return (
    <button type={type} className={`govuk-button${variant ? ` govuk-button--${variant}` : ""}`} data-module="govuk-button" name={name} value={value}>
      {children}
    </button>
  );
}

/** A hidden field that people never see and bots fill in. */
export function Honeypot() {
  return (
    <div className="pg-honeypot" aria-hidden="true">
      <label htmlFor="website">Leave this field empty</label>
      <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
    </div>
  );
}

export function SummaryList({ rows }: { rows: { key: ReactNode; value: ReactNode; action?: { href: string; label: string; hidden: string } }[] }) {
  return (
    <dl className="govuk-summary-list">
      {rows.map((row, index) => (
        <div className="govuk-summary-list__row" key={index}>
          <dt className="govuk-summary-list__key">{row.key}</dt>
          <dd className="govuk-summary-list__value">{row.value}</dd>
          {row.action ? (
            <dd className="govuk-summary-list__actions">
              <Link className="govuk-link" to={row.action.href}>
                {row.action.label}
                <span className="govuk-visually-hidden"> {row.action.hidden}</span>
              </Link>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}

export function NotificationBanner({ children, success, title }: { children: ReactNode; success?: boolean; title?: string }) {
  return (
    <div
      className={`govuk-notification-banner${success ? " govuk-notification-banner--success" : ""}`}
      role={success ? "alert" : "region"}
      aria-labelledby="govuk-notification-banner-title"
      data-module="govuk-notification-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="govuk-notification-banner-title">
          {title ?? (success ? "Success" : "Important")}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{children}</p>
      </div>
    </div>
  );
}

export function Tag({ children, colour }: { children: ReactNode; colour?: "grey" | "green" | "turquoise" | "blue" | "purple" | "pink" | "red" | "orange" | "yellow" }) {
  return <strong className={`govuk-tag${colour ? ` govuk-tag--${colour}` : ""}`}>{children}</strong>;
}

export function BackLink({ to, children = "Back" }: { to: string; children?: ReactNode }) {
  return (
    <Link to={to} className="govuk-back-link">
      {children}
    </Link>
  );
}

export function InsetText({ children }: { children: ReactNode }) {
  return <div className="govuk-inset-text">{children}</div>;
}

export function WarningText({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-warning-text">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        {children}
      </strong>
    </div>
  );
}

/**
 * The GOV.UK date input: day, month and year as three text boxes in a fieldset, posted as
 * `<name>-day`, `<name>-month` and `<name>-year`. On an error, the boxes to blame get the error
 * style (worked out again from what was typed, by the same pure check the server used).
 */
export function DateInput({
  name,
  legend,
  hint = "For example, 27 3 2026",
  errors,
  values,
  id: idPrefix,
}: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  errors?: FieldErrors;
  /** The form's values: the boxes' own keys (`<name>-day`…), or a single ISO date under `name`. */
  values?: Record<string, string | undefined>;
  /** The boxes' id prefix when the same form appears more than once on a page. */
  id?: string;
}) {
  const id = idPrefix ?? fieldId(name);
  const error = firstError(errors, name);
  const typed = typedDate(values, name);
  const inError = new Set(error ? datePartsInError(values, name) : []);
  const labels = { day: "Day", month: "Month", year: "Year" };
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <HintAndError id={id} hint={hint} error={error} />
        <div className="govuk-date-input" id={id}>
          {DATE_PARTS.map((part) => (
            <div className="govuk-date-input__item" key={part}>
              <div className="govuk-form-group">
                <label className="govuk-label govuk-date-input__label" htmlFor={`${id}-${part}`}>
                  {labels[part]}
                </label>
                <input
                  className={`govuk-input govuk-date-input__input govuk-input--width-${part === "year" ? "4" : "2"}${inError.has(part) ? " govuk-input--error" : ""}`}
                  id={`${id}-${part}`}
                  name={`${name}-${part}`}
                  type="text"
                  inputMode="numeric"
                  defaultValue={typed[part]}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** Error-summary anchors for a form's date fields: each links to its first box in error. */
export function dateAnchors(values: Record<string, string | undefined> | undefined, names: string[], idPrefix: (name: string) => string = fieldId) {
  return Object.fromEntries(names.map((name) => [name, `${idPrefix(name)}-${datePartsInError(values, name)[0]}`]));
}

/** A time typed as text ("14:30", "9.30", "2pm"): GOV.UK has no time pattern, so one plain box. */
export function TimeInput({ name, label, hint = "For example, 09:30 or 14:00", errors, defaultValue }: FieldProps) {
  return <Input name={name} label={label} hint={hint} errors={errors} defaultValue={defaultValue} width="5" autoComplete="off" spellCheck={false} />;
}

/**
 * The end of an ask-first page: the action, posted by its own form (no JavaScript needed), and a
 * link back that does nothing.
 */
export function AskFirstForm({ confirm, cancel, cancelTo, variant, intent }: { confirm: ReactNode; cancel: string; cancelTo: string; variant?: "warning"; intent?: string }) {
  return (
    <Form method="post">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <div className="govuk-button-group">
        <Button variant={variant}>{confirm}</Button>
        <Link to={cancelTo} className="govuk-link">
          {cancel}
        </Link>
      </div>
    </Form>
  );
}
