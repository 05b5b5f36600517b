/**
 * A whole input file through the engine's real ingest (parse, validate, normalize, lay out, emit keys) on
 * the calling thread: one shard, one key partition. Benchmarks use it to get a realistic feature store and
 * the name cores of our normalizer without threads.
 */
import { statSync } from 'node:fs';
import type { IngestResult } from '../../src/pool/messages.js';
import { formatFromPath } from '../../src/read/input-format.js';
import { ingestShard } from '../../src/scan/ingest-shard.js';
import { fillScanOptions } from '../../src/scan/scan-options.js';

export function ingestFile(file: string): IngestResult {
  const format = formatFromPath(file);
  if (!format) throw new Error(`${file}: not .ndjson or .csv`);
  const o = fillScanOptions({ threads: 1 });
  return ingestShard({
    shard: 0,
    source: { file, start: 0, end: statSync(file).size },
    file,
    format,
    firstLine: 1,
    header: null,
    columnMap: null,
    sketch: o.sketch,
    keyPartitions: 1,
    stopOnError: false,
    keepRecords: false,
  });
}
