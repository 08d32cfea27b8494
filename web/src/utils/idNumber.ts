// GB 11643 in the browser, only to fill sex, birth date and age as the
// ID number is typed; the server checks it again (src/core/id_number.c).
// "Today" is the caller's: the server's day (useSession().day()), which
// the server checks against, not the device's.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export interface IdInfo {
  number: string;
  sex: 'M' | 'F';
  birthDate: string;
}

const PROVINCES = new Set(['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41',
  '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83']);

/** What is wrong with a whole number, checked in the server's order
 *  (src/core/id_number.c) so that the form names the reason the server
 *  would. */
export type IdProblem = 'spaces' | 'fullwidth' | 'length' | 'chars' | 'province' | 'date' | 'future' | 'check';

interface Checked { problem: IdProblem | null; info: IdInfo | null }

function check(raw: string, today: string): Checked {
  const bad = (problem: IdProblem): Checked => ({ problem, info: null });
  if (/\s/.test(raw)) return bad('spaces');
  if (/[０-９Ｘｘ]/.test(raw)) return bad('fullwidth');
  let s = raw.toUpperCase();
  if (s.length !== 18 && s.length !== 15) return bad('length');
  if (!(s.length === 15 ? /^\d{15}$/ : /^\d{17}[\dX]$/).test(s)) return bad('chars');
  if (!PROVINCES.has(s.slice(0, 2))) return bad('province');
  if (s.length === 15) s = s.slice(0, 6) + '19' + s.slice(6);
  const y = Number(s.slice(6, 10)), m = Number(s.slice(10, 12)), d = Number(s.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return bad('date');
  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (birthDate > today) return bad('future');
  const first = s.slice(0, 17);
  const sum = [...first].reduce((a, ch, i) => a + Number(ch) * WEIGHTS[i], 0);
  const c = CHECK[sum % 11];
  if (s.length === 18 && s[17] !== c) return bad('check');
  return { problem: null, info: { number: first + c, sex: Number(s[16]) % 2 ? 'M' : 'F', birthDate } };
}

/** The reason a typed number is not valid, null when it is. */
export function idNumberProblem(raw: string, today: string): IdProblem | null {
  return check(raw, today).problem;
}

/** The 18-character form with sex and birth date, or null when it is
 *  not (yet) a valid number. */
export function parseIdNumber(raw: string, today: string): IdInfo | null {
  return check(raw, today).info;
}

/** Whole years from birth to today, both YYYY-MM-DD. */
export function ageOf(birthDate: string, today: string): number {
  // "YYYY-MM-DD" strings compare as days: one birthday a year, on its day.
  const age = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return Math.max(0, today.slice(5) < birthDate.slice(5, 10) ? age - 1 : age);
}
