// 报告 (issue 8): the report as the API returns it, its figures (the
// statistics' one JSON shape, frozen at submission) and its history.
export type ReportStatus = 'draft' | 'submitted' | 'returned' | 'accepted';
export const NARRATIVE = ['key_work', 'highlights', 'typical_cases', 'problems', 'next_plan'] as const;
export type NarrativeKey = (typeof NARRATIVE)[number];

export interface StatsMeasure {
  code: string;
  label: string;
  label_en: string;
  unit: string;
  available: boolean;
}
export type StatsRow = Record<string, string | number | null>;
export interface StatsResult {
  from: string;
  to: string;
  by: string[];
  measures: StatsMeasure[];
  rows: StatsRow[];
  total: Record<string, number | null>;
}
export interface FundUse {
  from: string;
  to: string;
  by_source: { code: string; amount_fen: number }[];
  by_category: { code: string; amount_fen: number }[];
  allocated_fen: number;
  spent_fen: number;
  balance_fen: number;
}
export interface ReportFigures {
  computed_at: string;
  available: boolean;
  unavailable: string[];
  total?: StatsResult | null;
  by_type?: StatsResult | null;
  by_area?: StatsResult | null;
  by_category?: StatsResult | null;
  by_month?: StatsResult | null;
  fund_use?: FundUse;
}
export interface ReportEvent {
  id: number;
  action: 'create' | 'submit' | 'return' | 'accept';
  report_version: number;
  comment: string;
  user_name: string;
  /** The user's name (user_name is the login). */
  display_name?: string;
  at: string;
}
export interface Report extends Record<NarrativeKey, string> {
  id: number;
  type: string;
  type_label: string;
  station_id: number | null;
  region_code: string;
  contract_id: number | null;
  scope_name: string;
  period_from: string;
  period_to: string;
  status: ReportStatus;
  due_on: string | null;
  overdue: boolean;
  submitted_on: string | null;
  submitted_by?: number | null;
  reviewed_on: string | null;
  review_comment: string;
  figures_frozen?: boolean;
  figures?: ReportFigures;
  history?: ReportEvent[];
  version: number;
  updated_at: string;
}
/** Submitted after its day (逾期提交): the list and the report's page. */
export function submittedLate(r: Pick<Report, 'submitted_on' | 'due_on'>): boolean {
  return !!r.submitted_on && !!r.due_on && r.submitted_on > r.due_on;
}

export interface ReportType {
  code: string;
  label: string;
  scope: 'station' | 'region' | 'contract';
  period: 'month' | 'quarter' | 'half' | 'year' | 'any';
  author_role: string;
  after_period?: boolean;
  reviewer_role: string;
  required: boolean;
  due_day?: number;
  due_month_day?: string;
  clause: string | null;
}

/** A figure as shown: hours with one decimal, fen as yuan. */
export function figureText(m: StatsMeasure, v: number | null | undefined, na: string): string {
  if (!m.available || v === null || v === undefined) return na;
  if (m.code.endsWith('_fen')) return (v / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (m.code.endsWith('_hours')) return v.toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return v.toLocaleString('zh-CN');
}
/** The unit as shown: money is kept in fen and shown in yuan. */
export function unitText(m: StatsMeasure, yuan: string): string {
  return m.code.endsWith('_fen') ? yuan : m.unit;
}
