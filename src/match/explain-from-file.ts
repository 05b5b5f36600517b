/**
 * `explain --input FILE`: scores one pair exactly as a scan of FILE does. A pair's score depends on the
 * corpus (how common the name is in the city, which identifier values are generic), so the file is
 * scanned with the scan's own pipeline to get that context; then the pair is scored by the same
 * verifyPair with it.
 */
import { DedupError } from '../errors.js';
import type { MerchantRecord } from '../record/merchant-record.js';
import type { ColumnMap } from '../record/validate-record.js';
import { formatFromPath } from '../read/input-format.js';
import { scanCorpus } from '../scan/scan-corpus.js';
import { TextColumn } from '../store/feature-columns.js';
import { textOf } from '../store/feature-store.js';
import { explainPair, type ExplainedPair } from './explain-pair.js';
import { findRecords } from './find-records.js';
import type { MatchWeights } from '../verify/match-weights.js';

export interface FileExplanation extends ExplainedPair {
  a: MerchantRecord;
  b: MerchantRecord;
}

export async function explainFromFile(path: string, idA: string, idB: string, options: { threads?: number; columnMap?: ColumnMap; weights?: Readonly<MatchWeights> } = {}): Promise<FileExplanation> {
  const format = formatFromPath(path);
  if (format === null) throw new DedupError('E_BAD_ARGS', `cannot tell the format of ${path} from its extension; name it .ndjson, .jsonl or .csv`, { file: path });
  const scan = await scanCorpus({ kind: 'file', path, format }, {
    ...(options.threads && { threads: options.threads }),
    ...(options.columnMap && { columnMap: options.columnMap }),
    ...(options.weights && { weights: options.weights }),
  });
  const index = new Map<string, number>();
  for (let g = 0; g < scan.store.count; g++) if (scan.skip[g] !== 1) index.set(textOf(scan.store, g, TextColumn.MerchantId), g);
  const at = (id: string): number => {
    const g = index.get(id);
    if (g === undefined) throw new DedupError('E_INPUT', `merchant_id ${id} is not among the accepted records of ${path} (see rejects.csv of a scan)`, { file: path, field: 'merchant_id' });
    return g;
  };
  const explained = explainPair(scan.store, scan.context, at(idA), at(idB));
  const records = await findRecords(path, [idA, idB], options.columnMap);
  return { ...explained, a: records.get(idA)!, b: records.get(idB)! };
}
