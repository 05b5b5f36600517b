import { describe, expect, it } from 'vitest';
import { ALERT_THRESHOLD, BURST_WINDOW_MS, densestWindow, severityOf, type EntityFacts } from '../../src/risk/severity.js';

const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2024, 0, 1);

/** n unlike entities (own name, own street, own channel, one city) registered `gapMs` apart. */
function entities(n: number, gapMs: number, over: Partial<EntityFacts> = {}): EntityFacts[] {
  return Array.from({ length: n }, (_, i) => ({ time: T0 + i * gapMs, nameHash: 100 + i, streetHash: 200 + i, channel: `AG${i}`, cityCode: 3301, ...over }));
}

describe('severityOf: each rule', () => {
  it('burst: five unlike merchants within a week are a ring, two are nothing, three or four are partial', () => {
    expect(severityOf(entities(5, DAY)).severity).toBeGreaterThanOrEqual(ALERT_THRESHOLD);
    expect(severityOf(entities(2, DAY)).severity).toBe(0);
    expect(severityOf(entities(3, DAY)).parts.burst).toBeCloseTo(1 / 3);
    expect(severityOf(entities(4, DAY)).parts.burst).toBeCloseTo(2 / 3);
  });

  it('burst: the same merchants spread over years stay below the threshold', () => {
    const s = severityOf(entities(20, 90 * DAY));
    expect(s.burst.length).toBe(1);
    expect(s.severity).toBe(0);
  });

  it('the densest 7-day window is found among old registrations, and its edge is inclusive', () => {
    const facts = [...entities(3, 400 * DAY), ...entities(4, BURST_WINDOW_MS / 3, { time: NaN })];
    facts.slice(3).forEach((f, i) => (f.time = T0 + 2000 * DAY + (i * BURST_WINDOW_MS) / 3));
    expect(densestWindow(facts)).toEqual([3, 4, 5, 6]);
    // An entity without a time never joins a burst.
    expect(densestWindow([...entities(2, DAY), { ...entities(1, 0)[0]!, time: NaN }])).toEqual([0, 1]);
  });

  it('unlike: one name across the burst (a chain opening branches) scores 0; one repeated name lowers it', () => {
    expect(severityOf(entities(6, DAY, { nameHash: 7 })).severity).toBe(0);
    const facts = entities(5, DAY);
    facts[1]!.nameHash = facts[0]!.nameHash;
    expect(severityOf(facts).parts.unlike).toBeCloseTo(3 / 4);
  });

  it('addresses: one address for all (a mall opening) lowers severity below the threshold', () => {
    const mall = severityOf(entities(6, DAY, { streetHash: 9 }));
    expect(mall.parts.addresses).toBe(0);
    expect(mall.severity).toBeLessThan(ALERT_THRESHOLD);
    // Unknown streets are neither for nor against.
    expect(severityOf(entities(5, DAY, { streetHash: NaN })).parts.addresses).toBe(0.5);
  });

  it('channel: one agent signing most of the burst raises severity', () => {
    const own = severityOf(entities(5, DAY));
    const one = severityOf(entities(5, DAY, { channel: 'AG1' }));
    expect(own.parts.channel).toBe(0);
    expect(one.parts.channel).toBe(1);
    expect(one.severity).toBeGreaterThan(own.severity);
    expect(one.topChannel).toBe('AG1');
  });

  it('cities: a burst across three cities scores the full spread part', () => {
    const facts = entities(5, DAY);
    facts.forEach((f, i) => (f.cityCode = 3301 + (i % 3)));
    const s = severityOf(facts);
    expect(s.parts.cities).toBe(1);
    expect(s.severity).toBeGreaterThan(severityOf(entities(5, DAY)).severity);
  });

  it('stays in [0, 1] and is a product of the parts', () => {
    const facts = entities(30, 3600 * 1000, { channel: 'AG1' });
    facts.forEach((f, i) => (f.cityCode = 1000 + i));
    const s = severityOf(facts);
    expect(s.severity).toBeLessThanOrEqual(1);
    const p = s.parts;
    expect(s.severity).toBeCloseTo(p.burst * p.unlike * (0.4 + 0.3 * p.addresses + 0.15 * p.channel + 0.15 * p.cities));
  });
});
