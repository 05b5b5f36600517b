import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MerchantRecord } from '../../src/record/merchant-record.js';
import { RecordArenaBuilder, recordArena, recordJson } from '../../src/store/record-arena.js';
import { BLANK_RECORD } from '../fixtures/blank-record.js';

const text = fc.string({ unit: fc.oneof(fc.constantFrom('沙', '县', '小', '吃', '"', '\\', '\n', '\ud800', 'é'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 30 });
const record: fc.Arbitrary<MerchantRecord> = fc.record({ merchant_id: text, name: text, address: text }).map((r) => ({ ...BLANK_RECORD, ...r }));

describe('recordArena', () => {
  it('holds each record as its JSON text in UTF-8, an arena unchanged by the ones made after it', () => {
    fc.assert(
      fc.property(fc.array(fc.array(record, { maxLength: 20 }), { minLength: 1, maxLength: 4 }), (shards) => {
        const arenas = shards.map((records) => recordArena(records));
        shards.forEach((records, s) => {
          const arena = arenas[s]!;
          expect(arena.offsets.length).toBe(records.length + 1);
          expect(arena.offsets[records.length]).toBe(Buffer.byteLength(records.map((r) => JSON.stringify(r)).join(''), 'utf8'));
          records.forEach((r, i) => expect(recordJson(arena, i)).toBe(JSON.stringify(r)));
        });
      }),
    );
  });

  it('grows past its starting buffer for a shard of large records', () => {
    const records = Array.from({ length: 50 }, (_, i) => ({ ...BLANK_RECORD, merchant_id: `M${i}`, address: '杭州市西湖区'.repeat(500 + i) }));
    const arena = recordArena(records);
    expect(arena.bytes.length).toBeGreaterThan(1 << 16);
    records.forEach((r, i) => expect(JSON.parse(recordJson(arena, i))).toEqual(r));
  });

  it('a builder used after a newer one on its thread throws instead of writing over it', () => {
    const older = new RecordArenaBuilder();
    older.add({ ...BLANK_RECORD, merchant_id: 'M1', name: '沙县小吃' });
    const newer = new RecordArenaBuilder();
    newer.add({ ...BLANK_RECORD, merchant_id: 'M2', name: '兰州拉面' });
    expect(() => older.add({ ...BLANK_RECORD, merchant_id: 'M3', name: 'x' })).toThrow(/newer one/);
    expect(() => older.finish()).toThrow(/newer one/);
    expect(JSON.parse(recordJson(newer.finish(), 0)).merchant_id).toBe('M2');
  });
});
