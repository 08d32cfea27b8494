import { http, type Query } from './http';
import type { Page } from './types';

/** The server's largest page. */
export const MAX_PAGE = 200;

/** Every row a list gives for these parameters, a page of 200 at a time,
 *  for a picker or a short table that must not stop at the first page
 *  (a province's stations, contracts or organisations outgrow it). */
export async function allPages<T>(path: string, params: Query = {}): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; ; page++) {
    const r = await http.get<Page<T>>(path, { ...params, limit: MAX_PAGE, page });
    all.push(...r.items);
    if (r.items.length < MAX_PAGE || all.length >= r.total) return all;
  }
}
