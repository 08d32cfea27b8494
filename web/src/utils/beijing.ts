// Times as the server takes them: Beijing wall-clock "YYYY-MM-DDTHH:MM",
// whatever the device's own time zone.

const OFFSET = 8 * 3600e3;
const MINUTE = 60e3;

/** An instant (ms) as Beijing "YYYY-MM-DDTHH:MM". */
export function bjMinute(ms: number): string {
  return new Date(ms + OFFSET).toISOString().slice(0, 16);
}

/** Beijing "YYYY-MM-DDTHH:MM" (or a server time with seconds and offset)
 *  as an instant in ms; NaN when it is not one. */
export function bjParse(s: string | null | undefined): number {
  if (!s) return NaN;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(s);
  if (!m) return NaN;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi) - OFFSET;
  // Date.UTC rolls 02-30 over to 03-02: refuse what does not round-trip.
  return bjMinute(ms) === s.slice(0, 16) ? ms : NaN;
}

/** Now, rounded down to `step` minutes. */
export function bjNow(step = 1, now = Date.now()): string {
  const unit = step * MINUTE;
  return bjMinute(Math.floor(now / unit) * unit);
}

/** `s` moved by `minutes`. */
export function bjAdd(s: string, minutes: number): string {
  return bjMinute(bjParse(s) + minutes * MINUTE);
}

/** Today in Beijing, "YYYY-MM-DD". */
export function bjToday(now = Date.now()): string {
  return bjMinute(now).slice(0, 10);
}

const DAY = 86400e3;

/** Days from day a to day b ("YYYY-MM-DD"). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / DAY);
}

/** Day s ("YYYY-MM-DD") moved by n days. */
export function addDays(s: string, n: number): string {
  return new Date(Date.parse(s + 'T00:00:00Z') + n * DAY).toISOString().slice(0, 10);
}

/** A date picker's day, "YYYY-MM-DD". The picker hands its cells to
 *  disabled-date as the device's local midnight: read it in local time,
 *  not as an instant in Beijing. */
export function pickerDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** "2026-06-14T09:00:00+08:00", "2026-06-14T09:40:00+08:00" →
 *  "2026-06-14 09:00–09:40" (the day once when both are on it). */
export function fmtSpan(start: string, end: string): string {
  const a = start.slice(0, 16).replace('T', ' ');
  const b = end.slice(0, 16).replace('T', ' ');
  return a.slice(0, 10) === b.slice(0, 10) ? `${a}–${b.slice(11)}` : `${a} – ${b}`;
}
