import { decodeTime, isValid } from 'ulidx';
import { describe, expect, it } from 'vitest';
import { newId, ulid } from '../../src/shared/ids.ts';

describe('ids', () => {
  it('are a prefix and a lower-case ULID carrying the time', () => {
    const before = Date.now();
    const id = newId('inv');
    expect(id).toMatch(/^inv_[0-9a-hjkmnp-tv-z]{26}$/);
    const text = id.slice(4).toUpperCase();
    expect(isValid(text)).toBe(true);
    expect(decodeTime(text)).toBeGreaterThanOrEqual(before);
    expect(decodeTime(text)).toBeLessThanOrEqual(Date.now());
  });

  it('sort in creation order, also many within one millisecond and when the clock steps back', () => {
    const t = Date.now() + 1000;
    const ids = [ulid(t), ulid(t), ulid(t), ulid(t - 5), ulid(t + 1), ...Array.from({ length: 5000 }, () => ulid(t + 1))];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(decodeTime(ids[3]?.toUpperCase() ?? '')).toBe(t);
  });

  it('spread their random characters over the whole alphabet', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) for (const ch of newId('cus').slice(14)) seen.add(ch);
    expect(seen.size).toBe(32);
  });
});
