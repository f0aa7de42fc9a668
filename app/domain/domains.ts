/**
 * Namespaces under which anyone (or any public body) can have a domain. Listing one as an
 * allowed or council domain would act as a wildcard (every *.gov.uk address), so the ticket form
 * refuses them, eligibility ignores them, and the council register never holds one.
 */
export const OPEN_NAMESPACES: ReadonlySet<string> = new Set([
  "gov.uk", "org.uk", "co.uk", "ac.uk", "sch.uk", "nhs.uk", "police.uk", "mod.uk", "ltd.uk", "plc.uk",
  "me.uk", "net.uk", "gov.scot", "gov.wales", "llyw.cymru", "nhs.scot", "nhs.wales", "gov.je", "gov.gg", "gov.im",
]);
