/**
 * The EPC QR code ("GiroCode") payload: a SEPA credit transfer a customer's banking app
 * fills in by scanning (EPC069-12, version 002). Lines, separated by LF:
 *
 *   BCD · 002 · 1 (UTF-8) · SCT · BIC (optional in version 002) · beneficiary name (≤ 70)
 *   · IBAN · amount "EUR12.34" (optional; 0.01–999999999.99) · purpose (empty)
 *   · structured reference (empty) · remittance text (≤ 140; here the invoice number)
 *
 * The whole payload is at most 331 bytes. Pure: the caller renders it (uqr).
 */
import { bicProblem, ibanProblem, normaliseBic, normaliseIban } from './bank.ts';

export const EPC_MAX_BYTES = 331;
const MAX_NAME = 70;
const MAX_REMITTANCE = 140;
const MAX_CENTS = 99_999_999_999n;

export interface EpcTransfer {
  /** The beneficiary (account holder, else the organization's name). */
  name: string;
  iban: string;
  bic?: string | null;
  /** ISO 4217; only EUR has an EPC QR code. */
  currency: string;
  /** The amount in minor units (cents); outside 0.01–999999999.99 the code carries no amount. */
  amountMinor?: bigint | null;
  /** Unstructured remittance information, e.g. the invoice number. */
  remittance?: string | null;
}

/** Characters, not UTF-16 units: a name is cut between letters, never inside one. */
function cut(text: string, max: number): string {
  const chars = [...text.replace(/[\r\n]+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : chars.slice(0, max).join('').trim();
}

const encoder = new TextEncoder();
function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** "EUR12.34" for 1234 cents; null outside the range the standard allows. */
export function epcAmount(cents: bigint): string | null {
  if (cents < 1n || cents > MAX_CENTS) return null;
  const fraction = String(cents % 100n).padStart(2, '0');
  return `EUR${cents / 100n}.${fraction}`;
}

/**
 * The payload, or null when there can be no code: not EUR, no valid IBAN, no beneficiary
 * name. An invalid BIC is left out (it is optional). The remittance text is shortened if
 * the payload would pass 331 bytes.
 */
export function epcPayload(transfer: EpcTransfer): string | null {
  if (transfer.currency !== 'EUR') return null;
  const iban = normaliseIban(transfer.iban);
  if (ibanProblem(iban) !== null) return null;
  const name = cut(transfer.name, MAX_NAME);
  if (name === '') return null;
  const bic = transfer.bic ? normaliseBic(transfer.bic) : '';
  const amount = transfer.amountMinor === undefined || transfer.amountMinor === null ? null : epcAmount(transfer.amountMinor);
  let remittance = [...cut(transfer.remittance ?? '', MAX_REMITTANCE)];
  let beneficiary = [...name];
  const build = () =>
    ['BCD', '002', '1', 'SCT', bic !== '' && bicProblem(bic) === null ? bic : '', beneficiary.join(''), iban, amount ?? '', '', '', remittance.join('')].join('\n').replace(/\n+$/, '');
  let payload = build();
  // Too long (only with many multi-byte characters): the remittance text gives way first, then the name.
  while (utf8Length(payload) > EPC_MAX_BYTES) {
    if (remittance.length > 0) remittance = remittance.slice(0, -1);
    else beneficiary = beneficiary.slice(0, -1);
    payload = build();
  }
  return payload;
}
