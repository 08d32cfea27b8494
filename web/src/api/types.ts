export interface User {
  id: number;
  username: string;
  display_name: string;
  phone: string;
  status: string;
  // Set while failed logins keep her out (ISO, +08:00); her status stays active.
  locked_until?: string | null;
  /** she logs in with a second factor */
  totp_enabled?: boolean;
  roles: string[];
  data_range: string;
  range_region: string | null;
  range_region_name?: string | null;
  stations: number[];
  /** the stations' names, in the order of stations (the user pages) */
  station_names?: string[];
  /** An org_admin's organisation (承接机构). */
  organisation_id?: number | null;
  organisation_name?: string | null;
  must_change_password: boolean;
  version: number;
}

export interface Me {
  user: User;
  permissions: string[];
  /** The permissions' names in the request's language. */
  permission_labels?: Record<string, string>;
  csrf_token: string;
  second_factor_required: boolean;
  second_factor_enabled: boolean;
  /** The most rows one export holds: the client register's, a ledger's. */
  export_max_rows?: { client: number; ledger: number };
  /** Clients' names reach this user masked (the evaluator). */
  names_masked?: boolean;
  /** The server's calendar day (Beijing), YYYY-MM-DD. */
  today?: string;
  /** 参数设置 the forms check before the server does. */
  policy?: { password_min_length: number; password_history: number; token_max_days: number; idempotency_key_hours?: number };
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

export interface Station {
  id: number;
  type: string;
  type_label: string;
  region_code: string;
  region_name: string;
  name: string;
  address: string;
  phone: string;
  opened_on: string | null;
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface Facility {
  code: string;
  label: string;
  group: string;
  required: boolean;
  met: boolean;
  note: string;
}

export interface StationDetail extends Station {
  facilities: Facility[];
  standards: { total: number; met: number; required: number; required_met: number; all_required_met: boolean };
}

export interface Region {
  code: string;
  name: string;
  level: string;
  parent: string | null;
  path?: Region[];
}

export interface DictItem {
  code: string;
  label: string;
  label_en: string;
  active: boolean;
  editable: boolean;
  sort_order?: number;
  /** A client category whose holders' records are PIPL-sensitive. */
  sensitive?: boolean;
  /** A client category only for people under this age (null: any age). */
  age_limit?: number | null;
  /** A client category only for people this age or over (null: any age). */
  age_from?: number | null;
}

export interface Notice {
  id: number;
  title: string;
  body?: string;
  region: string;
  region_name?: string;
  author: string;
  created_at: string;
  read: boolean;
  reads: number;
  withdrawn: boolean;
  /** The caller's own, or in her range: she may withdraw it and see its readers. */
  managed?: boolean;
}

interface SettingBase {
  key: string;
  label: string;
  // The security administrator's (login, sessions, passwords, tokens, the
  // audit log); the others are the system administrator's.
  security: boolean;
}
/** A whole number within its range. */
export interface NumberSetting extends SettingBase {
  kind: 'number';
  value: number;
  default: number;
  min: number;
  max: number;
}
/** A day (YYYY-MM-DD), or null for none: reports.owed_from. */
export interface DateSetting extends SettingBase {
  kind: 'date';
  date: string | null;
}
export type Setting = NumberSetting | DateSetting;

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  /** The actor's user's display name ('' when there is none). */
  actor_name?: string;
  address: string;
  action: string;
  /** The server's name for the action (a permission's, for a refusal). */
  action_label?: string;
  entity: string;
  entity_id: string;
  /** For a row about a user, her display name. */
  entity_name?: string;
  result: string;
  detail: string;
  /** The detail read for people by the server, as the .xlsx reads it:
   *  each field by its record's name, codes by their lists' names; null
   *  when the detail is not a JSON object. */
  detail_lines?: { field: string; label: string; before?: string; after: string }[] | null;
}

export interface SessionRow {
  id: string;
  user_id: number;
  username: string;
  address: string;
  user_agent: string;
  created_at: string;
  last_seen_at: string;
  current: boolean;
}

export interface ApiToken {
  id: number;
  name: string;
  permissions: string | string[];
  /** The permissions' names in the reader's language, in their order. */
  permission_labels?: string[];
  region: string | null;
  expires_at: string;
  created_at: string;
  last_used_at: string | null;
  revoked: boolean;
  /** active, revoked or expired at the server's now. */
  state?: 'active' | 'revoked' | 'expired';
  token?: string;
  /** Whose it is: in the security administrator's list of all tokens. */
  user_id?: number;
  username?: string;
  display_name?: string;
}

export interface RoleRow {
  code: string;
  label: string;
  permissions: string[];
}

export interface Profile {
  name: string;
  title: string;
  title_en?: string;
  jurisdiction: { level: string; region_code: string; name: string; purchaser?: string };
  station_types: { code: string; label: string; label_en?: string; region_level: string }[];
}

export interface ClientCategory {
  code: string;
  started_on: string;
  ended_on: string | null;
  current: boolean;
}

export interface Guardian {
  id: number;
  name: string;
  relation: string;
  phone: string;
  client_id: number | null;
  /** A guardian on the register: her status, and its day. */
  client_status?: string | null;
  client_status_on?: string | null;
}

/** A client as the server shows it: personal data masked. */
export interface Client {
  id: number;
  station_id: number;
  station_name: string;
  village_code: string | null;
  village_name: string | null;
  name: string;
  id_number: string;
  sex: string;
  birth_date: string;
  age: number;
  minor: boolean;
  sensitive: boolean;
  ethnicity: string;
  phone: string;
  address: string;
  categories: ClientCategory[];
  worker_id: number | null;
  worker_name: string | null;
  risk_level: string;
  status: string;
  version: number;
}

export interface ClientDetail extends Client {
  hukou_address: string;
  dibao_cert: string;
  dibao_since: string | null;
  tekun_cert: string;
  tekun_since: string | null;
  self_care: string;
  living: string;
  tags: string[];
  status_reason: string;
  /** The day a status other than active took effect; null: active, or not known. */
  status_on: string | null;
  notes: string;
  lawful_basis: string;
  consent_by: string;
  consent_on: string | null;
  consent_method: string;
  statutory_duty: string;
  basis_note: string;
  guardians: Guardian[];
  merged_into?: number;
  /** Her service records dated after the day she left the register (GET only, when any). */
  services_after_status?: number;
  household: { id: number; name: string; relation: string } | null;
  created_at: string;
  created_by?: number;
  created_by_name?: string | null;
  updated_at: string;
  warnings?: { field: string; message: string }[];
}

export interface ClientRevealed {
  id_number: string;
  phone: string;
  hukou_address: string;
  address: string;
  guardian_phones: string[];
}

/** Someone named on a service record. */
export interface PersonRef {
  id: number;
  name: string;
}

export interface IncomeRow {
  member?: string;
  source: string;
  yearly: number; // fen
}
export interface AssetRow {
  kind: string;
  description?: string;
  value?: number; // fen
}
export interface ExpenseRow {
  kind: string;
  yearly: number; // fen
  note?: string;
}
export interface Housing {
  type?: string;
  area_m2?: number;
  condition?: string;
}

/** 家计调查: the household survey of a 低保/特困 check (money in fen). */
/** A household member's 身体状况 and 就业 (家计调查). */
export interface MemberRow {
  name?: string;
  health: string;
  work: string;
}
/** 困难类型及程度: one kind of hardship and how heavy it is. */
export interface HardshipRow {
  kind: string;
  degree: string;
  note?: string;
}
export interface Survey {
  household_size: number;
  members?: MemberRow[];
  hardships?: HardshipRow[];
  incomes?: IncomeRow[];
  assets?: AssetRow[];
  expenses?: ExpenseRow[];
  housing?: Housing;
  conclusion: string;
  conclusion_note?: string;
}

/** 入户走访记录表: the home-visit form. */
export interface VisitForm {
  purpose: string;
  met: string;
  living_conditions?: string;
  housing?: Housing;
  needs?: string;
  survey?: Survey | null;
}

/** 危机介入记录: the crisis intervention form. */
export interface CrisisForm {
  kind: string;
  risk_level: string;
  measures: string;
  notified?: string[];
  notified_other?: string;
  result: string;
  follow_up?: string;
}

/** 服务记录 as the server shows it. Times are Beijing time with offset. */
export interface Service {
  id: number;
  station_id: number;
  station_name: string;
  type: string;
  started_at: string;
  ended_at: string;
  minutes: number;
  service_day: string;
  place: string;
  area: string;
  title: string;
  content: string;
  outcome: string;
  satisfaction: string;
  extra_attendees: number;
  resource_kind: string;
  resource_value: number;
  resource_source: string;
  visit: VisitForm | null;
  /** A crisis intervention's form; null for other types and for one
   *  entered before the form existed. */
  crisis: CrisisForm | null;
  /** fen a month per person, from the survey; null without one. */
  per_capita_income: number | null;
  case_id: number | null;
  clients: PersonRef[];
  workers: PersonRef[];
  revisions: number;
  editable_until: string;
  removable?: boolean;
  version: number;
  created_at: string;
  updated_at: string;
  /** On a create or a change only: what was saved but should be looked at. */
  warnings?: ServiceWarning[];
}

/** A record saved that overlaps another of its workers' (code "overlap",
 *  service_id the other record): told, never refused. */
export interface ServiceWarning {
  code: string;
  field: string;
  message: string;
  service_id?: number;
}

/** What a record said before a change (痕迹). Times in the snapshot are
 *  Unix seconds, people are ids, the visit form is its JSON text. */
export interface ServiceRevision {
  version: number;
  record: {
    version: number;
    station_id: number;
    type: string;
    started_at: number;
    ended_at: number;
    place: string;
    area: string;
    title: string;
    content: string;
    outcome: string;
    satisfaction: string;
    extra_attendees: number;
    resource_kind: string;
    resource_value: number;
    resource_source: string;
    case_id: number;
    clients: number[];
    workers: number[];
    visit: string;
    crisis?: string;
  };
  reason: string;
  changed_by: string;
  /** The user's name (changed_by is the login). */
  changed_by_name?: string;
  changed_at: string;
}

/** An expenditure saved that takes its contract's spending over the
 *  contract's amount (code "money.spent_over_contract", in that rule's
 *  words): told at once, never refused, since the money was spent. */
export interface ExpenditureWarning {
  code: string;
  field: string;
  message: string;
  contract_id?: number;
  contract_code?: string;
  spent_fen?: number;
  amount_fen?: number;
  over_fen?: number;
  /** "money.possible_duplicate": the earlier entry with the same day,
   *  category, amount and payee. */
  duplicate_id?: number;
}

/** An installment paid after its due date, as the rule
 *  payment.order_deadlines judges it; GET /contracts/{id}/payments gives
 *  it with each installment. */
export interface PaymentLateness {
  paid_late: boolean;
}
