import { describe, expect, it } from 'vitest';
import { findBadText } from '../../../src/server/text-guard.ts';

describe('findBadText (the text guard)', () => {
  it('accepts ordinary text, emoji and other well-formed surrogate pairs', () => {
    expect(findBadText({ name: 'Café 😀 𝄞', lines: [{ description: '👩‍👩‍👧' }], n: 1, ok: true, none: null }, 'body')).toBeNull();
  });

  it.each([
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', 'a\udfffb'],
    ['a pair in the wrong order', '\ude00\ud83d'],
    ['a high surrogate at the end after a good pair', '😀\ud83d'],
  ])('refuses %s and names the field', (_label, text) => {
    expect(findBadText({ lines: [{ description: text }] }, 'body')).toEqual({ path: 'lines.0.description', message: expect.stringContaining('surrogate') });
  });

  it('checks query strings and route parameters by their own names', () => {
    expect(findBadText({ q: 'x\udc00' }, 'query')).toMatchObject({ path: 'q' });
    expect(findBadText({ id: '\ud800' }, 'params')).toMatchObject({ path: 'id' });
    expect(findBadText('\ud800', 'body')).toMatchObject({ path: 'body' });
  });

  it('checks property names, naming the object that holds them rather than the bad key', () => {
    expect(findBadText({ address: { '\ud800': 'x' } }, 'body')).toEqual({ path: 'address', message: expect.stringContaining('property name') });
    expect(findBadText({ 'a\u0000': 1 }, 'query')).toEqual({ path: 'query', message: expect.stringContaining('NUL') });
  });

  it('still refuses NUL characters', () => {
    expect(findBadText({ name: 'A\u0000B' }, 'body')).toEqual({ path: 'name', message: 'must not contain NUL characters' });
  });
});
