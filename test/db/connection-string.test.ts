import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKeywordDsn, parseKeywordDsn, redactConnectionString, toConnectionUrl, withoutPassword } from '../../src/db/connection-string.js';

/** Passwords with the characters that break naive masking: quotes, spaces, @, :, &, =, backslashes, CJK. */
const password = fc.string({ unit: fc.constantFrom(...'aZ9 @:/?&=#%\'"\\密码'.split('')), minLength: 4, maxLength: 16 }).filter((p) => p.trim().length >= 4);

const quoteKeyword = (v: string): string => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

describe('connection strings', () => {
  it('masks the password of every form: URL user:pass@, ?password=, keyword pairs quoted or bare', () => {
    expect(redactConnectionString('postgresql://dedup:s3cret@db:5432/crm')).toBe('postgresql://dedup:***@db:5432/crm');
    expect(redactConnectionString('postgresql://db/crm?user=dedup&password=s3cret&sslmode=require')).toBe('postgresql://db/crm?user=dedup&password=***&sslmode=require');
    expect(redactConnectionString("host=db user=dedup password='s3 cret' dbname=crm")).toBe('host=db user=dedup password=*** dbname=crm');
    expect(redactConnectionString('host=db password=s3cret dbname=crm')).toBe('host=db password=*** dbname=crm');
  });

  it('never prints a password, whatever it holds and however it is written (property)', () => {
    fc.assert(
      fc.property(password, (pw) => {
        const forms = [
          `postgresql://dedup:${encodeURIComponent(pw)}@db:5432/crm`,
          `postgres://db/crm?password=${encodeURIComponent(pw)}`,
          `host=db user=dedup password=${quoteKeyword(pw)} dbname=crm`,
        ];
        for (const f of forms) {
          const shown = redactConnectionString(f);
          expect(shown).not.toContain(pw);
          expect(shown).not.toContain(encodeURIComponent(pw));
        }
        expect(withoutPassword(forms[0]!)).not.toContain(encodeURIComponent(pw));
      }),
    );
  });

  it('reads a keyword DSN into the equivalent URL, quoted values and escapes included (property)', () => {
    fc.assert(
      fc.property(password, (pw) => {
        const dsn = `host=db.example port=6543 user=dedup password=${quoteKeyword(pw)} dbname=crm sslmode=require`;
        expect(isKeywordDsn(dsn)).toBe(true);
        expect(parseKeywordDsn(dsn).get('password')).toBe(pw);
        const u = new URL(toConnectionUrl(dsn));
        expect([u.hostname, u.port, decodeURIComponent(u.username), decodeURIComponent(u.password), u.pathname, u.searchParams.get('sslmode')]).toEqual([
          'db.example',
          '6543',
          'dedup',
          pw,
          '/crm',
          'require',
        ]);
      }),
    );
  });

  it('refuses a keyword DSN it cannot read with a clear message', () => {
    expect(() => toConnectionUrl("host=db password='unclosed")).toThrow(expect.objectContaining({ code: 'E_BAD_ARGS', message: expect.stringMatching(/never closed/) }));
    expect(isKeywordDsn('postgresql://a@b/c')).toBe(false);
  });
});
