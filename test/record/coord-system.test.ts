import { describe, expect, it } from 'vitest';
import { parseCoordSystem } from '../../src/record/coord-system.js';

describe('parseCoordSystem', () => {
  it.each([
    ['wgs84', 'wgs84'],
    ['WGS-84', 'wgs84'],
    ['WGS 84', 'wgs84'],
    ['gcj02', 'gcj02'],
    ['GCJ-02', 'gcj02'],
    ['gcj_02', 'gcj02'],
    ['bd09', 'bd09'],
    ['BD-09', 'bd09'],
    ['bd09ll', 'bd09'],
  ])('reads %s as %s', (raw, sys) => {
    expect(parseCoordSystem(raw)).toBe(sys);
  });

  it.each(['utm', 'bd09mc', 'cgcs2000', ''])('names no contract system for %j', (raw) => {
    expect(parseCoordSystem(raw)).toBeNull();
  });
});
