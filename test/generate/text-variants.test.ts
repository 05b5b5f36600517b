import { describe, it, expect } from 'vitest';
import { createRequire } from 'node:module';
import { toFullWidth, toHalfWidth } from '../../src/generate/char-width.js';
import { toChineseNumeral } from '../../src/generate/chinese-numerals.js';
import { wgs84To } from '../../src/generate/coordinates.js';
import { homophoneSwap } from '../../src/generate/homophones.js';
import { merchantIdAt, merchantIdKeys } from '../../src/generate/merchant-id.js';
import { Prng } from '../../src/generate/prng.js';
import { toTraditional } from '../../src/generate/traditional-chars.js';

interface Gcoord {
  transform(input: [number, number], from: unknown, to: unknown): [number, number];
  WGS84: unknown;
  GCJ02: unknown;
  BD09: unknown;
}
const gcoord = createRequire(import.meta.url)('gcoord') as Gcoord;

describe('text variants', () => {
  it('writes Chinese numerals the way addresses do', () => {
    expect([5, 10, 18, 20, 101, 110, 1005].map(toChineseNumeral)).toEqual(['五', '十', '十八', '二十', '一百零一', '一百一十', '一千零五']);
  });

  it('round-trips full width', () => {
    expect(toFullWidth('7-Eleven(18号)')).toBe('７－Ｅｌｅｖｅｎ（１８号）');
    expect(toHalfWidth(toFullWidth('KFC 18号'))).toBe('KFC 18号');
  });

  it('maps common shop-name characters to traditional', () => {
    expect(toTraditional('东华饭馆')).toBe('東華飯館');
    expect(toTraditional('沙县小吃')).toBe('沙縣小吃');
  });

  it('swaps one character for a homophone, never inside the legal form', () => {
    const prng = new Prng(5);
    for (let i = 0; i < 200; i++) {
      const s = homophoneSwap('鑫源商贸有限公司', prng)!;
      expect(s).not.toBe('鑫源商贸有限公司');
      expect(s.endsWith('商贸有限公司')).toBe(true);
    }
    expect(homophoneSwap('沙县小吃', prng)).toBeNull();
  });
});

describe('coordinates', () => {
  it('agrees with gcoord for WGS-84 → GCJ-02 and → BD-09', () => {
    const prng = new Prng(6);
    for (let i = 0; i < 200; i++) {
      const lat = 20 + 25 * prng.float();
      const lng = 100 + 22 * prng.float();
      for (const [sys, crs] of [['gcj02', gcoord.GCJ02], ['bd09', gcoord.BD09]] as const) {
        const mine = wgs84To(sys, lat, lng, { lat: 0, lng: 0 });
        const [gLng, gLat] = gcoord.transform([lng, lat], gcoord.WGS84, crs);
        expect(Math.abs(mine.lat - gLat)).toBeLessThan(1e-6);
        expect(Math.abs(mine.lng - gLng)).toBeLessThan(1e-6);
      }
    }
  });
});

describe('merchant ids', () => {
  it('are unique 9-digit ids that differ between seeds', () => {
    const keys = merchantIdKeys(1);
    const seen = new Set<string>();
    for (let p = 0; p < 100_000; p++) seen.add(merchantIdAt(keys, p));
    expect(seen.size).toBe(100_000);
    for (const id of [...seen].slice(0, 100)) expect(id).toMatch(/^M\d{9}$/);
    expect(merchantIdAt(merchantIdKeys(2), 0)).not.toBe(merchantIdAt(keys, 0));
  });
});
