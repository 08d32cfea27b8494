// The shapes of the casework, task, group, plan, attachment, calendar and
// organisation endpoints (src/api/api_cases.c, api_tasks.c, api_timeline.c,
// api_groups.c, api_plans.c, api_attachments.c, api_calendar.c,
// api_organisations.c). Dates are "YYYY-MM-DD", times Beijing time with
// offset; codes are dictionary codes.
import type { PersonRef } from './types';

export type CasePending = 'plan' | 'closure';

/** 个案 as the list shows it. */
export interface CaseItem {
  id: number;
  station_id: number;
  station_name: string;
  client_id: number;
  client_name: string;
  worker_id: number;
  worker_name: string;
  /** case_stage: intake, assessment, planning, intervention, evaluation, closed */
  stage: string;
  pending: CasePending | null;
  pending_since: string | null;
  /** the detail only: who asked for the pending approval */
  pending_by?: number | null;
  /** Who recorded the assessment or evaluation it rests on: not the one
   *  to approve it either. */
  pending_work_by?: number | null;
  /** The current stage's next deadline, when it has one. */
  due_on: string | null;
  source: string;
  problem: string;
  opened_on: string;
  risk_level: string | null;
  closed_on: string | null;
  transfer: { to_worker_id: number; to_worker_name?: string; to_station_id: number; to_station_name?: string; note: string } | null;
  reopened: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CaseNeed {
  domain: string;
  description: string;
  /** risk_level code: how pressing the need is */
  level: string;
}
export interface CaseAssessment {
  needs: CaseNeed[];
  summary: string;
}
export interface CaseTask {
  task: string;
  due_on: string;
}
export interface CaseGoal {
  goal: string;
  tasks?: CaseTask[];
}
export interface CasePlan {
  goals: CaseGoal[];
  review_on?: string;
}
export interface CaseAttainment {
  /** Index of the plan's goal. */
  goal: number;
  attainment: string;
  note?: string;
}
export interface CaseEvaluation {
  goals: CaseAttainment[];
  summary: string;
}
export interface CaseEvent {
  at: string;
  actor: string;
  /** the user's name (the login when none) */
  actor_name?: string;
  /** case_event code */
  kind: string;
  stage: string;
  comment: string;
}
export interface CaseReferral {
  id: number;
  agency: string;
  reason: string;
  referred_on: string;
  outcome: string | null;
  outcome_on: string | null;
}
export interface CaseFollowup {
  id: number;
  due_on: string;
  done_on: string | null;
  service_id: number | null;
}

/** One case with its forms and story (GET /cases/{id}). */
export interface CaseDetail extends CaseItem {
  assessment: CaseAssessment | null;
  assessed_on: string | null;
  plan: CasePlan | null;
  review_on: string | null;
  plan_approved_by: number | null;
  evaluation: CaseEvaluation | null;
  closure_reason: string | null;
  closure_summary: string | null;
  closure_approved_by: number | null;
  events: CaseEvent[];
  referrals: CaseReferral[];
  followups: CaseFollowup[];
  /** Its service records (服务过程记录) and their minutes. */
  services: number;
  service_minutes: number;
}

export interface CasePage {
  items: CaseItem[];
  total: number;
  total_more: boolean;
  page: number;
  limit: number;
}

/** 待办 (GET /tasks). */
export interface TaskItem {
  /** case_assessment, case_plan, plan_review, case_closure, case_followup, transfer, client_visit, guardian_died */
  kind: string;
  due_on: string;
  overdue: boolean;
  case_id: number | null;
  client_id: number;
  client_name: string;
  station_id: number;
  worker_id: number;
  /** A client category (client_visit) or who offered the case (transfer). */
  detail: string;
}
export interface TaskCounts {
  overdue: number;
  week: number;
  all: number;
}
export interface TaskPage {
  items: TaskItem[];
  total: number;
  /** station_id=all: how many of them the pages reach (at most 2,000). */
  pageable?: number;
  counts: TaskCounts;
  today: string;
  page: number;
  limit: number;
}

/** 服务时间线 (GET /clients/{id}/timeline). */
export interface TimelineEntry {
  kind: 'service' | 'case';
  at: string;
  /** The service's id, or the case's. */
  id: number;
  /** service_type, or case_event */
  type: string;
  /** The service's subject or the start of its content; a case step's stage. */
  title: string;
  minutes?: number;
  who: string;
  case_id: number | null;
}
export interface TimelinePage {
  client_id: number;
  client_name: string;
  items: TimelineEntry[];
  more: boolean;
  page: number;
  limit: number;
}

/** 工作日志 (GET /worklog). */
export interface WorklogDay {
  day: string;
  by_type: Record<string, number>;
  records: number;
  minutes: number;
}
export interface Worklog {
  worker_id: number;
  from: string;
  to: string;
  days: WorklogDay[];
  records: number;
  minutes: number;
}

/** 小组 (GET /groups/{id}). */
export interface GroupSession {
  number: number;
  service_id: number;
  started_at: string;
  minutes: number;
  title: string;
  /** Members present, as the statistics count 出勤人次. */
  attendees: number;
  extra_attendees: number;
}
export interface Group {
  id: number;
  station_id: number;
  station_name: string;
  name: string;
  area: string;
  target: string;
  goals: string;
  planned_sessions: number;
  starts_on: string;
  ends_on: string | null;
  status: 'active' | 'closed' | string;
  attainment: string | null;
  evaluation: string | null;
  closed_on: string | null;
  members: PersonRef[];
  workers: PersonRef[];
  sessions?: GroupSession[];
  sessions_held?: number;
  attendance?: number;
  extra_attendance?: number;
  version: number;
  updated_at: string;
}

/** 需求调研. */
export interface SurveyFinding {
  /** A client category code, or "general". */
  target_group: string;
  respondents?: number;
  findings: string;
  needs?: string;
}
export interface NeedsSurvey {
  id: number;
  station_id: number;
  station_name: string;
  title: string;
  method: string;
  conducted_on: string;
  respondents: number;
  findings: SurveyFinding[];
  version: number;
  updated_at: string;
}

/** 年度服务计划. */
export interface PlanLine {
  area: string;
  type: string;
  quantity: number;
  note: string;
  /** Records of that area and type in the plan's year. */
  done: number;
}
export interface StationPlan {
  id: number;
  station_id: number;
  station_name: string;
  year: number;
  summary: string;
  survey_ids: number[];
  status: 'draft' | 'submitted' | string;
  submitted_on: string | null;
  items?: PlanLine[];
  /** Per cent of the planned quantities done, each line capped at 100. */
  progress?: number | null;
  version: number;
  updated_at: string;
}

/** 附件. */
export interface Attachment {
  token: string;
  name: string;
  mime: string;
  size: number;
  owner_kind: 'service' | 'case' | 'group';
  owner_id: number;
  url: string;
  thumbnail_url: string | null;
  created_at: string;
}

/** 工作日历. */
export interface CalendarYear {
  year: number;
  source: string;
  holidays: number;
  workdays: number;
  loaded_at: string;
}
export interface CalendarDay {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}
export interface CalendarYearDays {
  year: number;
  loaded: boolean;
  days: CalendarDay[];
}
export interface Deadline {
  from: string;
  working_days: number;
  due_on: string;
  provisional: boolean;
}

/** 承接机构. */
export interface Organisation {
  id: number;
  name: string;
  credit_code: string;
  legal_rep: string;
  rating: string | null;
  rated_on: string | null;
  rated_3a_or_above: boolean;
  party_org: boolean;
  supervisor_quals: string;
  registered_on: string | null;
  region_code: string | null;
  region_name: string | null;
  address: string;
  phone: string;
  status: string;
  status_reason: string;
  version: number;
  updated_at: string;
}
