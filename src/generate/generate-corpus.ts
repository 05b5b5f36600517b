import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MERCHANT_FIELDS, type MerchantRecord } from '../record/merchant-record.js';
import { csvRow } from '../write/csv-format.js';
import { ChunkedFileWriter } from './chunked-file-writer.js';
import { planCorpus } from './corpus-plan.js';
import { renderRecord } from './entity-draft.js';
import { makeEntityDraft } from './entity-factory.js';
import { ENTITY_KINDS, KIND_ENTITY, KIND_RING } from './entity-kind.js';
import { resolveGenerateOptions, type GenerateOptions } from './generate-options.js';
import { makeGeneratorContext } from './generator-context.js';
import { makeGroupProfile } from './group-profile.js';
import { merchantIdAt, merchantIdKeys } from './merchant-id.js';
import { hashSeed, Prng } from './prng.js';
import { renderVariant } from './variation.js';

/**
 * `merchant-dedup generate`: a deterministic synthetic corpus of Chinese merchant registrations with
 * planted duplicates, hard negatives and registration rings, plus the truth that labels them.
 *
 * Records are produced in shuffled output order, each regenerated from its entity's seed (group
 * profile → original draft → variations of registration k), so memory holds only the typed-array plan
 * (≈ 9 bytes a record) and a few output buffers whatever N is.
 */
export interface GenerateSummary {
  records: number;
  entities: number;
  /** Entities registered two or more times. */
  duplicateEntities: number;
  /** Registrations beyond each entity's first: records − entities. */
  duplicateRecords: number;
  rings: number;
  ringMembers: number;
  /** Entities per kind (entity, chain_branch, mall, generic, family, ring). */
  entitiesByKind: Record<string, number>;
  files: { ndjson: string; csv: string; truth: string };
  /** Wall time from options check to the last file closed. */
  ms: number;
}

export const TRUTH_COLUMNS = ['merchant_id', 'entity_id', 'ring_id', 'variant', 'kind'] as const;
/** Records between backpressure checks: a few megabytes of output. */
const BATCH_RECORDS = 5_000;
const GROUP_PROFILE_STREAM = 0x6e0;
const ENTITY_ID_DIGITS = 8;
const RING_ID_DIGITS = 5;

function csvLine(r: MerchantRecord): string {
  return csvRow([
    r.merchant_id, r.name, r.uscc, r.legal_person, r.id_number, r.phone, r.bank_account, r.province, r.city, r.district,
    r.address, r.lat, r.lng, r.coord_sys, r.mcc, r.terminal_sns.join(';'), r.created_at, r.channel,
  ]);
}

export async function generateCorpus(options: GenerateOptions): Promise<GenerateSummary> {
  const o = resolveGenerateOptions(options);
  const started = performance.now();
  const plan = planCorpus(o);
  const ctx = makeGeneratorContext(o.seed, o.invalidShare, o.skew);
  const ids = merchantIdKeys(o.seed);

  await mkdir(o.outDir, { recursive: true });
  const files = { ndjson: join(o.outDir, 'merchants.ndjson'), csv: join(o.outDir, 'merchants.csv'), truth: join(o.outDir, 'truth.csv') };
  const ndjson = new ChunkedFileWriter(files.ndjson);
  const csv = new ChunkedFileWriter(files.csv);
  const truth = new ChunkedFileWriter(files.truth);
  const writers = [ndjson, csv, truth];
  try {
    csv.add(csvRow(MERCHANT_FIELDS));
    truth.add(csvRow(TRUTH_COLUMNS));
    const prng = new Prng(0);
    const times: number[] = [];
    const tags: string[] = [];
    for (let r = 0; r < plan.records; r++) {
      const e = plan.recordEntity[r]!;
      const copy = plan.recordCopy[r]!;
      const g = plan.entityGroup[e]!;
      const kind = plan.groupKind[g]!;
      const index = e - plan.groupFirstEntity[g]!;
      const groupSeed = hashSeed(o.seed, g);
      const profile = kind === KIND_ENTITY ? null : makeGroupProfile(kind, prng.reseed(groupSeed, GROUP_PROFILE_STREAM), ctx);
      const entitySeed = hashSeed(groupSeed, index);
      const draft = makeEntityDraft(kind, profile, index, plan.entityCopies[e]!, prng.reseed(entitySeed, 0), ctx, times);
      const id = merchantIdAt(ids, r);
      tags.length = 0;
      let record: MerchantRecord;
      if (copy === 0) record = renderRecord(draft, id);
      else {
        draft.createdAt = times[copy]!;
        record = renderVariant(draft, id, prng.reseed(entitySeed, copy), ctx, tags);
      }
      ndjson.addLine(JSON.stringify(record));
      csv.add(csvLine(record));
      const ring = plan.groupRing[g]!;
      truth.add(csvRow([
        id,
        'E' + String(e).padStart(ENTITY_ID_DIGITS, '0'),
        ring >= 0 ? 'R' + String(ring + 1).padStart(RING_ID_DIGITS, '0') : null,
        copy === 0 ? 'original' : tags.join('+'),
        ENTITY_KINDS[kind],
      ]));
      if ((r + 1) % BATCH_RECORDS === 0) for (const w of writers) await w.flush();
    }
    for (const w of writers) await w.close();
  } catch (err) {
    for (const w of writers) w.destroy();
    throw err;
  }

  const entitiesByKind: Record<string, number> = Object.fromEntries(ENTITY_KINDS.map((k) => [k, 0]));
  for (let e = 0; e < plan.entities; e++) entitiesByKind[ENTITY_KINDS[plan.groupKind[plan.entityGroup[e]!]!]!]! += 1;
  return {
    records: plan.records,
    entities: plan.entities,
    duplicateEntities: plan.duplicateEntities,
    duplicateRecords: plan.records - plan.entities,
    rings: plan.rings,
    ringMembers: entitiesByKind[ENTITY_KINDS[KIND_RING]]!,
    entitiesByKind,
    files,
    ms: Math.round(performance.now() - started),
  };
}
