import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/** Bytes encoded into one buffer before it is handed to the stream. */
const CHUNK_BYTES = 4 * 1024 * 1024;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_BYTES_PER_UNIT = 3;
const LF = 0x0a;

/**
 * Text encoded straight into large buffers (`buf.write`), each buffer written once it is full: no
 * per-line `write`, and no joined intermediate string (joining a batch of CJK lines costs as much as
 * producing them). `flush` waits for `drain` when the stream asks for it (backpressure), so memory
 * stays at a few chunks however long the file.
 */
export class ChunkedFileWriter {
  private readonly stream: WriteStream;
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private offset = 0;
  private failure: Error | null = null;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { highWaterMark: CHUNK_BYTES });
    this.stream.on('error', (err) => {
      this.failure = err;
    });
  }

  add(text: string): void {
    const worst = text.length * MAX_UTF8_BYTES_PER_UNIT + 1;
    if (this.offset + worst > this.chunk.length) {
      this.handOver();
      if (worst > this.chunk.length) this.chunk = Buffer.allocUnsafe(worst);
    }
    this.offset += this.chunk.write(text, this.offset, 'utf8');
  }

  /** `text` and a line feed. */
  addLine(text: string): void {
    this.add(text);
    this.chunk[this.offset++] = LF;
  }

  /** Waits until the stream has room again; call every few thousand lines. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    // Asked of the stream, not remembered: its 'drain' may already have fired while another writer waited.
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.handOver();
    await this.flush();
    this.stream.end();
    await finished(this.stream);
  }

  /** Stop writing after a failure elsewhere; the partial file is left for inspection. */
  destroy(): void {
    this.stream.destroy();
  }

  private handOver(): void {
    if (this.offset === 0) return;
    // The stream keeps the buffer until it is written: hand it over and start a fresh one.
    this.stream.write(this.chunk.subarray(0, this.offset));
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.offset = 0;
  }
}
