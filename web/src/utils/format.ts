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

/** Why a phone number is refused, as the server says it (core/phone.c):
 * the key of a validation message, or '' when it is good. */
export function phoneProblem(v: string): '' | 'phoneSpace' | 'phoneFullwidth' | 'phone' {
  if (!v || PHONE_RE.test(v)) return '';
  if (/[\s\u3000]/.test(v)) return 'phoneSpace';
  if (/[\uFF01-\uFF5E]/.test(v)) return 'phoneFullwidth';
  return 'phone';
}
