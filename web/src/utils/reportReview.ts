import type { User } from '@/api/types';
import type { Report, ReportType } from '@/api/reports';

/**
 * Whether the server would let u review report x of type ty, as
 * report_service_review() decides: the type's reviewer or the bureau; a
 * region's own report (a county's quarterly or self-evaluation: neither a
 * station's nor a contract's) only from above it — a range over the
 * region, or all; never the one who submitted it. The report's own scope
 * counts, not its type's: a self-evaluation written per contract before
 * migration 44 stays the contract's. The permission and the report's
 * state are the caller's to check.
 */
export function mayReview(u: User, ty: ReportType | null | undefined,
  x: Pick<Report, 'region_code' | 'station_id' | 'contract_id'> & { submitted_by?: number | null }): boolean {
  if (x.submitted_by === u.id) return false;
  if (!ty) return true; // the types unknown: the server decides
  if (!u.roles.includes(ty.reviewer_role) && !u.roles.includes('bureau')) return false;
  if (x.station_id || x.contract_id) return true;
  const p = u.data_range === 'region' ? u.range_region || '' : '';
  return u.data_range === 'all' || (!!p && p.length < x.region_code.length && x.region_code.startsWith(p));
}
