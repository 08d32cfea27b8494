// What a contract states beyond its core: scope, targets with progress
// from the service records, amendments, termination; filings with due
// dates from the profile; debarments; annual plans; and an org_admin's
// range following its organisation's contracts in force.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session, sgz } from './lib.mjs';

let srv;
const as = {};
let org;
let st; // township stations

before(async () => {
  srv = await startServer();
  const r = await api(srv.base, 'POST', '/api/v1/organisations',
    { name: '攸县同心社会工作服务中心', credit_code: '91350100M000100Y43', rating: '4A' });
  assert.equal(r.status, 201, r.text);
  org = r.body;
  st = (await api(srv.base, 'GET', '/api/v1/stations?type=township_station&limit=200&sort=id')).body.items;
  addUser(srv, 'sw', 'social_worker', 'all');
  // An org_admin needs her organisation, on the command line as in the API.
  const none = sgz(['user', 'add', 'oa', '--roles', 'org_admin', '--range', 'self', '--password-stdin'], srv.env, 'Init-Passw0rd\n');
  assert.equal(none.status, 2, none.stderr);
  assert.match(none.stderr, /--org/);
  const o2 = await api(srv.base, 'POST', '/api/v1/organisations', { name: '攸县无协议社会工作服务中心', credit_code: '91330100799655058B' });
  assert.equal(o2.status, 201, o2.text);
  const noContract = sgz(['user', 'add', 'oa', '--roles', 'org_admin', '--range', 'self', '--org', String(o2.body.id), '--password-stdin'],
    srv.env, 'Init-Passw0rd\n');
  assert.equal(noContract.status, 0, noContract.stderr);
  const o = sgz(['user', 'add', 'oa2', '--roles', 'org_admin', '--range', 'all', '--org', String(org.id), '--password-stdin'],
    srv.env, 'Init-Passw0rd\n');
  assert.equal(o.status, 0, o.stderr);
  const bad = sgz(['user', 'add', 'oa3', '--roles', 'org_admin', '--org', '999999', '--password-stdin'], srv.env, 'Init-Passw0rd\n');
  assert.notEqual(bad.status, 0);
  assert.doesNotMatch(sgz(['user', 'list'], srv.env).stdout, /^oa3 /m, 'no account without its organisation');
  for (const u of ['sw', 'oa2']) as[u] = await session(srv.base, u);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

async function contract(code, stations, extra = {}) {
  const r = await api(srv.base, 'POST', '/api/v1/contracts', {
    code, title: `协议${code}`, organisation_id: org.id, procurement: 'open_tender', cycle_years: 3, cycle_year: 1,
    amount_fen: 12000000 * stations.length, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-01',
    ends_on: '2026-12-31', stations: stations.map((s) => ({ station_id: s.id, amount_fen: 12000000 })), ...extra,
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const activity = (station, area, day) => api(srv.base, 'POST', '/api/v1/services', {
  station_id: station.id, type: 'activity', title: '社区活动', started_at: `${day}T09:00`, ended_at: `${day}T10:00`,
  area, content: '活动内容', clients: [], extra_attendees: 20,
}, {}, as.sw);

test('scope and targets: replaced under the version, progress counted from the records', async () => {
  const c = await contract('T-1', [st[0], st[1]]);
  let r = await api(srv.base, 'PUT', `/api/v1/contracts/${c.id}/scope`, { areas: [{ area: 'social_assistance', items: '低保核查' }], version: c.version });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.areas.map((a) => a.area), ['social_assistance']);
  assert.equal(r.body.areas[0].label, '社会救助');
  r = await api(srv.base, 'PUT', `/api/v1/contracts/${c.id}/scope`, { areas: [{ area: 'moon_landing' }], version: c.version + 1 });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'areas[0].area');
  r = await api(srv.base, 'PUT', `/api/v1/contracts/${c.id}/scope`, { areas: [], version: c.version });
  assert.equal(r.status, 409, 'stale version');
  for (const day of ['2026-03-01', '2026-04-01']) assert.equal((await activity(st[0], 'social_assistance', day)).status, 201);
  assert.equal((await activity(st[1], 'elderly_care', '2026-05-01')).status, 201);
  assert.equal((await activity(st[5], 'social_assistance', '2026-05-01')).status, 201, 'not covered');
  r = await api(srv.base, 'PUT', `/api/v1/contracts/${c.id}/targets`, {
    targets: [{ service_type: 'activity', area: 'social_assistance', quantity: 10 }, { service_type: 'activity', quantity: 4 }],
    version: c.version + 1,
  });
  assert.equal(r.status, 200, r.text);
  const byArea = Object.fromEntries(r.body.targets.map((t) => [t.area || 'any', t]));
  assert.equal(byArea.social_assistance.done, 2);
  assert.equal(byArea.any.done, 3);
  assert.ok(r.body.elapsed_permille > 450 && r.body.elapsed_permille < 460, String(r.body.elapsed_permille));
  assert.equal(byArea.social_assistance.expected, 4);
  assert.equal(byArea.social_assistance.behind, true);
  assert.equal(byArea.any.behind, false);
  r = await api(srv.base, 'PUT', `/api/v1/contracts/${c.id}/targets`, {
    targets: [{ service_type: 'activity', quantity: 1 }, { service_type: 'activity', quantity: 2 }], version: c.version + 2 });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'targets[1]');
  const g = await api(srv.base, 'GET', `/api/v1/contracts/${c.id}/targets`);
  assert.equal(g.body.targets.length, 2);
});

test('amendments are kept as history; a terminated contract takes no more changes', async () => {
  const c = await contract('T-2', [st[2]]);
  let r = await api(srv.base, 'POST', `/api/v1/contracts/${c.id}/amendments`, { amended_on: '2026-03-01', reason: '政策调整', changes: '服务站点增加' });
  assert.equal(r.status, 201, r.text);
  r = await api(srv.base, 'POST', `/api/v1/contracts/${c.id}/amendments`, { amended_on: '2026-07-01', reason: '未来', changes: '未来' });
  assert.equal(r.status, 400);
  r = await api(srv.base, 'GET', `/api/v1/contracts/${c.id}/amendments`);
  assert.equal(r.body.items.length, 1);
  assert.equal(r.body.items[0].changes, '服务站点增加');
  r = await api(srv.base, 'POST', `/api/v1/contracts/${c.id}/terminate`, { reason: '严重违约', terminated_on: '2026-06-10' });
  assert.equal(r.status, 428);
  r = await api(srv.base, 'POST', `/api/v1/contracts/${c.id}/terminate`, { reason: '严重违约', terminated_on: '2026-06-10', version: c.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'terminated');
  assert.equal(r.body.status_reason, '严重违约');
  r = await api(srv.base, 'PATCH', `/api/v1/contracts/${c.id}`, { notes: 'x', version: r.body.version });
  assert.equal(r.status, 409);
  r = await api(srv.base, 'GET', '/api/v1/contracts?status=terminated');
  assert.equal(r.body.total, 1);
});

test('filings: the contract copy due 15 working days after signing (攸县), county plan by 31 July', async () => {
  const c = (await api(srv.base, 'GET', '/api/v1/contracts?status=active&limit=1')).body.items[0];
  let r = await api(srv.base, 'POST', '/api/v1/filings', { kind: 'contract_copy', year: 2026, contract_id: c.id });
  assert.equal(r.status, 201, r.text);
  // 2026-01-05 not counted; 1–3 Jan are the New Year holiday: day 15 is 26 January
  assert.equal(r.body.due_on, '2026-01-26');
  assert.equal(r.body.provisional, false);
  assert.equal(r.body.filed_with, '市民政局');
  assert.equal(r.body.overdue, true);
  const copy = r.body;
  // Typing slips: a year outside the contract's term, filed before it was signed.
  r = await api(srv.base, 'POST', '/api/v1/filings', { kind: 'contract_copy', year: 2001, contract_id: c.id });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'year');
  r = await api(srv.base, 'PATCH', `/api/v1/filings/${copy.id}`, { filed_on: '2001-01-01', version: copy.version });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'filed_on');
  assert.match(r.body.error.message, /备案日期不能早于服务协议的签订日期/);
  r = await api(srv.base, 'POST', '/api/v1/filings', { kind: 'county_plan', year: 2026 });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.due_on, '2026-07-31');
  assert.equal(r.body.region_code, '430223');
  assert.equal(r.body.overdue, false);
  r = await api(srv.base, 'POST', '/api/v1/filings', { kind: 'recruitment_plan', year: 2026 });
  assert.equal(r.body.due_on, null, 'the plan sets no deadline');
  // One filing of a kind a year for a contract or the county, edited as it
  // is filed: a second names the first. Recruitment plans may be several.
  for (const body of [{ kind: 'contract_copy', year: 2026, contract_id: c.id }, { kind: 'county_plan', year: 2026, title: '再登记一次' }]) {
    const again = await api(srv.base, 'POST', '/api/v1/filings', body);
    assert.equal(again.status, 409, again.text);
    assert.equal(again.body.error.field, 'kind');
    assert.match(again.body.error.message, /^备案类别：这一年度的此类备案已登记/);
    assert.ok(again.body.error.existing_id > 0);
  }
  assert.equal((await api(srv.base, 'POST', '/api/v1/filings', { kind: 'county_plan', year: 2027 })).status, 201, 'another year');
  assert.equal((await api(srv.base, 'POST', '/api/v1/filings', { kind: 'recruitment_plan', year: 2026, title: '下半年招聘' })).status, 201);
  r = await api(srv.base, 'POST', '/api/v1/filings', { kind: 'bribe', year: 2026 });
  assert.equal(r.status, 400);
  // A county code of no county is refused on its field (it was a 500).
  r = await api(srv.base, 'POST', '/api/v1/filings', { kind: 'county_plan', year: 2026, region_code: '439999' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'region_code');
  assert.equal(r.body.error.message, '所属区县：行政区划不存在');
  r = await api(srv.base, 'PATCH', `/api/v1/filings/${copy.id}`, { filed_on: '2026-01-20', version: copy.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.overdue, false);
  r = await api(srv.base, 'GET', '/api/v1/filings?pending=1&year=2026');
  assert.equal(r.body.total, 3);
  assert.equal(r.body.items[0].kind, 'county_plan', 'earliest due first, undated last');
});

test('a debarred organisation signs nothing new in its period', async () => {
  let r = await api(srv.base, 'POST', '/api/v1/debarments', { organisation_id: org.id, starts_on: '2026-06-01', ends_on: '2026-05-01', reason: '严重违约' });
  assert.equal(r.status, 400);
  r = await api(srv.base, 'POST', '/api/v1/debarments', { organisation_id: org.id, starts_on: '2026-06-01', ends_on: '2029-05-31', reason: '严重违约' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.current, true);
  const first = r.body.id;
  r = await api(srv.base, 'POST', '/api/v1/contracts', {
    code: 'T-9', title: '新协议', organisation_id: org.id, procurement: 'single_source', cycle_years: 1, cycle_year: 1, amount_fen: 100,
    signed_on: '2026-06-10', effective_on: '2026-06-10', starts_on: '2026-06-10', ends_on: '2027-06-09', stations: [{ station_id: st[3].id, amount_fen: 100 }],
  });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'organisation_id');
  assert.match(r.body.error.message, /禁止承接/);
  // Recorded twice, or a period that overlaps it: the first is named.
  for (const [starts_on, ends_on] of [['2026-06-01', '2029-05-31'], ['2025-01-01', '2026-06-01'], ['2029-05-31', '2030-01-01']]) {
    const again = await api(srv.base, 'POST', '/api/v1/debarments', { organisation_id: org.id, starts_on, ends_on, reason: '严重违约' });
    assert.equal(again.status, 409, again.text);
    assert.equal(again.body.error.field, 'starts_on');
    assert.equal(again.body.error.message, '禁止承接期与该机构已登记的禁止承接期重叠');
    assert.equal(again.body.error.existing_id, first);
  }
  r = await api(srv.base, 'GET', `/api/v1/debarments?organisation_id=${org.id}`);
  assert.equal(r.body.total, 1);
  // The day after it ends is free.
  r = await api(srv.base, 'POST', '/api/v1/debarments', { organisation_id: org.id, starts_on: '2029-06-01', ends_on: '2029-12-31', reason: '再次违约' });
  assert.equal(r.status, 201, r.text);
});

test('annual plans keep their milestones', async () => {
  let r = await api(srv.base, 'POST', '/api/v1/work_plans', { kind: 'org_work_plan', year: 2026, title: '2026年度工作计划',
    milestones: [{ title: '需求调研', due_on: '2026-03-31', done_on: '2026-03-20' }, { title: '中期评估', due_on: '2026-06-30' }] });
  assert.equal(r.status, 400, 'an organisation is needed');
  r = await api(srv.base, 'POST', '/api/v1/work_plans', { kind: 'org_work_plan', year: 2026, title: '2026年度工作计划', organisation_id: org.id,
    milestones: [{ title: '中期评估', due_on: '2026-06-30' }, { title: '需求调研', due_on: '2026-03-31', done_on: '2026-04-02' }] });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.milestones.map((m) => [m.title, m.overdue]), [['需求调研', true], ['中期评估', false]]);
  const p = r.body;
  // Done on a day still to come: not done yet.
  r = await api(srv.base, 'PATCH', `/api/v1/work_plans/${p.id}`, { milestones: [{ title: '中期评估', due_on: '2026-06-30', done_on: '2099-01-01' }],
    version: p.version });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'milestones[0].done_on');
  assert.match(r.body.error.message, /完成日期不能晚于当前时间/);
  r = await api(srv.base, 'PATCH', `/api/v1/work_plans/${p.id}`, { milestones: [], version: p.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.milestones.length, 0);
  r = await api(srv.base, 'GET', '/api/v1/work_plans?year=2026');
  assert.equal(r.body.total, 1);
  // A contract's plan is filed under its own organisation only.
  const k = await contract('WP-1', [st[10]]);
  const other = await api(srv.base, 'POST', '/api/v1/organisations', { name: '攸县另一家社会工作服务中心', credit_code: '91430223MA4L000113' });
  assert.equal(other.status, 201, other.text);
  r = await api(srv.base, 'POST', '/api/v1/work_plans', { kind: 'org_work_plan', year: 2026, title: '别家的计划', organisation_id: other.body.id,
    contract_id: k.id });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'contract_id');
});

test("an org_admin's range is the stations of its organisation's contracts in force", async () => {
  const names = ['甲', '乙', '丙'];
  for (const [i, s] of [st[6], st[7], st[8]].entries()) {
    const r = await api(srv.base, 'POST', '/api/v1/clients', { station_id: s.id, name: `范围测试${names[i]}`, sex: 'F', birth_date: '1950-01-01' });
    assert.equal(r.status, 201, r.text);
  }
  const seen = async () => (await api(srv.base, 'GET', '/api/v1/clients?q=范围测试&limit=50', undefined, {}, as.oa2)).body.items.map((c) => c.name).sort();
  assert.deepEqual(await seen(), [], 'no contract for those stations yet');
  const c1 = await contract('S-1', [st[6]]);
  const c2 = await contract('S-2', [st[7]]);
  assert.deepEqual(await seen(), ['范围测试甲', '范围测试乙'].sort());
  // The same for an account left at range "self", the default a new one
  // gets: an organisation has no clients of its own to narrow to.
  addUser(srv, 'oa4', 'org_admin', 'self', undefined, org.id);
  const oa4 = await session(srv.base, 'oa4');
  const mine = await api(srv.base, 'GET', '/api/v1/clients?q=范围测试&limit=50', undefined, {}, oa4);
  assert.deepEqual(mine.body.items.map((c) => c.name).sort(), ['范围测试甲', '范围测试乙'].sort());
  // its own contracts are visible too, another organisation's station is not
  let r = await api(srv.base, 'GET', `/api/v1/stations/${st[8].id}`, undefined, {}, as.oa2);
  assert.equal(r.status, 404);
  r = await api(srv.base, 'GET', `/api/v1/contracts/${c1.id}`, undefined, {}, as.oa2);
  assert.equal(r.status, 200);
  // the term ends: gone
  r = await api(srv.base, 'PATCH', `/api/v1/contracts/${c2.id}`, { starts_on: '2026-01-01', ends_on: '2026-06-01', version: c2.version });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await seen(), ['范围测试甲']);
  // terminated: gone
  r = await api(srv.base, 'POST', `/api/v1/contracts/${c1.id}/terminate`, { reason: '终止', terminated_on: '2026-06-15', version: c1.version });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await seen(), []);
  // an org_admin of an organisation without a contract sees nothing
  const oa = await session(srv.base, 'oa');
  r = await api(srv.base, 'GET', '/api/v1/clients?q=范围测试', undefined, {}, oa);
  assert.equal(r.body.total, 0);
});

test('the contract document is attached by the bureau and read within range', async () => {
  const c = await contract('D-1', [st[9]]);
  const pdf = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj\n%%EOF\n'));
  let r = await api(srv.base, 'POST', `/api/v1/contracts/${c.id}/documents?name=${encodeURIComponent('服务协议.pdf')}`, pdf, { 'content-type': 'application/octet-stream' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.owner_kind, 'contract');
  r = await api(srv.base, 'GET', `/api/v1/contracts/${c.id}/documents`);
  assert.equal(r.body.items.length, 1);
  const file = await fetch(srv.base + r.body.items[0].url, { headers: { cookie: as.oa2.cookie } });
  assert.equal(file.status, 200, 'the org_admin of the contract reads it');
  r = await api(srv.base, 'POST', `/api/v1/contracts/999999/documents?name=x.pdf`, pdf, { 'content-type': 'application/octet-stream' });
  assert.equal(r.status, 404);
  r = await api(srv.base, 'GET', `/api/v1/contracts/${c.id}/documents`, undefined, {}, as.sw);
  assert.equal(r.status, 403);
});

test('a part\'s audit row holds what it was set to', async () => {
  addUser(srv, 'aud', 'auditor', 'all');
  const aud = await session(srv.base, 'aud');
  const rows = (await api(srv.base, 'GET', '/api/v1/audit?action=contract.scope&limit=200', undefined, {}, aud)).body.items;
  assert.ok(rows.length >= 1);
  assert.ok(rows.some((a) => String(a.detail).includes('低保核查')), rows.map((a) => a.detail).join());
});
