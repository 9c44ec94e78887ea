import { describe, expect, it } from 'vitest';
import { EPC_MAX_BYTES, epcAmount, epcPayload } from '../../../src/domain/epc-qr.ts';

const IBAN = 'DE89370400440532013000';

describe('EPC QR payload (EPC069-12, version 002)', () => {
  it('builds the lines in order, with BIC, amount and the invoice number', () => {
    const payload = epcPayload({ name: 'Acme GmbH', iban: 'de89 3704 0044 0532 0130 00', bic: 'cobadeffxxx', currency: 'EUR', amountMinor: 1234n, remittance: 'INV-2026-00001' });
    expect(payload).toBe(['BCD', '002', '1', 'SCT', 'COBADEFFXXX', 'Acme GmbH', IBAN, 'EUR12.34', '', '', 'INV-2026-00001'].join('\n'));
  });

  it('leaves the BIC empty when there is none or it is malformed', () => {
    expect(epcPayload({ name: 'A', iban: IBAN, currency: 'EUR', amountMinor: 100n, remittance: 'X' })?.split('\n')[4]).toBe('');
    expect(epcPayload({ name: 'A', iban: IBAN, bic: 'nope', currency: 'EUR', amountMinor: 100n, remittance: 'X' })?.split('\n')[4]).toBe('');
  });

  it('has no code for another currency, an invalid IBAN or no name', () => {
    expect(epcPayload({ name: 'A', iban: IBAN, currency: 'USD', amountMinor: 100n })).toBeNull();
    expect(epcPayload({ name: 'A', iban: 'DE89370400440532013001', currency: 'EUR', amountMinor: 100n })).toBeNull();
    expect(epcPayload({ name: '  ', iban: IBAN, currency: 'EUR', amountMinor: 100n })).toBeNull();
  });

  it.each([
    [1n, 'EUR0.01'],
    [5n, 'EUR0.05'],
    [100n, 'EUR1.00'],
    [123456n, 'EUR1234.56'],
    [99_999_999_999n, 'EUR999999999.99'],
  ])('formats %s cents as %s', (cents, text) => {
    expect(epcAmount(cents)).toBe(text);
  });

  it.each([0n, -5n, 100_000_000_000n])('carries no amount for %s cents', (cents) => {
    expect(epcAmount(cents)).toBeNull();
    const payload = epcPayload({ name: 'A', iban: IBAN, currency: 'EUR', amountMinor: cents, remittance: 'INV-1' });
    expect(payload?.split('\n')[7]).toBe('');
    expect(payload?.split('\n')[10]).toBe('INV-1');
  });

  it('drops trailing empty lines when there is no remittance text', () => {
    expect(epcPayload({ name: 'A', iban: IBAN, currency: 'EUR', amountMinor: 100n })).toBe(['BCD', '002', '1', 'SCT', '', 'A', IBAN, 'EUR1.00'].join('\n'));
  });

  it('cuts the name at 70 characters and the remittance at 140, between letters', () => {
    const payload = epcPayload({ name: 'Ä'.repeat(90), iban: IBAN, currency: 'EUR', amountMinor: 100n, remittance: 'ü'.repeat(200) }) ?? '';
    const lines = payload.split('\n');
    expect([...(lines[5] ?? '')]).toHaveLength(70);
    expect([...(lines[10] ?? '')].length).toBeLessThanOrEqual(140);
    expect(Buffer.byteLength(payload, 'utf8')).toBeLessThanOrEqual(EPC_MAX_BYTES);
    expect(payload).not.toContain('\uFFFD');
  });

  it('never passes 331 bytes and keeps one line per field for any input', () => {
    const samples = ['', 'a', 'x\ny', '€'.repeat(300), '𝄞'.repeat(150)];
    for (const name of samples) {
      for (const remittance of samples) {
        const payload = epcPayload({ name: name || 'N', iban: IBAN, bic: 'DEUTDEFF', currency: 'EUR', amountMinor: 99_999_999_999n, remittance });
        expect(payload).not.toBeNull();
        expect(Buffer.byteLength(payload ?? '', 'utf8')).toBeLessThanOrEqual(EPC_MAX_BYTES);
        expect((payload ?? '').split('\n').length).toBeLessThanOrEqual(11);
      }
    }
  });
});
