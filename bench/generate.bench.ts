/**
 * Corpus generation speed: `node dist/bench/generate.bench.js [n] [seed]` writes n records (default
 * 1,000,000) into a temporary directory, prints seconds, records per second, output sizes and the
 * planted structure, then removes the directory. Target: 1 M records in ≤ 30 s on 2 cores.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateCorpus, type GenerateSummary } from '../src/generate/index.js';

const DEFAULT_RECORDS = 1_000_000;
const DEFAULT_SEED = 1;
const TARGET_SECONDS_PER_MILLION = 30;
const MB = 1024 * 1024;

export async function benchGenerate(n: number, seed: number): Promise<GenerateSummary> {
  const dir = await mkdtemp(join(tmpdir(), 'generate-bench-'));
  try {
    const summary = await generateCorpus({ n, seed, outDir: dir });
    const seconds = summary.ms / 1000;
    const sizes = await Promise.all(Object.values(summary.files).map(async (f) => (await stat(f)).size / MB));
    const budget = (TARGET_SECONDS_PER_MILLION * n) / 1_000_000;
    const rate = Math.round(n / seconds).toLocaleString('en-US');
    const verdict = seconds <= budget ? 'ok' : 'OVER';
    const [ndjson, csv, truth] = sizes.map((s) => s.toFixed(0));
    const peakMb = (process.resourceUsage().maxRSS / 1024).toFixed(0);
    console.log(`generate n=${n} seed=${seed}: ${seconds.toFixed(2)} s, ${rate} records/s (budget ${budget.toFixed(1)} s: ${verdict})`);
    console.log(`  files: ndjson ${ndjson} MB, csv ${csv} MB, truth ${truth} MB; peak RSS ${peakMb} MB`);
    const { entities, duplicateEntities, rings, ringMembers } = summary;
    console.log(`  entities ${entities}, duplicated ${duplicateEntities}, rings ${rings} (${ringMembers} merchants)`);
    console.log(`  by kind ${JSON.stringify(summary.entitiesByKind)}`);
    return summary;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = process.argv[2] ? Number(process.argv[2]) : DEFAULT_RECORDS;
  const seed = process.argv[3] ? Number(process.argv[3]) : DEFAULT_SEED;
  await benchGenerate(n, seed);
}
