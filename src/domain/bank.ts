/**
 * Bank details printed on invoices so customers can pay: IBAN (ISO 13616) checked by its
 * mod-97 check digits, so a mistyped digit is caught before it reaches a customer, and
 * BIC (ISO 9362) by its shape.
 */

/** The IBAN as stored and checked: no spaces, upper case. */
export function normaliseIban(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

/** Groups of four for printing: DE89 3704 0044 0532 0130 00. */
export function formatIban(iban: string): string {
  return normaliseIban(iban).replace(/(.{4})(?=.)/g, '$1 ');
}

/** Why a (normalised) IBAN is not valid, or null when it is. */
export function ibanProblem(iban: string): string | null {
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(iban)) {
    return 'must be an IBAN: a country code, two check digits and up to 30 letters or digits';
  }
  // Move the first four characters to the end, letters become 10..35, and the number mod 97 must be 1.
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1 ? null : 'is not a valid IBAN (its check digits do not match)';
}

export function normaliseBic(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/** Why a (normalised) BIC is not valid, or null when it is. */
export function bicProblem(bic: string): string | null {
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic) ? null : 'must be a BIC of 8 or 11 characters, such as DEUTDEFF or DEUTDEFF500';
}
