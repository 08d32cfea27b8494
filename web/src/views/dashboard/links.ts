// Where each figure of the dashboards leads: the list of the records
// behind it, with the list page's own URL filters.
import type { RouteLocationRaw } from 'vue-router';

/** First and last day of a YYYY-MM month. */
export function monthDays(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The services of a period (months from..to), optionally of a station and type. */
export function servicesLink(from: string, to: string, extra: { station_id?: number; type?: string } = {}): RouteLocationRaw {
  const query: Record<string, string> = { from: monthDays(from).from, to: monthDays(to).to };
  if (extra.station_id) query.station_id = String(extra.station_id);
  if (extra.type) query.type = extra.type;
  return { path: '/services', query };
}

export function clientsLink(category: string, stationId?: number): RouteLocationRaw {
  const query: Record<string, string> = { category };
  if (stationId) query.station_id = String(stationId);
  return { path: '/clients', query };
}

export function casesLink(stage: string, stationId?: number): RouteLocationRaw {
  const query: Record<string, string> = { stage };
  if (stationId) query.station_id = String(stationId);
  return { path: '/cases', query };
}

export function tasksLink(stationId: number, due: 'overdue' | 'week' | 'all'): RouteLocationRaw {
  return { path: '/tasks', query: { station_id: String(stationId), due } };
}

export function complianceLink(q: { severity?: string; rule?: string; station_id?: number; region?: string }): RouteLocationRaw {
  const query: Record<string, string> = {};
  if (q.region) query.region = q.region;
  if (q.severity) query.severity = q.severity;
  if (q.rule) query.rule = q.rule;
  if (q.station_id) query.station_id = String(q.station_id);
  return { path: '/compliance', query };
}

export function staffLink(q: { certificate?: string; unassigned?: boolean }): RouteLocationRaw {
  const query: Record<string, string> = { status: 'active' };
  if (q.certificate) query.certificate = q.certificate;
  if (q.unassigned) query.unassigned = 'true';
  return { path: '/staff', query };
}
