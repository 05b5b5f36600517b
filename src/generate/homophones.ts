import type { Prng } from './prng.js';

/**
 * Characters that share a pinyin syllable (tone ignored) and are swapped in shop names typed with a
 * pinyin input method: the clerk picks the wrong candidate. Groups hold the characters of trade names,
 * surnames and shop words.
 */
const GROUPS = [
  '鑫新欣心馨', '源元园圆缘', '汇惠会慧', '佳家嘉加', '美每', '祥翔详', '华化桦', '达大', '丰峰风锋枫', '盛胜圣晟',
  '龙隆珑', '福富复府', '瑞睿锐', '宏鸿红洪弘', '明名铭鸣', '荣容蓉融', '昌常长畅', '泰太态', '恒衡', '利力立丽莉',
  '天田甜', '金今津锦', '永勇泳', '德得', '百佰柏', '顺舜', '和合禾河', '通同桐童', '方芳房坊', '记纪季济',
  '店点电', '旺王望', '李里理礼', '张章彰', '刘流留柳', '陈晨辰臣', '杨阳洋扬', '黄皇凰煌', '林琳霖临', '周洲舟州',
  '马玛码', '朱珠', '胡湖虎', '高糕', '罗洛络', '郑正政', '兴星', '安岸', '康抗', '鹏朋蓬', '辉徽晖', '凯铠楷',
];

const GROUP_OF = new Map<string, string>();
for (const g of GROUPS) for (const ch of g) GROUP_OF.set(ch, g);

/** Text after which nothing is swapped: legal forms and brackets are typed from templates, not by hand. */
const PROTECTED_TAIL = /有限|[（(]/;

/**
 * `s` with one character replaced by a same-pinyin one, or null when `s` has no swappable character
 * before its legal form or bracket.
 */
export function homophoneSwap(s: string, prng: Prng): string | null {
  const tail = s.search(PROTECTED_TAIL);
  const end = tail < 0 ? s.length : tail;
  const positions: number[] = [];
  for (let i = 0; i < end; i++) if (GROUP_OF.has(s[i]!)) positions.push(i);
  if (positions.length === 0) return null;
  const at = prng.pick(positions);
  const ch = s[at]!;
  const group = GROUP_OF.get(ch)!;
  let replacement = ch;
  while (replacement === ch) replacement = group[prng.int(group.length)]!;
  return s.slice(0, at) + replacement + s.slice(at + 1);
}
