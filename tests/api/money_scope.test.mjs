// Contracts and their money across organisations and ranges: an
// org_admin sees only its own organisation's contracts even where they
// share a station with another's; expenditure vouchers and contract
// documents only through their own routes; writes need the record's
// region inside the caller's range.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, addUser, session, sgz } from './lib.mjs';

const JPEG = readFileSync(new URL('../fixtures/photo.jpg', import.meta.url).pathname);
let srv;
const as = {};
const ids = {};
let st; // township stations of 攸县, by id
const call = (method, path, body, auth, headers = {}) => api(srv.base, method, path, body, headers, auth);

function orgAdmin(name, orgId) {
  const r = sgz(['user', 'add', name, '--roles', 'org_admin', '--range', 'all', '--org', String(orgId), '--password-stdin'],
    srv.env, 'Init-Passw0rd\n');
  assert.equal(r.status, 0, r.stderr);
}

async function contract(code, orgId, stations) {
  const r = await call('POST', '/api/v1/contracts', {
    code, title: `协议${code}`, organisation_id: orgId, procurement: 'open_tender', cycle_years: 3, cycle_year: 1,
    amount_fen: 12000000 * stations.length, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-01',
    ends_on: '2026-12-31', stations: stations.map((s) => ({ station_id: s.id, amount_fen: 12000000 })),
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

before(async () => {
  srv = await startServer();
  for (const [k, name, code] of [['org1', '攸县同心社会工作服务中心', '91350100M000100Y43'],
    ['org2', '攸县启明社会工作服务中心', '91330100799655058B']]) {
    const r = await call('POST', '/api/v1/organisations', { name, credit_code: code, rating: '4A' });
    assert.equal(r.status, 201, r.text);
    ids[k] = r.body.id;
  }
  st = (await call('GET', '/api/v1/stations?type=township_station&limit=200&sort=id')).body.items;
  ids.k1 = (await contract('K1', ids.org1, [st[0], st[1]])).id;
  ids.k2 = (await contract('K2', ids.org2, [st[1]])).id;
  orgAdmin('oa1', ids.org1);
  orgAdmin('oa2', ids.org2);
  addUser(srv, 'sw', 'social_worker', `stations:${st[1].id}`);
  addUser(srv, 'narrow', 'bureau', `region:${st[1].region_code}`);
  for (const u of ['oa1', 'oa2', 'sw', 'narrow']) as[u] = await session(srv.base, u);
  const e = await call('POST', '/api/v1/expenditures', { contract_id: ids.k1, station_id: st[1].id, spent_on: '2026-02-10',
    category: 'office', amount_fen: 5000, payee: '文具店' });
  assert.equal(e.status, 201, e.text);
  ids.exp = e.body.id;
  const v = await call('POST', `/api/v1/expenditures/${ids.exp}/vouchers?name=${encodeURIComponent('发票.jpg')}`,
    new Uint8Array(JPEG), undefined, { 'content-type': 'application/octet-stream' });
  assert.equal(v.status, 201, v.text);
  ids.voucher = v.body.token;
  const d = await call('POST', `/api/v1/contracts/${ids.k1}/documents?name=${encodeURIComponent('协议.jpg')}`,
    new Uint8Array(JPEG), undefined, { 'content-type': 'application/octet-stream' });
  assert.equal(d.status, 201, d.text);
  ids.doc = d.body.token;
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

test('an org_admin does not see another organisation\'s contract through a shared station', async () => {
  const k1 = ids.k1;
  assert.equal((await call('GET', `/api/v1/contracts/${k1}`, undefined, as.oa1)).status, 200);
  assert.equal((await call('GET', `/api/v1/contracts/${ids.k2}`, undefined, as.oa2)).status, 200);
  for (const path of [`/api/v1/contracts/${k1}`, `/api/v1/contracts/${k1}/ledger`, `/api/v1/contracts/${k1}/payments`,
    `/api/v1/expenditures/${ids.exp}`, `/api/v1/contracts/${k1}/documents`, `/api/v1/expenditures/${ids.exp}/vouchers`]) {
    const r = await call('GET', path, undefined, as.oa2);
    assert.equal(r.status, 404, `${path}: ${r.text}`);
  }
  const list = await call('GET', '/api/v1/contracts', undefined, as.oa2);
  assert.deepEqual(list.body.items.map((c) => c.id), [ids.k2]);
  const ex = await call('GET', `/api/v1/expenditures?contract_id=${k1}`, undefined, as.oa2);
  assert.ok(ex.status === 404 || ex.body.items.length === 0, ex.text);
  const vo = await call('POST', `/api/v1/expenditures/${ids.exp}/vouchers?name=x.jpg`, new Uint8Array(JPEG), as.oa2,
    { 'content-type': 'application/octet-stream' });
  assert.equal(vo.status, 404, vo.text);
  assert.equal((await call('GET', `/api/v1/attachments/${ids.voucher}`, undefined, as.oa2)).status, 404);
  // its own organisation's admin still does
  assert.equal((await call('GET', `/api/v1/expenditures/${ids.exp}/vouchers`, undefined, as.oa1)).body.items.length, 1);
  assert.equal((await call('GET', `/api/v1/contracts/${k1}/ledger`, undefined, as.oa1)).status, 200);
});

test('vouchers and contract documents only through their own routes', async () => {
  for (const kind of ['expenditure', 'contract']) {
    const id = kind === 'contract' ? ids.k1 : ids.exp;
    for (const who of [undefined, as.sw]) {
      const l = await call('GET', `/api/v1/attachments?owner_kind=${kind}&owner_id=${id}`, undefined, who);
      assert.equal(l.status, 400, l.text);
      const a = await call('POST', `/api/v1/attachments?owner_kind=${kind}&owner_id=${id}&name=x.jpg`,
        new Uint8Array(JPEG), who, { 'content-type': 'application/octet-stream' });
      assert.ok(a.status === 400 || a.status === 403, a.text);
    }
  }
  // a station worker holds service.read, not money.read nor contract.read
  for (const token of [ids.voucher, ids.doc]) {
    assert.equal((await call('GET', `/api/v1/attachments/${token}`, undefined, as.sw)).status, 404);
    assert.equal((await call('GET', `/api/v1/attachments/${token}/thumbnail`, undefined, as.sw)).status, 404);
    assert.equal((await call('DELETE', `/api/v1/attachments/${token}`, undefined, as.sw)).status, 404);
    assert.equal((await call('GET', `/api/v1/attachments/${token}`)).status, 200);
  }
  assert.equal((await call('GET', `/api/v1/expenditures/${ids.exp}/vouchers`, undefined, as.sw)).status, 403);
  const listed = await call('GET', `/api/v1/expenditures/${ids.exp}/vouchers`);
  assert.equal(listed.status, 200, listed.text);
  assert.deepEqual(listed.body.items.map((a) => a.token), [ids.voucher]);
  assert.equal((await call('GET', `/api/v1/contracts/${ids.k1}/documents`)).body.items.length, 1);
});

const LINE = { year: 2026, source: 'social_assistance', title: '社会救助专项资金', budget_fen: 100000000 };

test('budget lines and allocations are written only inside the caller\'s range', async () => {
  const town = st[1].region_code;
  const n = as.narrow;
  const prov = await call('POST', '/api/v1/budget_lines', { ...LINE, region_code: '43' }, n);
  assert.equal(prov.status, 400, prov.text);
  assert.equal(prov.body.error.field, 'region_code');
  const county = await call('POST', '/api/v1/budget_lines', { ...LINE, region_code: '430223' });
  assert.equal(county.status, 201, county.text);
  // read more widely, written only inside the range
  assert.equal((await call('GET', `/api/v1/budget_lines/${county.body.id}`, undefined, n)).status, 200);
  const up = await call('PATCH', `/api/v1/budget_lines/${county.body.id}`, { budget_fen: 1, version: 1 }, n);
  assert.equal(up.status, 404, up.text);
  const al = await call('POST', '/api/v1/allocations', { budget_line_id: county.body.id, station_id: st[1].id,
    amount_fen: 100, allocated_on: '2026-02-01' }, n);
  assert.equal(al.status, 404, al.text);
  const own = await call('POST', '/api/v1/budget_lines', { ...LINE, region_code: town }, n);
  assert.equal(own.status, 201, own.text);
  const al2 = await call('POST', '/api/v1/allocations', { budget_line_id: own.body.id, station_id: st[1].id,
    amount_fen: 100, allocated_on: '2026-02-01' }, n);
  assert.equal(al2.status, 201, al2.text);
  assert.equal((await call('PATCH', `/api/v1/budget_lines/${own.body.id}`, { budget_fen: 99, version: 1 }, n)).status, 409);
});

test('a county contract and its money are written only by a range covering the county', async () => {
  addUser(srv, 'ev9', 'evaluator', `region:${st[1].region_code}`);
  as.ev9 = await session(srv.base, 'ev9');
  const k = ids.k1;
  const n = as.narrow;
  const c = (await call('GET', `/api/v1/contracts/${k}`, undefined, n));
  assert.equal(c.status, 200, 'read through one station in range');
  const schedule = [{ percent: 50, trigger: 'effective', working_days: 15 },
    { percent: 50, trigger: 'final_passed', working_days: 15, needs_acceptance: true }];
  const g = await call('POST', `/api/v1/contracts/${k}/payments`, { schedule }, n);
  assert.equal(g.status, 404, g.text);
  const sched = await call('POST', `/api/v1/contracts/${k}/payments`, { schedule });
  assert.equal(sched.status, 201, sched.text);
  const p1 = sched.body.items[0];
  const v = c.body.version;
  for (const [m, path, body] of [
    ['PATCH', `/api/v1/contracts/${k}`, { title: '协议K1(变更后)', version: v }],
    ['PUT', `/api/v1/contracts/${k}/scope`, { areas: [{ area: 'social_assistance', items: '低保核查' }], version: v }],
    ['PUT', `/api/v1/contracts/${k}/targets`, { targets: [{ service_type: 'activity', quantity: 4 }], version: v }],
    ['POST', `/api/v1/contracts/${k}/amendments`, { amended_on: '2026-03-01', reason: '政策调整', changes: '站点' }],
    ['POST', `/api/v1/contracts/${k}/terminate`, { reason: '违约', terminated_on: '2026-06-10', version: v }],
    ['POST', `/api/v1/payments/${p1.id}/pay`, { paid_on: '2026-01-20', version: p1.version }],
    ['POST', `/api/v1/payments/${p1.id}/withhold`, { reason: '整改', version: p1.version }],
    ['POST', `/api/v1/payments/${p1.id}/override`, { reason: '特批', version: p1.version }],
    ['POST', '/api/v1/evaluations', { contract_id: k, kind: 'midterm', evaluated_on: '2026-06-01', passed: true, grade: 'good', evaluator: '第三方' }],
    ['POST', '/api/v1/acceptances', { contract_id: k, accepted_on: '2026-06-05', result: 'passed' }],
    ['POST', '/api/v1/expenditures', { contract_id: k, spent_on: '2026-02-10', category: 'office', amount_fen: 1 }],
    ['PATCH', `/api/v1/expenditures/${ids.exp}`, { amount_fen: 2, version: 1 }],
  ]) {
    const r = await call(m, path, body, n);
    assert.equal(r.status, 404, `${m} ${path}: ${r.text}`);
  }
  const ev = await call('POST', '/api/v1/evaluations', { contract_id: k, kind: 'midterm', evaluated_on: '2026-06-01', passed: true,
    grade: 'good', evaluator: '第三方' }, as.ev9);
  assert.equal(ev.status, 404, ev.text);
  // nor signs one for the county, nor names a contract it cannot see as the previous one
  const made = await call('POST', '/api/v1/contracts', { code: 'K9', title: '协议K9', organisation_id: ids.org1, procurement: 'open_tender',
    cycle_years: 3, cycle_year: 1, amount_fen: 12000000, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-01',
    ends_on: '2026-12-31', stations: [{ station_id: st[1].id, amount_fen: 12000000 }] }, n);
  assert.ok(made.status === 400 || made.status === 403, made.text);
  // the county's own bureau still can
  assert.equal((await call('POST', `/api/v1/payments/${p1.id}/pay`, { paid_on: '2026-01-20', version: p1.version })).status, 200);
  assert.equal((await call('PATCH', `/api/v1/contracts/${k}`, { title: '协议K1(变更后)', version: v })).status, 200);
});

test('more than 200 rows: a backdated allocation reads back; a payment is judged on every evaluation', async () => {
  const line = await call('POST', '/api/v1/budget_lines', { ...LINE, region_code: '430223', source: 'welfare_lottery', title: '福彩公益金(协议拨付)' });
  assert.equal(line.status, 201, line.text);
  for (let i = 0; i < 200; i++) {
    const r = await call('POST', '/api/v1/allocations', { budget_line_id: line.body.id, station_id: st[0].id, amount_fen: 1,
      allocated_on: '2026-03-01' });
    assert.equal(r.status, 201, r.text);
  }
  const back = await call('POST', '/api/v1/allocations', { budget_line_id: line.body.id, station_id: st[0].id, amount_fen: 7,
    allocated_on: '2026-01-02' });
  assert.equal(back.status, 201, back.text);
  assert.equal(back.body.amount_fen, 7);
  assert.equal(back.body.allocated_on, '2026-01-02');

  const k = (await contract('K3', ids.org1, [st[2]])).id;
  const g = await call('POST', `/api/v1/contracts/${k}/payments`, { schedule: [{ percent: 50, trigger: 'effective', working_days: 15 },
    { percent: 50, trigger: 'midterm_passed', working_days: 15 }] });
  assert.equal(g.status, 201, g.text);
  const p2 = g.body.items[1];
  // 200 failed evaluations, then the one that passed: the installment is due
  for (let i = 0; i < 200; i++) {
    const r = await call('POST', '/api/v1/evaluations', { contract_id: k, kind: 'midterm', evaluated_on: '2026-04-01', passed: false,
      grade: 'fail', evaluator: '第三方' });
    assert.equal(r.status, 201, r.text);
  }
  const passed = await call('POST', '/api/v1/evaluations', { contract_id: k, kind: 'midterm', evaluated_on: '2026-06-01', passed: true,
    grade: 'good', evaluator: '第三方' });
  assert.equal(passed.status, 201, passed.text);
  const sched = (await call('GET', `/api/v1/contracts/${k}/payments`)).body.items;
  assert.equal(sched[1].evaluation_failed, false);
  assert.equal(sched[1].trigger_on, '2026-06-01');
  const pay = await call('POST', `/api/v1/payments/${p2.id}/pay`, { paid_on: '2026-06-10', version: p2.version });
  assert.equal(pay.status, 200, pay.text);
});

test('lowering a line while allocating from it never leaves more allocated than budgeted', async () => {
  for (let i = 0; i < 30; i++) {
    const line = await call('POST', '/api/v1/budget_lines', { ...LINE, region_code: '430223', source: 'fiscal_budget', title: `竞争${i}`,
      budget_fen: 100 });
    assert.equal(line.status, 201, line.text);
    const [a, u] = await Promise.all([
      call('POST', '/api/v1/allocations', { budget_line_id: line.body.id, station_id: st[0].id, amount_fen: 60, allocated_on: '2026-03-01' }),
      call('PATCH', `/api/v1/budget_lines/${line.body.id}`, { budget_fen: 50, version: 1 }),
    ]);
    assert.ok([201, 409].includes(a.status), a.text);
    assert.ok([200, 409].includes(u.status), u.text);
    const now = (await call('GET', `/api/v1/budget_lines/${line.body.id}`)).body;
    assert.ok(now.allocated_fen <= now.budget_fen, JSON.stringify(now));
  }
});

test("a station's expenditure is read in the station's range, the contract's own by all who see the contract", async () => {
  addUser(srv, 'narrow0', 'township_officer', `region:${st[0].region_code}`);
  as.narrow0 = await session(srv.base, 'narrow0');
  const whole = await call('POST', '/api/v1/expenditures', { contract_id: ids.k1, spent_on: '2026-03-01',
    category: 'office', amount_fen: 1200, payee: '打印店' });
  assert.equal(whole.status, 201, whole.text);
  const listed = async (who) => (await call('GET', `/api/v1/expenditures?contract_id=${ids.k1}&limit=200`, undefined, as[who]))
    .body.items.map((x) => x.id).sort((a, b) => a - b);
  // The contract covers both townships; the wage-like row is st[1]'s.
  const k = await call('GET', `/api/v1/contracts/${ids.k1}`, undefined, as.narrow0);
  assert.equal(k.status, 200);
  // Her township's station is hers to open; the other's page would be a 404.
  for (const s of k.body.stations) {
    assert.equal(s.in_range, s.region_code.startsWith(st[0].region_code), JSON.stringify(s));
    const page = await call('GET', `/api/v1/stations/${s.station_id}`, undefined, as.narrow0);
    assert.equal(page.status, s.in_range ? 200 : 404);
  }
  assert.ok(k.body.stations.some((s) => !s.in_range), 'the contract covers another township too');
  assert.deepEqual(await listed('narrow0'), [whole.body.id]);
  assert.equal((await call('GET', `/api/v1/expenditures/${ids.exp}`, undefined, as.narrow0)).status, 404);
  assert.deepEqual(await listed('narrow'), [ids.exp, whole.body.id].sort((a, b) => a - b));
  assert.deepEqual(await listed('oa1'), [ids.exp, whole.body.id].sort((a, b) => a - b));
  // The contract's totals are the contract's, whoever reads them: the
  // township's officer is not shown a smaller spending and a larger
  // balance because another township's wage is hidden from her.
  const ledger = async (who) => (await call('GET', `/api/v1/contracts/${ids.k1}/ledger`, undefined, as[who])).body;
  const [mine, county] = [await ledger('narrow0'), await ledger(undefined)];
  assert.equal(mine.out_fen, county.out_fen);
  assert.equal(mine.balance_fen, county.balance_fen);
});

test('a contract\'s documents and an expenditure\'s vouchers are added by those who may change them, not all who read them', async () => {
  const put = (path) => call('POST', `${path}?name=${encodeURIComponent('凭证.jpg')}`, new Uint8Array(JPEG), as.narrow,
    { 'content-type': 'application/octet-stream' });
  assert.equal((await call('GET', `/api/v1/contracts/${ids.k1}`, undefined, as.narrow)).status, 200, 'she reads it');
  assert.equal((await call('GET', `/api/v1/expenditures/${ids.exp}`, undefined, as.narrow)).status, 200, 'she reads it');
  let r = await put(`/api/v1/contracts/${ids.k1}/documents`);
  assert.equal(r.status, 404, r.text);
  r = await put(`/api/v1/expenditures/${ids.exp}/vouchers`);
  assert.equal(r.status, 404, r.text);
  const docs = await call('GET', `/api/v1/contracts/${ids.k1}/documents`);
  assert.equal(docs.body.items.length, 1, 'only the one of before()');
  const vouchers = await call('GET', `/api/v1/expenditures/${ids.exp}/vouchers`);
  assert.equal(vouchers.body.items.length, 1, 'only the one of before()');
  // The organisation adds its own expenditure's voucher.
  r = await call('POST', `/api/v1/expenditures/${ids.exp}/vouchers?name=${encodeURIComponent('收据.jpg')}`, new Uint8Array(JPEG), as.oa1,
    { 'content-type': 'application/octet-stream' });
  assert.equal(r.status, 201, r.text);
});

test('the organisation\'s ledger counts what the county allocated to its contract', async () => {
  const line = await call('POST', '/api/v1/budget_lines', { ...LINE, region_code: '430223', source: 'higher_subsidy', title: '省级补助(协议拨付)' });
  assert.equal(line.status, 201, line.text);
  const al = await call('POST', '/api/v1/allocations', { budget_line_id: line.body.id, contract_id: ids.k1,
    amount_fen: 12345, allocated_on: '2026-02-01' });
  assert.equal(al.status, 201, al.text);
  const ledger = async (who) => call('GET', `/api/v1/contracts/${ids.k1}/ledger`, undefined, as[who]);
  const county = (await ledger(undefined)).body;
  const own = await ledger('oa1');
  assert.equal(own.status, 200, own.text);
  assert.equal(own.body.in_fen, county.in_fen);
  assert.ok(own.body.in_fen >= 12345);
  const listed = async (who) => (await call('GET', `/api/v1/allocations?contract_id=${ids.k1}&limit=200`, undefined, as[who]))
    .body.items.map((x) => x.id);
  assert.ok((await listed('oa1')).includes(al.body.id));
  assert.equal((await ledger('oa2')).status, 404, 'not the other organisation\'s');
  assert.ok(!(await listed('oa2')).includes(al.body.id));
});

test('a filing and a work plan of a county contract are changed only by a range holding the county, as the contract is', async () => {
  const f = await call('POST', '/api/v1/filings', { kind: 'contract_copy', year: 2026, contract_id: ids.k1 });
  assert.equal(f.status, 201, f.text);
  const w = await call('POST', '/api/v1/work_plans', { kind: 'org_work_plan', year: 2026, title: '2026年度工作计划',
    organisation_id: ids.org1, contract_id: ids.k1, milestones: [{ title: '需求调研', due_on: '2026-03-31' }] });
  assert.equal(w.status, 201, w.text);
  const n = as.narrow; // a township of the county: reads them, changes none
  assert.equal((await call('GET', `/api/v1/filings/${f.body.id}`, undefined, n)).status, 200);
  let r = await call('PATCH', `/api/v1/filings/${f.body.id}`, { filed_on: '2026-01-20', version: f.body.version }, n);
  assert.equal(r.status, 404, r.text);
  r = await call('POST', '/api/v1/filings', { kind: 'contract_copy', year: 2026, contract_id: ids.k1 }, n);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'contract_id');
  r = await call('PATCH', `/api/v1/work_plans/${w.body.id}`, { title: '2026年度工作计划(改)', version: w.body.version }, n);
  assert.equal(r.status, 404, r.text);
  r = await call('PATCH', `/api/v1/filings/${f.body.id}`, { filed_on: '2026-01-20', version: f.body.version });
  assert.equal(r.status, 200, r.text);
});

test('an organisation sees what the county allocated to the stations its contracts cover, and counts it as its funds', async () => {
  const line = await call('POST', '/api/v1/budget_lines', { ...LINE, region_code: '430223', source: 'fiscal_budget', title: '县级配套(拨付站点)' });
  assert.equal(line.status, 201, line.text);
  const give = async (station) => {
    const r = await call('POST', '/api/v1/allocations', { budget_line_id: line.body.id, station_id: station.id, amount_fen: 54321, allocated_on: '2026-02-02' });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  };
  const onlyK1 = await give(st[0]);
  const shared = await give(st[1]);
  const listed = async (who) => (await call('GET', `/api/v1/allocations?budget_line_id=${line.body.id}`, undefined, as[who]))
    .body.items.map((x) => x.id);
  const one = await listed('oa1');
  assert.ok(one.includes(onlyK1) && one.includes(shared), 'both stations are org1\'s');
  const two = await listed('oa2');
  assert.ok(!two.includes(onlyK1), 'station 0 is not org2\'s');
  assert.ok(two.includes(shared));
  assert.equal((await call('GET', `/api/v1/allocations/${onlyK1}`, undefined, as.oa2)).status, 404);
  // Another organisation's contract at the shared station is not org1's money.
  const toK2 = await call('POST', '/api/v1/allocations', { budget_line_id: line.body.id, contract_id: ids.k2, station_id: st[1].id,
    amount_fen: 11111, allocated_on: '2026-02-03' });
  assert.equal(toK2.status, 201, toK2.text);
  assert.ok(!(await listed('oa1')).includes(toK2.body.id), 'org2\'s contract, though at a station org1 also serves');
  assert.ok((await listed('oa2')).includes(toK2.body.id));
  const use = (await call('GET', '/api/v1/fund_use?from=2026-02-01&to=2026-02-28', undefined, as.oa1)).body;
  const fromLine = use.by_source.find((x) => x.code === 'fiscal_budget');
  assert.ok(fromLine && fromLine.amount_fen >= 2 * 54321, JSON.stringify(use.by_source));
  assert.ok(use.allocated_fen >= 2 * 54321);
});

test("a township's officer sees what reached her township, not the county's gifts to others; her fund-use statement sums that and says so", async () => {
  addUser(srv, 'town0', 'township_officer', `region:${st[0].region_code}`);
  const town = await session(srv.base, 'town0');
  const line = await call('POST', '/api/v1/budget_lines', { ...LINE, region_code: '430223', source: 'fiscal_budget', title: '县级配套(乡镇)' });
  assert.equal(line.status, 201, line.text);
  const give = async (body) => {
    const r = await call('POST', '/api/v1/allocations', { budget_line_id: line.body.id, allocated_on: '2026-04-27', ...body });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  };
  const mine = await give({ station_id: st[0].id, amount_fen: 1000 });
  const other = await give({ station_id: st[2].id, amount_fen: 2000 });
  const viaContract = await give({ contract_id: ids.k1, amount_fen: 4000 });
  // The contract serves her township and another: its share for the
  // other township's station is not hers, its share for hers is.
  const contractOther = await give({ contract_id: ids.k1, station_id: st[1].id, amount_fen: 8000 });
  const contractMine = await give({ contract_id: ids.k1, station_id: st[0].id, amount_fen: 16000 });
  const listed = (await call('GET', `/api/v1/allocations?budget_line_id=${line.body.id}&limit=200`, undefined, town)).body.items.map((x) => x.id);
  assert.deepEqual(listed.sort((a, b) => a - b), [mine, viaContract, contractMine].sort((a, b) => a - b));
  for (const id of [other, contractOther]) {
    assert.equal((await call('GET', `/api/v1/allocations/${id}`, undefined, town)).status, 404);
  }
  // The contract's organisation sees every share of its contract.
  const theirs = (await call('GET', `/api/v1/allocations?budget_line_id=${line.body.id}&limit=200`, undefined, as.oa1)).body.items.map((x) => x.id);
  for (const id of [viaContract, contractOther, contractMine]) assert.ok(theirs.includes(id), `${id} in ${theirs}`);
  assert.equal((await call('GET', `/api/v1/allocations/${other}`)).status, 200, 'the county sees it');
  // The statement sums what she can list, and names its range.
  const day = 'from=2026-04-27&to=2026-04-27';
  assert.equal((await call('GET', `/api/v1/fund_use?${day}`, undefined, town)).body.allocated_fen, 1000 + 4000 + 16000);
  assert.equal((await call('GET', `/api/v1/fund_use?${day}`)).body.allocated_fen, 1000 + 2000 + 4000 + 8000 + 16000, 'the county\'s');
  const res = await fetch(`${srv.base}/api/v1/fund_use?format=xlsx`, { headers: { cookie: town.cookie } });
  assert.equal(res.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'sgz-fund-'));
  writeFileSync(join(dir, 'f.xlsx'), Buffer.from(await res.arrayBuffer()));
  const text = execFileSync('unzip', ['-p', join(dir, 'f.xlsx')], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  assert.match(text, /范围：[^<]*所涉服务协议及站点/);
});
