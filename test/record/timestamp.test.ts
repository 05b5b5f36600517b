import { describe, expect, it } from 'vitest';
import { parseTimestamp, readTimestamp } from '../../src/record/timestamp.js';

describe('parseTimestamp', () => {
  it('reads RFC 3339 with an offset or Z', () => {
    expect(parseTimestamp('2020-03-10T06:28:11+08:00')).toBe(Date.UTC(2020, 2, 9, 22, 28, 11));
    expect(parseTimestamp('2020-03-10T06:28:11.123Z')).toBe(Date.UTC(2020, 2, 10, 6, 28, 11, 123));
    expect(parseTimestamp('2020-03-10T06:28:11-05:00')).toBe(Date.UTC(2020, 2, 10, 11, 28, 11));
    expect(parseTimestamp('2020-03-10T06:28:11+0800')).toBe(Date.UTC(2020, 2, 9, 22, 28, 11));
  });

  it('reads zone-less times as China Standard Time, whatever the machine zone', () => {
    expect(parseTimestamp('2020-03-10 06:28:11')).toBe(Date.UTC(2020, 2, 9, 22, 28, 11));
    expect(parseTimestamp('2020-03-10')).toBe(Date.UTC(2020, 2, 9, 16));
    expect(parseTimestamp('2020/3/1')).toBe(Date.UTC(2020, 1, 29, 16));
  });

  it('rejects dates that do not exist and garbage', () => {
    expect(parseTimestamp('2023-02-30T00:00:00Z')).toBeNaN();
    expect(parseTimestamp('2023-13-01')).toBeNaN();
    expect(parseTimestamp('2023-01-01T25:00:00Z')).toBeNaN();
    expect(parseTimestamp('yesterday')).toBeNaN();
    expect(parseTimestamp(null)).toBeNaN();
  });

  it('accepts 29 February in leap years only', () => {
    expect(parseTimestamp('2024-02-29')).not.toBeNaN();
    expect(parseTimestamp('2023-02-29')).toBeNaN();
  });
});

describe('readTimestamp', () => {
  it('keeps a timestamp of the common RFC 3339 shape byte for byte', () => {
    for (const s of ['2020-03-10T06:28:11+08:00', '2020-03-10 06:28:11', '2020-03-10', '2020-03-10T06:28:11.5Z']) expect(readTimestamp(s)).toBe(s);
  });

  it('rewrites the other readable shapes as the same instant in China Standard Time', () => {
    for (const [raw, text] of [
      ['2024/01/02', '2024-01-02T00:00:00+08:00'],
      ['2024/1/2 9:05', '2024-01-02T09:05:00+08:00'],
      ['2020-03-10T06:28:11-0500', '2020-03-10T19:28:11+08:00'],
      ['2020-03-10T06:28:11,25+08', '2020-03-10T06:28:11.250+08:00'],
    ] as const) {
      expect(readTimestamp(raw)).toBe(text);
      expect(parseTimestamp(text)).toBe(parseTimestamp(raw));
    }
  });

  it('reads nothing from a day that does not exist or from text', () => {
    for (const s of ['2023-02-29', '2023/02/29', '2021-03-04T24:00:00', 'yesterday', '1614830400']) expect(readTimestamp(s)).toBeNull();
  });
});
