/**
 * Whether someone is in the middle of filling in a form on the page: a field has focus, or a
 * field's value differs from the one the page gave it. Live pages with forms (the pitch station)
 * hold their reload while this is true, since a reload re-renders the forms from the server and
 * would throw away what the volunteer was typing. Takes the DOM's shapes only, so tests can pass
 * plain objects.
 */
type OptionLike = { selected: boolean; defaultSelected: boolean };
type FieldLike = {
  tagName: string;
  type?: string;
  value?: string;
  defaultValue?: string;
  checked?: boolean;
  defaultChecked?: boolean;
  options?: ArrayLike<OptionLike>;
  form?: unknown;
};
type DocumentLike = { activeElement: FieldLike | null; querySelectorAll: (selector: string) => ArrayLike<FieldLike> };

const NOT_TYPED = new Set(["hidden", "submit", "button", "reset", "image"]);

/** A field a person types into or chooses in (not a button or a hidden field). */
function isEntryField(field: FieldLike): boolean {
  const tag = field.tagName.toUpperCase();
  if (tag === "SELECT" || tag === "TEXTAREA") return true;
  return tag === "INPUT" && !NOT_TYPED.has((field.type ?? "text").toLowerCase());
}

/** The field holds something other than what the page put in it. */
export function isEdited(field: FieldLike): boolean {
  if (!isEntryField(field)) return false;
  const tag = field.tagName.toUpperCase();
  if (tag === "SELECT") return Array.from(field.options ?? []).some((option) => option.selected !== option.defaultSelected);
  const type = (field.type ?? "text").toLowerCase();
  if (type === "checkbox" || type === "radio") return field.checked !== field.defaultChecked;
  return (field.value ?? "") !== (field.defaultValue ?? "");
}

/** Someone is typing or choosing in a form on this page, or has left something unsaved in one. */
export function hasUnsavedInput(doc: DocumentLike): boolean {
  const active = doc.activeElement;
  if (active && active.form && isEntryField(active)) return true;
  return Array.from(doc.querySelectorAll("form input, form select, form textarea")).some(isEdited);
}
