import { describe, expect, it } from 'vitest';
import { foldEquivalents } from '../../src/normalize/name-equivalents.js';
import { parseName } from '../../src/normalize/name-parts.js';

import { NO_DIVISIONS as noDivisions } from '../../src/normalize/record-divisions.js';

describe('foldEquivalents', () => {
  it('folds synonyms, long forms and mixed script to one spelling', () => {
    expect(foldEquivalents('恩施网咖')).toBe(foldEquivalents('恩施网吧'));
    expect(foldEquivalents('萧山农村商业银行')).toBe('萧山农商银行');
    expect(foldEquivalents('萧山农村合作银行')).toBe('萧山农商银行');
    expect(foldEquivalents('公共厕所')).toBe('公厕');
    expect(foldEquivalents('蜜菓の蜜制鲜饮')).toBe('蜜菓的蜜制鲜饮');
  });

  it('returns names without a listed word unchanged', () => {
    const name = '瑞幸咖啡';
    expect(foldEquivalents(name)).toBe(name);
  });

  it('is applied to the name core, so both spellings share it', () => {
    expect(parseName('萧山农村合作银行(新城支行)', noDivisions).core).toBe(parseName('萧山农商银行(新城支行)', noDivisions).core);
  });
});
