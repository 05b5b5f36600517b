/**
 * Bracket groups of a merchant name: `吉祥馄饨(振宁路店)`, `农商银行(宁围支行)(利一分理处)`,
 * `刘记烘焙坊(个体工商户)`, `杭州(国际)花园酒店`. Works on folded text (foldText), where every bracket
 * style is already `(` `)`.
 */
import { normalizeText } from './normalize-text.js';

/** Bracket contents that are a legal form, not a branch. */
const LEGAL_IN_BRACKETS = /^(?:个体工商户|个体户|个体|个人独资企业|个人独资|普通合伙|特殊普通合伙|有限合伙|分支机构)$/;

export interface BracketGroups {
  /** The name without its bracket groups (inline groups kept without brackets), spaces kept. */
  readonly rest: string;
  /** Trailing groups' contents, joined, comparable form. */
  readonly branch: string;
  /** A group that is a legal form (个体工商户 …), comparable form; '' when none. */
  readonly legalForm: string;
}

/**
 * Remove bracket groups from a folded name: trailing groups → branch, legal forms anywhere → legalForm,
 * other groups stay inline without their brackets. An unclosed `(` runs to the end.
 */
export function splitBrackets(folded: string): BracketGroups {
  const pieces: string[] = [];
  const trailing: string[] = [];
  let legalForm = '';
  let i = 0;
  while (i < folded.length) {
    const open = folded.indexOf('(', i);
    if (open < 0) {
      pieces.push(folded.slice(i));
      break;
    }
    pieces.push(folded.slice(i, open));
    let depth = 1;
    let j = open + 1;
    for (; j < folded.length && depth > 0; j++) {
      const c = folded.charCodeAt(j);
      if (c === 0x28) depth++;
      else if (c === 0x29) depth--;
    }
    const close = depth === 0 ? j - 1 : folded.length;
    const content = normalizeText(folded.slice(open + 1, close)).replace(/[()]/g, '');
    i = depth === 0 ? j : folded.length;
    if (LEGAL_IN_BRACKETS.test(content)) legalForm = content;
    else if (content === '') continue;
    else if (isOnlyGroupsAfter(folded, i)) trailing.push(content);
    else pieces.push(content);
  }
  return { rest: pieces.join('').replace(/\)/g, ' '), branch: trailing.join(''), legalForm };
}

/** True when only bracket groups and spaces follow index `i`. */
function isOnlyGroupsAfter(s: string, i: number): boolean {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x28) depth++;
    else if (c === 0x29) depth = Math.max(0, depth - 1);
    else if (depth === 0 && c !== 0x20) return false;
  }
  return true;
}
