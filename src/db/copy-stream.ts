/**
 * The one module that speaks COPY on the PostgreSQL wire, through pg-copy-streams: `COPY ... TO STDOUT`
 * read as a byte stream, and `COPY ... FROM STDIN` fed from an iterable of row batches. Everything else in
 * src/db builds the SQL and the rows.
 *
 * Both go through `pipeline()`, so a failure on either side ends the other: a source that throws makes
 * pg-copy-streams send CopyFail, the server rolls the COPY back, and the connection stays usable; a COPY
 * the server refuses rejects the promise with the server's error.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { dbError } from './db-error.js';

/**
 * Streams `COPY (...) TO STDOUT` as it arrives; pieces are cut wherever the socket cut them, not at
 * rows. Abandoning the iteration before its end leaves the connection mid-COPY: end that client.
 */
export async function* copyOut(client: pg.Client, sql: string, doing: string): AsyncGenerator<Buffer, number, undefined> {
  const stream = client.query(copyTo(sql));
  try {
    for await (const piece of stream) yield piece as Buffer;
  } catch (err) {
    throw dbError(err, doing);
  }
  return stream.rowCount;
}

/** Runs `COPY ... FROM STDIN` with the batches of `rows` (whole rows in the COPY's format); returns rows copied. */
export async function copyIn(client: pg.Client, sql: string, rows: Iterable<string | Buffer> | AsyncIterable<string | Buffer>, doing: string): Promise<number> {
  const stream = client.query(copyFrom(sql));
  try {
    await pipeline(Readable.from(rows, { objectMode: false }), stream);
  } catch (err) {
    throw dbError(err, doing);
  }
  return stream.rowCount;
}
