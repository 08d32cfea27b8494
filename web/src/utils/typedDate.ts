// A day typed into a date picker the way people write it (2026/3/15,
// 2026.3.15, 2026年3月15日, 20260315, full-width digits) is taken as
// that day. Element Plus reads typed text in the picker's own format
// (YYYY-MM-DD) only and silently drops anything else: the field kept
// showing "2026/3/15" and the form saved no date. Rather than wrap each
// of the app's date pickers, one listener rewrites such text into the
// picker's format just before the picker reads it (on Enter, or when the
// field is left), for every date and date-range picker.
//
// A day that does not exist (2026-02-30) is refused rather than read as
// the day dayjs rolls it over to (2 March, saved without a word): the
// picker keeps the day it had, and a message names the day typed.
import dayjs, { type PluginFunc } from 'dayjs';
import { ElMessage } from 'element-plus';
import { i18n } from '@/i18n';

/** Year, month and day of text written as a day, whether or not that
 * day exists; null when it is not written as a day. */
function dayParts(text: string): [number, number, number] | null {
  // Full-width digits and separators (２０２６／３／１５) as their ASCII.
  const s = text.normalize('NFKC').trim();
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s) || /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/.exec(s);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function exists(y: number, mo: number, d: number): boolean {
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

/** "YYYY-MM-DD" for a day written another common way, or null. */
export function typedDay(text: string): string | null {
  const p = dayParts(text);
  if (!p || !exists(...p)) return null;
  const [y, mo, d] = p;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function rewrite(e: Event) {
  const input = e.target;
  if (!(input instanceof HTMLInputElement) || !input.closest('.el-date-editor--date, .el-date-editor--daterange')) return;
  // Enter that ends an input method's composition is the IME's, not a date.
  if (e instanceof KeyboardEvent && (e.isComposing || e.key !== 'Enter')) return;
  const p = dayParts(input.value);
  if (p && !exists(...p)) {
    // Enter and the change that follows it say it once.
    ElMessage({ type: 'warning', grouping: true, message: i18n.global.t('common.noSuchDay', { y: p[0], m: p[1], d: p[2] }) });
    return;
  }
  const day = typedDay(input.value);
  if (!day || day === input.value) return;
  input.value = day;
  // The picker takes what is typed from the input event.
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

// The parts of a day, month or local time as written, with no zone
// (a zone may move the day, rightly).
const WRITTEN = /^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?|(\d{2})(\d{2}))(?:[ T]\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d+)?)?)?\s*$/;

interface Parsed {
  $d: Date;
  init(): void;
  year(): number;
  month(): number;
  date(): number;
}

/** dayjs reads "2026-02-30" (or "2026-13", "2026-01-01 24:00") as the
 * day it rolls over to, in its own parse and in the customParseFormat
 * Element Plus's pickers read typed text with: such text is made an
 * invalid date, which the pickers refuse. */
const noRollOver: PluginFunc = (_option, cls) => {
  const proto = cls.prototype as unknown as Parsed & { parse(cfg: { date: unknown }): void };
  const parse = proto.parse;
  proto.parse = function (this: Parsed, cfg: { date: unknown }) {
    parse.call(this, cfg);
    const m = typeof cfg.date === 'string' ? WRITTEN.exec(cfg.date) : null;
    if (!m || isNaN(this.$d.getTime())) return;
    const y = Number(m[1]);
    const mo = Number(m[2] ?? m[4] ?? this.month() + 1);
    const d = Number(m[3] ?? m[5] ?? this.date());
    if (this.year() !== y || this.month() + 1 !== mo || this.date() !== d) {
      this.$d = new Date(NaN);
      this.init();
    }
  };
};

export function installTypedDates(doc: Document) {
  // After Element Plus has added customParseFormat (on its import), so
  // that this parse wraps that one.
  dayjs.extend(noRollOver);
  // Capture: before the picker's own keydown and change handlers.
  doc.addEventListener('keydown', rewrite, true);
  doc.addEventListener('change', rewrite, true);
}
