import { describe, expect, it } from 'vitest';
import { normalizeRecord } from '../../src/normalize/normalize-record.js';
import type { MerchantRecord } from '../../src/record/merchant-record.js';
import { appendMerchant } from '../../src/store/append-merchant.js';
import { FeatureStoreBuilder } from '../../src/store/feature-store-builder.js';
import { soundAlike } from '../../src/verify/homophones.js';
import { BLANK_RECORD } from '../fixtures/blank-record.js';
import { CONTAINED_RARE_NAME_SIMILARITY, DEFAULT_MATCH_THRESHOLD } from '../../src/verify/match-weights.js';
import { emptyContext } from '../../src/verify/match-context.js';
import { Agreement, BranchEvidence, emptyEvidence, NameEdit, verifyPair, type PairEvidence } from '../../src/verify/verify-pair.js';

const blank: MerchantRecord = { ...BLANK_RECORD, city: '杭州市' };

function verify(a: Partial<MerchantRecord>, b: Partial<MerchantRecord>, minScore = 0, nameFrequency: [number, number] = [1, 1]): PairEvidence {
  const builder = new FeatureStoreBuilder();
  [a, b].forEach((r, i) => {
    const rec = { ...blank, merchant_id: `M${i}`, ...r };
    appendMerchant(builder, rec, normalizeRecord(rec), i + 1);
  });
  const ctx = emptyContext(2);
  ctx.nameFrequency.set(nameFrequency);
  return verifyPair(builder.toShared(), ctx, 0, 1, emptyEvidence(), minScore);
}

const here = { address: '文三路10号', lat: 30.28, lng: 120.13 };

describe('verifyPair', () => {
  it('matches a re-registration with a homophone typo in the name', () => {
    const ev = verify({ name: '张记面馆', ...here }, { name: '章记面馆', ...here });
    expect(ev.nameEdit).toBe(NameEdit.Homophone);
    expect(ev.score).toBeGreaterThan(DEFAULT_MATCH_THRESHOLD);
  });

  it('counts a rare name inside a longer one as strong evidence, and the same containment of a common name not', () => {
    const near = { address: '振宁路813号', lat: 30.25, lng: 120.25 };
    const nearToo = { address: '振宁路811-815号', lat: 30.2501, lng: 120.2501 };
    const rare = verify({ name: '湖州佬', ...near }, { name: '湖州佬龙虾羊排', ...nearToo });
    expect(rare.nameSim).toBe(CONTAINED_RARE_NAME_SIMILARITY);
    expect(rare.score).toBeGreaterThan(DEFAULT_MATCH_THRESHOLD);
    // The same two names when 湖州佬 is a name many shops of the city carry.
    const common = verify({ name: '湖州佬', ...near }, { name: '湖州佬龙虾羊排', ...nearToo }, 0, [30, 1]);
    expect(common.nameSim).toBeLessThan(CONTAINED_RARE_NAME_SIMILARITY);
    expect(common.score).toBeLessThan(DEFAULT_MATCH_THRESHOLD);
  });

  it('rejects two templated names in one building that differ in an unlike character', () => {
    const ev = verify({ name: '朱记图文店', ...here }, { name: '李记图文店', ...here });
    expect(ev.nameEdit).toBe(NameEdit.Substitution);
    expect(ev.score).toBeLessThan(DEFAULT_MATCH_THRESHOLD);
  });

  it('rejects two branches of one chain far apart, and matches one branch written two ways', () => {
    const far = verify({ name: '瑞幸咖啡（西单店）', address: '西单北大街120号', lat: 39.9127, lng: 116.3736 }, { name: '瑞幸咖啡（国贸店）', address: '建国门外大街1号', lat: 39.9088, lng: 116.459 });
    expect(far.branch).toBe(BranchEvidence.Differ);
    expect(far.score).toBeLessThan(DEFAULT_MATCH_THRESHOLD);
    const same = verify({ name: '瑞幸咖啡(文三路店)', ...here }, { name: '瑞幸咖啡（文三路）', ...here });
    expect(same.branch).toBe(BranchEvidence.Same);
    expect(same.score).toBeGreaterThan(DEFAULT_MATCH_THRESHOLD);
  });

  it('treats two different valid uscc as two businesses, and one shared uscc as one', () => {
    const conflict = verify({ name: '鑫源商贸有限公司', uscc: '91110105MA01ABCD13', ...here }, { name: '鑫源商贸有限公司', uscc: '91350100M000100Y43', ...here });
    expect(conflict.uscc).toBe(Agreement.Conflict);
    expect(conflict.score).toBeLessThan(DEFAULT_MATCH_THRESHOLD);
    const shared = verify({ name: '鑫源商贸有限公司', uscc: '91110105MA01ABCD13' }, { name: '鑫源商贸', uscc: '91110105MA01ABCD13', city: null });
    expect(shared.uscc).toBe(Agreement.Match);
    expect(shared.score).toBeGreaterThan(DEFAULT_MATCH_THRESHOLD);
  });

  it('keeps a car park, a gate or an ATM apart from its host at the same spot', () => {
    const host = { name: '幸福时代培训辅导中心', ...here };
    const park = verify(host, { name: '幸福时代培训辅导中心停车场', ...here });
    expect(park.placeKind).toBe(Agreement.Conflict);
    expect(park.score).toBeLessThan(DEFAULT_MATCH_THRESHOLD);
    const atm = verify({ name: '萧山农商银行(盈丰支行)', ...here }, { name: '萧山农商银行ATM(盈丰支行)', ...here });
    expect(atm.score).toBeLessThan(DEFAULT_MATCH_THRESHOLD);
    const twoParks = verify({ name: '幸福时代停车场', ...here }, { name: '幸福时代停车场', ...here });
    expect(twoParks.placeKind).toBe(Agreement.Match);
    expect(twoParks.score).toBeGreaterThan(DEFAULT_MATCH_THRESHOLD);
  });

  it('weighs a gate label less than another kind: a gate is often how one source names the place', () => {
    const gate = verify({ name: '幸福时代培训辅导中心', ...here }, { name: '幸福时代培训辅导中心(西门)', ...here });
    const park = verify({ name: '幸福时代培训辅导中心', ...here }, { name: '幸福时代培训辅导中心停车场', ...here });
    expect(gate.placeKind).toBe(Agreement.Conflict);
    expect(gate.score).toBeGreaterThan(park.score);
  });

  it('reads a branch label that names a place in the other record\'s address as the same outlet', () => {
    const at = { address: '市心北路551号', lat: 30.28, lng: 120.13 };
    const ev = verify({ name: '汉霸汉堡(市心北路店)', ...at }, { name: '汉霸汉堡(萧山旗舰店)', ...at });
    expect(ev.branch).toBe(BranchEvidence.AtAddress);
    expect(ev.score).toBeGreaterThan(DEFAULT_MATCH_THRESHOLD);
    const elsewhere = verify({ name: '汉霸汉堡(文三路店)', ...at }, { name: '汉霸汉堡(萧山旗舰店)', ...at });
    expect(elsewhere.branch).toBe(BranchEvidence.Differ);
    expect(elsewhere.score).toBeLessThan(ev.score);
  });

  it('does not take names differing only inside a trade word for two templated shops', () => {
    const ev = verify({ name: '一邻一舍超市', ...here }, { name: '一邻一舍便利店', ...here });
    expect(ev.nameEdit).toBe(NameEdit.None);
    expect(ev.score).toBeGreaterThan(DEFAULT_MATCH_THRESHOLD);
  });

  it('never uses an invalid uscc as a key: a bad check character is missing evidence, not a match', () => {
    const ev = verify({ name: '甲商行', uscc: '91110105MA01ABCD1X' }, { name: '乙公司', uscc: '91110105MA01ABCD1X' });
    expect(ev.uscc).toBe(Agreement.Missing);
  });

  it('converts datums before measuring distance: a gcj02 point and its wgs84 original are metres apart', () => {
    const ev = verify({ name: '吉祥馄饨', lat: 30.2155, lng: 120.2601, coord_sys: 'wgs84' }, { name: '吉祥馄饨', lat: 30.21314, lng: 120.26478, coord_sys: 'gcj02' });
    expect(ev.distance).toBeLessThan(50);
  });

  it('keeps two same-named shops on different roads apart when nothing else is known', () => {
    const ev = verify({ name: '张记牛肉面', address: '建国路18号' }, { name: '张记牛肉面', address: '中山路200号' });
    expect(ev.nameSim).toBe(1);
    expect(ev.score).toBeLessThan(DEFAULT_MATCH_THRESHOLD);
    const same = verify({ name: '张记牛肉面', address: '建国路18号' }, { name: '张记牛肉面', address: '建国路十八号' });
    expect(same.score).toBeGreaterThan(DEFAULT_MATCH_THRESHOLD);
  });

  it('abandons a hopeless pair early with score 0 when given a minimum', () => {
    const ev = verify({ name: '沙县小吃', ...here }, { name: '华为手机专卖', address: '建国路1号', lat: 39.9, lng: 116.4 }, DEFAULT_MATCH_THRESHOLD);
    expect(ev.score).toBe(0);
  });
});

describe('soundAlike', () => {
  it('knows homophones, including polyphonic characters, and tells unlike ones apart', () => {
    const c = (s: string): number => s.charCodeAt(0);
    expect(soundAlike(c('张'), c('章'))).toBe(true);
    expect(soundAlike(c('鑫'), c('新'))).toBe(true);
    expect(soundAlike(c('蛤'), c('哈'))).toBe(true); // 蛤 reads ha and ge
    expect(soundAlike(c('朱'), c('李'))).toBe(false);
    expect(soundAlike(c('a'), c('a'))).toBe(true);
    expect(soundAlike(c('a'), c('b'))).toBe(false);
  });
});
