import { isRegistrationStatus, type RegistrationStatus } from "~/domain/registration-rules";

/**
 * The registrations table's filters, read from its address (?ticket=&status=&q=). The CSV link
 * carries the same query, so the download holds exactly the rows the table shows.
 */
type RegistrationFilters = { ticketTypeId: number | null; status: RegistrationStatus | null; search: string };

export function registrationFiltersFrom(params: URLSearchParams): RegistrationFilters {
  const ticket = Number(params.get("ticket"));
  const status = params.get("status");
  return {
    ticketTypeId: Number.isSafeInteger(ticket) && ticket > 0 ? ticket : null,
    status: isRegistrationStatus(status) ? status : null,
    search: (params.get("q") ?? "").slice(0, 100),
  };
}

/** "?ticket=3&q=guildford", or "" when nothing is filtered. */
export function registrationFilterQuery(filters: RegistrationFilters): string {
  const params = new URLSearchParams();
  if (filters.ticketTypeId) params.set("ticket", String(filters.ticketTypeId));
  if (filters.status) params.set("status", filters.status);
  if (filters.search.trim()) params.set("q", filters.search.trim());
  const query = params.toString();
  return query ? `?${query}` : "";
}

export function isFiltered(filters: RegistrationFilters): boolean {
  return registrationFilterQuery(filters) !== "";
}
