/**
 * Disjoint-set forest over 0..n-1 with path halving and union by size (Tarjan 1975).
 * Int32Array storage: 8 bytes per element.
 */
export class UnionFind {
  readonly parent: Int32Array;
  private readonly sizes: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.sizes = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  find(x: number): number {
    const p = this.parent;
    while (p[x]! !== x) {
      p[x] = p[p[x]!]!;
      x = p[x]!;
    }
    return x;
  }

  /** Joins the sets of a and b; returns the new root. */
  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if (this.sizes[ra]! < this.sizes[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.sizes[ra]! += this.sizes[rb]!;
    return ra;
  }

  sizeOf(x: number): number {
    return this.sizes[this.find(x)]!;
  }
}
