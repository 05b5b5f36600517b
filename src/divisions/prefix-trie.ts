/**
 * Longest-prefix lookup of a fixed set of short names (division names) in running text: a character
 * trie over UTF-16 code units whose edges live in one open-addressing hash table of typed arrays.
 *
 * Why not a Map of names: finding the longest name at a position then means building a substring per
 * candidate length and hashing it, and every such string is garbage. Here a step is one multiply-hash
 * of (node, code unit) and usually one probe; text that starts no name costs one probe, and nothing is
 * allocated. An edge is one (key, child) pair of adjacent int32s, key = node << 16 | unit, so a probe
 * reads one cache line: the table (~10 k edges for GB/T 2260) is too big to stay in L1. The walk visits each character at most once and stops at the first character with no edge,
 * so the answer is the deepest node with a value on the path: the longest name, as required.
 */

/** Load factor of the edge table at most 1/2: linear probing stays short. */
const TABLE_SLACK = 2;
/** Multipliers of the (node, unit) slot hash: odd constants with well-spread bits (Knuth; Murmur3's c1). */
const NODE_MULTIPLIER = 0x9e3779b1;
const UNIT_MULTIPLIER = 0xcc9e2d51;
/** Node 0 is the root, never a child: an edge slot holding child 0 is empty. */
const ROOT = 0;
/** Bits of a UTF-16 code unit in an edge key; node ids get the remaining 15 bits of an int32. */
const UNIT_BITS = 16;
const MAX_NODES = 1 << (31 - UNIT_BITS);
/** int32s per edge slot: key, child. */
const SLOT_WORDS = 2;

export class PrefixTrie<T> {
  private readonly mask: number;
  /** Slot i: edges[2i] = node << 16 | unit, edges[2i + 1] = child (ROOT when the slot is empty). */
  private readonly edges: Int32Array;
  /** Value of the name ending at each node; undefined where no name ends. */
  private readonly values: (T | undefined)[];

  /** `entries`: each name with its value; a name given twice keeps its last value. */
  constructor(entries: Iterable<readonly [string, T]>) {
    const list = [...entries];
    // Built straight into an edge table sized for one edge per code unit (no Map per node: ~10 k Maps
    // were most of the cost of loading the division tables in every worker), then packed into a table
    // sized for the edges there are.
    let units = 0;
    for (const [name] of list) units += name.length;
    const values: (T | undefined)[] = [undefined];
    const draft = new EdgeTable(units);
    for (const [name, value] of list) {
      let node = ROOT;
      for (let i = 0; i < name.length; i++) {
        const c = name.charCodeAt(i);
        let child = draft.child(node, c);
        if (child === ROOT) {
          child = values.length;
          if (child >= MAX_NODES) throw new RangeError(`a prefix trie holds at most ${MAX_NODES} nodes`);
          values.push(undefined);
          draft.add(node, c, child);
        }
        node = child;
      }
      values[node] = value;
    }
    const table = draft.packed(values.length - 1);
    this.mask = table.mask;
    this.edges = table.edges;
    this.values = values;
  }

  private slot(node: number, unit: number): number {
    return edgeSlot(node, unit, this.mask);
  }

  /**
   * Value of the longest name that `text` has at `from`, or null. Values that need the name's length
   * carry it (a caller's match object): returning it separately would allocate per call.
   */
  longestAt(text: string, from: number): T | null {
    const edges = this.edges;
    const mask = this.mask;
    let node = ROOT;
    let best: T | null = null;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const key = (node << UNIT_BITS) | c;
      let slot = this.slot(node, c);
      let child = edges[slot * SLOT_WORDS + 1]!;
      while (child !== ROOT && edges[slot * SLOT_WORDS] !== key) {
        slot = (slot + 1) & mask;
        child = edges[slot * SLOT_WORDS + 1]!;
      }
      if (child === ROOT) break;
      node = child;
      const v = this.values[node];
      if (v !== undefined) best = v;
    }
    return best;
  }
}

/** An open-addressing table of (node, unit) → child edges, at most half full. */
class EdgeTable {
  readonly mask: number;
  readonly edges: Int32Array;

  constructor(capacity: number) {
    let size = 1;
    while (size < capacity * TABLE_SLACK) size *= 2;
    this.mask = size - 1;
    this.edges = new Int32Array(size * SLOT_WORDS);
  }

  /** The child of `node` along `unit`, or ROOT when there is none. */
  child(node: number, unit: number): number {
    const key = (node << UNIT_BITS) | unit;
    let slot = edgeSlot(node, unit, this.mask);
    let child = this.edges[slot * SLOT_WORDS + 1]!;
    while (child !== ROOT && this.edges[slot * SLOT_WORDS] !== key) {
      slot = (slot + 1) & this.mask;
      child = this.edges[slot * SLOT_WORDS + 1]!;
    }
    return child;
  }

  /** Adds an edge not in the table. */
  add(node: number, unit: number, child: number): void {
    let slot = edgeSlot(node, unit, this.mask);
    while (this.edges[slot * SLOT_WORDS + 1] !== ROOT) slot = (slot + 1) & this.mask;
    this.edges[slot * SLOT_WORDS] = (node << UNIT_BITS) | unit;
    this.edges[slot * SLOT_WORDS + 1] = child;
  }

  /** The same edges in a table sized for `edgeCount` of them. */
  packed(edgeCount: number): EdgeTable {
    const out = new EdgeTable(edgeCount);
    for (let slot = 0; slot <= this.mask; slot++) {
      const child = this.edges[slot * SLOT_WORDS + 1]!;
      if (child === ROOT) continue;
      const key = this.edges[slot * SLOT_WORDS]!;
      out.add(key >>> UNIT_BITS, key & ((1 << UNIT_BITS) - 1), child);
    }
    return out;
  }
}

function edgeSlot(node: number, unit: number, mask: number): number {
  return ((Math.imul(node, NODE_MULTIPLIER) ^ Math.imul(unit, UNIT_MULTIPLIER)) >>> 7) & mask;
}
