// An el-table's overflow tooltip (show-overflow-tooltip) closes when the
// pointer leaves its cell. When a search, a filter, a sort or a page
// replaces the rows under a resting pointer, no such event comes: the cell
// is gone or shows another row, and the old row's tooltip stays on screen
// (Element Plus 2.13, see element-plus/element-plus#19412). This plugin
// closes it whenever any table's data is replaced, for every table in the
// app, so no page has to remember it.
import type { App, ComponentPublicInstance } from 'vue';
// The table's one open overflow tooltip and the function closing it
// (Element Plus keeps it module-wide; the same module the library uses).
import { removePopper } from 'element-plus/es/components/table/src/util.mjs';

/** Closes the overflow tooltip shown for a cell of this table (or for a
 *  cell no longer in the page); another table's tooltip is left alone. */
export function hideTableTooltip(tableEl: Element | null | undefined) {
  const close = removePopper;
  if (!close) return;
  const cell = close.trigger;
  if (cell && cell.isConnected && tableEl && !tableEl.contains(cell)) return;
  close();
}

export const tableTooltip = {
  install(app: App) {
    app.mixin({
      created(this: ComponentPublicInstance) {
        if (this.$options.name !== 'ElTable') return;
        this.$watch(
          () => (this.$props as { data?: unknown[] }).data,
          () => hideTableTooltip(this.$el as Element | null),
        );
      },
    });
  },
};
