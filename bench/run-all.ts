/**
 * `npm run bench`: runs every compiled bench/*.bench.js one after another (never two at once: they
 * would share the cores and skew each other), each in its own process so one bench's heap does not
 * slow the next. `npm run bench -- verify ndjson` runs only the benches whose names start so.
 *
 * A full run (no names given) also writes bench/results/stages.md: the commit, the machine and every
 * bench's output as printed, so the stage figures are committed beside the scan's latest.md.
 *
 * The stage benches take seconds each. The end-to-end benches are left out unless named: scan.bench
 * generates corpora of up to a million records, scans each at every thread count and starts PostgreSQL
 * for its peers (its own command: `npm run bench:scan`); db.bench scans a million records from a table to
 * tables several times. Each takes minutes and several GB.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { provenance } from './lib/machine.js';
import { REPO_ROOT, RESULTS } from './lib/paths.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Benches run only when named: whole scans of a million records (and a database), minutes each. */
const HEAVY = ['scan.bench.js', 'db.bench.js'];
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => (only.length === 0 ? !HEAVY.includes(f) : only.some((o) => f.startsWith(o))))
  .sort();

/** Runs one bench, echoing its output as it comes; resolves to its output and exit code. */
function run(file: string): Promise<{ output: string; code: number | null }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['--expose-gc', join(here, file)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      output += d;
      process.stdout.write(d);
    });
    child.on('close', (code) => resolveRun({ output, code }));
  });
}

const sections: string[] = [];
let failed = 0;
for (const f of files) {
  const name = f.replace(/\.js$/, '');
  process.stdout.write(`\n=== ${name} ===\n`);
  const r = await run(f);
  if (r.code !== 0) failed++;
  sections.push(`## ${name}${r.code === 0 ? '' : ` (exit ${r.code})`}\n\n\`\`\`\n${r.output.trimEnd()}\n\`\`\`\n`);
}
if (only.length === 0) {
  const p = provenance(REPO_ROOT);
  const m = p.machine;
  const header = `# Stage benchmarks: latest full run\n\n` +
    `\`npm run bench\` at commit \`${p.commit.slice(0, 12)}\`${p.dirty ? ' (with uncommitted changes)' : ''}, ${p.date}. ` +
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, Node ${m.node}, ${m.os}. Each bench's output as printed.\n`;
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'stages.md'), [header, ...sections].join('\n'));
}
process.exitCode = failed === 0 ? 0 : 1;
