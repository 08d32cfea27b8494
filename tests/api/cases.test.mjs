// 个案: a case from intake to closure — no stage skipped, the plan and
// the closure approved by a supervisor of the station who is not the
// case's worker, transfers the receiver accepts or declines, referrals,
// reopening, follow-up visits, and every step audited.
// The server's clock is fixed at 2026-06-15T10:00+08:00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session } from './lib.mjs';

let srv;
const as = {};
const ids = {};
function idn(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, ch, i) => a + Number(ch) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'w2b', 'social_worker', 'stations:2');
  addUser(srv, 'w3', 'social_worker', 'stations:3');
  addUser(srv, 'sup2', 'supervisor', 'stations:2');
  addUser(srv, 'sup3', 'supervisor', 'stations:3');
  addUser(srv, 'aud', 'auditor', 'all');
  for (const u of ['w2', 'w2b', 'w3', 'sup2', 'sup3', 'aud']) as[u] = await session(srv.base, u);
  const users = await api(srv.base, 'GET', '/api/v1/users?limit=200');
  for (const u of users.body.items) ids[u.username] = u.id;
  for (const [key, name, first] of [['a', '周阿姨', '43022319550505002'], ['b', '吴大伯', '43022319520606003'],
    ['c', '郑奶奶', '43022319480707004'], ['d', '冯爷爷', '43022319400808005']]) {
    const c = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name, id_number: idn(first) });
    assert.equal(c.status, 201, c.text);
    ids[key] = c.body.id;
  }
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const call = (method, path, body, auth) => api(srv.base, method, path, body, {}, auth);
const step = (id, what, body, auth = as.w2) => call('POST', `/api/v1/cases/${id}/${what}`, body, auth);
const get = (id, auth = as.w2) => call('GET', `/api/v1/cases/${id}`, undefined, auth);
const ASSESS = { needs: [{ domain: 'health', description: '慢性病无人照料', level: 'high' }], summary: '独居，需要照料', risk_level: 'high' };
const PLAN = { goals: [
  { goal: '链接居家照护服务', tasks: [{ task: '联系居家养老服务中心', due_on: '2026-07-01' }] },
  { goal: '改善情绪', tasks: [] }] };
const EVAL = { goals: [{ goal: 0, attainment: 'achieved' }, { goal: 1, attainment: 'partly', note: '仍偶有低落' }], summary: '目标基本达成' };

async function openCase(client, auth = as.w2, extra = {}) {
  const r = await call('POST', '/api/v1/cases', { client_id: client, source: 'visit', problem: '独居老人，生活难以自理', opened_on: '2026-06-10', ...extra }, auth);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('a case goes from intake to closure, a supervisor approving the plan and the closure', async () => {
  let k = await openCase(ids.a);
  assert.equal(k.stage, 'intake');
  assert.equal(k.worker_id, ids.w2);
  assert.equal(k.due_on, '2026-06-17', 'the assessment is due 7 days after intake (profile)');
  // No stage can be skipped.
  for (const [what, body] of [['plan', PLAN], ['evaluation', EVAL], ['closure', { reason: 'goals_met', summary: '结案' }]]) {
    const r = await step(k.id, what, { ...body, version: k.version });
    assert.equal(r.status, 409, `${what}: ${r.text}`);
    assert.equal(r.body.error.code, 'invalid_stage');
    assert.match(r.body.error.message, /接案/);
  }
  let r = await step(k.id, 'assessment', { ...ASSESS, version: k.version });
  assert.equal(r.status, 200, r.text);
  k = r.body;
  assert.equal(k.stage, 'assessment');
  assert.equal(k.due_on, '2026-06-29', 'the plan is due 14 days after the assessment');
  assert.equal(k.assessment.needs[0].domain, 'health');
  r = await step(k.id, 'plan', { ...PLAN, review_on: '2026-06-01', version: k.version });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'review_on');
  assert.equal(r.body.error.message, '计划回顾日期不能早于今天');
  // 2099 is a typo: a case reviewed then would never be overdue.
  r = await step(k.id, 'plan', { ...PLAN, review_on: '2099-06-30', version: k.version });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'review_on');
  assert.equal(r.body.error.message, '计划回顾日期不能晚于一年之后，请核对年份');
  r = await step(k.id, 'plan', { goals: [{ goal: '链接', tasks: [{ task: '联系', due_on: '2027-06-16' }] }], version: k.version });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'goals[0].tasks[0].due_on');
  r = await step(k.id, 'plan', { ...PLAN, version: k.version });
  assert.equal(r.status, 200, r.text);
  k = r.body;
  assert.equal(k.stage, 'planning');
  assert.equal(k.pending, 'plan');
  assert.equal(k.review_on, '2026-09-13', 'reviewed 90 days on unless the plan says');
  // While the plan waits, nothing else moves.
  r = await step(k.id, 'plan', { ...PLAN, version: k.version });
  assert.equal(r.status, 409);
  r = await step(k.id, 'evaluation', { ...EVAL, version: k.version });
  assert.equal(r.status, 409);
  // The supervisor's inbox lists it.
  const inbox = await call('GET', '/api/v1/cases?pending=1', undefined, as.sup2);
  assert.ok(inbox.body.items.some((x) => x.id === k.id));
  // A worker cannot approve; a supervisor of another station cannot see it.
  r = await step(k.id, 'decision', { decision: 'approve', version: k.version }, as.w2);
  assert.equal(r.status, 403);
  r = await step(k.id, 'decision', { decision: 'approve', version: k.version }, as.sup3);
  assert.equal(r.status, 404);
  // Returned with comments, fixed, approved.
  r = await step(k.id, 'decision', { decision: 'return', version: k.version }, as.sup2);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'comment');
  r = await step(k.id, 'decision', { decision: 'return', comment: '请补充情绪支持的具体任务', version: k.version }, as.sup2);
  assert.equal(r.status, 200, r.text);
  k = r.body;
  assert.equal(k.pending, null);
  assert.equal(k.stage, 'planning');
  // Returned, the plan is the worker's to do again, due when it was.
  assert.equal(k.due_on, '2026-06-29');
  const todo = async () => (await call('GET', '/api/v1/tasks', undefined, as.w2)).body.items.filter((t) => t.case_id === k.id);
  assert.deepEqual((await todo()).map((t) => `${t.kind}:${t.due_on}`), ['case_plan:2026-06-29']);
  const plan2 = structuredClone(PLAN);
  plan2.goals[1].tasks.push({ task: '每周电话关怀', due_on: '2026-08-01' });
  r = await step(k.id, 'plan', { ...plan2, version: k.version });
  assert.equal(r.status, 200, r.text);
  r = await step(k.id, 'decision', { decision: 'approve', comment: '同意', version: r.body.version }, as.sup2);
  assert.equal(r.status, 200, r.text);
  k = r.body;
  assert.equal(k.stage, 'intervention');
  assert.equal(k.plan_approved_by, ids.sup2);
  // 介入: each process note is a service record of the case, after it
  // was opened (10 June) and not before its plan was approved (today:
  // case_rules.test.mjs has the day before).
  const early = await call('POST', '/api/v1/services', {
    station_id: 2, type: 'casework', case_id: k.id, clients: [ids.a], started_at: '2026-06-09T14:00', ended_at: '2026-06-09T15:00',
    area: 'elderly_care', content: '接案前的记录' }, as.w2);
  assert.equal(early.status, 400, early.text);
  assert.equal(early.body.error.field, 'started_at');
  assert.equal(early.body.error.message, '开始时间不能早于个案的接案日期（2026-06-10）');
  const note = await call('POST', '/api/v1/services', {
    station_id: 2, type: 'casework', case_id: k.id, clients: [ids.a], started_at: '2026-06-15T08:00', ended_at: '2026-06-15T09:00',
    area: 'elderly_care', content: '上门评估照护需求，联系服务中心' }, as.w2);
  assert.equal(note.status, 201, note.text);
  const notes = await call('GET', `/api/v1/services?case_id=${k.id}`, undefined, as.w2);
  assert.equal(notes.body.total, 1);
  // Read by the case's own index, within the reader's range.
  assert.deepEqual((await call('GET', `/api/v1/services?case_id=${k.id}`)).body.items.map((v) => v.id), [note.body.id]);
  const other = await call('GET', `/api/v1/services?case_id=${k.id}`, undefined, as.w3);
  assert.equal(other.status, 200, other.text);
  assert.deepEqual([other.body.total, other.body.items], [0, []]);
  // The case says how many and how long, for the supervisor deciding its closure.
  assert.deepEqual(((b) => [b.services, b.service_minutes])((await get(k.id)).body), [1, 60]);
  // 评估: every goal once.
  r = await step(k.id, 'evaluation', { goals: [{ goal: 0, attainment: 'achieved' }], summary: 'x', version: k.version });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'goals');
  r = await step(k.id, 'evaluation', { goals: [{ goal: 0, attainment: 'achieved' }, { goal: 0, attainment: 'partly' }], summary: 'x', version: k.version });
  assert.equal(r.status, 400);
  r = await step(k.id, 'evaluation', { ...EVAL, version: k.version });
  assert.equal(r.status, 200, r.text);
  k = r.body;
  assert.equal(k.stage, 'evaluation');
  // Evaluated, the closure is hers to submit.
  assert.deepEqual((await todo()).map((t) => `${t.kind}:${t.due_on}`), ['case_closure:2026-06-15']);
  assert.equal((await get(k.id)).body.due_on, '2026-06-15', 'the case says what the task list says');
  // 结案: requested, not closed until approved.
  r = await step(k.id, 'closure', { reason: 'goals_met', summary: '照护服务已落实', version: k.version });
  assert.equal(r.status, 200, r.text);
  k = r.body;
  assert.equal(k.stage, 'evaluation');
  assert.equal(k.pending, 'closure');
  r = await step(k.id, 'reopen', { reason: 'x', version: k.version });
  assert.equal(r.status, 409, 'not closed yet');
  r = await step(k.id, 'decision', { decision: 'approve', version: k.version }, as.sup2);
  assert.equal(r.status, 200, r.text);
  k = r.body;
  assert.equal(k.stage, 'closed');
  assert.equal(k.closed_on, '2026-06-15');
  assert.equal(k.closure_approved_by, ids.sup2);
  assert.deepEqual(k.followups.map((f) => f.due_on), ['2026-07-15', '2026-09-13'], 'follow-ups 30 and 90 days after closure');
  // A visit before the closure is no follow-up: it would tick one off.
  const before = await call('POST', '/api/v1/services', {
    station_id: 2, type: 'home_visit', case_id: k.id, clients: [ids.a], started_at: '2026-06-12T08:00', ended_at: '2026-06-12T08:30',
    area: 'elderly_care', content: '结案前的走访', visit: { purpose: 'routine', met: '本人' } }, as.w2);
  assert.equal(before.status, 400, before.text);
  assert.equal(before.body.error.field, 'started_at');
  assert.match(before.body.error.message, /不能早于个案的结案日期（2026-06-15）/);
  assert.ok((await get(k.id)).body.followups.every((f) => !f.done_on), 'none ticked off');
  // A follow-up visit recorded on the closed case marks the first one done.
  const visit = await call('POST', '/api/v1/services', {
    station_id: 2, type: 'home_visit', case_id: k.id, clients: [ids.a], started_at: '2026-06-15T08:00', ended_at: '2026-06-15T08:30',
    area: 'elderly_care', content: '结案回访', visit: { purpose: 'routine', met: '本人' } }, as.w2);
  assert.equal(visit.status, 201, visit.text);
  k = (await get(k.id)).body;
  assert.equal(k.followups[0].done_on, '2026-06-15');
  assert.equal(k.followups[0].service_id, visit.body.id);
  assert.equal(k.followups[1].done_on, null);
  // Removed as entered by mistake: the follow-up it did is open again,
  // and the visit recorded anew does it.
  const gone = await api(srv.base, 'DELETE', `/api/v1/services/${visit.body.id}`, undefined, { 'if-match': '1' }, as.w2);
  assert.equal(gone.status, 200, gone.text);
  k = (await get(k.id)).body;
  assert.deepEqual(k.followups.map((f) => [f.done_on, f.service_id]), [[null, null], [null, null]]);
  const again = await call('POST', '/api/v1/services', {
    station_id: 2, type: 'home_visit', case_id: k.id, clients: [ids.a], started_at: '2026-06-15T08:00', ended_at: '2026-06-15T08:30',
    area: 'elderly_care', content: '结案回访', visit: { purpose: 'routine', met: '本人' } }, as.w2);
  assert.equal(again.status, 201, again.text);
  k = (await get(k.id)).body;
  assert.equal(k.followups[0].service_id, again.body.id);
  assert.equal(k.followups[1].done_on, null);
  // The story, step by step, and the audit log.
  assert.deepEqual(k.events.map((e) => e.kind), ['opened', 'assessment', 'plan_submitted', 'plan_returned',
    'plan_submitted', 'plan_approved', 'evaluation', 'closure_requested', 'closure_approved']);
  assert.equal(k.events[3].comment, '请补充情绪支持的具体任务');
  assert.equal(k.events[3].actor, 'sup2');
  const sup = (await api(srv.base, 'GET', '/api/v1/users?q=sup2')).body.items.find((u) => u.username === 'sup2');
  const renamed = await api(srv.base, 'PATCH', `/api/v1/users/${sup.id}`, { display_name: '欧阳督导', version: sup.version });
  assert.equal(renamed.status, 200, renamed.text);
  assert.equal((await get(k.id)).body.events[3].actor_name, '欧阳督导', 'the page names the person, not the login');
  const audit = await call('GET', `/api/v1/audit?entity=case&entity_id=${k.id}&limit=50`, undefined, as.aud);
  assert.equal(audit.status, 200, audit.text);
  assert.equal(audit.body.items.length, 9);
  assert.ok(!audit.text.includes('照护服务已落实'), 'free text stays out of the audit log');
});

test('a case note needs a case in service, of its client', async () => {
  const k = await openCase(ids.b);
  const base = { station_id: 2, type: 'casework', clients: [ids.b], started_at: '2026-06-14T14:00', ended_at: '2026-06-14T15:00', area: 'elderly_care', content: '个案记录' };
  let r = await call('POST', '/api/v1/services', base, as.w2);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'case_id');
  r = await call('POST', '/api/v1/services', { ...base, case_id: k.id }, as.w2);
  assert.equal(r.status, 409, 'not in intervention yet');
  assert.equal(r.body.error.field, 'case_id');
  r = await call('POST', '/api/v1/services', { ...base, case_id: 999999 }, as.w2);
  assert.equal(r.status, 400);
});

test('a supervisor cannot approve a case of their own; a plan nobody else could approve is not sent', async () => {
  let k = await openCase(ids.c, as.sup2);
  assert.equal(k.worker_id, ids.sup2);
  k = (await step(k.id, 'assessment', { ...ASSESS, version: k.version }, as.sup2)).body;
  // She is her station's only supervisor: the plan would wait for nobody,
  // and the case with it.
  const alone = await step(k.id, 'plan', { ...PLAN, version: k.version }, as.sup2);
  assert.equal(alone.status, 409, alone.text);
  assert.match(alone.body.error.message, /没有能审批的督导/);
  addUser(srv, 'sup2c', 'supervisor', 'stations:2');
  k = (await step(k.id, 'plan', { ...PLAN, version: k.version }, as.sup2)).body;
  const r = await step(k.id, 'decision', { decision: 'approve', version: k.version }, as.sup2);
  assert.equal(r.status, 403);
  assert.match(r.body.error.message, /自己/);
});

test('one open case per client; a stale version is refused; reopening needs the case closed', async () => {
  const r = await call('POST', '/api/v1/cases', { client_id: ids.b, source: 'walk_in', problem: '又来求助', opened_on: '2026-06-14' }, as.w2);
  assert.equal(r.status, 409);
  assert.ok(r.body.error.existing_id > 0);
  const open = (await call('GET', `/api/v1/cases?client_id=${ids.b}&stage=open`, undefined, as.w2)).body.items[0];
  const stale = await step(open.id, 'assessment', { ...ASSESS, version: open.version + 5 });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'version_conflict');
  const bad = [
    [{ client_id: ids.d, source: 'gossip', problem: 'x', opened_on: '2026-06-10' }, 'source'],
    [{ client_id: ids.d, source: 'visit', problem: '', opened_on: '2026-06-10' }, 'problem'],
    [{ client_id: ids.d, source: 'visit', problem: 'x', opened_on: '2026-06-16' }, 'opened_on'],
    [{ client_id: ids.d, source: 'visit', problem: 'x', opened_on: '2026-06-10', worker_id: ids.w3 }, 'worker_id'],
  ];
  for (const [body, field] of bad) {
    const x = await call('POST', '/api/v1/cases', body, as.w2);
    assert.equal(x.status, 400, `${field}: ${x.text}`);
    assert.equal(x.body.error.field, field);
  }
  const w3 = await call('POST', '/api/v1/cases', { client_id: ids.d, source: 'visit', problem: 'x', opened_on: '2026-06-10' }, as.w3);
  assert.equal(w3.status, 400, 'a client of another station');
  assert.equal(w3.body.error.field, 'client_id');
});

test('a transfer waits for its receiver, who accepts or declines', async () => {
  let k = await openCase(ids.d);
  let r = await step(k.id, 'transfer', { to_worker_id: ids.w2b, note: '本人休产假', version: k.version });
  assert.equal(r.status, 200, r.text);
  k = r.body;
  assert.equal(k.transfer.to_worker_id, ids.w2b);
  assert.equal(k.transfer.to_worker_name, 'w2b');
  assert.match(k.transfer.to_station_name, /社会工作服务站/);
  r = await step(k.id, 'assessment', { ...ASSESS, version: k.version });
  assert.equal(r.status, 409, 'nothing moves while a transfer waits');
  r = await step(k.id, 'transfer/answer', { decision: 'accept', version: k.version }, as.w2);
  assert.equal(r.status, 403, 'only the receiver answers');
  r = await step(k.id, 'transfer/answer', { decision: 'decline', comment: '工作量已满', version: k.version }, as.w2b);
  assert.equal(r.status, 200, r.text);
  k = r.body;
  assert.equal(k.worker_id, ids.w2);
  assert.equal(k.transfer, null);
  // To another station: w2 reads only station 2, but is offered the
  // city's stations and the workers who may take the case at the one she
  // picks (names only), as the dialog shows them.
  const targets = (q = '') => call('GET', `/api/v1/cases/${k.id}/transfer_targets${q}`, undefined, as.w2);
  const st = await targets();
  assert.equal(st.status, 200, st.text);
  assert.ok(st.body.stations.some((x) => x.id === 3) && st.body.stations.some((x) => x.id === 2), st.text);
  assert.ok(st.body.stations.every((x) => x.region_code.startsWith('4302')), 'the case\'s city only');
  const there = await targets('?station_id=3');
  assert.equal(there.status, 200, there.text);
  assert.ok(there.body.workers.some((x) => x.id === ids.w3 && x.name === 'w3'), there.text);
  assert.ok(!there.body.workers.some((x) => x.id === ids.w2b), 'a station-2 worker does not serve station 3');
  assert.deepEqual(Object.keys(there.body.workers[0]).sort(), ['id', 'name']);
  assert.equal((await targets('?station_id=999999')).status, 404);
  assert.equal((await call('GET', `/api/v1/cases/${k.id}/transfer_targets`, undefined, as.w3)).status, 404, 'not her case');
  r = await step(k.id, 'transfer', { to_worker_id: ids.w3, to_station_id: 3, note: '服务对象搬到江桥街道', version: k.version });
  assert.equal(r.status, 200, r.text);
  const seen = await get(k.id, as.w3);
  assert.equal(seen.status, 200, 'the receiver sees the case offered');
  r = await step(k.id, 'transfer/answer', { decision: 'accept', version: r.body.version }, as.w3);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.station_id, 3);
  assert.equal(r.body.worker_id, ids.w3);
  assert.equal((await get(k.id, as.w2)).status, 404, 'the old station no longer sees it');
  const client = await call('GET', `/api/v1/clients/${ids.d}`, undefined, as.w3);
  assert.equal(client.status, 200);
  assert.equal(client.body.station_id, 3);
  r = await step(k.id, 'transfer', { to_worker_id: ids.w2b, note: 'x', version: r.body.version }, as.w3);
  assert.equal(r.status, 400, 'w2b does not work at station 3');
  assert.equal(r.body.error.field, 'to_worker_id');
  r = await step(k.id, 'transfer', { to_worker_id: ids.w2b, to_station_id: 2, note: 'x', version: (await get(k.id, as.w3)).body.version }, as.w3);
  assert.equal(r.status, 200, 'a station-3 worker may offer it back to station 2');
  r = await step(k.id, 'transfer', { to_worker_id: 999999, note: 'x', version: r.body.version }, as.w3);
  assert.equal(r.status, 409, 'one transfer at a time');
});

test('a transfer waiting can be withdrawn by its sender or by a supervisor or lead of the station, never by anyone else', async () => {
  addUser(srv, 'w2c', 'social_worker', 'stations:2');
  addUser(srv, 'lead2', 'station_lead', 'stations:2');
  for (const u of ['w2c', 'lead2']) as[u] = await session(srv.base, u);
  const users = await api(srv.base, 'GET', '/api/v1/users?limit=200');
  for (const u of users.body.items) ids[u.username] = u.id;
  const c = await client('撤回甲', { worker_id: ids.w2 });
  let k = await openCase(c);
  let r = await step(k.id, 'transfer/withdraw', { version: k.version });
  assert.equal(r.status, 409, 'nothing to withdraw');
  assert.equal(r.body.error.message, '该个案没有待处理的移交');
  // 赵勇 offers the case to the wrong worker: nothing moves meanwhile.
  r = await step(k.id, 'transfer', { to_worker_id: ids.w2b, note: '本人调岗', version: k.version });
  assert.equal(r.status, 200, r.text);
  k = r.body;
  r = await step(k.id, 'assessment', { ...ASSESS, version: k.version });
  assert.equal(r.status, 409, 'frozen while the transfer waits');
  for (const who of ['w2c', 'w2b']) {
    r = await step(k.id, 'transfer/withdraw', { version: k.version }, as[who]);
    assert.equal(r.status, 403, `${who}: ${r.text}`);
    assert.equal(r.body.error.code, 'forbidden');
    assert.match(r.body.error.message, /撤回移交/);
  }
  r = await step(k.id, 'transfer/withdraw', { version: k.version - 1 });
  assert.equal(r.status, 409, 'an old version is refused');
  // The sender withdraws, with a reason: the case is his again, as a decline leaves it.
  r = await step(k.id, 'transfer/withdraw', { comment: '接收人选错了', version: k.version });
  assert.equal(r.status, 200, r.text);
  k = r.body;
  assert.equal(k.transfer, null);
  assert.equal(k.worker_id, ids.w2);
  assert.equal(k.station_id, 2);
  const ev = k.events.at(-1);
  assert.equal(ev.kind, 'transfer_withdrawn');
  assert.equal(ev.comment, '接收人选错了');
  assert.equal(ev.actor, 'w2');
  const offered = await call('GET', '/api/v1/tasks', undefined, as.w2b);
  assert.ok(!offered.body.items.some((x) => x.kind === 'transfer' && x.case_id === k.id), 'no longer offered to w2b');
  r = await step(k.id, 'transfer/answer', { decision: 'accept', version: k.version }, as.w2b);
  assert.equal(r.status, 409, 'the receiver can no longer accept');
  r = await step(k.id, 'transfer/withdraw', { version: k.version });
  assert.equal(r.status, 409, 'withdrawn once');
  // The case moves again: his next step, and a transfer to someone else.
  r = await step(k.id, 'assessment', { ...ASSESS, version: k.version });
  assert.equal(r.status, 200, r.text);
  r = await step(k.id, 'transfer', { to_worker_id: ids.w2c, note: '改交w2c', version: r.body.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.transfer.to_worker_id, ids.w2c);
  // The station's supervisor withdraws for a receiver who is away (If-Match, no body version).
  r = await api(srv.base, 'POST', `/api/v1/cases/${k.id}/transfer/withdraw`, { comment: '接收人休假' },
    { 'if-match': `"${r.body.version}"` }, as.sup2);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.transfer, null);
  assert.equal(r.body.events.at(-1).actor, 'sup2');
  // And the station lead.
  r = await step(k.id, 'transfer', { to_worker_id: ids.w2b, note: '再次移交', version: r.body.version });
  assert.equal(r.status, 200, r.text);
  r = await step(k.id, 'transfer/withdraw', { version: r.body.version }, as.lead2);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.transfer, null);
  // A supervisor of another station does not reach the case.
  r = await step(k.id, 'transfer', { to_worker_id: ids.w2b, note: '三次移交', version: r.body.version });
  assert.equal(r.status, 200, r.text);
  const other = await step(k.id, 'transfer/withdraw', { version: r.body.version }, as.sup3);
  assert.equal(other.status, 404, other.text);
  r = await step(k.id, 'transfer/answer', { decision: 'accept', version: r.body.version }, as.w2b);
  assert.equal(r.status, 200, 'a transfer not withdrawn is still answered');
  assert.deepEqual(r.body.events.map((e) => e.kind), ['opened', 'transfer_requested', 'transfer_withdrawn', 'assessment',
    'transfer_requested', 'transfer_withdrawn', 'transfer_requested', 'transfer_withdrawn', 'transfer_requested', 'transfer_accepted']);
  // Audited like every step, without the free text; and named.
  const audit = await call('GET', `/api/v1/audit?entity=case&entity_id=${k.id}&action=case.transfer_withdrawn&limit=50`, undefined, as.aud);
  assert.equal(audit.status, 200, audit.text);
  assert.deepEqual(audit.body.items.map((x) => x.actor).sort(), ['lead2', 'sup2', 'w2']);
  for (const row of audit.body.items) {
    assert.equal(JSON.parse(row.detail).step, 'transfer_withdrawn');
    assert.equal(row.entity, 'case');
  }
  assert.ok(!audit.text.includes('接收人选错了'), 'free text stays out of the audit log');
  const dict = await call('GET', '/api/v1/dictionaries', undefined, as.w2);
  assert.ok(dict.text.includes('撤回移交'), 'the event is named');
});

test('referrals record the agency and later the outcome; a closed case reopens with a reason', async () => {
  const list = await call('GET', `/api/v1/cases?client_id=${ids.a}`, undefined, as.w2);
  let k = (await get(list.body.items[0].id)).body;
  assert.equal(k.stage, 'closed');
  let r = await step(k.id, 'referrals', { agency: '县残联', reason: '申请辅具', referred_on: '2026-06-14', version: k.version });
  assert.equal(r.status, 409, 'closed: reopen first');
  r = await step(k.id, 'reopen', { reason: '', version: k.version });
  assert.equal(r.status, 400);
  const june = async () => (await call('GET', '/api/v1/stats?from=2026-06&to=2026-06&station_id=2&measures=cases_closed,cases_active')).body.total;
  const before_ = await june();
  assert.ok(before_.cases_closed >= 1, JSON.stringify(before_));
  r = await step(k.id, 'reopen', { reason: '老人再次摔倒，需重新评估', version: k.version });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await june(), before_, 'reopening changes nothing of the month the case was closed in');
  k = r.body;
  assert.equal(k.stage, 'assessment');
  assert.equal(k.reopened, 1);
  assert.equal(k.closed_on, null);
  r = await step(k.id, 'referrals', { agency: '县残联', reason: '申请辅具', referred_on: '2026-06-16', version: k.version });
  assert.equal(r.status, 400, 'not in the future');
  r = await step(k.id, 'referrals', { agency: '县残联', reason: '申请辅具', referred_on: '2000-01-01', version: k.version });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.message, `转介日期不能早于个案的接案日期（${k.opened_on}）`);
  r = await step(k.id, 'referrals', { agency: '县残联', reason: '申请辅具', referred_on: '2026-06-14', version: k.version });
  assert.equal(r.status, 200, r.text);
  k = r.body;
  const ref = k.referrals[0];
  r = await step(k.id, `referrals/${ref.id}/outcome`, { outcome: '已配发轮椅', outcome_on: '2026-06-13', version: k.version });
  assert.equal(r.status, 400, 'before the referral');
  assert.equal(r.body.error.message, '结果日期不能早于转介日期（2026-06-14）');
  r = await step(k.id, `referrals/${ref.id}/outcome`, { outcome: '已配发轮椅', outcome_on: '2026-06-15', version: k.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.referrals[0].outcome, '已配发轮椅');
  assert.deepEqual(r.body.events.slice(-3).map((e) => e.kind), ['reopened', 'referred', 'referral_outcome']);
});

// Clients made for the tests below, at station 2 unless said, by admin.
async function client(name, extra = {}) {
  const r = await call('POST', '/api/v1/clients', { station_id: 2, name, sex: 'F', birth_date: '1950-03-03', ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

test('an accepted transfer hands the client over: her worker, her station, her history; the old station\'s household keeps her name only', async () => {
  const e = await client('移交甲', { worker_id: ids.w2 });
  const hh = await call('POST', '/api/v1/households', { station_id: 2, name: '移交户',
    members: [{ client_id: e, relation: 'head' }, { name: '移交乙', relation: 'spouse' }] });
  assert.equal(hh.status, 201, hh.text);
  let k = await openCase(e);
  // Within the station: the receiver becomes her 负责社工.
  let r = await step(k.id, 'transfer', { to_worker_id: ids.w2b, note: '调岗', version: k.version });
  r = await step(k.id, 'transfer/answer', { decision: 'accept', version: r.body.version }, as.w2b);
  assert.equal(r.status, 200, r.text);
  let c = (await call('GET', `/api/v1/clients/${e}`)).body;
  assert.equal(c.worker_id, ids.w2b, 'the client follows her case to its new worker');
  assert.equal(c.station_id, 2);
  assert.equal(c.household.id, hh.body.id, 'the same station: her household stays');
  // To another station: the household of station 2 keeps her as a name.
  r = await step(k.id, 'transfer', { to_worker_id: ids.w3, to_station_id: 3, note: '迁居', version: r.body.version }, as.w2b);
  r = await step(k.id, 'transfer/answer', { decision: 'accept', version: r.body.version }, as.w3);
  assert.equal(r.status, 200, r.text);
  c = (await call('GET', `/api/v1/clients/${e}`, undefined, as.w3)).body;
  assert.deepEqual([c.station_id, c.worker_id, c.household], [3, ids.w3, null]);
  const h = (await call('GET', `/api/v1/households/${hh.body.id}`)).body;
  assert.equal(h.members.length, 2, 'the family is still two people');
  assert.equal(h.members.find((m) => m.relation === 'head').client_id, null);
  assert.equal(h.members.find((m) => m.relation === 'head').name, '移交甲');
  assert.ok(h.version > hh.body.version);
  // Her own history says she moved, and from where.
  const hist = (await call('GET', `/api/v1/clients/${e}/history`, undefined, as.w3)).body;
  const moves = hist.items.filter((x) => x.action === 'client.move');
  assert.equal(moves.length, 2);
  assert.deepEqual([moves[0].detail.from_station_id, moves[0].detail.station_id, moves[0].detail.left_household_id],
    [2, 3, hh.body.id]);
  // The new worker records her casework once the case is in service.
  k = (await get(k.id, as.w3)).body;
  assert.equal(k.worker_id, ids.w3);
});

test('a supervisor who sent the plan in a worker\'s stead is not the one to approve it', async () => {
  addUser(srv, 'sup2b', 'supervisor', 'stations:2');
  as.sup2b = await session(srv.base, 'sup2b');
  const f = await client('代交甲');
  let k = await openCase(f);
  k = (await step(k.id, 'assessment', { ...ASSESS, version: k.version }, as.sup2)).body;
  let r = await step(k.id, 'plan', { ...PLAN, version: k.version }, as.sup2);
  assert.equal(r.status, 200, r.text);
  k = r.body;
  const users0 = (await api(srv.base, 'GET', '/api/v1/users?limit=200')).body.items;
  assert.equal(k.pending_by, users0.find((u) => u.username === 'sup2').id, 'the page knows who may not decide');
  r = await step(k.id, 'decision', { decision: 'approve', version: k.version }, as.sup2);
  assert.equal(r.status, 403);
  assert.match(r.body.error.message, /自己提交/);
  r = await step(k.id, 'decision', { decision: 'approve', version: k.version }, as.sup2b);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.pending_by, null, 'nothing pending, nobody to wait for');
  const users = await api(srv.base, 'GET', '/api/v1/users?limit=200');
  assert.equal(r.body.plan_approved_by, users.body.items.find((u) => u.username === 'sup2b').id);
});

test('no referral while a plan waits; a referral\'s outcome is written once', async () => {
  const g = await client('转介甲');
  let k = await openCase(g);
  k = (await step(k.id, 'assessment', { ...ASSESS, version: k.version })).body;
  k = (await step(k.id, 'plan', { ...PLAN, version: k.version })).body;
  const ref = { agency: '县医院', reason: '就医', referred_on: '2026-06-14' };
  let r = await step(k.id, 'referrals', { ...ref, version: k.version });
  assert.equal(r.status, 409, 'the plan waits for the supervisor');
  k = (await step(k.id, 'decision', { decision: 'approve', version: k.version }, as.sup2)).body;
  r = await step(k.id, 'referrals', { ...ref, version: k.version });
  assert.equal(r.status, 200, r.text);
  k = r.body;
  const id = k.referrals[0].id;
  r = await step(k.id, `referrals/${id}/outcome`, { outcome: '已住院', outcome_on: '2026-06-15', version: k.version });
  assert.equal(r.status, 200, r.text);
  r = await step(k.id, `referrals/${id}/outcome`, { outcome: '改为门诊', outcome_on: '2026-06-15', version: r.body.version });
  assert.equal(r.status, 409);
  assert.equal(r.body.error.field, 'outcome');
  assert.equal((await get(k.id)).body.referrals[0].outcome, '已住院');
});

test('a reopened case owes its plan from the day it reopened, and the old closure\'s follow-ups are gone', async () => {
  const list = await call('GET', `/api/v1/cases?client_id=${ids.a}`, undefined, as.w2);
  const k = (await get(list.body.items[0].id)).body;
  assert.equal(k.reopened, 1);
  assert.equal(k.due_on, '2026-06-29', 'reopened 2026-06-15, the plan due 14 days on');
  assert.deepEqual(k.followups.map((f) => f.due_on), ['2026-07-15'], 'the follow-up already done stays, the open one went');
  assert.ok(k.followups.every((f) => f.done_on));
});

test('a client who died or moved away gets no new case; a merge takes the merged record\'s cases', async () => {
  const dead = await client('故去甲');
  const up = await call('PATCH', `/api/v1/clients/${dead}`, { status: 'deceased', status_reason: '病故' }, undefined);
  assert.equal(up.status, 428, 'If-Match needed');
  const c = (await call('GET', `/api/v1/clients/${dead}`)).body;
  assert.equal((await api(srv.base, 'PATCH', `/api/v1/clients/${dead}`, { status: 'deceased', status_reason: '病故' },
    { 'if-match': String(c.version) })).status, 200);
  let r = await call('POST', '/api/v1/cases', { client_id: dead, source: 'visit', problem: 'x', opened_on: '2026-06-10' }, as.w2);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'client_id');
  assert.match(r.body.error.message, /故去甲.*死亡/);
  // Two records of one person, each with an open case: close one first.
  const m1 = await client('重复甲');
  const m2 = await client('重复甲');
  const m3 = await client('重复甲');
  const k1 = await openCase(m1);
  const k2 = await openCase(m2);
  r = await call('POST', `/api/v1/clients/${m1}/merge`, { into: m2 });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'into');
  assert.equal((await call('GET', `/api/v1/clients/${m1}`)).body.status, 'active', 'nothing merged');
  r = await call('POST', `/api/v1/clients/${m1}/merge`, { into: m3 });
  assert.equal(r.status, 200, r.text);
  const cases = (await call('GET', `/api/v1/cases?client_id=${m3}`)).body.items.map((x) => x.id);
  assert.deepEqual(cases, [k1.id], 'the survivor holds the case, and may not open a second');
  r = await call('POST', '/api/v1/cases', { client_id: m3, source: 'visit', problem: 'x', opened_on: '2026-06-10' }, as.w2);
  assert.equal(r.status, 409);
  assert.equal(r.body.error.existing_id, k1.id);
  assert.ok(k2.id);
  // An open case stays with its station: merged into a record at another
  // station, it is transferred there first.
  const here = await client('跨站甲');
  const there = await client('跨站甲', { station_id: 3 });
  const k3 = await openCase(here);
  r = await call('POST', `/api/v1/clients/${here}/merge`, { into: there });
  assert.equal(r.status, 409, r.text);
  assert.match(r.body.error.message, /移交/);
  assert.equal(r.body.error.existing_id, k3.id);
});

test('a supervisor who recorded the assessment or the evaluation does not approve what rests on it', async () => {
  addUser(srv, 'sup2w', 'supervisor', 'stations:2');
  as.sup2w = await session(srv.base, 'sup2w');
  const f = await client('督导代评');
  let k = await openCase(f);
  k = (await step(k.id, 'assessment', { ...ASSESS, version: k.version })).body;
  k = (await step(k.id, 'plan', { ...PLAN, version: k.version })).body;
  k = (await step(k.id, 'decision', { decision: 'approve', version: k.version }, as.sup2)).body;
  // sup2 records the evaluation herself; the worker asks to close.
  let r = await step(k.id, 'evaluation', { ...EVAL, version: k.version }, as.sup2);
  assert.equal(r.status, 200, r.text);
  r = await step(k.id, 'closure', { reason: 'goals_met', summary: '目标达成', version: r.body.version });
  assert.equal(r.status, 200, r.text);
  k = r.body;
  assert.deepEqual([k.services, k.service_minutes], [0, 0], 'what the closure rests on, for the inbox: nothing');
  assert.equal(k.pending_work_by, ids.sup2, 'the page knows who may not decide');
  r = await step(k.id, 'decision', { decision: 'approve', version: k.version }, as.sup2);
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.error.message, '该个案的评估由您本人记录，不能再由您审批：请由另一名督导审批');
  r = await step(k.id, 'decision', { decision: 'approve', version: k.version }, as.sup2w);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.stage, 'closed');

  // At station 3 its only supervisor recorded the assessment: the
  // worker's plan would wait for nobody, and is not sent.
  const c3 = await call('POST', '/api/v1/clients', { station_id: 3, name: '独督导站', sex: 'M', birth_date: '1949-04-04' });
  assert.equal(c3.status, 201, c3.text);
  k = await openCase(c3.body.id, as.w3);
  k = (await step(k.id, 'assessment', { ...ASSESS, version: k.version }, as.sup3)).body;
  r = await step(k.id, 'plan', { ...PLAN, version: k.version }, as.w3);
  assert.equal(r.status, 409, r.text);
  assert.match(r.body.error.message, /还没有能审批的督导账号/);
});
