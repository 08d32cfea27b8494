import { allPages } from './pages';
import type { Station } from './types';
import { useSession } from '@/stores/session';

// Read once per user and kind: a province has some two thousand stations,
// ten pages, and every list page offers them in its station filter.
const kept = new Map<string, Promise<Station[]>>();

function readAll(active: boolean): Promise<Station[]> {
  return allPages<Station>('/stations', { sort: 'region', ...(active ? { status: 'active' } : {}) });
}

/** Every station of the user's range (only the active ones when asked),
 *  in division-code order, for the pickers and filters: not the first
 *  page only, which a city or a province outgrows. A failure rejects and
 *  is not kept, so the next call asks again. */
export function allStations(opts: { active?: boolean } = {}): Promise<Station[]> {
  const active = !!opts.active;
  const key = `${useSession().user?.id ?? 0}:${active}`;
  let p = kept.get(key);
  if (!p) {
    p = readAll(active);
    kept.set(key, p);
    p.catch(() => kept.delete(key));
  }
  // A copy: some pickers add the record's own station to theirs.
  return p.then((s) => s.slice());
}

/** After a station is created or changed: the next call reads again. */
export function forgetStations() {
  kept.clear();
}
