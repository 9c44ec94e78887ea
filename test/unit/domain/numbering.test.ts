import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDocumentNumber, numberFormatProblem, sequenceScope } from '../../../src/domain/numbering.ts';

describe('document number formats', () => {
  it('accepts formats with exactly one sequence placeholder', () => {
    for (const ok of ['INV-{YYYY}-{SEQ:5}', '{SEQ}', 'RE {YY}/{MM}/{DD}-{SEQ:3}', 'A_1.{SEQ:12}#']) expect(numberFormatProblem(ok), ok).toBeNull();
  });

  it('explains what is wrong with a bad format', () => {
    expect(numberFormatProblem('INV-{YYYY}')).toContain('exactly one {SEQ}');
    expect(numberFormatProblem('{SEQ}-{SEQ}')).toContain('exactly one {SEQ}');
    expect(numberFormatProblem('{SEQ:0}')).toContain('between 1 and 12');
    expect(numberFormatProblem('{SEQ:13}')).toContain('between 1 and 12');
    expect(numberFormatProblem('{FOO}{SEQ}')).toContain('unknown placeholder {FOO}');
    expect(numberFormatProblem('{YYYY:2}{SEQ}')).toContain('unknown placeholder');
    expect(numberFormatProblem('{SEQ}}')).toContain('unmatched');
    expect(numberFormatProblem('<b>{SEQ}</b>')).toContain('may only contain');
    expect(numberFormatProblem('')).toContain('1 to 60');
    expect(numberFormatProblem('x'.repeat(61))).toContain('1 to 60');
  });

  it('formats numbers from the sequence and the issue date', () => {
    expect(formatDocumentNumber('INV-{YYYY}-{SEQ:5}', 42, '2026-03-09')).toBe('INV-2026-00042');
    expect(formatDocumentNumber('RE{YY}{MM}{DD}-{SEQ}', 7, '2026-03-09')).toBe('RE260309-7');
    expect(formatDocumentNumber('{SEQ:3}', 12345, '2026-03-09')).toBe('12345');
  });

  it('restarts a series yearly only when the format shows the year', () => {
    expect(sequenceScope('INV-{YYYY}-{SEQ:5}', '2026-12-31')).toBe('2026');
    expect(sequenceScope('INV-{YY}{SEQ}', '2027-01-01')).toBe('2027');
    expect(sequenceScope('INV-{MM}-{SEQ}', '2027-01-01')).toBe('');
  });

  it('gives distinct numbers for distinct sequence values in one scope (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), (a, b) => {
        fc.pre(a !== b);
        return formatDocumentNumber('INV-{YYYY}-{SEQ:5}', a, '2026-01-01') !== formatDocumentNumber('INV-{YYYY}-{SEQ:5}', b, '2026-01-01');
      }),
    );
  });
});
