/**
 * Chain brands that appear in acquiring data with hundreds of branches: `瑞幸咖啡（西单店）`. A
 * directly-run chain registers each branch through a branch company (分公司, its own USCC); a franchise
 * through the franchisee, usually a 个体工商户.
 */
export interface Brand {
  readonly name: string;
  readonly shopType: string;
  readonly franchise: boolean;
}

type Row = readonly [name: string, shopType: string, franchise: boolean];

const ROWS: readonly Row[] = [
  ['瑞幸咖啡', 'fast_food', false], ['星巴克', 'fast_food', false], ['肯德基', 'fast_food', false],
  ['麦当劳', 'fast_food', false], ['华莱士', 'fast_food', true], ['蜜雪冰城', 'fast_food', true],
  ['喜茶', 'fast_food', false], ['奈雪的茶', 'fast_food', false], ['古茗', 'fast_food', true],
  ['茶百道', 'fast_food', true], ['沪上阿姨', 'fast_food', true], ['正新鸡排', 'fast_food', true],
  ['杨国福麻辣烫', 'restaurant', true], ['张亮麻辣烫', 'restaurant', true], ['海底捞火锅', 'restaurant', false],
  ['西贝莜面村', 'restaurant', false], ['老乡鸡', 'fast_food', false], ['真功夫', 'fast_food', false],
  ['永和大王', 'fast_food', false], ['塔斯汀', 'fast_food', true], ['美宜佳', 'grocery', true],
  ['全家便利店', 'grocery', false], ['7-Eleven', 'grocery', false], ['罗森便利店', 'grocery', false],
  ['便利蜂', 'grocery', false], ['物美超市', 'grocery', false], ['永辉超市', 'grocery', false],
  ['华润万家', 'grocery', false], ['钱大妈', 'food_store', true], ['百果园', 'food_store', true],
  ['老百姓大药房', 'pharmacy', false], ['大参林', 'pharmacy', false], ['益丰大药房', 'pharmacy', false],
  ['一心堂', 'pharmacy', false], ['海王星辰', 'pharmacy', false], ['如家酒店', 'hotel', true],
  ['汉庭酒店', 'hotel', true], ['7天酒店', 'hotel', true], ['锦江之星', 'hotel', true],
  ['中国石化', 'fuel', false], ['中国石油', 'fuel', false], ['名创优品', 'variety', true],
  ['周黑鸭', 'food_store', false], ['绝味鸭脖', 'food_store', true], ['良品铺子', 'food_store', true],
  ['来伊份', 'food_store', true], ['85度C', 'bakery', false], ['好利来', 'bakery', false],
  ['巴黎贝甜', 'bakery', false], ['李宁', 'clothing', true], ['安踏', 'clothing', true],
];

export const BRANDS: readonly Brand[] = ROWS.map(([name, shopType, franchise]) => ({ name, shopType, franchise }));
