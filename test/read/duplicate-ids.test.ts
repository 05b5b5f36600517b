import { describe, expect, it } from 'vitest';
import { DuplicateIds } from '../../src/read/duplicate-ids.js';

describe('DuplicateIds', () => {
  it('remembers the first line of each id and rejects repeats naming it', () => {
    const ids = new DuplicateIds();
    expect(ids.check('M1', 2)).toBeNull();
    expect(ids.check('M2', 3)).toBeNull();
    expect(ids.check('M1', 9)).toEqual({ line: 9, merchant_id: 'M1', field: 'merchant_id', reason: 'merchant_id: duplicate of line 2' });
    expect(ids.check('M1', 12)!.reason).toBe('merchant_id: duplicate of line 2');
    expect(ids.size).toBe(2);
  });

  it('tells ids apart exactly across its shards', () => {
    const ids = new DuplicateIds();
    for (let i = 0; i < 5000; i++) expect(ids.firstLineOf(`商户${i}`, i + 1)).toBe(0);
    for (let i = 0; i < 5000; i++) expect(ids.firstLineOf(`商户${i}`, 99_999)).toBe(i + 1);
    expect(ids.size).toBe(5000);
  });
});
