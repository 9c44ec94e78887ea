import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../../src/modules/auth/password-policy.ts';

const ann = { email: 'ann.smith@acme.example', name: 'Ann Smith' };

describe('password policy', () => {
  it.each([
    ['1234567890', /too easy to guess/],
    ['password12', /too easy to guess/],
    ['qwertyuiop', /too easy to guess/],
    ['aaaaaaaaaaaa', /too easy to guess/],
    ['          ', /only spaces/],
    ['short', /at least 10 characters/],
    ['ann.smith@acme.example', /not be your e-mail address or name/],
    ['ANN.SMITH@ACME.EXAMPLE', /not be your e-mail address or name/],
    ['ann smith ', /at least 10 characters|not be your e-mail address or name/],
    ['annsmith2024', /too easy to guess/],
  ])('refuses %j and says why', async (password, reason) => {
    expect(await passwordProblem(password, ann)).toMatch(reason);
  });

  it('counts the person’s own name and address as guessable words', async () => {
    expect(await passwordProblem('annsmith2024', { email: 'bob@example.com', name: 'Bob Jones' })).toBeNull();
    expect(await passwordProblem('annsmith2024', ann)).toMatch(/too easy to guess/);
  });

  it.each(['correct horse battery staple', 'vanilla-otter-sunrise-42', 'Tr0ub4dor&3xyz', 'ledger in the spring rain'])('accepts %j', async (password) => {
    expect(await passwordProblem(password, ann)).toBeNull();
  });

  it('caps the length', async () => {
    expect(await passwordProblem('x'.repeat(257))).toMatch(/at most 256/);
  });
});
