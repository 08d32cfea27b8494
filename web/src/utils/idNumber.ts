// GB 11643 in the browser, only to fill sex, birth date and age as the
// ID number is typed; the server checks it again (src/core/id_number.c).
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export interface IdInfo {
  number: string;
  sex: 'M' | 'F';
  birthDate: string;
}

/** The 18-character form with sex and birth date, or null when it is
 *  not (yet) a valid number. */
export function parseIdNumber(raw: string): IdInfo | null {
  let s = raw.toUpperCase();
  if (/^\d{15}$/.test(s)) s = s.slice(0, 6) + '19' + s.slice(6);
  if (!/^\d{17}[\dX]?$/.test(s)) return null;
  const first = s.slice(0, 17);
  const sum = [...first].reduce((a, ch, i) => a + Number(ch) * WEIGHTS[i], 0);
  const check = CHECK[sum % 11];
  if (s.length === 18 && s[17] !== check) return null;
  const y = Number(s.slice(6, 10)), m = Number(s.slice(10, 12)), d = Number(s.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return {
    number: first + check,
    sex: Number(s[16]) % 2 ? 'M' : 'F',
    birthDate: `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`,
  };
}

/** Whole years from birth to today (Beijing). */
export function ageOf(birthDate: string, now = new Date()): number {
  const bj = new Date(now.getTime() + 8 * 3600 * 1000);
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = bj.getUTCFullYear() - y;
  if (bj.getUTCMonth() + 1 < m || (bj.getUTCMonth() + 1 === m && bj.getUTCDate() < d)) age--;
  return Math.max(0, age);
}
