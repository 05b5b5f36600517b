import { describe, expect, it } from 'vitest';
import { parseNdjson } from '../../src/read/ndjson-parser.js';

function parse(text: string, firstLine = 1) {
  const objects: { line: number; value: unknown }[] = [];
  const bad: { line: number; reason: string }[] = [];
  const next = parseNdjson(Buffer.from(text), firstLine, {
    object: (value, line) => objects.push({ line, value }),
    malformed: (line, reason) => bad.push({ line, reason }),
  });
  return { objects, bad, next };
}

describe('parseNdjson', () => {
  it('parses one object a line, LF or CRLF, with or without a final line end', () => {
    const { objects, next } = parse('{"a":1}\r\n{"a":2}\n{"a":3}');
    expect(objects).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { a: 2 } },
      { line: 3, value: { a: 3 } },
    ]);
    expect(next).toBe(3);
    expect(parse('{"a":1}\n').next).toBe(2);
  });

  it('skips blank and all-whitespace lines but counts them', () => {
    const { objects, bad } = parse('\n{"a":1}\n\r\n   \t\n{"a":2}\n\n', 10);
    expect(bad).toEqual([]);
    expect(objects.map((o) => o.line)).toEqual([11, 14]);
  });

  it('rejects invalid JSON with the line number and goes on', () => {
    const { objects, bad } = parse('{"a":1}\n{"a":\n{"a":3}\n');
    expect(objects.map((o) => o.line)).toEqual([1, 3]);
    expect(bad).toHaveLength(1);
    expect(bad[0]!.line).toBe(2);
    expect(bad[0]!.reason).toMatch(/^line 2: invalid JSON \(.+\)$/);
  });

  it('clips a long JSON.parse message', () => {
    const { bad } = parse('{"a": x' + 'y'.repeat(10_000) + '}\n');
    expect(bad[0]!.reason.length).toBeLessThan(200);
  });

  it.each([
    ['[1,2]', 'array'],
    ['"text"', 'string'],
    ['42', 'number'],
    ['null', 'null'],
    ['true', 'boolean'],
  ])('rejects the non-object %s', (line, kind) => {
    expect(parse(`${line}\n`, 7).bad).toEqual([{ line: 7, reason: `line 7: expected a JSON object, got ${kind}` }]);
  });

  it('keeps escaped line breaks inside strings', () => {
    expect(parse('{"a":"x\\ny"}\n').objects[0]!.value).toEqual({ a: 'x\ny' });
  });
});
