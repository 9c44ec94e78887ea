import { describe, expect, it } from 'vitest';
import { bicProblem, formatIban, ibanProblem, normaliseBic, normaliseIban } from '../../../src/domain/bank.ts';

describe('IBAN', () => {
  it.each(['DE89370400440532013000', 'GB82WEST12345698765432', 'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'MT84MALT011000012345MTLCAST001S'])(
    'accepts the valid IBAN %s',
    (iban) => expect(ibanProblem(iban)).toBeNull(),
  );

  it('normalises spaces, dashes and case before checking', () => {
    expect(normaliseIban(' de89 3704-0044 0532 0130 00 ')).toBe('DE89370400440532013000');
    expect(formatIban('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
  });

  it('refuses a single wrong digit or swapped digits (mod 97)', () => {
    expect(ibanProblem('DE89370400440532013001')).toMatch(/check digits/);
    expect(ibanProblem('DE89370400440532010300')).toMatch(/check digits/);
    expect(ibanProblem('DE88370400440532013000')).toMatch(/check digits/);
  });

  it('refuses what does not look like an IBAN', () => {
    for (const bad of ['', 'DE89', '1289370400440532013000', 'DE8937040044053201300!', 'D E89', 'DE89' + '1'.repeat(31)]) {
      expect(ibanProblem(bad), bad).toMatch(/must be an IBAN/);
    }
  });
});

describe('BIC', () => {
  it('accepts 8 and 11 characters', () => {
    expect(bicProblem('DEUTDEFF')).toBeNull();
    expect(bicProblem('DEUTDEFF500')).toBeNull();
    expect(bicProblem(normaliseBic('deut de ff'))).toBeNull();
  });

  it('refuses other lengths and shapes', () => {
    for (const bad of ['DEUTDEF', 'DEUTDEFF50', 'DEUTDEFF5000', '1EUTDEFF', 'DEUT1EFF', 'DEUTDEF!']) expect(bicProblem(bad), bad).not.toBeNull();
  });
});
