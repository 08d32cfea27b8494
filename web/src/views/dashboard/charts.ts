// ECharts options of the dashboards, from a statistics cut.
import type { Figures } from '@/api/dashboard';

/** Bars of one measure over the rows of a cut (horizontal: labels read
 *  better for long Chinese names). */
export function barOption(f: Figures, measure: string, horizontal = false, sortDesc = false) {
  let rows = f.rows.slice();
  if (sortDesc) rows.sort((a, b) => Number(b[measure] ?? 0) - Number(a[measure] ?? 0));
  const labels = rows.map((r) => r.label);
  const values = rows.map((r) => (r[measure] === null ? 0 : Number(r[measure])));
  const m = f.measures.find((x) => x.code === measure);
  const cat = { type: 'category', data: horizontal ? labels.slice().reverse() : labels, axisLabel: { interval: 0 } };
  // hideOverlap: on a phone the thousands ran into each other.
  const val = { type: 'value', minInterval: 1, axisLabel: { hideOverlap: true } };
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: horizontal ? val : cat,
    yAxis: horizontal ? cat : val,
    series: [
      {
        name: m?.label || measure,
        type: 'bar',
        data: horizontal ? values.slice().reverse() : values,
        itemStyle: { color: '#1f6feb' },
        barMaxWidth: 28,
        cursor: 'pointer',
      },
    ],
  };
}

/** The chart's data index back to the row of f (barOption reverses
 *  horizontal bars and may sort). */
export function rowAt(f: Figures, measure: string, index: number, horizontal = false, sortDesc = false) {
  let rows = f.rows.slice();
  if (sortDesc) rows.sort((a, b) => Number(b[measure] ?? 0) - Number(a[measure] ?? 0));
  if (horizontal) rows = rows.reverse();
  return rows[index];
}

/** Several measures side by side per row (months). */
export function groupedBars(f: Figures, measures: string[]) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: f.rows.map((r) => r.label) },
    yAxis: { type: 'value', minInterval: 1 },
    series: measures.map((code) => ({
      name: f.measures.find((x) => x.code === code)?.label || code,
      type: 'bar',
      data: f.rows.map((r) => (r[code] === null ? 0 : Number(r[code]))),
      barMaxWidth: 24,
      cursor: 'pointer',
    })),
  };
}

/** A ring of named values. */
export function pieOption(items: Array<{ name: string; value: number }>) {
  return {
    tooltip: { trigger: 'item' },
    // A scrolling legend and a smaller ring: on a phone the labels ran
    // over the legend.
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['34%', '58%'],
        center: ['50%', '44%'],
        data: items,
        // Wrapped, not cut: "Senior social worker" in English.
        label: { formatter: '{b}\n{c}', overflow: 'break', width: 110 },
        cursor: 'pointer',
      },
    ],
  };
}

/** The same figures with each row's label given by fn (dictionary labels
 *  follow the UI's language; the statistics label in Chinese). */
export function relabel(f: Figures, fn: (key: string, label: string) => string): Figures {
  return { ...f, rows: f.rows.map((r) => ({ ...r, label: fn(r.key, r.label) })) };
}
