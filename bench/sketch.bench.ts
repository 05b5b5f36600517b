/**
 * Sketch-stage benchmark: speed and accuracy on the same synthetic corpus, in one run.
 *   (a) shingle hashing: our pure-JS Murmur3 over code points vs xxhash-wasm h32/h64 per shingle;
 *   (b) MinHash: k-perm, OPH (optimal densification), C-MinHash vs the `minhash` npm package
 *       (baseline) — signatures/s, mean absolute Jaccard error, LSH recall and false-candidate rate;
 *   (c) LSH banding throughput;
 *   plus a check of the `minhash` package's string hash on Chinese shingles, and bigram vs trigram.
 * Run compiled: `npm run build && node dist/bench/sketch.bench.js` (exports runSketchBench for a runner).
 */

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import xxhash from 'xxhash-wasm';
import {
  BAND_KEY_WORDS,
  bandKeys,
  bandKeyToNumber,
  createSketchParams,
  MINHASH_VARIANTS,
  optimalLshParams,
  permutationsFor,
  seededUint32,
  shingleCapacity,
  shingleHashes,
  signatureFunction,
} from '../src/sketch/index.js';
import { compact, pad } from './lib/format.js';
import { opsPerSecond, type OpsOptions } from './lib/ops-per-second.js';

// ---------------------------------------------------------------- corpus

/** Base records per field; each gets one near-duplicate, so 2 × 2 × BASE_RECORDS strings in all. */
const BASE_RECORDS = 1500;
/** Negative pairs: distinct base records sharing a product word or road (hard non-duplicates). */
const NEGATIVE_PAIRS = 3000;
const CORPUS_SEED = 20240611;
/** Sketch seeds accuracy is averaged over, so a lucky seed cannot decide a comparison. */
const ACCURACY_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const THRESHOLD = 0.5;
const K = 2;
const NUM_PERMS = [64, 128, 256];
/** The `minhash` package's default and the size the speed table compares at. */
const BASELINE_NUM_PERM = 128;
/** ms per task; iterations are whole-corpus passes. */
const BENCH: OpsOptions = { timeMs: 1500, minIterations: 5 };

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤'];
const MARKS = ['记', '氏', '家', '大姐', '师傅', '老', '小'];
const BRAND_CHARS = [...'瑞幸美宜佳华联永辉盒马鲜丰旺德福鑫源顺发祥和兴隆金银泰安康乐嘉惠民众诚信达通宝新天一品味香'];
const PRODUCTS = ['牛肉面', '拉面', '米粉', '咖啡', '奶茶', '便利店', '超市', '水果店', '鲜花店', '药房', '大药房', '理发店',
  '美容美发', '汽车维修', '五金店', '茶餐厅', '火锅', '烧烤', '麻辣烫', '包子铺', '饺子馆', '面包房', '蛋糕店', '干洗店',
  '手机维修', '烟酒店', '母婴店', '眼镜店', '宠物店', '洗车行', '快餐', '书店', '文具店', '服装店', '鞋店'];
const DISTRICTS = ['朝阳区', '海淀区', '天河区', '福田区', '武侯区', '江北区', '鼓楼区', '西湖区', '雁塔区', '历下区'];
const ROADS = ['中山', '人民', '解放', '建设', '和平', '新华', '胜利', '长江', '黄河', '文化', '光明', '青年', '幸福', '团结',
  '友谊', '民主', '复兴', '延安', '北京', '南京', '学府', '科技', '工业', '滨江', '湖滨', '东风', '红旗', '振兴'];
const ROAD_SUFFIXES = ['路', '街', '大道', '东路', '西路', '南路', '北路', '巷'];
const TYPO_CHARS = [...'记纪技己家佳加嘉面麪店铺馆館号號路露街阶东冬西希南男北背中钟山珊'];

let draw = 0;
const random = (): number => seededUint32(CORPUS_SEED, 0, draw++) / 2 ** 32;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));

interface Field { text: string; group: string }

function shopName(): Field {
  const product = pick(PRODUCTS);
  const head = random() < 0.5 ? pick(SURNAMES) + pick(MARKS) : pick(BRAND_CHARS) + pick(BRAND_CHARS);
  return { text: (random() < 0.2 ? pick(ROADS) : '') + head + product, group: product };
}

function address(): Field {
  const road = pick(ROADS) + pick(ROAD_SUFFIXES);
  let s = (random() < 0.4 ? pick(DISTRICTS) : '') + road + int(1, 999) + '号';
  if (random() < 0.4) s += int(1, 30) + '栋' + (random() < 0.5 ? int(1, 6) + '单元' : '') + int(101, 2505) + '室';
  else if (random() < 0.3) s += pick(['商铺', '一楼', 'B1层', '底商']);
  return { text: s, group: road };
}

/** 1-2 edits of the kinds registrations differ by: typo/homophone, dropped or added character. */
function nearDuplicate(s: string): string {
  const chars = [...s];
  for (let e = int(1, 2); e > 0; e--) {
    const i = int(0, chars.length - 1);
    const op = random();
    if (op < 0.45) chars[i] = pick(TYPO_CHARS);
    else if (op < 0.75 && chars.length > 3) chars.splice(i, 1);
    else chars.splice(int(0, chars.length), 0, pick(['店', '馆', '铺', '号', '栋', '一', '-']));
  }
  return chars.join('');
}

interface Pair { a: number; b: number; exact: number; duplicate: boolean }

function buildCorpus(): { strings: string[]; pairs: Pair[]; positives: number } {
  const strings: string[] = [];
  const pairs: Pair[] = [];
  const byGroup = new Map<string, number[]>();
  for (const make of [shopName, address]) {
    for (let i = 0; i < BASE_RECORDS; i++) {
      const base = make();
      const at = strings.length;
      strings.push(base.text, nearDuplicate(base.text));
      pairs.push({ a: at, b: at + 1, exact: 0, duplicate: true });
      const group = byGroup.get(base.group) ?? [];
      group.push(at);
      byGroup.set(base.group, group);
    }
  }
  const groups = [...byGroup.values()].filter((g) => g.length > 1);
  for (let i = 0; i < NEGATIVE_PAIRS; i++) {
    const g = pick(groups);
    const a = pick(g);
    const b = pick(g);
    if (a !== b && strings[a] !== strings[b]) pairs.push({ a, b, exact: 0, duplicate: false });
  }
  for (const p of pairs) p.exact = stringJaccard(strings[p.a]!, strings[p.b]!, K);
  return { strings, pairs, positives: pairs.filter((p) => p.exact >= THRESHOLD).length };
}

/** Ground truth on shingle strings (not hashes), so no hash's collisions can flatter it. */
function shingleStrings(s: string, k: number): Set<string> {
  const cps = [...s];
  const out = new Set<string>();
  if (cps.length < k) out.add(s);
  for (let i = 0; i + k <= cps.length; i++) out.add(cps.slice(i, i + k).join(''));
  return out;
}

function stringJaccard(a: string, b: string, k: number): number {
  const sa = shingleStrings(a, k);
  const sb = shingleStrings(b, k);
  let shared = 0;
  for (const x of sa) if (sb.has(x)) shared++;
  return shared / (sa.size + sb.size - shared);
}

// ---------------------------------------------------------------- the minhash npm package (baseline)

interface PackageMinhash { hashvalues: number[]; update(s: string): void; hash(s: string): number; permA: number[]; permB: number[] }
const require = createRequire(import.meta.url);
const { Minhash } = require('minhash') as { Minhash: new (config?: { numPerm?: number; seed?: number }) => PackageMinhash };
const PACKAGE_PRIME = 4294967311;
const PACKAGE_MAX_HASH = 2 ** 32 - 1;

/** The package's documented use: a new Minhash per record, update() per shingle string. */
function packageSignature(s: string, numPerm: number): number[] {
  const m = new Minhash({ numPerm });
  for (const sh of shingleStrings(s, K)) m.update(sh);
  return m.hashvalues;
}

// ---------------------------------------------------------------- helpers

/** Same insertion-sort dedupe as shingles.ts, for the xxhash baselines to produce the same set. */
function sortUnique(out: Uint32Array, count: number): number {
  for (let i = 1; i < count; i++) {
    const v = out[i]!;
    let j = i - 1;
    while (j >= 0 && out[j]! > v) out[j + 1] = out[j--]!;
    out[j + 1] = v;
  }
  let m = count > 0 ? 1 : 0;
  for (let i = 1; i < count; i++) if (out[i] !== out[m - 1]) out[m++] = out[i]!;
  return m;
}

// ---------------------------------------------------------------- run

export async function runSketchBench(): Promise<void> {
  const { strings, pairs, positives } = buildCorpus();
  const maxCap = Math.max(...strings.map((s) => shingleCapacity(s, K)));
  const hashes = new Uint32Array(maxCap);
  const lengths = strings.map((s) => [...s].length);
  console.log(`corpus: ${strings.length} names and addresses (${Math.min(...lengths)}-${Math.max(...lengths)} chars), ` +
    `${pairs.length} eval pairs, ${positives} with Jaccard >= ${THRESHOLD} (k=${K})`);

  // (a) shingle hashing
  const xx = await xxhash();
  const a = await opsPerSecond({
    'murmur3 (ours)': () => {
      for (const s of strings) shingleHashes(s, K, hashes);
    },
    'xxhash-wasm h32': () => {
      for (const s of strings) {
        const n = Math.max(1, s.length - K + 1);
        for (let i = 0; i < n; i++) hashes[i] = xx.h32(s.slice(i, i + K), 0);
        sortUnique(hashes, n);
      }
    },
    'xxhash-wasm h64': () => {
      for (const s of strings) {
        const n = Math.max(1, s.length - K + 1);
        for (let i = 0; i < n; i++) hashes[i] = Number(xx.h64(s.slice(i, i + K)) & 0xffff_ffffn);
        sortUnique(hashes, n);
      }
    },
  }, strings.length, BENCH);
  const ours = a.get('murmur3 (ours)')!;
  console.log(`\n(a) shingle sets, k=${K}, strings/s (sorted, deduplicated)`);
  for (const [name, v] of a) console.log(`  ${pad(name, 18)} ${pad(compact(v), 8)} ×${(v / ours).toFixed(2)} of ours`);

  // (b) signatures: speed at every numPerm, string → shingles → signature
  const shingleSets = strings.map((s) => {
    const h = new Uint32Array(shingleCapacity(s, K));
    return h.subarray(0, shingleHashes(s, K, h));
  });
  const speedTasks: Record<string, () => void> = {};
  for (const numPerm of NUM_PERMS) {
    for (const variant of MINHASH_VARIANTS) {
      const perms = permutationsFor(createSketchParams({ variant, numPerm, bands: 1, rows: 1 }));
      const sign = signatureFunction(perms);
      const sigs = new Uint32Array(strings.length * numPerm);
      speedTasks[`${variant}@${numPerm}`] = () => {
        for (let i = 0; i < strings.length; i++) sign(hashes, shingleHashes(strings[i]!, K, hashes), perms, sigs, i * numPerm);
      };
    }
  }
  speedTasks[`minhash-pkg@${BASELINE_NUM_PERM}`] = () => {
    for (const s of strings) packageSignature(s, BASELINE_NUM_PERM);
  };
  const reused = new Minhash({ numPerm: BASELINE_NUM_PERM });
  speedTasks[`minhash-pkg reused@${BASELINE_NUM_PERM}`] = () => {
    for (const s of strings) {
      reused.hashvalues.fill(PACKAGE_MAX_HASH);
      for (const sh of shingleStrings(s, K)) reused.update(sh);
    }
  };
  const speed = await opsPerSecond(speedTasks, strings.length, BENCH);

  // (b) accuracy, averaged over ACCURACY_SEEDS
  const accuracy = new Map<string, { mae: number; recall: number; falseCand: number }>();
  const below = pairs.filter((p) => p.exact < THRESHOLD).length;
  for (const numPerm of NUM_PERMS) {
    const { bands, rows } = optimalLshParams(THRESHOLD, numPerm);
    for (const variant of MINHASH_VARIANTS) {
      let mae = 0;
      let found = 0;
      let falseCand = 0;
      for (const seed of ACCURACY_SEEDS) {
        const params = createSketchParams({ variant, numPerm, seed, bands, rows });
        const perms = permutationsFor(params);
        const sign = signatureFunction(perms);
        const sigs = new Uint32Array(strings.length * numPerm);
        shingleSets.forEach((h, i) => sign(h, h.length, perms, sigs, i * numPerm));
        const keys = new Uint32Array(strings.length * bands * BAND_KEY_WORDS);
        for (let i = 0; i < strings.length; i++) bandKeys(params, sigs, i * numPerm, keys, i * bands * BAND_KEY_WORDS);
        for (const p of pairs) {
          let equal = 0;
          for (let s = 0; s < numPerm; s++) if (sigs[p.a * numPerm + s] === sigs[p.b * numPerm + s]) equal++;
          mae += Math.abs(equal / numPerm - p.exact);
          let shared = false;
          const ka = p.a * bands * BAND_KEY_WORDS;
          const kb = p.b * bands * BAND_KEY_WORDS;
          for (let w = 0; w < bands * BAND_KEY_WORDS && !shared; w += 2) {
            shared = keys[ka + w] === keys[kb + w] && keys[ka + w + 1] === keys[kb + w + 1];
          }
          if (shared && p.exact >= THRESHOLD) found++;
          if (shared && p.exact < THRESHOLD) falseCand++;
        }
      }
      const runs = ACCURACY_SEEDS.length;
      accuracy.set(`${variant}@${numPerm}`, {
        mae: mae / (runs * pairs.length),
        recall: found / (runs * positives),
        falseCand: falseCand / (runs * below),
      });
    }
  }
  {
    // The package at its default size, banded by direct row comparison (its values exceed uint32).
    const { bands, rows } = optimalLshParams(THRESHOLD, BASELINE_NUM_PERM);
    const sigs = strings.map((s) => packageSignature(s, BASELINE_NUM_PERM));
    let mae = 0;
    let found = 0;
    let falseCand = 0;
    for (const p of pairs) {
      const x = sigs[p.a]!;
      const y = sigs[p.b]!;
      mae += Math.abs(x.filter((v, i) => v === y[i]).length / BASELINE_NUM_PERM - p.exact);
      let shared = false;
      for (let j = 0; j < bands && !shared; j++) {
        shared = true;
        for (let r = j * rows; r < (j + 1) * rows; r++) if (x[r] !== y[r]) shared = false;
      }
      if (shared && p.exact >= THRESHOLD) found++;
      if (shared && p.exact < THRESHOLD) falseCand++;
    }
    accuracy.set(`minhash-pkg@${BASELINE_NUM_PERM}`, { mae: mae / pairs.length, recall: found / positives, falseCand: falseCand / below });
  }
  const baseline = speed.get(`minhash-pkg@${BASELINE_NUM_PERM}`)!;
  const kperm128 = speed.get(`k-perm@${BASELINE_NUM_PERM}`)!;
  console.log(`\n(b) MinHash, string → signature; LSH at t=${THRESHOLD} with optimalLshParams; accuracy over ${ACCURACY_SEEDS.length} seeds`);
  console.log(`  ${pad('variant@numPerm', 26)}${pad('sig/s', 9)}${pad('×pkg', 8)}${pad('×k-perm128', 11)}${pad('MAE', 8)}${pad('recall', 8)}false-cand`);
  for (const [name, v] of speed) {
    const acc = accuracy.get(name);
    const cols = acc ? `${pad(acc.mae.toFixed(4), 8)}${pad(acc.recall.toFixed(4), 8)}${acc.falseCand.toFixed(4)}` : '(accuracy as minhash-pkg)';
    console.log(`  ${pad(name, 26)}${pad(compact(v), 9)}${pad((v / baseline).toFixed(1), 8)}${pad((v / kperm128).toFixed(2), 11)}${cols}`);
  }
  for (const numPerm of NUM_PERMS) {
    const { bands, rows } = optimalLshParams(THRESHOLD, numPerm);
    console.log(`  (numPerm ${numPerm}: ${bands} bands × ${rows} rows)`);
  }

  // (c) banding throughput over k-perm@128 signatures
  const params = createSketchParams({ numPerm: BASELINE_NUM_PERM, threshold: THRESHOLD });
  const perms = permutationsFor(params);
  const sigs = new Uint32Array(strings.length * params.numPerm);
  shingleSets.forEach((h, i) => signatureFunction(perms)(h, h.length, perms, sigs, i * params.numPerm));
  const keyWords = params.bands * BAND_KEY_WORDS;
  const keys = new Uint32Array(strings.length * keyWords);
  const buckets = new Map<number, number>();
  const c = await opsPerSecond({
    'bandKeys': () => {
      for (let i = 0; i < strings.length; i++) bandKeys(params, sigs, i * params.numPerm, keys, i * keyWords);
    },
    'bandKeys + Map<number> count': () => {
      buckets.clear();
      for (let i = 0; i < strings.length; i++) {
        bandKeys(params, sigs, i * params.numPerm, keys, i * keyWords);
        for (let w = i * keyWords; w < (i + 1) * keyWords; w += 2) {
          const key = bandKeyToNumber(keys[w]!, keys[w + 1]!);
          buckets.set(key, (buckets.get(key) ?? 0) + 1);
        }
      }
    },
  }, strings.length, BENCH);
  console.log(`\n(c) LSH banding, ${params.bands} bands × ${params.rows} rows, records/s`);
  for (const [name, v] of c) console.log(`  ${pad(name, 30)} ${compact(v)} (${compact(v * params.bands)} keys/s)`);

  // The minhash package's string hash on Chinese shingles
  console.log(`\nminhash package string hash (Java-style h*31 + c) on this corpus's distinct shingles`);
  const probe = new Minhash({ numPerm: 1 });
  for (const k of [2, 3]) {
    const distinct = new Set<string>();
    for (const s of strings) for (const sh of shingleStrings(s, k)) distinct.add(sh);
    const pkg = new Map<number, string>();
    const mine = new Set<number>();
    const one = new Uint32Array(1);
    let pkgCollisions = 0;
    let example = '';
    for (const sh of distinct) {
      const h = probe.hash(sh);
      const prior = pkg.get(h);
      if (prior !== undefined) {
        pkgCollisions++;
        if (!example) example = `${prior} = ${sh}`;
      } else pkg.set(h, sh);
      shingleHashes(sh, k, one);
      mine.add(one[0]!);
    }
    const expected32 = (distinct.size * (distinct.size - 1)) / 2 / 2 ** 32;
    console.log(`  k=${k}: ${distinct.size} shingles, package collisions ${pkgCollisions}` +
      `${example ? ` (e.g. ${example})` : ''}, ours ${distinct.size - mine.size} (random 32-bit: ${expected32.toFixed(3)})`);
  }
  // All CJK Unified (U+4E00..U+9FFF) bigrams c1c2 hash to 31·c1 + c2 + const: a range of 32·span values.
  // (c1 + 1)·31 + (c2 - 31) = c1·31 + c2, so 张记 (U+5F20 U+8BB0) and U+5F21 U+8B91 collide.
  const span = 0x9fff - 0x4e00;
  const twin = String.fromCodePoint(0x5f20 + 1, 0x8bb0 - 31);
  console.log(`  all ${((span + 1) ** 2 / 1e6).toFixed(0)}M CJK bigrams map to ${32 * span + 1} values` +
    ` (~${Math.round((span + 1) ** 2 / (32 * span + 1))} per value); 张记 vs ${twin}: ` +
    (probe.hash('张记') === probe.hash(twin) ? 'same hash' : 'different hashes'));
  // Double rounding of (a·x + b) % p: a·x needs up to 65 bits, a double keeps 53.
  let wrong = 0;
  let total = 0;
  const pkgPerms = new Minhash({ numPerm: BASELINE_NUM_PERM });
  for (const s of strings.slice(0, 200)) {
    for (const sh of shingleStrings(s, K)) {
      const x = pkgPerms.hash(sh);
      for (let i = 0; i < BASELINE_NUM_PERM; i++) {
        const exact = Number((BigInt(pkgPerms.permA[i]!) * BigInt(x) + BigInt(pkgPerms.permB[i]!)) % BigInt(PACKAGE_PRIME));
        if ((pkgPerms.permA[i]! * x + pkgPerms.permB[i]!) % PACKAGE_PRIME !== exact) wrong++;
        total++;
      }
    }
  }
  console.log(`  (a·x + b) % p in doubles differs from exact integer arithmetic in ${(100 * wrong / total).toFixed(1)}% of ${total} evaluations`);

  // Shingle width on short strings: how well exact Jaccard separates near-duplicates from hard negatives.
  console.log(`\nshingle width: share of pairs with exact Jaccard >= ${THRESHOLD}`);
  for (const k of [1, 2, 3]) {
    const dup = pairs.filter((p) => p.duplicate);
    const neg = pairs.filter((p) => !p.duplicate);
    const share = (ps: Pair[]) => ps.filter((p) => stringJaccard(strings[p.a]!, strings[p.b]!, k) >= THRESHOLD).length / ps.length;
    console.log(`  k=${k}: near-duplicates ${share(dup).toFixed(3)}, hard negatives ${share(neg).toFixed(3)}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runSketchBench();
