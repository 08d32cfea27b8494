import { computed, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from '@/api/http';
import { showError } from '@/utils/errors';
import { checkService, formPath, ROW_PATH, type ServiceInput } from './serviceForm';

/**
 * The errors a service form shows under its fields: its own checks
 * (wrong values at once, missing ones after the first attempt to save)
 * and the server's, placed on the field the server names. A server error
 * stays until the form is changed.
 */
export function useServiceErrors(form: ServiceInput, fields: Set<string>, optional: Set<string> = new Set()) {
  const { t } = useI18n();
  const attempted = ref(false);
  const server = ref<Record<string, string>>({});
  const local = computed(() => checkService(form, t, attempted.value, fields, optional));
  const errors = computed<Record<string, string>>(() => ({ ...local.value, ...server.value }));
  watch(
    () => JSON.stringify(form),
    () => {
      server.value = {};
    },
  );

  function err(path: string): string {
    return errors.value[path] || '';
  }

  function shown(path: string): boolean {
    return fields.has(path) || (ROW_PATH.test(path) && fields.has('visit.survey'));
  }

  /** Checks everything; true when the form may be sent. */
  function validate(): boolean {
    attempted.value = true;
    server.value = {};
    return Object.keys(checkService(form, t, true, fields, optional)).length === 0;
  }

  /** Puts a refused request's errors on their fields; what belongs to no
   *  field is shown as a message. True when some went on a field. */
  function take(e: unknown): boolean {
    if (!(e instanceof ApiError)) {
      showError(e);
      return false;
    }
    const out: Record<string, string> = {};
    for (const [path, msg] of Object.entries(e.fieldErrors())) {
      const p = formPath(path, form.visit.survey);
      if (shown(p) && !out[p]) out[p] = msg;
    }
    server.value = out;
    if (!Object.keys(out).length) showError(e);
    return Object.keys(out).length > 0;
  }

  function reset() {
    attempted.value = false;
    server.value = {};
  }

  return { err, errors, validate, take, reset };
}

export type ErrFn = (path: string) => string;
