/** An audit row's detail: the JSON object the server kept with the row
 * ({"before":…,"after":…} for an edit, {"reason":…} for a full read, the
 * counts of an import …), read for people. */
import { i18n } from '@/i18n';

export type Detail = Record<string, unknown>;

/** The detail as an object; null when it is empty or not a JSON object
 * (older rows, a login's note), which the page shows as it is. */
export function parseDetail(s: string | Detail | null | undefined): Detail | null {
  if (!s) return null;
  if (typeof s === 'object') return s;
  if (s[0] !== '{') return null;
  try {
    const v = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Detail) : null;
  } catch {
    return null;
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The fields an edit changed: those whose kept values differ, then the
 * free-text fields the log only says changed (changed_text: their text is
 * not kept). */
/** A setting's change is {"before":20,"after":5}: values, not records. */
export function isValueChange(d: Detail): boolean {
  const plain = (v: unknown) => v === null || typeof v !== 'object';
  return 'before' in d && 'after' in d && plain(d.before) && plain(d.after);
}

/** Whether the detail is an edit: a record's fields or a value, before and after. */
export function isChange(d: Detail | null): boolean {
  return !!d && ((!!d.before && !!d.after) || isValueChange(d));
}

export function changedFields(d: Detail): string[] {
  if (isValueChange(d)) return same(d.before, d.after) ? [] : ['value'];
  const before = d.before as Detail | undefined;
  const after = d.after as Detail | undefined;
  if (!before || !after) return [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changed = keys.filter((k) => !same(before[k], after[k]));
  for (const k of (d.changed_text as string[] | undefined) ?? []) {
    if (!changed.includes(k)) changed.push(k);
  }
  return changed;
}

/** A value as one line of text: '—' for nothing. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(i18n.global.t('common.listSep')) : '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export interface DetailLine {
  field: string;
  before?: string;
  after: string;
}

/** How a field's value reads: showValue, unless the page knows better
 * (a code's label). */
export type ShowFn = (key: string, v: unknown) => string;

/** The detail as lines: an edit's changed fields with both values, a new
 * record's fields, or the members of any other detail. A free-text field
 * the log only names has no values: its line reads "(changed)" (given). */
export function detailLines(d: Detail, changedWord: string, show: ShowFn = (_k, v) => showValue(v)): DetailLine[] {
  if (isValueChange(d)) return [{ field: 'value', before: show('value', d.before), after: show('value', d.after) }];
  const before = d.before as Detail | undefined;
  const after = d.after as Detail | undefined;
  if (before && after) {
    const text = (d.changed_text as string[] | undefined) ?? [];
    const changes: DetailLine[] = changedFields(d).map((k) =>
      text.includes(k) && !(k in after)
        ? { field: k, before: '', after: changedWord }
        : { field: k, before: show(k, before[k]), after: show(k, after[k]) },
    );
    // What the change says of itself: its reason, the file an import read.
    const own = Object.keys(d).filter((k) => !['before', 'after', 'changed_text'].includes(k));
    return [...changes, ...own.map((k) => ({ field: k, after: show(k, d[k]) }))];
  }
  const flat: Detail = after ? { ...d, ...after } : d;
  return Object.keys(flat)
    .filter((k) => k !== 'after')
    .map((k) => ({ field: k, after: show(k, flat[k]) }));
}
