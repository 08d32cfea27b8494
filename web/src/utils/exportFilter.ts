// What a list's export dialog exports: the filter its rows on screen were
// loaded with, taken when they arrive. Built from the boxes instead, a
// search typed (or cleared) but not run would export other rows than the
// list and its count show: the whole register behind one row.

/** The query a list was loaded with as its export takes it: only its
 * keys (not page or limit), empty values left out, ids numbers. */
export function exportFilter(query: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const k of keys) {
    const v = query[k];
    if (v === '' || v === undefined || v === null) continue;
    body[k] = k.endsWith('_id') ? Number(v) : v;
  }
  return body;
}
