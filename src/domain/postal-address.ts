/**
 * Postal address lines as each country writes them (the convention of the address's own
 * country, which is what its post office reads): "San Francisco, CA 94105" in the US, Canada
 * and Australia; city then postcode on separate lines in the United Kingdom; "10115 Berlin"
 * in most of continental Europe, the region left out where the post does not use it; an
 * address without a known country as "postcode city, region". The country line itself is
 * the caller's (named in the document's language). Pure.
 */

export interface PostalAddress {
  line1?: string | null;
  line2?: string | null;
  postal_code?: string | null;
  city?: string | null;
  region?: string | null;
  country?: string | null;
}

type Style =
  /** "City, RG 12345" on one line (region abbreviated as written). */
  | 'city-region-postcode'
  /** City, then (county,) then postcode, each on its own line. */
  | 'city-then-postcode'
  /** "12345 City"; the region only when the country's post uses it, on its own line. */
  | 'postcode-city'
  /** "12345 City (RG)" — Italy's province abbreviation. */
  | 'postcode-city-province';

const STYLES: Record<string, Style> = {
  US: 'city-region-postcode',
  CA: 'city-region-postcode',
  AU: 'city-region-postcode',
  PR: 'city-region-postcode',
  GB: 'city-then-postcode',
  IE: 'city-then-postcode',
  IT: 'postcode-city-province',
};

/** Continental countries writing "postcode city" where the region is not part of the address. */
const POSTCODE_CITY = new Set([
  'DE', 'AT', 'CH', 'LI', 'LU', 'FR', 'MC', 'BE', 'NL', 'ES', 'PT', 'AD', 'DK', 'SE', 'NO', 'FI', 'IS', 'PL', 'CZ', 'SK', 'SI', 'HR', 'HU', 'RO', 'BG', 'GR', 'CY', 'EE', 'LV', 'LT', 'MT', 'TR', 'IL',
]);

const present = (value: string | null | undefined): value is string => typeof value === 'string' && value.trim() !== '';
const clean = (value: string | null | undefined): string | null => (present(value) ? value.trim() : null);

/** The lines of an address above its country line, in the convention of the address's country. */
export function postalLines(address: PostalAddress): string[] {
  const postcode = clean(address.postal_code);
  const city = clean(address.city);
  const region = clean(address.region);
  const country = clean(address.country)?.toUpperCase() ?? null;
  const street = [clean(address.line1), clean(address.line2)];
  const style: Style | 'unknown' = country === null ? 'unknown' : (STYLES[country] ?? (POSTCODE_CITY.has(country) ? 'postcode-city' : 'unknown'));

  let place: (string | null)[];
  switch (style) {
    case 'city-region-postcode': {
      const tail = [region, postcode].filter(present).join(' ');
      place = [[city, tail || null].filter(present).join(', ') || null];
      break;
    }
    case 'city-then-postcode':
      place = [city, region, postcode];
      break;
    case 'postcode-city-province':
      place = [[postcode, city, region ? `(${region})` : null].filter(present).join(' ') || null];
      break;
    case 'postcode-city':
      // The region is left out unless it is all there is to place the address.
      place = [[postcode, city].filter(present).join(' ') || region];
      break;
    default:
      place = [[[postcode, city].filter(present).join(' '), region].filter(present).join(', ') || null];
  }
  return [...street, ...place].filter(present);
}
