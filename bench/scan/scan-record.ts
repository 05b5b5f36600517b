/**
 * The JSON record one `npm run bench:scan` appends to bench/results/scan-runs.jsonl: provenance, options
 * and every figure the tables show. Times in ms, memory in MiB. Paths are never recorded (machine-specific).
 */
import type { ScanSummary } from '../../src/scan/run-scan.js';
import type { Provenance } from '../lib/machine.js';
import type { Quality } from '../lib/quality.js';

export interface ScanRunFigures {
  n: number;
  threads: number;
  /** runScan: input read to output files renamed into place. */
  wall_ms: number;
  /** Child process spawn to exit (Node start-up and module loading included). */
  process_ms: number;
  /**
   * CPU time of the whole process (every thread, user + system) over wall_ms: wall_ms × cores it kept
   * busy. Absent in records before it was measured.
   */
  cpu_ms?: number;
  phases_ms: Record<string, number>;
  records_per_second: number;
  peak_rss_mb: number;
  counts: ScanSummary['counts'];
  capped: ScanSummary['capped'];
  /** SHA-1 of pairs.csv, to show outputs are identical across thread counts. */
  pairs_sha1: string;
  /** 1-minute load average just before the run: above the core count, other work shared the machine. */
  load_before: number;
}

export interface FloorFigures {
  n: number;
  bytes: number;
  read_ms: number;
  read_parse_ms: number;
}

export interface CorpusQuality {
  n: number;
  quality: Quality;
  identical_across_threads: boolean;
}

export interface PeerFigures {
  n: number;
  system: string;
  /** What decided the pairs, and other notes for the table. */
  notes: string;
  time_ms: number | null;
  breakdown_ms: Record<string, number>;
  candidate_pairs: number | null;
  quality: Quality | null;
  error: string | null;
}

export interface RealDataFigures {
  skipped: string | null;
  records?: number;
  wall_ms?: number;
  quality?: Quality;
}

export interface ScanBenchRecord extends Provenance {
  bench: 'scan';
  /** The command line that produced the record. */
  command: string;
  /** skew: the generator's name skew (`--skew`); absent in runs before the option, which used the default. */
  options: { n: number[]; threads: number[]; seed: number; peers: number[]; skew?: string };
  generator_ms: Record<string, number>;
  floors: FloorFigures[];
  scans: ScanRunFigures[];
  failures: string[];
  quality: CorpusQuality[];
  real: RealDataFigures;
  postgres: { server: string | null; pg_trgm: string | null };
  peers: PeerFigures[];
}
