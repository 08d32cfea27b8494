// The contract rules of the compliance engine through the API: a 攸县
// contract not filed in time, without workers in place, with one station
// below 120,000 yuan, services outside its scope and a target behind;
// another profile turns the keyed rules off and says why. Clock:
// 2026-06-15.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, api, addUser, session, sgz, BACKEND } from './lib.mjs';

let srv;
let contract;
const as = {};

before(async () => {
  srv = await startServer();
  const org = await api(srv.base, 'POST', '/api/v1/organisations', { name: '攸县阳光社会工作服务中心', credit_code: '91350100M000100Y43' });
  assert.equal(org.status, 201, org.text);
  const st = (await api(srv.base, 'GET', '/api/v1/stations?type=township_station&limit=3&sort=id')).body.items;
  const r = await api(srv.base, 'POST', '/api/v1/contracts', {
    code: 'YX-2026-01', title: '攸县2026年度社工站服务项目', organisation_id: org.body.id, procurement: 'open_tender', cycle_years: 3,
    cycle_year: 1, amount_fen: 35000000, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-01',
    ends_on: '2026-12-31', stations: [{ station_id: st[0].id, amount_fen: 12000000 }, { station_id: st[1].id, amount_fen: 11000000 }],
  });
  assert.equal(r.status, 201, r.text);
  contract = r.body;
  let v = contract.version;
  let x = await api(srv.base, 'PUT', `/api/v1/contracts/${contract.id}/scope`, { areas: [{ area: 'social_assistance' }], version: v++ });
  assert.equal(x.status, 200, x.text);
  x = await api(srv.base, 'PUT', `/api/v1/contracts/${contract.id}/targets`, { targets: [{ service_type: 'activity', quantity: 20 }], version: v++ });
  assert.equal(x.status, 200, x.text);
  addUser(srv, 'sw', 'social_worker', `stations:${st[0].id}`);
  addUser(srv, 'tw', 'township_officer', `stations:${st[2].id}`);
  as.sw = await session(srv.base, 'sw');
  as.tw = await session(srv.base, 'tw');
  x = await api(srv.base, 'POST', '/api/v1/services', { station_id: st[0].id, type: 'activity', title: '重阳节活动',
    started_at: '2026-05-10T09:00', ended_at: '2026-05-10T11:00', area: 'elderly_care', content: '活动', clients: [], extra_attendees: 30 }, {}, as.sw);
  assert.equal(x.status, 201, x.text);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const findings = async (rule, auth) => (await api(srv.base, 'GET', `/api/v1/compliance?rule=${rule}&limit=200`, undefined, {}, auth)).body;

test('each contract rule finds its case, linked to the contract', async () => {
  const all = await api(srv.base, 'GET', '/api/v1/compliance?limit=200');
  const on = Object.fromEntries(all.body.rules.map((r) => [r.code, r.enabled]));
  for (const code of ['contract.filing_deadline', 'contract.staff_in_place', 'contract.min_station_amount', 'contract.out_of_scope',
    'contract.targets_behind', 'contract.filings_overdue', 'contract.debarred', 'contract.expiring']) {
    assert.equal(on[code], true, code);
  }
  const expect = [
    ['contract.filing_deadline', 'violation', /协议副本未报市民政局备案，期限2026-01-26已过/],
    ['contract.staff_in_place', 'violation', /协议未填写“人员到岗日期”，期限2026-02-05已过/],
    ['contract.min_station_amount', 'violation', /每年110,000.00元，低于每站不少于120,000.00元/],
    ['contract.out_of_scope', 'violation', /1条服务记录/],
    ['contract.targets_behind', 'warning', /年度目标20，已完成1/],
  ];
  for (const [rule, severity, message] of expect) {
    const f = await findings(rule);
    assert.equal(f.items.length, 1, `${rule}: ${JSON.stringify(f.items)}`);
    assert.equal(f.items[0].severity, severity, rule);
    assert.match(f.items[0].message, message, rule);
    assert.equal(f.items[0].entity, 'contract');
    assert.equal(f.items[0].entity_id, contract.id);
  }
  assert.equal((await findings('contract.expiring')).items.length, 0, 'December is far');
  assert.equal((await findings('contract.filing_deadline', as.tw)).items.length, 0, 'a station outside the contract');
  // Each township's officer reads the contract serving her township, and
  // of its stations' findings and records only her own station's.
  const c = (await api(srv.base, 'GET', `/api/v1/contracts/${contract.id}`)).body;
  const [s0, s1] = c.stations.map((x) => x.station_id);
  addUser(srv, 't0', 'township_officer', `stations:${s0}`);
  addUser(srv, 't1', 'township_officer', `stations:${s1}`);
  const t0 = await session(srv.base, 't0');
  const t1 = await session(srv.base, 't1');
  as.t1 = t1;
  assert.equal((await findings('contract.filing_deadline', t0)).items.length, 1, 'the contract is hers to read');
  assert.equal((await findings('contract.min_station_amount', t0)).items.length, 0, 'the short station is another township\'s');
  assert.equal((await findings('contract.min_station_amount', t1)).items.length, 1);
  assert.match((await findings('contract.out_of_scope', t0)).items[0].message, /1条服务记录/);
  assert.equal((await findings('contract.out_of_scope', t1)).items.length, 0, 'the record is at the other township\'s station');
});

test('a record served by a login not on the station\'s roster is 服务转包 until she is on it that day', async () => {
  const c = (await api(srv.base, 'GET', `/api/v1/contracts/${contract.id}`)).body;
  const [s0, s1] = c.stations.map((x) => x.station_id);
  const f = (await findings('contract.unrostered_workers')).items;
  assert.equal(f.length, 1, JSON.stringify(f));
  assert.equal(f[0].severity, 'violation');
  assert.equal(f[0].station_id, s0);
  assert.equal(f[0].entity_id, contract.id);
  assert.match(f[0].message, /有1条服务记录的服务人员当天不在该站社工名册上：.*\(sw\)1条\(如服务记录\d+\)/);
  assert.equal((await findings('contract.unrostered_workers', as.t1)).items.length, 0, 'another township\'s');
  // On another station's roster that day: still not hers.
  let r = await api(srv.base, 'POST', '/api/v1/staff', { name: '孙丽', role: 'resident', birth_date: '1995-04-12', sex: 'F',
    education: 'bachelor', hired_on: '2026-01-04', organisation_id: contract.organisation_id });
  assert.equal(r.status, 201, r.text);
  const users = (await api(srv.base, 'GET', '/api/v1/users?limit=200')).body.items;
  r = await api(srv.base, 'PATCH', `/api/v1/staff/${r.body.id}`, { user_id: users.find((u) => u.username === 'sw').id, version: r.body.version });
  assert.equal(r.status, 200, r.text);
  const staff = r.body;
  r = await api(srv.base, 'POST', `/api/v1/staff/${staff.id}/assignments`, { station_id: s1, from_on: '2026-01-04' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await findings('contract.unrostered_workers')).items.length, 1, 'on another station\'s roster');
  const cur = (await api(srv.base, 'GET', `/api/v1/staff/${staff.id}`)).body;
  r = await api(srv.base, 'PATCH', `/api/v1/staff/${staff.id}/assignments/${cur.station.assignment_id}`, { to_on: '2026-05-09', version: cur.version });
  assert.equal(r.status, 200, r.text);
  r = await api(srv.base, 'POST', `/api/v1/staff/${staff.id}/assignments`, { station_id: s0, from_on: '2026-05-10' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await findings('contract.unrostered_workers')).items.length, 0, 'on the roster that day');
});

test('the organisation reads its contract\'s station findings too: the short station, the records out of its scope', async () => {
  addUser(srv, 'orgadm', 'org_admin', undefined, undefined, contract.organisation_id);
  const oa = await session(srv.base, 'orgadm');
  for (const rule of ['contract.min_station_amount', 'contract.out_of_scope', 'contract.filing_deadline']) {
    const mine = (await findings(rule, oa)).items;
    assert.deepEqual(mine.map((f) => f.message), (await findings(rule)).items.map((f) => f.message), rule);
    assert.equal(mine.length, 1, rule);
  }
});

test('recording the dates clears the findings', async () => {
  const c = (await api(srv.base, 'GET', `/api/v1/contracts/${contract.id}`)).body;
  const r = await api(srv.base, 'PATCH', `/api/v1/contracts/${c.id}`, { filed_on: '2026-01-20', staff_in_place_on: '2026-02-01', version: c.version });
  assert.equal(r.status, 200, r.text);
  assert.equal((await findings('contract.filing_deadline')).items.length, 0);
  assert.equal((await findings('contract.staff_in_place')).items.length, 0);
  const cli = sgz(['check'], srv.env);
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /contract\.min_station_amount/);
});

test('a debarment makes the active contract a finding; an overdue filing too', async () => {
  let r = await api(srv.base, 'POST', '/api/v1/debarments', { organisation_id: contract.organisation_id, starts_on: '2026-06-01', ends_on: '2027-05-31', reason: '严重违约' });
  assert.equal(r.status, 201, r.text);
  assert.match((await findings('contract.debarred')).items[0].message, /禁止承接期内/);
  r = await api(srv.base, 'POST', '/api/v1/filings', { kind: 'recruitment_plan', year: 2026, due_on: '2026-03-31' });
  assert.equal(r.status, 201, r.text);
  const f = (await findings('contract.filings_overdue')).items;
  assert.equal(f.length, 1);
  assert.equal(f[0].entity, 'filing');
  assert.match(f[0].message, /期限2026-03-31已过/);
});

test('a profile without the contract keys turns those rules off and says why', async () => {
  const other = await startServer({ region: '4419', profile: 'dongguan-fulian' });
  try {
    const all = (await api(other.base, 'GET', '/api/v1/compliance?limit=1')).body;
    const rule = Object.fromEntries(all.rules.map((r) => [r.code, r]));
    for (const code of ['contract.filing_deadline', 'contract.staff_in_place', 'contract.min_station_amount']) {
      assert.equal(rule[code].enabled, false, code);
      assert.ok(rule[code].off_reason, code);
    }
    assert.equal(rule['contract.expiring'].enabled, true);
  } finally {
    const r = await other.stop();
    assert.equal(r.code, 0, r.stderr);
  }
});

test('sgz demo (not --bare): the county\'s contract with its deliberate failures, once', async () => {
  for (let i = 0; i < 2; i++) {
    const r = sgz(['demo', '--region', '430223'], srv.env);
    assert.equal(r.status, 0, r.stderr);
  }
  const lr = await api(srv.base, 'GET', '/api/v1/contracts?limit=50');
  assert.equal(lr.status, 200, lr.text);
  const list = lr.body.items.filter((c) => c.code === '430223-2026-SGZ-01');
  assert.equal(list.length, 1, 'made once');
  const demo = list[0];
  assert.equal(demo.stations.length, 17);
  for (const want of ['contract.filing_deadline', 'contract.min_station_amount', 'contract.targets_behind']) {
    const f = (await findings(want)).items.filter((x) => x.entity === 'contract' && x.entity_id === demo.id);
    assert.ok(f.length > 0, want);
  }
  const filings = (await api(srv.base, 'GET', `/api/v1/filings?contract_id=${demo.id}`)).body.items;
  assert.ok(filings.some((x) => x.kind === 'contract_copy' && x.overdue));
  const plans = (await api(srv.base, 'GET', '/api/v1/work_plans?year=2026')).body.items;
  assert.ok(plans.some((p) => p.kind === 'county_plan' && p.milestones.length === 5));
});

test('contract.cycle: a cycle longer than the profile\'s, or a term over a year, when the plan signs yearly', async () => {
  const clean = await findings('contract.cycle');
  assert.equal(clean.items.length, 0, 'the 3-year cycle signed for 2026 passes');
  const org = await api(srv.base, 'POST', '/api/v1/organisations', { name: '攸县长期社会工作服务中心', credit_code: '91430223MA4L000113' });
  assert.equal(org.status, 201, org.text);
  const st = (await api(srv.base, 'GET', '/api/v1/stations?type=township_station&limit=5&sort=id')).body.items;
  const r = await api(srv.base, 'POST', '/api/v1/contracts', {
    code: 'YX-2026-LONG', title: '攸县五年期社工站项目', organisation_id: org.body.id, procurement: 'open_tender', cycle_years: 5,
    cycle_year: 1, amount_fen: 60000000, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-01',
    ends_on: '2027-12-31', stations: [{ station_id: st[4].id, amount_fen: 60000000 }],
  });
  assert.equal(r.status, 201, r.text);
  const f = (await findings('contract.cycle')).items.filter((x) => x.entity_id === r.body.id);
  assert.deepEqual(f.map((x) => x.severity), ['violation', 'violation']);
  assert.match(f.map((x) => x.message).join('|'), /服务周期5年，超过规定的3年/);
  assert.match(f.map((x) => x.message).join('|'), /超过一年，应一年一签/);
});

test('contract.renewal_after_fail: a term after a failed annual evaluation is not renewed to the same organisation', async () => {
  const org = await api(srv.base, 'POST', '/api/v1/organisations', { name: '攸县续签社会工作服务中心', credit_code: '9144030071526726XG' });
  assert.equal(org.status, 201, org.text);
  const st = (await api(srv.base, 'GET', '/api/v1/stations?type=township_station&limit=8&sort=id')).body.items;
  const term = (code, year, procurement, previous) => api(srv.base, 'POST', '/api/v1/contracts', {
    code, title: `${year}年度续签测试`, organisation_id: org.body.id, procurement, cycle_years: 3, cycle_year: year - 2024,
    amount_fen: 12000000, signed_on: `${year}-01-05`, effective_on: `${year}-01-05`, starts_on: `${year}-01-01`, ends_on: `${year}-12-31`,
    stations: [{ station_id: st[7].id, amount_fen: 12000000 }], ...(previous ? { previous_id: previous } : {}),
  });
  const first = await term('YX-2025-RN', 2025, 'open_tender');
  assert.equal(first.status, 201, first.text);
  const ev = await api(srv.base, 'POST', '/api/v1/evaluations', { contract_id: first.body.id, kind: 'annual', evaluated_on: '2025-11-28',
    passed: false, grade: 'fail', evaluator: '第三方' });
  assert.equal(ev.status, 201, ev.text);
  const renewed = await term('YX-2026-RN', 2026, 'single_source', first.body.id);
  assert.equal(renewed.status, 201, renewed.text);
  const f = (await findings('contract.renewal_after_fail')).items.filter((x) => x.entity_id === renewed.body.id);
  assert.deepEqual(f.map((x) => x.severity), ['violation']);
  assert.match(f[0].message, /上一期协议YX-2025-RN于2025-11-28评估不合格，不予续签/);
  // Chosen again by an open tender: a warning to check it.
  const c = (await api(srv.base, 'GET', `/api/v1/contracts/${renewed.body.id}`)).body;
  const up = await api(srv.base, 'PATCH', `/api/v1/contracts/${renewed.body.id}`, { procurement: 'open_tender', version: c.version });
  assert.equal(up.status, 200, up.text);
  const w = (await findings('contract.renewal_after_fail')).items.filter((x) => x.entity_id === renewed.body.id);
  assert.deepEqual(w.map((x) => x.severity), ['warning']);
  // Renewed single-source with no annual evaluation recorded at all: the
  // plans renew after one passed (年度评估合格后续签), a warning to record it.
  const other = await api(srv.base, 'POST', '/api/v1/organisations', { name: '攸县未评社会工作服务中心', credit_code: creditCode(77) });
  assert.equal(other.status, 201, other.text);
  const unevaluated = await api(srv.base, 'POST', '/api/v1/contracts', {
    code: 'YX-2025-NE', title: '2025年度未评估', organisation_id: other.body.id, procurement: 'open_tender', cycle_years: 3, cycle_year: 1,
    amount_fen: 12000000, signed_on: '2025-01-05', effective_on: '2025-01-05', starts_on: '2025-01-01', ends_on: '2025-12-31',
    stations: [{ station_id: st[6].id, amount_fen: 12000000 }] });
  assert.equal(unevaluated.status, 201, unevaluated.text);
  const next = await api(srv.base, 'POST', '/api/v1/contracts', {
    code: 'YX-2026-NE', title: '2026年度未评估续签', organisation_id: other.body.id, procurement: 'single_source', cycle_years: 3, cycle_year: 2,
    amount_fen: 12000000, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-01', ends_on: '2026-12-31',
    stations: [{ station_id: st[6].id, amount_fen: 12000000 }], previous_id: unevaluated.body.id });
  assert.equal(next.status, 201, next.text);
  const ne = (await findings('contract.renewal_after_fail')).items.filter((x) => x.entity_id === next.body.id);
  assert.deepEqual(ne.map((x) => [x.severity, x.message]),
    [['warning', '上一期协议YX-2025-NE在本期签订(2026-01-05)前没有年度或终期评估记录；应在年度评估合格后续签']]);
  // An evaluation that passed, recorded: nothing to say.
  assert.equal((await api(srv.base, 'POST', '/api/v1/evaluations', { contract_id: unevaluated.body.id, kind: 'annual', evaluated_on: '2025-12-20',
    passed: true, grade: 'good', evaluator: '第三方' })).status, 201);
  assert.equal((await findings('contract.renewal_after_fail')).items.filter((x) => x.entity_id === next.body.id).length, 0);
});

// A valid 统一社会信用代码 (GB 32100) of a 攸县 organisation, numbered n:
// the organisation code's own check (GB 11714), then the code's.
function creditCode(n) {
  const org = String(n).padStart(8, '0');
  const ow = [3, 7, 9, 10, 5, 8, 4, 2];
  const oc = 11 - ([...org].reduce((s, ch, i) => s + Number(ch) * ow[i], 0) % 11);
  const body = `91430223${org}${oc === 10 ? 'X' : oc === 11 ? '0' : oc}`;
  const cs = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const sum = [...body].reduce((s, ch, i) => s + cs.indexOf(ch) * (3 ** i % 31), 0);
  return body + cs[(31 - (sum % 31)) % 31];
}

// A fresh 攸县 contract on station index i of the township stations, its
// own organisation numbered n.
async function freshContract(code, n, i, amount_fen) {
  const org = await api(srv.base, 'POST', '/api/v1/organisations', { name: `攸县测试社会工作服务中心${n}`, credit_code: creditCode(n) });
  assert.equal(org.status, 201, org.text);
  const st = (await api(srv.base, 'GET', '/api/v1/stations?type=township_station&limit=20&sort=id')).body.items;
  const r = await api(srv.base, 'POST', '/api/v1/contracts', {
    code, title: `${code}社工站服务项目`, organisation_id: org.body.id, procurement: 'open_tender', cycle_years: 3,
    cycle_year: 1, amount_fen, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-01',
    ends_on: '2026-12-31', stations: [{ station_id: st[i].id, amount_fen }],
  });
  assert.equal(r.status, 201, r.text);
  return { ...r.body, station_id: st[i].id };
}

test('the contract copy\'s filing is the contract\'s 备案日期: recorded on either, the rule and both pages agree', async () => {
  const k = await freshContract('YX-2026-FL', 20260901, 9, 12000000);
  const mine = async () => (await findings('contract.filing_deadline')).items.filter((x) => x.entity_id === k.id);
  const contract = async () => (await api(srv.base, 'GET', `/api/v1/contracts/${k.id}`)).body;
  assert.match((await mine())[0].message, /协议副本未报市民政局备案，期限2026-01-26已过/);
  const f = await api(srv.base, 'POST', '/api/v1/filings', { kind: 'contract_copy', year: 2026, contract_id: k.id });
  assert.equal(f.status, 201, f.text);
  assert.equal(f.body.filed_on, null);
  assert.equal(f.body.overdue, true);
  const before = await contract();
  // Filed in 备案管理: the finding goes, the contract shows the day.
  let r = await api(srv.base, 'PATCH', `/api/v1/filings/${f.body.id}`, { filed_on: '2026-01-20', version: f.body.version });
  assert.equal(r.status, 200, r.text);
  assert.equal((await mine()).length, 0, 'filed in time');
  let c = await contract();
  assert.equal(c.filed_on, '2026-01-20');
  assert.ok(c.version > before.version, 'the contract\'s day moved, so did its version');
  const stale = await api(srv.base, 'PATCH', `/api/v1/contracts/${k.id}`, { filed_on: null, version: before.version });
  assert.equal(stale.status, 409, 'a form opened before cannot put the old day back');
  const pending = (await api(srv.base, 'GET', `/api/v1/filings?contract_id=${k.id}&pending=1`)).body.items;
  assert.equal(pending.length, 0);
  // Filed late: the rule reads the filing's day.
  r = await api(srv.base, 'PATCH', `/api/v1/filings/${f.body.id}`, { filed_on: '2026-02-10', version: r.body.version });
  assert.equal(r.status, 200, r.text);
  const late = await mine();
  assert.equal(late.length, 1);
  assert.match(late[0].message, /协议副本于2026-02-10报市民政局备案，晚于期限2026-01-26/);
  assert.equal((await contract()).filed_on, '2026-02-10');
  // Corrected on the contract's page: 备案管理 shows the same day.
  c = await contract();
  r = await api(srv.base, 'PATCH', `/api/v1/contracts/${k.id}`, { filed_on: '2026-01-22', version: c.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.filed_on, '2026-01-22');
  let g = (await api(srv.base, 'GET', `/api/v1/filings/${f.body.id}`)).body;
  assert.equal(g.filed_on, '2026-01-22');
  assert.equal(g.overdue, false);
  assert.equal((await mine()).length, 0);
  // An edit of the filing's other fields keeps the day.
  r = await api(srv.base, 'PATCH', `/api/v1/filings/${f.body.id}`, { notes: '市局已签收', version: g.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.filed_on, '2026-01-22');
  // Cleared on the contract: not filed, on both pages and in the rule.
  c = await contract();
  r = await api(srv.base, 'PATCH', `/api/v1/contracts/${k.id}`, { filed_on: null, version: c.version });
  assert.equal(r.status, 200, r.text);
  g = (await api(srv.base, 'GET', `/api/v1/filings/${f.body.id}`)).body;
  assert.equal(g.filed_on, null);
  assert.equal(g.overdue, true);
  assert.match((await mine())[0].message, /协议副本未报市民政局备案/);
});

test('a contract dated before its copy\'s filing was recorded: the new filing shows the contract\'s day', async () => {
  const k = await freshContract('YX-2026-FL2', 20260902, 10, 12000000);
  const c = (await api(srv.base, 'GET', `/api/v1/contracts/${k.id}`)).body;
  const r = await api(srv.base, 'PATCH', `/api/v1/contracts/${k.id}`, { filed_on: '2026-01-21', version: c.version });
  assert.equal(r.status, 200, r.text);
  const f = await api(srv.base, 'POST', '/api/v1/filings', { kind: 'contract_copy', year: 2026, contract_id: k.id });
  assert.equal(f.status, 201, f.text);
  assert.equal(f.body.filed_on, '2026-01-21');
  assert.equal(f.body.overdue, false);
  const pending = (await api(srv.base, 'GET', `/api/v1/filings?contract_id=${k.id}&pending=1`)).body.items;
  assert.equal(pending.length, 0);
});

test('records from before: a copy filed in 备案管理 while its contract stayed undated reads filed on the contract and in the rule', async () => {
  const k = await freshContract('YX-2026-FL3', 20260904, 12, 12000000);
  const f = await api(srv.base, 'POST', '/api/v1/filings', { kind: 'contract_copy', year: 2026, contract_id: k.id });
  assert.equal(f.status, 201, f.text);
  // As the database holds it where the filing alone was dated.
  const sql = `UPDATE filings SET filed_on = '2026-02-10' WHERE id = ${f.body.id}; UPDATE contracts SET filed_on = NULL WHERE id = ${k.id}`;
  if (BACKEND === 'postgres') execFileSync('psql', [srv.env.SGZ_DB, '-qAtc', sql]);
  else execFileSync('sqlite3', [srv.env.SGZ_DB, sql]);
  assert.equal((await api(srv.base, 'GET', `/api/v1/contracts/${k.id}`)).body.filed_on, '2026-02-10');
  const mine = (await findings('contract.filing_deadline')).items.filter((x) => x.entity_id === k.id);
  assert.equal(mine.length, 1);
  assert.match(mine[0].message, /协议副本于2026-02-10报市民政局备案，晚于期限2026-01-26/);
});

test('money: a contract\'s expenditures above its amount, and payments above its allocations, are violations its readers see', async () => {
  const k = await freshContract('YX-2026-MO', 20260903, 11, 33000000);
  addUser(srv, 'tk', 'township_officer', `stations:${k.station_id}`);
  as.tk = await session(srv.base, 'tk');
  const mine = async (rule, auth) => (await findings(rule, auth)).items.filter((x) => x.entity === 'contract' && x.entity_id === k.id);
  // 330,000 yuan signed; 401,000.50 spent in three.
  for (const [day, fen] of [['2026-03-10', 15000000], ['2026-04-10', 15000000]]) {
    const e = await api(srv.base, 'POST', '/api/v1/expenditures', { contract_id: k.id, spent_on: day, category: 'office', amount_fen: fen, payee: '供应商' });
    assert.equal(e.status, 201, e.text);
  }
  assert.equal((await mine('money.spent_over_contract')).length, 0, '300,000 of 330,000');
  const e = await api(srv.base, 'POST', '/api/v1/expenditures', { contract_id: k.id, spent_on: '2026-05-10', category: 'office', amount_fen: 10100050, payee: '供应商' });
  assert.equal(e.status, 201, e.text);
  let f = await mine('money.spent_over_contract');
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'violation');
  assert.equal(f[0].message, '支出合计401,000.50元，超过协议金额330,000.00元（超出71,000.50元）；请核对有无重复或错记入本协议的支出');
  assert.equal((await mine('money.spent_over_contract', as.tk)).length, 1, 'a reader of the contract');
  assert.equal((await mine('money.spent_over_contract', as.tw)).length, 0, 'a township the contract does not serve');
  // Half paid with nothing allocated.
  const s = await api(srv.base, 'POST', `/api/v1/contracts/${k.id}/payments`, { schedule: [
    { percent: 50, trigger: 'effective', working_days: 15 }, { percent: 50, trigger: 'final_passed', working_days: 15 }] });
  assert.equal(s.status, 201, s.text);
  const p1 = s.body.items[0];
  assert.equal((await mine('money.paid_over_allocated')).length, 0, 'nothing paid yet');
  const paid = await api(srv.base, 'POST', `/api/v1/payments/${p1.id}/pay`, { paid_on: '2026-01-20', version: p1.version });
  assert.equal(paid.status, 200, paid.text);
  f = await mine('money.paid_over_allocated');
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'violation');
  assert.equal(f[0].message, '已拨付165,000.00元，本协议没有资金分配；请录入所用预算的资金分配');
  assert.equal((await mine('money.paid_over_allocated', as.tk)).length, 1);
  assert.equal((await mine('money.paid_over_allocated', as.tw)).length, 0);
  // Allocated in part, then in full.
  const line = await api(srv.base, 'POST', '/api/v1/budget_lines', { region_code: '430223', year: 2026, source: 'welfare_lottery',
    title: '福彩公益金(合规测试)', budget_fen: 50000000 });
  assert.equal(line.status, 201, line.text);
  let al = await api(srv.base, 'POST', '/api/v1/allocations', { budget_line_id: line.body.id, contract_id: k.id, amount_fen: 10000000, allocated_on: '2026-01-15' });
  assert.equal(al.status, 201, al.text);
  f = await mine('money.paid_over_allocated');
  assert.equal(f.length, 1);
  assert.equal(f[0].message, '已拨付165,000.00元，超过本协议的资金分配100,000.00元（超出65,000.00元）；请录入所用预算的资金分配');
  al = await api(srv.base, 'POST', '/api/v1/allocations', { budget_line_id: line.body.id, contract_id: k.id, amount_fen: 6500000, allocated_on: '2026-02-15' });
  assert.equal(al.status, 201, al.text);
  assert.equal((await mine('money.paid_over_allocated')).length, 0, 'allocated what was paid');
  const rules = (await api(srv.base, 'GET', '/api/v1/compliance?limit=1')).body.rules.map((x) => x.code);
  assert.ok(rules.includes('money.spent_over_contract') && rules.includes('money.paid_over_allocated'));
});

test('payments: an installment paid after its due date stays a violation once paid; on time, none; after a hold, its reason', async () => {
  const k = await freshContract('YX-2026-LATE', 20260905, 14, 12000000);
  const mine = async () => (await findings('payment.order_deadlines')).items.filter((x) => x.entity === 'contract' && x.entity_id === k.id);
  // Each due 15 working days after 2026-01-05: by 2026-01-26.
  const s = await api(srv.base, 'POST', `/api/v1/contracts/${k.id}/payments`, { schedule: [
    { percent: 34, trigger: 'effective', working_days: 15 }, { percent: 33, trigger: 'effective', working_days: 15 },
    { percent: 33, trigger: 'effective', working_days: 15 }] });
  assert.equal(s.status, 201, s.text);
  const [p1, p2, p3] = s.body.items;
  let f = await mine();
  assert.equal(f.length, 3, JSON.stringify(f));
  assert.ok(f.every((x) => /应于2026-01-26前拨付，至今未拨付/.test(x.message)));
  let r = await api(srv.base, 'POST', `/api/v1/payments/${p1.id}/pay`, { paid_on: '2026-01-20', version: p1.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.paid_late, false);
  r = await api(srv.base, 'POST', `/api/v1/payments/${p2.id}/pay`, { paid_on: '2026-03-02', version: p2.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.paid_late, true);
  // Held, the hold lifted by 特批, then paid: late for the reason given.
  r = await api(srv.base, 'POST', `/api/v1/payments/${p3.id}/withhold`, { reason: '机构未报送季度服务报告', version: p3.version });
  assert.equal(r.status, 200, r.text);
  r = await api(srv.base, 'POST', `/api/v1/payments/${p3.id}/override`, { reason: '报告已补报，同意拨付', version: r.body.version });
  assert.equal(r.status, 200, r.text);
  r = await api(srv.base, 'POST', `/api/v1/payments/${p3.id}/pay`, { paid_on: '2026-03-10', version: r.body.version });
  assert.equal(r.status, 200, r.text);
  f = await mine();
  assert.deepEqual(f.map((x) => [x.entity_name, x.severity, x.message]).sort(), [
    ['YX-2026-LATE 第2期', 'violation', '第2期款项应于2026-01-26前拨付，实际于2026-03-02拨付，逾期35天'],
    ['YX-2026-LATE 第3期', 'info', '第3期款项应于2026-01-26前拨付，实际于2026-03-10拨付，逾期43天；曾暂缓：机构未报送季度服务报告'],
  ]);
  const en = (await api(srv.base, 'GET', '/api/v1/compliance?rule=payment.order_deadlines&limit=200', undefined, { 'accept-language': 'en' })).body.items
    .filter((x) => x.entity_name === 'YX-2026-LATE installment 2');
  assert.equal(en.length, 1, 'the English message too');
  assert.equal(en[0].message, 'Installment 2 was due by 2026-01-26 and was paid on 2026-03-02, 35 day(s) late');
  const items = (await api(srv.base, 'GET', `/api/v1/contracts/${k.id}/payments`)).body.items;
  assert.deepEqual(items.map((x) => x.paid_late), [false, true, true]);
});

test('a record saved with an area its station\'s contract leaves out is saved, and the worker warned before the county counts it', async () => {
  const c = (await api(srv.base, 'GET', `/api/v1/contracts/${contract.id}`)).body;
  const s0 = c.stations[0].station_id;
  const rec = (day, area, headers = {}) => api(srv.base, 'POST', '/api/v1/services', { station_id: s0, type: 'activity', title: '社区活动',
    started_at: `${day}T09:00`, ended_at: `${day}T10:00`, area, content: '活动', clients: [], extra_attendees: 10 }, headers, as.sw);
  const scope = (r) => (r.body.warnings || []).filter((w) => w.code === 'out_of_scope');
  let r = await rec('2026-06-01', 'elderly_care');
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(scope(r), [{ code: 'out_of_scope', field: 'area', message: '服务领域不在本站服务协议的服务范围内，不得自行扩大服务范围' }]);
  r = await rec('2026-06-02', 'elderly_care', { 'accept-language': 'en' });
  assert.equal(r.status, 201, r.text);
  assert.match(scope(r)[0].message, /^The service area is not among the station's contract's service areas/);
  // In its scope, or before its term: nothing to say.
  r = await rec('2026-06-03', 'social_assistance');
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(scope(r), []);
  r = await rec('2025-12-20', 'elderly_care');
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(scope(r), []);
});

test('a record saved by a worker off the station\'s roster that day is saved, and the worker warned before the county counts it', async () => {
  const c = (await api(srv.base, 'GET', `/api/v1/contracts/${contract.id}`)).body;
  const s0 = c.stations[0].station_id;
  const sw = (await api(srv.base, 'GET', '/api/v1/users?limit=200')).body.items.find((u) => u.username === 'sw');
  const rec = (day, headers = {}) => api(srv.base, 'POST', '/api/v1/services', { station_id: s0, type: 'activity', title: '社区活动',
    started_at: `${day}T14:00`, ended_at: `${day}T15:00`, area: 'social_assistance', content: '活动', clients: [], extra_attendees: 10 }, headers, as.sw);
  const off = (r) => (r.body.warnings || []).filter((w) => w.code === 'unrostered');
  // On 5 May she was on the other station's roster, from the 10th on this one's.
  let r = await rec('2026-05-05');
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(off(r), [{ code: 'unrostered', field: 'workers', user_id: sw.id,
    message: `服务社工${sw.display_name}当天不在本站社工名册上，服务应由承接机构登记在册的社工提供，严禁服务转包：请承接机构在「社工管理」中登记其在本站任职` }]);
  r = await rec('2026-05-06', { 'accept-language': 'en' });
  assert.match(off(r)[0].message, new RegExp(`^Worker ${sw.display_name} is not on the station's roster that day`));
  const before = (await findings('contract.unrostered_workers')).items;
  assert.match(before[0].message, /有2条服务记录/, 'what was warned is what the county counts');
  // On the roster that day, or outside the contract's term: nothing to say.
  r = await rec('2026-05-11');
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(off(r), []);
  r = await rec('2025-12-21');
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(off(r), []);
  // Changed to a day she is on it, the record is warned of no more.
  const first = before[0].message.match(/如服务记录(\d+)/)[1];
  const cur = (await api(srv.base, 'GET', `/api/v1/services/${first}`, undefined, {}, as.sw)).body;
  r = await api(srv.base, 'PATCH', `/api/v1/services/${first}`, { started_at: '2026-05-12T14:00', ended_at: '2026-05-12T15:00',
    version: cur.version, reason: '日期填错' }, {}, as.sw);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(off(r), []);
});
