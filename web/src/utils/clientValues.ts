// A client's audit values as people read them, for the audit log and the
// client's own history tab alike (one reading, not two that drift).
import { useI18n } from 'vue-i18n';
import { useDict } from '@/stores/dict';
import { showValue, type ShowFn } from '@/utils/auditDetail';

// A client's coded fields and the code lists that name them.
const CLIENT_CODES: Record<string, string> = {
  sex: 'sex', ethnicity: 'ethnicity', status: 'client_status', risk_level: 'risk_level', self_care: 'self_care', living: 'living',
  lawful_basis: 'lawful_basis', consent_method: 'consent_method', statutory_duty: 'statutory_duty',
};

/** A client's field named (the register's names) and its values read:
 * codes by their labels, its categories ([code, from, to],
 * core/client_service.c write_audit_json) by name with their dates, its
 * guardians ([name, relation, phone]) by name and relation. */
export function useClientValues() {
  const { t, te } = useI18n();
  const dict = useDict();
  function category(x: unknown): string {
    const [code, from, to] = Array.isArray(x) ? (x as (string | null)[]) : [];
    const name = dict.label('client_category', code);
    return to ? t('audit.categorySpan', { name, from: from ?? '', to }) : t('audit.categoryOpen', { name, from: from ?? '' });
  }
  function guardian(x: unknown): string {
    const [name, relation, phone] = Array.isArray(x) ? (x as (string | null)[]) : [];
    return [name, relation ? t('common.paren', { a: '', b: dict.label('guardian_relation', relation) }) : '', phone ? ' ' + phone : ''].join('');
  }
  const show: ShowFn = (k, v) => {
    if (typeof v === 'string' && CLIENT_CODES[k]) return dict.label(CLIENT_CODES[k], v) || showValue(v);
    // The case whose assessment made the change: its number as the case
    // pages show it, not a bare count.
    if (k === 'case_id' && typeof v === 'number') return `#${v}`;
    if ((k === 'categories' || k === 'guardians') && Array.isArray(v)) {
      return v.length ? v.map((x) => (k === 'categories' ? category(x) : guardian(x))).join(t('common.listSep')) : '—';
    }
    return showValue(v);
  };
  /** The field's name, or '' when the register has none for it. */
  function label(k: string): string {
    for (const p of ['client.historyField.', 'client.exportCol.']) {
      if (te(p + k)) return t(p + k);
    }
    return '';
  }
  return { show, label };
}
