// GET /api/v1/dashboard: a station's month or a region's year
// (src/api/api_dashboard.c). A section the user may not read is null.

export interface Measure {
  code: string;
  label: string;
  unit: string;
  available: boolean;
}
/** Values by measure code; null: not available (暂无数据), never 0. */
export type Values = Record<string, number | null>;
export interface Figures {
  measures: Measure[];
  total: Values;
  rows: Array<{ key: string; label: string } & Record<string, number | string | null>>;
}
/** A report owed and not yet written (GET /compliance): what the page
 *  needs to offer its author the dialog filled in. */
export interface OwedReport {
  type: string;
  author_role: string;
  period_from: string | null;
  period_to: string | null;
  /** begun: the report (a draft, or returned) */
  id?: number;
}
/** A compliance finding, as /api/v1/compliance lists it. */
export interface ReportItem {
  rule: string;
  severity: string;
  entity: string;
  entity_id: number;
  entity_name: string;
  message: string;
  station_id: number | null;
  contract_id?: number | null;
  report?: OwedReport;
}
export interface Dashboard {
  kind: 'station' | 'region';
  station?: { id: number; name: string; region_code: string; region_name: string };
  region?: { code: string; name: string; ranked_by: 'township' | 'station' };
  stations?: Array<{ id: number; name: string; region_code: string }>;
  from: string;
  to: string;
  today: string;
  services: Figures | null;
  by_type?: Figures | null;
  by_category?: Figures | null;
  by_month?: Figures | null;
  ranking?: Figures | null;
  open_cases: Record<string, number> | null;
  tasks: { overdue: number; week: number; all: number } | null;
  staff: { active: number; unassigned: number; certificate: Record<string, number> } | null;
  payments: {
    contracts: number;
    states: Record<string, { count: number; amount_fen: number }>;
    overdue: { count: number; amount_fen: number };
  } | null;
}

/** What the dashboards read of /api/v1/compliance. */
export interface ComplianceAnswer {
  items: ReportItem[];
  total: number;
  /** by severity, for the station and rule asked */
  counts: { violation: number; warning: number; info: number };
  /** by severity, over every rule */
  counts_all: { violation: number; warning: number; info: number };
}
