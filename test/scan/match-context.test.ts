import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordKeys } from '../../src/candidates/record-keys.js';
import { generateCorpus } from '../../src/generate/index.js';
import { normalizeRecord } from '../../src/normalize/normalize-record.js';
import type { MerchantRecord } from '../../src/record/merchant-record.js';
import { scanCorpus, type ScanResult } from '../../src/scan/scan-corpus.js';
import { keySourceOf } from '../../src/store/append-merchant.js';
import { TextColumn } from '../../src/store/feature-columns.js';
import { textOf } from '../../src/store/feature-store.js';
import { contextFromKeyCounts, GENERIC_VALUE_MIN_RECORDS, keyId } from '../../src/verify/match-context.js';
import { emptyEvidence, verifyPair } from '../../src/verify/verify-pair.js';
import { BLANK_RECORD } from '../fixtures/blank-record.js';

/**
 * Unrelated fruit stalls of one city, registered by one agent who gave his own phone for all of them
 * (some beside the stall's own mobile). A shared phone on top of a shared generic name would pair them.
 */
function agentPhoneShops(n: number): MerchantRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    ...BLANK_RECORD,
    merchant_id: `AGENT${String(i).padStart(3, '0')}`,
    name: '水果店',
    city: '杭州市',
    phone: i % 2 === 0 ? '13800000000' : `13800000000;139${String(10_000_000 + i).slice(0, 8)}`,
  }));
}

let records: MerchantRecord[];
let input: string;
let scan: ScanResult;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'match-context-'));
  await generateCorpus({ n: 3000, seed: 5, outDir: dir });
  records = (await readFile(join(dir, 'merchants.ndjson'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as MerchantRecord);
  records.push(...agentPhoneShops(GENERIC_VALUE_MIN_RECORDS + 1));
  input = join(dir, 'with-agent.ndjson');
  await writeFile(input, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  scan = await scanCorpus({ kind: 'file', path: input, format: 'ndjson' }, { threads: 2, keepKeyCounts: true });
});

describe('the match context of one record', () => {
  it('is the same from persisted key counts as from the batch scan, for every record, and so are the scores', () => {
    const counts = new Map<string, number>();
    for (const part of scan.keyCounts) for (let i = 0; i + 3 < part.length; i += 4) counts.set(keyId(part[i]!, part[i + 1]!), part[i + 3]!);
    const byId = new Map(records.map((r) => [r.merchant_id, r]));
    const keys = Array.from({ length: scan.store.count }, (_, g) => {
      const r = byId.get(textOf(scan.store, g, TextColumn.MerchantId))!;
      return recordKeys(keySourceOf(normalizeRecord(r)), scan.params.sketch);
    });
    // A key not in the counts is carried by this record alone.
    const online = contextFromKeyCounts(keys, (hi, lo) => counts.get(keyId(hi, lo)) ?? 1, scan.params.generic_min, scan.params.weights_table);
    expect(Array.from(online.nameFrequency)).toEqual(Array.from(scan.context.nameFrequency));
    expect(Array.from(online.generic)).toEqual(Array.from(scan.context.generic));
    expect([...online.genericKeys].sort()).toEqual([...scan.context.genericKeys].sort());

    const ev = emptyEvidence();
    for (let i = 0; i < scan.pairs.count; i++) {
      const score = verifyPair(scan.store, online, scan.pairs.a[i]!, scan.pairs.b[i]!, ev).score;
      expect(Math.fround(score)).toBe(scan.pairs.score[i]);
    }
  });

  it('treats a phone carried by more than the generic limit as no evidence, and names it masked in the summary', () => {
    const agent = new Set(agentPhoneShops(GENERIC_VALUE_MIN_RECORDS + 1).map((r) => r.merchant_id));
    for (let i = 0; i < scan.pairs.count; i++) {
      const a = textOf(scan.store, scan.pairs.a[i]!, TextColumn.MerchantId);
      const b = textOf(scan.store, scan.pairs.b[i]!, TextColumn.MerchantId);
      expect(agent.has(a) && agent.has(b), `${a} ~ ${b}`).toBe(false);
    }
    expect(scan.summary.generic_values).toContainEqual({ kind: 'phone', value: '138******00', records: GENERIC_VALUE_MIN_RECORDS + 1 });
    expect(JSON.stringify(scan.summary)).not.toContain('13800000000');
  });

  it('pairs the same stalls when the phone is not generic: the rule, not the names, keeps them apart', async () => {
    const lenient = await scanCorpus({ kind: 'file', path: input, format: 'ndjson' }, { threads: 1, genericMin: 1000 });
    let agentPairs = 0;
    for (let i = 0; i < lenient.pairs.count; i++) {
      if (textOf(lenient.store, lenient.pairs.a[i]!, TextColumn.MerchantId).startsWith('AGENT')) agentPairs++;
    }
    expect(agentPairs).toBeGreaterThan(0);
  });
});
