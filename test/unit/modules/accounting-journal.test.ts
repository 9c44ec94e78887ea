/** The journal builder and the DATEV rows without a database: balance checks, sides, merging, encoding. */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/modules/accounting-export/account-chart.ts';
import { buildJournal, textWords, UnbalancedJournalError, type DocumentRow } from '../../../src/modules/accounting-export/journal.ts';
import { datevRows, toWindows1252 } from '../../../src/modules/accounting-export/datev.ts';

const invoice = (fields: Partial<DocumentRow> = {}): DocumentRow => ({
  id: 'inv_1',
  number: 'INV-1',
  date: '2026-11-03',
  total: 11900 + 1070,
  customer_name: 'Müller',
  taxes: [
    { category: 'S', percentage: '19', taxable_amount: 10000, tax_amount: 1900 },
    { category: 'S', percentage: '7', taxable_amount: 1000, tax_amount: 70 },
  ],
  ...fields,
});
const empty = { currency: 'EUR', invoices: [], creditNotes: [], payments: [], refunds: [] };

describe('buildJournal', () => {
  it('books an invoice per rate and balances', () => {
    const journal = buildJournal({ ...empty, invoices: [invoice()] }, PRESETS.skr03);
    expect(journal.lines.map((l) => [l.account, l.debit, l.credit, l.tax_code])).toEqual([
      ['1400', 12970n, 0n, null],
      ['8400', 0n, 10000n, 'S-19'],
      ['1776', 0n, 1900n, 'S-19'],
      ['8300', 0n, 1000n, 'S-7'],
      ['1771', 0n, 70n, 'S-7'],
    ]);
    expect(journal.debit).toBe(journal.credit);
  });

  it('writes the booking texts in the organization’s language', () => {
    expect(buildJournal({ ...empty, invoices: [invoice()] }, PRESETS.skr03, textWords('de-DE')).lines[0]?.text).toBe('Rechnung INV-1 Müller');
    expect(buildJournal({ ...empty, invoices: [invoice()] }, PRESETS.skr03, textWords('pt')).lines[0]?.text).toBe('Invoice INV-1 Müller');
  });

  it('refuses a document that does not balance', () => {
    expect(() => buildJournal({ ...empty, invoices: [invoice({ total: 12971 })] }, PRESETS.skr03)).toThrow(UnbalancedJournalError);
  });

  it('leaves out zero lines and books a negative amount on the other side', () => {
    const journal = buildJournal(
      { ...empty, invoices: [invoice({ total: -500, taxes: [{ category: 'E', percentage: '0', taxable_amount: -500, tax_amount: 0 }] })] },
      PRESETS.skr04,
    );
    expect(journal.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1200', 0n, 500n],
      ['4100', 500n, 0n],
    ]);
  });

  it('books payments to the account of their method and refunds back, ordered by date', () => {
    const cash = { id: 'p', invoice_number: 'INV-1', customer_name: 'M', reference: null };
    const journal = buildJournal(
      { ...empty, payments: [{ ...cash, date: '2026-11-05', amount: 300, method: 'cash' }, { ...cash, id: 'q', date: '2026-11-04', amount: 200, method: 'card' }], refunds: [{ ...cash, date: '2026-11-06', amount: 50, method: 'card' }] },
      PRESETS.skr03,
    );
    expect(journal.lines.map((l) => [l.date, l.account, l.debit, l.credit])).toEqual([
      ['2026-11-04', '1200', 200n, 0n],
      ['2026-11-04', '1400', 0n, 200n],
      ['2026-11-05', '1000', 300n, 0n],
      ['2026-11-05', '1400', 0n, 300n],
      ['2026-11-06', '1200', 0n, 50n],
      ['2026-11-06', '1400', 50n, 0n],
    ]);
  });
});

describe('DATEV rows', () => {
  it('merges revenue and tax of a rate into one gross row with automatic accounts, else keeps them apart', () => {
    const journal = buildJournal({ ...empty, invoices: [invoice()] }, PRESETS.skr03);
    expect(datevRows(journal, PRESETS.skr03).map((r) => [r.amount, r.side, r.account, r.contra])).toEqual([
      [11900n, 'S', '1400', '8400'],
      [1070n, 'S', '1400', '8300'],
    ]);
    const manual = { ...PRESETS.skr03, datev: { ...PRESETS.skr03.datev, automatic_accounts: false } };
    expect(datevRows(journal, manual).map((r) => [r.amount, r.contra])).toEqual([
      [10000n, '8400'],
      [1900n, '1776'],
      [1000n, '8300'],
      [70n, '1771'],
    ]);
  });

  it('encodes windows-1252, unknown characters as "?"', () => {
    expect([...toWindows1252('Aä€ß→')]).toEqual([0x41, 0xe4, 0x80, 0xdf, 0x3f]);
  });
});
