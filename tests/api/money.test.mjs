// 资金与拨付: budget lines by fund source, allocations that may not exceed
// their line, expenditures with vouchers, a contract's own ledger (专款
// 专用), the fund-use statement (.xlsx too), evaluations, acceptances and
// the payment schedule of 原州区 (50 % / 30 % / rest, 15 working days
// each): blocked by a failed evaluation unless the bureau overrides with
// a reason, refused before the acceptance it needs. Clock: 2026-06-15.
// The contract tests need POST /api/v1/contracts (branch contracts) and
// skip themselves until it is routed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, addUser, session, sgz, TEST_PASSWORD } from './lib.mjs';

const JPEG = readFileSync(new URL('../fixtures/photo.jpg', import.meta.url).pathname);
let srv;
const as = {};
const ids = {};
let hasContracts = false;
const call = (method, path, body, auth, headers = {}) => api(srv.base, method, path, body, headers, auth);

before(async () => {
  srv = await startServer({ profile: 'yuanzhou', region: '640402' });
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'town', 'township_officer', 'all');
  for (const u of ['w2', 'town']) as[u] = await session(srv.base, u);
  const doc = (await call('GET', '/api/v1/openapi.json')).body;
  hasContracts = Boolean(doc.paths?.['/api/v1/contracts']?.post);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const LINE = { region_code: '640402', year: 2026, source: 'social_assistance', title: '社会救助专项资金', budget_fen: 545000000 };

test('budget lines: a known source, one per year, source and title; spent may be unknown', async () => {
  const bad = await call('POST', '/api/v1/budget_lines', { ...LINE, source: 'lottery' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'source');
  const blank = await call('POST', '/api/v1/budget_lines', { ...LINE, title: '   ' });
  assert.equal(blank.status, 400, blank.text);
  assert.equal(blank.body.error.message, '名称不能为空');
  const r = await call('POST', '/api/v1/budget_lines', LINE);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.spent_fen, null);
  assert.equal(r.body.allocated_fen, 0);
  ids.line = r.body.id;
  const twice = await call('POST', '/api/v1/budget_lines', LINE);
  assert.equal(twice.status, 409);
  const up = await call('PATCH', `/api/v1/budget_lines/${ids.line}`, { spent_fen: 18166666600, version: 1 });
  assert.equal(up.status, 200, up.text);
  assert.equal(up.body.spent_fen, 18166666600);
  const stale = await call('PATCH', `/api/v1/budget_lines/${ids.line}`, { title: 'x', version: 1 });
  assert.equal(stale.status, 409);
  const list = await call('GET', '/api/v1/budget_lines?year=2026');
  assert.equal(list.body.items.length, 1);
  assert.equal((await call('GET', '/api/v1/budget_lines', undefined, as.w2)).status, 403);
  assert.equal((await call('GET', '/api/v1/budget_lines', undefined, as.town)).status, 200);
});

test('spending above a line\'s budget is saved and shown as a compliance warning with the amounts', async () => {
  const r = await call('POST', '/api/v1/budget_lines', { ...LINE, source: 'medical_relief', title: '城乡医疗救助资金', budget_fen: 100000, spent_fen: 100000 });
  assert.equal(r.status, 201, r.text);
  const listed = async () => (await call('GET', '/api/v1/compliance?rule=money.overspent')).body.items.filter((f) => f.entity_id === r.body.id);
  assert.deepEqual(await listed(), [], 'spending equal to the budget is within it');
  // A county adjusts its budget during the year: the spending is saved as it was.
  const up = await call('PATCH', `/api/v1/budget_lines/${r.body.id}`, { spent_fen: 100001, version: r.body.version });
  assert.equal(up.status, 200, up.text);
  assert.equal(up.body.spent_fen, 100001);
  const found = await listed();
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'warning');
  assert.equal(found[0].entity, 'budget_line');
  assert.match(found[0].message, /^支出1,000\.01元，超过预算1,000\.00元（超出0\.01元）/);
  // The adjusted budget entered, the warning goes.
  const adj = await call('PATCH', `/api/v1/budget_lines/${r.body.id}`, { budget_fen: 100001, version: up.body.version });
  assert.equal(adj.status, 200, adj.text);
  assert.deepEqual(await listed(), []);
});

test('allocations above the line are refused and write nothing', async () => {
  const small = await call('POST', '/api/v1/budget_lines', { ...LINE, source: 'welfare_lottery', title: '福彩公益金', budget_fen: 100000 });
  assert.equal(small.status, 201, small.text);
  const ok = await call('POST', '/api/v1/allocations', { budget_line_id: small.body.id, station_id: 2, amount_fen: 60000, allocated_on: '2026-03-01' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.source, 'welfare_lottery');
  const over = await call('POST', '/api/v1/allocations', { budget_line_id: small.body.id, station_id: 3, amount_fen: 40001, allocated_on: '2026-03-02' });
  assert.equal(over.status, 409);
  assert.equal(over.body.error.code, 'over_budget');
  assert.match(over.body.error.message, /分配合计将超过预算额度：预算1,000.00元，已分配600.00元，本次400.01元/);
  const exact = await call('POST', '/api/v1/allocations', { budget_line_id: small.body.id, station_id: 3, amount_fen: 40000, allocated_on: '2026-03-02' });
  assert.equal(exact.status, 201, exact.text);
  const line = await call('GET', `/api/v1/budget_lines/${small.body.id}`);
  assert.equal(line.body.allocated_fen, 100000);
  assert.equal(line.body.unallocated_fen, 0);
  const lower = await call('PATCH', `/api/v1/budget_lines/${small.body.id}`, { budget_fen: 99999, version: line.body.version });
  assert.equal(lower.status, 409);
  const none = await call('POST', '/api/v1/allocations', { budget_line_id: small.body.id, amount_fen: 1, allocated_on: '2026-03-02' });
  assert.equal(none.status, 400);
  const list = await call('GET', `/api/v1/allocations?budget_line_id=${small.body.id}`);
  assert.equal(list.body.items.length, 2);
});

test('the fund-use statement sums by source and category, and exports .xlsx', async () => {
  const r = await call('GET', '/api/v1/fund_use?from=2026-01-01&to=2026-12-31');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.by_source, [{ code: 'welfare_lottery', amount_fen: 100000 }]);
  assert.equal(r.body.allocated_fen, 100000);
  const early = await call('GET', '/api/v1/fund_use?to=2026-02-28');
  assert.equal(early.body.allocated_fen, 0);
  const x = await call('GET', '/api/v1/fund_use?from=2026-01-01&format=xlsx');
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.equal((await call('GET', '/api/v1/fund_use?from=2026-13-01')).body.error.field, 'from');
});

test('an allocation is dated inside its budget line\'s year (422 naming 分配日期), else it writes nothing', async () => {
  const y26 = await call('POST', '/api/v1/budget_lines', { ...LINE, source: 'social_funds', title: '慈善捐赠(年度校验)', budget_fen: 100000 });
  assert.equal(y26.status, 201, y26.text);
  const y25 = await call('POST', '/api/v1/budget_lines', { ...LINE, year: 2025, source: 'social_funds', title: '慈善捐赠(年度校验)', budget_fen: 100000 });
  assert.equal(y25.status, 201, y25.text);
  for (const [line, day, year] of [[y26.body.id, '2025-12-31', 2026], [y25.body.id, '2026-01-01', 2025]]) {
    const r = await call('POST', '/api/v1/allocations', { budget_line_id: line, station_id: 2, amount_fen: 100, allocated_on: day });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, 'allocated_on');
    assert.equal(r.body.error.message, `分配日期须在所用预算的年度${year}年之内`);
  }
  for (const line of [y26.body.id, y25.body.id]) {
    assert.equal((await call('GET', `/api/v1/allocations?budget_line_id=${line}`)).body.items.length, 0);
  }
  // The year's first and last days are the year's.
  const first = await call('POST', '/api/v1/allocations', { budget_line_id: y26.body.id, station_id: 2, amount_fen: 100, allocated_on: '2026-01-01' });
  assert.equal(first.status, 201, first.text);
  const last = await call('POST', '/api/v1/allocations', { budget_line_id: y25.body.id, station_id: 2, amount_fen: 100, allocated_on: '2025-12-31' });
  assert.equal(last.status, 201, last.text);
  for (const a of [first, last]) {
    assert.equal((await call('DELETE', `/api/v1/allocations/${a.body.id}`)).status, 200);
  }
});

async function contract(code, orgId, extra = {}) {
  const r = await call('POST', '/api/v1/contracts', {
    code, title: '原州区乡镇社工站服务项目', organisation_id: orgId, procurement: 'open_tender', cycle_years: 2, cycle_year: 1,
    amount_fen: 100000000, signed_on: '2026-01-04', effective_on: '2026-01-05', starts_on: '2026-01-05', ends_on: '2026-12-31',
    stations: [{ station_id: 2, amount_fen: 50000000 }, { station_id: 3, amount_fen: 50000000 }], ...extra,
  });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

test('expenditures with vouchers, and the contract ledger', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const org = await call('POST', '/api/v1/organisations', { name: '原州区社会工作服务中心', credit_code: '91350100M000100Y43' });
  assert.equal(org.status, 201, org.text);
  ids.org = org.body.id;
  ids.contract = await contract('YZ-2026-01', ids.org);
  // The org_admin of another organisation, with no contract.
  const other = await call('POST', '/api/v1/organisations', { name: '原州区另一社会工作服务中心', credit_code: '91330100799655058B' });
  assert.equal(other.status, 201, other.text);
  const u = sgz(['user', 'add', 'orgadm', '--roles', 'org_admin', '--range', 'all', '--org', String(other.body.id), '--password-stdin'],
    srv.env, TEST_PASSWORD + '\n');
  assert.equal(u.status, 0, u.stderr);
  as.orgadm = await session(srv.base, 'orgadm');
  const a = await call('POST', '/api/v1/allocations', { budget_line_id: ids.line, contract_id: ids.contract, amount_fen: 100000000, allocated_on: '2026-01-10' });
  assert.equal(a.status, 201, a.text);
  const e = await call('POST', '/api/v1/expenditures', { contract_id: ids.contract, station_id: 2, spent_on: '2026-02-10', category: 'wage', amount_fen: 360000, payee: '驻站社工' });
  assert.equal(e.status, 201, e.text);
  ids.exp = e.body.id;
  assert.equal(e.body.personnel, true);
  // A payee of spaces alone is no payee: kept empty, not as spaces.
  const blank = await call('POST', '/api/v1/expenditures', { contract_id: ids.contract, spent_on: '2026-02-11', category: 'office', amount_fen: 1, payee: ' \u3000 ' });
  assert.equal(blank.status, 201, blank.text);
  assert.equal(blank.body.payee, '');
  assert.equal((await call('DELETE', `/api/v1/expenditures/${blank.body.id}`, undefined, undefined, { 'if-match': String(blank.body.version) })).status, 200);
  const future = await call('POST', '/api/v1/expenditures', { contract_id: ids.contract, spent_on: '2026-07-01', category: 'office', amount_fen: 1 });
  assert.equal(future.body.error?.field, 'spent_on');
  // A few zeros too many: more than the whole contract in one expenditure.
  const k = (await call('GET', `/api/v1/contracts/${ids.contract}`)).body;
  const huge = await call('POST', '/api/v1/expenditures', { contract_id: ids.contract, spent_on: '2026-02-10', category: 'wage', amount_fen: k.amount_fen + 1 });
  assert.equal(huge.status, 400, huge.text);
  assert.equal(huge.body.error.field, 'amount_fen');
  assert.match(huge.body.error.message, /不能超过服务协议的总金额/);
  const empty = await call('POST', '/api/v1/expenditures', { contract_id: ids.contract, spent_on: '', category: 'office', amount_fen: 1 });
  assert.equal(empty.body.error?.field, 'spent_on');
  assert.match(empty.body.error.message, /不能为空/, 'an empty date is said to be empty');
  const notHis = await call('POST', '/api/v1/expenditures', { contract_id: ids.contract, station_id: 9, spent_on: '2026-02-10', category: 'office', amount_fen: 1 });
  assert.equal(notHis.status, 400);
  assert.equal(notHis.body.error.field, 'station_id');
  // An org_admin of an organisation without a contract has none in its
  // range: the contract is not there for it, and nothing is recorded.
  const foreign = await call('POST', '/api/v1/expenditures', { contract_id: ids.contract, spent_on: '2026-02-10', category: 'office', amount_fen: 1 }, as.orgadm);
  assert.equal(foreign.status, 404, foreign.text);
  const v = await call('POST', `/api/v1/expenditures/${ids.exp}/vouchers?name=${encodeURIComponent('工资表.jpg')}`,
    new Uint8Array(JPEG), undefined, { 'content-type': 'application/octet-stream' });
  assert.equal(v.status, 201, v.text);
  const listed = await call('GET', `/api/v1/expenditures/${ids.exp}/vouchers`);
  assert.equal(listed.body.items.length, 1);
  assert.equal((await call('GET', `/api/v1/expenditures/${ids.exp}`)).body.vouchers, 1);
  const l = await call('GET', `/api/v1/contracts/${ids.contract}/ledger`);
  assert.equal(l.status, 200, l.text);
  assert.equal(l.body.in_fen, 100000000);
  assert.equal(l.body.out_fen, 360000);
  assert.equal(l.body.balance_fen, 100000000 - 360000);
  assert.deepEqual(l.body.out_by_category, [{ code: 'wage', amount_fen: 360000 }]);
});

test('payments: the profile schedule, blocked by a failed evaluation, overridden, acceptance first', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const k = ids.contract;
  const bad = await call('POST', `/api/v1/contracts/${k}/payments`, { schedule: [
    { percent: 50, trigger: 'effective', working_days: 15 }, { percent: 40, trigger: 'final_passed', working_days: 15 }] });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.message, '拨付比例合计应为100%，现为90%');
  assert.equal((await call('GET', `/api/v1/contracts/${k}/payments`)).body.items.length, 0, 'nothing half-written');
  const g = await call('POST', `/api/v1/contracts/${k}/payments`, {});
  assert.equal(g.status, 201, g.text);
  const [p1, p2, p3] = g.body.items;
  assert.deepEqual([p1.percent, p2.percent, p3.percent], [50, 30, 20]);
  assert.deepEqual([p1.amount_fen, p2.amount_fen, p3.amount_fen], [50000000, 30000000, 20000000]);
  // Effective Monday 2026-01-05: 15 working days later is 2026-01-26.
  assert.equal(p1.trigger_on, '2026-01-05');
  assert.equal(p1.due_on, '2026-01-26');
  assert.equal(p1.status, 'due');
  assert.equal(p1.overdue, true);
  assert.equal(p2.status, 'planned');
  assert.equal(p2.due_on, null);
  assert.equal((await call('POST', `/api/v1/contracts/${k}/payments`, {})).status, 409);
  const paid = await call('POST', `/api/v1/payments/${p1.id}/pay`, { paid_on: '2026-01-20', version: p1.version });
  assert.equal(paid.status, 200, paid.text);
  assert.equal(paid.body.status, 'paid');
  // 30 % before the mid-term evaluation passed: refused.
  const early = await call('POST', `/api/v1/payments/${p2.id}/pay`, { paid_on: '2026-06-01', version: p2.version });
  assert.equal(early.status, 409);
  assert.equal(early.body.error.code, 'payment_blocked');
  // No evaluation yet: said as not come, not as come after the day typed.
  assert.match(early.body.error.message, /拨付条件（中期评估合格）尚未达成/);
  // "Passed" may not contradict the grade: a 不合格 that passed would
  // release the payment.
  for (const [passed, grade] of [[true, 'fail'], [false, 'good']]) {
    const odd = await call('POST', '/api/v1/evaluations', { contract_id: k, kind: 'midterm', evaluated_on: '2026-06-01', evaluator: '第三方', passed, grade });
    assert.equal(odd.status, 400, odd.text);
    assert.equal(odd.body.error.field, 'passed');
    assert.equal(odd.body.error.message, '是否合格与评估等次不一致(不合格即未通过)');
  }
  const ev = await call('POST', '/api/v1/evaluations', { contract_id: k, kind: 'midterm', evaluated_on: '2026-06-01', passed: false, grade: 'fail', evaluator: '第三方' });
  assert.equal(ev.status, 201, ev.text);
  const blocked = await call('POST', `/api/v1/payments/${p2.id}/pay`, { paid_on: '2026-06-10', version: p2.version });
  assert.equal(blocked.status, 409);
  assert.match(blocked.body.error.message, /中期评估未合格/);
  const sched = (await call('GET', `/api/v1/contracts/${k}/payments`)).body.items;
  assert.equal(sched[1].blocked, true);
  assert.equal(sched[1].evaluation_failed, true);
  // Only the bureau overrides, with a reason; the override is audited.
  addUser(srv, 'sys', 'sysadmin', 'all');
  as.sys = await session(srv.base, 'sys');
  assert.equal((await call('POST', `/api/v1/payments/${p2.id}/override`, { reason: '整改后复核', version: 1 }, as.sys)).status, 403);
  const noReason = await call('POST', `/api/v1/payments/${p2.id}/override`, { version: 1 });
  assert.equal(noReason.status, 400);
  const o = await call('POST', `/api/v1/payments/${p2.id}/override`, { reason: '整改后经局务会研究同意拨付', version: 1 });
  assert.equal(o.status, 200, o.text);
  assert.equal(o.body.override_by, 'tester');
  assert.equal(o.body.override_by_name, 'tester', 'the name (the login here)');
  // Still needs its acceptance.
  const noAcc = await call('POST', `/api/v1/payments/${p2.id}/pay`, { paid_on: '2026-06-10', version: o.body.version });
  assert.equal(noAcc.status, 409);
  assert.equal(noAcc.body.error.code, 'acceptance_required');
  assert.equal((await call('POST', '/api/v1/acceptances', { contract_id: k, accepted_on: '2026-06-05', result: 'passed' })).status, 201);
  const ok = await call('POST', `/api/v1/payments/${p2.id}/pay`, { paid_on: '2026-06-10', version: o.body.version });
  assert.equal(ok.status, 200, ok.text);
  const w = await call('POST', `/api/v1/payments/${p3.id}/withhold`, { reason: '终期评估未开展', version: p3.version });
  assert.equal(w.status, 200, w.text);
  assert.equal(w.body.status, 'withheld');
  const x = await call('GET', `/api/v1/contracts/${k}/payments?format=xlsx`);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const c = (await call('GET', '/api/v1/compliance?rule=payment.evaluation_blocked')).body;
  assert.equal(c.items.length, 1);
  assert.equal(c.items[0].severity, 'info');
  assert.match(c.items[0].message, /tester特批拨付：整改后经局务会研究同意拨付/);
  assert.equal(c.items[0].entity, 'contract');
  assert.equal(c.items[0].entity_id, k);
});

test('the social-assistance floor of 原州区 (3 % of this year\'s spending)', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  // 1,000,000 元 drawn against 181,666,666 元 spent: 3 % is 5,449,999.98 元.
  const f = (await call('GET', '/api/v1/compliance?rule=money.assistance_share')).body;
  assert.equal(f.items.length, 1);
  assert.equal(f.items[0].severity, 'violation');
  assert.match(f.items[0].message, /低于/);
});

test('dates and places money cannot have: an evaluation or acceptance before signing, a future or misplaced allocation, a period ending before it starts', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const k = ids.contract; // signed 2026-01-04, stations 2 and 3, 原州区
  const field = async (path, body) => {
    const r = await call('POST', path, body);
    assert.equal(r.status, 400, r.text);
    return r.body.error.field;
  };
  // A final evaluation dated 1900 would release the final payment at once.
  assert.equal(await field('/api/v1/evaluations', { contract_id: k, kind: 'final', evaluated_on: '1900-01-01', evaluator: '第三方', passed: true }), 'evaluated_on');
  assert.equal(await field('/api/v1/evaluations', { contract_id: k, kind: 'final', evaluated_on: '2026-01-03', evaluator: '第三方', passed: true }), 'evaluated_on');
  assert.equal(await field('/api/v1/acceptances', { contract_id: k, accepted_on: '2026-01-03', result: 'passed' }), 'accepted_on');
  const before = (await call('GET', `/api/v1/evaluations?contract_id=${k}&limit=200`)).body.total;
  assert.equal(await field('/api/v1/allocations', { budget_line_id: ids.line, contract_id: k, amount_fen: 1, allocated_on: '2199-12-31' }), 'allocated_on');
  assert.equal(await field('/api/v1/allocations', { budget_line_id: ids.line, contract_id: k, station_id: 9, amount_fen: 1, allocated_on: '2026-03-01' }), 'station_id');
  // A line of another county does not pay this county's contract.
  const other = await call('POST', '/api/v1/budget_lines', { ...LINE, region_code: '640422', title: '西吉县社会救助专项资金' });
  assert.equal(other.status, 201, other.text);
  assert.equal(await field('/api/v1/allocations', { budget_line_id: other.body.id, contract_id: k, amount_fen: 1, allocated_on: '2026-03-01' }), 'contract_id');
  assert.equal(await field('/api/v1/allocations', { budget_line_id: other.body.id, station_id: 2, amount_fen: 1, allocated_on: '2026-03-01' }), 'station_id');
  assert.equal((await call('GET', `/api/v1/budget_lines/${other.body.id}`)).body.allocated_fen, 0);
  assert.equal((await call('GET', `/api/v1/evaluations?contract_id=${k}&limit=200`)).body.total, before);
  // The statement's period.
  const inverted = await call('GET', '/api/v1/fund_use?from=2026-12-01&to=2026-01-01');
  assert.equal(inverted.status, 400);
  assert.equal(inverted.body.error.field, 'to');
  assert.equal((await call('GET', '/api/v1/expenditures?from=2026-12-01&to=2026-01-01')).body.error.field, 'to');
});

test('a contract\'s amount changed after its schedule: the installments not paid share what is left', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const k = await contract('YZ-2026-09', ids.org); // 1,000,000 元
  const g = await call('POST', `/api/v1/contracts/${k}/payments`, {});
  assert.equal(g.status, 201, g.text);
  const [p1] = g.body.items;
  const paid = await call('POST', `/api/v1/payments/${p1.id}/pay`, { paid_on: '2026-01-20', version: p1.version });
  assert.equal(paid.status, 200, paid.text);
  let c = (await call('GET', `/api/v1/contracts/${k}`)).body;
  // A supplementary agreement: 1,200,000.01 元. 500,000 paid; 700,000.01
  // left for 30 % and 20 %: 420,000.00 and 280,000.01.
  let r = await call('PATCH', `/api/v1/contracts/${k}`, { amount_fen: 120000001, version: c.version });
  assert.equal(r.status, 200, r.text);
  const items = (await call('GET', `/api/v1/contracts/${k}/payments`)).body.items;
  assert.deepEqual(items.map((p) => p.amount_fen), [50000000, 42000000, 28000001]);
  assert.equal(items.reduce((s, p) => s + p.amount_fen, 0), 120000001);
  // Below what was paid: refused, nothing changed.
  c = (await call('GET', `/api/v1/contracts/${k}`)).body;
  r = await call('PATCH', `/api/v1/contracts/${k}`, { amount_fen: 49999999, version: c.version,
    stations: [{ station_id: 2, amount_fen: 20000000 }, { station_id: 3, amount_fen: 20000000 }] });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'amount_fen');
  assert.equal((await call('GET', `/api/v1/contracts/${k}`)).body.amount_fen, 120000001);
  assert.deepEqual((await call('GET', `/api/v1/contracts/${k}/payments`)).body.items.map((p) => p.amount_fen), [50000000, 42000000, 28000001]);
  // One installment of 100 %, paid: the amount cannot change any more.
  const k2 = await contract('YZ-2026-10', ids.org);
  const zero = await call('POST', `/api/v1/contracts/${k2}/payments`, { schedule: [
    { percent: 100, trigger: 'effective', working_days: 15 }, { percent: 0, trigger: 'final_passed', working_days: 15 }] });
  assert.equal(zero.status, 400, zero.text);
  assert.equal(zero.body.error.field, 'schedule[1].percent');
  const one = await call('POST', `/api/v1/contracts/${k2}/payments`, { schedule: [{ percent: 100, trigger: 'effective', working_days: 15 }] });
  assert.equal(one.status, 201, one.text);
  const [q] = one.body.items;
  assert.equal((await call('POST', `/api/v1/payments/${q.id}/pay`, { paid_on: '2026-01-20', version: q.version })).status, 200);
  c = (await call('GET', `/api/v1/contracts/${k2}`)).body;
  r = await call('PATCH', `/api/v1/contracts/${k2}`, { amount_fen: 100000001, version: c.version });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'amount_fen');
  assert.equal((await call('PATCH', `/api/v1/contracts/${k2}`, { notes: '金额不变', version: c.version })).status, 200, 'other changes still go');
});

test('the expenditures export as .xlsx with the list\'s filters, audited, and refused past the ledgers\' limit', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const get = async (q) => {
    const res = await fetch(`${srv.base}/api/v1/expenditures.xlsx?${q}`, { headers: { cookie: tester.cookie } });
    return res;
  };
  addUser(srv, 'xlsxreader', 'bureau', 'all');
  addUser(srv, 'aud', 'auditor', 'all');
  as.aud = await session(srv.base, 'aud');
  const tester = await session(srv.base, 'xlsxreader');
  const rowsOf = async (q) => {
    const res = await get(q);
    assert.equal(res.status, 200, await res.clone().text());
    assert.match(res.headers.get('content-type'), /spreadsheetml/);
    const dir = mkdtempSync(join(tmpdir(), 'sgz-exp-'));
    writeFileSync(join(dir, 'x.xlsx'), Buffer.from(await res.arrayBuffer()));
    const sheet = execFileSync('unzip', ['-p', join(dir, 'x.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    return [...sheet.matchAll(/<row [^>]*>(.*?)<\/row>/g)].map((m) => [...m[1].matchAll(/<c ([^>]*)>(.*?)<\/c>/g)]
      .map(([, attrs, inner]) => (/t="inlineStr"/.test(attrs) ? /<t[^>]*>([^<]*)<\/t>/.exec(inner)[1] : Number(/<v>([^<]*)<\/v>/.exec(inner)[1]))));
  };
  const list = (await call('GET', `/api/v1/expenditures?contract_id=${ids.contract}&category=wage&limit=200`)).body;
  assert.ok(list.total >= 1);
  const rows = await rowsOf(`contract_id=${ids.contract}&category=wage`);
  const body = rows.filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(r[0]));
  assert.equal(body.length, list.total, 'the rows the list holds');
  // Both end with the 合计 of every row the filter holds, not the page's.
  const sum = list.items.reduce((a, x) => a + x.amount_fen, 0);
  assert.equal(list.amount_fen_total, sum);
  assert.equal((await call('GET', `/api/v1/expenditures?contract_id=${ids.contract}&category=wage&limit=1`)).body.amount_fen_total, sum);
  const foot = rows[rows.length - 1];
  assert.equal(foot[0], '合计');
  assert.ok(foot.includes(`${list.total}笔`) && foot.includes(sum / 100), JSON.stringify(foot));
  assert.equal((await call('GET', '/api/v1/expenditures?from=2030-01-01&to=2030-12-31')).body.amount_fen_total, 0, 'none: 0');
  const first = body.find((r) => r[5] === '驻站社工');
  assert.deepEqual(first.slice(0, 6), ['2026-02-10', 'YZ-2026-01', first[2], '工资', 3600, '驻站社工']);
  assert.ok(rows.some((r) => r.includes('金额（元）')), 'the header');
  // The sheet says what it covers: the contract, the category and the period in words.
  const titled = await get(`contract_id=${ids.contract}&category=wage&from=2026-01-01`);
  const tdir = mkdtempSync(join(tmpdir(), 'sgz-exp-'));
  writeFileSync(join(tdir, 'x.xlsx'), Buffer.from(await titled.arrayBuffer()));
  const tsheet = execFileSync('unzip', ['-p', join(tdir, 'x.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  rmSync(tdir, { recursive: true, force: true });
  assert.match(/<t[^>]*>([^<]*)<\/t>/.exec(tsheet)[1], /^项目支出明细\n筛选条件　协议：YZ-2026-01 \S.*；支出类别：工资；支出日期：2026-01-01起$/);
  const audit = (await call('GET', '/api/v1/audit?action=expenditure.export', undefined, as.aud)).body;
  assert.ok(audit.items.length >= 1, 'audited');
  assert.equal((await get('from=2026-12-01&to=2026-01-01')).status, 400);
  assert.equal((await get('category=lottery')).status, 400);
  // Past the ledgers' limit: refused, not cut short.
  assert.equal((await api(srv.base, 'PUT', '/api/v1/settings/ledger.export_max_rows', { value: 100 })).status, 200);
  try {
    const have = (await call('GET', `/api/v1/expenditures?contract_id=${ids.contract}&limit=1`)).body.total;
    for (let i = have; i <= 100; i++) {
      const e = await call('POST', '/api/v1/expenditures', { contract_id: ids.contract, spent_on: '2026-03-01', category: 'office', amount_fen: 100 + i, payee: `文具店${i}` });
      assert.equal(e.status, 201, e.text);
    }
    const refused = await get(`contract_id=${ids.contract}`);
    assert.equal(refused.status, 400);
    assert.match((await refused.json()).error.message, /上限100/);
    assert.equal((await get(`contract_id=${ids.contract}&category=wage`)).status, 200, 'a narrower filter still exports');
  } finally {
    await api(srv.base, 'PUT', '/api/v1/settings/ledger.export_max_rows', { value: 200000 });
  }
});

test('a payment\'s audit row says what was done: paid on, the reason withheld or overridden', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const rows = async (action) => (await call('GET', `/api/v1/audit?action=${action}&limit=200`, undefined, as.aud)).body.items
    .map((a) => (typeof a.detail === 'string' ? a.detail : JSON.stringify(a.detail)));
  const paid = await rows('payment.pay');
  assert.ok(paid.length >= 2, 'the two payments above');
  assert.ok(paid.every((d) => /"paid_on":"2026-0\d-\d\d"/.test(d)), paid.join());
  assert.match((await rows('payment.override')).join(), /整改后经局务会研究同意拨付/);
  assert.match((await rows('payment.withhold')).join(), /终期评估未开展/);
});

test('the final installment follows the latest acceptance, made after its evaluation', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const k = await contract('YZ-2026-11', ids.org);
  const g = await call('POST', `/api/v1/contracts/${k}/payments`, { schedule: [
    { percent: 50, trigger: 'effective', working_days: 15 },
    { percent: 50, trigger: 'final_passed', working_days: 15, needs_acceptance: true }] });
  assert.equal(g.status, 201, g.text);
  const p = g.body.items[1];
  const add = (path, body) => call('POST', path, { contract_id: k, ...body });
  // Accepted in February, evaluated in May: February's acceptance is not
  // the final one's.
  assert.equal((await add('/api/v1/acceptances', { accepted_on: '2026-02-10', result: 'passed' })).status, 201);
  assert.equal((await add('/api/v1/evaluations', { kind: 'final', evaluated_on: '2026-05-06', evaluator: '第三方', passed: true, grade: 'good' })).status, 201);
  const pay = (day) => call('POST', `/api/v1/payments/${p.id}/pay`, { paid_on: day, version: p.version });
  let r = await pay('2026-05-20');
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'acceptance_required');
  // Passed, then failed on re-inspection: the failure stands.
  assert.equal((await add('/api/v1/acceptances', { accepted_on: '2026-05-08', result: 'passed' })).status, 201);
  assert.equal((await add('/api/v1/acceptances', { accepted_on: '2026-05-12', result: 'failed' })).status, 201);
  r = await pay('2026-05-20');
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'acceptance_required');
  // Paid on a day between the two, it was accepted then.
  r = await pay('2026-05-10');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.accepted_on, '2026-05-08');
});

test('an installment follows the latest evaluation on the day it is paid: a failed re-evaluation undoes a pass', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const k = await contract('YZ-2026-21', ids.org);
  const g = await call('POST', `/api/v1/contracts/${k}/payments`, {});
  assert.equal(g.status, 201, g.text);
  const p = g.body.items[1];
  assert.equal(p.trigger, 'midterm_passed');
  const add = (path, body) => call('POST', path, { contract_id: k, ...body });
  const mine = async () => (await call('GET', `/api/v1/contracts/${k}/payments`)).body.items[1];
  assert.equal((await add('/api/v1/evaluations', { kind: 'midterm', evaluated_on: '2026-03-02', evaluator: '第三方', passed: true, grade: 'good' })).status, 201);
  assert.equal((await add('/api/v1/acceptances', { accepted_on: '2026-03-10', result: 'passed' })).status, 201);
  let v = await mine();
  assert.equal(v.trigger_on, '2026-03-02');
  assert.equal(v.blocked, false);
  // Re-evaluated in May and failed: blocked again, 特批 possible.
  assert.equal((await add('/api/v1/evaluations', { kind: 'midterm', evaluated_on: '2026-05-11', evaluator: '第三方', passed: false, grade: 'fail' })).status, 201);
  v = await mine();
  assert.equal(v.trigger_on, null);
  assert.equal(v.evaluation_failed, true);
  assert.equal(v.blocked, true);
  let r = await call('POST', `/api/v1/payments/${p.id}/pay`, { paid_on: '2026-05-20', version: p.version });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'payment_blocked');
  // Paid on a day the pass stood: it was payable then, and no rule
  // calls it paid after a failed evaluation or before its trigger.
  r = await call('POST', `/api/v1/payments/${p.id}/pay`, { paid_on: '2026-04-01', version: p.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.trigger_on, '2026-03-02');
  assert.equal(r.body.evaluation_failed, false);
  for (const rule of ['payment.evaluation_blocked', 'payment.order_deadlines']) {
    const c = (await call('GET', `/api/v1/compliance?rule=${rule}&limit=200`)).body.items;
    assert.ok(!c.some((f) => f.contract_id === k && /中期|评估/.test(f.message)), `${rule}: ${JSON.stringify(c)}`);
  }
});

test('a budget line with allocations keeps its county, year and source', async () => {
  const line = (await call('GET', '/api/v1/budget_lines?year=2026&limit=200')).body.items.find((l) => l.allocated_fen > 0);
  assert.ok(line, 'a line allocated above');
  for (const [field, value] of [['region_code', '640422'], ['year', 2027], ['source', 'welfare_lottery' === line.source ? 'social_assistance' : 'welfare_lottery']]) {
    const r = await call('PATCH', `/api/v1/budget_lines/${line.id}`, { [field]: value, version: line.version });
    assert.equal(r.status, 409, `${field}: ${r.text}`);
    assert.equal(r.body.error.field, field);
    assert.match(r.body.error.message, /已有分配，不能再改/);
  }
  const renamed = await call('PATCH', `/api/v1/budget_lines/${line.id}`, { notes: '年中调整', version: line.version });
  assert.equal(renamed.status, 200, renamed.text);
  assert.equal(renamed.body.region_code, line.region_code);
});

test('the sysadmin keeps the system, not the accounts: no contract, budget, payment, expenditure or evaluation', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const pays = (await call('GET', `/api/v1/contracts/${ids.contract}/payments`)).body.items;
  for (const [method, path, body] of [
    ['POST', '/api/v1/budget_lines', { ...LINE, year: 2030 }],
    ['POST', '/api/v1/contracts', { code: 'SYS-1' }],
    ['POST', `/api/v1/payments/${pays[2].id}/pay`, { paid_on: '2026-06-01', version: pays[2].version }],
    ['POST', '/api/v1/expenditures', { contract_id: ids.contract, spent_on: '2026-06-01', category: 'office', amount_fen: 100 }],
    ['POST', '/api/v1/evaluations', { contract_id: ids.contract, kind: 'final', evaluated_on: '2026-06-01', evaluator: '第三方', passed: true }],
  ]) {
    const r = await call(method, path, body, as.sys);
    assert.equal(r.status, 403, `${path}: ${r.text}`);
  }
  assert.equal((await call('GET', '/api/v1/budget_lines', undefined, as.sys)).status, 200, 'she still reads them');
});

test('特批 answers a failed evaluation (or a hold) only: not an installment still waiting for one', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const k = await contract('YZ-2026-12', ids.org);
  const p2 = (await call('POST', `/api/v1/contracts/${k}/payments`, {})).body.items[1];
  const override = (version) => call('POST', `/api/v1/payments/${p2.id}/override`, { reason: '局务会研究同意', version });
  let r = await override(p2.version);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.message, '只有暂缓拨付的款项，或因评估未合格、拨付条件在协议终止后才达成而暂停的款项才能特批（本期款项不在此列，或已特批）');
  assert.equal((await call('POST', '/api/v1/evaluations', { contract_id: k, kind: 'midterm', evaluated_on: '2026-06-01', evaluator: '第三方', passed: false })).status, 201);
  r = await override(p2.version);
  assert.equal(r.status, 200, r.text);
  assert.equal((await override(r.body.version)).status, 409, 'once');
});

test('an expenditure dated before its contract was signed is refused, as an evaluation is', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const r = await call('POST', '/api/v1/expenditures', { contract_id: ids.contract, spent_on: '2025-12-20', category: 'office', amount_fen: 100 });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'spent_on');
  assert.equal(r.body.error.message, '支出日期不能早于签订日期');
  // A term running from before its signing takes its own days; a signing
  // date corrected later leaves the rows booked editable.
  const k = await contract('YZ-2026-13', ids.org, { signed_on: '2026-01-08', effective_on: '2026-01-08' });
  const e = await call('POST', '/api/v1/expenditures', { contract_id: k, spent_on: '2026-01-06', category: 'office', amount_fen: 100 });
  assert.equal(e.status, 201, e.text);
  // The term is not moved past it afterwards (see the contract's change
  // below); the row stays editable, not movable before the term.
  const c = (await call('GET', `/api/v1/contracts/${k}`)).body;
  const later_start = await call('PATCH', `/api/v1/contracts/${k}`, { starts_on: '2026-01-07', version: c.version });
  assert.equal(later_start.status, 409, later_start.text);
  assert.equal(later_start.body.error.field, 'starts_on');
  const note = await call('PATCH', `/api/v1/expenditures/${e.body.id}`, { description: '文具', amount_fen: 120, version: e.body.version });
  assert.equal(note.status, 200, note.text);
  // Its audit row says what changed, from what.
  const d = await auditOf('expenditure.update', e.body.id);
  assert.deepEqual([d.before.amount_fen, d.after.amount_fen, d.before.description, d.after.description], [100, 120, '', '文具']);
  const moved = await call('PATCH', `/api/v1/expenditures/${e.body.id}`, { spent_on: '2026-01-04', version: note.body.version });
  assert.equal(moved.status, 400, moved.text);
  assert.equal(moved.body.error.message, '支出日期不能早于协议服务期限的开始日期');
  // Nor moved onto a contract that began after it.
  const later = await contract('YZ-2026-14', ids.org, { signed_on: '2026-03-01', effective_on: '2026-03-01', starts_on: '2026-03-01' });
  const onto = await call('PATCH', `/api/v1/expenditures/${e.body.id}`, { contract_id: later, version: note.body.version });
  assert.equal(onto.status, 400, onto.text);
  assert.equal(onto.body.error.field, 'spent_on');
});

// The sheet's text: its inline strings and its shared strings alike.
async function xlsxText(res) {
  const dir = mkdtempSync(join(tmpdir(), 'sgz-pay-'));
  try {
    writeFileSync(join(dir, 'x.xlsx'), Buffer.from(await res.arrayBuffer()));
    return execFileSync('unzip', ['-p', join(dir, 'x.xlsx')], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const auditOf = async (action, id) => {
  if (!as.aud3) {
    addUser(srv, 'aud3', 'auditor', 'all');
    as.aud3 = await session(srv.base, 'aud3');
  }
  const items = (await call('GET', `/api/v1/audit?action=${action}&limit=200`, undefined, as.aud3)).body.items;
  const row = items.find((a) => String(a.entity_id) === String(id));
  // The auditor reads what was done in words, not its code.
  if (row) assert.match(row.action_label, /[\u4e00-\u9fff]/, `${action}: ${row.action_label}`);
  return row && (typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail);
};

test('an allocation above its contract is refused with the room left; one typed wrong is removed, its audit row keeping every field', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const k = await contract('YZ-ALLOC-1', ids.org); // 1,000,000 元
  const line = await call('POST', '/api/v1/budget_lines', { ...LINE, source: 'fiscal_budget', title: '区级财政预算(协议)', budget_fen: 5000000000 });
  assert.equal(line.status, 201, line.text);
  // 15,000,000 元 typed for a contract of 1,000,000 元.
  const huge = await call('POST', '/api/v1/allocations', { budget_line_id: line.body.id, contract_id: k, amount_fen: 1500000000, allocated_on: '2026-02-01' });
  assert.equal(huge.status, 409, huge.text);
  assert.equal(huge.body.error.code, 'over_contract');
  assert.equal(huge.body.error.field, 'amount_fen');
  assert.equal(huge.body.error.message,
    '分配给该协议的合计将超过协议金额：协议金额1,000,000.00元，已分配0.00元，尚可分配1,000,000.00元，本次15,000,000.00元');
  const part = await call('POST', '/api/v1/allocations', { budget_line_id: line.body.id, contract_id: k, station_id: 2, amount_fen: 60000000,
    allocated_on: '2026-02-01', notes: '第一批' });
  assert.equal(part.status, 201, part.text);
  // From another line too: the contract bounds them all.
  const more = await call('POST', '/api/v1/allocations', { budget_line_id: ids.line, contract_id: k, amount_fen: 40000001, allocated_on: '2026-02-02' });
  assert.equal(more.status, 409, more.text);
  assert.match(more.body.error.message, /已分配600,000.00元，尚可分配400,000.00元，本次400,000.01元/);
  assert.equal((await call('GET', `/api/v1/budget_lines/${ids.line}`)).body.allocated_fen, 100000000, 'nothing written');
  const zero = await call('POST', '/api/v1/allocations', { budget_line_id: line.body.id, contract_id: k, amount_fen: 0, allocated_on: '2026-02-02' });
  assert.equal(zero.status, 400);
  assert.equal(zero.body.error.message, '金额须大于0');
  // Removed: by the bureau only, once; its line has the room back.
  assert.equal((await call('DELETE', `/api/v1/allocations/${part.body.id}`, undefined, as.w2)).status, 403);
  const del = await call('DELETE', `/api/v1/allocations/${part.body.id}`);
  assert.equal(del.status, 200, del.text);
  assert.equal((await call('DELETE', `/api/v1/allocations/${part.body.id}`)).status, 404);
  assert.equal((await call('GET', `/api/v1/budget_lines/${line.body.id}`)).body.allocated_fen, 0);
  assert.equal((await call('GET', `/api/v1/contracts/${k}/ledger`)).body.in_fen, 0);
  const d = await auditOf('allocation.delete', part.body.id);
  assert.ok(d, 'audited');
  assert.equal(d.amount_fen, 60000000);
  assert.equal(d.budget_line_id, line.body.id);
  assert.equal(d.line_title, '区级财政预算(协议)');
  assert.equal(d.contract_id, k);
  assert.equal(d.contract_code, 'YZ-ALLOC-1');
  assert.equal(d.station_id, 2);
  assert.ok(d.station_name);
  assert.equal(d.allocated_on, '2026-02-01');
  assert.equal(d.notes, '第一批');
  const whole = await call('POST', '/api/v1/allocations', { budget_line_id: line.body.id, contract_id: k, amount_fen: 100000000, allocated_on: '2026-02-03' });
  assert.equal(whole.status, 201, whole.text);
});

test('the ledger says what was paid beside what was allocated, and a balance on each', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const k = await contract('YZ-LEDGER-1', ids.org);
  const line = await call('POST', '/api/v1/budget_lines', { ...LINE, source: 'higher_subsidy', title: '上级补助(台账)', budget_fen: 100000000 });
  assert.equal(line.status, 201, line.text);
  const al = await call('POST', '/api/v1/allocations', { budget_line_id: line.body.id, contract_id: k, amount_fen: 100000000,
    allocated_on: '2026-01-10' });
  assert.equal(al.status, 201, al.text);
  assert.equal((await call('POST', '/api/v1/expenditures', { contract_id: k, spent_on: '2026-03-10', category: 'wage', amount_fen: 70000000 })).status, 201);
  const g = await call('POST', `/api/v1/contracts/${k}/payments`, {});
  assert.equal(g.status, 201, g.text);
  const [p1] = g.body.items;
  assert.equal((await call('POST', `/api/v1/payments/${p1.id}/pay`, { paid_on: '2026-01-20', version: p1.version })).status, 200);
  const l = (await call('GET', `/api/v1/contracts/${k}/ledger`)).body;
  assert.equal(l.in_fen, 100000000, 'kept as it was');
  assert.equal(l.balance_fen, 30000000, 'kept as it was');
  assert.equal(l.allocated_fen, 100000000);
  assert.equal(l.paid_fen, 50000000);
  assert.equal(l.balance_allocated_fen, 30000000);
  assert.equal(l.balance_paid_fen, -20000000, 'spent more than was paid');
});

test('an expenditure that takes its contract over its amount is saved with a warning in the rule\'s words; one within has none', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const k = await contract('YZ-OVER-1', ids.org);
  const a = await call('POST', '/api/v1/expenditures', { contract_id: k, spent_on: '2026-03-10', category: 'wage', amount_fen: 70000000 });
  assert.equal(a.status, 201, a.text);
  assert.deepEqual(a.body.warnings, [], '700,000 of 1,000,000');
  const b = await call('POST', '/api/v1/expenditures', { contract_id: k, spent_on: '2026-04-10', category: 'office', amount_fen: 40000050 });
  assert.equal(b.status, 201, b.text);
  assert.deepEqual(b.body.warnings, [{ code: 'money.spent_over_contract', field: 'amount_fen', contract_id: k, contract_code: 'YZ-OVER-1',
    message: '支出合计1,100,000.50元，超过协议金额1,000,000.00元（超出100,000.50元）；请核对有无重复或错记入本协议的支出',
    spent_fen: 110000050, amount_fen: 100000000, over_fen: 10000050 }]);
  const f = (await call('GET', '/api/v1/compliance?rule=money.spent_over_contract&limit=200')).body.items.filter((x) => x.entity_id === k);
  assert.equal(f[0].message, b.body.warnings[0].message, 'what the clerk is told is what the bureau reads');
  // Corrected to the amount exactly: within it, no warning.
  let r = await call('PATCH', `/api/v1/expenditures/${b.body.id}`, { amount_fen: 30000000, version: b.body.version });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.warnings, []);
  r = await call('PATCH', `/api/v1/expenditures/${b.body.id}`, { amount_fen: 30000001, version: r.body.version }, undefined, { 'accept-language': 'en' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.warnings.length, 1);
  assert.equal(r.body.warnings[0].message,
    '1,000,000.01 yuan spent, above the contract\'s 1,000,000.00 (by 0.01): check for expenditures entered twice or under the wrong contract');
  assert.equal((await call('GET', `/api/v1/expenditures/${b.body.id}`)).body.warnings, undefined, 'a save\'s reply, not the record');
});

// A slip typed in twice: saved (two purchases alike happen), but the
// second entry names the first at once.
test('an expenditure the same as an earlier one of its contract is saved with a warning naming it', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const k = await contract('YZ-TWIN-1', ids.org);
  const slip = { contract_id: k, spent_on: '2026-03-12', category: 'office', amount_fen: 12345, payee: '县文具店', description: '打印纸' };
  const a = await call('POST', '/api/v1/expenditures', slip);
  assert.equal(a.status, 201, a.text);
  assert.deepEqual(a.body.warnings, []);
  const b = await call('POST', '/api/v1/expenditures', { ...slip, description: '打印纸（重录）' });
  assert.equal(b.status, 201, b.text);
  assert.deepEqual(b.body.warnings, [{ code: 'money.possible_duplicate', field: 'amount_fen', duplicate_id: a.body.id,
    message: `与第${a.body.id}号支出的日期、支出类别、金额和收款人都相同，请核对是否重复登记` }]);
  // Another payee, or corrected to another amount: none.
  const c = await call('POST', '/api/v1/expenditures', { ...slip, payee: '镇文具店' });
  assert.deepEqual(c.body.warnings, []);
  const fixed = await call('PATCH', `/api/v1/expenditures/${b.body.id}`, { amount_fen: 54321, version: b.body.version });
  assert.equal(fixed.status, 200, fixed.text);
  assert.deepEqual(fixed.body.warnings, []);
});

test('the payments export says 逾期, 暂停 and 未到拨付条件 as the screen does', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const k = await contract('YZ-PAYX-1', ids.org);
  const g = await call('POST', `/api/v1/contracts/${k}/payments`, {});
  assert.equal(g.status, 201, g.text);
  assert.equal((await call('POST', '/api/v1/evaluations', { contract_id: k, kind: 'midterm', evaluated_on: '2026-06-01', passed: false,
    grade: 'fail', evaluator: '第三方' })).status, 201);
  const items = (await call('GET', `/api/v1/contracts/${k}/payments`)).body.items;
  assert.equal(items[0].overdue, true);
  assert.deepEqual([items[1].blocked, items[1].waiting], [true, false], 'the failed mid-term evaluation stops it: 暂停');
  // The last waits on the final evaluation, not yet held: not payable,
  // but not stopped either (暂停拨付 is a sanction in the contracts).
  assert.deepEqual([items[2].blocked, items[2].waiting, items[2].evaluation_failed], [true, true, false]);
  addUser(srv, 'xlsxpay', 'bureau', 'all');
  const res = await fetch(`${srv.base}/api/v1/contracts/${k}/payments?format=xlsx`, { headers: { cookie: (await session(srv.base, 'xlsxpay')).cookie } });
  assert.equal(res.status, 200);
  const text = await xlsxText(res);
  assert.match(text, /应付（逾期）/);
  assert.match(text, /（暂停）/);
  assert.match(text, /计划（未到拨付条件）/);
  assert.equal((text.match(/（暂停）/g) || []).length, 1, 'only the installment a failed evaluation stops');
});

test('an expenditure entered twice is deleted at its version; one with vouchers is not; an amount of 0 is said to be one', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const body = { contract_id: ids.contract, station_id: 2, spent_on: '2026-04-10', category: 'wage', amount_fen: 480000, payee: '驻站社工张三',
    description: '4月工资' };
  const a = await call('POST', '/api/v1/expenditures', body);
  const b = await call('POST', '/api/v1/expenditures', body);
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  const zero = await call('PATCH', `/api/v1/expenditures/${b.body.id}`, { amount_fen: 0, version: b.body.version });
  assert.equal(zero.status, 400);
  assert.equal(zero.body.error.field, 'amount_fen');
  assert.equal(zero.body.error.message, '金额须大于0');
  const v = await call('POST', `/api/v1/expenditures/${a.body.id}/vouchers?name=${encodeURIComponent('工资表.jpg')}`,
    new Uint8Array(JPEG), undefined, { 'content-type': 'application/octet-stream' });
  assert.equal(v.status, 201, v.text);
  const kept = await call('DELETE', `/api/v1/expenditures/${a.body.id}`, undefined, undefined, { 'if-match': '"2"' });
  assert.equal(kept.status, 409, kept.text);
  assert.equal(kept.body.error.field, 'vouchers');
  assert.equal(kept.body.error.message, '这笔支出已附1张原始凭证，不能删除；如确系重复录入，请先移除凭证');
  assert.equal((await call('DELETE', `/api/v1/expenditures/${b.body.id}`)).status, 428, 'the version read is required');
  assert.equal((await call('DELETE', `/api/v1/expenditures/${b.body.id}`, undefined, as.w2, { 'if-match': '"1"' })).status, 403);
  const stale = await call('DELETE', `/api/v1/expenditures/${b.body.id}`, undefined, undefined, { 'if-match': `"${b.body.version + 1}"` });
  assert.equal(stale.status, 409, stale.text);
  const del = await call('DELETE', `/api/v1/expenditures/${b.body.id}`, undefined, undefined, { 'if-match': `"${b.body.version}"` });
  assert.equal(del.status, 200, del.text);
  assert.equal((await call('GET', `/api/v1/expenditures/${b.body.id}`)).status, 404);
  assert.equal((await call('GET', `/api/v1/expenditures/${a.body.id}`)).status, 200, 'the other stays');
  const d = await auditOf('expenditure.delete', b.body.id);
  assert.ok(d, 'audited');
  assert.deepEqual([d.contract_id, d.station_id, d.spent_on, d.category, d.amount_fen, d.payee, d.description],
    [ids.contract, 2, '2026-04-10', 'wage', 480000, '驻站社工张三', '4月工资']);
});

test('a contract\'s change may not leave its money outside it: a station with expenditures, a term moved past them or a midterm evaluation', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const k = await contract('YZ-2026-31', ids.org);
  for (const [station_id, spent_on] of [[3, '2026-05-31'], [2, '2026-01-06']]) {
    const e = await call('POST', '/api/v1/expenditures', { contract_id: k, station_id, spent_on, category: 'office', amount_fen: 100 });
    assert.equal(e.status, 201, e.text);
  }
  assert.equal((await call('POST', '/api/v1/evaluations', { contract_id: k, kind: 'midterm', evaluated_on: '2026-06-01', passed: true, grade: 'good', evaluator: '第三方' })).status, 201);
  const c = (await call('GET', `/api/v1/contracts/${k}`)).body;
  const patch = (body) => call('PATCH', `/api/v1/contracts/${k}`, { ...body, version: c.version });
  let r = await patch({ stations: [{ station_id: 2, amount_fen: 50000000 }] });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'stations');
  assert.match(r.body.error.message, /已有1笔资金分配或支出，不能移出协议/);
  r = await patch({ ends_on: '2026-02-01' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'ends_on');
  assert.equal(r.body.error.message, '服务结束日期不能早于已登记支出的最晚日期2026-05-31（共1笔在新日期之后）');
  r = await patch({ ends_on: '2026-05-31' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.message, '服务结束日期不能早于已登记中期评估的最晚日期2026-06-01（共1笔在新日期之后）');
  r = await patch({ signed_on: '2026-01-07', effective_on: '2026-01-07', starts_on: '2026-01-07' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'starts_on');
  assert.equal(r.body.error.message, '服务开始日期不能晚于已登记支出的最早日期2026-01-06（共1笔在新日期之前）');
  // Nothing was written; a change that keeps them inside is made.
  const same = (await call('GET', `/api/v1/contracts/${k}`)).body;
  assert.equal(same.version, c.version);
  assert.equal(same.stations.length, 2);
  assert.equal(same.ends_on, '2026-12-31');
  r = await patch({ ends_on: '2026-11-30' });
  assert.equal(r.status, 200, r.text);
});

test('a terminated contract: no expenditure after the day, an installment triggered after it paid only on 特批, a closing evaluation after it', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const k = await contract('YZ-2026-32', ids.org);
  const [p1, p2] = (await call('POST', `/api/v1/contracts/${k}/payments`, {})).body.items;
  const before = await call('POST', '/api/v1/expenditures', { contract_id: k, spent_on: '2026-04-10', category: 'office', amount_fen: 100 });
  assert.equal(before.status, 201, before.text);
  const c = (await call('GET', `/api/v1/contracts/${k}`)).body;
  const term = await call('POST', `/api/v1/contracts/${k}/terminate`, { reason: '严重违约', terminated_on: '2026-03-01', version: c.version });
  assert.equal(term.status, 200, term.text);
  let r = await call('POST', '/api/v1/expenditures', { contract_id: k, spent_on: '2026-03-02', category: 'office', amount_fen: 100 });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'spent_on');
  assert.equal(r.body.error.message, '支出日期不能晚于协议终止日期2026-03-01（协议终止后服务已停止）');
  assert.equal((await call('POST', '/api/v1/expenditures', { contract_id: k, spent_on: '2026-03-01', category: 'office', amount_fen: 100 })).status, 201);
  // One booked before the termination keeps its date and stays editable.
  r = await call('PATCH', `/api/v1/expenditures/${before.body.id}`, { description: '文具', version: before.body.version });
  assert.equal(r.status, 200, r.text);
  // The work done is settled after the termination: the installment
  // triggered before it is paid later.
  r = await call('POST', `/api/v1/payments/${p1.id}/pay`, { paid_on: '2026-06-10', version: p1.version });
  assert.equal(r.status, 200, r.text);
  // A closing evaluation after the termination, not after today.
  r = await call('POST', '/api/v1/evaluations', { contract_id: k, kind: 'midterm', evaluated_on: '2026-07-01', passed: true, grade: 'good', evaluator: '第三方' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'evaluated_on');
  r = await call('POST', '/api/v1/evaluations', { contract_id: k, kind: 'midterm', evaluated_on: '2026-06-01', passed: true, grade: 'good', evaluator: '第三方' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await call('POST', '/api/v1/acceptances', { contract_id: k, accepted_on: '2026-06-02', result: 'passed' })).status, 201);
  // Its trigger came after the termination: 特批 first.
  r = await call('POST', `/api/v1/payments/${p2.id}/pay`, { paid_on: '2026-06-10', version: p2.version });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'paid_on');
  assert.match(r.body.error.message, /^协议已于2026-03-01终止/);
  const row = (await call('GET', `/api/v1/contracts/${k}/payments`)).body.items.find((p) => p.id === p2.id);
  assert.equal(row.after_termination, true);
  assert.equal(row.blocked, true);
  assert.equal(row.overdue, false);
  r = await call('POST', `/api/v1/payments/${p2.id}/override`, { reason: '局务会研究同意结算', version: row.version });
  assert.equal(r.status, 200, r.text);
  r = await call('POST', `/api/v1/payments/${p2.id}/pay`, { paid_on: '2026-06-10', version: r.body.version });
  assert.equal(r.status, 200, r.text);
});

// The first sheet of an .xlsx as rows of cells: { v, num, style } each,
// num true for a number cell (its style's number format in fmt).
async function sheetCells(path) {
  if (!as.xlsxmoney) {
    addUser(srv, 'xlsxmoney', 'bureau', 'all');
    as.xlsxmoney = await session(srv.base, 'xlsxmoney');
  }
  const res = await fetch(srv.base + path, { headers: { cookie: as.xlsxmoney.cookie } });
  assert.equal(res.status, 200, await res.clone().text());
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  const dir = mkdtempSync(join(tmpdir(), 'sgz-cells-'));
  try {
    writeFileSync(join(dir, 'x.xlsx'), Buffer.from(await res.arrayBuffer()));
    const part = (p) => execFileSync('unzip', ['-p', join(dir, 'x.xlsx'), p], { encoding: 'utf8' });
    const sheet = part('xl/worksheets/sheet1.xml');
    const xfs = /<cellXfs[^>]*>(.*?)<\/cellXfs>/s.exec(part('xl/styles.xml'))[1];
    const fmts = [...xfs.matchAll(/<xf ([^>]*?)\/?>/g)].map((m) => Number((/numFmtId="(\d+)"/.exec(m[1]) || [0, 0])[1]));
    const rows = [...sheet.matchAll(/<row [^>]*>(.*?)<\/row>/gs)].map((m) => [...m[1].matchAll(/<c ([^>]*)>(.*?)<\/c>/gs)]
      .map(([, attrs, inner]) => {
        const num = !/t="/.test(attrs);
        const s = /s="(\d+)"/.exec(attrs);
        return { num, v: num ? Number(/<v>([^<]*)<\/v>/.exec(inner)[1]) : /<t[^>]*>([^<]*)<\/t>/.exec(inner)[1],
          fmt: s ? fmts[Number(s[1])] : 0 };
      }));
    return { rows, sheet };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a withheld installment is refused until 特批 lifts the hold; lifting it excuses nothing else; its reason stays after payment', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const k = await contract('YZ-HOLD-1', ids.org);
  const [p1, p2] = (await call('POST', `/api/v1/contracts/${k}/payments`, {})).body.items;
  const hold = '服务台账不全，待补正';
  let r = await call('POST', `/api/v1/payments/${p1.id}/withhold`, { reason: hold, version: p1.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'withheld');
  assert.equal(r.body.blocked, true, 'a held row is blocked');
  const listed = async (id) => (await call('GET', `/api/v1/contracts/${k}/payments`)).body.items.find((p) => p.id === id);
  assert.equal((await listed(p1.id)).blocked, true);
  // Paying it straight away is refused, with the hold's reason and the way out.
  r = await call('POST', `/api/v1/payments/${p1.id}/pay`, { paid_on: '2026-06-10', version: r.body.version });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'payment_blocked');
  assert.equal(r.body.error.field, undefined, 'the installment\'s state, not a field of the request');
  assert.equal(r.body.error.message, `本期款项已暂缓拨付（暂缓理由：${hold}），须由民政局填写理由特批解除暂缓后方可拨付`);
  assert.equal((await listed(p1.id)).status, 'withheld', 'nothing written');
  // 特批 lifts it: by the bureau, with a reason, audited with the hold it lifted.
  let row = await listed(p1.id);
  assert.equal((await call('POST', `/api/v1/payments/${p1.id}/override`, { reason: '台账已补齐', version: row.version }, as.sys)).status, 403);
  r = await call('POST', `/api/v1/payments/${p1.id}/override`, { reason: '台账已补齐，同意拨付', version: row.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'due');
  assert.equal(r.body.blocked, false);
  assert.equal(r.body.withheld_reason, hold, 'the hold\'s reason stays');
  assert.equal(r.body.override_reason, null, 'lifting a hold is not a 特批 of a block');
  const d = await auditOf('payment.override', p1.id);
  assert.equal(d.reason, '台账已补齐，同意拨付');
  assert.equal(d.lifted_hold, hold);
  r = await call('POST', `/api/v1/payments/${p1.id}/pay`, { paid_on: '2026-06-10', version: r.body.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.withheld_reason, hold, 'kept after payment');
  assert.equal((await listed(p1.id)).withheld_reason, hold);
  // A hold lifted before the evaluation does not excuse that evaluation failing.
  row = await listed(p2.id);
  r = await call('POST', `/api/v1/payments/${p2.id}/withhold`, { reason: '中期评估前暂缓', version: row.version });
  assert.equal(r.status, 200, r.text);
  r = await call('POST', `/api/v1/payments/${p2.id}/override`, { reason: '误操作，解除暂缓', version: r.body.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'planned');
  assert.equal(r.body.blocked, true, 'still waiting for its evaluation');
  assert.equal((await call('POST', '/api/v1/evaluations', { contract_id: k, kind: 'midterm', evaluated_on: '2026-06-01', passed: false,
    grade: 'fail', evaluator: '第三方' })).status, 201);
  row = await listed(p2.id);
  assert.equal(row.blocked, true);
  r = await call('POST', `/api/v1/payments/${p2.id}/pay`, { paid_on: '2026-06-10', version: row.version });
  assert.equal(r.status, 409, r.text);
  assert.match(r.body.error.message, /^中期评估未合格/);
  r = await call('POST', `/api/v1/payments/${p2.id}/override`, { reason: '整改后经局务会研究同意拨付', version: row.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.override_reason, '整改后经局务会研究同意拨付', 'the failure\'s own 特批');
  // The export keeps both reasons: the hold as history once lifted or paid.
  const { rows } = await sheetCells(`/api/v1/contracts/${k}/payments?format=xlsx`);
  const head = rows.findIndex((c) => c[0]?.v === '期次');
  assert.equal(rows[head][8].v, '特批或暂缓理由');
  const reasonOf = (seq) => rows.find((c) => c[0]?.v === String(seq))?.find((c, i) => i > 0 && /暂缓|特批|整改/.test(String(c.v)))?.v;
  assert.equal(reasonOf(1), `曾暂缓：${hold}`);
  assert.equal(reasonOf(2), '特批：整改后经局务会研究同意拨付；曾暂缓：中期评估前暂缓');
  // Paid on 2026-06-10, due by 2026-01-26: the sheet keeps it was late.
  assert.equal(rows[head][6].v, '状态');
  assert.equal(rows.find((c) => c[0]?.v === '1')[6].v, '已拨付（逾期135天）');
});

test('the payment schedule gives each installment\'s share of the contract as it stands, beside the plan\'s percent, and its amounts as numbers', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const k = await contract('YZ-SHARE-1', ids.org); // 1,000,000 元, 50 % / 30 % / 20 %
  const [p1] = (await call('POST', `/api/v1/contracts/${k}/payments`, {})).body.items;
  assert.equal((await call('POST', `/api/v1/payments/${p1.id}/pay`, { paid_on: '2026-01-20', version: p1.version })).status, 200);
  let items = (await call('GET', `/api/v1/contracts/${k}/payments`)).body.items;
  assert.deepEqual(items.map((p) => [p.percent, p.share_percent]), [[50, 50], [30, 30], [20, 20]]);
  // A supplementary agreement: 1,200,000.01 元; 500,000 paid, the rest shared by 30 : 20.
  const c = (await call('GET', `/api/v1/contracts/${k}`)).body;
  assert.equal((await call('PATCH', `/api/v1/contracts/${k}`, { amount_fen: 120000001, version: c.version })).status, 200);
  items = (await call('GET', `/api/v1/contracts/${k}/payments`)).body.items;
  assert.deepEqual(items.map((p) => [p.percent, p.share_percent, p.amount_fen]),
    [[50, 41.67, 50000000], [30, 35, 42000000], [20, 23.33, 28000001]]);
  const { rows, sheet } = await sheetCells(`/api/v1/contracts/${k}/payments?format=xlsx`);
  const head = rows.findIndex((r) => r[0]?.v === '期次');
  assert.deepEqual(rows[head].slice(0, 6).map((x) => x.v), ['期次', '占协议金额比例', '拨付条件', '条件达成日', '应付日期', '金额（元）']);
  const body = rows.slice(head + 1);
  assert.deepEqual(body.map((r) => r[1].v), ['41.67%（原定50%）', '35%（原定30%）', '23.33%（原定20%）']);
  const amounts = body.map((r) => r.find((x) => x.num));
  assert.deepEqual(amounts.map((x) => x.v), [500000, 420000, 280000.01]);
  assert.ok(amounts.every((x) => x.fmt === 2), 'the yuan format, 0.00, as the expenditures\' sheet has');
  assert.doesNotMatch(sheet, /<t[^>]*>'?\d+\.\d\d<\/t>/, 'no amount as text');
});

test('the fund-use statement writes amounts as numbers; a negative balance is a number, not text with an apostrophe', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const day = '2026-05-19';
  const e = await call('POST', '/api/v1/expenditures', { contract_id: ids.contract, spent_on: day, category: 'office', amount_fen: 10883370 });
  assert.equal(e.status, 201, e.text);
  const q = `from=${day}&to=${day}`;
  const json = (await call('GET', `/api/v1/fund_use?${q}`)).body;
  assert.ok(json.balance_fen <= -10883370, JSON.stringify(json));
  const { rows, sheet } = await sheetCells(`/api/v1/fund_use?format=xlsx&${q}`);
  const balance = rows.find((r) => r[1]?.v === '结余');
  assert.equal(balance[2].num, true, 'a number cell');
  assert.equal(balance[2].v, json.balance_fen / 100);
  assert.equal(balance[2].fmt, 2);
  const spent = rows.find((r) => r[1]?.v === '支出合计');
  assert.deepEqual([spent[2].num, spent[2].v], [true, json.spent_fen / 100]);
  assert.doesNotMatch(sheet, /'-/, 'no apostrophe');
  assert.equal((await call('DELETE', `/api/v1/expenditures/${e.body.id}`, undefined, undefined, { 'if-match': `"${e.body.version}"` })).status, 200);
});

test('a budget line\'s audit rows record a spending left empty as null, not 0', async () => {
  const r = await call('POST', '/api/v1/budget_lines', { ...LINE, source: 'social_funds', title: '社会资金(支出未填)', budget_fen: 100000 });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.spent_fen, null);
  let d = await auditOf('budget_line.create', r.body.id);
  assert.ok(d && 'spent_fen' in d.after, JSON.stringify(d));
  assert.equal(d.after.spent_fen, null);
  const up = await call('PATCH', `/api/v1/budget_lines/${r.body.id}`, { spent_fen: 500, version: r.body.version });
  assert.equal(up.status, 200, up.text);
  assert.deepEqual(await auditOf('budget_line.update', r.body.id).then((x) => [x.before.spent_fen, x.after.spent_fen]), [null, 500]);
  const back = await call('PATCH', `/api/v1/budget_lines/${r.body.id}`, { spent_fen: null, version: up.body.version });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.body.spent_fen, null);
  d = (await call('GET', `/api/v1/audit?action=budget_line.update&limit=200`, undefined, as.aud3)).body.items
    .filter((a) => String(a.entity_id) === String(r.body.id)).map((a) => (typeof a.detail === 'string' ? JSON.parse(a.detail) : a.detail));
  assert.deepEqual(d.map((x) => x.after.spent_fen).sort(), [500, null].sort());
});

test('an unknown expenditure category or fund source in a query is named as such, in the list and its export', async () => {
  for (const path of ['/api/v1/expenditures?category=bogus', '/api/v1/expenditures.xlsx?category=bogus']) {
    const r = await call('GET', path);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.field, 'category');
    assert.equal(r.body.error.message, '查询参数支出类别的取值无效');
  }
  const s = await call('GET', '/api/v1/budget_lines?source=bogus');
  assert.equal(s.status, 400, s.text);
  assert.equal(s.body.error.message, '查询参数资金来源的取值无效');
});

test('money.vouchers_missing: an expenditure past money.voucher_days without a voucher is a finding, until its voucher comes', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const k = await contract('YZ-2026-VCH', ids.org);
  const spent = async (day, amount) => {
    const r = await call('POST', '/api/v1/expenditures', { contract_id: k, spent_on: day, category: 'office', amount_fen: amount, payee: '文具店' });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  };
  const old = await spent('2026-04-01', 12345);
  await spent('2026-06-10', 500); // within the 30 days: not yet
  const mine = async () => (await call('GET', '/api/v1/compliance?rule=money.vouchers_missing&limit=200')).body.items
    .filter((f) => f.entity === 'contract' && f.entity_id === k);
  let f = await mine();
  assert.equal(f.length, 1, JSON.stringify(f));
  assert.equal(f[0].severity, 'warning');
  assert.equal(f[0].message, '1笔支出(合计123.45元，最早2026-04-01)已超过30天仍未上传原始凭证');
  // A longer allowance, a setting: none is late yet.
  const set = (value) => api(srv.base, 'PUT', '/api/v1/settings/money.voucher_days', { value });
  assert.equal((await set(90)).status, 200);
  try {
    assert.equal((await mine()).length, 0);
  } finally {
    assert.equal((await set(30)).status, 200);
  }
  // Its voucher uploaded: no finding.
  const v = await call('POST', `/api/v1/expenditures/${old}/vouchers?name=${encodeURIComponent('发票.jpg')}`,
    new Uint8Array(JPEG), undefined, { 'content-type': 'application/octet-stream' });
  assert.equal(v.status, 201, v.text);
  f = await mine();
  assert.equal(f.length, 0, JSON.stringify(f));
});

// 篇3 has the organisation send 原州区 a 终期工作报告 where 篇2 and 篇4
// say 末期工作报告: the profile's word (reports.final.label) is the one
// every answer gives.
test('原州 names the final report 终期工作报告: the types, the report, its .xlsx and a second one\'s 409', async (t) => {
  if (!hasContracts) { t.skip('POST /api/v1/contracts is not routed yet'); return; }
  const types = (await call('GET', '/api/v1/report_types')).body.items;
  assert.equal(types.find((x) => x.code === 'final').label, '终期工作报告');
  assert.equal(types.find((x) => x.code === 'midterm').label, '中期工作报告');
  const en = (await call('GET', '/api/v1/report_types', undefined, undefined, { 'accept-language': 'en' })).body.items;
  assert.equal(en.find((x) => x.code === 'final').label, 'Final report');
  const u = sgz(['user', 'add', 'yzorg', '--roles', 'org_admin', '--range', 'self', '--org', String(ids.org), '--password-stdin'],
    srv.env, TEST_PASSWORD + '\n');
  assert.equal(u.status, 0, u.stderr);
  as.yzorg = await session(srv.base, 'yzorg');
  const body = { type: 'final', contract_id: ids.contract, period_from: '2026-01', period_to: '2026-05' };
  const r = await call('POST', '/api/v1/reports', body, as.yzorg);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.type_label, '终期工作报告');
  const x = await call('GET', `/api/v1/reports/${r.body.id}.xlsx`, undefined, as.yzorg);
  assert.equal(x.status, 200);
  assert.match(decodeURIComponent(x.headers.get('content-disposition')), /终期工作报告/);
  const again = await call('POST', '/api/v1/reports', body, as.yzorg);
  assert.equal(again.status, 409, again.text);
  assert.match(again.body.error.message, /^终期工作报告：该服务协议已有此类报告/);
});
