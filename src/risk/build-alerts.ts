/**
 * Risk alerts from the per-key links of every key partition (risk-links.ts): the coordinator's part.
 * Entities joined by any shared identifier key form one connected component, and each component of two
 * or more entities is one alert, so a ring that rotates its keys (one id for some members, one account
 * for others) is one alert, not five. Severity and its parts: severity.ts.
 *
 * Alerts never change pairs or clusters: they read the clusters (to count entities) and nothing else.
 * Output order is fixed: alerts by severity, highest first, then alert_id; members by merchant_id.
 */
import { hashKey64 } from '../candidates/key-hash.js';
import { KEY_HASH_MASK_HI, KeyKind, kindOf } from '../candidates/key-kinds.js';
import type { Clusters } from '../cluster/build-clusters.js';
import { UnionFind } from '../eval/union-find.js';
import { NumColumn, TextColumn } from '../store/feature-columns.js';
import { numOf, textOf, type FeatureStore } from '../store/feature-store.js';
import { maskKey } from './mask-key.js';
import { BUCKET_WORDS, CAPPED_WORDS, type RiskLinks } from './risk-links.js';
import { PERSON_KEY_KIND, RISK_KEY_KINDS, RISK_KEY_NAMES } from './risk-key-kinds.js';
import { personKeyText, riskKeyOf } from './risk-keys.js';
import { ALERT_THRESHOLD, BURST_WINDOW_MS, severityOf, type EntityFacts, type SeverityParts } from './severity.js';

/** A key held by more records than this links nothing (a placeholder value, a national chain's account). */
export const DEFAULT_RISK_KEY_CAP = 1000;
/** Keys an alert names; the rest are counted. */
const SHOWN_KEYS = 6;
/** Channels an alert names, most frequent first. */
const SHOWN_CHANNELS = 5;
/** Capped keys summary.json names, largest first. */
const SHOWN_CAPPED = 10;
/** An alert is named after one key when that key alone links this share of its entities. */
const ONE_KEY_SHARE = 0.8;
const ALERT_ID_SALT = 0xa1e7;
const SEVERITY_DIGITS = 4;
const DAY_MS = BURST_WINDOW_MS / 7;
const YEAR_MS = 365.25 * DAY_MS;

export interface RiskAlert {
  /** `A` + 16 hex digits of a hash of the smallest member merchant_id: the same on every rerun. */
  alertId: string;
  /** `shared_<key kind>` when one key links (almost) all entities, else `linked_keys`. */
  kind: string;
  severity: number;
  parts: SeverityParts;
  entities: number;
  /** Member records (global indices), sorted by merchant_id. */
  members: Int32Array;
  /** Parallel to members: 1 when the member's entity registered in the burst window. */
  inBurst: Uint8Array;
  /** `kind:masked value` of the keys that link most entities, at most SHOWN_KEYS. */
  sharedKeys: string[];
  /** All linking keys of the alert. */
  keyCount: number;
  firstCreatedAt: number;
  lastCreatedAt: number;
  /** Member channels, most frequent first, at most SHOWN_CHANNELS. */
  channels: string[];
  burstEntities: number;
  burstSpanMs: number;
  distinctNames: number;
  distinctStreets: number;
  cities: number;
  reason: string;
}

export interface RiskSummary {
  alerts: number;
  /** Alerts at or above the threshold: what the risk team should look at. */
  alerts_high: number;
  members: number;
  threshold: number;
  window_days: number;
  key_cap: number;
  /** Keys linking 2+ entities, per key kind. */
  linking_keys: Record<string, number>;
  /** Keys over the cap: linked nothing; counted per kind, the largest named (masked). */
  capped_keys: { count: number; records: number; by_kind: Record<string, number>; largest: { kind: string; key: string; merchants: number }[] };
}

export interface RiskResult {
  alerts: RiskAlert[];
  /** Cluster index of each record, -1 when not clustered (for the members' cluster_id). */
  clusterOf: Int32Array;
  summary: RiskSummary;
}

/** Entity of each record: its cluster's canonical record, or itself; and its cluster (both shared: workers read them). */
export function entityOf(count: number, clusters: { members: Uint32Array; sizes: Uint32Array }): { entity: Uint32Array; clusterOf: Int32Array } {
  const entity = new Uint32Array(new SharedArrayBuffer(Math.max(count, 1) * 4));
  const clusterOf = new Int32Array(new SharedArrayBuffer(Math.max(count, 1) * 4), 0, count).fill(-1);
  for (let g = 0; g < count; g++) entity[g] = g;
  const { members, sizes } = clusters;
  let at = 0;
  for (let c = 0; c < sizes.length; c++) {
    const end = at + sizes[c]!;
    const canonical = members[at]!;
    for (let k = at; k < end; k++) {
      entity[members[k]!] = canonical;
      clusterOf[members[k]!] = c;
    }
    at = end;
  }
  return { entity, clusterOf };
}

export function buildAlerts(store: FeatureStore, clusters: Pick<Clusters, 'members'>, clusterOf: Int32Array, links: readonly RiskLinks[], cap: number): RiskResult {
  const uf = new UnionFind(store.count);
  const linked = new Uint8Array(store.count);
  for (const l of links) {
    for (let i = 0; i + 1 < l.edges.length; i += 2) {
      uf.union(l.edges[i]!, l.edges[i + 1]!);
      linked[l.edges[i]!] = 1;
      linked[l.edges[i + 1]!] = 1;
    }
  }
  const components = new Map<number, number[]>();
  for (let e = 0; e < store.count; e++) {
    if (linked[e] !== 1) continue;
    const r = uf.find(e);
    const list = components.get(r);
    if (list) list.push(e);
    else components.set(r, [e]);
  }
  const keysOf = new Map<number, number[][]>();
  const linkingKeys: Record<string, number> = {};
  for (const l of links) {
    for (let i = 0; i + BUCKET_WORDS - 1 < l.buckets.length; i += BUCKET_WORDS) {
      const b = Array.from(l.buckets.subarray(i, i + BUCKET_WORDS));
      const rep = b[2]!;
      const root = uf.find(clusterOf[rep]! >= 0 ? clusters.members[clusterOf[rep]!]![0]! : rep);
      const list = keysOf.get(root);
      if (list) list.push(b);
      else keysOf.set(root, [b]);
      const name = RISK_KEY_NAMES[kindOf(b[0]!)]!;
      linkingKeys[name] = (linkingKeys[name] ?? 0) + 1;
    }
  }

  const alerts: RiskAlert[] = [];
  for (const [root, entities] of components) {
    alerts.push(alertOf(store, clusters, clusterOf, entities, keysOf.get(root) ?? []));
  }
  alerts.sort((a, b) => b.severity - a.severity || (a.alertId < b.alertId ? -1 : a.alertId > b.alertId ? 1 : 0));
  let members = 0;
  let high = 0;
  for (const a of alerts) {
    members += a.members.length;
    if (a.severity >= ALERT_THRESHOLD) high++;
  }
  return {
    alerts,
    clusterOf,
    summary: {
      alerts: alerts.length,
      alerts_high: high,
      members,
      threshold: ALERT_THRESHOLD,
      window_days: BURST_WINDOW_MS / DAY_MS,
      key_cap: cap,
      linking_keys: linkingKeys,
      capped_keys: cappedSummary(store, links),
    },
  };
}

function alertOf(store: FeatureStore, clusters: Pick<Clusters, 'members'>, clusterOf: Int32Array, entities: number[], keys: number[][]): RiskAlert {
  const recordsOf = (e: number): ArrayLike<number> => (clusterOf[e]! >= 0 ? clusters.members[clusterOf[e]!]! : [e]);
  const facts: EntityFacts[] = [];
  const records: number[] = [];
  const entityOfMember: number[] = [];
  let first = NaN;
  let last = NaN;
  const channelCounts = new Map<string, number>();
  entities.forEach((e, k) => {
    let time = NaN;
    const rs = recordsOf(e);
    for (let x = 0; x < rs.length; x++) {
      const g = rs[x]!;
      records.push(g);
      entityOfMember.push(k);
      const t = numOf(store, g, NumColumn.CreatedAt);
      if (t === t) {
        if (!(time <= t)) time = t;
        if (!(first <= t)) first = t;
        if (!(last >= t)) last = t;
      }
      const ch = textOf(store, g, TextColumn.Channel);
      if (ch !== '') channelCounts.set(ch, (channelCounts.get(ch) ?? 0) + 1);
    }
    facts.push({
      time,
      nameHash: numOf(store, e, NumColumn.NameHash),
      streetHash: numOf(store, e, NumColumn.StreetHash),
      channel: textOf(store, e, TextColumn.Channel),
      cityCode: numOf(store, e, NumColumn.CityCode),
    });
  });
  const s = severityOf(facts);
  const burstSet = new Set(s.burst);
  const ids = records.map((g) => textOf(store, g, TextColumn.MerchantId));
  const order = records.map((_, i) => i).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const members = Int32Array.from(order, (i) => records[i]!);
  const inBurst = Uint8Array.from(order, (i) => (burstSet.has(entityOfMember[i]!) ? 1 : 0));

  // Keys linking most entities first; then by kind (identity before account before phone …), then value.
  const kindRank = (hi: number): number => RISK_KEY_KINDS.indexOf(kindOf(hi));
  const sorted = keys.slice().sort((x, y) => y[3]! - x[3]! || kindRank(x[0]!) - kindRank(y[0]!) || x[2]! - y[2]!);
  const shown = sorted.slice(0, SHOWN_KEYS).map((b) => {
    const kind = kindOf(b[0]!) as number;
    return `${RISK_KEY_NAMES[kind]}:${maskKey(kind, keyText(store, b[2]!, kind, b[0]!, b[1]!))}`;
  });
  const top = sorted[0];
  const kind = top && top[3]! >= ONE_KEY_SHARE * entities.length ? `shared_${RISK_KEY_NAMES[kindOf(top[0]!)]}` : 'linked_keys';
  const channels = [...channelCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);
  const severity = Math.round(s.severity * 10 ** SEVERITY_DIGITS) / 10 ** SEVERITY_DIGITS;
  const alert: RiskAlert = {
    alertId: alertIdOf(ids[order[0]!]!),
    kind,
    severity,
    parts: s.parts,
    entities: entities.length,
    members,
    inBurst,
    sharedKeys: shown,
    keyCount: keys.length,
    firstCreatedAt: first,
    lastCreatedAt: last,
    channels: channels.slice(0, SHOWN_CHANNELS),
    burstEntities: s.burst.length,
    burstSpanMs: s.burstSpanMs,
    distinctNames: s.distinctNames,
    distinctStreets: s.distinctStreets,
    cities: s.cities,
    reason: '',
  };
  alert.reason = reasonOf(alert, s.topChannel, s.topChannelCount);
  return alert;
}

/** One line a person can read: what is shared, by how many, how fast, how alike. */
function reasonOf(a: RiskAlert, topChannel: string, topChannelCount: number): string {
  const by = a.sharedKeys.length > 0 ? a.sharedKeys[0]!.replace(':', ' ') : 'shared keys';
  const more = a.keyCount > 1 ? ` and ${a.keyCount - 1} more key${a.keyCount > 2 ? 's' : ''}` : '';
  const linked = `${a.entities} merchants linked by ${by}${more}`;
  if (a.burstEntities < 2) {
    const span = a.lastCreatedAt - a.firstCreatedAt;
    return `${linked}, registered over ${span === span ? (span / YEAR_MS).toFixed(1) + ' years' : 'unknown dates'}, never two within 7 days`;
  }
  const days = Math.max(1, Math.ceil(a.burstSpanMs / DAY_MS));
  const agent = topChannelCount >= 2 ? `, ${topChannelCount} through channel ${topChannel}` : '';
  const where = a.cities > 1 ? `, in ${a.cities} cities` : '';
  return `${linked}; ${a.burstEntities} registered within ${days} day${days > 1 ? 's' : ''} with ${a.distinctNames} distinct name${a.distinctNames > 1 ? 's' : ''} and ${a.distinctStreets} distinct street${a.distinctStreets === 1 ? '' : 's'}${agent}${where}`;
}

function alertIdOf(merchantId: string): string {
  const h = new Uint32Array(2);
  hashKey64(merchantId, ALERT_ID_SALT, h, 0);
  return 'A' + h[0]!.toString(16).padStart(8, '0') + h[1]!.toString(16).padStart(8, '0');
}

/** The text of the key (hi, lo) of `kind` on record `g`: a list column is searched for the matching entry. */
function keyText(store: FeatureStore, g: number, kind: number, hi: number, lo: number): string {
  const same = (text: string): boolean => {
    const k = riskKeyOf(kind, text);
    return k.lo === lo && (k.hi & KEY_HASH_MASK_HI) === (hi & KEY_HASH_MASK_HI);
  };
  switch (kind) {
    case KeyKind.Uscc:
      return textOf(store, g, TextColumn.Uscc);
    case KeyKind.IdNumber:
      return textOf(store, g, TextColumn.IdNumber);
    case KeyKind.BankAccount:
      return textOf(store, g, TextColumn.BankAccount);
    case PERSON_KEY_KIND:
      return personKeyText(textOf(store, g, TextColumn.LegalPerson), textOf(store, g, TextColumn.IdNumber));
    case KeyKind.Phone:
      return textOf(store, g, TextColumn.Phones).split(',').find(same) ?? '';
    case KeyKind.Terminal:
      return textOf(store, g, TextColumn.Terminals).split(',').find(same) ?? '';
    default:
      return '';
  }
}

function cappedSummary(store: FeatureStore, links: readonly RiskLinks[]): RiskSummary['capped_keys'] {
  const all: number[][] = [];
  const byKind: Record<string, number> = {};
  let records = 0;
  for (const l of links) {
    for (let i = 0; i + CAPPED_WORDS - 1 < l.capped.length; i += CAPPED_WORDS) {
      const c = Array.from(l.capped.subarray(i, i + CAPPED_WORDS));
      all.push(c);
      const name = RISK_KEY_NAMES[kindOf(c[0]!)]!;
      byKind[name] = (byKind[name] ?? 0) + 1;
      records += c[3]!;
    }
  }
  all.sort((a, b) => b[3]! - a[3]! || a[2]! - b[2]!);
  const largest = all.slice(0, SHOWN_CAPPED).map((c) => {
    const kind = kindOf(c[0]!) as number;
    return { kind: RISK_KEY_NAMES[kind]!, key: maskKey(kind, keyText(store, c[2]!, kind, c[0]!, c[1]!)), merchants: c[3]! };
  });
  return { count: all.length, records, by_kind: byKind, largest };
}
