import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface AuditModule {
  classify(report: unknown): 'fail' | 'pass' | 'unreachable';
  unpinned(lock: unknown): string[];
}
// A path held in a variable: the module is plain JavaScript run by CI, outside the typed sources.
const path = '../../.ci/audit.mjs';
const audit = (): Promise<AuditModule> => import(path) as Promise<AuditModule>;

const report = (high: number, critical: number): unknown => ({
  auditReportVersion: 2,
  vulnerabilities: {},
  metadata: { vulnerabilities: { info: 0, low: 3, moderate: 2, high, critical, total: 5 + high + critical } },
});

describe('the CI dependency audit', () => {
  it('fails on a high or critical advisory, passes on lower ones', async () => {
    const { classify } = await audit();
    expect(classify(report(1, 0))).toBe('fail');
    expect(classify(report(0, 1))).toBe('fail');
    expect(classify(report(0, 0))).toBe('pass');
  });

  it('takes an error answer (no network, a proxy refusing the bulk POST) for unreachable, not for a pass or a failure', async () => {
    const { classify } = await audit();
    expect(classify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405 })).toBe('unreachable');
    expect(classify({ error: { code: 'ENOTFOUND', summary: 'request to https://registry.npmjs.org failed' } })).toBe('unreachable');
    expect(classify(null)).toBe('unreachable');
  });

  it('offline: flags a production package not pinned by sha512 or resolved elsewhere; the project lockfile passes', async () => {
    const { unpinned } = await audit();
    const lock = {
      packages: {
        '': {},
        'node_modules/ok': { integrity: 'sha512-x' },
        'node_modules/sha1': { integrity: 'sha1-x' },
        'node_modules/git': { integrity: 'sha512-x', resolved: 'git+https://example.com/x.git' },
        'node_modules/dev-only': { dev: true },
      },
    };
    expect(unpinned(lock)).toEqual(['node_modules/sha1', 'node_modules/git']);
    expect(unpinned(JSON.parse(readFileSync('package-lock.json', 'utf8')))).toEqual([]);
  });
});
