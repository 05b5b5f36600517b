import type { Prng } from './prng.js';
import { WeightedTable } from './weighted-table.js';

/**
 * Chinese personal names. Surname weights are per-mille shares from the 2020 census surname ranking
 * (王 7.1 %, 李 7.0 %, 张 6.7 % …), with a tail of compound surnames. Given names are one or two
 * characters from pools typical of people born 1960-2000, chosen by sex so that the resident ID's
 * sex digit can agree with the name.
 */

const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 71], ['李', 70], ['张', 67], ['刘', 54], ['陈', 46], ['杨', 31], ['黄', 22], ['赵', 20], ['吴', 20],
  ['周', 19], ['徐', 13], ['孙', 12], ['马', 12], ['朱', 11], ['胡', 10], ['郭', 10], ['何', 9], ['林', 9],
  ['高', 9], ['罗', 8], ['郑', 8], ['梁', 7], ['谢', 6], ['宋', 6], ['唐', 6], ['许', 5], ['韩', 5], ['冯', 5],
  ['邓', 5], ['曹', 5], ['彭', 5], ['曾', 5], ['肖', 5], ['田', 4], ['董', 4], ['袁', 4], ['潘', 4], ['于', 4],
  ['蒋', 4], ['蔡', 4], ['余', 4], ['杜', 4], ['叶', 4], ['程', 4], ['苏', 3], ['魏', 3], ['吕', 3], ['丁', 3],
  ['任', 3], ['沈', 3], ['姚', 3], ['卢', 3], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 3], ['陆', 3], ['汪', 3],
  ['范', 3], ['金', 3], ['石', 3], ['廖', 2], ['贾', 2], ['夏', 2], ['韦', 2], ['付', 2], ['方', 2], ['白', 2],
  ['邹', 2], ['孟', 2], ['熊', 2], ['秦', 2], ['邱', 2], ['江', 2], ['尹', 2], ['薛', 2], ['闫', 2], ['段', 2],
  ['雷', 2], ['侯', 2], ['龙', 2], ['史', 2], ['陶', 2], ['黎', 2], ['贺', 2], ['顾', 2], ['毛', 2], ['郝', 2],
  ['龚', 2], ['邵', 2], ['万', 2], ['钱', 2], ['严', 1], ['覃', 1], ['武', 1], ['戴', 1], ['莫', 1], ['孔', 1],
  ['向', 1], ['汤', 1], ['欧阳', 0.3], ['司马', 0.05], ['上官', 0.05], ['诸葛', 0.03],
];
export const SURNAME_TABLE = new WeightedTable(SURNAMES);

const MALE_CHARS = [
  '伟', '强', '磊', '军', '勇', '杰', '涛', '斌', '超', '明', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波', '宇',
  '浩', '凯', '健', '俊', '帆', '帅', '旭', '宁', '龙', '林', '阳', '建', '国', '志', '文', '海', '亮', '东', '峰',
  '成', '晨', '博', '轩', '然', '洋', '兵', '彬', '锋', '斌', '坤', '德', '永', '春', '生', '荣', '忠', '福',
];
const FEMALE_CHARS = [
  '芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '秀', '英', '玲', '桂', '兰', '燕', '萍', '红', '琳', '雪', '婷',
  '倩', '慧', '莉', '佳', '晶', '颖', '琴', '云', '洁', '梅', '欣', '悦', '怡', '丹', '璐', '蓉', '萌', '月', '凤',
];
/** Share of given names with a single character (王伟, 李娜) among adults. */
const SINGLE_CHAR_GIVEN_SHARE = 0.25;

export interface Person {
  readonly surname: string;
  readonly given: string;
  readonly name: string;
  readonly male: boolean;
}

export function makePerson(prng: Prng, surname?: string): Person {
  const family = surname ?? SURNAME_TABLE.pick(prng);
  const male = prng.chance(0.5);
  const pool = male ? MALE_CHARS : FEMALE_CHARS;
  let given = prng.pick(pool);
  if (!prng.chance(SINGLE_CHAR_GIVEN_SHARE)) {
    let second = prng.pick(pool);
    if (second === given && prng.chance(0.7)) second = prng.pick(pool);
    given += second;
  }
  return { surname: family, given, name: family + given, male };
}
