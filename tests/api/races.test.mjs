// Writes whose rule holds for one request at a time, sent at the same
// instant: a login with the old password while the password changes or is
// reset, two administrators each locking one of the last two holders of a
// role, two records merged into each other, a case opened on a record
// being merged, a closed case reopened while its client is merged, a
// household written with a member being merged, an assignment made while
// the worker leaves or her hiring date moves past it, the same filing or debarment recorded twice at once, a transfer withdrawn while its receiver accepts it or its client is merged, a child linked to a guardian being recorded as dead. Each round fires the pair together and then checks the
// rule still holds; a round may go either way, never both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { startServer, api, addUser, session, login, BIN, FIXED_NOW, TEST_PASSWORD, TEST_PASSWORD2 } from './lib.mjs';
import { idNumber } from './helpers_extra.mjs';

let srv;
const as = {};
const ROUNDS = 12;

before(async () => {
  srv = await startServer();
  addUser(srv, 'sa2', 'sysadmin', 'all');
  as.sa2 = await session(srv.base, 'sa2');
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  as.w2 = await session(srv.base, 'w2');
  addUser(srv, 'sup2', 'supervisor', 'stations:2');
  as.sup2 = await session(srv.base, 'sup2');
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const alive = async (l) => (await api(srv.base, 'GET', '/api/v1/session', undefined, {}, { cookie: l.cookie, csrf: l.csrf })).status === 200;

/** Logins with password, one every 10 ms while change() runs; the
 *  sessions that answered 200. */
async function loginsDuring(user, password, change) {
  const changed = change();
  const logins = [];
  for (let i = 0; i < 10; i++) {
    await new Promise((res) => setTimeout(res, 10));
    logins.push(login(srv.base, user, password));
  }
  const c = await changed;
  return { change: c, ok: (await Promise.all(logins)).filter((l) => l.status === 200) };
}

test('a login with the old password made while the password changes leaves no session behind', async () => {
  addUser(srv, 'victim', 'social_worker', 'stations:2');
  let password = TEST_PASSWORD2;
  const own = await session(srv.base, 'victim');
  for (let round = 0; round < 4; round++) {
    const fresh = `Fresh-Passw0rd-${round}`;
    const old = password;
    const { change, ok } = await loginsDuring('victim', old, () =>
      api(srv.base, 'POST', '/api/v1/session/password', { current_password: old, new_password: fresh }, {}, own));
    assert.equal(change.status, 200, change.text);
    password = fresh;
    for (const l of ok) assert.equal(await alive(l), false, `round ${round}: a session of the old password outlived the change`);
    assert.equal(await alive(own), true, 'the session that changed it goes on');
  }
});

test('a login with the old password made while an administrator resets it leaves no session behind', async () => {
  addUser(srv, 'victim2', 'social_worker', 'stations:2');
  const me = (await api(srv.base, 'GET', '/api/v1/users?q=victim2')).body.items[0];
  await session(srv.base, 'victim2');
  const { change, ok } = await loginsDuring('victim2', TEST_PASSWORD2, () =>
    api(srv.base, 'POST', `/api/v1/users/${me.id}/reset-password`, {}));
  assert.equal(change.status, 200, change.text);
  for (const l of ok) assert.equal(await alive(l), false, 'a session of the old password outlived the reset');
});

/** sgz's command line, not waiting for it: { status, stderr }. */
const cli = (args) => new Promise((resolve) => execFile(BIN, args, { env: { ...process.env, SGZ_NOW: FIXED_NOW, ...srv.env } },
  (err, stdout, stderr) => resolve({ status: err ? err.code : 0, stderr })));

// The security administrators' accounts are kept on the command line
// (三员分立: not the sysadmin's to lock on the web), by two operators at once.
test('two operators locking the last two security administrators at once leave one', async () => {
  const names = ['sec1', 'sec2'];
  for (const name of names) addUser(srv, name, 'security_admin', 'all');
  const active = async () => (await api(srv.base, 'GET', '/api/v1/users?role=security_admin&limit=100')).body.items
    .filter((u) => u.status === 'active').length;
  assert.equal(await active(), 2);
  for (let round = 0; round < ROUNDS; round++) {
    const [a, b] = await Promise.all(names.map((n) => cli(['user', 'lock', n])));
    assert.equal([a.status, b.status].filter((s) => s === 0).length, 1, `round ${round}: ${a.stderr} ${b.stderr}`);
    // The other is told why, not that the database was busy: the two lock
    // the administrators' rows in one order, and never wait on each other.
    assert.match(a.status ? a.stderr : b.stderr, /last active/, `round ${round}`);
    assert.equal(await active(), 1);
    assert.equal((await cli(['user', 'unlock', names[a.status === 0 ? 0 : 1]])).status, 0);
  }
});

// Without ID numbers: two records holding different ones are two people,
// and are not merged.
const client = async (name) => {
  const r = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name, sex: 'F', birth_date: '1950-01-01' }, {}, as.w2);
  assert.equal(r.status, 201, r.text);
  return r.body.id;
};
const statusOf = async (id) => (await api(srv.base, 'GET', `/api/v1/clients/${id}`)).body.status;

test('two duplicates merged into each other at once: one survives', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const [a, b] = [await client('张合一'), await client('张合一')];
    const [x, y] = await Promise.all([
      api(srv.base, 'POST', `/api/v1/clients/${a}/merge`, { into: b }),
      api(srv.base, 'POST', `/api/v1/clients/${b}/merge`, { into: a }, {}, as.sa2)]);
    assert.equal([x.status, y.status].filter((s) => s === 200).length, 1, `round ${round}: ${x.text} ${y.text}`);
    const states = [await statusOf(a), await statusOf(b)].sort();
    assert.deepEqual(states, ['active', 'merged'], `round ${round}`);
  }
});

test('a case opened while its client is merged lands on the survivor or is refused', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const [a, b] = [await client('李并案'), await client('李并案')];
    const [m, c] = await Promise.all([
      api(srv.base, 'POST', `/api/v1/clients/${a}/merge`, { into: b }),
      api(srv.base, 'POST', '/api/v1/cases', { client_id: a, source: 'visit', problem: '独居老人', opened_on: '2026-06-10' }, {}, as.w2)]);
    assert.equal(m.status, 200, m.text);
    if (c.status === 201) {
      const k = (await api(srv.base, 'GET', `/api/v1/cases/${c.body.id}`)).body;
      assert.equal(k.client_id, b, `round ${round}: the case stayed on the merged record`);
    } else {
      assert.equal(c.status, 400, c.text);
      assert.equal(c.body.error.field, 'client_id');
    }
  }
});

test('a household written while a member is merged holds the survivor or is refused, never the merged record', async () => {
  for (let round = 0; round < 8; round++) {
    const [a, b] = [await client('孙入户'), await client('孙入户')];
    // Even rounds make a household of her, odd ones add her to one.
    let write;
    if (round % 2 === 0) {
      write = () => api(srv.base, 'POST', '/api/v1/households',
        { station_id: 2, name: '孙家', members: [{ client_id: a, relation: 'head' }] }, {}, as.w2);
    } else {
      const head = await client('孙户主');
      const hh = await api(srv.base, 'POST', '/api/v1/households',
        { station_id: 2, name: '孙家', members: [{ client_id: head, relation: 'head' }] }, {}, as.w2);
      assert.equal(hh.status, 201, hh.text);
      write = () => api(srv.base, 'PATCH', `/api/v1/households/${hh.body.id}`,
        { members: [{ client_id: head, relation: 'head' }, { client_id: a, relation: 'spouse' }] },
        { 'if-match': String(hh.body.version) }, as.w2);
    }
    const [m, w] = await Promise.all([
      api(srv.base, 'POST', `/api/v1/clients/${a}/merge`, { into: b }),
      write()]);
    assert.equal(m.status, 200, `round ${round}: ${m.text}`);
    if (w.status === 200 || w.status === 201) {
      const ids = (await api(srv.base, 'GET', `/api/v1/households/${w.body.id}`)).body.members.map((x) => x.client_id);
      assert.ok(!ids.includes(a), `round ${round}: the household holds the merged record ${a}: ${ids}`);
      assert.ok(ids.includes(b), `round ${round}: the survivor ${b} took her place: ${ids}`);
    } else {
      assert.equal(w.status, 400, `round ${round}: ${w.text}`);
      assert.match(w.body.error.field, /^members\[\d\]\.client_id$/, w.text);
    }
  }
});

let employer;
/** A worker hired 2024-03-01, with no station yet. */
const worker = async (name) => {
  if (!employer) {
    const o = await api(srv.base, 'POST', '/api/v1/organisations', { name: '攸县离职社会工作服务中心', credit_code: '91350100M000100Y43' });
    assert.equal(o.status, 201, o.text);
    employer = o.body.id;
  }
  const c = await api(srv.base, 'POST', '/api/v1/staff', { name, role: 'resident', birth_date: '1995-04-12', sex: 'F',
    education: 'bachelor', hired_on: '2024-03-01', wage_fen: 260000, organisation_id: employer });
  assert.equal(c.status, 201, c.text);
  return c.body;
};

test('a worker assigned to a station while she leaves: the assignment is refused or ended with her leaving, never left open', async () => {
  // The assignment sent 0-3 ms after the leaving: checked before the
  // leaving committed and written after it is what went wrong, and a
  // request together with the other mostly finished before it began.
  for (let round = 0; round < 24; round++) {
    const s = await worker('吴离职');
    const [asg, left] = await Promise.all([
      new Promise((res) => setTimeout(res, round % 4)).then(() =>
        api(srv.base, 'POST', `/api/v1/staff/${s.id}/assignments`, { station_id: 2, from_on: '2026-06-01' }, {}, as.sa2)),
      api(srv.base, 'PATCH', `/api/v1/staff/${s.id}`, { status: 'left', left_on: '2026-06-10', left_reason: '离职', version: s.version })]);
    assert.equal(left.status, 200, `round ${round}: ${left.text}`);
    assert.equal((await api(srv.base, 'GET', `/api/v1/staff/${s.id}`)).body.status, 'left');
    const items = (await api(srv.base, 'GET', `/api/v1/staff/${s.id}/assignments`)).body.items;
    const open = items.filter((x) => !x.to_on || x.to_on > '2026-06-10');
    assert.deepEqual(open, [], `round ${round}: a worker who left holds an open assignment (assign ${asg.status})`);
    if (asg.status === 201) assert.equal(items.length, 1);
    else {
      assert.equal(asg.status, 409, `round ${round}: ${asg.text}`);
      assert.equal(items.length, 0);
    }
  }
});

test('a worker assigned to a station while her hiring date moves past its start: one of the two is refused', async () => {
  for (let round = 0; round < 16; round++) {
    const s = await worker('郑入职');
    const [asg, hire] = await Promise.all([
      new Promise((res) => setTimeout(res, round % 4)).then(() =>
        api(srv.base, 'POST', `/api/v1/staff/${s.id}/assignments`, { station_id: 2, from_on: '2026-06-01' }, {}, as.sa2)),
      api(srv.base, 'PATCH', `/api/v1/staff/${s.id}`, { hired_on: '2026-06-05', version: s.version })]);
    assert.equal([asg.status, hire.status].filter((x) => x < 300).length, 1, `round ${round}: ${asg.text} ${hire.text}`);
    const after = (await api(srv.base, 'GET', `/api/v1/staff/${s.id}`)).body;
    const items = (await api(srv.base, 'GET', `/api/v1/staff/${s.id}/assignments`)).body.items;
    assert.ok(items.every((x) => x.from_on >= after.hired_on), `round ${round}: hired ${after.hired_on}, assigned ${JSON.stringify(items)}`);
  }
});

test('a retry with the same Idempotency-Key at the same instant is told to wait or replayed, never that the result was lost', async () => {
  for (let round = 0; round < 6; round++) {
    const key = `same-instant-${round}-abcdef`;
    const body = { station_id: 2, name: '同键', id_number: idNumber(`43022319600101${200 + round}`) };
    const answers = await Promise.all(Array.from({ length: 8 }, () =>
      api(srv.base, 'POST', '/api/v1/clients', body, { 'idempotency-key': key }, as.w2)));
    const ids = new Set();
    for (const a of answers) {
      if (a.status === 201) ids.add(a.body.id);
      else {
        assert.equal(a.status, 409, a.text);
        assert.equal(a.body.error.code, 'idempotency_in_progress', a.text);
        assert.equal(a.headers.get('retry-after'), '1');
      }
    }
    assert.ok(ids.size <= 1, 'one client');
    const replay = await api(srv.base, 'POST', '/api/v1/clients', body, { 'idempotency-key': key }, as.w2);
    assert.equal(replay.status, 201, replay.text);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  }
});

/** A case of client, taken through to its approved closure. */
async function closedCase(clientId) {
  const call = (what, body, auth = as.w2) => api(srv.base, 'POST', `/api/v1/cases/${k.id}/${what}`, { ...body, version: k.version }, {}, auth);
  let r = await api(srv.base, 'POST', '/api/v1/cases', { client_id: clientId, source: 'visit', problem: '独居老人', opened_on: '2026-06-10' }, {}, as.w2);
  assert.equal(r.status, 201, r.text);
  let k = r.body;
  for (const [what, body, auth] of [
    ['assessment', { needs: [{ domain: 'health', description: '无人照料', level: 'high' }], summary: '独居', risk_level: 'high' }],
    ['plan', { goals: [{ goal: '按时服药', tasks: [{ task: '每周探访', due_on: '2026-06-30' }] }] }],
    ['decision', { decision: 'approve' }, as.sup2],
    ['evaluation', { goals: [{ goal: 0, attainment: 'achieved' }], summary: '达成' }],
    ['closure', { reason: 'goals_met', summary: '结案' }],
    ['decision', { decision: 'approve' }, as.sup2]]) {
    r = await call(what, body, auth);
    assert.equal(r.status, 200, `${what}: ${r.text}`);
    k = r.body;
  }
  assert.equal(k.stage, 'closed');
  return k;
}

test('a closed case reopened while its client is merged: the merge goes through, the reopen on the survivor or refused, neither busy', async () => {
  for (let round = 0; round < 8; round++) {
    const [a, b] = [await client('赵重开'), await client('赵重开')];
    const k = await closedCase(a);
    const [m, o] = await Promise.all([
      api(srv.base, 'POST', `/api/v1/clients/${a}/merge`, { into: b }),
      api(srv.base, 'POST', `/api/v1/cases/${k.id}/reopen`, { reason: '情况反复', version: k.version }, {}, as.w2)]);
    assert.equal(m.status, 200, `round ${round}: ${m.text}`);
    const after = (await api(srv.base, 'GET', `/api/v1/cases/${k.id}`)).body;
    assert.equal(after.client_id, b, `round ${round}: the case went with its client`);
    if (o.status === 200) assert.equal(after.stage, 'assessment');
    else {
      assert.equal(o.status, 400, `round ${round}: ${o.text}`);
      assert.equal(after.stage, 'closed');
    }
  }
});

test('the same yearly filing recorded by several requests at once is recorded once', async () => {
  for (let year = 2026; year < 2030; year++) {
    const answers = await Promise.all(Array.from({ length: 6 }, () =>
      api(srv.base, 'POST', '/api/v1/filings', { kind: 'county_plan', year })));
    const made = answers.filter((a) => a.status === 201);
    assert.equal(made.length, 1, answers.map((a) => a.text).join('\n'));
    for (const a of answers.filter((x) => x.status !== 201)) {
      assert.equal(a.status, 409, a.text);
      assert.equal(a.body.error.existing_id, made[0].body.id);
    }
    const list = (await api(srv.base, 'GET', `/api/v1/filings?kind=county_plan&year=${year}`)).body.items;
    assert.equal(list.length, 1, `${year}: ${JSON.stringify(list)}`);
  }
});

test('the same debarment recorded by several requests at once is recorded once', async () => {
  const org = await api(srv.base, 'POST', '/api/v1/organisations', { name: '攸县并发社会工作服务中心', credit_code: '91330100799655058B' });
  assert.equal(org.status, 201, org.text);
  for (let round = 0; round < 4; round++) {
    const from = `${2027 + round * 2}-01-01`;
    const answers = await Promise.all(Array.from({ length: 6 }, () =>
      api(srv.base, 'POST', '/api/v1/debarments', { organisation_id: org.body.id, starts_on: from, ends_on: `${2027 + round * 2}-12-31`, reason: '严重违约' })));
    const made = answers.filter((a) => a.status === 201);
    assert.equal(made.length, 1, answers.map((a) => a.text).join('\n'));
    for (const a of answers.filter((x) => x.status !== 201)) {
      assert.equal(a.status, 409, a.text);
      assert.equal(a.body.error.existing_id, made[0].body.id);
    }
  }
});

test('a service recorded while its client is merged lands on the survivor or is refused, never on the merged record', async () => {
  for (let round = 0; round < 10; round++) {
    const [a, b] = [await client('钱服务'), await client('钱服务')];
    const [m, s] = await Promise.all([
      api(srv.base, 'POST', `/api/v1/clients/${a}/merge`, { into: b }),
      api(srv.base, 'POST', '/api/v1/services', { station_id: 2, type: 'consultation', started_at: '2026-06-14T09:00', ended_at: '2026-06-14T09:30',
        area: 'social_assistance', content: '咨询低保申请流程', clients: [a] }, {}, as.w2)]);
    assert.equal(m.status, 200, m.text);
    if (s.status === 201) {
      const v = (await api(srv.base, 'GET', `/api/v1/services/${s.body.id}`)).body;
      assert.deepEqual(v.clients.map((c) => c.id), [b], `round ${round}: the record stayed on the merged client`);
    } else {
      assert.equal(s.status, 400, s.text);
      assert.equal(s.body.error.field, 'clients[0]');
    }
  }
});

test('a group session recorded while its group closes: one or the other, never a session after the close', async () => {
  for (let round = 0; round < 8; round++) {
    const a = await client('孙小组');
    const g = await api(srv.base, 'POST', '/api/v1/groups', { station_id: 2, name: `竞态小组${round}`, area: 'elderly_care', target: '独居老人',
      goals: '互助', planned_sessions: 6, starts_on: '2026-06-01', members: [a] }, {}, as.w2);
    assert.equal(g.status, 201, g.text);
    const [c, s] = await Promise.all([
      api(srv.base, 'POST', `/api/v1/groups/${g.body.id}/close`, { attainment: 'partly', evaluation: '完成', closed_on: '2026-06-13', version: g.body.version }, {}, as.w2),
      api(srv.base, 'POST', '/api/v1/services', { station_id: 2, type: 'group_session', title: '第二节', group_id: g.body.id,
        started_at: '2026-06-14T14:00', ended_at: '2026-06-14T15:00', area: 'elderly_care', content: '活动', clients: [a] }, {}, as.w2)]);
    assert.equal([c.status, s.status].filter((x) => x === 200 || x === 201).length, 1, `round ${round}: ${c.text} ${s.text}`);
    const after = (await api(srv.base, 'GET', `/api/v1/groups/${g.body.id}`)).body;
    if (c.status === 200) {
      assert.equal(after.status, 'closed');
      assert.equal(s.status, 409, s.text);
    } else {
      assert.equal(c.status, 400, c.text);
      assert.equal(c.body.error.field, 'closed_on');
      assert.equal(after.status, 'active');
    }
  }
  // A session of a closed group is not moved past the day it closed.
  const a = await client('孙小组');
  const g = (await api(srv.base, 'POST', '/api/v1/groups', { station_id: 2, name: '已结束小组', area: 'elderly_care', target: '独居老人',
    goals: '互助', planned_sessions: 6, starts_on: '2026-06-01', members: [a] }, {}, as.w2)).body;
  const s = (await api(srv.base, 'POST', '/api/v1/services', { station_id: 2, type: 'group_session', title: '第一节', group_id: g.id,
    started_at: '2026-06-05T14:00', ended_at: '2026-06-05T15:00', area: 'elderly_care', content: '活动', clients: [a] }, {}, as.w2)).body;
  assert.equal((await api(srv.base, 'POST', `/api/v1/groups/${g.id}/close`, { attainment: 'partly', evaluation: '完成', closed_on: '2026-06-06', version: g.version }, {}, as.w2)).status, 200);
  const moved = await api(srv.base, 'PATCH', `/api/v1/services/${s.id}`, { started_at: '2026-06-14T14:00', ended_at: '2026-06-14T15:00', version: s.version }, { 'if-match': String(s.version) }, as.w2);
  assert.equal(moved.status, 400, moved.text);
  assert.equal(moved.body.error.field, 'started_at');
});

test('a group formed while one of its members is merged holds the survivor or is refused, never the merged record', async () => {
  for (let round = 0; round < 8; round++) {
    const [a, b] = [await client('周组员'), await client('周组员')];
    const [m, g] = await Promise.all([
      api(srv.base, 'POST', `/api/v1/clients/${a}/merge`, { into: b }),
      api(srv.base, 'POST', '/api/v1/groups', { station_id: 2, name: `合并小组${round}`, area: 'elderly_care', target: '独居老人',
        goals: '互助', planned_sessions: 6, starts_on: '2026-06-01', members: [a] }, {}, as.w2)]);
    assert.equal(m.status, 200, m.text);
    if (g.status === 201) {
      const after = (await api(srv.base, 'GET', `/api/v1/groups/${g.body.id}`)).body;
      assert.deepEqual(after.members.map((x) => x.id), [b], `round ${round}: the group holds the merged record`);
    } else {
      assert.equal(g.status, 400, g.text);
      assert.equal(g.body.error.field, 'members[0]');
    }
  }
});

test('a transfer withdrawn while its receiver accepts it: one of the two, never both; beside a merge of the client, neither busy', async () => {
  addUser(srv, 'w2r', 'social_worker', 'stations:2');
  as.w2r = await session(srv.base, 'w2r');
  const w2r = (await api(srv.base, 'GET', '/api/v1/users?q=w2r')).body.items.find((u) => u.username === 'w2r').id;
  const me = (await api(srv.base, 'GET', '/api/v1/users?q=w2')).body.items.find((u) => u.username === 'w2').id;
  for (let round = 0; round < 8; round++) {
    const [a, b] = [await client('钱撤回'), await client('钱撤回')];
    let r = await api(srv.base, 'POST', '/api/v1/cases', { client_id: a, source: 'visit', problem: '独居老人', opened_on: '2026-06-10' }, {}, as.w2);
    assert.equal(r.status, 201, r.text);
    r = await api(srv.base, 'POST', `/api/v1/cases/${r.body.id}/transfer`, { to_worker_id: w2r, note: '移交', version: r.body.version }, {}, as.w2);
    assert.equal(r.status, 200, r.text);
    const k = r.body;
    const merge = round % 2 === 1;
    const [w, x] = await Promise.all([
      api(srv.base, 'POST', `/api/v1/cases/${k.id}/transfer/withdraw`, { comment: '选错了', version: k.version }, {}, as.w2),
      merge ? api(srv.base, 'POST', `/api/v1/clients/${a}/merge`, { into: b })
        : api(srv.base, 'POST', `/api/v1/cases/${k.id}/transfer/answer`, { decision: 'accept', version: k.version }, {}, as.w2r)]);
    const after = (await api(srv.base, 'GET', `/api/v1/cases/${k.id}`)).body;
    if (merge) {
      assert.equal(x.status, 200, `round ${round}: ${x.text}`);
      assert.ok([200, 409].includes(w.status), `round ${round}: ${w.text}`);
      assert.equal(after.client_id, b, `round ${round}: the case went with its client`);
      assert.equal(after.transfer === null, w.status === 200, `round ${round}: withdrawn exactly when it said so`);
      continue;
    }
    assert.equal([w.status, x.status].filter((s) => s === 200).length, 1, `round ${round}: ${w.text} ${x.text}`);
    assert.equal([w.status, x.status].filter((s) => s === 409).length, 1, `round ${round}: ${w.text} ${x.text}`);
    assert.equal(after.transfer, null, `round ${round}`);
    assert.equal(after.worker_id, w.status === 200 ? me : w2r, `round ${round}`);
    assert.equal(after.events.at(-1).kind, w.status === 200 ? 'transfer_withdrawn' : 'transfer_accepted', `round ${round}`);
  }
});

test('a child linked to her guardian while the guardian is recorded as dead: refused, or linked and her worker told, never linked unseen', async () => {
  const me = (await api(srv.base, 'GET', '/api/v1/users?q=w2')).body.items.find((u) => u.username === 'w2').id;
  const told = async (child) => (await api(srv.base, 'GET', '/api/v1/tasks?limit=200', undefined, {}, as.w2)).body.items
    .some((t) => t.kind === 'guardian_died' && t.client_id === child);
  for (let round = 0; round < ROUNDS; round++) {
    const g = (await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '周监护', sex: 'F', birth_date: '1960-01-01' }, {}, as.w2)).body;
    const r = await api(srv.base, 'POST', '/api/v1/clients', {
      station_id: 2, name: '周小童', sex: 'M', birth_date: '2018-03-03', worker_id: me,
      lawful_basis: 'statutory_duty', statutory_duty: 'child_protection' }, {}, as.w2);
    assert.equal(r.status, 201, r.text);
    const c = r.body;
    // Sent in turn one first and the other.
    const death = () => api(srv.base, 'PATCH', `/api/v1/clients/${g.id}`, { status: 'deceased', status_reason: '病故', status_on: '2026-06-10', version: g.version }, {}, as.w2);
    const link = () => api(srv.base, 'PATCH', `/api/v1/clients/${c.id}`, { guardians: [{ name: '周监护', relation: 'mother', client_id: g.id }], version: c.version }, {}, as.w2);
    const [d, l] = round % 2 ? await Promise.all([death(), link()]) : (await Promise.all([link(), death()])).reverse();
    assert.equal(d.status, 200, `round ${round}: ${d.text}`);
    if (l.status === 200) {
      assert.ok(await told(c.id), `round ${round}: linked to a guardian who died, and no task says so`);
    } else {
      assert.equal(l.status, 400, `round ${round}: ${l.text}`);
      assert.equal(l.body.error.field, 'guardians[0].client_id', `round ${round}`);
    }
  }
});
