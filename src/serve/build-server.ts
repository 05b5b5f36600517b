/**
 * The onboarding check over HTTP (docs/contract.md, "The online check"): fastify 5, JSON-schema validation
 * of the request envelope, @fastify/under-pressure and a bound on requests in flight for overload (503 with
 * Retry-After instead of an unbounded queue), prom-client metrics. All state lives in PostgreSQL: any number
 * of these processes over one database are replicas (docs/online-check.md).
 */
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import pg from 'pg';
import { hasCode } from '../errors.js';
import { insertRegistration, merchantDuplicates, UNDEFINED_TABLE, type PinnedGeneration } from '../db/online-index.js';
import { checkApplicants, registrationKeys, type Applicant, type CheckOutcome, type CheckResult } from '../match/check-records.js';
import { decisionOf } from '../match/decision.js';
import { applyDecisions, type DecisionView } from '../review/apply-decisions.js';
import { DecisionFollower, poolSessions } from '../review/decision-follower.js';
import { reviewRoutes } from '../review/review-routes.js';
import { readApplicant } from '../match/read-applicant.js';
import { GenerationFollower } from './generation-follower.js';
import { CHECK_BODY, DUPLICATES_PARAMS, MAX_RECORDS, REGISTER_BODY } from './request-schemas.js';
import { serviceMetrics } from './service-metrics.js';

export interface ServiceOptions {
  /** Connection string of the database holding the index (never logged). */
  url: string;
  /** Schema of the tool's tables. */
  schema: string;
  /** @default 2 MiB: a full batch of 1,000 records of ~1 KB, with room to spare */
  bodyLimit?: number;
  /** @default MAX_IN_FLIGHT */
  maxInFlight?: number;
}

/** Request bodies larger than this are refused with 413. */
export const BODY_LIMIT = 2 * 1024 * 1024;
/**
 * Requests being answered at once before new ones get 503. A check takes ~1 ms of CPU here and two short
 * queries there: 64 in flight already keeps both cores and the connection pool busy, so more would only
 * queue (growing memory and latency) instead of adding throughput.
 */
export const MAX_IN_FLIGHT = 64;
/** Database sessions per process: enough to overlap round trips on a 2-core machine, few enough for many replicas. */
const POOL_SIZE = 8;
/** Seconds a client is told to wait after a 503. */
const RETRY_AFTER_SECONDS = 1;
/** Event loop delay beyond which under-pressure answers 503: a check waiting this long has already missed its budget. */
const MAX_EVENT_LOOP_DELAY_MS = 200;

interface ErrorBody {
  error: { code: string; message: string; field: string | null };
}

function errorBody(code: string, message: string, field: string | null = null): ErrorBody {
  return { error: { code, message, field } };
}

export interface Service {
  app: FastifyInstance;
  follower: GenerationFollower;
  pool: pg.Pool;
  /** Stops answering, the generation poll and the database sessions. */
  close(): Promise<void>;
}

/** A check result with the review decisions applied; the decision band follows the matches that remain. */
function decided(x: CheckOutcome, applicant: Applicant, view: DecisionView, threshold: number): CheckResult {
  const kept = applyDecisions(applicant.hasId ? applicant.record.merchant_id : null, x.result.matches, view);
  if (kept.dropped === 0 && kept.matches.every((m, i) => m === x.result.matches[i])) return x.result;
  let best = 0;
  for (const m of kept.matches) best = Math.max(best, x.scores.get(m.merchant_id) ?? m.score);
  return { ...x.result, matches: kept.matches, decision: decisionOf(best, threshold) };
}

export async function buildService(o: ServiceOptions): Promise<Service> {
  const pool = new pg.Pool({ connectionString: o.url, max: POOL_SIZE, application_name: 'merchant-dedup serve' });
  // An idle session dropped by the server is replaced on the next request; without a listener it would crash the process.
  pool.on('error', () => undefined);
  const metrics = serviceMetrics();
  const follower = new GenerationFollower(pool, o.schema, (g) => metrics.generation.set(g.generation));
  const maxInFlight = o.maxInFlight ?? MAX_IN_FLIGHT;
  let inFlight = 0;

  const app = Fastify({
    bodyLimit: o.bodyLimit ?? BODY_LIMIT,
    logger: false,
    // Reject, never strip or coerce: an unknown envelope field is the caller's mistake to hear about.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });

  await app.register(underPressure, {
    maxEventLoopDelay: MAX_EVENT_LOOP_DELAY_MS,
    retryAfter: RETRY_AFTER_SECONDS,
    pressureHandler: (_req, reply) => {
      overloaded(reply);
    },
  });

  function overloaded(reply: FastifyReply): FastifyReply {
    return reply.code(503).header('Retry-After', String(RETRY_AFTER_SECONDS)).send(errorBody('E_OVERLOADED', 'the service is overloaded; retry after the Retry-After delay'));
  }

  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/v1/')) return;
    if (inFlight >= maxInFlight) return overloaded(reply);
    inFlight++;
    // 'close' fires once the response is sent or the client went away: a request its client aborted never
    // reaches onResponse, and counting it down only there would leak a slot each time until every request
    // is refused (seen after a 10x overload run whose clients timed out).
    reply.raw.once('close', () => inFlight--);
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ route, method: req.method, status: String(reply.statusCode) });
    metrics.latency.observe({ route, method: req.method }, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((err: FastifyError, _req, reply) => {
    if (err.validation) {
      const v = err.validation[0]!;
      const extra = (v.params as { additionalProperty?: string }).additionalProperty;
      const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      const field = extra !== undefined ? (path === '' ? extra : `${path}.${extra}`) : path === '' ? null : path;
      const message =
        v.keyword === 'maxItems' ? `records: at most ${MAX_RECORDS} records per request` : extra !== undefined ? `unknown field ${field} in the request` : `${field ?? 'body'} ${v.message ?? 'is invalid'}`;
      return reply.code(400).send(errorBody(v.keyword === 'maxItems' ? 'E_TOO_MANY' : 'E_REQUEST', message, field));
    }
    if (hasCode(err, 'E_RECORD')) return reply.code(400).send(errorBody('E_RECORD', err.message, (err as { details?: { field?: string } }).details?.field ?? null));
    if (err.statusCode === 413) return reply.code(413).send(errorBody('E_TOO_LARGE', `request body over ${o.bodyLimit ?? BODY_LIMIT} bytes`));
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) return reply.code(err.statusCode).send(errorBody('E_REQUEST', err.message));
    // Database and internal errors: the message names what failed (never the connection string).
    return reply.code(500).send(errorBody(hasCode(err, 'E_DB') ? 'E_DB' : 'E_INTERNAL', err.message));
  });

  /** Runs `f` on the generation pinned now; once more on a fresh one if that generation was pruned meanwhile. */
  async function pinned<T>(f: (g: PinnedGeneration) => Promise<T>): Promise<T | null> {
    const g = follower.current;
    if (g === null) return null;
    try {
      return await f(g);
    } catch (err) {
      if ((err as { details?: { sqlState?: string } }).details?.sqlState !== UNDEFINED_TABLE) throw err;
      const fresh = await follower.refresh();
      if (fresh === null || fresh.generation === g.generation) throw err;
      return f(fresh);
    }
  }
  const notReady = (reply: FastifyReply): FastifyReply => reply.code(503).header('Retry-After', String(RETRY_AFTER_SECONDS)).send(errorBody('E_NOT_READY', follower.lastError ?? 'the index is not loaded yet'));

  // The review console (GET /review, /v1/review/…) on the same sessions, and its decisions applied to every
  // check: an applicant is told what the next rebuild will say (review/apply-decisions.ts).
  const sessions = poolSessions(pool);
  await app.register(reviewRoutes, { db: sessions, schema: o.schema });
  const decisions = new DecisionFollower(sessions, o.schema);

  app.post('/v1/check', { schema: { body: CHECK_BODY } }, async (req, reply) => {
    const body = req.body as { record?: unknown; records?: unknown[] };
    if ((body.record === undefined) === (body.records === undefined)) {
      return reply.code(400).send(errorBody('E_REQUEST', 'give either "record" or "records"', body.record === undefined ? 'record' : 'records'));
    }
    const applicants = body.records === undefined ? [readApplicant(body.record, 'record', false)] : body.records.map((r, i) => readApplicant(r, `records[${i}]`, false));
    const checked = await pinned(async (g) => ({ g, outcomes: await checkApplicants(pool, g, applicants) }));
    if (checked === null) return notReady(reply);
    const view = await decisions.current();
    return { results: checked.outcomes.map((x, i) => decided(x, applicants[i]!, view, checked.g.params.threshold)) };
  });

  app.post('/v1/merchants', { schema: { body: REGISTER_BODY } }, async (req, reply) => {
    const applicant = readApplicant((req.body as { record: unknown }).record, 'record', true);
    const done = await pinned(async (g) => {
      const { keys, kinds } = registrationKeys(applicant.record, g);
      const client = await pool.connect();
      try {
        return { g, inserted: await insertRegistration(client as unknown as pg.Client, g, applicant.record, keys, kinds) };
      } finally {
        client.release();
      }
    });
    if (done === null) return notReady(reply);
    if (!done.inserted) return reply.code(409).send(errorBody('E_EXISTS', `merchant ${applicant.record.merchant_id} already exists`, 'record.merchant_id'));
    return reply.code(201).send({ merchant_id: applicant.record.merchant_id, generation: done.g.generation });
  });

  app.get('/v1/merchants/:merchant_id/duplicates', { schema: { params: DUPLICATES_PARAMS } }, async (req, reply) => {
    const id = (req.params as { merchant_id: string }).merchant_id;
    const found = await pinned(async (g) => ({ d: await merchantDuplicates(pool, g, id) }));
    if (found === null) return notReady(reply);
    if (found.d === null) return reply.code(404).send(errorBody('E_NOT_FOUND', `no merchant ${id} in the current generation or the registrations`, 'merchant_id'));
    return found.d;
  });

  app.get('/healthz', async (_req, reply) => {
    const g = follower.current;
    if (g === null) return notReady(reply);
    return { status: 'ok', generation: g.generation };
  });

  app.get('/metrics', async (_req, reply) => {
    reply.header('Content-Type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  await follower.refresh();
  follower.start();
  return {
    app,
    follower,
    pool,
    close: async () => {
      follower.stop();
      await app.close();
      await pool.end();
    },
  };
}
