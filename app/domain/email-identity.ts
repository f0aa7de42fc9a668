/**
 * One person, one registration. Mail systems deliver "someone+anything@council.gov.uk" to
 * "someone@council.gov.uk", so the duplicate check compares this key: the lower-case address
 * with its plus-tag removed. Mail still goes to the address the person typed.
 */
export function emailKey(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.indexOf("@");
  const plus = address.indexOf("+");
  return plus > 0 && plus < at ? address.slice(0, plus) + address.slice(at) : address;
}

/**
 * The same key in SQL, for a column holding lower-case addresses. It must stay the same expression
 * as the index registrations_email_key (db/migrations/0014), or SQLite will not use the index
 * (a test checks the plan).
 */
export function emailKeySql(column: string): string {
  return `(CASE WHEN instr(${column}, '+') > 1 AND instr(${column}, '+') < instr(${column}, '@')
        THEN substr(${column}, 1, instr(${column}, '+') - 1) || substr(${column}, instr(${column}, '@'))
        ELSE ${column} END)`;
}
