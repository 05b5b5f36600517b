/**
 * A scan's results as the contract's files: pairs.csv, clusters.csv, rejects.csv, warnings.csv,
 * risk_alerts.csv, risk_members.csv, summary.json, made visible together only when all are written.
 *
 * pairs.csv may be started early (`ScanFiles.startPairs`), as soon as the scan's pairs are final: a worker
 * then clusters while the others format pair rows and this thread writes them (scan/run-scan.ts); and
 * clusters.csv as soon as the clusters are (`startClusters`), while a worker joins the risk alerts.
 */
import type { ScanResult, ScanSummary } from '../scan/scan-corpus.js';
import type { FeatureStore } from '../store/feature-store.js';
import type { VerifiedPairs } from '../verify/verified-pairs.js';
import { OutputSet } from './output-files.js';
import type { ClusterColumns } from './csv-rows.js';
import { clusterColumns, WARNINGS_HEADER, writeClusters, writePairs, writeRejects } from './result-writers.js';
import { writeRiskAlerts, writeRiskMembers } from './risk-writers.js';
import { FORMAT_HERE, type RowFormatter } from './row-formatter.js';

export class ScanFiles {
  private pairs: Promise<void> | null = null;
  private clusters: Promise<void> | null = null;

  private constructor(
    private readonly outputs: OutputSet,
    private readonly rows: RowFormatter,
  ) {}

  /** `rows`: who formats pairs.csv and clusters.csv rows (the scan's worker pool, or this thread). */
  static async create(dir: string, rows: RowFormatter = FORMAT_HERE): Promise<ScanFiles> {
    return new ScanFiles(await OutputSet.create(dir), rows);
  }

  /** Starts writing pairs.csv; `finish` waits for it. Returns at once. */
  startPairs(store: FeatureStore, pairs: VerifiedPairs, order: Int32Array): void {
    if (this.pairs !== null) throw new Error('pairs.csv already started');
    const written = writePairs(this.outputs.open('pairs.csv'), store, pairs, order, this.rows);
    // Awaited by finish; until then a failure must not surface as an unhandled rejection.
    written.catch(() => undefined);
    this.pairs = written;
  }

  /** Starts writing clusters.csv from the clusters as columns; `finish` waits for it. Returns at once. */
  startClusters(store: FeatureStore, columns: ClusterColumns): void {
    if (this.clusters !== null) throw new Error('clusters.csv already started');
    const written = writeClusters(this.outputs.open('clusters.csv'), store, columns, this.rows);
    written.catch(() => undefined);
    this.clusters = written;
  }

  /** Writes the rest (and pairs.csv and clusters.csv, unless started), then commits the set; on any failure discards it. */
  async finish(result: ScanResult): Promise<ScanSummary> {
    const started = performance.now();
    try {
      if (this.pairs === null) this.startPairs(result.store, result.pairs, result.pairOrder);
      if (this.clusters === null) this.startClusters(result.store, clusterColumns(result.clusters, result.clusterIds));
      await this.pairs;
      await this.clusters;
      const { outputs } = this;
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
      await this.discard();
      throw err;
    }
  }

  /** Drops every file written so far (the scan failed after pairs.csv was started). */
  async discard(): Promise<void> {
    await this.pairs?.catch(() => undefined);
    await this.clusters?.catch(() => undefined);
    await this.outputs.discard();
  }
}

/** `rows`: who formats pairs.csv and clusters.csv rows (the scan's worker pool, or this thread). */
export async function writeScanFiles(result: ScanResult, dir: string, rows: RowFormatter = FORMAT_HERE): Promise<ScanSummary> {
  return (await ScanFiles.create(dir, rows)).finish(result);
}
