/**
 * Child process of the scan benchmark: one `merchant-dedup scan` of a file to files, as the CLI runs it
 * (runScan: read → write, outputs renamed into place), then its summary, its wall time, its CPU time and
 * its peak RSS as one JSON line. Input: {input, outDir, threads, bucketCap?} as argv[2].
 */
import { runScan, type ScanSummary } from '../../src/scan/run-scan.js';

export interface ScanChildInput {
  input: string;
  outDir: string;
  threads: number;
  /** Largest bucket whose pairs are all compared; the scan's default when absent. */
  bucketCap?: number;
}

export interface ScanChildResult {
  /** From the call to runScan to its return: reading the input to the output files renamed into place. */
  wall_ms: number;
  summary: ScanSummary;
  /** Peak resident set size of the process, worker threads included, in KiB. */
  max_rss_kb: number;
  /** CPU time (user + system) of the process, worker threads included, over the same span as wall_ms. */
  cpu_ms: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as ScanChildInput;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const summary = await runScan({ input: input.input, outDir: input.outDir, threads: input.threads, ...(input.bucketCap !== undefined && { bucketCap: input.bucketCap }) });
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const result: ScanChildResult = { wall_ms: Math.round(wall), summary, max_rss_kb: process.resourceUsage().maxRSS, cpu_ms: Math.round((cpu.user + cpu.system) / 1000) };
process.stdout.write(JSON.stringify(result) + '\n');
