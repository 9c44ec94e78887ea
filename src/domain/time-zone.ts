/**
 * Time zones of organizations: which names are valid, the calendar date at an instant, the
 * instant a calendar date begins, and the zone an organization most likely uses given its
 * country. Pure. All offset and daylight-saving maths is Temporal's (temporal-polyfill, on the
 * runtime's IANA data): offsets change by law and by season, so none is ever written down here.
 */
import ct from 'countries-and-timezones';
import { Temporal } from 'temporal-polyfill';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EPOCH = Temporal.Instant.fromEpochMilliseconds(0);

/**
 * True for an IANA zone name Temporal knows, spelt as Temporal spells it: 'Europe/Berlin',
 * 'UTC', 'Asia/Calcutta'. False for offsets ('+02:00': an offset has no daylight saving, so an
 * organization "in +02:00" would bill on the wrong day half the year), for unknown names, and
 * for other spellings Temporal would read ('europe/berlin', an ISO string with a bracketed
 * zone): a stored name is compared as a string, so it must have one spelling.
 */
export function isValidTimeZone(name: string): boolean {
  if (typeof name !== 'string' || name === '' || /^[+\-\u2212]/.test(name)) return false;
  try {
    return EPOCH.toZonedDateTimeISO(name).timeZoneId === name;
  } catch {
    return false;
  }
}

function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`"${timeZone}" is not an IANA time zone name`);
}

/** The calendar date (YYYY-MM-DD) in `timeZone` at `instant`. Throws on an invalid Date or zone. */
export function localDate(instant: Date, timeZone: string): string {
  assertTimeZone(timeZone);
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('localDate: invalid Date');
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/**
 * The instant calendar date `date` (YYYY-MM-DD) begins in `timeZone`. Usually local midnight;
 * on a day whose midnight is skipped by a daylight-saving change (America/Santiago in September,
 * America/Sao_Paulo until 2019) it is the first instant that exists, e.g. 01:00.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  assertTimeZone(timeZone);
  if (!DATE.test(date)) throw new RangeError(`"${date}" is not a calendar date written YYYY-MM-DD`);
  const start = Temporal.PlainDate.from(date).toZonedDateTime({ timeZone }).startOfDay();
  return new Date(start.epochMilliseconds);
}

/**
 * The business zone of countries that span several zones (all those countries-and-timezones
 * lists with more than one; a unit test keeps this table complete): where most of the
 * country's companies are, usually the capital or the economic centre.
 */
export const MAIN_TIME_ZONES: Readonly<Record<string, string>> = {
  // Antarctica: stations keep the time of the country that supplies them; no zone is "the" one.
  AQ: 'UTC',
  AR: 'America/Argentina/Buenos_Aires',
  AU: 'Australia/Sydney',
  BR: 'America/Sao_Paulo',
  CA: 'America/Toronto',
  CD: 'Africa/Kinshasa',
  CL: 'America/Santiago',
  CN: 'Asia/Shanghai',
  CY: 'Asia/Nicosia',
  // Europe/Zurich is listed for Büsingen, an enclave of a few hundred people.
  DE: 'Europe/Berlin',
  EC: 'America/Guayaquil',
  ES: 'Europe/Madrid',
  FM: 'Pacific/Pohnpei', // the capital, Palikir
  GL: 'America/Nuuk',
  ID: 'Asia/Jakarta',
  KI: 'Pacific/Tarawa',
  KZ: 'Asia/Almaty',
  MH: 'Pacific/Majuro',
  MN: 'Asia/Ulaanbaatar',
  MX: 'America/Mexico_City',
  MY: 'Asia/Kuala_Lumpur',
  NZ: 'Pacific/Auckland',
  PF: 'Pacific/Tahiti',
  PG: 'Pacific/Port_Moresby',
  PS: 'Asia/Hebron', // the West Bank, Ramallah included
  PT: 'Europe/Lisbon',
  RU: 'Europe/Moscow',
  TF: 'Indian/Kerguelen',
  UA: 'Europe/Kyiv',
  UM: 'Pacific/Wake', // the only one of the islands with people living on it
  US: 'America/New_York',
  UZ: 'Asia/Tashkent',
  VN: 'Asia/Ho_Chi_Minh',
};

/**
 * The time zone an organization in `country` (ISO 3166-1 alpha-2, any case) most likely uses:
 * the country's zone when it has one, its main business zone when it has several, 'UTC' when
 * the country is unknown or not given.
 *
 * countries-and-timezones lists only canonical zones, and the IANA database merged zones that
 * have agreed since 1970: Sweden's one zone is 'Europe/Berlin', Iceland's 'Africa/Abidjan'.
 * Both keep the same clocks, but a Swedish company shown "Europe/Berlin" in its settings would
 * think it wrong, so the country's own name for that zone is preferred ('Europe/Stockholm').
 */
export function defaultTimeZone(country: string | null | undefined): string {
  if (!country) return 'UTC';
  const code = country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) return 'UTC';
  if (Object.hasOwn(MAIN_TIME_ZONES, code)) return MAIN_TIME_ZONES[code] as string;
  const zones = ct.getCountry(code)?.timezones ?? [];
  const [zone] = zones;
  if (zone !== undefined && zones.length === 1) return ownNameOf(zone, code);
  // Heard Island lists no canonical zone, only a link; a country missing from the table above
  // would land here too (the unit test sees to it that none does).
  const links = (ct.getTimezonesForCountry(code, { deprecated: true }) ?? []).map((z) => z.name).filter((name) => name.includes('/') && isValidTimeZone(name));
  return links.sort()[0] ?? 'UTC';
}

/** `zone` itself when it is first of all `country`'s, else the country's own link to it, if any. */
function ownNameOf(zone: string, country: string): string {
  if (ct.getTimezone(zone)?.countries[0] === country) return zone;
  const own = (ct.getTimezonesForCountry(country, { deprecated: true }) ?? [])
    // 'Iceland' or 'GB' are links too, but not names in the Area/City form settings show.
    .filter((z) => z.aliasOf === zone && z.name.includes('/') && isValidTimeZone(z.name))
    .map((z) => z.name)
    .sort();
  return own[0] ?? zone;
}

/** The zone an organization works in: the one it chose, else its country's default (`time_zone` null). */
export function organizationTimeZone(org: { time_zone: string | null; country: string | null }): string {
  return org.time_zone ?? defaultTimeZone(org.country);
}
