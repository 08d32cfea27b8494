// 个案 rules a station's social worker asked for: a case whose client
// moved away, died, declined or cannot be reached is closed from the stage
// it is at (the supervisor still approves), leaving nothing in the task
// list; and a case's service record is not dated before the case entered
// intervention (the day its plan was approved).
// The server's clock is fixed at 2026-06-15T10:00+08:00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session } from './lib.mjs';

let srv;
const as = {};
const ids = {};

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'sup2', 'supervisor', 'stations:2');
  for (const u of ['w2', 'sup2']) as[u] = await session(srv.base, u);
  const users = await api(srv.base, 'GET', '/api/v1/users?limit=200');
  for (const u of users.body.items) ids[u.username] = u.id;
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const call = (method, path, body, auth) => api(srv.base, method, path, body, {}, auth);
const step = (k, what, body, auth = as.w2) => call('POST', `/api/v1/cases/${k.id}/${what}`, { ...body, version: k.version }, auth);
const ok = async (k, what, body, auth = as.w2) => {
  const r = await step(k, what, body, auth);
  assert.equal(r.status, 200, `${what}: ${r.text}`);
  return r.body;
};
const ASSESS = { needs: [{ domain: 'health', description: '慢性病无人照料', level: 'high' }], summary: '独居，需要照料', risk_level: 'high' };
const PLAN = { goals: [{ goal: '链接居家照护服务', tasks: [] }] };
const todo = async (k) => (await call('GET', '/api/v1/tasks', undefined, as.w2)).body.items.filter((t) => t.case_id === k.id);

async function openCase(name, openedOn = '2026-06-10') {
  const c = await call('POST', '/api/v1/clients', { station_id: 2, name, sex: 'F', birth_date: '1950-03-03' });
  assert.equal(c.status, 201, c.text);
  const r = await call('POST', '/api/v1/cases', { client_id: c.body.id, source: 'visit', problem: '独居老人，生活难以自理', opened_on: openedOn }, as.w2);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// Worked to the stage named, as a worker and her supervisor would.
async function caseAt(name, stage) {
  let k = await openCase(name);
  if (stage === 'intake') return k;
  k = await ok(k, 'assessment', ASSESS);
  if (stage === 'assessment') return k;
  k = await ok(k, 'plan', PLAN);
  if (stage === 'planning') return ok(k, 'decision', { decision: 'return', comment: '请补充目标' }, as.sup2);
  return ok(k, 'decision', { decision: 'approve', comment: '同意' }, as.sup2);
}

test('a client who moved, died, declined or cannot be reached: the case closes from its stage, once the supervisor approves', async () => {
  for (const [stage, reason] of [['intake', 'deceased'], ['assessment', 'moved'], ['planning', 'client_declined'],
    ['intervention', 'no_contact']]) {
    let k = await caseAt(`结案${reason}`, stage);
    assert.equal(k.stage, stage);
    assert.equal((await todo(k)).length, 1, `${stage}: its deadline is in the task list`);
    k = await ok(k, 'closure', { reason, summary: '服务对象情况变化，服务终止' });
    assert.deepEqual([k.stage, k.pending, k.closure_reason, k.due_on], [stage, 'closure', reason, null], 'asked, not closed');
    assert.deepEqual(await todo(k), [], `${stage}: nothing of the worker's while the supervisor decides`);
    const inbox = await call('GET', '/api/v1/cases?pending=1', undefined, as.sup2);
    assert.ok(inbox.body.items.some((x) => x.id === k.id), 'in the supervisor\'s inbox');
    // The worker does not approve her own; the supervisor does.
    const self = await step(k, 'decision', { decision: 'approve' }, as.w2);
    assert.equal(self.status, 403, self.text);
    k = await ok(k, 'decision', { decision: 'approve', comment: '同意结案' }, as.sup2);
    assert.deepEqual([k.stage, k.closed_on, k.closure_approved_by, k.due_on], ['closed', '2026-06-15', ids.sup2, null]);
    assert.deepEqual(k.followups, [], 'nobody to visit: no follow-ups');
    assert.deepEqual(await todo(k), [], `${stage}: the task list holds nothing of the closed case`);
    assert.deepEqual(k.events.slice(-2).map((e) => e.kind), ['closure_requested', 'closure_approved']);
  }
});

test('goals met, or any other reason, still closes only after the evaluation; a returned early closure gives the stage back', async () => {
  let k = await caseAt('结案次序', 'assessment');
  for (const reason of ['goals_met', 'referred', 'other']) {
    const r = await step(k, 'closure', { reason, summary: '结案' });
    assert.equal(r.status, 409, `${reason}: ${r.text}`);
    assert.equal(r.body.error.code, 'invalid_stage');
    assert.equal(r.body.error.field, 'reason');
    assert.equal(r.body.error.message,
      '个案当前处于“预估”阶段：以此原因结案须先完成评估；服务对象迁出、去世、不再接受服务或失去联系的，可在任一阶段申请结案');
  }
  k = await ok(k, 'closure', { reason: 'moved', summary: '迁往外省' });
  const wait = await step(k, 'plan', PLAN);
  assert.equal(wait.status, 409, 'nothing else moves while the closure waits');
  k = await ok(k, 'decision', { decision: 'return', comment: '请核实是否已迁出' }, as.sup2);
  // The request returned stays on the case, for the worker to correct
  // rather than write again; it is no closure: not in the ledger.
  assert.deepEqual([k.stage, k.pending, k.closure_reason, k.closure_summary, k.due_on], ['assessment', null, 'moved', '迁往外省', '2026-06-29']);
  const ledger = await call('POST', '/api/v1/case_exports', { format: 'csv', columns: ['id', 'closure_reason', 'closure_summary'] }, as.w2);
  assert.equal(ledger.status, 200, ledger.text);
  assert.ok(ledger.text.includes(`\r\n${k.id},,\r\n`), ledger.text);
  assert.deepEqual((await todo(k)).map((t) => `${t.kind}:${t.due_on}`), ['case_plan:2026-06-29'], 'the plan is hers again');
  // Closed, a case is reopened, not closed again.
  k = await ok(k, 'closure', { reason: 'moved', summary: '已核实迁出' });
  k = await ok(k, 'decision', { decision: 'approve' }, as.sup2);
  const again = await step(k, 'closure', { reason: 'deceased', summary: 'x' });
  assert.equal(again.status, 409, again.text);
  assert.equal(again.body.error.code, 'invalid_stage');
  assert.match(again.body.error.message, /结案/);
});

test('a case record is not dated before the case entered intervention, on entry nor when its date is changed', async () => {
  let k = await caseAt('介入日期', 'assessment');
  // Opened 10 June, its plan approved today (15 June).
  k = await ok(k, 'plan', PLAN);
  k = await ok(k, 'decision', { decision: 'approve' }, as.sup2);
  assert.equal(k.stage, 'intervention');
  const note = (day) => ({ station_id: 2, type: 'casework', case_id: k.id, clients: [k.client_id], started_at: `${day}T08:00`,
    ended_at: `${day}T09:00`, area: 'elderly_care', content: '个案过程记录' });
  const early = await call('POST', '/api/v1/services', note('2026-06-11'), as.w2);
  assert.equal(early.status, 400, early.text);
  assert.equal(early.body.error.field, 'started_at');
  assert.equal(early.body.error.message, '开始时间不能早于个案进入介入阶段的日期（2026-06-15，服务计划获批之日）');
  // Before intake, the intake date is what is said.
  const before_ = await call('POST', '/api/v1/services', note('2026-06-09'), as.w2);
  assert.equal(before_.status, 400, before_.text);
  assert.match(before_.body.error.message, /接案日期（2026-06-10）/);
  const good = await call('POST', '/api/v1/services', note('2026-06-15'), as.w2);
  assert.equal(good.status, 201, good.text);
  // Moved to a day before: refused alike; the record stays as it was.
  const moved = await call('PATCH', `/api/v1/services/${good.body.id}`,
    { started_at: '2026-06-12T08:00', ended_at: '2026-06-12T09:00', version: good.body.version }, as.w2);
  assert.equal(moved.status, 400, moved.text);
  assert.equal(moved.body.error.field, 'started_at');
  assert.match(moved.body.error.message, /介入阶段的日期（2026-06-15/);
  const same = await call('GET', `/api/v1/services/${good.body.id}`, undefined, as.w2);
  assert.equal(same.body.started_at.slice(0, 10), '2026-06-15');
  // Its text corrected, its day kept: accepted.
  const fixed = await call('PATCH', `/api/v1/services/${good.body.id}`, { content: '个案过程记录（补充）', version: good.body.version }, as.w2);
  assert.equal(fixed.status, 200, fixed.text);
});
