import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  canonicalCreditNote,
  canonicalInvoice,
  canonicalJson,
  canonicalPayment,
  canonicalRefund,
  chainHash,
  GENESIS_HASH,
  type InvoiceLineRecord,
  type InvoiceRecord,
} from '../../../src/domain/integrity.ts';

const invoice: InvoiceRecord = {
  id: 'inv_1',
  organization_id: 'org_1',
  customer_id: 'cus_1',
  number: 'INV-2026-00001',
  currency: 'EUR',
  issue_date: '2026-11-23',
  due_date: '2026-12-23',
  prices_include_tax: 0,
  notes: null,
  terms: 'Net 30',
  subtotal: 15000,
  allowance_total: 0,
  charge_total: 0,
  tax_total: 2850,
  total: 17850,
  taxes: '[{"tax_rate_id":"txr_1","percentage":"19","category":"S","taxable_amount":15000,"tax_amount":2850}]',
  customer_snapshot: '{"name":"Ada Ltd","id":"cus_1","address":null}',
  seller_snapshot: '{"name":"Settle GmbH","tax_id":"DE1"}',
  branding_snapshot: '{"accent_color":"#1f6feb","footer":"Thank you","logo_sha256":null}',
  finalized_at: '2026-11-23T10:00:00.000Z',
};

const line = (position: number, net: number): InvoiceLineRecord => ({
  id: `lin_${position}`,
  position,
  description: `Work ${position}`,
  quantity: '1.5',
  unit: 'hour',
  unit_price: '50',
  discount: null,
  tax_rate_id: 'txr_1',
  tax_name: 'VAT',
  tax_category: 'S',
  tax_percentage: '19',
  tax_exemption_reason: null,
  net_amount: net,
});

describe('canonical JSON', () => {
  it('sorts keys at every depth, writes no whitespace and keeps array order', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: null }], a: 'x', c: true })).toBe('{"a":"x","b":[3,{"a":null,"z":1}],"c":true}');
  });

  it('writes bigints as integers and strings escaped, byte for byte', () => {
    expect(canonicalJson({ n: 12345678901234567890n, s: 'é"\n' })).toBe('{"n":12345678901234567890,"s":"é\\"\\n"}');
  });

  it('refuses numbers it could not write exactly', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(2 ** 60)).toThrow(/exact integer/);
  });

  it('does not depend on the order keys were written in', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(object));
      }),
    );
  });
});

describe('chain hash', () => {
  it('is SHA-256 over the canonical text followed by the previous hash (a pinned vector)', () => {
    expect(chainHash('{"a":1}', GENESIS_HASH)).toBe('26bde4fc1609baed59dcae79c69a314c53ad8f547af6acc613163acaf37905a4');
  });

  it('depends on the previous hash, which must be 64 lowercase hex digits', () => {
    expect(chainHash('{}', GENESIS_HASH)).not.toBe(chainHash('{}', 'f'.repeat(64)));
    expect(() => chainHash('{}', 'ABC')).toThrow();
  });
});

describe('canonical documents (format 1)', () => {
  it('pins the invoice form: a change here breaks every chain already written', () => {
    const text = canonicalInvoice(invoice, [line(1, 7500)], [], 1);
    expect(text).toBe(
      '{"adjustments":[],"allowance_total":0,"branding":{"accent_color":"#1f6feb","footer":"Thank you","logo_sha256":null},' +
        '"charge_total":0,"currency":"EUR","customer":{"address":null,"id":"cus_1","name":"Ada Ltd"},"customer_id":"cus_1","due_date":"2026-12-23",' +
        '"finalized_at":"2026-11-23T10:00:00.000Z","format":1,"id":"inv_1","issue_date":"2026-11-23",' +
        '"lines":[{"description":"Work 1","discount":null,"id":"lin_1","net_amount":7500,"position":1,"quantity":"1.5",' +
        '"tax_category":"S","tax_exemption_reason":null,"tax_name":"VAT","tax_percentage":"19","tax_rate_id":"txr_1",' +
        '"unit":"hour","unit_price":"50"}],"notes":null,"number":"INV-2026-00001","organization_id":"org_1",' +
        '"prices_include_tax":false,"seller":{"name":"Settle GmbH","tax_id":"DE1"},"subtotal":15000,"tax_total":2850,' +
        '"taxes":[{"category":"S","percentage":"19","tax_amount":2850,"tax_rate_id":"txr_1","taxable_amount":15000}],' +
        '"terms":"Net 30","total":17850,"type":"invoice"}',
    );
  });

  it('covers what was issued and nothing that may change afterwards', () => {
    const base = canonicalInvoice(invoice, [line(1, 7500), line(2, 7500)], [], 1);
    // Payments, credit notes, void, sending, and a deleted product change none of it.
    const later = { ...invoice, status: 'paid', amount_paid: 17850, amount_due: 0, sent_at: 'x', updated_at: 'y' };
    expect(canonicalInvoice(later, [{ ...line(2, 7500), product_id: null } as InvoiceLineRecord, line(1, 7500)], [], 1)).toBe(base);
    // Any issued figure, date, party or line does.
    for (const changed of [{ total: 17851 }, { due_date: '2026-12-24' }, { customer_snapshot: '{"name":"Eve"}' }, { number: 'INV-2026-00002' }, { branding_snapshot: '{"accent_color":"#000000"}' }]) {
      expect(canonicalInvoice({ ...invoice, ...changed }, [line(1, 7500), line(2, 7500)], [], 1)).not.toBe(base);
    }
    expect(canonicalInvoice(invoice, [line(1, 7500), line(2, 7501)], [], 1)).not.toBe(base);
    expect(canonicalInvoice(invoice, [line(1, 7500)], [], 1)).not.toBe(base);
  });

  it('reads the stored JSON snapshots as content, whatever their key order', () => {
    const reordered = { ...invoice, customer_snapshot: '{"address":null,"id":"cus_1","name":"Ada Ltd"}' };
    expect(canonicalInvoice(reordered, [], [], 1)).toBe(canonicalInvoice(invoice, [], [], 1));
  });

  it('covers a payment without its refunded amount or notes, and refunds and credit notes as issued', () => {
    const payment = { id: 'pay_1', organization_id: 'org_1', invoice_id: 'inv_1', customer_id: 'cus_1', currency: 'EUR', amount: 500, date: '2026-11-23', method: 'card', reference: 'R1', created_at: 't' };
    const text = canonicalPayment(payment, 1);
    expect(canonicalPayment({ ...payment, refunded_amount: 100, notes: 'later note' } as typeof payment, 1)).toBe(text);
    expect(canonicalPayment({ ...payment, amount: 501 }, 1)).not.toBe(text);
    expect(canonicalPayment({ ...payment, reference: 'R2' }, 1)).not.toBe(text);
    expect(JSON.parse(text)).toMatchObject({ type: 'payment', format: 1, amount: 500, method: 'card' });

    const refund = { id: 'ref_1', organization_id: 'org_1', payment_id: 'pay_1', invoice_id: 'inv_1', amount: 100, reason: 'r', date: '2026-11-24', created_at: 't' };
    expect(JSON.parse(canonicalRefund(refund, 1))).toMatchObject({ type: 'refund', amount: 100, payment_id: 'pay_1' });

    const note = {
      id: 'crn_1', organization_id: 'org_1', invoice_id: 'inv_1', customer_id: 'cus_1', number: 'CN-1', currency: 'EUR', reason: 'r',
      issue_date: '2026-11-24', subtotal: 100, tax_total: 19, total: 119, applied_amount: 119, credit_amount: 0, taxes: '[]', lines: '[{"description":"x"}]',
      customer_snapshot: '{}', seller_snapshot: '{}', branding_snapshot: null, created_at: 't',
    };
    expect(JSON.parse(canonicalCreditNote(note, 1))).toMatchObject({ type: 'credit_note', number: 'CN-1', total: 119, lines: [{ description: 'x' }] });
  });
});

describe('canonical documents (format 2, e-invoice fields)', () => {
  const eInvoice = { buyer_reference: 'L-1', purchase_order_reference: 'PO-1', delivery_date: '2026-11-20', period_start: '2026-11-01', period_end: '2026-11-30' };
  const eLine = { unit_code: 'HUR', base_quantity: '1', period_start: null, period_end: null, tax_exemption_reason_code: null };

  it('format 1 ignores the new columns, so entries written before them still verify', () => {
    expect(canonicalInvoice({ ...invoice, ...eInvoice }, [{ ...line(1, 7500), ...eLine }], [], 1)).toBe(canonicalInvoice(invoice, [line(1, 7500)], [], 1));
  });

  it('format 2 covers them: changing any changes the form', () => {
    const base = canonicalInvoice({ ...invoice, ...eInvoice }, [{ ...line(1, 7500), ...eLine }], [], 2);
    expect(JSON.parse(base)).toMatchObject({ format: 2, buyer_reference: 'L-1', period_end: '2026-11-30', lines: [{ unit_code: 'HUR', base_quantity: '1' }] });
    for (const changed of [{ buyer_reference: 'L-2' }, { purchase_order_reference: null }, { delivery_date: '2026-11-21' }, { period_start: null }]) {
      expect(canonicalInvoice({ ...invoice, ...eInvoice, ...changed }, [{ ...line(1, 7500), ...eLine }], [], 2)).not.toBe(base);
    }
    for (const changed of [{ unit_code: 'C62' }, { base_quantity: '100' }, { period_end: '2026-11-30' }, { tax_exemption_reason_code: 'VATEX-EU-O' }]) {
      expect(canonicalInvoice({ ...invoice, ...eInvoice }, [{ ...line(1, 7500), ...eLine, ...changed }], [], 2)).not.toBe(base);
    }
    expect(() => canonicalInvoice(invoice, [], [], 3)).toThrow(/unknown chain format/);
  });
});
