import { describe, expect, it } from 'vitest';
import { normalizeRecord } from '../../src/normalize/normalize-record.js';
import { appendMerchant } from '../../src/store/append-merchant.js';
import { FeatureStoreBuilder } from '../../src/store/feature-store-builder.js';
import { keepBestCrossMatches } from '../../src/verify/best-match.js';
import { CODES_PER_PAIR, NUMBERS_PER_PAIR, type VerifiedPairs } from '../../src/verify/verified-pairs.js';
import { BLANK_RECORD } from '../fixtures/blank-record.js';

function storeOf(ids: readonly string[]) {
  const builder = new FeatureStoreBuilder();
  ids.forEach((id, i) => {
    const rec = { ...BLANK_RECORD, merchant_id: id, name: `店${i}` };
    appendMerchant(builder, rec, normalizeRecord(rec), i + 1);
  });
  return builder.toShared();
}

function pairsOf(list: readonly (readonly [number, number, number])[]): VerifiedPairs {
  const n = list.length;
  const p: VerifiedPairs = {
    count: n,
    a: Uint32Array.from(list.map((x) => x[0])),
    b: Uint32Array.from(list.map((x) => x[1])),
    score: Float32Array.from(list.map((x) => x[2])),
    numbers: new Float32Array(n * NUMBERS_PER_PAIR),
    codes: new Uint8Array(n * CODES_PER_PAIR),
  };
  list.forEach((_, i) => p.codes.fill(i + 1, i * CODES_PER_PAIR, (i + 1) * CODES_PER_PAIR));
  return p;
}

const kept = (p: VerifiedPairs): string[] => Array.from({ length: p.count }, (_, i) => `${p.a[i]}-${p.b[i]}`);

describe('keepBestCrossMatches', () => {
  // 0 dp1, 1 dp2, 2 gd1, 3 gd2, 4 other
  const store = storeOf(['dp1', 'dp2', 'gd1', 'gd2', 'x9']);

  it('keeps each record\'s clearly best cross-source pair and drops the weaker ones', () => {
    const out = keepBestCrossMatches(store, pairsOf([[0, 2, 0.99], [1, 2, 0.7], [1, 3, 0.95]]), ['dp', 'gd']);
    expect(kept(out)).toEqual(['0-2', '1-3']);
    // Evidence travels with its pair.
    expect(out.codes[CODES_PER_PAIR]).toBe(3);
  });

  it('keeps near ties, pairs inside one source and records of neither source', () => {
    const out = keepBestCrossMatches(store, pairsOf([[0, 2, 0.9], [1, 2, 0.89], [0, 1, 0.6], [2, 4, 0.55]]), ['dp', 'gd']);
    expect(kept(out)).toEqual(['0-2', '1-2', '0-1', '2-4']);
  });
});
