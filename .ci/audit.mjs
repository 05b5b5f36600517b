#!/usr/bin/env node
// Dependency audit for CI: `npm audit --omit=dev` (what a user installs), failing on a high or critical
// advisory. When the advisory service cannot be reached (no network, a proxy that refuses the bulk
// advisory POST), CI does not fail for that: it runs the offline check instead and says so loudly.
//
// Offline check (what can be verified without the service):
//   1. `npm ls --omit=dev --all`: the installed production tree is exactly the lockfile's (no missing,
//      invalid or extraneous package);
//   2. every production package in package-lock.json is pinned by an sha512 `integrity`, and resolved
//      from the npm registry when the lockfile records where from (no git or tarball URLs that could
//      change under the same version).
// It cannot know about new advisories: the warning says the audit must be rerun where the service is
// reachable.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REGISTRY = 'https://registry.npmjs.org/';
const FAILING = ['high', 'critical'];

/** 'fail' | 'pass' | 'unreachable' from the JSON `npm audit --json` printed. */
export function classify(report) {
  const counts = report?.metadata?.vulnerabilities;
  if (counts && typeof counts === 'object') return FAILING.some((level) => (counts[level] ?? 0) > 0) ? 'fail' : 'pass';
  return 'unreachable';
}

/** Production packages of a v2/v3 lockfile that are not pinned to the registry by an sha512 integrity. */
export function unpinned(lock) {
  const bad = [];
  for (const [path, p] of Object.entries(lock.packages ?? {})) {
    if (path === '' || p.dev || p.link) continue;
    // A lockfile written without `resolved` (npm's omit-lockfile-registry-resolved) resolves from the registry.
    if (typeof p.integrity !== 'string' || !p.integrity.startsWith('sha512-') || (p.resolved !== undefined && !p.resolved.startsWith(REGISTRY))) bad.push(path);
  }
  return bad;
}

function main() {
  const audit = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
  let report = null;
  try {
    report = JSON.parse(audit.stdout);
  } catch {
    // not JSON: treated as unreachable below
  }
  const verdict = classify(report);
  if (verdict === 'fail') {
    const c = report.metadata.vulnerabilities;
    console.error(`audit: FAILED, ${c.high ?? 0} high and ${c.critical ?? 0} critical advisories in production dependencies:`);
    for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) if (FAILING.includes(v.severity)) console.error(`  ${name} (${v.severity}): ${v.range}`);
    process.exit(1);
  }
  if (verdict === 'pass') {
    console.log('audit: no high or critical advisory in production dependencies');
    return;
  }
  const why = report?.message ?? report?.error?.summary ?? (audit.stderr.trim().split('\n').pop() || 'no answer');
  console.warn(`audit: WARNING: the advisory service is unreachable (${why}); advisories were NOT checked. Running the offline check.`);
  execFileSync('npm', ['ls', '--omit=dev', '--all'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
  const bad = unpinned(lock);
  if (bad.length > 0) {
    console.error(`audit: FAILED offline check, production packages not pinned to the registry by sha512: ${bad.join(', ')}`);
    process.exit(1);
  }
  console.log('audit: offline check passed (installed tree matches the lockfile; every production package pinned by sha512)');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
