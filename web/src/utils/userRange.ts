import { i18n } from '@/i18n';
import { useDict } from '@/stores/dict';
import type { User } from '@/api/types';

/**
 * What a user may see, in words: an organisation's administrator the
 * stations of her organisation's contracts in force (whatever her stored
 * range says), a division by its name, listed stations as the caller
 * shows them (names, or how many).
 */
export function userRangeText(u: User, stations: (ids: number[]) => string): string {
  const t = i18n.global.t;
  const dict = useDict();
  const manager = u.roles.includes('bureau') || u.roles.includes('sysadmin');
  if (u.roles.includes('org_admin') && !manager && u.organisation_name) {
    return t('user.orgRange', { name: u.organisation_name });
  }
  const base = dict.label('data_range', u.data_range);
  if (u.data_range === 'region' && u.range_region) return t('common.paren', { a: base, b: u.range_region_name || u.range_region });
  if (u.data_range === 'stations' && u.stations.length) return t('common.paren', { a: base, b: stations(u.stations) });
  return base;
}

/**
 * A role's name as the user holds it. The bureau role has one name,
 * 县(区)民政局; an officer of that role whose range is a city or a
 * province works for that level's office, and her header and the user
 * list say so.
 */
export function roleLabel(u: Pick<User, 'data_range' | 'range_region'>, code: string): string {
  const t = i18n.global.t;
  if (code === 'bureau' && u.data_range === 'region' && u.range_region) {
    if (u.range_region.length === 4) return t('user.cityBureau');
    if (u.range_region.length === 2) return t('user.provinceBureau');
  }
  return useDict().label('role', code);
}
