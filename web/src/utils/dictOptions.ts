// The options a select offers over a code list.
import { useI18n } from 'vue-i18n';
import { useDict } from '@/stores/dict';

export interface DictOption {
  code: string;
  label: string;
}

/** Every code of a list, a stopped one marked as such; keep(code) says
 * which stopped ones to offer (all of them by default). A filter offers
 * them all, since records keep a stopped category and must still be found
 * by it; a form only the one a record already holds. */
export function useDictOptions() {
  const { t } = useI18n();
  const dict = useDict();
  return (kind: string, keep: (code: string) => boolean = () => true): DictOption[] =>
    dict.items(kind, false)
      .filter((d) => d.active || keep(d.code))
      .map((d) => ({
        code: d.code,
        label: d.active ? dict.label(kind, d.code) : t('common.stopped', { label: dict.label(kind, d.code) }),
      }));
}
