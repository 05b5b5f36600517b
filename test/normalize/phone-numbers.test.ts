import { describe, expect, it } from 'vitest';
import { parsePhones } from '../../src/normalize/phone-numbers.js';

describe('parsePhones', () => {
  it('reads mobiles in their common spellings', () => {
    for (const raw of ['13812345678', '+86 138-1234-5678', '0086 13812345678', '86-13812345678', '138 1234 5678', '(+86)13812345678']) {
      expect(parsePhones(raw).mobiles, raw).toEqual(['13812345678']);
    }
  });

  it('keeps the landline local number apart from its area code', () => {
    expect(parsePhones('025-52199123')).toMatchObject({ landlines: ['52199123'], landlineAreaCodes: ['025'] });
    expect(parsePhones('52199123')).toMatchObject({ landlines: ['52199123'], landlineAreaCodes: [''] });
    expect(parsePhones('(0571)82871598')).toMatchObject({ landlines: ['82871598'], landlineAreaCodes: ['0571'] });
    expect(parsePhones('0571 8287 1598')).toMatchObject({ landlines: ['82871598'], landlineAreaCodes: ['0571'] });
    expect(parsePhones('010-6512345')).toMatchObject({ landlines: ['6512345'], landlineAreaCodes: ['010'] });
    expect(parsePhones('+86 571 82871598')).toMatchObject({ landlines: ['82871598'], landlineAreaCodes: ['0571'] });
  });

  it('splits several numbers', () => {
    const p = parsePhones('0571-82706868;13588713521，0571-82857077/13912345678');
    expect(p.mobiles).toEqual(['13588713521', '13912345678']);
    expect(p.landlines).toEqual(['82706868', '82857077']);
    expect(parsePhones('13812345678 13987654321').mobiles).toEqual(['13812345678', '13987654321']);
  });

  it('drops landline extensions', () => {
    expect(parsePhones('0571-82871598-123').landlines).toEqual(['82871598']);
    expect(parsePhones('82871598转8001').landlines).toEqual(['82871598']);
  });

  it('keeps 400 numbers apart, with the extension that tells shops apart', () => {
    expect(parsePhones('400-615-0215')).toMatchObject({ serviceNumbers: ['4006150215'], landlines: [] });
    expect(parsePhones('4000303096-08882').serviceNumbers).toEqual(['4000303096-08882']);
    expect(parsePhones('95588').serviceNumbers).toEqual(['95588']);
  });

  it('removes repeats and drops what is not a number', () => {
    expect(parsePhones('13812345678;138-1234-5678').mobiles).toEqual(['13812345678']);
    expect(parsePhones('无')).toEqual({ mobiles: [], landlines: [], landlineAreaCodes: [], serviceNumbers: [] });
    expect(parsePhones('0571-10107888').landlines).toEqual([]);
    expect(parsePhones(null).mobiles).toEqual([]);
  });

  it('lets a number with and without its area code agree', () => {
    expect(parsePhones('0571-82871598').landlines).toEqual(parsePhones('82871598').landlines);
  });
});
