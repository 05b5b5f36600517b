/**
 * Phase 1 of a scan, for one byte range: parse, validate, normalize, lay out in a shard store, emit
 * blocking keys and merchant_id hashes by partition. Pure apart from reading the range from disk: the
 * worker calls it, tests call it directly.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { emitIdKey, PartitionedKeys, RecordKeyEmitter } from '../candidates/record-keys.js';
import { DedupError } from '../errors.js';
import { normalizeRecord } from '../normalize/normalize-record.js';
import type { IngestResult, IngestTask } from '../pool/messages.js';
import type { MerchantRecord } from '../record/merchant-record.js';
import { parseChunk } from '../read/parse-chunk.js';
import { appendMerchant, keySourceOf } from '../store/append-merchant.js';
import { RecordArenaBuilder } from '../store/record-arena.js';
import { shardScratch } from './shard-scratch.js';

/** Sizing guess for a shard's columns from its bytes (they grow past it when records are shorter). */
const BYTES_PER_RECORD_GUESS = 400;

/*
 * The thread's read buffer, reused from shard to shard: every value parsed from it is copied out (strings,
 * columns), so nothing refers to it once a shard is done, and its pages are not faulted in afresh per shard.
 */
let readBuffer = Buffer.allocUnsafe(0);

function readRange(file: string, start: number, end: number): Buffer {
  if (readBuffer.length < end - start) readBuffer = Buffer.allocUnsafe(end - start);
  const buf = readBuffer.subarray(0, end - start);
  const fd = openSync(file, 'r');
  try {
    let at = 0;
    while (at < buf.length) {
      const n = readSync(fd, buf, at, buf.length - at, start + at);
      if (n === 0) throw new DedupError('E_INPUT', `${file}: ended at byte ${start + at}, expected ${end} (did the file change during the scan?)`, { file });
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  return buf;
}

/**
 * `reuse`: build into this thread's scratch sets (shard-scratch.ts), which the reader releases once it has
 * copied the shard; without it, into buffers of the shard's own (moved, or kept by the caller).
 */
export function ingestShard(task: IngestTask, reuse = false): IngestResult {
  const t0 = performance.now();
  const bytes = 'bytes' in task.source ? task.source.bytes : readRange(task.source.file, task.source.start, task.source.end);
  // Each record is normalized, laid into the store and keyed (and, for a table scan, encoded as JSON) as soon
  // as it is read, then dropped: the shard never holds its parsed records, so the collector has no chunk-sized
  // graph to copy.
  const expected = Math.max(1024, Math.ceil(bytes.length / BYTES_PER_RECORD_GUESS));
  const scratch = shardScratch(expected, task.keyPartitions, Math.max(1024, (expected * 30) / task.keyPartitions), reuse);
  const { builder, keys, ids } = scratch;
  const emitter = new RecordKeyEmitter(task.sketch, new PartitionedKeys(keys));
  const idHash = new Uint32Array(2);
  // The records' contract JSON, for a scan that writes them (records_g<N>): encoded as each is read.
  const arena = task.keepRecords ? new RecordArenaBuilder() : null;
  let normalizeMs = 0;
  let sketchMs = 0;
  const onRecord = (r: MerchantRecord, i: number, line: number): void => {
    const s = performance.now();
    const n = normalizeRecord(r);
    const m = performance.now();
    appendMerchant(builder, r, n, line);
    emitter.emit(keySourceOf(n), i);
    emitIdKey(n.merchantId, i, ids, idHash);
    sketchMs += performance.now() - m;
    normalizeMs += m - s;
    // Counted with parsing: the record's JSON is what a table scan reads it into.
    arena?.add(r);
  };
  const parsed = parseChunk(bytes, {
    format: task.format,
    firstLine: task.firstLine,
    ...(task.header && { header: task.header }),
    ...(task.columnMap && { columnMap: task.columnMap }),
    file: task.file,
    // Handed-over bytes are a PostgreSQL COPY stream, well-formed CSV: no record is cut back to its first line.
    wellFormed: 'bytes' in task.source,
    onRecord,
  });
  if (task.stopOnError && parsed.rejects.length > 0) {
    const r = parsed.rejects[0]!;
    throw new DedupError('E_RECORD', `${task.file}:${r.line}: ${r.reason}`, { file: task.file, line: r.line, ...(r.field && { field: r.field }) });
  }
  const t1 = performance.now();
  return {
    shard: task.shard,
    read: parsed.read,
    rejects: parsed.rejects,
    warnings: parsed.warnings,
    // Views of the scratch set (or moved buffers): the coordinator copies them into the merged store and
    // partitions (shard-merger.ts), then releases the set.
    store: builder.toOwned(),
    keys: keys.map((k) => k.data.subarray(0, k.length)),
    ids: ids.map((k) => k.data.subarray(0, k.length)),
    release: reuse ? scratch.handOver() : null,
    records: arena === null ? null : arena.finish(),
    ms: { parse: t1 - t0 - normalizeMs - sketchMs, normalize: normalizeMs, sketch: sketchMs },
    lineCounts: parsed.lineCounts,
    multiLine: parsed.multiLine,
  };
}
