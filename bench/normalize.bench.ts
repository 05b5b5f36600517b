/**
 * Normalization benchmark: `normalizeRecord` records/s on three corpora, plus the component choices
 * measured against their baselines in the same run, with accuracy beside speed:
 *   (a) traditional → simplified: our per-code-unit table vs the opencc-js converter per string;
 *   (b) text folding: `normalizeText` vs the naive pipeline (NFKC, lower case, opencc, regex cleanup);
 *   (c) datum conversion: our GCJ-02 / BD-09 formulas vs gcoord.
 * Corpora: synthetic records built here (always); the corpus generator's output (when it loads);
 * NDJSON files given with `--input FILE` (e.g. a real POI extract).
 * Run compiled: `npm run build && node dist/bench/normalize.bench.js [--input FILE.ndjson]…`
 */

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Converter } from 'opencc-js/t2cn';
import type { MerchantRecord } from '../src/record/merchant-record.js';
import {
  gcj02ToBd09,
  idNumberCheckChar,
  normalizeRecord,
  normalizeText,
  toSimplified,
  toWgs84,
  usccCheckChar,
  wgs84ToGcj02,
} from '../src/normalize/index.js';
import { compact, pad } from './lib/format.js';
import { opsPerSecond, type OpsOptions } from './lib/ops-per-second.js';

const gcoord = createRequire(import.meta.url)('gcoord') as typeof import('gcoord').default;

/** Records in the synthetic and generated corpora. */
const CORPUS_RECORDS = 20_000;
const SYNTHETIC_SEED = 20_240_611;
const GENERATOR_SEED = 1;
/** ms per task; iterations are whole-corpus passes. */
const BENCH: OpsOptions = { timeMs: 2000, minIterations: 5 };
/** The throughput this stage must sustain per core (issue "Foundations", part 4). */
const TARGET_RECORDS_PER_SECOND = 200_000;
const EARTH_RADIUS_M = 6_371_000;

// ---------------------------------------------------------------- synthetic corpus

/** xorshift32: deterministic and dependency-free; quality is irrelevant for picking words. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

const PLACES: readonly (readonly [string, string, string, string, number, number])[] = [
  // province, city, district, area code, lat, lng (WGS-84 centre)
  ['浙江省', '杭州市', '萧山区', '0571', 30.18, 120.26],
  ['浙江省', '杭州市', '西湖区', '0571', 30.26, 120.13],
  ['北京市', '北京市', '朝阳区', '010', 39.92, 116.44],
  ['上海市', '上海市', '浦东新区', '021', 31.22, 121.54],
  ['广东省', '广州市', '天河区', '020', 23.12, 113.36],
  ['江苏省', '南京市', '鼓楼区', '025', 32.07, 118.77],
  ['四川省', '成都市', '武侯区', '028', 30.64, 104.04],
  ['湖北省', '武汉市', '江汉区', '027', 30.6, 114.27],
];
const DIVISION_CODES = ['330109', '330106', '110105', '310115', '440106', '320106', '510107', '420103'];
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹'];
const BRAND_CHARS = [...'瑞幸美宜佳华联永辉盒马鲜丰旺德福鑫源顺发祥和兴隆金银泰安康乐嘉惠民众诚信达通宝新天一品味香'];
const TRADES = ['牛肉面', '拉面馆', '便利店', '超市', '水果店', '鲜花店', '大药房', '理发店', '美容美发', '汽车维修', '五金商行',
  '茶餐厅', '火锅店', '烧烤', '麻辣烫', '包子铺', '面包房', '干洗店', '手机维修', '烟酒店', '眼镜店', '宠物店', '快餐'];
const LEGAL = ['', '', '', '有限公司', '（个体工商户）', '经营部', '商行', '有限责任公司'];
const ROADS = ['中山', '人民', '解放', '建设', '文明', '振宁', '市心北', '新华', '胜利', '长江', '文化', '光明', '青年', '幸福'];
const ROAD_SUFFIXES = ['路', '街', '大道', '东路', '西路', '巷'];
/** Simplified → traditional for the share of names written in traditional characters. */
const TRADITIONAL = new Map([
  ['东', '東'], ['华', '華'], ['发', '發'], ['丰', '豐'], ['乐', '樂'], ['龙', '龍'], ['门', '門'], ['马', '馬'],
  ['鲜', '鮮'], ['面', '麵'], ['药', '藥'], ['维', '維'], ['记', '記'], ['馆', '館'], ['烟', '煙'], ['镜', '鏡'],
]);
const CN_DIGITS = '零一二三四五六七八九';

function syntheticRecords(n: number): MerchantRecord[] {
  const rnd = prng(SYNTHETIC_SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const digits = (k: number): string => Array.from({ length: k }, () => int(0, 9)).join('');
  const chinese = (v: number): string => (v < 10 ? CN_DIGITS[v]! : v < 20 ? '十' + (v % 10 ? CN_DIGITS[v % 10] : '') : CN_DIGITS[Math.floor(v / 10)]! + '十' + (v % 10 ? CN_DIGITS[v % 10] : ''));
  const out: MerchantRecord[] = [];
  for (let i = 0; i < n; i++) {
    const p = Math.floor(rnd() * PLACES.length);
    const [province, city, district, area, lat0, lng0] = PLACES[p]!;
    const shortCity = city.replace(/市$/, '');
    let name = (rnd() < 0.5 ? pick(SURNAMES) + '记' : pick(BRAND_CHARS) + pick(BRAND_CHARS)) + pick(TRADES);
    if (rnd() < 0.2) name = shortCity + name;
    name += pick(LEGAL);
    if (rnd() < 0.25) name += rnd() < 0.5 ? `（${pick(ROADS)}路店）` : `(${pick(ROADS)}店)`;
    if (rnd() < 0.1) name = [...name].map((ch) => TRADITIONAL.get(ch) ?? ch).join('');
    if (rnd() < 0.05) name = name.replace(/[a-z0-9()]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    const house = int(1, 999);
    let address = `${pick(ROADS)}${pick(ROAD_SUFFIXES)}${rnd() < 0.2 && house < 100 ? chinese(house) + '号' : house + (rnd() < 0.2 ? '#' : '号')}`;
    if (rnd() < 0.4) address = (rnd() < 0.5 ? province + city + district : shortCity + district) + address;
    if (rnd() < 0.3) address += `${int(1, 20)}幢${int(1, 4)}单元${int(1, 25)}0${int(1, 9)}室`;
    else if (rnd() < 0.2) address += `${pick(['二楼', '3F', 'B1层', '底商'])}`;
    const phoneKind = rnd();
    const mobile = `1${pick(['3', '5', '8', '9'])}${digits(9)}`;
    const local = `${int(2, 8)}${digits(7)}`;
    const phone = phoneKind < 0.45 ? mobile : phoneKind < 0.65 ? `${area}-${local}` : phoneKind < 0.75 ? `+86 ${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`
      : phoneKind < 0.85 ? `${area}-${local};${mobile}` : phoneKind < 0.9 ? local : null;
    const usccBody = `92${DIVISION_CODES[p]}MA${digits(7)}`;
    const idBody = `${DIVISION_CODES[p]}19${int(50, 99)}${String(int(1, 12)).padStart(2, '0')}${String(int(1, 28)).padStart(2, '0')}${digits(3)}`;
    const [gLat, gLng] = wgs84ToGcj02(lat0 + (rnd() - 0.5) * 0.1, lng0 + (rnd() - 0.5) * 0.1);
    const sys = rnd();
    const [lat, lng] = sys < 0.5 ? [gLat, gLng] : sys < 0.7 ? gcj02ToBd09(gLat, gLng) : [lat0, lng0];
    out.push({
      merchant_id: `S${String(i).padStart(8, '0')}`,
      name,
      uscc: rnd() < 0.6 ? usccBody + (rnd() < 0.03 ? '0' : usccCheckChar(usccBody)) : null,
      legal_person: pick(SURNAMES) + pick(BRAND_CHARS) + (rnd() < 0.5 ? pick(BRAND_CHARS) : ''),
      id_number: rnd() < 0.8 ? idBody + idNumberCheckChar(idBody) : null,
      phone,
      bank_account: rnd() < 0.6 ? `6222 ${digits(4)} ${digits(4)} ${digits(4)} ${digits(3)}` : null,
      province: rnd() < 0.9 ? province : null,
      city: rnd() < 0.5 ? city : shortCity,
      district: rnd() < 0.85 ? district : null,
      address,
      lat: rnd() < 0.95 ? lat : null,
      lng: rnd() < 0.95 ? lng : null,
      coord_sys: sys < 0.5 ? 'gcj02' : sys < 0.7 ? 'bd09' : 'wgs84',
      mcc: pick(['5812', '5411', '5499', '7230', '5912', null]),
      terminal_sns: rnd() < 0.7 ? [`P${digits(13)}`] : [],
      created_at: `20${int(15, 24)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}T${String(int(0, 23)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:00+08:00`,
      channel: `AG${digits(6)}`,
    });
  }
  return out;
}

// ---------------------------------------------------------------- other corpora

function parseNdjson(text: string): MerchantRecord[] {
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as MerchantRecord);
}

/** The corpus generator's output, or null when it cannot run (it is developed alongside). */
async function generatedRecords(n: number): Promise<MerchantRecord[] | null> {
  const dir = await mkdtemp(join(tmpdir(), 'normalize-bench-'));
  try {
    const { generateCorpus } = (await import('../src/generate/index.js')) as {
      generateCorpus: (o: { n: number; seed: number; outDir: string }) => Promise<{ files: { ndjson: string } }>;
    };
    const summary = await generateCorpus({ n, seed: GENERATOR_SEED, outDir: dir });
    return parseNdjson(await readFile(summary.files.ndjson, 'utf8'));
  } catch (err) {
    console.log(`(generated corpus skipped: ${(err as Error).message})`);
    return null;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function inputFiles(argv: readonly string[]): string[] {
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) if (argv[i] === '--input' && argv[i + 1]) files.push(argv[++i]!);
  return files;
}

// ---------------------------------------------------------------- measuring

function metres(a: readonly [number, number], b: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b[0] - a[0]) * rad) / 2) ** 2 +
    Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(((b[1] - a[1]) * rad) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/** Sink for results, so the optimiser cannot drop the work. */
let sink = 0;

// ---------------------------------------------------------------- run

export async function runNormalizeBench(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const corpora: [string, MerchantRecord[]][] = [['synthetic', syntheticRecords(CORPUS_RECORDS)]];
  const generated = await generatedRecords(CORPUS_RECORDS);
  if (generated) corpora.push(['generated', generated]);
  for (const file of inputFiles(argv)) corpora.push([basename(file), parseNdjson(await readFile(file, 'utf8'))]);

  console.log(`normalizeRecord, records/s on one core (target ${compact(TARGET_RECORDS_PER_SECOND)})`);
  for (const [label, records] of corpora) {
    const r = await opsPerSecond({
      normalizeRecord: () => {
        for (const rec of records) sink += normalizeRecord(rec).nameCore.length;
      },
    }, records.length, BENCH);
    const v = r.get('normalizeRecord')!;
    console.log(`  ${pad(label, 18)} ${pad(String(records.length), 7)} records  ${pad(compact(v), 8)} records/s` +
      `  ${v >= TARGET_RECORDS_PER_SECOND ? 'ok' : 'BELOW TARGET'}`);
  }

  // Components, on the names and addresses of all corpora.
  const texts = corpora.flatMap(([, rs]) => rs.flatMap((r) => [r.name, r.address ?? ''])).filter((s) => s !== '');
  const opencc = Converter({ from: 't', to: 'cn' });
  const openccHk = Converter({ from: 'hk', to: 'cn' });
  const punctuation = /[\s\p{P}\p{S}]+/gu;
  const naive = (s: string): string => opencc(s.normalize('NFKC').toLowerCase()).replace(punctuation, '');

  const a = await opsPerSecond({
    'T2S table': () => {
      for (const s of texts) sink += toSimplified(s).length;
    },
    'opencc-js t→cn': () => {
      for (const s of texts) sink += opencc(s).length;
    },
    'opencc-js hk→cn': () => {
      for (const s of texts) sink += openccHk(s).length;
    },
  }, texts.length, BENCH);
  const agree = texts.filter((s) => toSimplified(s) === opencc(s)).length;
  console.log(`\n(a) traditional → simplified, strings/s over ${texts.length} names and addresses`);
  for (const [name, v] of a) console.log(`  ${pad(name, 18)} ${pad(compact(v), 8)} ${(1e9 / v).toFixed(0)} ns/string`);
  console.log(`  table output identical to opencc-js t→cn: ${(100 * agree / texts.length).toFixed(2)}% of strings`);

  const b = await opsPerSecond({
    normalizeText: () => {
      for (const s of texts) sink += normalizeText(s).length;
    },
    'naive pipeline': () => {
      for (const s of texts) sink += naive(s).length;
    },
    'NFKC alone': () => {
      for (const s of texts) sink += s.normalize('NFKC').length;
    },
  }, texts.length, BENCH);
  // Brackets are kept by normalizeText and dropped by the naive regex: compare without them.
  const same = texts.filter((s) => normalizeText(s).replace(/[()]/g, '') === naive(s)).length;
  console.log(`\n(b) text folding, strings/s`);
  for (const [name, v] of b) console.log(`  ${pad(name, 18)} ${pad(compact(v), 8)} ${(1e9 / v).toFixed(0)} ns/string`);
  console.log(`  normalizeText equal to the naive pipeline (brackets aside): ${(100 * same / texts.length).toFixed(2)}% of strings`);

  const points = corpora.flatMap(([, rs]) => rs)
    .filter((r) => typeof r.lat === 'number' && typeof r.lng === 'number' && (r.coord_sys === 'gcj02' || r.coord_sys === 'bd09'));
  const viaGcoord = (r: MerchantRecord): [number, number] => {
    const [lng, lat] = gcoord.transform([r.lng!, r.lat!], r.coord_sys === 'bd09' ? gcoord.BD09 : gcoord.GCJ02, gcoord.WGS84);
    return [lat, lng];
  };
  const c = await opsPerSecond({
    'ours': () => {
      for (const r of points) sink += toWgs84(r.lat, r.lng, r.coord_sys)[0];
    },
    gcoord: () => {
      for (const r of points) sink += viaGcoord(r)[0];
    },
  }, points.length, BENCH);
  let worst = 0;
  for (const r of points) {
    const ours = toWgs84(r.lat, r.lng, r.coord_sys);
    if (!Number.isNaN(ours[0])) worst = Math.max(worst, metres(ours, viaGcoord(r)));
  }
  console.log(`\n(c) GCJ-02 / BD-09 → WGS-84, points/s over ${points.length} points`);
  for (const [name, v] of c) console.log(`  ${pad(name, 18)} ${pad(compact(v), 8)} ${(1e9 / v).toFixed(0)} ns/point`);
  console.log(`  largest distance between ours and gcoord: ${worst.toFixed(3)} m`);
  if (sink === 42) console.log('');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runNormalizeBench();
