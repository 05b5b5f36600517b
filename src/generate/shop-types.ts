import { WeightedTable } from './weighted-table.js';

/**
 * Kinds of shop with the ISO 18245 merchant category code acquirers give them, the words a Chinese
 * shop name ends with, and the industry words of a company name (鑫源 + 商贸 + 有限公司).
 * Weights follow the make-up of small-merchant acquiring: food and groceries dominate.
 */
export interface ShopType {
  readonly key: string;
  readonly mcc: string;
  /** The code a second registration is plausibly filed under instead (5812 ↔ 5814). */
  readonly siblingMcc: string;
  readonly weight: number;
  /** What follows the trade name in a shop name: 牛肉面馆, 便利店. */
  readonly products: readonly string[];
  /** Industry words of a company name: 餐饮管理, 商贸. */
  readonly industries: readonly string[];
  /** Share of shops of this kind registered by a company rather than a person. */
  readonly companyShare: number;
  /** Share that list a landline (restaurants and hotels do, nail bars rarely). */
  readonly landlineShare: number;
}

export const SHOP_TYPES: readonly ShopType[] = [
  { key: 'restaurant', mcc: '5812', siblingMcc: '5814', weight: 25, companyShare: 0.2, landlineShare: 0.35,
    products: ['牛肉面馆', '拉面馆', '饺子馆', '川菜馆', '湘菜馆', '火锅店', '烧烤店', '家常菜馆', '酒楼', '大排档', '粥铺', '米粉店',
      '麻辣烫', '小炒馆', '海鲜酒家', '饭店', '面馆', '馄饨店', '烤鱼馆', '东北菜馆', '私房菜', '烤肉店', '羊肉馆', '土菜馆', '串串香'],
    industries: ['餐饮管理', '餐饮服务', '餐饮'] },
  { key: 'fast_food', mcc: '5814', siblingMcc: '5812', weight: 12, companyShare: 0.15, landlineShare: 0.1,
    products: ['快餐店', '汉堡店', '炸鸡店', '奶茶店', '包子铺', '煎饼店', '肉夹馍', '盖浇饭', '凉皮店', '早餐店', '咖啡馆', '甜品店'],
    industries: ['餐饮管理', '食品'] },
  { key: 'grocery', mcc: '5411', siblingMcc: '5499', weight: 15, companyShare: 0.25, landlineShare: 0.2,
    products: ['超市', '便利店', '百货商店', '副食店', '粮油店', '生鲜超市', '购物中心', '小卖部'],
    industries: ['商贸', '超市', '贸易', '商业'] },
  { key: 'food_store', mcc: '5499', siblingMcc: '5411', weight: 7, companyShare: 0.1, landlineShare: 0.1,
    products: ['水果店', '蔬菜店', '干货店', '茶叶店', '熟食店', '卤味店', '土特产店', '零食店', '水果超市'],
    industries: ['食品', '商贸', '农产品'] },
  { key: 'liquor', mcc: '5921', siblingMcc: '5993', weight: 3, companyShare: 0.2, landlineShare: 0.2,
    products: ['烟酒店', '酒行', '名烟名酒', '烟酒商行'], industries: ['商贸', '酒业'] },
  { key: 'bakery', mcc: '5462', siblingMcc: '5814', weight: 3, companyShare: 0.2, landlineShare: 0.2,
    products: ['蛋糕店', '面包房', '烘焙坊', '西饼屋'], industries: ['食品', '餐饮管理'] },
  { key: 'beauty', mcc: '7230', siblingMcc: '7298', weight: 8, companyShare: 0.1, landlineShare: 0.05,
    products: ['理发店', '美发沙龙', '美容院', '美甲店', '造型', '发艺'], industries: ['美容美发', '美容'] },
  { key: 'spa', mcc: '7298', siblingMcc: '7230', weight: 2, companyShare: 0.3, landlineShare: 0.3,
    products: ['足浴店', '按摩店', '养生馆', '推拿馆'], industries: ['健康管理', '养生'] },
  { key: 'pharmacy', mcc: '5912', siblingMcc: '5122', weight: 5, companyShare: 0.5, landlineShare: 0.4,
    products: ['大药房', '药店', '医药店'], industries: ['医药', '药业'] },
  { key: 'department', mcc: '5311', siblingMcc: '5331', weight: 1, companyShare: 0.9, landlineShare: 0.8,
    products: ['百货商场', '百货大楼', '购物广场'], industries: ['百货', '商业', '商贸'] },
  { key: 'variety', mcc: '5331', siblingMcc: '5311', weight: 2, companyShare: 0.2, landlineShare: 0.1,
    products: ['精品店', '十元店', '日用百货', '饰品店'], industries: ['商贸', '日用品'] },
  { key: 'hotel', mcc: '7011', siblingMcc: '7032', weight: 4, companyShare: 0.5, landlineShare: 0.6,
    products: ['宾馆', '酒店', '旅馆', '快捷酒店', '民宿', '招待所'], industries: ['酒店管理', '宾馆'] },
  { key: 'fuel', mcc: '5541', siblingMcc: '5542', weight: 1, companyShare: 0.95, landlineShare: 0.7,
    products: ['加油站'], industries: ['石油', '能源', '石化'] },
  { key: 'clothing', mcc: '5651', siblingMcc: '5621', weight: 6, companyShare: 0.15, landlineShare: 0.05,
    products: ['服装店', '女装店', '童装店', '男装店', '鞋店', '内衣店'], industries: ['服饰', '服装'] },
  { key: 'electronics', mcc: '5732', siblingMcc: '4812', weight: 3, companyShare: 0.3, landlineShare: 0.1,
    products: ['手机店', '数码店', '通讯店', '手机维修'], industries: ['通讯设备', '电子科技', '科技'] },
  { key: 'hardware', mcc: '5251', siblingMcc: '5211', weight: 3, companyShare: 0.25, landlineShare: 0.3,
    products: ['五金店', '建材店', '灯具店', '水电五金'], industries: ['五金', '建材'] },
  { key: 'laundry', mcc: '7216', siblingMcc: '7210', weight: 1, companyShare: 0.1, landlineShare: 0.1,
    products: ['干洗店', '洗衣店'], industries: ['洗涤服务'] },
  { key: 'auto', mcc: '7538', siblingMcc: '7542', weight: 2, companyShare: 0.4, landlineShare: 0.3,
    products: ['汽修店', '汽车维修', '洗车店', '轮胎店', '汽车美容'], industries: ['汽车服务', '汽车维修'] },
  { key: 'florist', mcc: '5992', siblingMcc: '5193', weight: 1, companyShare: 0.05, landlineShare: 0.05,
    products: ['花店', '鲜花店'], industries: ['花卉'] },
  { key: 'optical', mcc: '8043', siblingMcc: '5999', weight: 1, companyShare: 0.3, landlineShare: 0.3,
    products: ['眼镜店', '眼镜行'], industries: ['眼镜'] },
  { key: 'baby', mcc: '5641', siblingMcc: '5945', weight: 1, companyShare: 0.2, landlineShare: 0.1,
    products: ['母婴店', '童装店', '母婴用品'], industries: ['母婴用品', '商贸'] },
  { key: 'stationery', mcc: '5943', siblingMcc: '5942', weight: 1, companyShare: 0.1, landlineShare: 0.1,
    products: ['文具店', '书店', '图文店'], industries: ['文化用品', '图书'] },
  { key: 'pet', mcc: '5995', siblingMcc: '0742', weight: 1, companyShare: 0.1, landlineShare: 0.05,
    products: ['宠物店', '宠物医院'], industries: ['宠物用品'] },
  { key: 'appliance', mcc: '5722', siblingMcc: '5732', weight: 1, companyShare: 0.4, landlineShare: 0.4,
    products: ['家电城', '电器行', '家电'], industries: ['电器', '家电'] },
];

export const SHOP_TYPE_TABLE = new WeightedTable(SHOP_TYPES.map((t) => [t, t.weight] as const));

const byKey = new Map(SHOP_TYPES.map((t) => [t.key, t]));

export function shopType(key: string): ShopType {
  const t = byKey.get(key);
  if (!t) throw new Error(`unknown shop type ${key}`);
  return t;
}
