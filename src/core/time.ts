/**
 * Time conventions. Inside Airtight time is epoch seconds (UTC) or seconds from a run's start;
 * JSON shows ISO 8601 UTC strings. ISS Live's "GMT decimal" is day_of_year·24 + hours, with
 * day_of_year 1-based (1 Jan 00:00 UTC = 24.0) and no year (DOMAIN.md §6).
 */

export const SECONDS_PER_HOUR = 3600;

/** ISO 8601 UTC with milliseconds, e.g. `2020-08-20T00:00:00.000Z`. */
export function isoFromEpochS(epochS: number): string {
  return new Date(Math.round(epochS * 1000)).toISOString();
}

/** Epoch seconds of 1 January 00:00 UTC of a year. */
export function yearStartEpochS(year: number): number {
  return Date.UTC(year, 0, 1) / 1000;
}

/** GMT decimal hours of an instant, counted from the start of `year` (may pass the year's end). */
export function gmtDecimalFromEpochS(epochS: number, year: number): number {
  return (epochS - yearStartEpochS(year)) / SECONDS_PER_HOUR + 24;
}

/** Epoch seconds of a GMT decimal value read in `year`. */
export function epochSFromGmtDecimal(gmtDecimal: number, year: number): number {
  return yearStartEpochS(year) + (gmtDecimal - 24) * SECONDS_PER_HOUR;
}

/** UTC year of an instant. */
export function utcYear(epochS: number): number {
  return new Date(epochS * 1000).getUTCFullYear();
}
