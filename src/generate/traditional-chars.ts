/**
 * Simplified → traditional for the characters common in shop names and addresses. Registrations typed
 * on a traditional-character input method (Hong Kong, Taiwan, Guangdong shop owners) carry these.
 * One-to-one mappings only; ambiguous ones (发 → 發/髮, 面 → 面/麵 in 面对) are taken in their
 * shop-name sense.
 */
const PAIRS =
  '饭飯面麵馆館东東华華广廣龙龍兴興业業贸貿发發万萬丰豐汇匯记記鸡雞鱼魚烧燒汤湯点點乐樂门門车車马馬凤鳳宝寶国國' +
  '际際药藥医醫厅廳园園圆圓云雲庄莊农農鲜鮮虾蝦汉漢饺餃饨飩粮糧优優贝貝买買卖賣货貨铺鋪楼樓场場电電脑腦讯訊话話' +
  '机機丽麗专專经經营營总總实實务務饰飾装裝设設计計长長运運达達个個体體户戶责責网網酱醬饮飲顺順兰蘭庆慶阳陽荣榮' +
  '鸿鴻丝絲织織灯燈饼餅肠腸锅鍋县縣区區岭嶺鸭鴨烟煙';

const TRADITIONAL = new Map<string, string>();
for (let i = 0; i + 1 < PAIRS.length; i += 2) {
  TRADITIONAL.set(PAIRS[i]!, PAIRS[i + 1]!);
}

/** `s` with every mapped character in its traditional form (unchanged when none is mapped). */
export function toTraditional(s: string): string {
  let out = '';
  for (const ch of s) out += TRADITIONAL.get(ch) ?? ch;
  return out;
}
