// The compliance side of a dashboard: the findings by severity and the
// reports overdue or due soon (rules report.overdue / report.upcoming,
// which the reports module adds to the compliance engine). Read from
// /api/v1/compliance itself — the list the figures link to — after the
// dashboard's own figures, since the engine runs every rule per call.
// A region's board asks for its county or township only.
import { ref, watch, type Ref } from 'vue';
import { http } from '@/api/http';
import type { ComplianceAnswer, ReportItem } from '@/api/dashboard';
import { useSession } from '@/stores/session';

/** wideReports: the report reminders over the whole range, not the
 *  station alone (an org_admin's board shows one station at a time, but
 *  its own reports, the organisation's briefs and its mid-term and final
 *  reports, belong to no station). */
export function useCompliance(stationId: Ref<number | undefined>, region?: Ref<string | undefined>, wideReports = false) {
  const session = useSession();
  const counts = ref<ComplianceAnswer['counts'] | null>(null);
  const overdue = ref<ReportItem[]>([]);
  const upcoming = ref<ReportItem[]>([]);
  const totals = ref({ overdue: 0, upcoming: 0 });
  const allowed = session.can('compliance.read');

  async function load() {
    if (!allowed) return;
    const base: Record<string, string | number> = { limit: 20 };
    if (stationId.value) base.station_id = stationId.value;
    if (region?.value) base.region = region.value;
    // The reader's own reports first (sort=mine): a county's come after
    // its stations' dozens of briefs, beyond the first page.
    const reportsBase = { ...(wideReports ? { limit: 20 } : base), sort: 'mine' };
    try {
      const [o, u, c] = await Promise.all([
        http.get<ComplianceAnswer>('/compliance', { ...reportsBase, rule: 'report.overdue' }),
        http.get<ComplianceAnswer>('/compliance', { ...reportsBase, rule: 'report.upcoming' }),
        wideReports ? http.get<ComplianceAnswer>('/compliance', { ...base, limit: 1 }) : null,
      ]);
      counts.value = (c ?? o).counts_all; // by severity, over every rule
      overdue.value = o.items;
      upcoming.value = u.items;
      totals.value = { overdue: o.total, upcoming: u.total };
    } catch {
      counts.value = null; // the panel shows nothing rather than wrong zeros
    }
  }
  watch([stationId, () => region?.value], load, { immediate: true });
  return { allowed, counts, overdue, upcoming, totals };
}
