import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterIdOf } from '../../src/cluster/cluster-id.js';
import type { Database } from '../../src/db/database.js';
import { runDbScan } from '../../src/db/run-db-scan.js';
import { parseTableName, quoteIdent } from '../../src/db/sql-names.js';
import { stableClusterIds, type NewCluster } from '../../src/db/stable-cluster-ids.js';
import { loadGenerated } from './fixtures.js';
import { dropSchemas, openTestDatabase, rows, uniqueName } from './helpers.js';

const cluster = (...members: string[]): NewCluster => ({ members, scanId: clusterIdOf(members[0]!) });
const previousOf = (groups: Record<string, string[]>): Map<string, string> => new Map(Object.entries(groups).flatMap(([id, ms]) => ms.map((m) => [m, id] as [string, string])));

describe('stableClusterIds', () => {
  it('keeps the id of an unchanged cluster even when its canonical changed, and counts every kind of change', () => {
    const previous = previousOf({ P1: ['a', 'b'], P2: ['c', 'd', 'e', 'f'], P3: ['g', 'h'], P4: ['i', 'j'], P5: ['k', 'l'] });
    const { ids, changes } = stableClusterIds(
      [
        cluster('b', 'a'), // unchanged members, canonical now b
        cluster('c', 'd', 'e'), // the bigger part of split P2
        cluster('f', 'x'), // the smaller part of split P2 with a newcomer
        cluster('g', 'h', 'i', 'j'), // P3 and P4 merged (tie 2-2: the smaller previous id, P3, wins)
        cluster('y', 'z'), // created
      ],
      previous,
    );
    expect(ids.slice(0, 4)).toEqual(['P1', 'P2', clusterIdOf('f'), 'P3']);
    expect(ids[4]).toBe(clusterIdOf('y'));
    expect(changes).toEqual({ created: 1, merged: 1, split: 1, unchanged: 1, changed: 2, dissolved: 1 });
  });

  it('never hands out an id twice nor reuses a previous id for another cluster', () => {
    // P (named after a) splits: {b, c} holds most of it and keeps its id; {a, x} would get the scan's
    // id, a's, which is P's: it gets the id of `a#1` instead.
    const previous = previousOf({ [clusterIdOf('a')]: ['a', 'b', 'c'] });
    const { ids, changes } = stableClusterIds([cluster('a', 'x'), cluster('b', 'c')], previous);
    expect(ids).toEqual([clusterIdOf('a#1'), clusterIdOf('a')]);
    expect(changes).toMatchObject({ split: 1, changed: 2, unchanged: 0 });
  });

  it('is independent of the order of the clusters', () => {
    const previous = previousOf({ P1: ['a', 'b', 'c'], P2: ['d', 'e'] });
    const list = [cluster('a', 'b'), cluster('c', 'd'), cluster('e', 'f')];
    const forward = stableClusterIds(list, previous);
    const backward = stableClusterIds([...list].reverse(), previous);
    expect([...backward.ids].reverse()).toEqual(forward.ids);
    expect(backward.changes).toEqual(forward.changes);
  });
});

let db: Database;
let src: string;
let schema: string;

beforeAll(async () => {
  db = await openTestDatabase();
  src = uniqueName('stable_src');
  schema = uniqueName('stable');
  await loadGenerated(db, `${src}.merchants`, 1500);
});

afterAll(async () => {
  await dropSchemas(db, [src, schema]);
  await db.close();
});

type Membership = Map<string, string[]>;

async function membership(): Promise<Membership> {
  const m: Membership = new Map();
  for (const r of await rows<{ cluster_id: string; merchant_id: string }>(db, `SELECT cluster_id, merchant_id FROM ${quoteIdent(schema)}.clusters ORDER BY merchant_id`)) {
    m.set(r.cluster_id, [...(m.get(r.cluster_id) ?? []), r.merchant_id]);
  }
  return m;
}

describe('cluster ids across a rebuild', () => {
  it('after adding, changing and deleting merchants, every unchanged cluster keeps its id, and the run counts the changes', async () => {
    const table = `${quoteIdent(src)}.merchants`;
    const scan = (): ReturnType<typeof runDbScan> => runDbScan(db, { table: parseTableName(`${src}.merchants`), schema, threads: 1, writeKeys: false });
    await scan();
    const before = await membership();
    const pairsOfSize = (n: number): [string, string[]][] => [...before].filter(([, ms]) => ms.length === n);
    const twos = pairsOfSize(2);
    const big = [...before].filter(([, ms]) => ms.length >= 3);
    expect(twos.length).toBeGreaterThan(10);
    expect(big.length).toBeGreaterThan(2);
    const canonical = async (id: string): Promise<string> =>
      (await rows<{ merchant_id: string }>(db, `SELECT merchant_id FROM ${quoteIdent(schema)}.clusters WHERE cluster_id = $1 AND is_canonical`, [id]))[0]!.merchant_id;

    // Added: an earlier registration of three clusters' canonical records, which become canonical.
    const grown = twos.slice(0, 3);
    for (const [id] of grown) {
      await db.withClient((c) =>
        c.query(`INSERT INTO ${table} SELECT 'ZZ-' || merchant_id, name, uscc, legal_person, id_number, phone, bank_account, province, city, district, address, lat, lng, coord_sys, mcc, terminal_sns, '2000-01-01T00:00:00Z', channel FROM ${table} WHERE merchant_id = $1`, [
          before.get(id)![0],
        ]),
      );
    }
    // Deleted: one member of three pairs.
    const shrunk = twos.slice(3, 6);
    for (const [, ms] of shrunk) await db.withClient((c) => c.query(`DELETE FROM ${table} WHERE merchant_id = $1`, [ms[1]]));
    // Changed: a member of a big cluster becomes an unrelated shop.
    const [changedId, changedMembers] = big[0]!;
    await db.withClient((c) =>
      c.query(
        `UPDATE ${table} SET name = '完全无关的五金店', uscc = NULL, legal_person = NULL, id_number = NULL, phone = NULL, bank_account = NULL,
           address = '无关路999号', terminal_sns = '{}', lat = NULL, lng = NULL WHERE merchant_id = $1`,
        [changedMembers[changedMembers.length - 1]],
      ),
    );

    const r2 = await scan();
    const after = await membership();
    // The guarantee: a cluster with the same members has the same id.
    const sameMembers = [...before].filter(([id, ms]) => JSON.stringify(after.get(id)) === JSON.stringify(ms));
    const unchangedAfter = [...after].filter(([id, ms]) => JSON.stringify(before.get(id)) === JSON.stringify(ms));
    expect(sameMembers.length).toBe(unchangedAfter.length);
    // Every cluster whose members are exactly a previous cluster's kept that cluster's id.
    const previousByMembers = new Map([...before].map(([id, ms]) => [JSON.stringify(ms), id]));
    for (const [id, ms] of after) {
      const was = previousByMembers.get(JSON.stringify(ms));
      if (was !== undefined) expect(id).toBe(was);
    }
    // Grown clusters keep their id although their canonical record, and so the scan's id, changed.
    for (const [id, ms] of grown) {
      expect(after.get(id)).toEqual([...ms, `ZZ-${ms[0]}`].sort());
      const now = await canonical(id);
      expect(now).toBe(`ZZ-${ms[0]}`);
      expect(clusterIdOf(now)).not.toBe(id);
    }
    for (const [id] of shrunk) expect(after.has(id)).toBe(false);
    expect(after.get(changedId)).toEqual(changedMembers.slice(0, -1));

    const [run] = await rows<Record<string, number>>(
      db,
      `SELECT clusters_created, clusters_merged, clusters_split, clusters_unchanged, clusters_changed, clusters_dissolved FROM ${quoteIdent(schema)}.runs WHERE run_id = $1`,
      [r2.runId],
    );
    expect(run).toEqual({
      clusters_created: r2.changes.created,
      clusters_merged: r2.changes.merged,
      clusters_split: r2.changes.split,
      clusters_unchanged: unchangedAfter.length,
      clusters_changed: r2.changes.changed,
      clusters_dissolved: r2.changes.dissolved,
    });
    expect(r2.changes.unchanged).toBe(before.size - 3 - 3 - 1);
    expect(r2.changes.changed).toBeGreaterThanOrEqual(4);
    expect(r2.changes.dissolved).toBe(3);
  });
});
