// A contract's tag: its status, and for one in force by status whose term
// has not begun or is over, that (未开始, 已期满): "履行中" on a contract
// that starts next year misleads the bureau reading the list.
import { useI18n } from 'vue-i18n';
import type { Contract } from '@/api/contracts';
import { useDict } from '@/stores/dict';
import { useSession } from '@/stores/session';

export function useContractPhase() {
  const { t } = useI18n();
  const dict = useDict();
  const session = useSession();
  return (c: Pick<Contract, 'status' | 'starts_on' | 'ends_on'>): { label: string; type: 'success' | 'info' | 'warning' } => {
    const today = session.day();
    if (c.status !== 'active') return { label: dict.label('contract_status', c.status), type: 'info' };
    if (today < c.starts_on) return { label: t('contract.notStarted'), type: 'warning' };
    if (today > c.ends_on) return { label: t('contract.termOver'), type: 'info' };
    return { label: dict.label('contract_status', c.status), type: 'success' };
  };
}
