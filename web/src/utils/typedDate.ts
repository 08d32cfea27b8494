// A day typed into a date picker the way people write it (2026/3/15,
// 2026.3.15, 2026年3月15日, 20260315, full-width digits) is taken as
// that day. Element Plus reads typed text in the picker's own format
// (YYYY-MM-DD) only and silently drops anything else: the field kept
// showing "2026/3/15" and the form saved no date. Rather than wrap each
// of the app's date pickers, one listener rewrites such text into the
// picker's format just before the picker reads it (on Enter, or when the
// field is left), for every date and date-range picker.

/** "YYYY-MM-DD" for a day written another common way, or null. */
export function typedDay(text: string): string | null {
  // Full-width digits and separators (２０２６／３／１５) as their ASCII.
  const s = text.normalize('NFKC').trim();
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s) || /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function rewrite(e: Event) {
  const input = e.target;
  if (!(input instanceof HTMLInputElement) || !input.closest('.el-date-editor--date, .el-date-editor--daterange')) return;
  // Enter that ends an input method's composition is the IME's, not a date.
  if (e instanceof KeyboardEvent && (e.isComposing || e.key !== 'Enter')) return;
  const day = typedDay(input.value);
  if (!day || day === input.value) return;
  input.value = day;
  // The picker takes what is typed from the input event.
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

export function installTypedDates(doc: Document) {
  // Capture: before the picker's own keydown and change handlers.
  doc.addEventListener('keydown', rewrite, true);
  doc.addEventListener('change', rewrite, true);
}
