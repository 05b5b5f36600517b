import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/generate/index.js';
import type { IngestTask } from '../../src/pool/messages.js';
import { parseChunk } from '../../src/read/parse-chunk.js';
import { ingestShard } from '../../src/scan/ingest-shard.js';
import { createSketchParams } from '../../src/sketch/index.js';
import { recordJson } from '../../src/store/record-arena.js';

let lines: string[];

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ingest-records-'));
  await generateCorpus({ n: 600, seed: 9, outDir: dir });
  lines = (await readFile(join(dir, 'merchants.ndjson'), 'utf8')).trimEnd().split('\n');
});

function task(chunk: Uint8Array, keepRecords: boolean): IngestTask {
  return {
    shard: 0, source: { bytes: chunk }, file: 'merchants.ndjson', format: 'ndjson', firstLine: 1, header: null, columnMap: null,
    sketch: createSketchParams({}), keyPartitions: 3, stopOnError: false, keepRecords,
  };
}

describe('the records a table scan keeps (records_g<N>), encoded as ingest reads them', () => {
  it('hold every accepted record of the shard, in order, as the parser reads it; rejects and unreadable fields as the parser leaves them', () => {
    // Rejected lines (no name, not JSON, a repeated field's bad type) and an unreadable optional field among good ones.
    // Eight rounds of the corpus: more records than the builder's first offsets buffer holds (4,096).
    const mixed = Array.from({ length: 8 }, () => lines).flat().flatMap((l, i) => {
      if (i % 97 === 5) return ['{"merchant_id":"X' + i + '","name":""}', l];
      if (i % 89 === 7) return ['{not json', l];
      if (i % 83 === 11) return [l.replace(/"lat":[^,]+/, '"lat":"north"')];
      return [l];
    });
    const bytes = Buffer.from(mixed.join('\n') + '\n');
    const expected = parseChunk(bytes, { format: 'ndjson', firstLine: 1 });
    expect(expected.rejects.length).toBeGreaterThan(10);
    expect(expected.warnings.length).toBeGreaterThan(5);
    const r = ingestShard(task(bytes, true), false);
    const arena = r.records!;
    expect(expected.records.length).toBeGreaterThan(4_096);
    expect(arena.offsets.length).toBe(expected.records.length + 1);
    expected.records.forEach((record, i) => expect(recordJson(arena, i)).toBe(JSON.stringify(record)));
    expect(r.store.count).toBe(expected.records.length);
    // A scan that writes no records table builds none.
    expect(ingestShard(task(bytes, false), false).records).toBeNull();
  });

  it('hold the records of a COPY stream (CSV, values spanning lines, characters of 3 and 4 UTF-8 bytes) as the parser reads them', () => {
    const fields = ['merchant_id', 'name', 'uscc', 'legal_person', 'id_number', 'phone', 'bank_account', 'province', 'city', 'district', 'address', 'lat', 'lng', 'coord_sys', 'mcc', 'terminal_sns', 'created_at', 'channel'];
    const cell = (v: unknown): string => {
      const t = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v);
      return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
    };
    const rows = lines.map((l, i) => {
      const r = JSON.parse(l) as Record<string, unknown>;
      if (i % 7 === 3) r.address = `${String(r.address ?? '')}\n二楼 "东" 😀`;
      if (i % 101 === 9) r.name = '';
      return fields.map((f) => cell(r[f])).join(',');
    });
    const bytes = Buffer.from([fields.join(','), ...rows].join('\n') + '\n');
    const csvTask: IngestTask = { ...task(bytes, true), format: 'csv', file: 'merchants' };
    const expected = parseChunk(bytes, { format: 'csv', firstLine: 1, wellFormed: true });
    expect(expected.multiLine.length).toBeGreaterThan(100);
    expect(expected.rejects.length).toBeGreaterThan(3);
    const arena = ingestShard(csvTask, false).records!;
    expect(arena.offsets.length).toBe(expected.records.length + 1);
    expected.records.forEach((record, i) => expect(recordJson(arena, i)).toBe(JSON.stringify(record)));
    expect(expected.records.some((r) => r.address?.includes('😀'))).toBe(true);
  });

  it('one shard after another on one thread: each arena holds its own shard only', () => {
    const first = Buffer.from(lines.slice(0, 300).join('\n') + '\n');
    const second = Buffer.from(lines.slice(300).join('\n') + '\n');
    const a = ingestShard(task(first, true), false).records!;
    const b = ingestShard(task(second, true), false).records!;
    expect(a.offsets.length - 1).toBe(300);
    expect(b.offsets.length - 1).toBe(lines.length - 300);
    expect(JSON.parse(recordJson(a, 0)).merchant_id).toBe(JSON.parse(lines[0]!).merchant_id);
    expect(JSON.parse(recordJson(b, 0)).merchant_id).toBe(JSON.parse(lines[300]!).merchant_id);
    expect(JSON.parse(recordJson(a, 299)).merchant_id).toBe(JSON.parse(lines[299]!).merchant_id);
  });
});
