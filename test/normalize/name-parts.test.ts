import { describe, expect, it } from 'vitest';
import { parseName } from '../../src/normalize/name-parts.js';
import { NO_DIVISIONS, resolveRecordDivisions } from '../../src/normalize/record-divisions.js';

const HANGZHOU_XIAOSHAN = resolveRecordDivisions('浙江省', '杭州市', '萧山区');
const BEIJING_CHAOYANG = resolveRecordDivisions('北京市', '北京市', '朝阳区');

const parts = (name: string, ctx = HANGZHOU_XIAOSHAN) => {
  const p = parseName(name, ctx);
  return [p.prefix, p.core, p.legalForm, p.branch];
};

describe('parseName: branches', () => {
  it('takes a trailing bracket group as the branch, without its final 店', () => {
    expect(parts('吉祥馄饨（振宁路店）')).toEqual(['', '吉祥馄饨', '', '振宁路']);
    expect(parts('吉祥馄饨(振宁路)')).toEqual(['', '吉祥馄饨', '', '振宁路']);
    expect(parts('纤美美容美体生活馆(盈丰分店)')).toEqual(['', '纤美美容美体生活馆', '', '盈丰']);
  });

  it('keeps a branch that repeats the brand apart from the core', () => {
    expect(parts('东风日产宝森专营店(宝森专营店)')).toEqual(['', '东风日产宝森专营', '店', '宝森专营']);
  });

  it('joins several trailing groups', () => {
    expect(parts('农商银行（宁围支行）(利一分理处)')).toEqual(['', '农商银行', '', '宁围支行利一分理处']);
  });

  it('keeps a bracket group in the middle of the name inline', () => {
    expect(parts('杭州(国际)花园酒店')).toEqual(['杭州', '国际花园酒店', '', '']);
  });

  it('takes a space-separated last word only when it looks like a branch', () => {
    expect(parts('传世骨头饭 佳境天城店')).toEqual(['', '传世骨头饭', '', '佳境天城']);
    expect(parts('熊蓉 凤鲜花店')).toEqual(['', '熊蓉凤鲜花', '店', '']);
  });

  it('takes an explicit 分公司/支行/分店 suffix with its place', () => {
    expect(parts('芝麻开门萧山分公司')).toEqual(['', '芝麻开门', '', '萧山分公司']);
    expect(parts('中国农业银行盈丰支行')).toEqual(['', '中国农业银行', '', '盈丰支行']);
    expect(parts('晓风民宿分店')).toEqual(['', '晓风民宿', '', '分店']);
  });

  it('takes a place + 店 after a shop-type word', () => {
    expect(parts('乐多多超市丰东店')).toEqual(['', '乐多多超市', '', '丰东']);
    expect(parts('果丁酒店世纪新城店')).toEqual(['', '果丁酒店', '', '世纪新城']);
  });

  it('never takes a bare …店 as a branch', () => {
    expect(parts('汇文书店')).toEqual(['', '汇文书', '店', '']);
    expect(parts('喜士多便利店')).toEqual(['', '喜士多便利', '店', '']);
  });
});

describe('parseName: legal forms', () => {
  it('separates company suffixes, longest first', () => {
    expect(parts('浙江万丰供销有限公司')).toEqual(['浙江', '万丰供销', '有限公司', '']);
    expect(parts('宏达科技股份有限公司')).toEqual(['', '宏达科技', '股份有限公司', '']);
    expect(parts('宏达科技有限责任公司')).toEqual(['', '宏达科技', '有限责任公司', '']);
  });

  it('gives 商行 and 商店 variants of one shop the same core', () => {
    expect(parseName('康乐副食商行', NO_DIVISIONS).core).toBe(parseName('康乐副食商店', NO_DIVISIONS).core);
  });

  it('reads 个体工商户 in brackets, traditional or leading', () => {
    expect(parts('南京市刘記烘焙坊(個體工商戶)', NO_DIVISIONS)).toEqual(['南京市', '刘记烘焙坊', '个体工商户', '']);
    expect(parts('个体户于倩')).toEqual(['', '于倩', '个体户', '']);
  });

  it('keeps 店 inside 酒店 and 饭店', () => {
    expect(parts('万和商务酒店')).toEqual(['', '万和商务酒店', '', '']);
    expect(parts('丽娟饭店')).toEqual(['', '丽娟饭店', '', '']);
  });
});

describe('parseName: leading divisions', () => {
  it('takes full division names and the record’s own short names', () => {
    expect(parts('北京市朝阳区望京烤鸭店', BEIJING_CHAOYANG)).toEqual(['北京市朝阳区', '望京烤鸭', '店', '']);
    expect(parts('杭州萧山标牌厂')).toEqual(['杭州萧山', '标牌厂', '', '']);
  });

  it('reads an old county-level 市 after a short name before a town', () => {
    expect(parts('萧山市宁围镇中心小学')).toEqual(['萧山市', '宁围镇中心小学', '', '']);
  });

  it('keeps place names that name a cuisine elsewhere', () => {
    expect(parts('兰州拉面')).toEqual(['', '兰州拉面', '', '']);
    expect(parts('福建沙县小吃')).toEqual(['', '福建沙县小吃', '', '']);
    expect(parts('嵊州小吃')).toEqual(['', '嵊州小吃', '', '']);
  });

  it('reports the code of the deepest division of the prefix', () => {
    expect(parseName('杭州萧山标牌厂', HANGZHOU_XIAOSHAN).prefixDivisionCode).toBe('330109');
  });

  it('never leaves an empty core', () => {
    const p = parseName('(盈丰店)', HANGZHOU_XIAOSHAN);
    expect(p.core).toBe('盈丰店');
    expect(p.branch).toBe('');
    expect(parseName('萧山区', HANGZHOU_XIAOSHAN).core).toBe('萧山区');
  });
});
