import { nextTick, onBeforeUnmount, onMounted } from 'vue';
import { onBeforeRouteLeave } from 'vue-router';
import { ElMessageBox } from 'element-plus';
import { i18n } from '@/i18n';

/**
 * Asks before a form with unsaved input is left: by the menu or a link
 * (the router), or by closing or reloading the tab (the browser's own
 * question). dirty() says whether there is anything to lose.
 */
export function useLeaveGuard(dirty: () => boolean) {
  return guardLeaving(dirty);
}

/**
 * The same for a form in a dialog: a phone's Back leaves the page under
 * the dialog, and with it what was typed. open() says whether the dialog
 * is showing (a form cancelled earlier keeps its values but loses nothing
 * by leaving).
 */
export function useDialogLeaveGuard(open: () => boolean, dirty: () => boolean) {
  // A save closes the dialog and then opens the record: the closing reaches
  // the dialog's props only at the next render, so it is waited for.
  return guardLeaving(() => open() && dirty(), true);
}

function guardLeaving(dirty: () => boolean, settle = false) {
  const t = i18n.global.t;
  onBeforeRouteLeave(async () => {
    if (settle) await nextTick();
    if (!dirty()) return true;
    // Staying is the highlighted button, and closing the box (×, Esc)
    // stays too: typed text is lost only by an explicit 离开.
    try {
      await ElMessageBox.confirm(t('common.leaveConfirm'), t('common.prompt'), {
        type: 'warning',
        confirmButtonText: t('common.stay'),
        cancelButtonText: t('common.leave'),
        distinguishCancelAndClose: true,
      });
      return false;
    } catch (action) {
      return action === 'cancel';
    }
  });
  const unload = (e: BeforeUnloadEvent) => {
    if (dirty()) {
      e.preventDefault();
      e.returnValue = '';
    }
  };
  onMounted(() => window.addEventListener('beforeunload', unload));
  onBeforeUnmount(() => window.removeEventListener('beforeunload', unload));
}

/**
 * useLeaveGuard for a form filled at setup: value() is the form as typed,
 * compared (as JSON) with the form as it was shown. saved() after a save:
 * nothing is asked from then on (the saved form is replaced by the page).
 */
export function useFormLeaveGuard(value: () => unknown) {
  const snap = () => JSON.stringify(value() ?? null);
  let shown: string | null = snap();
  // Controls that normalise their value when they appear ('' → null).
  void nextTick(() => {
    if (shown !== null) shown = snap();
  });
  const dirty = () => shown !== null && snap() !== shown;
  useLeaveGuard(dirty);
  return {
    dirty,
    saved() {
      shown = null;
    },
  };
}
