import { reactive } from 'vue';
import { ElMessage } from 'element-plus';
import { ApiError } from '@/api/http';

const SILENT = new Set(['login_required', 'password_change_required', 'second_factor_required']);

/** Shows an error that belongs to no form field. */
export function showError(e: unknown) {
  if (e instanceof ApiError) {
    if (SILENT.has(e.code)) return;
    ElMessage.error({ message: e.message, grouping: true });
  } else if (e instanceof Error) {
    ElMessage.error({ message: e.message, grouping: true });
  }
}

/**
 * Server field errors shown under the form fields (el-form-item :error).
 * take(e) puts the errors of known fields in place and shows the rest with
 * ElMessage; it returns true when at least one went under a field.
 */
export function useFieldErrors<K extends string>(fields: readonly K[]) {
  const errors = reactive({}) as Record<K, string>;
  for (const f of fields) errors[f] = '';
  function clear() {
    for (const f of fields) errors[f] = '';
  }
  function take(e: unknown): boolean {
    clear();
    if (!(e instanceof ApiError)) {
      showError(e);
      return false;
    }
    const fe = e.fieldErrors();
    let placed = false;
    for (const [k, v] of Object.entries(fe)) {
      if ((fields as readonly string[]).includes(k)) {
        errors[k as K] = v;
        placed = true;
      }
    }
    if (!placed) showError(e);
    return placed;
  }
  return { errors, clear, take };
}
