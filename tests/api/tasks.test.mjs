// 待办, 服务时间线, 工作日志: the due dates the records imply (case
// deadlines from the profile, follow-ups, transfers, visit schedules per
// client category), a client's timeline of services and case steps, and
// a worker's hours per day. The server's clock is 2026-06-15T10:00+08:00.
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
const call = (method, path, body, auth) => api(srv.base, method, path, body, {}, auth);

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'w2b', 'social_worker', 'stations:2');
  addUser(srv, 'w3', 'social_worker', 'stations:3');
  addUser(srv, 'w2self', 'social_worker', 'self');
  for (const u of ['w2', 'w2b', 'w3', 'w2self']) as[u] = await session(srv.base, u);
  const users = await call('GET', '/api/v1/users?limit=200');
  for (const u of users.body.items) ids[u.username] = u.id;
  // "self" is a list of stations too: w2self works at station 2.
  const me = users.body.items.find((u) => u.username === 'w2self');
  const given = await call('PATCH', `/api/v1/users/${me.id}`, { stations: [2], version: me.version });
  assert.equal(given.status, 200, given.text);
  as.w2self = await session(srv.base, 'w2self', 'Daily-Passw0rd');
  // A left-behind child never visited; an elderly person living alone,
  // last visited on 1 May; both w2's responsibility.
  let r = await call('POST', '/api/v1/clients', {
    station_id: 2, name: '留守小明', id_number: idn('43022320150301003'), worker_id: ids.w2,
    lawful_basis: 'statutory_duty', statutory_duty: 'child_protection',
    categories: [{ code: 'left_behind_child', started_on: '2026-01-01' }] });
  assert.equal(r.status, 201, r.text);
  ids.child = r.body.id;
  r = await call('POST', '/api/v1/clients', {
    station_id: 2, name: '独居张奶奶', id_number: idn('43022319400101002'), worker_id: ids.w2,
    categories: [{ code: 'elderly_alone', started_on: '2020-01-01' }, { code: 'tekun', started_on: '2020-01-01' }] });
  assert.equal(r.status, 201, r.text);
  ids.elder = r.body.id;
  r = await call('POST', '/api/v1/services', {
    station_id: 2, type: 'home_visit', clients: [ids.elder], started_at: '2026-05-01T09:00', ended_at: '2026-05-01T09:30',
    area: 'elderly_care', content: '探访', visit: { purpose: 'elderly_check', met: '本人' } }, as.w2);
  assert.equal(r.status, 201, r.text);
  r = await call('POST', '/api/v1/services', {
    station_id: 2, type: 'consultation', clients: [ids.elder], started_at: '2026-06-14T09:00', ended_at: '2026-06-14T09:40',
    area: 'elderly_care', content: '咨询' }, as.w2);
  assert.equal(r.status, 201, r.text);
  r = await call('POST', '/api/v1/services', {
    station_id: 2, type: 'activity', title: '健康讲座', clients: [], extra_attendees: 20, started_at: '2026-06-14T14:00', ended_at: '2026-06-14T15:30',
    area: 'elderly_care', content: '讲座', workers: [ids.w2, ids.w2b] }, as.w2);
  assert.equal(r.status, 201, r.text);
  r = await call('POST', '/api/v1/cases', { client_id: ids.elder, source: 'visit', problem: '独居无人照料', opened_on: '2026-06-12' }, as.w2);
  assert.equal(r.status, 201, r.text);
  ids.case = r.body.id;
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

test('my tasks: case deadlines and scheduled visits, overdue first', async () => {
  const r = await call('GET', '/api/v1/tasks', undefined, as.w2);
  assert.equal(r.status, 200, r.text);
  const got = r.body.items.map((t) => `${t.kind}:${t.client_name}:${t.due_on}:${t.overdue}`);
  assert.deepEqual(got, [
    // The elder's shortest schedule is elderly_alone's 30 days after 1 May.
    'client_visit:独居张奶奶:2026-05-31:true',
    // Opened on 12 June: assessed within 7 days.
    'case_assessment:独居张奶奶:2026-06-19:false',
    // Never visited: 30 days from registration.
    'client_visit:留守小明:2026-07-15:false',
  ]);
  assert.deepEqual(r.body.counts, { overdue: 1, week: 1, all: 3 });
  const overdue = await call('GET', '/api/v1/tasks?due=overdue', undefined, as.w2);
  assert.deepEqual(overdue.body.items.map((t) => t.kind), ['client_visit']);
  const week = await call('GET', '/api/v1/tasks?due=week', undefined, as.w2);
  assert.deepEqual(week.body.items.map((t) => t.kind), ['case_assessment']);
  const station = await call('GET', '/api/v1/tasks?station_id=2', undefined, as.w2b);
  assert.equal(station.body.counts.all, 3, "a station's tasks, for its lead");
  const other = await call('GET', '/api/v1/tasks?station_id=2', undefined, as.w3);
  assert.equal(other.body.counts.all, 0, 'outside the range nothing shows');
  const bad = await call('GET', '/api/v1/tasks?due=soon', undefined, as.w2);
  assert.equal(bad.status, 400);
});

test('a worker keeping only her own clients lists only her own tasks', async () => {
  // w2self works at station 2, but none of its clients or cases is hers.
  const made = await call('POST', '/api/v1/clients', {
    station_id: 2, name: '独居李爷爷', id_number: idn('43022319410101003'),
    categories: [{ code: 'elderly_alone', started_on: '2020-01-01' }] }, as.w2self);
  assert.equal(made.status, 201, made.text);
  try {
    for (const q of ['', '?station_id=2']) {
      const r = await call('GET', '/api/v1/tasks' + q, undefined, as.w2self);
      assert.deepEqual(r.body.items.map((t) => `${t.kind}:${t.client_name}`), ['client_visit:独居李爷爷'], q);
    }
    const r = await call('GET', '/api/v1/tasks?station_id=2', undefined, as.w2b);
    assert.equal(r.body.counts.all, 4, 'the station sees hers too');
  } finally {
    // Moved away, so that the station's tasks are as the later tests expect.
    const closed = await call('PATCH', `/api/v1/clients/${made.body.id}`,
      { status: 'moved', status_reason: '测试结束', version: made.body.version });
    assert.equal(closed.status, 200, closed.text);
  }
});

test('a visit schedule runs from the day she entered the category, not from a visit back-entered before it', async () => {
  // Registered today as living alone; her only home visit, entered now,
  // was on 10 January 2025, long before she lived alone.
  const made = await call('POST', '/api/v1/clients', {
    station_id: 2, name: '独居王奶奶', id_number: idn('43022319420101004'),
    categories: [{ code: 'elderly_alone', started_on: '2026-06-15' }] }, as.w2self);
  assert.equal(made.status, 201, made.text);
  try {
    const v = await call('POST', '/api/v1/services', {
      station_id: 2, type: 'home_visit', clients: [made.body.id], started_at: '2025-01-10T09:00', ended_at: '2025-01-10T09:30',
      area: 'elderly_care', content: '探访', visit: { purpose: 'elderly_check', met: '本人' } }, as.w2self);
    assert.equal(v.status, 201, v.text);
    const r = await call('GET', '/api/v1/tasks', undefined, as.w2self);
    assert.deepEqual(r.body.items.map((t) => `${t.kind}:${t.client_name}:${t.due_on}:${t.overdue}`),
      ['client_visit:独居王奶奶:2026-07-15:false'], 'elderly_alone every 30 days from 15 June, not 663 days overdue');
  } finally {
    const c = (await call('GET', `/api/v1/clients/${made.body.id}`)).body;
    const closed = await call('PATCH', `/api/v1/clients/${made.body.id}`,
      { status: 'moved', status_reason: '测试结束', version: c.version });
    assert.equal(closed.status, 200, closed.text);
  }
});

test('a home visit moves the visit task on; a transfer shows to its receiver', async () => {
  let r = await call('POST', '/api/v1/services', {
    station_id: 2, type: 'home_visit', clients: [ids.child], started_at: '2026-06-15T08:00', ended_at: '2026-06-15T08:45',
    area: 'child_welfare', content: '探访留守儿童', visit: { purpose: 'child_followup', met: '祖母' } }, as.w2);
  assert.equal(r.status, 201, r.text);
  r = await call('GET', '/api/v1/tasks', undefined, as.w2);
  const child = r.body.items.find((t) => t.client_name === '留守小明');
  assert.equal(child.due_on, '2026-07-15', 'visited today: due in 30 days');
  const k = (await call('GET', `/api/v1/cases/${ids.case}`, undefined, as.w2)).body;
  r = await call('POST', `/api/v1/cases/${ids.case}/transfer`, { to_worker_id: ids.w2b, note: '请接手', version: k.version }, as.w2);
  assert.equal(r.status, 200, r.text);
  r = await call('GET', '/api/v1/tasks', undefined, as.w2b);
  const t = r.body.items.find((x) => x.kind === 'transfer');
  assert.ok(t, JSON.stringify(r.body.items));
  assert.equal(t.case_id, ids.case);
  assert.equal(t.due_on, '2026-06-15');
  const mine = await call('GET', '/api/v1/tasks', undefined, as.w2);
  assert.ok(!mine.body.items.some((x) => x.kind === 'case_assessment'), 'a case on offer waits for its receiver');
  r = await call('POST', `/api/v1/cases/${ids.case}/transfer/answer`, { decision: 'decline', version: k.version + 1 }, as.w2b);
  assert.equal(r.status, 200, r.text);
});

test("a client's timeline puts services and case steps in one order", async () => {
  const r = await call('GET', `/api/v1/clients/${ids.elder}/timeline`, undefined, as.w2);
  assert.equal(r.status, 200, r.text);
  const got = r.body.items.map((e) => `${e.kind}:${e.type}`);
  assert.deepEqual(got, ['case:transfer_declined', 'case:transfer_requested', 'case:opened',
    'service:consultation', 'service:home_visit']);
  assert.equal(r.body.items[3].who, 'w2');
  assert.equal(r.body.items[3].minutes, 40);
  const page2 = await call('GET', `/api/v1/clients/${ids.elder}/timeline?limit=2&page=2`, undefined, as.w2);
  assert.deepEqual(page2.body.items.map((e) => e.type), ['opened', 'consultation']);
  assert.equal(page2.body.more, true);
  assert.equal((await call('GET', `/api/v1/clients/${ids.elder}/timeline`, undefined, as.w3)).status, 404);
});

test("a worker's log: records and minutes per day, each worker credited", async () => {
  let r = await call('GET', '/api/v1/worklog?from=2026-06-01&to=2026-06-15', undefined, as.w2);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.days.map((d) => `${d.day}:${d.records}:${d.minutes}`), ['2026-06-14:2:130', '2026-06-15:1:45']);
  assert.deepEqual(r.body.days[0].by_type, { activity: 1, consultation: 1 });
  assert.equal(r.body.minutes, 175);
  r = await call('GET', `/api/v1/worklog?worker_id=${ids.w2b}&from=2026-06-14&to=2026-06-14`, undefined, as.w2);
  assert.deepEqual(r.body.days.map((d) => `${d.day}:${d.records}:${d.minutes}`), ['2026-06-14:1:90']);
  r = await call('GET', '/api/v1/worklog', undefined, as.w2);
  assert.equal(r.body.from, '2026-06-01', 'this month by default');
  assert.equal(r.body.to, '2026-06-15');
  for (const q of ['from=2026-06-15&to=2026-06-01', 'from=2026-01-01&to=2026-06-15', 'from=2026-6-1']) {
    const bad = await call('GET', `/api/v1/worklog?${q}`, undefined, as.w2);
    assert.equal(bad.status, 400, q);
  }
  r = await call('GET', `/api/v1/worklog?worker_id=${ids.w2}&from=2026-06-01&to=2026-06-15`, undefined, as.w3);
  assert.equal(r.body.records, 0, 'another station sees none of it');
  r = await call('GET', `/api/v1/worklog?worker_id=${ids.w2}&from=2026-06-01&to=2026-06-15`, undefined, as.w2self);
  assert.equal(r.status, 200, r.text);
  const own = await call('GET', '/api/v1/worklog?from=2026-06-01&to=2026-06-15', undefined, as.w2self);
  assert.deepEqual(r.body.days, own.body.days, 'a range "self" reads her own log, not a colleague\'s');
  assert.notEqual(r.body.records, 3);
});

test("the session says the server's day, which deadlines count from", async () => {
  const r = await call('GET', '/api/v1/session', undefined, as.w2);
  assert.equal(r.body.today, '2026-06-15');
});

test('a supervisor lists the tasks of every station in her range at once, paged in one order', async () => {
  addUser(srv, 'sup23', 'supervisor', 'stations:2,3');
  const sup = await session(srv.base, 'sup23');
  // Station 3 gets a client of its own, visited never: due 30 days from today.
  const made = await call('POST', '/api/v1/clients', {
    station_id: 3, name: '独居赵爷爷', id_number: idn('43022319430101005'), worker_id: ids.w3,
    categories: [{ code: 'elderly_alone', started_on: '2020-01-01' }] }, as.w3);
  assert.equal(made.status, 201, made.text);
  const of = async (q, auth = sup) => {
    const r = await call('GET', `/api/v1/tasks?${q}`, undefined, auth);
    assert.equal(r.status, 200, r.text);
    return r.body;
  };
  const key = (t) => `${t.station_id}:${t.kind}:${t.client_id}:${t.case_id}:${t.due_on}`;
  const [two, three, all] = [await of('station_id=2&limit=200'), await of('station_id=3&limit=200'), await of('station_id=all&limit=200')];
  assert.ok(two.items.length > 0 && three.items.length > 0);
  const want = [...two.items, ...three.items].sort((a, b) => (a.due_on < b.due_on ? -1 : a.due_on > b.due_on ? 1 : 0));
  assert.deepEqual(all.items.map(key).sort(), want.map(key).sort(), 'both stations\' tasks, nothing else');
  assert.deepEqual(all.items.map((t) => t.due_on), want.map((t) => t.due_on), 'in due order');
  for (const k of ['overdue', 'week', 'all']) assert.equal(all.counts[k], two.counts[k] + three.counts[k], k);
  assert.equal(all.total, all.items.length);
  // Page by page, one at a time: the same list.
  const paged = [];
  for (let p = 1; p <= all.total + 1; p++) paged.push(...(await of(`station_id=all&limit=1&page=${p}`)).items);
  assert.deepEqual(paged.map(key), all.items.map(key));
  // The windows too.
  const late = await of('station_id=all&due=overdue');
  assert.deepEqual(late.items.map(key), all.items.filter((t) => t.overdue).map(key));
  // A worker of station 3 reads station 3's only; a range "self" her own.
  const w3all = await of('station_id=all&limit=200', as.w3);
  assert.ok(w3all.items.length > 0 && w3all.items.every((t) => t.station_id === 3), JSON.stringify(w3all.items));
  assert.deepEqual((await of('station_id=all', as.w2self)).items.map(key), (await of('', as.w2self)).items.map(key));
  // worker_id with all is that worker's list.
  assert.deepEqual((await of(`station_id=all&worker_id=${ids.w2}`)).items.map(key), (await of(`worker_id=${ids.w2}`)).items.map(key));
  assert.equal(all.pageable, all.total, 'fewer than 2,000: all of them');
  const deep = await of('station_id=all&limit=200&page=11');
  assert.deepEqual([deep.items.length, deep.total, deep.pageable], [0, all.total, all.total], 'past 2,000 tasks: none read');
  const bad = await call('GET', '/api/v1/tasks?station_id=every', undefined, sup);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'station_id');
});

// A child whose guardian on the register died is her worker's task from
// that day (today when the day is not recorded) until her guardians are
// brought up to date; a child of 18, or one who left, is not.
test('a child whose guardian died is a task until her guardians change', async () => {
  const gran = await call('POST', '/api/v1/clients', { station_id: 2, name: '任务奶奶', sex: 'F', birth_date: '1952-02-02' }, as.w2);
  assert.equal(gran.status, 201, gran.text);
  const child = await call('POST', '/api/v1/clients', { station_id: 2, name: '任务小童', id_number: idn('43022320170808011'), worker_id: ids.w2,
    lawful_basis: 'statutory_duty', statutory_duty: 'child_protection',
    guardians: [{ name: '任务奶奶', relation: 'grandparent', client_id: gran.body.id }] }, as.w2);
  assert.equal(child.status, 201, child.text);
  const adult = await call('POST', '/api/v1/clients', { station_id: 2, name: '成年小童', id_number: idn('43022320080614013'), worker_id: ids.w2,
    guardians: [{ name: '任务奶奶', relation: 'grandparent', client_id: gran.body.id }] }, as.w2);
  assert.equal(adult.status, 201, adult.text);
  const died = await call('PATCH', `/api/v1/clients/${gran.body.id}`, { status: 'deceased', status_reason: '病故', status_on: '2026-06-03', version: gran.body.version }, as.w2);
  assert.equal(died.status, 200, died.text);
  const mine = async () => (await call('GET', '/api/v1/tasks', undefined, as.w2)).body.items
    .filter((t) => t.kind === 'guardian_died').map((t) => `${t.client_name}:${t.due_on}:${t.detail}:${t.overdue}`);
  assert.deepEqual(await mine(), ['任务小童:2026-06-03:任务奶奶:true'], 'not the one who turned 18 on the 14th');
  const station = (await call('GET', '/api/v1/tasks?station_id=2', undefined, as.w2b)).body.items.filter((t) => t.kind === 'guardian_died');
  assert.equal(station.length, 1, "the station's list has it too");
  // Her guardians brought up to date: the task is done.
  const now = (await call('GET', `/api/v1/clients/${child.body.id}`, undefined, as.w2)).body;
  const r = await call('PATCH', `/api/v1/clients/${child.body.id}`, { guardians: [{ name: '任务父亲', relation: 'father', phone: '13800001234' }], version: now.version }, as.w2);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await mine(), []);
});

// The task is read from a mark on the child (clients.guardian_deceased),
// kept by every write that can change it: a status corrected back, a
// merge that repoints her guardian's link to a record that died or to one
// that did not, and her moving to another worker.
test('the guardian_died task follows corrections, merges and a new worker', async () => {
  const mine = async (who = as.w2) => (await call('GET', '/api/v1/tasks', undefined, who)).body.items
    .filter((t) => t.kind === 'guardian_died').map((t) => `${t.client_name}:${t.detail}`);
  const person = async (name, birth) => {
    const r = await call('POST', '/api/v1/clients', { station_id: 2, name, sex: 'F', birth_date: birth }, as.w2);
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const ward = async (name, tail, guardian) => {
    const r = await call('POST', '/api/v1/clients', { station_id: 2, name, id_number: idn(`4302232018${tail}`), worker_id: ids.w2,
      lawful_basis: 'statutory_duty', statutory_duty: 'child_protection',
      guardians: [{ name: guardian.name, relation: 'grandparent', client_id: guardian.id }] }, as.w2);
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const setStatus = async (c, status, extra = {}) => {
    const now = (await call('GET', `/api/v1/clients/${c.id}`, undefined, as.w2)).body;
    const r = await call('PATCH', `/api/v1/clients/${c.id}`, { status, ...extra, version: now.version }, as.w2);
    assert.equal(r.status, 200, r.text);
  };
  const died = { status_reason: '病故', status_on: '2026-06-05' };
  // A death entered by mistake, then corrected.
  const a = await person('更正外婆', '1950-01-01');
  const childA = await ward('更正小童', '0101011', a);
  await setStatus(a, 'deceased', died);
  assert.deepEqual(await mine(), ['更正小童:更正外婆']);
  await setStatus(a, 'active', { status_reason: '', status_on: null });
  assert.deepEqual(await mine(), [], 'the correction ends it');
  // The guardian registered twice: the record that died is merged into
  // the living one (the task ends), and a living record into one that
  // died (the task begins).
  const b = await person('重复外婆', '1949-02-02');
  const childB = await ward('重复小童', '0202022', b);
  await setStatus(b, 'deceased', died);
  const b2 = await person('重复外婆', '1949-02-02');
  assert.deepEqual(await mine(), ['重复小童:重复外婆']);
  let r = await call('POST', `/api/v1/clients/${b.id}/merge`, { into: b2.id });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await mine(), [], 'her link now names the living record');
  const c = await person('合并外公', '1948-03-03');
  const childC = await ward('合并小童', '0303033', c);
  const c2 = await person('合并外公', '1948-03-03');
  await setStatus(c2, 'deceased', died);
  assert.deepEqual(await mine(), []);
  r = await call('POST', `/api/v1/clients/${c.id}/merge`, { into: c2.id });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await mine(), ['合并小童:合并外公'], 'her link now names the record that died');
  // Given to another worker: the task goes with her.
  const now = (await call('GET', `/api/v1/clients/${childC.id}`, undefined, as.w2)).body;
  r = await call('PATCH', `/api/v1/clients/${childC.id}`, { worker_id: ids.w2b, version: now.version }, as.w2);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await mine(), []);
  assert.deepEqual(await mine(as.w2b), ['合并小童:合并外公']);
  assert.ok(childA.id && childB.id);
  // An orphan who lost both: one task, after the first guardian listed.
  const mum = await person('孤儿母亲', '1985-04-04');
  const dad = await person('孤儿父亲', '1983-05-05');
  const orphan = await call('POST', '/api/v1/clients', { station_id: 2, name: '双亡小童', id_number: idn('43022320190404044'), worker_id: ids.w2,
    lawful_basis: 'statutory_duty', statutory_duty: 'child_protection',
    guardians: [{ name: '孤儿父亲', relation: 'father', client_id: dad.id }, { name: '孤儿母亲', relation: 'mother', client_id: mum.id }] }, as.w2);
  assert.equal(orphan.status, 201, orphan.text);
  await setStatus(mum, 'deceased', died);
  await setStatus(dad, 'deceased', { status_reason: '车祸', status_on: '2026-06-06' });
  assert.deepEqual(await mine(), ['双亡小童:孤儿父亲']);
});

test("a timeline's record of two workers names both, in the reader's language", async () => {
  const c = await call('POST', '/api/v1/clients', { station_id: 2, name: '两社工', sex: 'F', birth_date: '1944-04-04' }, as.w2);
  assert.equal(c.status, 201, c.text);
  const s = await call('POST', '/api/v1/services', { station_id: 2, type: 'consultation', started_at: '2026-05-10T09:00', ended_at: '2026-05-10T09:30',
    area: 'social_assistance', content: '两人接待', clients: [c.body.id], workers: [ids.w2, ids.w2b] }, as.w2);
  assert.equal(s.status, 201, s.text);
  const who = async (lang) => (await api(srv.base, 'GET', `/api/v1/clients/${c.body.id}/timeline`, undefined, { 'accept-language': lang }, as.w2)).body.items[0].who;
  assert.match(await who('zh-CN'), /^w2b?、w2b?$/);
  assert.match(await who('en'), /^w2b?, w2b?$/);
});
