// How an API token's fields read on a page, shared by 我的账户 and the
// security administrator's 接口令牌.
import { bjToday } from '@/utils/beijing';

/** The last day a token works: it runs to the end of that Beijing day,
 *  i.e. its expiry is the next midnight, shown as the day chosen. */
export function tokenExpiresOn(at: string): string {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? at : bjToday(ms - 1000);
}

/** A token's permissions as a list, whether the API sent a list or a
 *  comma-separated string. */
export function tokenPermissions(p: string | string[]): string[] {
  return Array.isArray(p) ? p : (p || '').split(',').filter(Boolean);
}
