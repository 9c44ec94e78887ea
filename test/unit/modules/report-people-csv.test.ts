import { describe, expect, it } from 'vitest';
import { peopleCsv } from '../../../src/modules/reports/report-response.ts';
import { csvDialect } from '../../../src/kernel/http/csv-export.ts';

const aging = {
  header: ['as_of', 'currency', 'customer_id', 'customer_name', 'current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90', 'total'],
  rows: [
    ['2026-11-30', 'EUR', 'cus_01abc', 'Müller; Söhne', '1234.50', '0.00', '-12.30', '0.00', '0.00', '1222.20'],
    ['2026-11-30', 'EUR', '', 'TOTAL', '1234.50', '0.00', '-12.30', '0.00', '0.00', '1222.20'],
    ['2026-11-30', 'EUR', 'cus_02', '=HYPERLINK("x")', '1.00', '0.00', '0.00', '0.00', '0.00', '1.00'],
  ],
};

describe('report CSVs for people', () => {
  it('German: ";" between cells, decimal commas, headers in words, no id column, "Summe" for totals', () => {
    const lines = peopleCsv(aging, csvDialect('de-DE', undefined)).split('\r\n');
    expect(lines[0]).toBe('\uFEFFStichtag;Währung;Kunde;Noch nicht fällig;1–30 Tage;31–60 Tage;61–90 Tage;Über 90 Tage;Gesamt');
    expect(lines[1]).toBe('2026-11-30;EUR;"Müller; Söhne";1234,50;0,00;-12,30;0,00;0,00;1222,20');
    expect(lines[2]).toBe('2026-11-30;EUR;Summe;1234,50;0,00;-12,30;0,00;0,00;1222,20');
    expect(lines[3]).toBe(`2026-11-30;EUR;"'=HYPERLINK(""x"")";1,00;0,00;0,00;0,00;0,00;1,00`);
    expect(lines.join('\n')).not.toContain('cus_');
  });

  it('English: "," and "." with the same words', () => {
    const lines = peopleCsv(aging, csvDialect('en', undefined)).split('\r\n');
    expect(lines[0]).toBe('\uFEFFAs of,Currency,Customer,Not yet due,1–30 days,31–60 days,61–90 days,Over 90 days,Total');
    expect(lines[2]).toBe('2026-11-30,EUR,Total,1234.50,0.00,-12.30,0.00,0.00,1222.20');
  });
});
