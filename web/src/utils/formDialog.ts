// Saving a form, and the dialog that holds it.
//
// useSaving: one save at a time (a double click sends once: the guard is
// set before anything is awaited, while the button's :loading="busy" waits
// for the next render), and one Idempotency-Key per record created, kept for
// a retry after a network failure (the server may have stored the first)
// and new after an answer (a corrected form is a new request).
//
// useFormDialog adds what a dialog holding a form needs: opened() when the
// dialog's form has been filled (it starts a new key and notes the form as
// shown), and :before-close="beforeClose", which asks before × or Esc throw
// away what was typed. Dialogs holding a form also set
// :close-on-click-modal="false": a click beside the dialog closes nothing.
import { nextTick, ref } from 'vue';
import { ElMessageBox } from 'element-plus';
import { ApiError } from '@/api/http';
import { i18n } from '@/i18n';
import { newIdempotencyKey } from '@/utils/idempotency';
import { useDialogLeaveGuard } from '@/utils/leaveGuard';

export function useSaving(prefix = 'sgz') {
  const busy = ref(false);
  let key = newIdempotencyKey(prefix);
  /**
   * Runs send(key) unless a save is running already (then false at once).
   * send's own errors are its own: what it throws is thrown again, after
   * the key is renewed unless the server was not reached.
   */
  async function submit(send: (key: string) => Promise<unknown>): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    try {
      await send(key);
      key = newIdempotencyKey(prefix);
      return true;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 0)) key = newIdempotencyKey(prefix);
      throw e;
    } finally {
      busy.value = false;
    }
  }
  function renewKey() {
    key = newIdempotencyKey(prefix);
  }
  return { busy, submit, renewKey };
}

/**
 * value(): the form as typed (compared as JSON with the form as shown).
 * open(): whether the dialog shows (its modelValue), for the question asked
 * when the page under it is left (a phone's Back); without it, none.
 */
export function useFormDialog(value: () => unknown, prefix = 'sgz', open?: () => boolean) {
  const saving = useSaving(prefix);
  const snap = () => JSON.stringify(value() ?? null);
  // Not read at setup: the form may be declared after this call.
  let shown: string | null = null;
  /** The form is filled for the dialog: what is lost from now on is asked for. */
  function opened() {
    saving.renewKey();
    shown = snap();
    // Controls that normalise their value when they appear ('' → null).
    void nextTick(() => {
      shown = snap();
    });
  }
  const dirty = () => shown !== null && snap() !== shown;
  if (open) useDialogLeaveGuard(open, dirty);
  /** × and Esc: a changed form is dropped only when the user says so. */
  async function beforeClose(done: () => void) {
    if (saving.busy.value) return;
    if (dirty()) {
      const t = i18n.global.t;
      try {
        await ElMessageBox.confirm(t('common.discardConfirm'), t('common.prompt'), {
          type: 'warning',
          confirmButtonText: t('common.discard'),
          cancelButtonText: t('common.stay'),
        });
      } catch {
        return;
      }
    }
    done();
  }
  /** A save that went through leaves nothing to lose. */
  async function submit(send: (key: string) => Promise<unknown>): Promise<boolean> {
    const sent = await saving.submit(send);
    if (sent) shown = null;
    return sent;
  }
  return { ...saving, submit, opened, dirty, beforeClose };
}
