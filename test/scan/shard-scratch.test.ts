import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/generate/index.js';
import type { IngestTask } from '../../src/pool/messages.js';
import { ingestShard } from '../../src/scan/ingest-shard.js';
import { dropShardScratch, releaseShard, shardScratch } from '../../src/scan/shard-scratch.js';
import { createSketchParams } from '../../src/sketch/index.js';

let bytes: Buffer;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'shard-scratch-'));
  await generateCorpus({ n: 2_000, seed: 5, outDir: dir });
  bytes = await readFile(join(dir, 'merchants.ndjson'));
});

function task(chunk: Uint8Array): IngestTask {
  return {
    shard: 0, source: { bytes: chunk }, file: 'merchants.ndjson', format: 'ndjson', firstLine: 1, header: null, columnMap: null,
    sketch: createSketchParams({}), keyPartitions: 3, stopOnError: true, keepRecords: false,
  };
}

/** A shard's columns as plain arrays (a copy: the views may be reused afterwards). */
function snapshot(r: ReturnType<typeof ingestShard>): unknown {
  const s = r.store;
  return { count: s.count, text: Array.from(s.text), offsets: Array.from(s.offsets), nums: Array.from(s.nums), keys: r.keys.map((k) => Array.from(k)), ids: r.ids.map((k) => Array.from(k)) };
}

describe('shard scratch sets', () => {
  it('a released set is reused; a set still held is not', () => {
    dropShardScratch();
    const a = shardScratch(100, 4, 1024, true);
    a.handOver();
    const b = shardScratch(100, 4, 1024, true);
    expect(b).not.toBe(a);
    releaseShard(a.state);
    a.builder.begin();
    const c = shardScratch(100, 4, 1024, true);
    expect(c).toBe(a);
    // Emptied for the new shard.
    expect(c.builder.size).toBe(0);
    expect(c.keys.every((k) => k.length === 0)).toBe(true);
  });

  it('never waits: past its kept sets a thread makes one for the shard alone', () => {
    dropShardScratch();
    const held = Array.from({ length: 5 }, () => {
      const s = shardScratch(100, 4, 1024, true);
      s.handOver();
      return s;
    });
    expect(new Set(held).size).toBe(5);
    for (const s of held) releaseShard(s.state);
    // Only the kept ones come back.
    const again = shardScratch(100, 4, 1024, true);
    expect(held.indexOf(again)).toBeLessThan(3);
    expect(held.indexOf(again)).toBeGreaterThanOrEqual(0);
  });

  it('a shard built in a reused set equals the same shard built afresh, and lives on shared memory', () => {
    dropShardScratch();
    const half = bytes.indexOf(10, bytes.length >> 1) + 1;
    const first = bytes.subarray(0, half);
    const second = bytes.subarray(half);
    const fresh = snapshot(ingestShard(task(second)));
    const r1 = ingestShard(task(first), true);
    expect(r1.release).not.toBeNull();
    expect(r1.store.text.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(r1.keys[0]!.buffer).toBeInstanceOf(SharedArrayBuffer);
    const firstSnapshot = snapshot(r1);
    releaseShard(r1.release);
    const r2 = ingestShard(task(second), true);
    // The same columns, reused, now holding the second shard: the first one's bytes are gone.
    expect(r2.store.text.buffer).toBe(r1.store.text.buffer);
    expect(snapshot(r2)).toEqual(fresh);
    expect(snapshot(r2)).not.toEqual(firstSnapshot);
    // Without reuse, a shard's own buffers (to be moved), and nothing to release.
    const own = ingestShard(task(second));
    expect(own.release).toBeNull();
    expect(own.store.text.buffer).toBeInstanceOf(ArrayBuffer);
    releaseShard(r2.release);
  });
});
