// The service-record form as the user types it (money in yuan, times as
// Beijing "YYYY-MM-DDTHH:MM"), the fields each service type takes, the
// checks the server makes (so that most mistakes show before sending),
// and the request body. Field keys are the server's error paths
// ("visit.survey.incomes[0].yearly"), so that a server error lands on
// the same field as a check made here.
import type { CrisisForm, PersonRef, Service, VisitForm, Survey } from '@/api/types';
import { ElMessage } from 'element-plus';
import { bjParse } from '@/utils/beijing';
import { toFen, toYuan } from '@/utils/money';
import { moneyProblem, numberProblem } from '@/utils/formCheck';

/** A client picked on the form: the list shows more than the name. */
export interface ClientRef extends PersonRef {
  station_id?: number;
  /** "男 · 78岁 · 联星村", shown under the name when picking. */
  detail?: string;
}

/** What a number box holds: empty is null or undefined. */
export type Num = number | null | undefined;

export interface IncomeInput {
  member: string;
  source: string;
  yearly: Num; // yuan a year
}
export interface AssetInput {
  kind: string;
  description: string;
  value: Num; // yuan
}
export interface ExpenseInput {
  kind: string;
  yearly: Num; // yuan a year
  note: string;
}
export interface MemberInput {
  name: string;
  health: string;
  work: string;
}
export interface HardshipInput {
  kind: string;
  degree: string;
  note: string;
}
export interface SurveyInput {
  household_size: Num;
  members: MemberInput[];
  hardships: HardshipInput[];
  incomes: IncomeInput[];
  assets: AssetInput[];
  expenses: ExpenseInput[];
  conclusion: string;
  conclusion_note: string;
}
export interface VisitInput {
  purpose: string;
  met: string;
  living_conditions: string;
  housing: { type: string; area_m2: Num; condition: string };
  needs: string;
  survey: SurveyInput;
}
export interface CrisisInput {
  kind: string;
  risk_level: string;
  measures: string;
  notified: string[];
  notified_other: string;
  result: string;
  follow_up: string;
}
export interface ServiceInput {
  station_id: number | null;
  type: string;
  started_at: string;
  ended_at: string;
  place: string;
  area: string;
  title: string;
  content: string;
  outcome: string;
  satisfaction: string;
  extra_attendees: Num;
  resource_kind: string;
  resource_value: Num; // yuan
  resource_source: string;
  clients: ClientRef[];
  workers: PersonRef[];
  visit: VisitInput;
  crisis: CrisisInput;
  /** A crisis record entered before the form existed: its correction
   *  need not fill the form in (the server does not ask it). */
  crisisOptional?: boolean;
}

// ---- What each type takes (mirrors core/service_record.c) ----

/** Activities, publicity and group sessions have a subject (主题) and may
 *  count people who are not registered. */
export const hasTitle = (type: string) => type === 'activity' || type === 'publicity' || type === 'group_session';
export const countsAttendees = hasTitle;
export const isResourceLink = (type: string) => type === 'resource_link';
export const isHomeVisit = (type: string) => type === 'home_visit';
export const isCrisis = (type: string) => type === 'crisis';
/** An assistance check is the household survey (家计调查). */
export const needsSurvey = (purpose: string) => purpose === 'dibao_check' || purpose === 'tekun_check';

/** The service area most visits of a purpose belong to, when that code
 *  is in the station's dictionary. */
export const PURPOSE_AREA: Record<string, string> = {
  dibao_check: 'social_assistance',
  tekun_check: 'social_assistance',
  child_followup: 'child_welfare',
  elderly_check: 'elderly_care',
};

export const emptySurvey = (): SurveyInput => ({
  household_size: undefined,
  members: [],
  hardships: [],
  incomes: [],
  assets: [],
  expenses: [],
  conclusion: '',
  conclusion_note: '',
});

export const emptyVisit = (): VisitInput => ({
  purpose: '',
  met: '',
  living_conditions: '',
  housing: { type: '', area_m2: undefined, condition: '' },
  needs: '',
  survey: emptySurvey(),
});

export const emptyCrisis = (): CrisisInput => ({
  kind: '',
  risk_level: '',
  measures: '',
  notified: [],
  notified_other: '',
  result: '',
  follow_up: '',
});

const crisisEmpty = (c: CrisisInput) =>
  !c.kind && !c.risk_level && !c.measures.trim() && !c.notified.length && !c.notified_other.trim() && !c.result && !c.follow_up.trim();

function crisisInput(c: CrisisForm | null): CrisisInput {
  const out = emptyCrisis();
  if (!c) return out;
  return {
    kind: c.kind,
    risk_level: c.risk_level,
    measures: c.measures,
    notified: [...(c.notified || [])],
    notified_other: c.notified_other || '',
    result: c.result,
    follow_up: c.follow_up || '',
  };
}

export const emptyService = (): ServiceInput => ({
  station_id: null,
  type: '',
  started_at: '',
  ended_at: '',
  place: '',
  area: '',
  title: '',
  content: '',
  outcome: '',
  satisfaction: '',
  extra_attendees: undefined,
  resource_kind: '',
  resource_value: undefined,
  resource_source: '',
  clients: [],
  workers: [],
  visit: emptyVisit(),
  crisis: emptyCrisis(),
});

function visitInput(v: VisitForm | null): VisitInput {
  const out = emptyVisit();
  if (!v) return out;
  Object.assign(out, {
    purpose: v.purpose,
    met: v.met,
    living_conditions: v.living_conditions || '',
    needs: v.needs || '',
    housing: { type: v.housing?.type || '', area_m2: v.housing?.area_m2, condition: v.housing?.condition || '' },
  });
  const s = v.survey;
  if (s) {
    out.survey = {
      household_size: s.household_size,
      members: (s.members || []).map((r) => ({ name: r.name || '', health: r.health, work: r.work })),
      hardships: (s.hardships || []).map((r) => ({ kind: r.kind, degree: r.degree, note: r.note || '' })),
      incomes: (s.incomes || []).map((r) => ({ member: r.member || '', source: r.source, yearly: toYuan(r.yearly) })),
      assets: (s.assets || []).map((r) => ({ kind: r.kind, description: r.description || '', value: toYuan(r.value) })),
      expenses: (s.expenses || []).map((r) => ({ kind: r.kind, yearly: toYuan(r.yearly), note: r.note || '' })),
      conclusion: s.conclusion,
      conclusion_note: s.conclusion_note || '',
    };
  }
  return out;
}

/** A stored record as the form shows it. */
export function fromRecord(r: Service): ServiceInput {
  return {
    station_id: r.station_id,
    type: r.type,
    started_at: r.started_at.slice(0, 16),
    ended_at: r.ended_at.slice(0, 16),
    place: r.place,
    area: r.area,
    title: r.title,
    content: r.content,
    outcome: r.outcome,
    satisfaction: r.satisfaction,
    extra_attendees: r.extra_attendees || undefined,
    resource_kind: r.resource_kind,
    resource_value: r.resource_value ? toYuan(r.resource_value) : undefined,
    resource_source: r.resource_source,
    clients: r.clients.map((c) => ({ id: c.id, name: c.name, station_id: r.station_id })),
    workers: r.workers.map((w) => ({ ...w })),
    visit: visitInput(r.visit),
    crisis: crisisInput(r.crisis),
    crisisOptional: isCrisis(r.type) && !r.crisis,
  };
}

// ---- Rows of the survey ----

const incomeEmpty = (r: IncomeInput) => !r.member.trim() && !r.source && r.yearly == null;
const assetEmpty = (r: AssetInput) => !r.kind && !r.description.trim() && r.value == null;
const expenseEmpty = (r: ExpenseInput) => !r.kind && r.yearly == null && !r.note.trim();
const memberEmpty = (r: MemberInput) => !r.name.trim() && !r.health && !r.work;
const hardshipEmpty = (r: HardshipInput) => !r.kind && !r.degree && !r.note.trim();

export type SurveyList = 'incomes' | 'assets' | 'expenses' | 'members' | 'hardships';

/** The indexes of the rows that are sent (rows left blank are not):
 *  sent[k] is the row on the form the server calls [k]. */
export function sentRows(s: SurveyInput): Record<SurveyList, number[]> {
  const keep = <T>(rows: T[], empty: (r: T) => boolean) => rows.map((r, i) => (empty(r) ? -1 : i)).filter((i) => i >= 0);
  return {
    incomes: keep(s.incomes, incomeEmpty),
    assets: keep(s.assets, assetEmpty),
    expenses: keep(s.expenses, expenseEmpty),
    members: keep(s.members, memberEmpty),
    hardships: keep(s.hardships, hardshipEmpty),
  };
}

/** Monthly income per person in fen, as core/visit_form.h computes it:
 *  (yearly income − yearly necessary expenses) / household size / 12,
 *  never below 0; null until the household size is known. */
export function perCapitaIncome(s: SurveyInput): number | null {
  const size = s.household_size;
  if (!size || size < 1) return null;
  const sum = (xs: Num[]) => xs.reduce<number>((a, x) => a + (toFen(x) ?? 0), 0);
  const net = sum(s.incomes.map((r) => r.yearly)) - sum(s.expenses.map((r) => r.yearly));
  return net > 0 ? Math.floor(Math.floor(net / size) / 12) : 0;
}

// ---- The request body ----

function trimmed(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v != null && v !== ''));
}

function surveyBody(s: SurveyInput): Survey {
  const rows = sentRows(s);
  return {
    household_size: s.household_size ?? 0,
    members: rows.members.map((i) => s.members[i]).map((r) => trimmed({ name: r.name.trim(), health: r.health, work: r.work }) as never),
    hardships: rows.hardships.map((i) => s.hardships[i]).map((r) => trimmed({ kind: r.kind, degree: r.degree, note: r.note.trim() }) as never),
    incomes: rows.incomes.map((i) => s.incomes[i]).map((r) => trimmed({ member: r.member.trim(), source: r.source, yearly: toFen(r.yearly) }) as never),
    assets: rows.assets.map((i) => s.assets[i]).map((r) => trimmed({ kind: r.kind, description: r.description.trim(), value: toFen(r.value) }) as never),
    expenses: rows.expenses.map((i) => s.expenses[i]).map((r) => trimmed({ kind: r.kind, yearly: toFen(r.yearly), note: r.note.trim() }) as never),
    conclusion: s.conclusion,
    ...(s.conclusion_note.trim() ? { conclusion_note: s.conclusion_note.trim() } : {}),
  };
}

export function visitBody(v: VisitInput): VisitForm {
  const h = trimmed({ type: v.housing.type, area_m2: v.housing.area_m2, condition: v.housing.condition });
  return {
    ...(trimmed({ purpose: v.purpose, met: v.met.trim(), living_conditions: v.living_conditions.trim(), needs: v.needs.trim() }) as {
      purpose: string;
      met: string;
    }),
    ...(Object.keys(h).length ? { housing: h } : {}),
    ...(needsSurvey(v.purpose) ? { survey: surveyBody(v.survey) } : {}),
  };
}

export function crisisBody(c: CrisisInput): CrisisForm {
  const other = c.notified.includes('other');
  return {
    kind: c.kind,
    risk_level: c.risk_level,
    measures: c.measures.trim(),
    notified: [...c.notified],
    notified_other: other ? c.notified_other.trim() : '',
    result: c.result,
    follow_up: c.follow_up.trim(),
  };
}

/**
 * The body of POST /services (update false) or PATCH /services/{id}
 * (update true). A change sends every field of the form, and clears
 * what the (possibly new) type cannot have.
 */
export function serviceBody(f: ServiceInput, update = false): Record<string, unknown> {
  const b: Record<string, unknown> = {
    type: f.type,
    started_at: f.started_at,
    ended_at: f.ended_at,
    area: f.area,
    content: f.content.trim(),
    place: f.place.trim(),
    outcome: f.outcome.trim(),
    satisfaction: f.satisfaction,
    clients: f.clients.map((c) => c.id),
  };
  if (!update) b.station_id = f.station_id;
  if (hasTitle(f.type) || update) b.title = f.title.trim();
  if (countsAttendees(f.type)) b.extra_attendees = f.extra_attendees ?? 0;
  else if (update) b.extra_attendees = 0;
  if (isResourceLink(f.type)) {
    b.resource_kind = f.resource_kind;
    b.resource_value = toFen(f.resource_value) ?? 0;
    b.resource_source = f.resource_source.trim();
  } else if (update) {
    Object.assign(b, { resource_kind: '', resource_value: 0, resource_source: '' });
  }
  if (f.workers.length) b.workers = f.workers.map((w) => w.id);
  if (isHomeVisit(f.type)) b.visit = visitBody(f.visit);
  else if (update) b.visit = null;
  if (isCrisis(f.type)) {
    if (!(f.crisisOptional && crisisEmpty(f.crisis))) b.crisis = crisisBody(f.crisis);
  } else if (update) {
    b.crisis = null;
  }
  if (!update) {
    for (const k of ['place', 'outcome', 'satisfaction']) if (b[k] === '') delete b[k];
  }
  return b;
}

// ---- Checks before sending ----

// The server's bounds (src/api/api_services.c): numbers are said wrong
// under their field, never clamped as they are typed.
/** FEN_MAX: up to 100 million yuan a line. */
export const MONEY_MAX_YUAN = 100000000;
export const ATTENDEES = { min: 0, max: 100000, integer: true };
const AREA_M2 = { min: 0, max: 100000, integer: true };
const HOUSEHOLD = { min: 1, max: 30, integer: true };

export type Translate = (key: string, named?: Record<string, unknown>) => string;

const EARLIEST = Date.parse('2000-01-01T00:00:00+08:00');
/** A phone's clock may run a little behind the server's (as the server allows). */
const SLACK = 5 * 60e3;
const DAY = 24 * 3600e3;

/**
 * Every mistake the form can see, keyed by the server's field path.
 * `required`: also report what is missing (after the first attempt to
 * save; before it only wrong values are shown, not empty ones).
 * `fields`: the fields this form shows (the quick visit form has fewer);
 * `optional`: those of them the form fills in itself when left empty.
 */
export function checkService(
  f: ServiceInput,
  t: Translate,
  required: boolean,
  fields: Set<string>,
  optional: Set<string> = new Set(),
  now = Date.now(),
): Record<string, string> {
  const e: Record<string, string> = {};
  const need = (path: string, ok: boolean, msg: string) => {
    if (required && !ok && fields.has(path) && !optional.has(path) && !e[path]) e[path] = msg;
  };
  need('station_id', !!f.station_id, t('service.v.station'));
  need('type', !!f.type, t('service.v.type'));
  need('area', !!f.area, t('service.v.area'));
  need('content', !!f.content.trim(), t('service.v.content'));

  const start = bjParse(f.started_at);
  const end = bjParse(f.ended_at);
  if (f.started_at && Number.isNaN(start)) e.started_at = t('service.v.badTime');
  else if (start < EARLIEST) e.started_at = t('service.v.tooEarly');
  else if (start > now + SLACK) e.started_at = t('service.v.future');
  need('started_at', !!f.started_at, t('service.v.startedAt'));
  if (f.ended_at && Number.isNaN(end)) e.ended_at = t('service.v.badTime');
  else if (end <= start) e.ended_at = t('service.v.endBeforeStart');
  else if (end > now + SLACK) e.ended_at = t('service.v.future');
  else if (end - start > DAY) e.ended_at = t('service.v.tooLong');
  need('ended_at', !!f.ended_at, t('service.v.endedAt'));

  if (hasTitle(f.type)) need('title', !!f.title.trim(), t('service.v.title'));
  const bad = (path: string, msg: string) => {
    if (msg && fields.has(path) && !e[path]) e[path] = msg;
  };
  if (countsAttendees(f.type)) bad('extra_attendees', numberProblem(f.extra_attendees, ATTENDEES));
  if (isResourceLink(f.type)) bad('resource_value', moneyProblem(f.resource_value, { max: MONEY_MAX_YUAN }));
  const attendees = countsAttendees(f.type) && (f.extra_attendees ?? 0) > 0;
  need('clients', f.clients.length > 0 || attendees, t(countsAttendees(f.type) ? 'service.v.clientsOrAttendees' : 'service.v.clients'));
  if (isResourceLink(f.type)) {
    need('resource_kind', !!f.resource_kind, t('service.v.resourceKind'));
    need('resource_source', !!f.resource_source.trim(), t('service.v.resourceSource'));
    if (f.resource_kind && f.resource_kind !== 'service') need('resource_value', (f.resource_value ?? 0) > 0, t('service.v.resourceValue'));
  }
  if (isHomeVisit(f.type)) Object.assign(e, checkVisit(f.visit, t, required));
  if (isCrisis(f.type) && fields.has('crisis') && !(f.crisisOptional && crisisEmpty(f.crisis))) {
    Object.assign(e, checkCrisis(f.crisis, t, required));
  }
  return e;
}

/** The crisis form's rules (core/crisis_form.c): a crisis not resolved
 *  says what follows, and "other" among the partners is named. */
function checkCrisis(c: CrisisInput, t: Translate, required: boolean): Record<string, string> {
  const e: Record<string, string> = {};
  const need = (path: string, ok: boolean, msg: string) => {
    if (required && !ok) e[path] = msg;
  };
  need('crisis.kind', !!c.kind, t('service.v.crisisKind'));
  need('crisis.risk_level', !!c.risk_level, t('service.v.crisisRisk'));
  need('crisis.measures', !!c.measures.trim(), t('service.v.crisisMeasures'));
  need('crisis.result', !!c.result, t('service.v.crisisResult'));
  if (c.result && c.result !== 'resolved') need('crisis.follow_up', !!c.follow_up.trim(), t('service.v.crisisFollowUp'));
  if (c.notified.includes('other')) need('crisis.notified_other', !!c.notified_other.trim(), t('service.v.crisisOther'));
  return e;
}

function checkVisit(v: VisitInput, t: Translate, required: boolean): Record<string, string> {
  const e: Record<string, string> = {};
  const need = (path: string, ok: boolean, msg: string) => {
    if (required && !ok) e[path] = msg;
  };
  need('visit.purpose', !!v.purpose, t('service.v.purpose'));
  need('visit.met', !!v.met.trim(), t('service.v.met'));
  const area = numberProblem(v.housing.area_m2, AREA_M2);
  if (area) e['visit.housing.area_m2'] = area;
  if (!needsSurvey(v.purpose)) return e;
  const s = v.survey;
  const size = s.household_size == null ? '' : numberProblem(s.household_size, HOUSEHOLD);
  if (size) e['visit.survey.household_size'] = size;
  else need('visit.survey.household_size', !!s.household_size && s.household_size >= 1, t('service.v.householdSize'));
  const money = (path: string, x: Num) => {
    const p = moneyProblem(x, { max: MONEY_MAX_YUAN });
    if (p && !e[path]) e[path] = p;
  };
  need('visit.survey.conclusion', !!s.conclusion, t('service.v.conclusion'));
  // A row that was started must be finished (blank rows are left out).
  const rows = sentRows(s);
  rows.incomes.forEach((i) => {
    const r = s.incomes[i];
    if (!r.source) e[`visit.survey.incomes[${i}].source`] = t('service.v.incomeSource');
    if (r.yearly == null) e[`visit.survey.incomes[${i}].yearly`] = t('service.v.amount');
    else money(`visit.survey.incomes[${i}].yearly`, r.yearly);
  });
  rows.assets.forEach((i) => {
    if (!s.assets[i].kind) e[`visit.survey.assets[${i}].kind`] = t('service.v.assetKind');
    money(`visit.survey.assets[${i}].value`, s.assets[i].value);
  });
  rows.expenses.forEach((i) => {
    const r = s.expenses[i];
    if (!r.kind) e[`visit.survey.expenses[${i}].kind`] = t('service.v.expenseKind');
    if (r.yearly == null) e[`visit.survey.expenses[${i}].yearly`] = t('service.v.amount');
    else money(`visit.survey.expenses[${i}].yearly`, r.yearly);
  });
  rows.members.forEach((i) => {
    if (!s.members[i].health) e[`visit.survey.members[${i}].health`] = t('service.v.memberHealth');
    if (!s.members[i].work) e[`visit.survey.members[${i}].work`] = t('service.v.memberWork');
  });
  if (s.household_size && rows.members.length > s.household_size) e['visit.survey.members'] = t('service.v.membersOver');
  const kinds = new Set<string>();
  rows.hardships.forEach((i) => {
    const r = s.hardships[i];
    if (!r.kind) e[`visit.survey.hardships[${i}].kind`] = t('service.v.hardshipKind');
    else if (kinds.has(r.kind)) e[`visit.survey.hardships[${i}].kind`] = t('service.v.hardshipTwice');
    kinds.add(r.kind);
    if (!r.degree) e[`visit.survey.hardships[${i}].degree`] = t('service.v.hardshipDegree');
    if (r.kind === 'other' && !r.note.trim()) e[`visit.survey.hardships[${i}].note`] = t('service.v.hardshipNote');
  });
  return e;
}

/** Where a survey row's field shows its error. */
export const ROW_PATH = /^visit\.survey\.((incomes|assets|expenses|members|hardships)\[\d+\]\.\w+|members)$/;

/**
 * A server error's field path as the form's key: list members name the
 * list ("clients[1]" → "clients"), and survey rows are renumbered to the
 * form's rows (blank rows were not sent).
 */
export function formPath(path: string, s: SurveyInput): string {
  const m = /^visit\.survey\.(incomes|assets|expenses|members|hardships)\[(\d+)\](.*)$/.exec(path);
  if (m) {
    const row = sentRows(s)[m[1] as SurveyList][Number(m[2])];
    return row === undefined ? 'visit.survey' : `visit.survey.${m[1]}[${row}]${m[3]}`;
  }
  if (/^visit\.survey\.(incomes|assets|expenses|hardships)$/.test(path)) return 'visit.survey';
  if (/^visit\.survey\.housing/.test(path)) return path.replace('visit.survey.housing', 'visit.housing');
  return path.replace(/^(clients|workers)\[\d+\]$/, '$1');
}

/** What a record saved is warned of, as toasts to show: an area its
 *  station's contract leaves out, a worker off the station's roster that
 *  day, times overlapping the workers' other records. Saved all the
 *  same; the worker checks. */
function savedWarnings(s: Pick<Service, 'warnings'>, t: (key: string, named: Record<string, unknown>) => string): string[] {
  return (s.warnings || []).map((w) => t(w.code === 'overlap' ? 'service.overlapWarn' : 'service.savedWarn', { message: w.message }));
}

/** Says a record was saved: what it is warned of (each toast says 已保存
 *  itself), else `ok`. One message, not two stacked over a phone's
 *  buttons. */
export function announceSaved(s: Pick<Service, 'warnings'>, t: (key: string, named: Record<string, unknown>) => string, ok: string): void {
  const warned = savedWarnings(s, t);
  if (!warned.length) ElMessage.success(ok);
  for (const message of warned) ElMessage.warning({ message, duration: 8000 });
}
