// The route walk shared by tests/api/bad_everywhere.test.mjs,
// tests/api/headers.test.mjs and the sqlmap driver (tests/security/
// sqlmap.mjs): the routes of GET /api/v1/openapi.json, a caller for each,
// concrete paths whose ids exist (and are harmless to the suite), a body
// each route accepts, and a fingerprint of what the database holds, as
// far as the API shows it, to prove that nothing was written.
import assert from 'node:assert/strict';
import { api, addUser, session, login, TEST_PASSWORD2 } from '../api/lib.mjs';

/** [{method, path, op, schema, upload, download, permission, query: [names], params: [names]}] */
export async function loadOps(base) {
  const doc = await api(base, 'GET', '/api/v1/openapi.json');
  assert.equal(doc.status, 200, doc.text);
  const ops = [];
  for (const [path, methods] of Object.entries(doc.body.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      const rb = op.requestBody;
      const params = op.parameters || [];
      ops.push({
        method: m.toUpperCase(),
        path,
        op,
        schema: rb && rb.content && rb.content['application/json'] ? rb.content['application/json'].schema : null,
        // The body is a file (an import), not JSON.
        upload: !!(rb && rb.content && rb.content['application/octet-stream']),
        // A successful answer is a file to save, not JSON.
        download: op['x-download'] || null,
        permission: op['x-permission'],
        query: params.filter((p) => p.in === 'query').map((p) => p.name),
        params: params.filter((p) => p.in === 'path').map((p) => p.name),
      });
    }
  }
  return ops;
}

export const isWrite = (o) => !['GET', 'HEAD', 'OPTIONS'].includes(o.method);

/**
 * Users, sessions and records the walks need, made before any case:
 * prefix_sec (security_admin), prefix_aud (auditor), prefix_spare (a
 * session that logout and TOTP enrolment may spend), prefix_target (the
 * user /users/{id} routes aim at: never the tester), a second session of
 * the tester (for DELETE /session/sessions/{id}), a notice and an API
 * token. Returns { actors, ids, table }.
 */
export async function makeFixture(srv, prefix = 'fx') {
  const roles = await api(srv.base, 'GET', '/api/v1/roles');
  assert.equal(roles.status, 200, roles.text);
  const table = Object.fromEntries(roles.body.roles.map((r) => [r.code, new Set(r.permissions)]));
  const actors = { tester: { auth: undefined, roles: ['bureau', 'sysadmin'] } };
  for (const [name, role] of [['sec', 'security_admin'], ['aud', 'auditor'], ['worker', 'social_worker'], ['sup', 'supervisor'],
    ['spare', 'social_worker'], ['target', 'social_worker']]) {
    addUser(srv, `${prefix}_${name}`, role, name === 'target' ? 'self' : 'all');
    actors[name] = { auth: await session(srv.base, `${prefix}_${name}`), roles: [role], username: `${prefix}_${name}` };
  }
  // A county's own report is written by a range that is the county, not
  // by the tester's "all" (report_service.c): the report routes' caller.
  addUser(srv, `${prefix}_county`, 'bureau', 'region:430223');
  actors.county = { auth: await session(srv.base, `${prefix}_county`), roles: ['bureau'], username: `${prefix}_county` };
  // The tester's own cookie and CSRF token, for requests made without api().
  actors.tester.raw = await session(srv.base, 'tester', TEST_PASSWORD2);
  const second = await login(srv.base, 'tester', TEST_PASSWORD2);
  assert.equal(second.status, 200);
  const mine = await api(srv.base, 'GET', '/api/v1/session/sessions');
  const users = await api(srv.base, 'GET', '/api/v1/users?limit=200');
  const notice = await api(srv.base, 'POST', '/api/v1/notices', { title: '安全测试通知', body: '内容' });
  assert.equal(notice.status, 201, notice.text);
  const token = await api(srv.base, 'POST', '/api/v1/session/tokens',
    { name: `${prefix}-token`, permissions: ['station.read'], expires_on: '2026-12-31' });
  assert.ok(token.status === 200 || token.status === 201, token.text);
  const online = await api(srv.base, 'GET', '/api/v1/online', undefined, {}, actors.sec.auth);
  assert.equal(online.status, 200, online.text);
  const village = (await api(srv.base, 'GET', '/api/v1/regions?parent=430223102&limit=1')).body.items[0].code;
  const target = users.body.items.find((u) => u.username === `${prefix}_target`);
  const client = await api(srv.base, 'POST', '/api/v1/clients', {
    station_id: 2, name: '安全测试对象', id_number: '430223195001010015', phone: '13812345678',
    categories: [{ code: 'dibao', started_on: '2020-01-01' }],
    guardians: [{ name: '监护人', relation: 'relative', phone: '13912345678' }],
  });
  assert.equal(client.status, 201, client.text);
  const other = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '合并目标', sex: 'F', birth_date: '1960-02-02' });
  assert.equal(other.status, 201, other.text);
  const household = await api(srv.base, 'POST', '/api/v1/households', {
    station_id: 2, name: '安全测试户', members: [{ client_id: client.body.id, relation: 'head' }, { name: '家属', relation: 'spouse' }],
  });
  assert.equal(household.status, 201, household.text);
  const service = await api(srv.base, 'POST', '/api/v1/services', {
    station_id: 2, type: 'consultation', started_at: '2026-06-14T09:00', ended_at: '2026-06-14T09:30',
    area: 'social_assistance', content: '安全测试服务记录', clients: [client.body.id],
  }, {}, actors.worker.auth);
  assert.equal(service.status, 201, service.text);
  const kase = await api(srv.base, 'POST', '/api/v1/cases', {
    client_id: client.body.id, source: 'visit', problem: '安全测试个案', opened_on: '2026-06-10',
  }, {}, actors.worker.auth);
  assert.equal(kase.status, 201, kase.text);
  const group = await api(srv.base, 'POST', '/api/v1/groups', {
    station_id: 2, name: '安全测试小组', area: 'elderly_care', goals: '目标', planned_sessions: 4, starts_on: '2026-06-01',
    members: [client.body.id],
  }, {}, actors.worker.auth);
  assert.equal(group.status, 201, group.text);
  const survey = await api(srv.base, 'POST', '/api/v1/needs_surveys', {
    station_id: 2, title: '安全测试调研', method: 'interview', conducted_on: '2026-06-01', respondents: 5,
    findings: [{ target_group: 'general', findings: '发现' }],
  }, {}, actors.worker.auth);
  assert.equal(survey.status, 201, survey.text);
  const plan = await api(srv.base, 'POST', '/api/v1/station_plans', {
    station_id: 2, year: 2026, items: [{ area: 'elderly_care', type: 'home_visit', quantity: 10 }],
  }, {}, actors.worker.auth);
  assert.equal(plan.status, 201, plan.text);
  const org = await api(srv.base, 'POST', '/api/v1/organisations', { name: '安全测试机构', credit_code: '91350100M000100Y43' });
  assert.equal(org.status, 201, org.text);
  const contract = await api(srv.base, 'POST', '/api/v1/contracts', {
    code: 'SEC-2026-1', title: '安全测试协议', organisation_id: org.body.id, procurement: 'open_tender', cycle_years: 3, cycle_year: 1,
    amount_fen: 12000000, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-06', ends_on: '2027-01-05',
    stations: [{ station_id: 2, amount_fen: 12000000 }],
  });
  assert.equal(contract.status, 201, contract.text);
  const filing = await api(srv.base, 'POST', '/api/v1/filings', { kind: 'contract_copy', year: 2026, contract_id: contract.body.id });
  assert.equal(filing.status, 201, filing.text);
  const workPlan = await api(srv.base, 'POST', '/api/v1/work_plans', { kind: 'county_plan', year: 2026, title: '安全测试实施计划',
    milestones: [{ title: '节点', due_on: '2026-07-31' }] });
  assert.equal(workPlan.status, 201, workPlan.text);
  const worker = { name: '安全测试社工', role: 'resident', birth_date: '1995-01-01', sex: 'F', education: 'bachelor',
    certificate: 'assistant', certified_on: '2021-01-01', hired_on: '2024-01-01', wage_fen: 250000, organisation_id: org.body.id };
  const staff = await api(srv.base, 'POST', '/api/v1/staff', worker);
  assert.equal(staff.status, 201, staff.text);
  const supervisor = await api(srv.base, 'POST', '/api/v1/staff', { ...worker, name: '安全测试督导', role: 'supervisor', certificate: 'intermediate' });
  assert.equal(supervisor.status, 201, supervisor.text);
  const assigned = await api(srv.base, 'POST', `/api/v1/staff/${staff.body.id}/assignments`, { station_id: 2, from_on: '2026-06-01' });
  assert.equal(assigned.status, 201, assigned.text);
  // A draft county report, its county bureau's.
  const report = await api(srv.base, 'POST', '/api/v1/reports', { type: 'quarterly', region_code: '430223', period_from: '2026-01',
    period_to: '2026-03', key_work: '安全测试报告' }, {}, actors.county.auth);
  assert.equal(report.status, 201, report.text);
  const ids = {
    station: 2,
    target: target.id,
    tester: users.body.items.find((u) => u.username === 'tester').id,
    targetVersion: target.version,
    notice: notice.body.id,
    token: token.body.id,
    mySession: mine.body.items.find((s) => !s.current).id,
    spareSession: online.body.items.find((s) => s.username === `${prefix}_spare`).id,
    village,
    client: client.body.id,
    clientVersion: client.body.version,
    otherClient: other.body.id,
    household: household.body.id,
    householdVersion: household.body.version,
    service: service.body.id,
    serviceVersion: service.body.version,
    case: kase.body.id,
    caseVersion: kase.body.version,
    group: group.body.id,
    groupVersion: group.body.version,
    survey: survey.body.id,
    surveyVersion: survey.body.version,
    plan: plan.body.id,
    planVersion: plan.body.version,
    org: org.body.id,
    orgVersion: org.body.version,
    contract: contract.body.id,
    contractVersion: contract.body.version,
    filing: filing.body.id,
    filingVersion: filing.body.version,
    workPlan: workPlan.body.id,
    workPlanVersion: workPlan.body.version,
    staff: staff.body.id,
    staffVersion: assigned.body.version,
    supervisor: supervisor.body.id,
    assignment: assigned.body.station.assignment_id,
    report: report.body.id,
    reportVersion: report.body.version,
  };
  Object.assign(ids, await moneyFixture(srv, ids.contract));
  return { actors, ids, table };
}

/** Money (issue 7): a budget line with an allocation to station 2; when
 *  a contract exists, an expenditure and a two-installment schedule. */
async function moneyFixture(srv, contract) {
  const line = await api(srv.base, 'POST', '/api/v1/budget_lines', { region_code: '430223', year: 2026, source: 'welfare_lottery',
    title: '安全测试福彩公益金', budget_fen: 1000000 });
  assert.equal(line.status, 201, line.text);
  const al = await api(srv.base, 'POST', '/api/v1/allocations', { budget_line_id: line.body.id, station_id: 2, amount_fen: 1000,
    allocated_on: '2026-06-01' });
  assert.equal(al.status, 201, al.text);
  const ids = { line: line.body.id, lineVersion: line.body.version };
  if (!contract) return ids;
  const e = await api(srv.base, 'POST', '/api/v1/expenditures', { contract_id: contract, station_id: 2, spent_on: '2026-06-01',
    category: 'wage', amount_fen: 500 });
  assert.equal(e.status, 201, e.text);
  const p = await api(srv.base, 'POST', `/api/v1/contracts/${contract}/payments`, { schedule: [
    { percent: 60, trigger: 'signing', working_days: 15 }, { percent: 40, trigger: 'final_passed', working_days: 15, needs_acceptance: true }] });
  assert.equal(p.status, 201, p.text);
  return { ...ids, expenditure: e.body.id, expenditureVersion: e.body.version, payment: p.body.items[1].id,
    paymentVersion: p.body.items[1].version };
}


/** The session that may call o (undefined: the tester's, which api()
 *  uses by default); the spare user's for routes that would end or
 *  change the caller's own session (logout, TOTP enrolment). */
export function actorFor(o, fx) {
  if ((o.method === 'DELETE' && o.path === '/api/v1/session') ||
      (o.method === 'POST' && o.path === '/api/v1/session/totp')) return fx.actors.spare.auth;
  if (['public', 'login', 'session', 'signed_in'].includes(o.permission)) return undefined;
  // The fixture's report is the county's draft, which only its county
  // bureau reads and writes.
  if (o.path.startsWith('/api/v1/reports') && fx.table.bureau.has(o.permission)) return fx.actors.county.auth;
  for (const a of Object.values(fx.actors)) {
    if (a.roles.some((r) => fx.table[r] && fx.table[r].has(o.permission))) return a.auth;
  }
  throw new Error(`no test user may call ${o.method} ${o.path} (${o.permission})`);
}

/** Like actorFor, but always a {cookie, csrf}: for raw requests. */
export function rawActorFor(o, fx) {
  return actorFor(o, fx) || fx.actors.tester.raw;
}

/** The path with ids that exist, each chosen to be harmless to the suite. */
export function existingPath(o, ids) {
  let p = o.path;
  if (p.startsWith('/api/v1/users/')) p = p.replace('{id}', ids.target);
  if (p.startsWith('/api/v1/stations/')) p = p.replace('{id}', ids.station);
  if (p.startsWith('/api/v1/notices/')) p = p.replace('{id}', ids.notice);
  if (p.startsWith('/api/v1/clients/')) p = p.replace('{id}', ids.client);
  if (p.startsWith('/api/v1/households/')) p = p.replace('{id}', ids.household);
  if (p.startsWith('/api/v1/services/')) p = p.replace('{id}', ids.service);
  if (p.startsWith('/api/v1/groups/')) p = p.replace('{id}', ids.group);
  if (p.startsWith('/api/v1/needs_surveys/')) p = p.replace('{id}', ids.survey);
  if (p.startsWith('/api/v1/station_plans/')) p = p.replace('{id}', ids.plan);
  if (p.startsWith('/api/v1/reports/')) p = p.replace('{id}', ids.report);
  if (p.startsWith('/api/v1/organisations/')) p = p.replace('{id}', ids.org);
  if (p.startsWith('/api/v1/contracts/')) p = p.replace('{id}', ids.contract);
  if (p.startsWith('/api/v1/filings/')) p = p.replace('{id}', ids.filing);
  if (p.startsWith('/api/v1/work_plans/')) p = p.replace('{id}', ids.workPlan);
  if (p.startsWith('/api/v1/budget_lines/')) p = p.replace('{id}', ids.line);
  if (p.startsWith('/api/v1/expenditures/')) p = p.replace('{id}', ids.expenditure || 999999);
  // No version guards an allocation's removal: an id that does not exist
  // keeps the walks from removing the fixture's (and the fingerprint).
  if (p.startsWith('/api/v1/allocations/')) p = p.replace('{id}', 999999);
  if (p.startsWith('/api/v1/payments/')) p = p.replace('{id}', ids.payment || 999999);
  if (p.startsWith('/api/v1/staff/')) p = p.replace('{id}', ids.staff).replace('{assignment_id}', ids.assignment);
  if (p.startsWith('/api/v1/cases/')) p = p.replace('{id}', ids.case).replace('{referral}', '1');
  if (p.startsWith('/api/v1/session/tokens/')) p = p.replace('{id}', ids.token);
  if (p.startsWith('/api/v1/session/sessions/')) p = p.replace('{id}', ids.mySession);
  if (p.startsWith('/api/v1/online/')) p = p.replace('{id}', ids.spareSession);
  if (p.startsWith('/api/v1/regions/')) p = p.replace('{code}', '430223');
  if (p.startsWith('/api/v1/settings/')) p = p.replace('{key}', 'login.lockout_threshold');
  return p.replace('{kind}', 'client_category').replace('{code}', 'dibao').replace('{id}', '2');
}

/** Path parameter values that name nothing, or are not ids at all. */
export const MISSING = ['999999', '0', '-1', 'abc', '99999999999999999999', '1%20OR%201%3D1', '%FF', '%00', 'x'.repeat(300)];

/** A body the route accepts (so that one bad thing in it is what gets it
 *  refused): hand-written where the values must exist, built from the
 *  schema for routes not known here yet. */
export function validBody(o, ids) {
  const facilities = [{ code: 'office', met: true, note: '有' }];
  const known = {
    'POST /api/v1/session': { username: 'nobody_here', password: 'Wrong-Passw0rd' },
    'POST /api/v1/session/totp/verify': { code: '123456' },
    'POST /api/v1/session/totp/confirm': { code: '123456' },
    'POST /api/v1/session/totp/disable': { code: '123456' },
    'POST /api/v1/session/password': { current_password: TEST_PASSWORD2, new_password: 'Other-Passw0rd9' },
    'POST /api/v1/session/tokens': { name: 'probe', permissions: ['station.read'], expires_on: '2026-12-31', region: '430223' },
    'POST /api/v1/users': { username: 'probe_new', display_name: '新用户', phone: '13812345678', roles: ['social_worker'], data_range: 'stations', range_region: null, stations: [2] },
    'PATCH /api/v1/users/{id}': { display_name: '新名字', phone: '13812345678', roles: ['social_worker'], data_range: 'self', range_region: null, stations: [], version: ids.targetVersion },
    'POST /api/v1/dictionaries/{kind}': { code: 'probe_new', label: '新类别', label_en: 'New', sort_order: 99, active: true },
    'PATCH /api/v1/dictionaries/{kind}/{code}': { label: '低保对象', label_en: 'Dibao', sort_order: 1, active: true },
    'POST /api/v1/notices': { title: '标题', body: '内容', region: '430223' },
    'PUT /api/v1/settings/{key}': { value: 6 },
    'POST /api/v1/stations': { type: 'community_room', region_code: ids.village, name: '某某社会工作室', address: '某地', phone: '0731-24212345', opened_on: '2026-01-01', facilities },
    'PATCH /api/v1/stations/{id}': { name: '某某社会工作服务站', address: '某地', phone: '0731-24212345', opened_on: '2026-01-01', facilities, version: 1 },
    'POST /api/v1/stations/{id}/deactivate': { reason: '原因', version: 1 },
    'POST /api/v1/stations/{id}/activate': { reason: '原因', version: 1 },
    'POST /api/v1/clients': {
      station_id: 2, village_code: null, name: '王五', id_number: '430223195001010031', sex: 'M', birth_date: '1950-01-01',
      ethnicity: '01', phone: '13812345679', hukou_address: '某地', address: '某地', categories: [{ code: 'tekun', started_on: '2021-01-01', ended_on: null }],
      dibao_cert: '', dibao_since: null, tekun_cert: 'TK1', tekun_since: '2021-01-01', self_care: 'partial', living: 'alone', risk_level: 'low',
      worker_id: null, tags: ['独居'], status: 'active', status_reason: '', notes: '备注', lawful_basis: '', consent_by: '', consent_on: null,
      consent_method: '', statutory_duty: '', basis_note: '', guardians: [{ name: '王大', relation: 'relative', phone: '13912345670', client_id: null }],
    },
    'PATCH /api/v1/clients/{id}': { name: '安全测试对象', notes: '改', risk_level: 'medium', version: ids.clientVersion },
    'POST /api/v1/client_duplicates': { name: '安全测试对象', id_number: '430223195001010015', birth_date: '1950-01-01', phone: '13812345678', except_id: 1 },
    'POST /api/v1/clients/{id}/reveal': { reason: '入户走访需要联系' },
    'POST /api/v1/clients/{id}/merge': { into: ids.otherClient },
    'POST /api/v1/households': { station_id: 2, name: '新户', notes: '', members: [{ client_id: null, name: '户主', relation: 'head' }] },
    'PATCH /api/v1/households/{id}': { name: '安全测试户', notes: '改', members: [{ client_id: ids.client, name: null, relation: 'head' }], version: ids.householdVersion },
    'POST /api/v1/services': {
      station_id: 2, type: 'home_visit', started_at: '2026-06-14T09:00', ended_at: '2026-06-14T10:00', place: '家中',
      area: 'social_assistance', title: '', content: '走访', outcome: '', satisfaction: 'satisfied', extra_attendees: 0,
      resource_kind: '', resource_value: 0, resource_source: '', clients: [ids.client], workers: [], case_id: null,
      visit: { purpose: 'dibao_check', met: '本人', living_conditions: '一般', housing: { type: 'own', area_m2: 60, condition: 'fair' }, needs: '',
        survey: { household_size: 2, incomes: [{ member: '本人', source: 'pension', yearly: 100000 }], assets: [{ kind: 'house', description: '砖房', value: 1 }],
          expenses: [{ kind: 'medical', yearly: 1000, note: '' }], housing: { type: 'own', area_m2: 60, condition: 'fair' }, conclusion: 'eligible', conclusion_note: '' } },
    },
    'PATCH /api/v1/services/{id}': { content: '改', reason: '笔误', version: ids.serviceVersion },
    'POST /api/v1/cases': { client_id: ids.otherClient, source: 'walk_in', problem: '求助', opened_on: '2026-06-14', risk_level: 'low', worker_id: null },
    'POST /api/v1/cases/{id}/assessment': { needs: [{ domain: 'health', description: '需要照料', level: 'high' }], summary: '小结', risk_level: 'high', version: ids.caseVersion },
    'POST /api/v1/cases/{id}/plan': { goals: [{ goal: '目标', tasks: [{ task: '任务', due_on: '2026-07-01' }] }], review_on: '2026-09-01', version: ids.caseVersion },
    'POST /api/v1/cases/{id}/decision': { decision: 'return', comment: '意见', version: ids.caseVersion },
    'POST /api/v1/cases/{id}/evaluation': { goals: [{ goal: 0, attainment: 'achieved', note: '' }], summary: '小结', version: ids.caseVersion },
    'POST /api/v1/cases/{id}/closure': { reason: 'goals_met', summary: '小结', version: ids.caseVersion },
    'POST /api/v1/cases/{id}/transfer': { to_worker_id: ids.tester, to_station_id: 2, note: '移交', version: ids.caseVersion },
    'POST /api/v1/cases/{id}/transfer/answer': { decision: 'decline', comment: '', version: ids.caseVersion },
    'POST /api/v1/cases/{id}/transfer/withdraw': { comment: '', version: ids.caseVersion },
    'POST /api/v1/cases/{id}/reopen': { reason: '原因', version: ids.caseVersion },
    'POST /api/v1/cases/{id}/referrals': { agency: '县残联', reason: '原因', referred_on: '2026-06-14', version: ids.caseVersion },
    'POST /api/v1/cases/{id}/referrals/{referral}/outcome': { outcome: '结果', outcome_on: '2026-06-15', version: ids.caseVersion },
    'POST /api/v1/groups': { station_id: 2, name: '新小组', area: 'elderly_care', target: '老人', goals: '目标', planned_sessions: 4,
      starts_on: '2026-06-01', ends_on: null, members: [ids.client], workers: [] },
    'PATCH /api/v1/groups/{id}': { name: '安全测试小组', goals: '改', planned_sessions: 5, version: ids.groupVersion },
    'POST /api/v1/groups/{id}/close': { attainment: 'achieved', evaluation: '评估', closed_on: '2026-06-14', version: ids.groupVersion },
    'POST /api/v1/needs_surveys': { station_id: 2, title: '调研', method: 'questionnaire', conducted_on: '2026-06-01', respondents: 10,
      findings: [{ target_group: 'dibao', respondents: 5, findings: '发现', needs: '需求' }] },
    'PATCH /api/v1/needs_surveys/{id}': { title: '安全测试调研改', version: ids.surveyVersion },
    'POST /api/v1/station_plans': { station_id: 2, year: 2025, summary: '说明', survey_ids: [ids.survey],
      items: [{ area: 'elderly_care', type: 'home_visit', quantity: 10, note: '' }] },
    'PATCH /api/v1/station_plans/{id}': { summary: '改', version: ids.planVersion },
    'POST /api/v1/station_plans/{id}/submit': { version: ids.planVersion },
    'POST /api/v1/reports': { type: 'half_year', region_code: '430223', period_from: '2025-07', period_to: '2025-12', key_work: '重点',
      highlights: '亮点', typical_cases: '案例', problems: '问题', next_plan: '计划' },
    'PATCH /api/v1/reports/{id}': { key_work: '改', version: ids.reportVersion },
    'POST /api/v1/reports/{id}/submit': { version: ids.reportVersion },
    'POST /api/v1/reports/{id}/return': { comment: '退回', version: ids.reportVersion },
    'POST /api/v1/reports/{id}/accept': { comment: '', version: ids.reportVersion },
    'POST /api/v1/organisations': { name: '新机构', credit_code: '91330100799655058B', legal_rep: '张', rating: '3A', rated_on: '2025-01-01',
      party_org: true, supervisor_quals: '', registered_on: '2020-01-01', region_code: '430223', address: '', phone: '', status: 'active', status_reason: '' },
    'PATCH /api/v1/organisations/{id}': { legal_rep: '王', version: ids.orgVersion },
    'POST /api/v1/contracts': { code: 'SEC-NEW-1', title: '新协议', organisation_id: ids.org, procurement: 'single_source', cycle_years: 2,
      cycle_year: 1, amount_fen: 100, signed_on: '2026-02-01', effective_on: '2026-02-01', starts_on: '2026-02-01', ends_on: '2027-01-31',
      stations: [{ station_id: 2, amount_fen: 100 }], requirements: '', liability: '', notes: '', previous_id: null, region_code: '430223' },
    'PATCH /api/v1/contracts/{id}': { notes: '改', version: ids.contractVersion },
    'PUT /api/v1/contracts/{id}/scope': { areas: [{ area: 'social_assistance', items: '核查' }], version: ids.contractVersion },
    'PUT /api/v1/contracts/{id}/targets': { targets: [{ service_type: 'home_visit', area: 'social_assistance', quantity: 10, note: '' }],
      version: ids.contractVersion },
    'POST /api/v1/contracts/{id}/amendments': { amended_on: '2026-03-01', reason: '政策调整', changes: '内容' },
    'POST /api/v1/contracts/{id}/terminate': { reason: '违约', terminated_on: '2026-06-01', version: ids.contractVersion },
    'POST /api/v1/filings': { kind: 'county_plan', year: 2026, contract_id: null, region_code: '430223', title: '计划', filed_with: '市局',
      due_on: '2026-07-31', filed_on: null, notes: '' },
    'PATCH /api/v1/filings/{id}': { filed_on: '2026-01-20', version: ids.filingVersion },
    'POST /api/v1/debarments': { organisation_id: ids.org, starts_on: '2026-01-01', ends_on: '2026-12-31', reason: '违约', contract_id: null },
    'POST /api/v1/work_plans': { kind: 'county_plan', year: 2026, organisation_id: null, contract_id: null, region_code: '430223', title: '计划',
      summary: '', milestones: [{ title: '节点', due_on: '2026-07-31', done_on: null }] },
    'PATCH /api/v1/work_plans/{id}': { summary: '改', version: ids.workPlanVersion },
    'POST /api/v1/budget_lines': { region_code: '430223', year: 2025, source: 'fiscal_budget', title: '新预算', budget_fen: 100, spent_fen: null, notes: '' },
    'PATCH /api/v1/budget_lines/{id}': { notes: '改', version: ids.lineVersion },
    'POST /api/v1/allocations': { budget_line_id: ids.line, station_id: 2, contract_id: null, amount_fen: 1, allocated_on: '2026-06-02', notes: '' },
    'POST /api/v1/expenditures': { contract_id: ids.contract || 999999, station_id: 2, spent_on: '2026-06-02', category: 'office', amount_fen: 1, payee: '', description: '' },
    'PATCH /api/v1/expenditures/{id}': { description: '改', version: ids.expenditureVersion || 1 },
    'POST /api/v1/evaluations': { contract_id: ids.contract || 999999, kind: 'annual', evaluated_on: '2026-06-01', passed: true, grade: 'good', evaluator: '第三方', notes: '' },
    'POST /api/v1/acceptances': { contract_id: ids.contract || 999999, accepted_on: '2026-06-01', result: 'passed', notes: '' },
    'POST /api/v1/contracts/{id}/payments': { schedule: [{ percent: 100, trigger: 'signing', working_days: 15, needs_acceptance: false }] },
    'POST /api/v1/payments/{id}/pay': { paid_on: '2026-06-01', version: ids.paymentVersion || 1 },
    'POST /api/v1/payments/{id}/withhold': { reason: '暂缓', version: ids.paymentVersion || 1 },
    'POST /api/v1/payments/{id}/override': { reason: '特批', version: ids.paymentVersion || 1 },
    'POST /api/v1/staff': { name: '新社工', role: 'project', birth_date: '1996-05-01', sex: 'M', education: 'junior_college', major: '社会工作',
      certificate: 'none', certified_on: null, hukou_local: true, hired_on: '2025-03-01', wage_fen: 240000, phone: '13812345678',
      organisation_id: ids.org, employer_region: null, labour_from: '2025-03-01', labour_to: '2028-02-29', user_id: null, status: 'active',
      left_on: null, left_reason: '', notes: '' },
    'PATCH /api/v1/staff/{id}': { major: '社会学', version: ids.staffVersion },
    'POST /api/v1/staff/{id}/assignments': { station_id: 2, from_on: '2026-01-01', to_on: '2026-01-31' },
    'PATCH /api/v1/staff/{id}/assignments/{assignment_id}': { to_on: '2026-12-31', version: 1 },
    'POST /api/v1/staff/{id}/trainings': { held_on: '2026-06-01', title: '岗前培训', hours: 8, organiser: '县民政局' },
    'POST /api/v1/supervision_sessions': { held_on: '2026-06-10', supervisor_id: ids.supervisor, station_id: 2, attendees: [ids.staff],
      topic: '个案督导', content: '内容', minutes: '纪要' },
    'POST /api/v1/min_wages': { region_code: '430223', effective_on: '2026-01-01', monthly_fen: 190000, source: '湘政发' },
    'POST /api/v1/client_exports': { format: 'csv', columns: ['name', 'id_number'], full: false, reason: '检查', q: 'zs', station_id: 2, category: 'dibao', status: 'active' },
    'POST /api/v1/case_exports': { format: 'csv', columns: ['id', 'client'], station_id: 2, stage: 'open', pending: false },
    'POST /api/v1/group_exports': { format: 'csv', columns: ['id', 'name'], station_id: 2, status: 'active' },
    'POST /api/v1/service_exports': { format: 'csv', columns: ['id', 'clients'], station_id: 2, type: 'consultation', from: '2026-01-01', to: '2026-06-30' },
  };
  const k = `${o.method} ${o.path}`;
  if (k in known) return known[k];
  return example(o.schema);
}

/** A plausible value for a schema (for routes validBody does not know). */
export function example(s) {
  if (!s) return null;
  switch (s.type) {
    case 'object': return Object.fromEntries(Object.entries(s.properties || {}).map(([k, v]) => [k, example(v)]));
    case 'array': return [];
    case 'integer': return Math.max(1, s.minimum || 1);
    case 'number': return 1;
    case 'boolean': return true;
    default:
      if (s.enum) return s.enum[0];
      if (s.format === 'date') return '2026-01-01';
      return 'x'.repeat(Math.max(2, s.minLength || 1));
  }
}

/** What the database holds, as far as the API shows it. */
export async function fingerprint(base, fx) {
  const get = async (path, auth) => {
    const r = await api(base, 'GET', path, undefined, {}, auth);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    return r.body;
  };
  const stations = await get('/api/v1/stations?limit=200&sort=id');
  const users = await get('/api/v1/users?limit=200');
  const notices = await get('/api/v1/notices?limit=200');
  const tokens = await get('/api/v1/session/tokens');
  const online = await get('/api/v1/online', fx.actors.sec.auth);
  const settings = await get('/api/v1/settings');
  const clients = await get('/api/v1/clients?limit=200&sort=id&status=');
  const client = await get(`/api/v1/clients/${fx.ids.client}`);
  const households = await get('/api/v1/households?limit=200');
  const services = await get('/api/v1/services?limit=200');
  const kase = await get(`/api/v1/cases/${fx.ids.case}`);
  const cases = await get('/api/v1/cases?limit=200');
  const group = await get(`/api/v1/groups/${fx.ids.group}`);
  const surveys = await get('/api/v1/needs_surveys?limit=200');
  const plans = await get('/api/v1/station_plans?limit=200');
  const orgs = await get('/api/v1/organisations?limit=200');
  const lines = await get('/api/v1/budget_lines?limit=200');
  const allocations = await get('/api/v1/allocations?limit=200');
  const expenditures = await get('/api/v1/expenditures?limit=200');
  const evaluations = await get('/api/v1/evaluations?limit=200');
  const acceptances = await get('/api/v1/acceptances?limit=200');
  const payments = fx.ids.contract ? await get(`/api/v1/contracts/${fx.ids.contract}/payments`) : { items: [] };
  const contracts = await get('/api/v1/contracts?limit=200');
  const filings = await get('/api/v1/filings?limit=200');
  const debarments = await get('/api/v1/debarments?limit=200');
  const workPlans = await get('/api/v1/work_plans?limit=200');
  const reports = await get('/api/v1/reports?limit=200', fx.actors.county.auth);
  const parts = [];
  for (const c of contracts.items) {
    parts.push(await get(`/api/v1/contracts/${c.id}/scope`), await get(`/api/v1/contracts/${c.id}/targets`),
      await get(`/api/v1/contracts/${c.id}/amendments`));
  }
  const staff = await get('/api/v1/staff?limit=200&status=');
  const supervision = await get('/api/v1/supervision_sessions?limit=200');
  const minWages = await get('/api/v1/min_wages');
  return {
    stations: [stations.total, stations.items.map((s) => `${s.id}:${s.version}:${s.status}:${s.name}:${s.address}:${s.phone}`)],
    users: [users.total, users.items.map((u) => `${u.id}:${u.username}:${u.version}:${u.status}:${u.roles}:${u.data_range}:${u.must_change_password}`)],
    notices: [notices.total, notices.items.map((n) => `${n.id}:${n.status || ''}:${n.title}:${n.withdrawn_at || ''}`)],
    tokens: (tokens.items || tokens).map((t) => `${t.id}:${t.name}:${t.revoked_at || ''}`),
    online: online.items.map((s) => `${s.id}:${s.username}`).sort(),
    settings: settings.items.map((s) => `${s.key}=${s.value}`),
    clients: [clients.total, clients.items.map((c) => `${c.id}:${c.version}:${c.status}:${c.name}:${c.id_number}:${c.phone}`)],
    client,
    households,
    services: [services.total, services.items.map((v) => `${v.id}:${v.version}:${v.content}`)],
    cases: [cases.total, cases.items.map((k) => `${k.id}:${k.version}:${k.stage}:${k.pending}`)],
    kase,
    group,
    surveys: surveys.items.map((x) => `${x.id}:${x.version}`),
    plans: plans.items.map((x) => `${x.id}:${x.version}:${x.status}`),
    orgs: orgs.items.map((x) => `${x.id}:${x.version}:${x.credit_code}`),
    money: [lines.items.map((x) => `${x.id}:${x.version}:${x.allocated_fen}`), allocations.total,
      expenditures.items.map((x) => `${x.id}:${x.version}:${x.vouchers}`), evaluations.total, acceptances.total,
      payments.items.map((x) => `${x.id}:${x.version}:${x.status}`)],
    contracts: contracts.items.map((x) => `${x.id}:${x.version}:${x.status}`),
    contractParts: parts,
    filings: filings.items.map((x) => `${x.id}:${x.version}:${x.filed_on}`),
    debarments: debarments.total,
    workPlans: workPlans.items.map((x) => `${x.id}:${x.version}`),
    reports: reports.items.map((x) => `${x.id}:${x.version}:${x.status}`),
    staff: [staff.total, staff.items.map((x) => `${x.id}:${x.version}:${x.station ? x.station.id : ''}`)],
    supervision: supervision.total,
    minWages: minWages.items.map((x) => `${x.id}:${x.monthly_fen}`),
    dictionaries: await get('/api/v1/dictionaries'),
    me: (await get('/api/v1/session')).user,
    spare: (await get('/api/v1/session', fx.actors.spare.auth)).second_factor_enabled,
  };
}

export async function lastAuditId(base, fx) {
  const r = await api(base, 'GET', '/api/v1/audit?limit=1', undefined, {}, fx.actors.aud.auth);
  assert.equal(r.status, 200, r.text);
  return r.body.items.length ? r.body.items[0].id : 0;
}

/** Audit rows after id `since`, newest first. */
export async function auditSince(base, fx, since) {
  const out = [];
  for (let page = 1; page < 500; page++) {
    const r = await api(base, 'GET', `/api/v1/audit?limit=200&page=${page}`, undefined, {}, fx.actors.aud.auth);
    assert.equal(r.status, 200, r.text);
    const fresh = r.body.items.filter((x) => x.id > since);
    out.push(...fresh);
    if (fresh.length < r.body.items.length || r.body.items.length < 200) break;
  }
  return out;
}

/** The state to compare with: fingerprint and the last audit id. */
export async function baseline(base, fx) {
  return { print: await fingerprint(base, fx), audit: await lastAuditId(base, fx) };
}

/** Nothing was written since baseline b: the same fingerprint, and the
 *  audit log gained only refusals (denied, csrf, failed …), logins and
 *  exports (a read that is audited: the staff roster is a GET, and an odd
 *  but valid filter downloads it). Returns the new audit rows. */
export async function assertNothingWritten(base, fx, b, what) {
  const rows = await auditSince(base, fx, b.audit);
  const writes = rows.filter((x) => x.result === 'ok' && x.action !== 'login' && !x.action.endsWith('.export'));
  assert.deepEqual(writes.map((x) => `${x.action} ${x.entity} ${x.entity_id} by ${x.actor}`), [],
    `${what}: the audit log shows writes`);
  assert.deepEqual(await fingerprint(base, fx), b.print, `${what}: the database changed`);
  return rows;
}
