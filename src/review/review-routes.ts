/**
 * The review console as a fastify plugin: the page at GET /review and its JSON API under /v1/review/.
 * Register it with the server's prefix; the page finds its API relative to its own URL.
 *
 *   GET  /review                              the console (review-page.ts): one HTML page, no build step
 *   GET  /v1/review/summary                   counts, clusters per score band, score histogram
 *   GET  /v1/review/clusters?sort&order&…     the queue (review-queue.ts, QueueFilter)
 *   GET  /v1/review/pairs?band&order&…        pairs, weakest first
 *   GET  /v1/review/clusters/:cluster_id      one cluster (cluster-view.ts); 404 when not current
 *   GET  /v1/review/decisions?cluster_id      decisions, newest first
 *   POST /v1/review/decisions                 record one; 201, 400 invalid, 404 unknown cluster,
 *                                             409 stale version or a merchant no longer in the cluster
 *
 * Errors are `{"error": {"code", "message", "field"}}` as the server's other routes (docs/contract.md).
 */
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import type pg from 'pg';
import { DECISION_KINDS, type DecisionKind } from '../cluster/review-decision.js';
import { DedupError } from '../errors.js';
import { readDecisions, recordDecision } from '../db/decision-table.js';
import { migrate } from '../db/schema-migrations.js';
import { DEFAULT_SCHEMA } from '../db/sql-names.js';
import { readClusterView } from './cluster-view.js';
import { generationRecords, type RecordRelation } from './record-relation.js';
import { reviewPage } from './review-page.js';
import { DECISION_STATES, QUEUE_SORTS, readPairQueue, readQueue, readSummary, type PairFilter, type QueueFilter } from './review-queue.js';
import { SCORE_BANDS, type ScoreBand } from './score-bands.js';

export interface ReviewOptions {
  /** Sessions on the tool's database (db/database.ts Database, or anything with the same withClient). */
  db: { withClient: <T>(f: (client: pg.Client) => Promise<T>) => Promise<T> };
  /** Schema of the tool's tables. @default 'merchant_dedup' */
  schema?: string;
  /** Where raw records are read from. @default the generation's records view, else its source table (record-relation.ts) */
  records?: RecordRelation;
}

/** Longest reviewer name and note kept: a name, a sentence or two; not a document. */
const MAX_REVIEWER = 100;
const MAX_NOTE = 2000;
/** Largest queue page: a screen or an export, never the whole table in one answer. */
const MAX_PAGE = 500;

const STATUS_OF_CODE: Readonly<Record<string, number>> = { E_BAD_ARGS: 400, E_NOT_FOUND: 404, E_CONFLICT: 409 };

const decisionBody = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'cluster_id', 'decided_by'],
  properties: {
    kind: { type: 'string', enum: DECISION_KINDS },
    cluster_id: { type: 'string', minLength: 1, maxLength: 64 },
    merchant_ids: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, maxItems: 2 },
    decided_by: { type: 'string', minLength: 1, maxLength: MAX_REVIEWER, pattern: '\\S' },
    note: { type: ['string', 'null'], maxLength: MAX_NOTE },
    expected_version: { type: 'integer', minimum: 0 },
  },
} as const;

/*
 * Query strings are validated as strings and converted here: the server this plugin is registered on may
 * run its validator with or without type coercion (the check routes refuse coercion), and both must work.
 */
const COUNT = { type: 'string', pattern: '^[0-9]{1,9}$' } as const;

const queueQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sort: { type: 'string', enum: QUEUE_SORTS },
    order: { type: 'string', enum: ['asc', 'desc'] },
    min_size: COUNT,
    max_size: COUNT,
    band: { type: 'string', enum: SCORE_BANDS },
    city: { type: 'string', maxLength: 50 },
    risk: { type: 'string', enum: ['true', 'false'] },
    status: { type: 'string', enum: DECISION_STATES },
    limit: COUNT,
    offset: COUNT,
  },
} as const;

const pairQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    band: { type: 'string', enum: SCORE_BANDS },
    order: { type: 'string', enum: ['asc', 'desc'] },
    limit: COUNT,
    offset: COUNT,
  },
} as const;

type Strings<T> = { [K in keyof T]?: string };

/** A number from a validated COUNT, checked against its range; E_BAD_ARGS (400) naming the field otherwise. */
function count(q: Record<string, string | undefined>, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = q[field];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n >= min && n <= max)) throw new DedupError('E_BAD_ARGS', `querystring/${field} must be between ${min} and ${max}, got ${v}`, { field });
  return n;
}

function queueFilter(q: Strings<QueueFilter>): QueueFilter {
  const raw = q as Record<string, string | undefined>;
  const f: QueueFilter = {};
  if (q.sort !== undefined) f.sort = q.sort as QueueFilter['sort'];
  if (q.order !== undefined) f.order = q.order as 'asc' | 'desc';
  if (q.band !== undefined) f.band = q.band as ScoreBand;
  if (q.city !== undefined) f.city = q.city;
  if (q.status !== undefined) f.status = q.status as QueueFilter['status'];
  if (q.risk !== undefined) f.risk = q.risk === 'true';
  const minSize = count(raw, 'min_size', 2);
  const maxSize = count(raw, 'max_size', 2);
  const limit = count(raw, 'limit', 1, MAX_PAGE);
  const offset = count(raw, 'offset', 0);
  if (minSize !== undefined) f.min_size = minSize;
  if (maxSize !== undefined) f.max_size = maxSize;
  if (limit !== undefined) f.limit = limit;
  if (offset !== undefined) f.offset = offset;
  return f;
}

interface DecisionBody {
  kind: DecisionKind;
  cluster_id: string;
  merchant_ids?: string[];
  decided_by: string;
  note?: string | null;
  expected_version?: number;
}

export const reviewRoutes: FastifyPluginAsync<ReviewOptions> = async (app, opts) => {
  const schema = opts.schema ?? DEFAULT_SCHEMA;
  const records = opts.records ?? generationRecords;
  const db = opts.db;
  // The decisions table must exist before the first decision (a no-op once the schema is current).
  await db.withClient((c) => migrate(c, schema));

  // Encapsulated: applies to these routes only, not to the server's others.
  app.setErrorHandler((err: FastifyError & { details?: { field?: string } }, _req, reply) => {
    if (err.validation) {
      const v = err.validation[0];
      const missing = (v?.params as { missingProperty?: string; additionalProperty?: string } | undefined) ?? {};
      const field = missing.missingProperty ?? missing.additionalProperty ?? v?.instancePath.replace(/^\//, '').split('/')[0] ?? null;
      return reply.code(400).send({ error: { code: 'E_BAD_REQUEST', message: `${err.validationContext ?? 'request'}: ${err.message}`, field: field || null } });
    }
    const status = STATUS_OF_CODE[err.code] ?? err.statusCode ?? 500;
    if (status >= 500) app.log.error(err);
    return reply.code(status).send({ error: { code: err.code ?? 'E_INTERNAL', message: err.message, field: err.details?.field ?? null } });
  });

  app.get('/review', async (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(reviewPage()));

  app.get('/v1/review/summary', async () => db.withClient((c) => readSummary(c, schema)));

  app.get<{ Querystring: Strings<QueueFilter> }>('/v1/review/clusters', { schema: { querystring: queueQuery } }, async (req) => {
    const filter = queueFilter(req.query);
    return db.withClient((c) => readQueue(c, schema, records, filter));
  });

  app.get<{ Querystring: Strings<PairFilter> }>('/v1/review/pairs', { schema: { querystring: pairQuery } }, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const filter: PairFilter = {};
    if (q.band !== undefined) filter.band = q.band as ScoreBand;
    if (q.order !== undefined) filter.order = q.order as 'asc' | 'desc';
    const limit = count(q, 'limit', 1, MAX_PAGE);
    const offset = count(q, 'offset', 0);
    if (limit !== undefined) filter.limit = limit;
    if (offset !== undefined) filter.offset = offset;
    return db.withClient((c) => readPairQueue(c, schema, records, filter));
  });

  app.get<{ Params: { cluster_id: string } }>('/v1/review/clusters/:cluster_id', async (req, reply) => {
    const view = await db.withClient((c) => readClusterView(c, schema, records, req.params.cluster_id));
    if (view === null) return reply.code(404).send({ error: { code: 'E_NOT_FOUND', message: `cluster ${req.params.cluster_id} is not in the current generation`, field: 'cluster_id' } });
    return view;
  });

  app.get<{ Querystring: { cluster_id?: string } }>(
    '/v1/review/decisions',
    { schema: { querystring: { type: 'object', additionalProperties: false, properties: { cluster_id: { type: 'string', maxLength: 64 } } } } },
    async (req) => {
      const all = await db.withClient((c) => (req.query.cluster_id === undefined ? readDecisions(c, schema) : readDecisions(c, schema, 'WHERE cluster_id = $1', [req.query.cluster_id])));
      return { decisions: all.reverse() };
    },
  );

  const known = new Set(Object.keys(decisionBody.properties));
  app.post<{ Body: DecisionBody }>('/v1/review/decisions', {
    schema: { body: decisionBody },
    // Fastify's default validator strips unknown properties (removeAdditional) instead of refusing them;
    // a misspelt field must not pass for a missing one.
    preValidation: async (req, reply) => {
      const body = req.body as unknown as Record<string, unknown> | null;
      const unknown = body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body).find((k) => !known.has(k)) : undefined;
      if (unknown !== undefined) return reply.code(400).send({ error: { code: 'E_BAD_REQUEST', message: `body: unknown field ${JSON.stringify(unknown)}`, field: unknown } });
      return undefined;
    },
  }, async (req, reply) => {
    const b = req.body;
    const recorded = await db.withClient((c) =>
      recordDecision(c, schema, {
        kind: b.kind,
        cluster_id: b.cluster_id,
        merchant_ids: b.merchant_ids ?? [],
        decided_by: b.decided_by.trim(),
        note: b.note ?? null,
        ...(b.expected_version !== undefined && { expected_version: b.expected_version }),
      }),
    );
    return reply.code(201).send(recorded);
  });
};
