import { describe, expect, it } from 'vitest';
import { postalLines } from '../../../src/domain/postal-address.ts';

const street = { line1: '1 Market St', line2: 'Suite 300' };

describe('postalLines: each country writes its own way', () => {
  it('US, Canada and Australia: "City, RG 12345" on one line', () => {
    expect(postalLines({ ...street, postal_code: '94105', city: 'San Francisco', region: 'CA', country: 'US' })).toEqual(['1 Market St', 'Suite 300', 'San Francisco, CA 94105']);
    expect(postalLines({ line1: '100 Queen St W', postal_code: 'M5H 2N2', city: 'Toronto', region: 'ON', country: 'CA' })).toEqual(['100 Queen St W', 'Toronto, ON M5H 2N2']);
    expect(postalLines({ line1: '1 George St', postal_code: '2000', city: 'Sydney', region: 'NSW', country: 'AU' })).toEqual(['1 George St', 'Sydney, NSW 2000']);
  });

  it('US without a region or a postcode still reads naturally', () => {
    expect(postalLines({ city: 'San Francisco', postal_code: '94105', country: 'US' })).toEqual(['San Francisco, 94105']);
    expect(postalLines({ city: 'San Francisco', region: 'CA', country: 'US' })).toEqual(['San Francisco, CA']);
    expect(postalLines({ postal_code: '94105', region: 'CA', country: 'us' })).toEqual(['CA 94105']);
  });

  it('United Kingdom: the town, then the postcode on its own line', () => {
    expect(postalLines({ line1: '10 Downing Street', city: 'London', postal_code: 'SW1A 2AA', country: 'GB' })).toEqual(['10 Downing Street', 'London', 'SW1A 2AA']);
    expect(postalLines({ line1: '1 High St', city: 'Guildford', region: 'Surrey', postal_code: 'GU1 3AA', country: 'GB' })).toEqual(['1 High St', 'Guildford', 'Surrey', 'GU1 3AA']);
  });

  it('Germany, Austria, Switzerland, France, Spain, the Netherlands, Belgium: "10115 Berlin", no region', () => {
    expect(postalLines({ line1: 'Unter den Linden 1', postal_code: '10115', city: 'Berlin', region: 'Berlin', country: 'DE' })).toEqual(['Unter den Linden 1', '10115 Berlin']);
    expect(postalLines({ postal_code: '1010', city: 'Wien', country: 'AT' })).toEqual(['1010 Wien']);
    expect(postalLines({ postal_code: '8001', city: 'Zürich', region: 'ZH', country: 'CH' })).toEqual(['8001 Zürich']);
    expect(postalLines({ line1: '5 rue de Rivoli', postal_code: '75001', city: 'Paris', region: 'Île-de-France', country: 'FR' })).toEqual(['5 rue de Rivoli', '75001 Paris']);
    expect(postalLines({ postal_code: '28013', city: 'Madrid', region: 'Madrid', country: 'ES' })).toEqual(['28013 Madrid']);
    expect(postalLines({ postal_code: '1012 JS', city: 'Amsterdam', country: 'NL' })).toEqual(['1012 JS Amsterdam']);
    expect(postalLines({ postal_code: '1000', city: 'Bruxelles', country: 'BE' })).toEqual(['1000 Bruxelles']);
  });

  it('the region is kept where it is all there is', () => {
    expect(postalLines({ region: 'Bayern', country: 'DE' })).toEqual(['Bayern']);
  });

  it('Italy: the province in brackets after the city', () => {
    expect(postalLines({ line1: 'Via Roma 1', postal_code: '00184', city: 'Roma', region: 'RM', country: 'IT' })).toEqual(['Via Roma 1', '00184 Roma (RM)']);
    expect(postalLines({ postal_code: '20121', city: 'Milano', country: 'IT' })).toEqual(['20121 Milano']);
  });

  it('an unknown or missing country: "postcode city, region"', () => {
    expect(postalLines({ line1: 'Calle 1', postal_code: '110111', city: 'Bogotá', region: 'Cundinamarca', country: 'CO' })).toEqual(['Calle 1', '110111 Bogotá, Cundinamarca']);
    expect(postalLines({ postal_code: '12345', city: 'Somewhere', region: 'North' })).toEqual(['12345 Somewhere, North']);
    expect(postalLines({ city: 'Somewhere' })).toEqual(['Somewhere']);
  });

  it('blank parts are left out, text is trimmed', () => {
    expect(postalLines({ line1: '  ', line2: null, postal_code: ' 10115 ', city: 'Berlin ', region: '', country: 'DE' })).toEqual(['10115 Berlin']);
    expect(postalLines({})).toEqual([]);
  });
});
