/**
 * The journal as a DATEV "EXTF" Buchungsstapel (format version 700, category 21, format
 * version 13 of the Buchungsstapel): the header line, the column header line, then one row per
 * booking, ";" between fields, text in double quotes, amounts with a decimal comma, encoded
 * windows-1252 (what DATEV Rechnungswesen reads by default; characters outside it become "?").
 *
 * A row books `Konto` against `Gegenkonto`: the receivable account against each other line of
 * the entry (revenue, tax, bank or cash), `Soll/Haben-Kennzeichen` S when the receivable is
 * debited, H when credited. With automatic accounts (SKR03 8400/8300, SKR04 4400/4300: DATEV
 * splits the tax off itself) revenue and tax of one rate go as ONE row of the gross amount to
 * the revenue account; without, the tax is a row of its own to the tax account.
 * Rows carry the first 14 columns of the Buchungsstapel; DATEV leaves the others empty.
 */
import { formatAmount } from '../../domain/money/index.ts';
import type { AccountChart } from './account-chart.ts';
import type { Journal, JournalLine } from './journal.ts';

export const DATEV_COLUMNS = [
  'Umsatz (ohne Soll/Haben-Kz)',
  'Soll/Haben-Kennzeichen',
  'WKZ Umsatz',
  'Kurs',
  'Basis-Umsatz',
  'WKZ Basis-Umsatz',
  'Konto',
  'Gegenkonto (ohne BU-Schlüssel)',
  'BU-Schlüssel',
  'Belegdatum',
  'Belegfeld 1',
  'Belegfeld 2',
  'Skonto',
  'Buchungstext',
] as const;

export interface DatevRow {
  amount: bigint;
  side: 'S' | 'H';
  account: string;
  contra: string;
  date: string;
  document: string;
  text: string;
}

/** One row per booking against the receivable account (see the file comment). */
export function datevRows(journal: Journal, chart: AccountChart): DatevRow[] {
  const rows: DatevRow[] = [];
  const byEntry = new Map<number, JournalLine[]>();
  for (const line of journal.lines) byEntry.set(line.entry, [...(byEntry.get(line.entry) ?? []), line]);
  for (const lines of byEntry.values()) {
    const first = lines[0];
    if (first === undefined) continue;
    // Amounts as seen from the receivable: + debits it (S), − credits it (H).
    const parts = new Map<string, { contra: string; signed: bigint }>();
    for (const line of lines) {
      if (line.role === 'receivable') continue;
      const merged = chart.datev.automatic_accounts && (line.role === 'revenue' || line.role === 'tax');
      const key = merged ? `rate:${line.tax_code ?? ''}` : `${line.role}:${line.account}:${line.tax_code ?? ''}`;
      const part = parts.get(key) ?? { contra: line.account, signed: 0n };
      // A merged row books to the revenue account (the automatic account splits off the tax).
      if (line.role === 'revenue') part.contra = line.account;
      part.signed += line.credit - line.debit;
      parts.set(key, part);
    }
    for (const part of parts.values()) {
      if (part.signed === 0n) continue;
      rows.push({
        amount: part.signed > 0n ? part.signed : -part.signed,
        side: part.signed > 0n ? 'S' : 'H',
        account: chart.receivable,
        contra: part.contra,
        date: first.date,
        document: first.document_number,
        text: first.text,
      });
    }
  }
  return rows;
}

const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
const belegfeld = (text: string) => text.replace(/[^A-Za-z0-9$&%*+\-/]/g, '').slice(0, 36);
const ymd = (date: string) => date.replace(/-/g, '');

export interface DatevHeader {
  chart: AccountChart;
  currency: string;
  from: string;
  to: string;
  createdAt: Date;
  exportedBy: string;
}

/** The whole Buchungsstapel as text (encode with toWindows1252). */
export function datevText(journal: Journal, header: DatevHeader): string {
  const { chart } = header;
  const created = header.createdAt.toISOString().replace(/[-:TZ.]/g, '').slice(0, 17);
  const skr = chart.preset === 'skr03' ? '03' : chart.preset === 'skr04' ? '04' : '';
  const accountLength = Math.max(4, chart.receivable.length);
  const head = [
    quote('EXTF'), '700', '21', quote('Buchungsstapel'), '13', created, '', quote('RE'), quote(header.exportedBy.slice(0, 25)), quote(''),
    String(chart.datev.consultant_number), String(chart.datev.client_number), `${header.from.slice(0, 4)}0101`, String(accountLength),
    ymd(header.from), ymd(header.to), quote(`Settle ${header.from}–${header.to}`.slice(0, 30)), quote(''), '1', '0', '0', quote(header.currency),
    '', quote(''), '', '', quote(skr), '', '', quote(''), quote(''),
  ];
  const lines = [head.join(';'), DATEV_COLUMNS.map(quote).join(';')];
  for (const row of datevRows(journal, chart)) {
    lines.push([
      formatAmount(row.amount, header.currency).replace('.', ','),
      quote(row.side),
      quote(header.currency),
      '', '', '',
      row.account,
      row.contra,
      '',
      `${row.date.slice(8, 10)}${row.date.slice(5, 7)}`,
      quote(belegfeld(row.document)),
      '',
      '',
      quote(row.text.replace(/[\r\n]+/g, ' ').slice(0, 60)),
    ].join(';'));
  }
  return lines.join('\r\n') + '\r\n';
}

/** windows-1252 bytes of `text`; characters it lacks become "?". */
export function toWindows1252(text: string): Buffer {
  const special: Record<string, number> = {
    '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e,
    '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
  };
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0x3f;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else bytes.push(special[char] ?? 0x3f);
  }
  return Buffer.from(bytes);
}
