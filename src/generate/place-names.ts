/**
 * Word stock for invented names: trade names (字号) are two of these auspicious characters (鑫源, 恒泰,
 * 华兴); malls and buildings are well-known developers' product lines or a trade name plus a suffix.
 */
export const TRADE_CHARS = [
  '鑫', '源', '恒', '泰', '华', '兴', '金', '鼎', '宏', '达', '瑞', '丰', '永', '盛', '旺', '福', '天', '顺', '佳',
  '和', '万', '家', '惠', '民', '聚', '新', '隆', '昌', '荣', '鸿', '嘉', '信', '德', '安', '康', '祥', '百', '汇',
  '通', '博', '诚', '利', '富', '宝', '益', '发', '广', '辉', '腾', '龙', '凤', '美', '欣', '悦', '明', '阳', '海',
  '东', '鹏', '友', '乐', '好', '红', '星', '合', '志', '品', '优', '尚', '君', '晟', '锦', '润', '佰', '禾',
];

export const MALL_NAMES = [
  '万达广场', '吾悦广场', '龙湖天街', '银泰城', '万象城', '大悦城', '印象城', '宝龙广场', '天虹购物中心', '苏宁广场',
  '凯德广场', '来福士广场', '爱琴海购物公园', '王府井百货', '万象汇', '步步高广场', '新世界百货', '银泰百货',
  '时代广场', '中央广场', '金鹰购物中心', '世纪联华', '国际商贸城', '新天地',
];
export const MALL_SUFFIXES = ['广场', '商厦', '购物中心', '商业广场', '商城', '百货大楼'];
export const BUILDING_SUFFIXES = ['大厦', '花园', '小区', '商业广场', '国际', '中心', '公寓', '家园', '综合市场', '农贸市场'];
/** Floors of a mall food court or market level, where most small shops of one address sit. */
export const MALL_FLOORS = [-1, -1, -2, 1, 1, 2, 3, 4, 5];

/** Names generic enough that unrelated shops share them (兰州拉面 is a category, not a chain). */
export const GENERIC_NAMES: readonly (readonly [name: string, shopType: string])[] = [
  ['兰州拉面', 'restaurant'], ['沙县小吃', 'fast_food'], ['黄焖鸡米饭', 'fast_food'], ['重庆小面', 'restaurant'],
  ['东北饺子馆', 'restaurant'], ['桂林米粉', 'restaurant'], ['隆江猪脚饭', 'fast_food'], ['新疆大盘鸡', 'restaurant'],
  ['淮南牛肉汤', 'restaurant'], ['兰州牛肉拉面', 'restaurant'], ['湖南米粉', 'restaurant'], ['煎饼果子', 'fast_food'],
  ['麻辣烫', 'restaurant'], ['刀削面', 'restaurant'], ['水果店', 'food_store'], ['便利店', 'grocery'],
  ['理发店', 'beauty'], ['五金店', 'hardware'], ['小卖部', 'grocery'], ['早餐店', 'fast_food'], ['烟酒店', 'liquor'],
  ['美甲店', 'beauty'], ['手机维修', 'electronics'], ['干洗店', 'laundry'], ['包子铺', 'fast_food'], ['快餐店', 'fast_food'],
];
