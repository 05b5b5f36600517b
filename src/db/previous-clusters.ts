/**
 * The current generation's cluster membership (merchant_id → cluster_id), read by COPY, for matching the
 * new clusters to it (stable-cluster-ids.ts). Only clustered merchants are read: a fraction of the corpus.
 */
import type pg from 'pg';
import { copyOut } from './copy-stream.js';
import { decodeCopyText } from './copy-text.js';
import { query } from './database.js';
import { generationTable } from './generation-tables.js';
import { quoteIdent } from './sql-names.js';

export interface PreviousClusters {
  generation: number | null;
  membership: Map<string, string>;
}

export async function readPreviousClusters(client: pg.Client, schema: string): Promise<PreviousClusters> {
  const s = quoteIdent(schema);
  const current = await query<{ generation: number }>(client, `SELECT generation FROM ${s}.generations WHERE is_current`, 'finding the current generation');
  const membership = new Map<string, string>();
  const generation = current.rows[0]?.generation ?? null;
  if (generation === null) return { generation, membership };
  const table = `${s}.${quoteIdent(generationTable('clusters', generation))}`;
  let rest = '';
  const decoder = new TextDecoder();
  for await (const piece of copyOut(client, `COPY ${table} (merchant_id, cluster_id) TO STDOUT`, `reading the clusters of generation ${generation}`)) {
    const text = rest + decoder.decode(piece, { stream: true });
    const lines = text.split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      const tab = line.indexOf('\t');
      membership.set(decodeCopyText(line.slice(0, tab))!, decodeCopyText(line.slice(tab + 1))!);
    }
  }
  return { generation, membership };
}
