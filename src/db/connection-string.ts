/**
 * Connection strings as users write them: URLs (`postgresql://user:pass@host/db?sslmode=require`) and
 * libpq keyword/value strings (`host=db user=dedup password='s3 cret' dbname=crm`,
 * https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-KEYWORD-VALUE). node-postgres
 * reads URLs only, so a keyword string is turned into the equivalent URL; and every form is shown with
 * its password masked wherever a connection string is printed (messages, logs, hints).
 */
import { DedupError } from '../errors.js';

const MASK = '***';
/** URL schemes libpq accepts. */
const URL_FORM = /^postgres(?:ql)?:\/\//i;
/** libpq keywords with a place in a URL; the rest become query parameters. */
const HOST = 'host';
const PORT = 'port';
const USER = 'user';
const PASSWORD = 'password';
const DBNAME = 'dbname';

/** True for a keyword/value string (`host=… dbname=…`) rather than a URL. */
export function isKeywordDsn(s: string): boolean {
  return !URL_FORM.test(s.trim()) && /^\s*[A-Za-z_]+\s*=/.test(s);
}

/** Parses libpq keyword/value pairs: values bare or single-quoted, with `\'` and `\\` escapes. */
export function parseKeywordDsn(s: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  const n = s.length;
  const bad = (why: string): DedupError => new DedupError('E_BAD_ARGS', `cannot read the connection string (${why}); give a URL postgresql://USER@HOST:PORT/DB or key=value pairs`);
  while (i < n) {
    while (i < n && /\s/.test(s[i]!)) i++;
    if (i >= n) break;
    const eq = s.indexOf('=', i);
    if (eq === -1) throw bad(`"${s.slice(i).split(/\s/)[0]}" has no value`);
    const key = s.slice(i, eq).trim();
    if (!/^[A-Za-z_]+$/.test(key)) throw bad(`"${key}" is not a keyword`);
    i = eq + 1;
    while (i < n && /[ \t]/.test(s[i]!)) i++;
    let value = '';
    if (s[i] === "'") {
      i++;
      for (;;) {
        if (i >= n) throw bad(`the quoted value of ${key} is never closed`);
        const c = s[i]!;
        if (c === '\\' && i + 1 < n) {
          value += s[i + 1];
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
    } else {
      while (i < n && !/\s/.test(s[i]!)) {
        if (s[i] === '\\' && i + 1 < n) i++;
        value += s[i];
        i++;
      }
    }
    out.set(key, value);
  }
  return out;
}

/** The URL node-postgres needs: a URL as given, a keyword string converted. */
export function toConnectionUrl(s: string): string {
  if (!isKeywordDsn(s)) return s;
  const kv = parseKeywordDsn(s);
  const enc = encodeURIComponent;
  const user = kv.get(USER);
  const password = kv.get(PASSWORD);
  const auth = user === undefined && password === undefined ? '' : `${enc(user ?? '')}${password === undefined ? '' : `:${enc(password)}`}@`;
  const host = kv.get(HOST) ?? 'localhost';
  const hostPart = host.includes(':') ? `[${host}]` : enc(host);
  const port = kv.get(PORT);
  const params = new URLSearchParams();
  for (const [k, v] of kv) if (![HOST, PORT, USER, PASSWORD, DBNAME].includes(k)) params.set(k, v);
  const query = params.size > 0 ? `?${params.toString()}` : '';
  return `postgresql://${auth}${hostPart}${port === undefined ? '' : `:${port}`}/${enc(kv.get(DBNAME) ?? '')}${query}`;
}

/** `s` with every password masked: the URL's user:pass@, a `password=` query parameter, a keyword pair. */
export function redactConnectionString(s: string): string {
  if (isKeywordDsn(s)) {
    // Keep the text as written, masking each password value, quoted or bare.
    return s.replace(/(\bpassword\s*=\s*)('(?:\\.|[^'\\])*'?|\S*)/gi, `$1${MASK}`);
  }
  try {
    const u = new URL(s);
    if (u.password !== '') u.password = MASK;
    for (const key of [...u.searchParams.keys()]) if (key.toLowerCase() === PASSWORD) u.searchParams.set(key, MASK);
    return u.toString();
  } catch {
    // Not a URL either: mask whatever looks like a credential rather than print it.
    return s.replace(/:[^:@/]*@/, `:${MASK}@`).replace(/(password\s*=\s*)[^&\s]*/gi, `$1${MASK}`);
  }
}

/** A URL without any password, for a command line a user pastes (the client then asks for it). */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    for (const key of [...u.searchParams.keys()]) if (key.toLowerCase() === PASSWORD) u.searchParams.delete(key);
    return u.toString();
  } catch {
    return redactConnectionString(url);
  }
}
