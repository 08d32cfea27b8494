// Asks before a removal that cannot be undone: true when the user chose
// 删除, false when she cancelled or closed the box.
import { ElMessageBox } from 'element-plus';
import { i18n } from '@/i18n';

export async function confirmDelete(message: string, title?: string): Promise<boolean> {
  const t = i18n.global.t;
  try {
    await ElMessageBox.confirm(message, title ?? t('common.delete'), {
      type: 'warning',
      confirmButtonText: t('common.delete'),
      cancelButtonText: t('common.cancel'),
    });
    return true;
  } catch {
    return false;
  }
}
