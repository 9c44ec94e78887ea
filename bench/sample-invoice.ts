/**
 * A realistic invoice document, built in memory (no database): a seller with an SVG logo and
 * bank details, a customer abroad, lines at three tax rates with units and a discount, a
 * charge, notes, terms and a footer. Used by bench/pdf.ts and to render docs/images/invoice.png.
 */
import { formatAmount } from '../src/domain/money/index.ts';
import { computeInvoiceTotals } from '../src/domain/tax/index.ts';
import { logoOf, type InvoiceDocumentData } from '../src/modules/documents/document-model.ts';
import type { InvoiceOut } from '../src/modules/invoices/invoices.schemas.ts';

const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="64" viewBox="0 0 240 64">
<rect x="0" y="4" width="56" height="56" rx="12" fill="#2f4b7c"/>
<path d="M14 44 L28 18 L42 44 Z" fill="#f2c14e"/><circle cx="40" cy="20" r="6" fill="#ffffff"/>
<text x="68" y="30" font-family="DejaVu Sans" font-weight="bold" font-size="22" fill="#2f4b7c">Nordlicht</text>
<text x="68" y="52" font-family="DejaVu Sans" font-size="14" fill="#616e7c">Design Studio</text>
</svg>`;

const ITEMS = [
  { description: 'Brand strategy workshop (two days, on site in Vienna, including preparation and a written summary of the results)', unit: 'day', price: '1450.00', rate: 20 },
  { description: 'Logo design and visual identity guidelines', unit: 'hour', price: '95.00', rate: 20 },
  { description: 'Website design, responsive templates for 12 pages', unit: 'hour', price: '95.00', rate: 20 },
  { description: 'Printed brand books, hard cover', unit: 'piece', price: '38.50', rate: 10 },
  { description: 'Stock photography licences (annual)', unit: 'licence', price: '29.00', rate: 20 },
  { description: 'Photography workshop for staff (education, exempt)', unit: 'hour', price: '120.00', rate: 0 },
];

const RATES = {
  20: { tax_rate_id: 'txr_20', category: 'S' as const, percentage: '20', name: 'USt 20 %', exemption_reason: null },
  10: { tax_rate_id: 'txr_10', category: 'S' as const, percentage: '10', name: 'USt 10 %', exemption_reason: null },
  0: { tax_rate_id: 'txr_0', category: 'E' as const, percentage: '0', name: 'Steuerfrei', exemption_reason: '§ 6 Abs. 1 Z 11 UStG (educational services)' },
};

/** An invoice with `lineCount` lines cycling through the items above; totals computed by the domain. */
export function sampleInvoice(lineCount = 10, options: { locale?: string; status?: InvoiceOut['status'] } = {}): InvoiceDocumentData {
  const lines = Array.from({ length: lineCount }, (_, i) => {
    const item = ITEMS[i % ITEMS.length]!;
    const quantity = String(1 + ((i * 7) % 12));
    return { item, quantity, discount: i === 2 ? '10%' : null, rate: RATES[item.rate as keyof typeof RATES] };
  });
  const charges = [{ reason: 'Travel expenses Berlin–Vienna', amount: '184.60', rate: RATES[20] }];
  const totals = computeInvoiceTotals({
    currency: 'EUR',
    prices_include_tax: false,
    lines: lines.map((l) => ({ quantity: l.quantity, unit_price: l.item.price, ...(l.discount === null ? {} : { discount: l.discount }), tax: { key: l.rate.tax_rate_id, category: l.rate.category, percentage: l.rate.percentage } })),
    charges: charges.map((c) => ({ amount: c.amount, tax: { key: c.rate.tax_rate_id, category: c.rate.category, percentage: c.rate.percentage } })),
  });
  const money = (minor: bigint) => formatAmount(minor, 'EUR');
  const status = options.status ?? 'open';
  const total = money(totals.total);
  const invoice: InvoiceOut = {
    id: 'inv_sample',
    number: status === 'draft' ? null : 'INV-2026-00042',
    status,
    customer_id: 'cus_sample',
    customer: {
      id: 'cus_sample',
      name: 'Alpenblick Hotels & Resorts AG',
      email: 'accounts@alpenblick.example',
      address: { line1: 'Mariahilfer Straße 120', line2: '3. Stock', city: 'Wien', region: null, postal_code: '1070', country: 'AT' },
      tax_id: 'ATU12345678',
      electronic_address: { scheme: '9914', value: 'ATU12345678' },
      legal_registration_id: 'FN 123456a',
    },
    currency: 'EUR',
    issue_date: '2026-11-23',
    due_date: '2026-12-07',
    prices_include_tax: false,
    subtotal: money(totals.subtotal),
    allowance_total: '0.00',
    charge_total: money(totals.charge_total),
    tax_total: money(totals.tax_total),
    taxes: totals.taxes.map((t) => {
      const rate = Object.values(RATES).find((r) => r.tax_rate_id === t.key)!;
      return { ...rate, exemption_reason_code: null, taxable_amount: money(t.taxable_amount), tax_amount: money(t.tax_amount) };
    }),
    total,
    amount_paid: '500.00',
    amount_credited: '0.00',
    amount_due: money(totals.total - 50000n),
    overdue: false,
    notes: 'Thank you for your business. Please quote the invoice number with your payment.',
    terms: 'Payable within 14 days without deduction. Late payments incur interest of 4 % above the base rate.',
    finalized_at: status === 'draft' ? null : '2026-11-23T09:30:00.000Z',
    paid_at: null,
    voided_at: status === 'void' ? '2026-11-24T09:30:00.000Z' : null,
    uncollectible_at: null,
    sent_at: null,
    sent_to: null,
    viewed_at: null,
    subscription_id: null,
    period_start: null,
    period_end: null,
    late_fee_for_invoice_id: null,
    buyer_reference: null,
    purchase_order_reference: null,
    delivery_date: null,
    custom_fields: {},
    created_at: '2026-11-20T14:02:00.000Z',
    updated_at: '2026-11-23T09:30:00.000Z',
    lines: lines.map((l, i) => ({
      id: `lin_${i}`,
      product_id: null,
      description: l.item.description,
      quantity: l.quantity,
      unit: l.item.unit,
      unit_code: null,
      unit_price: l.item.price,
      base_quantity: '1',
      discount: l.discount,
      tax_rate_id: l.rate.tax_rate_id,
      tax: { category: l.rate.category, percentage: l.rate.percentage, name: l.rate.name, exemption_reason: l.rate.exemption_reason, exemption_reason_code: null },
      period_start: null,
      period_end: null,
      net_amount: money(totals.lines[i]!.net_amount),
    })),
    allowances: [],
    charges: charges.map((c, i) => ({
      id: `chg_${i}`,
      reason: c.reason,
      amount: c.amount,
      net_amount: c.amount,
      percentage: null,
      base_amount: null,
      tax_rate_id: c.rate.tax_rate_id,
      tax: { category: c.rate.category, percentage: c.rate.percentage, name: c.rate.name, exemption_reason: null, exemption_reason_code: null },
    })),
    last_email: null,
  };
  const locale = options.locale ?? 'en';
  return {
    kind: 'invoice',
    invoice,
    seller: {
      name: 'Nordlicht Design GmbH',
      address: { line1: 'Torstraße 88', line2: null, city: 'Berlin', region: null, postal_code: '10119', country: 'DE' },
      tax_id: 'DE298765432',
      email: 'billing@nordlicht.example',
      phone: '+49 30 1234567',
    },
    branding: {
      accentColor: '#2f4b7c',
      logo: logoOf({ content_type: 'image/svg+xml', data: Buffer.from(LOGO_SVG).toString('base64') }),
      footer: 'Nordlicht Design GmbH · Torstraße 88, 10119 Berlin · Managing director: Lena Vogt · Amtsgericht Charlottenburg HRB 123456 B',
      bankDetails: { account_holder: 'Nordlicht Design GmbH', bank_name: 'Berliner Volksbank', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', instructions: null },
    },
    locale,
    language: locale.startsWith('de') ? 'de' : locale.startsWith('fr') ? 'fr' : locale.startsWith('es') ? 'es' : 'en',
    paymentTermsDays: 14,
  };
}
