/**
 * The blocking keys of one record: LSH band keys of its name core within its city, and one exact key per
 * strong field.
 * This is the key recipe of the dedup index: the batch scan and the online check both build keys here,
 * and KEY_RECIPE_VERSION is persisted with every generation (match/match-params.ts), so keys built by a
 * different recipe are refused rather than looked up. Bump it whenever a key's text, scope or salt changes.
 *
 * In a batch, keys go to key partition `lo % partitions` as [hi, lo, localRecord] triples. Scratch arrays
 * are sized once per emitter; emitting allocates nothing.
 */
import { bandKeys } from '../sketch/band-keys.js';
import { permutationsFor, type Permutations, type SignatureFunction, type SketchParams } from '../sketch/minhash-params.js';
import { signatureFunction } from '../sketch/minhash.js';
import { fmix32, shingleCapacity, shingleHashes } from '../sketch/shingles.js';
import type { GrowableU32 } from '../store/growable-array.js';
import { hashJoinedKey64, hashKey64 } from './key-hash.js';
import { KeyKind, withKind } from './key-kinds.js';
import { TRADE_WORDS, tradeWordHashes } from './trade-words.js';

/**
 * Version of the key recipe below (which keys, their text, city scoping, trade words, salts). 2: name
 * cores with equivalent spellings folded (normalize/name-equivalents.ts). 3: the NameCell key.
 */
export const KEY_RECIPE_VERSION = 3;

/** Trade words are bigrams: they are only filtered from bigram sketches. */
const TRADE_WORD_LENGTH = 2;

/** What keys are made of: normalized fields, '' (or empty lists) when missing or invalid. */
export interface KeySource {
  nameCore: string;
  /** GB/T 2260 city code, '' when unknown. */
  cityCode: string;
  /** Geo grid cell of the coordinates (store/geo-cell.ts), NaN without them. */
  geoCell: number;
  /** Road + number, '' when the address has no number. */
  street: string;
  phones: readonly string[];
  /** Valid uscc only. */
  uscc: string;
  /** Valid resident id only. */
  idNumber: string;
  bankAccount: string;
  terminals: readonly string[];
}

/** Names longer than this are sketched on their first MAX_SKETCH_CHARS characters (names are short). */
const MAX_SKETCH_CHARS = 64;

/** Where an emitter puts keys. */
export interface KeySink {
  push(hi: number, lo: number, local: number): void;
}

/** The batch sink: key partition `lo % partitions`, [hi, lo, localRecord] triples. */
export class PartitionedKeys implements KeySink {
  constructor(readonly partitions: GrowableU32[]) {}

  push(hi: number, lo: number, local: number): void {
    this.partitions[lo % this.partitions.length]!.push3(hi, lo, local);
  }
}

/** The keys of one record, as flat [hi, lo, …] words (duplicates kept: two equal phones give one key twice). */
export function recordKeys(src: KeySource, params: SketchParams): Uint32Array {
  const out: number[] = [];
  new RecordKeyEmitter(params, { push: (hi, lo) => void out.push(hi, lo) }).emit(src, 0);
  return Uint32Array.from(out);
}

export class RecordKeyEmitter {
  private readonly perms: Permutations;
  private readonly sign: SignatureFunction;
  private readonly shingles: Uint32Array;
  private readonly signature: Uint32Array;
  private readonly bands: Uint32Array;
  private readonly hash = new Uint32Array(2);
  /** Trade-word shingle hashes, ascending: a binary search allocates nothing, where `Set.has` boxes
   * every hash above 2^30 into a heap number. */
  private readonly tradeWords = Uint32Array.from(tradeWordHashes()).sort();

  constructor(
    private readonly params: SketchParams,
    private readonly sink: KeySink,
  ) {
    this.perms = permutationsFor(params);
    this.sign = signatureFunction(this.perms);
    this.shingles = new Uint32Array(shingleCapacity('x'.repeat(MAX_SKETCH_CHARS), 1));
    this.signature = new Uint32Array(params.numPerm);
    this.bands = new Uint32Array(params.bands * 2);
  }

  emit(src: KeySource, local: number): void {
    const name = src.nameCore.length > MAX_SKETCH_CHARS ? src.nameCore.slice(0, MAX_SKETCH_CHARS) : src.nameCore;
    if (name.length > 0) {
      const n = this.distinctiveShingles(name);
      this.sign(this.shingles, n, this.perms, this.signature, 0);
      bandKeys(this.params, this.signature, 0, this.bands, 0);
      // Bands are scoped to the city: a duplicate registration is a shop in one place, and without the
      // scope a common bigram (超市, 小吃) joins shops across the whole country into giant buckets.
      hashKey64(src.cityCode, KeyKind.NameBand, this.hash, 0);
      const cityHi = this.hash[0]!;
      const cityLo = this.hash[1]!;
      for (let j = 0; j < this.params.bands; j++) {
        const hi = fmix32(this.bands[2 * j]! ^ cityHi);
        const lo = fmix32(this.bands[2 * j + 1]! ^ cityLo);
        this.push(withKind(KeyKind.NameBand, hi), lo, local);
      }
      if (src.cityCode !== '') this.joined(KeyKind.NameCity, name, src.cityCode, local);
      if (src.geoCell === src.geoCell) {
        const token = leadingDistinctiveBigram(name);
        if (token !== '') this.joined(KeyKind.NameCell, token, src.geoCell, local);
      }
    }
    if (src.street !== '' && src.cityCode !== '') this.joined(KeyKind.AddressCity, src.street, src.cityCode, local);
    if (src.uscc !== '') this.exact(KeyKind.Uscc, src.uscc, local);
    if (src.idNumber !== '') this.exact(KeyKind.IdNumber, src.idNumber, local);
    if (src.bankAccount !== '') this.exact(KeyKind.BankAccount, src.bankAccount, local);
    for (const p of src.phones) this.exact(KeyKind.Phone, p, local);
    for (const t of src.terminals) this.exact(KeyKind.Terminal, t, local);
  }

  /**
   * Shingles of the name into `this.shingles` without trade-word bigrams (see trade-words.ts), unless the
   * name has nothing else: 便利店 alone keeps its shingles. Returns their count.
   */
  private distinctiveShingles(name: string): number {
    const sh = this.shingles;
    const n = shingleHashes(name, this.params.shingleK, sh);
    if (this.params.shingleK !== TRADE_WORD_LENGTH) return n;
    let kept = 0;
    for (let i = 0; i < n; i++) if (!this.isTradeWord(sh[i]!)) sh[kept++] = sh[i]!;
    // Kept shingles stay ascending (a filtered sorted set); a name of trade words only is sketched whole.
    return kept > 0 ? kept : shingleHashes(name, this.params.shingleK, sh);
  }

  private isTradeWord(h: number): boolean {
    const words = this.tradeWords;
    let lo = 0;
    let hi = words.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const w = words[mid]!;
      if (w === h) return true;
      if (w < h) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** The key of `a + '|' + b` (see `hashJoinedKey64`). */
  private joined(kind: KeyKind, a: string, b: string | number, local: number): void {
    hashJoinedKey64(a, b, kind, this.hash, 0);
    this.push(withKind(kind, this.hash[0]!), this.hash[1]!, local);
  }

  private exact(kind: KeyKind, text: string, local: number): void {
    hashKey64(text, kind, this.hash, 0);
    this.push(withKind(kind, this.hash[0]!), this.hash[1]!, local);
  }

  private push(hi: number, lo: number, local: number): void {
    this.sink.push(hi, lo, local);
  }
}

const TRADE_WORD_SET = new Set(TRADE_WORDS);

/** The first bigram of a name core after any leading trade words (超市百乡缘 → 百乡); '' when there is none. */
export function leadingDistinctiveBigram(name: string): string {
  let i = 0;
  while (i + TRADE_WORD_LENGTH <= name.length) {
    const bigram = name.slice(i, i + TRADE_WORD_LENGTH);
    if (!TRADE_WORD_SET.has(bigram)) return bigram;
    i += TRADE_WORD_LENGTH;
  }
  return '';
}

/** Key partition and hash of a merchant_id, for the duplicate-id check. */
export function emitIdKey(merchantId: string, local: number, out: GrowableU32[], scratch: Uint32Array): void {
  hashKey64(merchantId, MERCHANT_ID_SALT, scratch, 0);
  out[scratch[1]! % out.length]!.push3(scratch[0]!, scratch[1]!, local);
}
/** Salt of merchant_id hashes (a key space of its own, never mixed with blocking keys). */
const MERCHANT_ID_SALT = 0x1d;
