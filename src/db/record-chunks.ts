/**
 * Cuts a byte stream (a COPY ... TO STDOUT, a pipe) into chunks of whole records for the scan's stream
 * source. Pieces arrive cut wherever the socket cut them; RecordScanner carries its state from piece to
 * piece, so each byte is scanned once, and a chunk ends at the last record boundary once it holds at
 * least `chunkBytes`. Memory stays at about one chunk plus one piece.
 */
import type { InputFormat } from '../read/input-format.js';
import { RecordScanner } from '../read/record-scanner.js';
import type { RecordChunk } from '../scan/scan-source.js';

export async function* recordChunks(pieces: AsyncIterable<Buffer>, format: InputFormat, chunkBytes: number, firstLine = 1): AsyncGenerator<RecordChunk, void, undefined> {
  const scanner = new RecordScanner(format);
  /** Pieces not yet handed out; the first may start part-way (`headOffset`). */
  let held: Buffer[] = [];
  let headOffset = 0;
  let heldBytes = 0;
  /** Last record boundary seen: piece index in `held` and offset in it, and the lines before it. */
  let cutPiece = -1;
  let cutAt = 0;
  let cutLines = 0;
  /** scanner.lines when the held bytes begin. */
  let linesAtHead = 0;
  let line = firstLine;

  const take = (): RecordChunk => {
    const parts: Buffer[] = [];
    for (let i = 0; i <= cutPiece; i++) parts.push(held[i]!.subarray(i === 0 ? headOffset : 0, i === cutPiece ? cutAt : held[i]!.length));
    const bytes = Buffer.concat(parts);
    const chunk = { bytes, firstLine: line };
    line += cutLines - linesAtHead;
    linesAtHead = cutLines;
    // The rest of the cut piece, and every piece after it, start the next chunk.
    held = held.slice(cutPiece);
    headOffset = cutAt;
    heldBytes -= bytes.length;
    cutPiece = -1;
    return chunk;
  };

  for await (const piece of pieces) {
    if (piece.length === 0) continue;
    held.push(piece);
    heldBytes += piece.length;
    scanner.begin(piece);
    for (let b = scanner.next(); b !== -1; b = scanner.next()) {
      cutPiece = held.length - 1;
      cutAt = b;
      cutLines = scanner.lines;
    }
    if (heldBytes >= chunkBytes && cutPiece !== -1) yield take();
  }
  if (cutPiece !== -1) yield take();
  if (heldBytes > 0) {
    // A last record without a line end (COPY always ends rows with one; a pipe may not).
    const parts = held.slice();
    parts[0] = parts[0]!.subarray(headOffset);
    yield { bytes: Buffer.concat(parts), firstLine: line };
  }
}
