import ct from 'countries-and-timezones';
import { describe, expect, it } from 'vitest';
import { defaultTimeZone, isValidTimeZone, localDate, MAIN_TIME_ZONES, startOfLocalDay } from '../../../src/domain/time-zone.ts';

const HOUR = 3_600_000;

describe('isValidTimeZone', () => {
  it('accepts IANA zone names', () => {
    for (const name of ['Europe/Berlin', 'UTC', 'Etc/UTC', 'America/Argentina/Buenos_Aires', 'Pacific/Kiritimati', 'Asia/Kolkata', 'Asia/Calcutta', 'Etc/GMT+2']) {
      expect(isValidTimeZone(name), name).toBe(true);
    }
  });

  it('rejects the empty string, unknown names and offsets', () => {
    for (const name of ['', 'Mars/Base', 'Europe/Atlantis', '+02:00', '-05:00', '+0200', 'Z', 'GMT+2', 'CEST']) {
      expect(isValidTimeZone(name), name).toBe(false);
    }
  });

  it('rejects other spellings Temporal would read, so a stored name has one spelling', () => {
    for (const name of ['europe/berlin', 'utc', ' Europe/Berlin', 'Europe/Berlin ', '2026-01-01T00:00Z[Europe/Berlin]', '2026-01-01T00:00Z']) {
      expect(isValidTimeZone(name), name).toBe(false);
    }
  });
});

describe('localDate', () => {
  it('gives two calendar dates for one instant on either side of the date line', () => {
    // UTC+14 and UTC−11: 25 hours apart, so the same instant can be two days apart.
    const instant = new Date('2026-01-01T10:30:00Z');
    expect(localDate(instant, 'Pacific/Kiritimati')).toBe('2026-01-02'); // 00:30 on the 2nd
    expect(localDate(instant, 'Pacific/Pago_Pago')).toBe('2025-12-31'); // 23:30 on the 31st
    expect(localDate(instant, 'UTC')).toBe('2026-01-01');
  });

  it('turns the date exactly at local midnight', () => {
    // Kiritimati's midnight of 2 January is 10:00 UTC on the 1st.
    expect(localDate(new Date('2026-01-01T09:59:59.999Z'), 'Pacific/Kiritimati')).toBe('2026-01-01');
    expect(localDate(new Date('2026-01-01T10:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-01-02');
    // Pago Pago's midnight of 1 January is 11:00 UTC on the 1st.
    expect(localDate(new Date('2026-01-01T10:59:59.999Z'), 'Pacific/Pago_Pago')).toBe('2025-12-31');
    expect(localDate(new Date('2026-01-01T11:00:00Z'), 'Pacific/Pago_Pago')).toBe('2026-01-01');
  });

  it('follows daylight saving time', () => {
    // 22:30 UTC is 23:30 in Berlin in winter, 00:30 the next day in summer.
    expect(localDate(new Date('2026-01-15T22:30:00Z'), 'Europe/Berlin')).toBe('2026-01-15');
    expect(localDate(new Date('2026-07-15T22:30:00Z'), 'Europe/Berlin')).toBe('2026-07-16');
  });

  it('throws on an invalid zone or Date', () => {
    expect(() => localDate(new Date(), 'Mars/Base')).toThrow(RangeError);
    expect(() => localDate(new Date(), '+02:00')).toThrow(RangeError);
    expect(() => localDate(new Date('nonsense'), 'UTC')).toThrow(RangeError);
  });
});

describe('startOfLocalDay', () => {
  it('is local midnight on an ordinary day', () => {
    expect(startOfLocalDay('2026-01-15', 'Europe/Berlin').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(startOfLocalDay('2026-07-15', 'Europe/Berlin').toISOString()).toBe('2026-07-14T22:00:00.000Z');
    expect(startOfLocalDay('2026-01-02', 'Pacific/Kiritimati').toISOString()).toBe('2026-01-01T10:00:00.000Z');
    expect(startOfLocalDay('2026-01-01', 'UTC').toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('handles the Berlin days of 23 and 25 hours (the change is at 02:00/03:00, after midnight)', () => {
    const march = startOfLocalDay('2026-03-29', 'Europe/Berlin');
    expect(march.toISOString()).toBe('2026-03-28T23:00:00.000Z'); // still +01:00 at midnight
    expect(startOfLocalDay('2026-03-30', 'Europe/Berlin').getTime() - march.getTime()).toBe(23 * HOUR);
    const october = startOfLocalDay('2026-10-25', 'Europe/Berlin');
    expect(october.toISOString()).toBe('2026-10-24T22:00:00.000Z'); // still +02:00 at midnight
    expect(startOfLocalDay('2026-10-26', 'Europe/Berlin').getTime() - october.getTime()).toBe(25 * HOUR);
  });

  it('starts at 01:00 where daylight saving skips midnight (Santiago in September)', () => {
    // Chile moves its clocks from 00:00 to 01:00 (−04:00 → −03:00): midnight never happens.
    const start = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(start.toISOString()).toBe('2026-09-06T04:00:00.000Z'); // 01:00 at −03:00
    expect(localDate(start, 'America/Santiago')).toBe('2026-09-06');
    expect(localDate(new Date(start.getTime() - 1), 'America/Santiago')).toBe('2026-09-05');
    // The day before (midnight −04:00 to what would be its 24:00) has 24 hours; this one 23.
    expect(start.getTime() - startOfLocalDay('2026-09-05', 'America/Santiago').getTime()).toBe(24 * HOUR);
    expect(startOfLocalDay('2026-09-07', 'America/Santiago').getTime() - start.getTime()).toBe(23 * HOUR);
  });

  it('starts at 01:00 on São Paulo’s old daylight-saving days', () => {
    // Brazil had DST until 2019; on 4 November 2018 clocks went from 00:00 to 01:00.
    expect(startOfLocalDay('2018-11-04', 'America/Sao_Paulo').toISOString()).toBe('2018-11-04T03:00:00.000Z');
  });

  it('is the first instant localDate reports the date for', () => {
    for (const zone of ['Europe/Berlin', 'America/Santiago', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
      for (const date of ['2026-01-01', '2026-03-29', '2026-04-05', '2026-09-06', '2026-10-04', '2026-10-25']) {
        const start = startOfLocalDay(date, zone);
        expect(localDate(start, zone), `${zone} ${date}`).toBe(date);
        expect(localDate(new Date(start.getTime() - 1), zone), `${zone} ${date}`).not.toBe(date);
      }
    }
  });

  it('throws on a malformed date or an invalid zone', () => {
    expect(() => startOfLocalDay('2026-02-30', 'UTC')).toThrow(RangeError);
    expect(() => startOfLocalDay('2026-02-03T10:00', 'UTC')).toThrow(RangeError);
    expect(() => startOfLocalDay('2026-02-03', 'Mars/Base')).toThrow(RangeError);
  });
});

describe('defaultTimeZone', () => {
  it('picks the business zone of countries with several', () => {
    expect(defaultTimeZone('DE')).toBe('Europe/Berlin');
    expect(defaultTimeZone('US')).toBe('America/New_York');
    expect(defaultTimeZone('CA')).toBe('America/Toronto');
    expect(defaultTimeZone('AU')).toBe('Australia/Sydney');
    expect(defaultTimeZone('BR')).toBe('America/Sao_Paulo');
    expect(defaultTimeZone('RU')).toBe('Europe/Moscow');
    expect(defaultTimeZone('MX')).toBe('America/Mexico_City');
    expect(defaultTimeZone('ES')).toBe('Europe/Madrid');
    expect(defaultTimeZone('PT')).toBe('Europe/Lisbon');
  });

  it('gives the only zone of a one-zone country', () => {
    expect(defaultTimeZone('FR')).toBe('Europe/Paris');
    expect(defaultTimeZone('GB')).toBe('Europe/London');
    expect(defaultTimeZone('JP')).toBe('Asia/Tokyo');
    expect(defaultTimeZone('IN')).toBe('Asia/Kolkata');
  });

  it('names the zone as the country does when the database merged it with a neighbour’s', () => {
    expect(defaultTimeZone('SE')).toBe('Europe/Stockholm'); // listed as Europe/Berlin
    expect(defaultTimeZone('NL')).toBe('Europe/Amsterdam'); // listed as Europe/Brussels
    expect(defaultTimeZone('IS')).toBe('Atlantic/Reykjavik'); // listed as Africa/Abidjan
    expect(defaultTimeZone('HR')).toBe('Europe/Zagreb'); // listed as Europe/Belgrade
  });

  it('reads the country code in any case and around spaces', () => {
    expect(defaultTimeZone('de')).toBe('Europe/Berlin');
    expect(defaultTimeZone(' us ')).toBe('America/New_York');
  });

  it('falls back to UTC for an unknown or missing country', () => {
    for (const country of [null, undefined, '', 'XX', 'ZZ', 'DEU', 'D', '__proto__', 'toString']) {
      expect(defaultTimeZone(country), String(country)).toBe('UTC');
    }
  });

  it('has an explicit choice for every country the data lists with several zones', () => {
    const several = Object.values(ct.getAllCountries())
      .filter((country) => country.timezones.length > 1)
      .map((country) => country.id);
    expect(several.length).toBeGreaterThan(20);
    expect(several.filter((id) => !(id in MAIN_TIME_ZONES))).toEqual([]);
  });

  it('resolves every country to a valid zone of that country (Antarctica: UTC, by choice)', () => {
    for (const country of Object.values(ct.getAllCountries())) {
      const zone = defaultTimeZone(country.id);
      expect(isValidTimeZone(zone), `${country.id} ${zone}`).toBe(true);
      if (country.id === 'AQ') {
        expect(zone).toBe('UTC');
        continue;
      }
      const own = (ct.getTimezonesForCountry(country.id, { deprecated: true }) ?? []).map((z) => z.name);
      expect(own, `${country.id} ${zone}`).toContain(zone);
      // A one-zone country keeps that zone's clocks, whatever name it gets.
      if (country.timezones.length === 1) {
        const listed = country.timezones[0];
        expect(zone === listed || ct.getTimezone(zone)?.aliasOf === listed, `${country.id} ${zone} for ${listed}`).toBe(true);
      }
    }
  });

  it('has table entries only for real countries, each a zone of its country', () => {
    for (const [country, zone] of Object.entries(MAIN_TIME_ZONES)) {
      expect(ct.getCountry(country), country).not.toBeNull();
      expect(isValidTimeZone(zone), zone).toBe(true);
      if (zone !== 'UTC') expect(ct.getCountriesForTimezone(zone, { deprecated: true }).map((c) => c.id), `${country} ${zone}`).toContain(country);
    }
  });
});
