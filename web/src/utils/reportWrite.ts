import type { RouteLocationRaw } from 'vue-router';
import type { User } from '@/api/types';
import type { ReportItem } from '@/api/dashboard';
import type { ReportType } from '@/api/reports';

/** The query of the reports page that opens the new-report dialog filled
 *  in (ReportList reads it back with presetOf). */
export interface ReportPreset {
  type: string;
  station_id?: number;
  region_code?: string;
  contract_id?: number;
  period_from?: string;
  period_to?: string;
}

/**
 * The county whose own reports (its quarterly report, its
 * self-evaluation) u writes: her range when it is a county, as
 * report_service.c has it; '' for a range over it (the city reviews
 * them), under it, or "all".
 */
export function ownCounty(u: Pick<User, 'data_range' | 'range_region'> | null | undefined): string {
  return u?.data_range === 'region' && u.range_region?.length === 6 ? u.range_region : '';
}

/** Whether u writes reports of type ty: her roles write it, and a
 *  county's own type only when her range is a county. */
export function writesType(u: User | null | undefined, ty: Pick<ReportType, 'author_role' | 'scope'>): boolean {
  return !!u && u.roles.includes(ty.author_role) && (ty.scope !== 'region' || !!ownCounty(u));
}

/** Whether u writes report x of a type her roles write (author_role):
 *  a station's or a contract's as the type says; a county's own only as
 *  that county's bureau. */
export function writesReport(u: User | null | undefined, authorRole: string,
  x: { region_code: string; station_id?: number | null; contract_id?: number | null }): boolean {
  if (!u || !authorRole || !u.roles.includes(authorRole)) return false;
  return !!(x.station_id || x.contract_id) || ownCounty(u) === x.region_code;
}

/**
 * Where the author of a report owed and not yet written writes it: the
 * reports page with the dialog open on its type, scope and period, or
 * the report, when she has begun it. Null
 * for a finding that is not such a report, or for a user whose roles do
 * not write it (the city reading a station's brief overdue), or, for a
 * county's own report, whose range is not that county: her link is the
 * record's.
 */
export function writeLink(u: User | null | undefined, mayWrite: boolean, f: Pick<ReportItem, 'entity' | 'entity_id' | 'contract_id' | 'report'>): RouteLocationRaw | null {
  const w = f.report;
  if (!w || !u || !mayWrite || !u.roles.includes(w.author_role)) return null;
  // Begun (a draft, or returned): the report itself, to go on with. The
  // bureau's are a county's own, its county bureau's alone.
  if (w.id) return w.author_role === 'bureau' && !ownCounty(u) ? null : { path: `/reports/${w.id}` };
  const query: Record<string, string> = { write: w.type };
  if (f.entity === 'region') {
    // A county's own report is its bureau's: the city, which reviews it,
    // is not asked to write it.
    if (ownCounty(u) !== String(f.entity_id)) return null;
    query.region_code = String(f.entity_id);
  } else if (f.entity === 'station') query.station_id = String(f.entity_id);
  else if (f.contract_id) query.contract_id = String(f.contract_id);
  if (w.period_from) query.from = w.period_from;
  if (w.period_to) query.to = w.period_to;
  return { path: '/reports', query };
}

/** The query's keys writeLink sets. */
export const PRESET_KEYS = ['write', 'station_id', 'region_code', 'contract_id', 'from', 'to'];

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const ID = /^[1-9]\d{0,15}$/;

/** The preset a reports page's query names (writeLink), or null. Only
 *  well-formed values are taken: the server checks the rest. */
export function presetOf(q: Record<string, unknown>): ReportPreset | null {
  const s = (k: string) => (typeof q[k] === 'string' ? (q[k] as string) : '');
  if (!/^[a-z_]{1,40}$/.test(s('write'))) return null;
  const p: ReportPreset = { type: s('write') };
  if (ID.test(s('station_id'))) p.station_id = Number(s('station_id'));
  if (ID.test(s('contract_id'))) p.contract_id = Number(s('contract_id'));
  if (/^\d{6}$/.test(s('region_code'))) p.region_code = s('region_code');
  if (MONTH.test(s('from'))) p.period_from = s('from');
  if (MONTH.test(s('to'))) p.period_to = s('to');
  return p;
}
