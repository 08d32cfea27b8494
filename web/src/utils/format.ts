/** "2026-11-29T23:04:49+08:00" → "2026-11-29 23:04:49" (already Beijing time). */
export function fmtTime(s: string | null | undefined): string {
  if (!s) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(s);
  return m ? `${m[1]} ${m[2]}` : s;
}

export function fmtDate(s: string | null | undefined): string {
  if (!s) return '—';
  return s.slice(0, 10);
}

export function dash(s: string | null | undefined): string {
  return s === null || s === undefined || s === '' ? '—' : s;
}

/** Mirrors core/phone.c: mobile 1[3-9]xxxxxxxxx, or landline with area
 *  code 0xx / 0xxx, optional '-', 7–8 digits not starting with 0/1,
 *  optional '-ext' of 1–6 digits. */
export const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?[2-9]\d{6,7}(-\d{1,6})?)$/;
export const MOBILE_RE = /^1[3-9]\d{9}$/;
/** Mirrors core/user_rules.c. */
export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** Password policy (core/password.c): ≥ 8 characters from 3 of the 4
 *  classes upper, lower, digit, symbol. The server has the last word. */
export function passwordClasses(p: string): number {
  let n = 0;
  if (/[A-Z]/.test(p)) n++;
  if (/[a-z]/.test(p)) n++;
  if (/[0-9]/.test(p)) n++;
  if (/[^A-Za-z0-9]/.test(p)) n++;
  return n;
}

/** A file's size for people: 812 B, 35 KB, 4.2 MB. */
export function fileSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A mobile number as it is pasted from WeChat or the contacts, in groups
 * or with the country code (139 0733 5678, 139-0733-5678, +86 13907335678):
 * its 11 digits. Anything else is returned as typed, for the checks to
 * judge (a landline keeps its "-"). */
export function mobileDigits(v: string): string {
  const m = /^(?:(?:\+|00)?86[\s-]*)?(1\d{2})[\s-]*(\d{4})[\s-]*(\d{4})$/.exec(v.trim());
  return m && PHONE_RE.test(m[1] + m[2] + m[3]) ? m[1] + m[2] + m[3] : v;
}

/** What a register writes for no number (core/phone.c). */
const NO_PHONE = new Set(['无', '暂无', '没有', '无电话', '空号', '-', '--', '/', '—', '——', '／', '－']);

export type PhoneProblem = '' | 'phoneNone' | 'phoneAsNumber' | 'phoneExtension' | 'phoneTwo' | 'phoneNote' | 'phoneSpace'
  | 'phoneMobileDashes' | 'phoneFullwidth' | 'phone';

/** Why a phone number is refused, as the server says it (core/phone.c
 * phone_problem, in the same order): the key of a validation message, or
 * '' when it is good. */
export function phoneProblem(v: string): PhoneProblem {
  if (!v || PHONE_RE.test(v)) return '';
  if (NO_PHONE.has(v)) return 'phoneNone';
  // A CSV saved from Excel keeps 1.39073E+10, its last digits lost.
  if (/^\d+(\.\d*)?[Ee]\+?\d+$/.test(v)) return 'phoneAsNumber';
  const ext = /^([0-9-]{10,})\s*(转|分机号|分机|ext\.|ext|EXT|Ext|x|X)[\s:：]*(\d{1,6})$/.exec(v);
  if (ext && PHONE_RE.test(`${ext[1]}-${ext[3]}`) && !/^1/.test(ext[1])) return 'phoneExtension';
  // Runs of digits and "-", full-width ones as their ASCII: how many are
  // a number, the longest, and whether words (letters, ideographs) stand
  // beside them.
  const folded = v.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0));
  const runs = folded.match(/[0-9-]+/g) || [];
  const found = runs.filter((r) => PHONE_RE.test(r)).length;
  const longest = Math.max(0, ...runs.map((r) => r.length));
  const words = /[A-Za-z\u4E00-\u9FFF]/.test(folded.replace(/[0-9-]+/g, '').replace(/[或和]/g, ''));
  if (found >= 2) return 'phoneTwo';
  if (words && (found === 1 || longest >= 7)) return 'phoneNote';
  if (/[\s\u3000]/.test(v)) return 'phoneSpace';
  if (/^\d(-?\d)*$/.test(v) && /^1[3-9]\d{9}$/.test(v.replace(/-/g, ''))) return 'phoneMobileDashes';
  if (/[\uFF01-\uFF5E]/.test(v)) return 'phoneFullwidth';
  return 'phone';
}

/** A phone field's message, or '' when it is good or empty. */
export function phoneMessage(v: string, t: (key: string) => string): string {
  const p = phoneProblem(v.trim());
  return p ? t('validation.' + p) : '';
}

/** A form rule (Element Plus) for a phone field, saying phoneMessage's. */
export function phoneRule(t: (key: string) => string) {
  return {
    validator: (_: unknown, v: string, cb: (e?: Error) => void) => {
      const m = phoneMessage(v || '', t);
      cb(m ? new Error(m) : undefined);
    },
    trigger: 'blur',
  };
}
