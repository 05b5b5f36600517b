import { describe, it, expect } from 'vitest';
import { CITY_PROFILES } from '../../src/generate/city-catalog.js';

describe('city catalog', () => {
  it('joins every generator city to its GB/T 2260 division, with districts and streets', () => {
    expect(CITY_PROFILES.length).toBeGreaterThanOrEqual(40);
    for (const p of CITY_PROFILES) {
      expect(p.city.name).toBe(p.seed.name);
      expect(p.seed.areaCode).toMatch(/^0\d{2,3}$/);
      expect(p.streets.length).toBeGreaterThan(60);
      for (const d of p.districts) expect(d.cityCode).toBe(p.city.code);
      if (p.seed.name !== '东莞市' && p.seed.name !== '中山市') expect(p.districts.length).toBeGreaterThan(0);
      expect(p.fallbackRegionCode).toMatch(/^\d{6}$/);
    }
  });
});
