/**
/**
 * A scan's results as the contract's files: pairs.csv, clusters.csv, rejects.csv, warnings.csv,
 * risk_alerts.csv, risk_members.csv, summary.json, made visible together only when all are written.
 */
import type { ScanResult, ScanSummary } from '../scan/scan-corpus.js';
import { OutputSet } from './output-files.js';
import { WARNINGS_HEADER, writeClusters, writePairs, writeRejects } from './result-writers.js';
import { writeRiskAlerts, writeRiskMembers } from './risk-writers.js';
import { FORMAT_HERE, type RowFormatter } from './row-formatter.js';

/** `rows`: who formats pairs.csv and clusters.csv rows (the scan's worker pool, or this thread). */
export async function writeScanFiles(result: ScanResult, dir: string, rows: RowFormatter = FORMAT_HERE): Promise<ScanSummary> {
  const started = performance.now();
  const outputs = await OutputSet.create(dir);
  try {
    await writePairs(outputs.open('pairs.csv'), result.store, result.pairs, result.pairOrder, rows);
    await writeClusters(outputs.open('clusters.csv'), result.store, result.clusters, result.clusterIds, rows);
    await writeRejects(outputs.open('rejects.csv'), result.rejects);
    await writeRejects(outputs.open('warnings.csv'), result.warnings, WARNINGS_HEADER);
    await writeRiskAlerts(outputs.open('risk_alerts.csv'), result.risk);
    await writeRiskMembers(outputs.open('risk_members.csv'), result.store, result.risk, result.clusterIds);
    const phases: Record<string, number> = { ...result.summary.phases_ms, write: Math.round(performance.now() - started) };
    phases.total = (result.summary.phases_ms.total ?? 0) + phases.write!;
    const summary: ScanSummary = { ...result.summary, phases_ms: phases, records_per_second: Math.round(result.summary.counts.read / (phases.total / 1000)) };
    await outputs.open('summary.json').write(JSON.stringify(summary, null, 2) + '\n');
    await outputs.commit();
    return summary;
  } catch (err) {
    await outputs.discard();
    throw err;
  }
}
