/**
 * The double-entry journal of a period, built from the documents (pure: journal.repo.ts reads
 * them). One currency per journal. Each document books as one balanced entry:
 * - a finalized invoice: debit receivable (gross), credit revenue (net) and tax payable (tax)
 *   per tax rate of its breakdown; a credit note the reverse;
 * - a payment (not one made from customer credit): debit the account of its method, credit
 *   receivable (the whole amount: an overpayment stays on the customer's side of receivables);
 *   a refund the reverse.
 * Amounts are minor units (bigint); a negative amount books on the other side; zero amounts
 * are left out. Debits equal credits for every entry and so for the period: `buildJournal`
 * throws otherwise, it never returns an unbalanced journal.
 */
import { formatAmount } from '../../domain/money/index.ts';
import { paymentAccount, revenueAccount, taxAccount, taxCode, type AccountChart } from './account-chart.ts';

export interface TaxRow {
  category: string;
  percentage: string;
  taxable_amount: number;
  tax_amount: number;
}

export interface DocumentRow {
  id: string;
  number: string;
  date: string;
  total: number;
  taxes: TaxRow[];
  customer_name: string;
  /** A credit note: the invoice it credits. */
  invoice_number?: string | null;
}

export interface CashRow {
  id: string;
  date: string;
  amount: number;
  method: string;
  invoice_number: string;
  customer_name: string;
  reference: string | null;
}

export interface JournalInput {
  currency: string;
  invoices: DocumentRow[];
  creditNotes: DocumentRow[];
  payments: CashRow[];
  refunds: CashRow[];
}

export type EntryKind = 'invoice' | 'credit_note' | 'payment' | 'refund';

export interface JournalLine {
  /** Which entry the line belongs to: lines of one entry are adjacent and balance. */
  entry: number;
  kind: EntryKind;
  date: string;
  document_number: string;
  account: string;
  /** What the account is for (DATEV books every other line of an entry against the receivable). */
  role: 'receivable' | 'revenue' | 'tax' | 'cash';
  debit: bigint;
  credit: bigint;
  tax_code: string | null;
  text: string;
}

export interface Journal {
  currency: string;
  lines: JournalLine[];
  debit: bigint;
  credit: bigint;
}

export class UnbalancedJournalError extends Error {}

/** The words of the booking texts, in the organization's language. */
export const TEXT_WORDS = {
  en: { invoice: 'Invoice', credit_note: 'Credit note', payment: 'Payment', refund: 'Refund' },
  de: { invoice: 'Rechnung', credit_note: 'Gutschrift', payment: 'Zahlung', refund: 'Erstattung' },
  fr: { invoice: 'Facture', credit_note: 'Avoir', payment: 'Paiement', refund: 'Remboursement' },
  es: { invoice: 'Factura', credit_note: 'Nota de crédito', payment: 'Pago', refund: 'Reembolso' },
} as const satisfies Record<string, Record<EntryKind, string>>;

/** The words for a locale such as "de-DE" (English for languages without their own). */
export function textWords(locale: string): Record<EntryKind, string> {
  const language = locale.slice(0, 2).toLowerCase();
  return language in TEXT_WORDS ? TEXT_WORDS[language as keyof typeof TEXT_WORDS] : TEXT_WORDS.en;
}

/** Books every document of the period into balanced entries, ordered by date, then by kind and number. */
export function buildJournal(input: JournalInput, chart: AccountChart, words: Record<EntryKind, string> = TEXT_WORDS.en): Journal {
  type Entry = { kind: EntryKind; date: string; number: string; lines: Omit<JournalLine, 'entry'>[] };
  const entries: Entry[] = [];
  const line = (kind: EntryKind, date: string, number: string, role: JournalLine['role'], account: string, signed: bigint, tax: string | null, text: string): Omit<JournalLine, 'entry'> =>
    ({ kind, date, document_number: number, account, role, debit: signed > 0n ? signed : 0n, credit: signed < 0n ? -signed : 0n, tax_code: tax, text });

  // sign: +1 books an invoice (receivable debited), -1 a credit note.
  const document = (kind: 'invoice' | 'credit_note', row: DocumentRow, sign: bigint) => {
    const text = kind === 'invoice' ? `${words.invoice} ${row.number} ${row.customer_name}` : `${words.credit_note} ${row.number} (${row.invoice_number ?? ''}) ${row.customer_name}`;
    const lines = [line(kind, row.date, row.number, 'receivable', chart.receivable, sign * BigInt(row.total), null, text)];
    for (const tax of row.taxes) {
      const code = taxCode(tax.category, tax.percentage);
      lines.push(line(kind, row.date, row.number, 'revenue', revenueAccount(chart, tax.category, tax.percentage), -sign * BigInt(tax.taxable_amount), code, text));
      lines.push(line(kind, row.date, row.number, 'tax', taxAccount(chart, tax.category, tax.percentage), -sign * BigInt(tax.tax_amount), code, text));
    }
    entries.push({ kind, date: row.date, number: row.number, lines });
  };
  // sign: +1 books cash received, -1 a refund.
  const cash = (kind: 'payment' | 'refund', row: CashRow, sign: bigint) => {
    const text = `${words[kind]} ${row.invoice_number} ${row.customer_name}${row.reference ? ` ${row.reference}` : ''}`;
    entries.push({
      kind,
      date: row.date,
      number: row.invoice_number,
      lines: [
        line(kind, row.date, row.invoice_number, 'cash', paymentAccount(chart, row.method), sign * BigInt(row.amount), null, text),
        line(kind, row.date, row.invoice_number, 'receivable', chart.receivable, -sign * BigInt(row.amount), null, text),
      ],
    });
  };
  for (const row of input.invoices) document('invoice', row, 1n);
  for (const row of input.creditNotes) document('credit_note', row, -1n);
  for (const row of input.payments) cash('payment', row, 1n);
  for (const row of input.refunds) cash('refund', row, -1n);

  const order: Record<EntryKind, number> = { invoice: 0, credit_note: 1, payment: 2, refund: 3 };
  entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : order[a.kind] - order[b.kind] || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0)));

  const lines: JournalLine[] = [];
  let debit = 0n;
  let credit = 0n;
  entries.forEach((entry, index) => {
    const kept = entry.lines.filter((l) => l.debit !== 0n || l.credit !== 0n);
    const entryDebit = kept.reduce((sum, l) => sum + l.debit, 0n);
    const entryCredit = kept.reduce((sum, l) => sum + l.credit, 0n);
    if (entryDebit !== entryCredit) {
      throw new UnbalancedJournalError(`${entry.kind} ${entry.number} does not balance: debit ${formatAmount(entryDebit, input.currency)}, credit ${formatAmount(entryCredit, input.currency)}`);
    }
    debit += entryDebit;
    credit += entryCredit;
    for (const l of kept) lines.push({ entry: index, ...l });
  });
  if (debit !== credit) throw new UnbalancedJournalError('the period does not balance');
  return { currency: input.currency, lines, debit, credit };
}
