import { describe, expect, it } from 'vitest';
import { stripLeadingDivisions } from '../../src/normalize/leading-divisions.js';
import { foldText } from '../../src/normalize/normalize-text.js';
import { NO_DIVISIONS, resolveRecordDivisions, type DivisionCodes } from '../../src/normalize/record-divisions.js';

const XIAOSHAN = resolveRecordDivisions('浙江省', '杭州市', '萧山区');
const MIN_REST = 2;

/** [what is left after the divisions, the codes found] or null when the text starts no division. */
function strip(text: string, ctx: DivisionCodes): [string, string] | null {
  const r = stripLeadingDivisions(text, ctx, MIN_REST);
  return r && [text.slice(r.end), r.codes.district || r.codes.city || r.codes.province];
}

describe('stripLeadingDivisions', () => {
  it('takes full and short names of the record’s own divisions', () => {
    expect(strip('浙江省杭州市萧山区宁围镇市心北路', XIAOSHAN)).toEqual(['宁围镇市心北路', '330109']);
    expect(strip('浙江杭州萧山宁围镇', XIAOSHAN)).toEqual(['宁围镇', '330109']);
  });

  it('takes a 省/市/区/县 after a short name only when a town, a division or the same character follows', () => {
    expect(strip('萧山市心北路891号', XIAOSHAN)).toEqual(['市心北路891号', '330109']);
    expect(strip('萧山市市心北路', XIAOSHAN)).toEqual(['市心北路', '330109']);
    expect(strip('萧山市宁围镇新街', XIAOSHAN)).toEqual(['宁围镇新街', '330109']);
    expect(strip('萧山县前街', XIAOSHAN)).toEqual(['县前街', '330109']);
  });

  it('reads a road named after a division as a road', () => {
    for (const road of ['杭州东路18号', '杭州大道1号', '萧山大道8号', '萧山中路8号']) expect(strip(road, XIAOSHAN)).toBeNull();
    expect(strip('延安路18号', NO_DIVISIONS)).toBeNull();
    // After a full name the 道 of 道外区 is a district, not a road.
    expect(strip('哈尔滨市道外区依兰路', NO_DIVISIONS)).toEqual(['依兰路', '230104']);
  });

  it('reads autonomous regions and prefectures, full or short', () => {
    expect(strip('广西壮族自治区南宁市青秀区民族大道', NO_DIVISIONS)).toEqual(['民族大道', '450103']);
    expect(strip('延边朝鲜族自治州延吉市河南街', NO_DIVISIONS)).toEqual(['河南街', '222401']);
    expect(strip('延边延吉进学街', NO_DIVISIONS)).toEqual(['进学街', '222401']);
  });

  it('reads 新区 districts and county-level cities', () => {
    expect(strip('上海市浦东新区世纪大道', NO_DIVISIONS)).toEqual(['世纪大道', '310115']);
    expect(strip('浦东新区张江镇', NO_DIVISIONS)).toEqual(['张江镇', '310115']);
    expect(strip('浙江省义乌市稠城街道', NO_DIVISIONS)).toEqual(['稠城街道', '330782']);
    expect(strip('义乌稠城街道工人路', resolveRecordDivisions('浙江', '金华', '义乌'))).toEqual(['稠城街道工人路', '330782']);
  });

  it('chooses among divisions of the same name by the record, and leaves them unresolved without it', () => {
    expect(strip('朝阳区建国路', resolveRecordDivisions('吉林省', '长春市', null))).toEqual(['建国路', '220104']);
    expect(strip('朝阳区建国路', NO_DIVISIONS)).toEqual(['建国路', '']);
    expect(strip('鼓楼区中山路', resolveRecordDivisions(null, '南京市', null))).toEqual(['中山路', '320106']);
    expect(strip('吉林省吉林市船营区', NO_DIVISIONS)).toEqual(['船营区', '2202']);
  });

  it('takes a repeated division name, and separators written in full width', () => {
    expect(strip('萧山区萧山区市心北路', XIAOSHAN)).toEqual(['市心北路', '330109']);
    expect(strip(foldText('杭州－萧山－开发区　市心北路'), XIAOSHAN)).toEqual(['开发区 市心北路', '330109']);
    expect(strip(foldText('浙江省，杭州市，萧山区　ＡＢＣ大厦'), XIAOSHAN)).toEqual(['abc大厦', '330109']);
  });

  it('keeps place names that name a cuisine, and never leaves less than the minimum', () => {
    expect(strip('兰州拉面', XIAOSHAN)).toBeNull();
    expect(strip('福建沙县小吃', XIAOSHAN)).toBeNull();
    expect(strip('杭州市', XIAOSHAN)).toBeNull();
    expect(strip('萧山区宁', XIAOSHAN)).toBeNull();
  });
});
