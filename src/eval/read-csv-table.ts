/**
 * Reads a small-to-medium CSV file (truth, pairs: up to millions of short rows) column-wise: the header
 * names the columns, each requested column comes back as an array of strings.
 */
import { readFile } from 'node:fs/promises';
import { DedupError } from '../errors.js';
import { parseCsv } from '../read/csv-parser.js';

export interface CsvTable {
  header: string[];
  /** Requested columns by name; a column absent from the header is absent here. */
  columns: Map<string, string[]>;
  rows: number;
}

export async function readCsvTable(path: string, wanted: readonly string[]): Promise<CsvTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new DedupError('E_INPUT', `cannot read ${path}: ${(err as Error).message}`, { file: path }, { cause: err });
  }
  const from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let header: string[] = [];
  const headerEnd = parseCsv(text, 1, {
    row: (fields, count) => {
      header = fields.slice(0, count).map((f) => f.trim());
    },
    malformed: (line, reason) => {
      throw new DedupError('E_INPUT', `${path}:${line}: bad header: ${reason}`, { file: path, line });
    },
  }, { from, maxRows: 1 });
  const index = wanted.map((w) => header.indexOf(w));
  const columns = new Map<string, string[]>();
  wanted.forEach((w, k) => {
    if (index[k]! >= 0) columns.set(w, []);
  });
  let rows = 0;
  parseCsv(text, headerEnd.line, {
    row: (fields) => {
      rows++;
      wanted.forEach((w, k) => {
        const i = index[k]!;
        if (i >= 0) columns.get(w)!.push(fields[i] ?? '');
      });
    },
    malformed: (line, reason) => {
      throw new DedupError('E_INPUT', `${path}:${line}: ${reason}`, { file: path, line });
    },
  }, { from: headerEnd.pos, expectedFields: header.length });
  return { header, columns, rows };
}
