import { Prng, mix32 } from './prng.js';

/**
 * Street names of a city: the national favourites (every Chinese city has a 中山路 and a 人民路), roads
 * named after its own districts, directional splits (人民北路) and invented two-syllable names for local
 * variety. Seeded by the city code, not the corpus seed, so a city keeps its streets across corpora.
 */

const COMMON_STREETS = [
  '中山路', '人民路', '解放路', '建设路', '建设大道', '和平路', '新华路', '胜利路', '文化路', '长江路', '黄河路',
  '东风路', '光明路', '青年路', '朝阳路', '幸福路', '友谊路', '团结路', '工业路', '迎宾大道', '滨江路', '环城路',
  '北京路', '南京路', '上海路', '解放大道', '民主路', '健康路', '花园路', '学府路', '府前街', '西大街', '东大街',
  '南大街', '北大街', '商业街', '站前路', '体育路', '公园路', '湖滨路', '沿江大道', '世纪大道', '人民大道',
  '新城大道', '科技路', '创业路', '发展大道', '金融街', '五一路', '八一路', '红旗路', '延安路', '中华路',
];
const FIRST_SYLLABLES = [
  '金', '银', '华', '新', '长', '永', '兴', '丰', '安', '康', '宁', '平', '福', '寿', '文', '景', '明', '阳', '春',
  '翠', '青', '龙', '凤', '云', '星', '桂', '梅', '兰', '竹', '松', '荷', '玉', '锦', '天', '海', '江', '湖', '东',
  '西', '南', '北', '振', '育', '德', '崇', '广', '建', '朝', '顺', '通',
];
const SECOND_SYLLABLES = [
  '桥', '湖', '园', '苑', '林', '峰', '泉', '溪', '台', '城', '坊', '门', '江', '河', '山', '岭', '华', '兴', '安',
  '宁', '源', '盛', '丰', '秀', '平', '德', '和', '光', '明', '昌', '阳', '新', '业', '才', '英',
];
const ROAD_SUFFIXES = ['路', '路', '路', '路', '街', '大道', '大街', '巷'];
const DIRECTIONS = ['东', '西', '南', '北', '中'];
/** Share of the national list a city has (not every city has all of them). */
const COMMON_SHARE = 0.6;
/** Invented names per city: with the rest this gives roughly 100-150 streets a city. */
const INVENTED_PER_CITY = 70;

export function streetNamesFor(cityCode: string, districtShorts: readonly string[]): string[] {
  const prng = new Prng(mix32(Number(cityCode)), 0x57ee7);
  const out = new Set<string>();
  for (const s of COMMON_STREETS) if (prng.chance(COMMON_SHARE)) out.add(s);
  for (const d of districtShorts) {
    if (d.length <= 3) out.add(d + (prng.chance(0.7) ? '路' : '大道'));
  }
  // Long roads split into directional sections: 人民路 → 人民北路, 人民南路.
  for (const s of [...out]) {
    if (s.endsWith('路') && s.length === 3 && prng.chance(0.25)) {
      const stem = s.slice(0, -1);
      out.add(stem + prng.pick(DIRECTIONS) + '路');
    }
  }
  for (let i = 0; i < INVENTED_PER_CITY; i++) {
    out.add(prng.pick(FIRST_SYLLABLES) + prng.pick(SECOND_SYLLABLES) + prng.pick(ROAD_SUFFIXES));
  }
  return [...out];
}
