import { describe, expect, it } from 'vitest';
import { KeyKind, kindOf } from '../../src/candidates/key-kinds.js';
import { leadingDistinctiveBigram, PartitionedKeys, RecordKeyEmitter, type KeySource } from '../../src/candidates/record-keys.js';
import { tradeWordHashes } from '../../src/candidates/trade-words.js';
import { createSketchParams } from '../../src/sketch/minhash-params.js';
import { shingleHashes } from '../../src/sketch/shingles.js';
import { GrowableU32 } from '../../src/store/growable-array.js';

const params = createSketchParams({ numPerm: 32, threshold: 0.6 });
const source = (over: Partial<KeySource>): KeySource => ({
  nameCore: '',
  cityCode: '3301',
  geoCell: NaN,
  street: '',
  phones: [],
  uscc: '',
  idNumber: '',
  bankAccount: '',
  terminals: [],
  ...over,
});

/** The keys one record emits, as `kind:hi:lo` strings. */
function keysOf(src: KeySource): string[] {
  const out = [new GrowableU32(), new GrowableU32()];
  new RecordKeyEmitter(params, new PartitionedKeys(out)).emit(src, 0);
  const keys: string[] = [];
  for (const g of out) for (let i = 0; i < g.length; i += 3) keys.push(`${kindOf(g.data[i]!)}:${g.data[i]!}:${g.data[i + 1]!}`);
  return keys.sort();
}

const bands = (keys: string[]): string[] => keys.filter((k) => k.startsWith(`${KeyKind.NameBand}:`));

describe('RecordKeyEmitter', () => {
  it('emits one band key per band, scoped to the city', () => {
    const hz = bands(keysOf(source({ nameCore: '鑫源商贸' })));
    expect(hz).toHaveLength(params.bands);
    const sh = bands(keysOf(source({ nameCore: '鑫源商贸', cityCode: '3101' })));
    expect(sh.filter((k) => hz.includes(k))).toEqual([]);
  });

  it('leaves trade-word bigrams out of the sketch, but sketches a name made only of them', () => {
    const hashes = tradeWordHashes();
    const out = new Uint32Array(4);
    shingleHashes('面馆', 2, out);
    expect(hashes.has(out[0]!)).toBe(true);
    // 张记面馆 keeps {张记, 记面}: exactly the shingles of 张记面, so both sketch alike.
    expect(bands(keysOf(source({ nameCore: '张记面馆' })))).toEqual(bands(keysOf(source({ nameCore: '张记面' }))));
    expect(bands(keysOf(source({ nameCore: '超市' })))).toHaveLength(params.bands);
  });

  it('emits exact keys for each strong field and none for missing ones', () => {
    const keys = keysOf(source({ phones: ['13812345678', '82876229'], uscc: '91350100M000100Y43', terminals: ['SN1'] }));
    const kinds = keys.map((k) => Number(k.split(':')[0]));
    expect(kinds.filter((k) => k === KeyKind.Phone)).toHaveLength(2);
    expect(kinds.filter((k) => k === KeyKind.Uscc)).toHaveLength(1);
    expect(kinds.filter((k) => k === KeyKind.Terminal)).toHaveLength(1);
    expect(kinds.filter((k) => k === KeyKind.IdNumber || k === KeyKind.BankAccount || k === KeyKind.NameBand)).toHaveLength(0);
  });

  it('keys the first distinctive bigram of a name within its geo cell', () => {
    const nameCell = (keys: string[]): string[] => keys.filter((k) => k.startsWith(`${KeyKind.NameCell}:`));
    const short = nameCell(keysOf(source({ nameCore: '湖州佬', geoCell: 12345 })));
    expect(short).toHaveLength(1);
    expect(nameCell(keysOf(source({ nameCore: '湖州佬龙虾羊排', geoCell: 12345 })))).toEqual(short);
    expect(nameCell(keysOf(source({ nameCore: '湖州佬', geoCell: 12346 })))).not.toEqual(short);
    expect(nameCell(keysOf(source({ nameCore: '湖州佬' })))).toEqual([]);
  });
});

describe('leadingDistinctiveBigram', () => {
  it('skips trade words, and gives nothing for a name made only of them', () => {
    expect(leadingDistinctiveBigram('超市百乡缘')).toBe('百乡');
    expect(leadingDistinctiveBigram('湖州佬')).toBe('湖州');
    expect(leadingDistinctiveBigram('超市')).toBe('');
    expect(leadingDistinctiveBigram('店')).toBe('');
  });
});
