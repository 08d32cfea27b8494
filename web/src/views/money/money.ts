// 资金与拨付: the shapes the money pages read, and one way to submit a
// form and put the server's field errors beside the fields.
import { reactive } from 'vue';
import { ElMessage } from 'element-plus';
import { ApiError } from '@/api/http';
import { showError } from '@/utils/errors';
import { i18n } from '@/i18n';
import { useSaving } from '@/utils/formDialog';
import { useSession } from '@/stores/session';

export interface BudgetLine {
  id: number;
  region_code: string;
  region_name: string;
  year: number;
  source: string;
  title: string;
  budget_fen: number;
  spent_fen: number | null;
  allocated_fen: number;
  unallocated_fen: number;
  notes: string;
  version: number;
}
export interface Allocation {
  id: number;
  budget_line_id: number;
  year: number;
  source: string;
  line_title: string;
  contract_id: number | null;
  contract_code: string | null;
  station_id: number | null;
  station_name: string | null;
  amount_fen: number;
  allocated_on: string;
  notes: string;
}
export interface Expenditure {
  id: number;
  contract_id: number;
  contract_code: string;
  station_id: number | null;
  station_name: string | null;
  spent_on: string;
  category: string;
  personnel: boolean;
  amount_fen: number;
  payee: string;
  description: string;
  vouchers: number;
  version: number;
}
export interface Sum {
  code: string;
  amount_fen: number;
}
export interface Payment {
  id: number;
  seq: number;
  percent: number;
  /** what the installment is of the contract's amount now, two decimals */
  share_percent: number | null;
  trigger: string;
  working_days: number;
  needs_acceptance: boolean;
  amount_fen: number;
  status: string;
  trigger_on: string | null;
  due_on: string | null;
  provisional: boolean;
  overdue: boolean;
  evaluation_failed: boolean;
  /** the contract was terminated before its trigger came: paid only on 特批 */
  after_termination: boolean;
  blocked: boolean;
  /** Blocked only because its condition has not come yet (未到条件). */
  waiting: boolean;
  accepted_on: string | null;
  paid_on: string | null;
  withheld_reason: string;
  override_reason: string | null;
  override_by: string | null;
  /** The overriding user's name; absent for the command line (cli:…). */
  override_by_name?: string | null;
  version: number;
}
export interface ContractRef {
  id: number;
  code: string;
  title: string;
  amount_fen: number;
  starts_on?: string;
  stations?: { station_id: number }[];
}

/**
 * A form's field errors and a submit that fills them: one at a time (a
 * double click sends once), work(key) given an Idempotency-Key for a POST.
 * check() is the form's own: its errors stop the submit, under their fields.
 */
export function useSubmit(prefix = 'money') {
  const errors = reactive<Record<string, string>>({});
  const saving = useSaving(prefix);
  const busy = saving.busy;
  const err = (f: string) => errors[f] || '';
  /** A dialog opened afresh shows no errors of the last one. */
  function clear() {
    for (const k of Object.keys(errors)) delete errors[k];
  }
  async function run(work: (key: string) => Promise<unknown>, check?: () => Record<string, string>): Promise<boolean> {
    if (busy.value) return false;
    clear();
    if (check) {
      const found = Object.fromEntries(Object.entries(check()).filter(([, v]) => v));
      if (Object.keys(found).length) {
        Object.assign(errors, found);
        return false;
      }
    }
    try {
      if (!(await saving.submit(work))) return false;
      ElMessage.success({ message: i18n.global.t('common.saved'), grouping: true });
      return true;
    } catch (e) {
      // A refusal about a field (over budget: amount_fen) goes under it;
      // a stale version belongs to no field the form shows.
      const fields = e instanceof ApiError ? e.fieldErrors() : {};
      delete fields.version;
      if (e instanceof ApiError && Object.keys(fields).length) {
        Object.assign(errors, fields);
      } else if (e instanceof ApiError) {
        ElMessage.error({ message: e.message, grouping: true, duration: 6000 });
      } else {
        showError(e);
      }
      return false;
    }
  }
  return { errors, err, busy, run, clear };
}

/** The year of the server's today (Beijing), as every page's "today"
 *  is: not the device's clock. */
export function thisYear(): number {
  return Number(useSession().day().slice(0, 4));
}
