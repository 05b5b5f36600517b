/**
 * An append-only Uint32 / Float64 buffer that doubles when full, so hot loops push numbers without
 * allocating per element. `toShared()` copies the used part into a SharedArrayBuffer so the result can be
 * posted to another thread without a structured-clone copy. A GrowableU32 made `shared` keeps its words on
 * shared memory from the start (and when it grows): a worker can hand its view to another thread as it is,
 * and `clear()` it for reuse once that thread is done with it (scan/shard-scratch.ts).
 */
const INITIAL_CAPACITY = 1024;

export class GrowableU32 {
  data: Uint32Array;
  length = 0;

  constructor(
    capacity = INITIAL_CAPACITY,
    private readonly shared = false,
  ) {
    this.data = this.words(Math.max(capacity, 16));
  }

  /** Empties the array, keeping its capacity. */
  clear(): void {
    this.length = 0;
  }

  push(v: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = v;
  }

  push2(a: number, b: number): void {
    if (this.length + 2 > this.data.length) this.grow(this.length + 2);
    this.data[this.length++] = a;
    this.data[this.length++] = b;
  }

  push3(a: number, b: number, c: number): void {
    if (this.length + 3 > this.data.length) this.grow(this.length + 3);
    this.data[this.length++] = a;
    this.data[this.length++] = b;
    this.data[this.length++] = c;
  }

  private grow(min: number): void {
    let cap = this.data.length * 2;
    while (cap < min) cap *= 2;
    const next = this.words(cap);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  private words(n: number): Uint32Array {
    const words = Math.ceil(n);
    return this.shared ? new Uint32Array(new SharedArrayBuffer(words * 4)) : new Uint32Array(words);
  }

  toShared(): Uint32Array {
    const out = new Uint32Array(new SharedArrayBuffer(this.length * 4));
    out.set(this.data.subarray(0, this.length));
    return out;
  }
}

export class GrowableF64 {
  data: Float64Array;
  length = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.data = new Float64Array(Math.max(capacity, 16));
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  toShared(): Float64Array {
    const out = new Float64Array(new SharedArrayBuffer(this.length * 8));
    out.set(this.data.subarray(0, this.length));
    return out;
  }
}
