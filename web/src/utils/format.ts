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

/** Why a phone number is refused, as the server says it (core/phone.c):
 * the key of a validation message, or '' when it is good. */
export function phoneProblem(v: string): '' | 'phoneSpace' | 'phoneFullwidth' | 'phone' {
  if (!v || PHONE_RE.test(v)) return '';
  if (/[\s\u3000]/.test(v)) return 'phoneSpace';
  if (/[\uFF01-\uFF5E]/.test(v)) return 'phoneFullwidth';
  return 'phone';
}
