/**
 * What a document shows, in order, as localized text: one view both renderers lay out (HTML
 * and PDF), so the two outputs cannot drift apart. Every amount is formatted from the exact
 * decimal string of the API view. Pure.
 */
import { daysBetween } from '../../domain/dates.ts';
import type { DocumentLanguage } from '../../domain/document-language.ts';
import { currencyExponent, isCurrencyCode, padFraction } from '../../domain/money/index.ts';
import { postalLines } from '../../domain/postal-address.ts';
import { isTaxCategory, type TaxCategory } from '../../domain/tax/index.ts';
import type { AddressValue } from '../../kernel/http/schemas.ts';
import type { CreditNoteOut } from '../credit-notes/credit-notes.schemas.ts';
import { labelsFor, type DocumentLabels } from './document-labels.ts';
import type { CreditNoteDocumentData, DocumentData, DocumentLogo, DocumentParty, InvoiceDocumentData } from './document-model.ts';
import { formatDate, formatMoney, formatNumber, formatPercent } from './locale-format.ts';
import { transferQrOf, type TransferQr } from './transfer-qr.ts';

export type Align = 'left' | 'right';
/** Column keys tell the PDF layout how wide a column is; labels are what it prints. */
export type ColumnKey = 'position' | 'description' | 'quantity' | 'unit' | 'unitPrice' | 'discount' | 'tax' | 'amount' | 'kind' | 'rate' | 'taxable';
export interface ViewColumn {
  key: ColumnKey;
  label: string;
  align: Align;
}
export interface ViewRow {
  cells: string[];
  /** A second, smaller line under the row's text column (an exemption reason). */
  note?: string | null;
}
export interface ViewTable {
  columns: ViewColumn[];
  rows: ViewRow[];
}
export interface Labelled {
  label: string;
  value: string;
}
export interface Section {
  heading: string;
  text: string;
}

export interface DocumentView {
  kind: DocumentData['kind'];
  language: DocumentLanguage;
  locale: string;
  labels: DocumentLabels;
  /** "Invoice INV-2026-00001", "Invoice (DRAFT)": the page and PDF title. */
  title: string;
  heading: string;
  number: string | null;
  /** The stamp (the same in every language) and the line under the title, in the document's language. */
  mark: { text: string; note: string } | null;
  accent: string;
  logo: DocumentLogo | null;
  seller: { heading: string; name: string; lines: string[] };
  customer: { heading: string; name: string; lines: string[] };
  meta: Labelled[];
  /** Custom fields printed as "Label: value" lines under the meta band (invoices; may be empty). */
  fields: Labelled[];
  lines: ViewTable;
  linesNote: string | null;
  adjustments: { heading: string; table: ViewTable } | null;
  taxes: { heading: string; table: ViewTable } | null;
  totals: (Labelled & { strong?: boolean })[];
  payment: { heading: string; rows: Labelled[]; instructions: string | null } | null;
  /** The EPC QR code for a bank transfer of the amount due (EUR invoices with an IBAN). */
  transferQr: TransferQr | null;
  notes: Section | null;
  terms: Section | null;
  footer: string | null;
  /** Invoices: what the customer's page shows above the document. */
  status: { label: string; overdue: string | null; amountDue: Labelled } | null;
  info: { title: string; author: string; subject: string; created: Date; modified: Date };
  filename: string;
}

const regionNames = new Map<string, Intl.DisplayNames>();

/** "DE" → "Germany" (en), "Deutschland" (de); anything that is not a region code as written. */
function countryName(country: string | null, locale: string): string | null {
  if (!country || !/^[A-Z]{2}$/.test(country)) return country;
  try {
    let names = regionNames.get(locale);
    if (!names) {
      names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
      regionNames.set(locale, names);
    }
    return names.of(country) ?? country;
  } catch {
    return country;
  }
}

function addressLines(address: AddressValue | null | undefined, locale: string): string[] {
  if (!address) return [];
  return [...postalLines(address), countryName(address.country, locale)].filter((line): line is string => Boolean(line));
}

export function partyLines(party: DocumentParty, labels: DocumentLabels, locale: string): string[] {
  return [...addressLines(party.address, locale), party.tax_id ? `${labels.taxId}: ${party.tax_id}` : null, party.email ?? null, party.phone ?? null].filter(
    (line): line is string => line !== null && line !== '',
  );
}

/** Filenames carry only safe characters: they end up in Content-Disposition headers and on disks. */
export function safeFilename(stem: string): string {
  return `${stem.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '') || 'document'}.pdf`;
}

/** "DE89370400440532013000" → "DE89 3704 0044 0532 0130 00", as banks print it; anything else as given. */
function ibanText(iban: string): string {
  return /^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(iban) ? (iban.match(/.{1,4}/g) ?? [iban]).join(' ') : iban;
}

const EXEMPT_CATEGORIES: ReadonlySet<TaxCategory> = new Set<TaxCategory>(['E', 'AE', 'K', 'G', 'O']);

/** Shared money helpers for one document's currency and locale. */
function formatters(currency: string, locale: string) {
  const digits = isCurrencyCode(currency) ? currencyExponent(currency) : 2;
  const money = (amount: string) => formatMoney(amount, currency, locale);
  return {
    money,
    negative: (amount: string) => (/[1-9]/.test(amount) ? money(`-${amount}`) : money(amount)),
    price: (price: string) => money(padFraction(price, digits)),
    discount: (discount: string | null) =>
      discount === null ? '' : discount.endsWith('%') ? formatPercent(discount.slice(0, -1).trim(), locale) : money(padFraction(discount, digits)),
    rate: (percentage: string) => formatPercent(percentage, locale),
  };
}

function taxNote(category: string, exemptionReason: string | null, labels: DocumentLabels): string | null {
  // Under the rate's name, the reason speaks for itself ("Art. 132 VAT Directive"); no label needed.
  if (exemptionReason) return exemptionReason;
  return isTaxCategory(category) && EXEMPT_CATEGORIES.has(category) ? labels.categories[category] : null;
}

function taxName(name: string | null, category: string, labels: DocumentLabels): string {
  return name ?? (isTaxCategory(category) ? labels.categories[category] : category);
}

function isoToDate(timestamp: string): Date {
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}

function paymentTerms(data: InvoiceDocumentData, labels: DocumentLabels): string | null {
  const { issue_date: issue, due_date: due } = data.invoice;
  const days = issue !== null && due !== null ? daysBetween(issue, due) : data.paymentTermsDays;
  if (days === null || days < 0) return null;
  return days === 0 ? labels.dueOnReceipt : labels.netDays(days);
}

function invoiceView(data: InvoiceDocumentData): DocumentView {
  const { invoice, locale } = data;
  const labels = labelsFor(locale);
  const f = formatters(invoice.currency, locale);
  const date = (value: string | null) => (value === null ? labels.onFinalization : formatDate(value, locale));
  const isDraft = invoice.status === 'draft';
  const isVoid = invoice.status === 'void';

  const hasUnit = invoice.lines.some((line) => line.unit !== null && line.unit !== '');
  const hasDiscount = invoice.lines.some((line) => line.discount !== null);
  const columns: ViewColumn[] = [
    { key: 'position', label: '#', align: 'right' },
    { key: 'description', label: labels.description, align: 'left' },
    { key: 'quantity', label: labels.quantity, align: 'right' },
    ...(hasUnit ? [{ key: 'unit', label: labels.unit, align: 'left' } as const] : []),
    { key: 'unitPrice', label: labels.unitPrice, align: 'right' },
    ...(hasDiscount ? [{ key: 'discount', label: labels.discount, align: 'right' } as const] : []),
    { key: 'tax', label: labels.tax, align: 'right' },
    { key: 'amount', label: labels.amount, align: 'right' },
  ];
  const rows = invoice.lines.map((line, i) => ({
    cells: [
      String(i + 1),
      line.description,
      formatNumber(line.quantity, locale),
      ...(hasUnit ? [line.unit ?? ''] : []),
      f.price(line.unit_price),
      ...(hasDiscount ? [f.discount(line.discount)] : []),
      f.rate(line.tax.percentage),
      f.money(line.net_amount),
    ],
  }));

  const adjustments = [
    ...invoice.allowances.map((a) => ({ kind: labels.allowance, a, amount: f.negative(a.net_amount) })),
    ...invoice.charges.map((c) => ({ kind: labels.charge, a: c, amount: f.money(c.net_amount) })),
  ];

  const totals: DocumentView['totals'] = [{ label: labels.subtotal, value: f.money(invoice.subtotal) }];
  if (invoice.allowances.length > 0) totals.push({ label: labels.allowances, value: f.negative(invoice.allowance_total) });
  if (invoice.charges.length > 0) totals.push({ label: labels.charges, value: f.money(invoice.charge_total) });
  totals.push({ label: labels.tax, value: f.money(invoice.tax_total) }, { label: labels.total, value: f.money(invoice.total), strong: true });
  if (!isDraft) {
    totals.push({ label: labels.amountPaid, value: f.money(invoice.amount_paid) });
    if (/[1-9]/.test(invoice.amount_credited)) totals.push({ label: labels.amountCredited, value: f.money(invoice.amount_credited) });
    totals.push({ label: labels.amountDue, value: f.money(invoice.amount_due), strong: true });
  }

  const bank = data.branding.bankDetails;
  const paymentRows: Labelled[] = [];
  if (bank) {
    if (bank.account_holder) paymentRows.push({ label: labels.accountHolder, value: bank.account_holder });
    if (bank.bank_name) paymentRows.push({ label: labels.bankName, value: bank.bank_name });
    if (bank.iban) paymentRows.push({ label: labels.iban, value: ibanText(bank.iban) });
    if (bank.bic) paymentRows.push({ label: labels.bic, value: bank.bic });
    if (paymentRows.length > 0 && invoice.number !== null) paymentRows.push({ label: labels.paymentReference, value: invoice.number });
  }

  const terms = paymentTerms(data, labels);
  const title = isDraft ? `${labels.invoice} (${labels.draftMark})` : `${labels.invoice} ${invoice.number ?? ''}`.trim();
  const stamp = isoToDate(invoice.finalized_at ?? invoice.updated_at);
  return {
    ...common(data, labels),
    title,
    heading: labels.invoice,
    number: invoice.number,
    // The stamp itself is the same in every language (the API promises drafts "marked DRAFT");
    // the title and the note under it say it in the customer's language.
    mark: isDraft
      ? { text: 'DRAFT', note: `${labels.draftMark} — ${labels.draftNote}` }
      : isVoid
        ? { text: 'VOID', note: `${labels.voidMark} — ${labels.voidNote}` }
        : null,
    customer: { heading: labels.billTo, name: invoice.customer.name, lines: partyLines(invoice.customer, labels, locale) },
    meta: [
      ...(invoice.number === null ? [] : [{ label: labels.invoiceNumber, value: invoice.number }]),
      { label: labels.issueDate, value: date(invoice.issue_date) },
      { label: labels.dueDate, value: date(invoice.due_date) },
      ...(terms === null ? [] : [{ label: labels.paymentTerms, value: terms }]),
    ],
    // Custom fields marked printed (issue #19): dates in the document's locale, the rest as stored.
    fields: (data.customFields ?? []).map((field) => ({ label: field.label, value: field.type === 'date' ? formatDate(field.value, locale) : field.value })),
    lines: { columns, rows },
    linesNote: invoice.prices_include_tax ? labels.pricesIncludeTax : null,
    adjustments:
      adjustments.length === 0
        ? null
        : {
            heading: labels.allowancesAndCharges,
            table: {
              columns: [
                { key: 'kind', label: '', align: 'left' },
                { key: 'description', label: labels.reason, align: 'left' },
                { key: 'tax', label: labels.tax, align: 'right' },
                { key: 'amount', label: labels.amount, align: 'right' },
              ],
              rows: adjustments.map(({ kind, a, amount }) => ({ cells: [kind, a.reason, f.rate(a.tax.percentage), amount] })),
            },
          },
    taxes: taxTable(
      invoice.taxes.map((t) => ({ ...t })),
      labels,
      f,
    ),
    totals,
    payment: isVoid || (paymentRows.length === 0 && !bank?.instructions) ? null : { heading: labels.paymentInstructions, rows: paymentRows, instructions: bank?.instructions ?? null },
    transferQr: transferQrOf(data),
    notes: invoice.notes ? { heading: labels.notes, text: invoice.notes } : null,
    terms: invoice.terms ? { heading: labels.terms, text: invoice.terms } : null,
    status: {
      label: labels.statuses[invoice.status],
      overdue: invoice.overdue ? labels.overdue : null,
      amountDue: { label: labels.amountDue, value: f.money(invoice.amount_due) },
    },
    info: {
      title,
      author: data.seller.name,
      subject: `${title} — ${invoice.customer.name}`,
      created: stamp,
      modified: isoToDate(invoice.voided_at ?? invoice.finalized_at ?? invoice.updated_at),
    },
    filename: safeFilename(invoice.number === null ? 'Invoice-draft' : `Invoice-${invoice.number}`),
  };
}

interface TaxRow {
  category: string;
  percentage: string;
  name: string | null;
  exemption_reason: string | null;
  taxable_amount: string;
  tax_amount: string;
}

function taxTable(taxes: TaxRow[], labels: DocumentLabels, f: ReturnType<typeof formatters>): DocumentView['taxes'] {
  if (taxes.length === 0) return null;
  return {
    heading: labels.taxBreakdown,
    table: {
      columns: [
        { key: 'description', label: labels.tax, align: 'left' },
        { key: 'rate', label: labels.rate, align: 'right' },
        { key: 'taxable', label: labels.taxableAmount, align: 'right' },
        { key: 'amount', label: labels.taxAmount, align: 'right' },
      ],
      rows: taxes.map((t) => ({
        cells: [taxName(t.name, t.category, labels), f.rate(t.percentage), f.money(t.taxable_amount), f.money(t.tax_amount)],
        note: taxNote(t.category, t.exemption_reason, labels),
      })),
    },
  };
}

function creditNoteView(data: CreditNoteDocumentData): DocumentView {
  const { creditNote: note, locale } = data;
  const labels = labelsFor(locale);
  const f = formatters(note.currency, locale);
  const customer = note.customer as unknown as DocumentParty;
  // The breakdown rows carry no name or exemption reason; the lines of the same rate do.
  const taxOf = (t: CreditNoteOut['taxes'][number]) =>
    note.lines.find((l) => l.tax_rate_id === t.tax_rate_id && l.tax.category === t.category && l.tax.percentage === t.percentage)?.tax;
  const title = `${labels.creditNote} ${note.number}`;
  const stamp = isoToDate(note.created_at);
  const hasDiscount = note.lines.some((line) => line.discount !== null);
  return {
    ...common(data, labels),
    title,
    heading: labels.creditNote,
    number: note.number,
    mark: null,
    customer: { heading: labels.creditTo, name: customer.name ?? '', lines: partyLines(customer, labels, locale) },
    meta: [
      { label: labels.creditNoteNumber, value: note.number },
      { label: labels.issueDate, value: formatDate(note.issue_date, locale) },
      ...(note.invoice_number === null ? [] : [{ label: labels.correctsInvoice, value: note.invoice_number }]),
    ],
    fields: [],
    lines: {
      // A credited invoice line shows its discount, so quantity × price − discount reads as its amount.
      columns: [
        { key: 'position', label: '#', align: 'right' },
        { key: 'description', label: labels.description, align: 'left' },
        { key: 'quantity', label: labels.quantity, align: 'right' },
        { key: 'unitPrice', label: labels.unitPrice, align: 'right' },
        ...(hasDiscount ? [{ key: 'discount', label: labels.discount, align: 'right' } as const] : []),
        { key: 'tax', label: labels.tax, align: 'right' },
        { key: 'amount', label: labels.amount, align: 'right' },
      ],
      rows: note.lines.map((line, i) => ({
        cells: [
          String(i + 1),
          line.description,
          formatNumber(line.quantity, locale),
          f.price(line.unit_price),
          ...(hasDiscount ? [f.discount(line.discount)] : []),
          f.rate(line.tax.percentage),
          f.money(line.net_amount),
        ],
      })),
    },
    linesNote: null,
    adjustments: null,
    taxes: taxTable(
      note.taxes.map((t) => ({ ...t, name: taxOf(t)?.name ?? null, exemption_reason: taxOf(t)?.exemption_reason ?? null })),
      labels,
      f,
    ),
    totals: [
      { label: labels.subtotal, value: f.money(note.subtotal) },
      { label: labels.tax, value: f.money(note.tax_total) },
      { label: labels.totalCredited, value: f.money(note.total), strong: true },
    ],
    payment: null,
    transferQr: null,
    // The reason may be long (1000 characters): a section of its own, not a cell of the header band.
    notes: { heading: labels.reason, text: note.reason },
    terms: null,
    status: null,
    info: { title, author: data.seller.name, subject: `${title} — ${customer.name ?? ''}`, created: stamp, modified: stamp },
    filename: safeFilename(`Credit-note-${note.number}`),
  };
}

function common(data: DocumentData, labels: DocumentLabels) {
  return {
    kind: data.kind,
    language: data.language,
    locale: data.locale,
    labels,
    accent: data.branding.accentColor,
    logo: data.branding.logo,
    seller: { heading: labels.from, name: data.seller.name, lines: partyLines(data.seller, labels, data.locale) },
    footer: data.branding.footer,
  };
}

export function documentView(data: DocumentData): DocumentView {
  return data.kind === 'invoice' ? invoiceView(data) : creditNoteView(data);
}

