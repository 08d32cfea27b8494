// 服务记录: service records of every type, the home-visit form with its
// household survey, the rules on times, people and types, 痕迹管理 after
// the editing period, scope, and Idempotency-Key.
// The server's clock is fixed at 2026-06-15T10:00+08:00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, api, addUser, session, FIXED_NOW, BACKEND } from './lib.mjs';
import { spawnServe } from './helpers_extra.mjs';

let srv;
const as = {};
/** An 18-character ID number from its first 17 (GB 11643 check). */
function idn(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, ch, i) => a + Number(ch) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}
const ids = {};

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'w2b', 'social_worker', 'stations:2');
  addUser(srv, 'w3', 'social_worker', 'stations:3');
  addUser(srv, 'wself', 'social_worker', 'self');
  addUser(srv, 'eval', 'evaluator', 'all');
  addUser(srv, 'aud', 'auditor', 'all');
  for (const u of ['w2', 'w2b', 'w3', 'wself', 'eval', 'aud']) as[u] = await session(srv.base, u);
  const users = await api(srv.base, 'GET', '/api/v1/users?limit=200');
  for (const u of users.body.items) ids[u.username] = u.id;
  const u = users.body.items.find((x) => x.username === 'wself');
  const r = await api(srv.base, 'PATCH', `/api/v1/users/${u.id}`, { stations: [2], version: u.version });
  assert.equal(r.status, 200, r.text);
  as.wself = await session(srv.base, 'wself', 'Daily-Passw0rd');
  // Clients: two at station 2, one at station 3.
  for (const [key, station, name, number] of [
    ['a', 2, '李大爷', idn('43022319450101001')], ['b', 2, '王奶奶', idn('43022319500202002')],
    ['c', 3, '赵小明', idn('43022320150101003')]]) {
    const body = { station_id: station, name, id_number: number };
    if (key === 'c') Object.assign(body, { lawful_basis: 'statutory_duty', statutory_duty: 'child_protection' });
    const c = await api(srv.base, 'POST', '/api/v1/clients', body);
    assert.equal(c.status, 201, c.text);
    ids[key] = c.body.id;
  }
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const post = (body, auth = as.w2, headers = {}) => api(srv.base, 'POST', '/api/v1/services', body, headers, auth);
const consult = (extra = {}) => ({
  station_id: 2, type: 'consultation', started_at: '2026-06-14T09:00', ended_at: '2026-06-14T09:40',
  area: 'social_assistance', content: '咨询低保申请流程', clients: [ids.a], ...extra,
});
const count = async (q = 'station_id=2') => (await api(srv.base, 'GET', `/api/v1/services?${q}`, undefined, {}, as.w2)).body.total;

test('a consultation is recorded with its duration, day, worker and client', async () => {
  const r = await post(consult({ place: '社工站', outcome: '已告知所需材料', satisfaction: 'satisfied' }));
  assert.equal(r.status, 201, r.text);
  const v = r.body;
  assert.equal(v.minutes, 40);
  assert.equal(v.service_day, '2026-06-14');
  assert.equal(v.started_at, '2026-06-14T09:00:00+08:00');
  assert.deepEqual(v.workers.map((w) => w.id), [ids.w2], 'the worker defaults to the caller');
  assert.deepEqual(v.clients, [{ id: ids.a, name: '李大爷' }]);
  assert.equal(v.editable_until, '2026-06-22T10:00:00+08:00');
  const g = await api(srv.base, 'GET', `/api/v1/services/${v.id}`, undefined, {}, as.w2);
  assert.equal(g.status, 200);
  assert.equal(g.body.content, '咨询低保申请流程');
  const byClient = await api(srv.base, 'GET', `/api/v1/services?client_id=${ids.a}`, undefined, {}, as.w2);
  assert.ok(byClient.body.items.some((x) => x.id === v.id));
  const byWorker = await api(srv.base, 'GET', `/api/v1/services?worker_id=${ids.w2}&type=consultation&from=2026-06-14&to=2026-06-14`, undefined, {}, as.w2);
  assert.ok(byWorker.body.items.some((x) => x.id === v.id));
  const otherDay = await api(srv.base, 'GET', `/api/v1/services?worker_id=${ids.w2}&from=2026-06-15`, undefined, {}, as.w2);
  assert.ok(!otherDay.body.items.some((x) => x.id === v.id));
});

test('a day is a Beijing day: 07:30 on the 1st in Beijing is still the day before in UTC', async () => {
  const r = await post(consult({ started_at: '2026-06-01T07:30+08:00', ended_at: '2026-05-31T23:50:00Z' }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.service_day, '2026-06-01');
  assert.equal(r.body.minutes, 20);
});

test('bad records are refused on the right field and nothing is written', async () => {
  const before_ = await count();
  const cases = [
    [consult({ ended_at: '2026-06-14T08:59' }), 'ended_at'],
    [consult({ started_at: '2026-06-15T11:00', ended_at: '2026-06-15T12:00' }), 'started_at'],
    [consult({ started_at: '2026-06-13T08:00', ended_at: '2026-06-14T09:00' }), 'ended_at'],
    [consult({ started_at: '1999-12-31T09:00', ended_at: '1999-12-31T10:00' }), 'started_at'],
    [consult({ started_at: '2026-06-14 9:00' }), 'started_at'],
    [consult({ started_at: '2026-02-30T09:00' }), 'started_at'],
    [consult({ clients: [ids.c] }), 'clients[0]'],
    [consult({ clients: [ids.a, ids.a] }), 'clients[1]'],
    [consult({ clients: [] }), 'clients'],
    [consult({ clients: [999999] }), 'clients[0]'],
    [consult({ workers: [ids.w3] }), 'workers[0]'],
    [consult({ type: 'chat' }), 'type'],
    [consult({ area: 'nonsense' }), 'area'],
    [consult({ content: '' }), 'content'],
    [consult({ satisfaction: 'ecstatic' }), 'satisfaction'],
    [consult({ extra_attendees: 5 }), 'extra_attendees'],
    [consult({ station_id: 3 }), 'station_id'],
    [consult({ type: 'activity' }), 'title'],
    [consult({ type: 'home_visit' }), 'visit'],
    [consult({ visit: { purpose: 'routine', met: '本人' } }), 'visit'],
    [consult({ type: 'home_visit', visit: { purpose: 'dibao_check', met: '本人' } }), 'visit.survey'],
    [consult({ type: 'home_visit', visit: { purpose: 'visiting', met: '本人' } }), 'visit.purpose'],
    [consult({ type: 'home_visit', visit: { purpose: 'dibao_check', met: '本人', survey: { household_size: 0, conclusion: 'eligible' } } }), 'visit.survey.household_size'],
    [consult({ type: 'resource_link' }), 'resource_kind'],
    [consult({ type: 'resource_link', resource_kind: 'money', resource_source: '慈善总会' }), 'resource_value'],
    [consult({ resource_kind: 'money' }), 'resource_kind'],
  ];
  for (const [body, field] of cases) {
    const r = await post(body);
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    assert.equal(r.body.error.field, field, r.text);
    assert.match(r.body.error.message, /[\u4e00-\u9fff]/, 'the message is in Chinese');
    assert.doesNotMatch(r.body.error.message, /[a-z]_[a-z]/, 'no field code in the message: ' + r.body.error.message);
  }
  const { ended_at, ...noEnd } = consult();
  const r = await post(noEnd);
  assert.equal(r.body.error.message, '结束时间不能为空', ended_at);
  assert.equal(await count(), before_);
});

test('a home visit carries its form, and the household survey gives the income per person', async () => {
  const visit = {
    purpose: 'dibao_check', met: '户主李大爷及其儿子', living_conditions: '房屋老旧，屋内整洁',
    housing: { type: 'own', area_m2: 80, condition: 'poor' },
    survey: {
      household_size: 3,
      incomes: [{ member: '李大爷', source: 'pension', yearly: 1200000 }, { member: '儿子', source: 'wage', yearly: 2400000 }],
      assets: [{ kind: 'house', description: '自建砖房', value: 5000000 }],
      expenses: [{ kind: 'medical', yearly: 600000, note: '慢性病' }],
      conclusion: 'eligible', conclusion_note: '人均收入低于低保标准',
    },
  };
  const r = await post(consult({ type: 'home_visit', place: '李大爷家', visit, clients: [ids.a, ids.b] }));
  assert.equal(r.status, 201, r.text);
  // (12,000 + 24,000 − 6,000 元) / 3 / 12 = 833.33 元 → 83,333 分
  assert.equal(r.body.per_capita_income, 83333);
  assert.equal(r.body.visit.survey.incomes.length, 2);
  assert.equal(r.body.visit.housing.condition, 'poor');
  const routine = await post(consult({ type: 'home_visit', visit: { purpose: 'elderly_check', met: '本人' } }));
  assert.equal(routine.status, 201, routine.text);
  assert.equal(routine.body.per_capita_income, null);
});

// The plans ask the survey to establish each member's health and work
// and the household's hardships with their degree (原州区: 身体状况及家庭
// 成员的就业、收入、困难类型及程度).
test('the household survey records members\' health and work and the hardships, each checked', async () => {
  const survey = (extra) => ({ household_size: 2, conclusion: 'review', ...extra });
  const visit = (extra) => consult({ type: 'home_visit', visit: { purpose: 'dibao_check', met: '本人', survey: survey(extra) } });
  const ok = await post(visit({
    members: [{ name: '户主', health: 'chronic', work: 'farming' }, { health: 'disabled', work: 'unable' }],
    hardships: [{ kind: 'illness', degree: 'heavy', note: '高血压长期服药' }, { kind: 'other', degree: 'mild', note: '房屋漏雨' }],
  }));
  assert.equal(ok.status, 201, ok.text);
  assert.deepEqual(ok.body.visit.survey.members.map((m) => [m.health, m.work]), [['chronic', 'farming'], ['disabled', 'unable']]);
  assert.deepEqual(ok.body.visit.survey.hardships.map((h) => h.kind), ['illness', 'other']);
  const cases = [
    [{ members: [{ health: 'fine', work: 'farming' }] }, 'visit.survey.members[0].health', /身体状况/],
    [{ members: [{ health: 'healthy' }] }, 'visit.survey.members[0].work', /就业状况/],
    [{ members: [{ health: 'healthy', work: 'farming' }, { health: 'healthy', work: 'farming' }, { health: 'frail', work: 'retired' }] },
      'visit.survey.members', /^家庭成员情况列出的人数多于共同生活人数/],
    [{ hardships: [{ kind: 'illness' }] }, 'visit.survey.hardships[0].degree', /困难程度/],
    [{ hardships: [{ kind: 'illness', degree: 'mild' }, { kind: 'other', degree: 'severe', note: '  ' }] }, 'visit.survey.hardships[1].note', /困难说明/],
    [{ hardships: [{ kind: 'illness', degree: 'mild' }, { kind: 'illness', degree: 'severe' }] }, 'visit.survey.hardships[1].kind', /困难类型：重复列入/],
    [{ hardships: Array.from({ length: 9 }, () => ({ kind: 'illness', degree: 'mild' })) }, 'visit.survey.hardships', /困难类型及程度/],
  ];
  for (const [extra, field, message] of cases) {
    const r = await post(visit(extra));
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    assert.equal(r.body.error.field, field, r.text);
    assert.match(r.body.error.message, message);
  }
  // Corrected, then removed: the operation log names the new parts in
  // words (a removed record is kept nowhere else).
  const p = await api(srv.base, 'PATCH', `/api/v1/services/${ok.body.id}`, {
    version: 1, visit: { purpose: 'dibao_check', met: '本人', survey: survey({ members: [{ name: '户主', health: 'serious', work: 'unable' }],
      hardships: [{ kind: 'illness', degree: 'severe' }] }) },
  }, {}, as.w2);
  assert.equal(p.status, 200, p.text);
  assert.deepEqual(p.body.visit.survey.members, [{ name: '户主', health: 'serious', work: 'unable' }]);
  const d = await api(srv.base, 'DELETE', `/api/v1/services/${ok.body.id}`, undefined, { 'if-match': '2' }, as.w2);
  assert.equal(d.status, 200, d.text);
  const audit = await api(srv.base, 'GET', '/api/v1/audit?action=service.delete&limit=5', undefined, {}, as.aud);
  assert.equal(audit.status, 200, audit.text);
  const row = audit.body.items.find((x) => x.entity_id === String(ok.body.id));
  const text = JSON.stringify(row.detail_lines);
  for (const words of ['家庭成员情况', '身体状况：重大疾病', '就业状况：无劳动能力', '困难类型及程度', '困难类型：因病', '困难程度：严重']) {
    assert.ok(text.includes(words), `${words} in ${text}`);
  }
  assert.doesNotMatch(text, /"(serious|unable|health|work)"/, 'no code unnamed');
});

test('a correction cannot empty the record\'s type: the home-visit form stays', async () => {
  const r = await post(consult({ type: 'home_visit', visit: { purpose: 'elderly_check', met: '本人' } }));
  assert.equal(r.status, 201, r.text);
  for (const type of ['', '   ']) {
    const p = await api(srv.base, 'PATCH', `/api/v1/services/${r.body.id}`, { type, version: 1 }, {}, as.w2);
    assert.equal(p.status, 400, p.text);
    assert.equal(p.body.error.field, 'type');
    assert.match(p.body.error.message, /服务类型/);
  }
  const after = (await api(srv.base, 'GET', `/api/v1/services/${r.body.id}`, undefined, {}, as.w2)).body;
  assert.equal(after.type, 'home_visit');
  assert.equal(after.version, 1);
  assert.equal(after.visit.met, '本人');
});

test('activities count people who are not registered; resource links carry their value in fen', async () => {
  const a = await post(consult({ type: 'activity', title: '端午节包粽子', clients: [], extra_attendees: 35 }));
  assert.equal(a.status, 201, a.text);
  assert.equal(a.body.extra_attendees, 35);
  const l = await post(consult({ type: 'resource_link', resource_kind: 'goods', resource_value: 50000, resource_source: '县慈善总会' }));
  assert.equal(l.status, 201, l.text);
  assert.equal(l.body.resource_value, 50000);
});

test('several workers can share a record, all of the station', async () => {
  const r = await post(consult({ workers: [ids.w2, ids.w2b] }));
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.workers.map((w) => w.id).sort(), [ids.w2, ids.w2b].sort());
});

test('a colleague correcting a shared record cannot take its author off it; the author can', async () => {
  const r = await post(consult({ workers: [ids.w2, ids.w2b] }));
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  const off = await api(srv.base, 'PATCH', `/api/v1/services/${id}`, { workers: [ids.w2b], version: 1 }, {}, as.w2b);
  assert.equal(off.status, 400, off.text);
  assert.equal(off.body.error.field, 'workers');
  assert.match(off.body.error.message, /服务社工：不能移除记录人/);
  const kept = await api(srv.base, 'GET', `/api/v1/services/${id}`, undefined, {}, as.w2);
  assert.deepEqual(kept.body.workers.map((w) => w.id).sort(), [ids.w2, ids.w2b].sort(), 'nothing written');
  assert.equal(kept.body.version, 1);
  // She may still correct the rest of it, and the author may take herself off.
  const fix = await api(srv.base, 'PATCH', `/api/v1/services/${id}`, { outcome: '已补充材料', version: 1 }, {}, as.w2b);
  assert.equal(fix.status, 200, fix.text);
  const self = await api(srv.base, 'PATCH', `/api/v1/services/${id}`, { workers: [ids.w2b], version: 2 }, {}, as.w2);
  assert.equal(self.status, 200, self.text);
  assert.deepEqual(self.body.workers.map((w) => w.id), [ids.w2b]);
});

test('scope: another station cannot see a record; "self" sees and records only its own', async () => {
  const r = await post(consult({ workers: [ids.w2b] }));
  assert.equal(r.status, 201);
  const other = await api(srv.base, 'GET', `/api/v1/services/${r.body.id}`, undefined, {}, as.w3);
  assert.equal(other.status, 404);
  const self = await api(srv.base, 'GET', `/api/v1/services/${r.body.id}`, undefined, {}, as.wself);
  assert.equal(self.status, 404, 'wself did not work on it');
  const bad = await post(consult({ workers: [ids.w2] }), as.wself);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'workers');
  // On "self" the clients are those the worker is responsible for.
  const mine = await api(srv.base, 'POST', '/api/v1/clients',
    { station_id: 2, name: '孙阿姨', id_number: idn('43022319600303004') }, {}, as.wself);
  assert.equal(mine.status, 201, mine.text);
  const notMine = await post(consult(), as.wself);
  assert.equal(notMine.status, 400);
  assert.equal(notMine.body.error.field, 'clients[0]');
  const own = await post(consult({ clients: [mine.body.id] }), as.wself);
  assert.equal(own.status, 201, own.text);
  const list = await api(srv.base, 'GET', '/api/v1/services?station_id=2', undefined, {}, as.wself);
  assert.ok(list.body.items.every((x) => x.workers.some((w) => w.id === ids.wself)));
  const ev = await post(consult(), as.eval);
  assert.equal(ev.status, 403, 'an evaluator reads but does not record');
  const evRead = await api(srv.base, 'GET', `/api/v1/services/${r.body.id}`, undefined, {}, as.eval);
  assert.equal(evRead.status, 200);
  assert.ok(evRead.body.clients.length > 0);
  assert.ok(evRead.body.clients.every((c) => /^.\*+$/u.test(c.name)), 'the evaluator reads clients\' names masked');
  assert.ok(evRead.body.workers.every((w) => !w.name.includes('*')), 'workers by name');
});

test('a change keeps what the record said before; a stale version is refused', async () => {
  const r = await post(consult());
  const id = r.body.id;
  const p = await api(srv.base, 'PATCH', `/api/v1/services/${id}`, { outcome: '已提交申请', version: 1 }, {}, as.w2);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.version, 2);
  assert.equal(p.body.revisions, 1);
  const stale = await api(srv.base, 'PATCH', `/api/v1/services/${id}`, { outcome: '又改', version: 1 }, {}, as.w2);
  assert.equal(stale.status, 409);
  const same = await api(srv.base, 'PATCH', `/api/v1/services/${id}`, { outcome: '已提交申请', version: 2 }, {}, as.w2);
  // Saved as it was opened: 200, the same version, no revision.
  assert.equal(same.status, 200, same.text);
  assert.equal(same.body.version, 2);
  assert.equal(same.body.revisions, 1);
  const sameStale = await api(srv.base, 'PATCH', `/api/v1/services/${id}`, { outcome: '已提交申请', version: 1 }, {}, as.w2);
  assert.equal(sameStale.status, 409, 'an unchanged save on a stale version is still a conflict');
  const bad = await api(srv.base, 'PATCH', `/api/v1/services/${id}`, { ended_at: '2026-06-14T08:00', version: 2 }, {}, as.w2);
  assert.equal(bad.status, 400);
  const revs = await api(srv.base, 'GET', `/api/v1/services/${id}/revisions`, undefined, {}, as.w2);
  assert.equal(revs.body.items.length, 1);
  assert.equal(revs.body.items[0].record.outcome, '');
  assert.equal(revs.body.items[0].record.version, 1);
  // Who changed it, by name as well as by login.
  const u = (await api(srv.base, 'GET', '/api/v1/users?q=w2')).body.items.find((x) => x.username === 'w2');
  const named = await api(srv.base, 'PATCH', `/api/v1/users/${u.id}`, { display_name: '王小二', version: u.version });
  assert.equal(named.status, 200, named.text);
  const again = (await api(srv.base, 'GET', `/api/v1/services/${id}/revisions`, undefined, {}, as.w2)).body.items[0];
  assert.equal(again.changed_by, 'w2');
  assert.equal(again.changed_by_name, '王小二');
});

test('Idempotency-Key: a replay returns the first answer and records nothing new', async () => {
  const key = 'visit-draft-0001-abcdef';
  const before_ = await count();
  const first = await post(consult({ content: '离线草稿' }), as.w2, { 'idempotency-key': key });
  assert.equal(first.status, 201, first.text);
  const again = await post(consult({ content: '离线草稿' }), as.w2, { 'idempotency-key': key });
  assert.equal(again.status, 201);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual(again.body, first.body);
  assert.equal(await count(), before_ + 1);
  const other = await post(consult({ content: '另一条' }), as.w2, { 'idempotency-key': key });
  assert.equal(other.status, 422);
  assert.equal(other.body.error.code, 'idempotency_mismatch');
  const bad = await post(consult(), as.w2, { 'idempotency-key': 'x' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'Idempotency-Key');
  // A refused request keeps nothing: the corrected one with the same key runs.
  const key2 = 'visit-draft-0002-abcdef';
  const wrong = await post(consult({ ended_at: '2026-06-14T08:00' }), as.w2, { 'idempotency-key': key2 });
  assert.equal(wrong.status, 400);
  const fixed = await post(consult({ ended_at: '2026-06-14T08:00' }), as.w2, { 'idempotency-key': key2 });
  assert.equal(fixed.status, 400, 'the same bad request is checked again, not replayed');
  const good = await post(consult({ content: '改正后' }), as.w2, { 'idempotency-key': 'visit-draft-0003-abcdef' });
  assert.equal(good.status, 201);
  // Keys are the user's own: another user's identical key is a new request.
  const mine = await post(consult({ content: '离线草稿' }), as.w2b, { 'idempotency-key': key });
  assert.equal(mine.status, 201);
  assert.notEqual(mine.body.id, first.body.id);
  assert.equal(mine.headers.get('idempotent-replayed'), null);
});

test('ten concurrent replays of one key record one service', async () => {
  const key = 'burst-key-000000001';
  const before_ = await count();
  const rs = await Promise.all(Array.from({ length: 10 }, () =>
    post(consult({ content: '并发重试' }), as.w2, { 'idempotency-key': key })));
  const created = rs.filter((r) => r.status === 201);
  assert.ok(created.length >= 1);
  assert.ok(rs.every((r) => r.status === 201 || r.status === 409), rs.map((r) => r.status).join());
  assert.ok(created.every((r) => r.body.id === created[0].body.id));
  assert.equal(await count(), before_ + 1);
});

test("a station's staff: who may be named on its records", async () => {
  addUser(srv, 'sup_all', 'supervisor', 'all');
  addUser(srv, 'county_w', 'social_worker', 'region:430223');
  addUser(srv, 'other_region', 'social_worker', 'region:430224');
  const r = await api(srv.base, 'GET', '/api/v1/stations/2/staff', undefined, {}, as.w2b);
  assert.equal(r.status, 200, r.text);
  const names = r.body.items.map((u) => u.username).sort();
  for (const u of ['w2', 'w2b', 'sup_all', 'county_w']) assert.ok(names.includes(u), `${u} in ${names}`);
  for (const u of ['w3', 'eval', 'other_region', 'tester']) assert.ok(!names.includes(u), `${u} not in ${names}`);
  assert.equal(r.body.items.find((u) => u.username === 'sup_all').supervisor, true);
  assert.equal((await api(srv.base, 'GET', '/api/v1/stations/3/staff', undefined, {}, as.w2)).status, 404);
});

test("a station's staff are listed in the register's name order, by pinyin", async () => {
  // By code point 张 (U+5F20) comes before 爱 (U+7231) and 陈 (U+9648).
  const users = (await api(srv.base, 'GET', '/api/v1/users?limit=200')).body.items;
  for (const [username, display_name] of [['w2', '张伟'], ['w2b', '爱华'], ['sup_all', '陈静'], ['county_w', '程亮']]) {
    const u = users.find((x) => x.username === username);
    const r = await api(srv.base, 'PATCH', `/api/v1/users/${u.id}`, { display_name, version: u.version });
    assert.equal(r.status, 200, r.text);
  }
  const r = await api(srv.base, 'GET', '/api/v1/stations/2/staff', undefined, {}, as.w2b);
  assert.equal(r.status, 200, r.text);
  const order = r.body.items.map((u) => u.name).filter((n) => ['张伟', '爱华', '陈静', '程亮'].includes(n));
  // 陈 chen before 程 cheng: each reading apart, not the run-together pinyin.
  assert.deepEqual(order, ['爱华', '陈静', '程亮', '张伟']);
});

test('a new client on a record is of its station and active; a worker who left since stays on the records she served', async () => {
  addUser(srv, 'w23', 'social_worker', 'stations:2,3');
  addUser(srv, 'w2c', 'social_worker', 'stations:2');
  const both = await session(srv.base, 'w23');
  let r = await post(consult({ clients: [ids.c] }), both);
  assert.equal(r.status, 400, 'station 3\'s client on a station 2 record: ' + r.text);
  assert.equal(r.body.error.field, 'clients[0]');
  assert.match(r.body.error.message, /^赵小明：服务对象不属于本站点/);
  assert.equal((await post(consult({ station_id: 3, clients: [ids.c] }), both)).status, 201, 'at her own station');

  const d = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '周爷爷', sex: 'M', birth_date: '1930-01-01' });
  assert.equal(d.status, 201, d.text);
  const served = await post(consult({ clients: [ids.a, d.body.id] }));
  assert.equal(served.status, 201, served.text);
  const dead = await api(srv.base, 'PATCH', `/api/v1/clients/${d.body.id}`, { status: 'deceased', status_reason: '病故', status_on: '2026-06-01', version: d.body.version });
  assert.equal(dead.status, 200, dead.text);
  r = await post(consult({ clients: [d.body.id] }));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'started_at');
  assert.equal(r.body.error.message, '开始时间晚于服务对象周爷爷（死亡，2026-06-01）的状态变更日期，只能登记当日及以前的服务');
  r = await api(srv.base, 'PATCH', `/api/v1/services/${served.body.id}`, { outcome: '已转介', version: served.body.version }, {}, as.w2);
  assert.equal(r.status, 200, 'a record made before stays correctable: ' + r.text);

  const users = await api(srv.base, 'GET', '/api/v1/users?q=w2c');
  const u = users.body.items.find((x) => x.username === 'w2c');
  const rec = await post(consult({ workers: [ids.w2, u.id] }));
  assert.equal(rec.status, 201, rec.text);
  const moved = await api(srv.base, 'PATCH', `/api/v1/users/${u.id}`, { stations: [3], version: u.version });
  assert.equal(moved.status, 200, moved.text);
  r = await api(srv.base, 'PATCH', `/api/v1/services/${rec.body.id}`, { content: '咨询低保申请流程（更正错字）', version: rec.body.version }, {}, as.w2);
  assert.equal(r.status, 200, 'fixing a typo keeps who served: ' + r.text);
  assert.deepEqual(r.body.workers.map((w) => w.id).sort(), [ids.w2, u.id].sort());
  r = await post(consult({ workers: [ids.w2, u.id] }));
  assert.equal(r.status, 400, 'but she is not put on a new one');
});

test('a client who died, moved or was closed keeps the services given until that day, entered late; none after', async () => {
  const c = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '钱奶奶', sex: 'F', birth_date: '1935-06-12' });
  assert.equal(c.status, 201, c.text);
  const id = c.body.id;
  assert.equal(c.body.status_on, null, 'an active client has no status day');
  const patch = (body, version) => api(srv.base, 'PATCH', `/api/v1/clients/${id}`, { ...body, version });
  const day = (d, hour = '09') => consult({ started_at: `${d}T${hour}:00`, ended_at: `${d}T${hour}:30`, clients: [id] });
  // A visit recorded while she was thought alive, on a day after the
  // death reported later.
  const unaware = await post(day('2026-06-12'));
  assert.equal(unaware.status, 201, unaware.text);

  // The day is checked as other past days are: not ahead, not before her birth.
  let r = await patch({ status: 'deceased', status_reason: '病故', status_on: '2026-06-16' }, 1);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'status_on');
  assert.match(r.body.error.message, /状态变更日期/);
  r = await patch({ status: 'deceased', status_reason: '病故', status_on: '1935-06-11' }, 1);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'status_on');
  r = await patch({ status: 'deceased', status_reason: '病故', status_on: '2026-06-10' }, 1);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status_on, '2026-06-10');
  assert.deepEqual(r.body.warnings, [{ field: 'status_on', message: '已有1条服务记录的日期晚于状态变更日期，请核对该日期或这些服务记录' }],
    'the visit on the 12th, recorded before her death was known, is pointed out');
  assert.equal(r.body.age, 90, 'her age is the age she died at, not the 91 she would be today');

  r = await post(day('2026-06-11'));
  assert.equal(r.status, 400, 'the day after her death: ' + r.text);
  assert.equal(r.body.error.field, 'started_at');
  assert.equal(r.body.error.message, '开始时间晚于服务对象钱奶奶（死亡，2026-06-10）的状态变更日期，只能登记当日及以前的服务');
  const late = await post(day('2026-06-10'));
  assert.equal(late.status, 201, 'a visit on the day, entered five days later: ' + late.text);
  assert.equal((await post(day('2026-06-03'))).status, 201, 'a week before');
  r = await api(srv.base, 'PATCH', `/api/v1/services/${late.body.id}`, { started_at: '2026-06-12T09:00', ended_at: '2026-06-12T09:30', version: late.body.version }, {}, as.w2);
  assert.equal(r.status, 400, 'moved past her death: ' + r.text);
  assert.equal(r.body.error.field, 'started_at');
  r = await api(srv.base, 'PATCH', `/api/v1/services/${late.body.id}`, { outcome: '家属已知悉', version: late.body.version }, {}, as.w2);
  assert.equal(r.status, 200, 'corrected otherwise: ' + r.text);
  r = await api(srv.base, 'PATCH', `/api/v1/services/${unaware.body.id}`, { started_at: '2026-06-12T10:00', ended_at: '2026-06-12T10:30', version: unaware.body.version }, {}, as.w2);
  assert.equal(r.status, 200, 'a record she is on keeps its day: its hour is corrected freely: ' + r.text);
  // Her page keeps saying so, as long as the record after her day stands;
  // an active client's page has nothing to say.
  const page = await api(srv.base, 'GET', `/api/v1/clients/${id}`, undefined, {}, as.w2);
  assert.equal(page.body.services_after_status, 1, page.text);
  assert.equal((await api(srv.base, 'GET', `/api/v1/clients/${ids.a}`, undefined, {}, as.w2)).body.services_after_status, undefined);

  // A status changed without a day took effect today, not on the day of
  // the status it replaces; active again has none.
  r = await patch({ status: 'moved', status_reason: '随子女迁居长沙' }, 2);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.warnings, [], 'nothing after today');
  assert.equal(r.body.status_on, '2026-06-15', 'today on the server\'s clock, not the day she died');
  assert.equal(r.body.age, 91, 'one who moved away grows older');
  r = await patch({ status: 'active' }, 3);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status_on, null);
  assert.equal(r.body.status_reason, '');
  r = await patch({ status: 'closed', status_reason: '本人申请注销' }, 4);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status_on, '2026-06-15');
  // A day not known is said so, and then no service is taken at all.
  r = await patch({ status_on: null }, 5);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status_on, null, 'the same status keeps an unknown day unknown');
  r = await post(day('2026-06-03'));
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'clients[0]');
  assert.match(r.body.error.message, /^钱奶奶：服务对象已迁出、死亡或注销/);

  // Her history names the day.
  const h = await api(srv.base, 'GET', `/api/v1/clients/${id}/history`);
  assert.equal(h.status, 200, h.text);
  assert.ok(h.text.includes('2026-06-10'), 'the history keeps the day of death');
});

// Last: the later server's clock ends the sessions above.
test("a record cannot be dated before its client's birth; an old record's correction is not held to it", async () => {
  const at = (day) => ({ station_id: 3, type: 'consultation', started_at: `${day}T09:00`, ended_at: `${day}T09:30`,
    area: 'child_welfare', content: '儿童关爱咨询', clients: [ids.c] });
  const r = await post(at('2014-12-31'), as.w3);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'started_at');
  assert.equal(r.body.error.message, '开始时间不能早于服务对象赵小明（2015-01-01）的出生日期');
  const ok = await post(at('2015-01-01'), as.w3);
  assert.equal(ok.status, 201, ok.text);
  const moved = await api(srv.base, 'PATCH', `/api/v1/services/${ok.body.id}`, { started_at: '2014-06-01T09:00', ended_at: '2014-06-01T09:30', version: 1 }, {}, as.w3);
  assert.equal(moved.status, 400, moved.text);
  assert.equal(moved.body.error.field, 'started_at');
});

test('a number past what a machine word holds is said to be out of range, not "not JSON"', async () => {
  const r = await api(srv.base, 'POST', '/api/v1/services',
    `{"station_id":2,"type":"consultation","started_at":"2026-06-14T09:00","ended_at":"2026-06-14T09:30","area":"social_assistance","content":"x","clients":[${ids.a}],"extra_attendees":99999999999999999999}`,
    {}, as.w2);
  assert.equal(r.status, 400, r.text);
  // Named, as the form shows it under the field.
  assert.equal(r.body.error.field, 'extra_attendees');
  assert.equal(r.body.error.message, '未登记参与人数超出允许范围');
  const broken = await api(srv.base, 'POST', '/api/v1/services', '{"station_id":2,', {}, as.w2);
  assert.equal(broken.body.error.message, '请求内容不是有效的JSON');
});

test("a worker's overlapping records are saved with a warning naming the other; adjacent ones and a colleague's are not", async () => {
  const { w2, w2b } = as;
  const at = (day, from, to, extra = {}) => consult({ started_at: `2026-06-${day}T${from}`, ended_at: `2026-06-${day}T${to}`, ...extra });
  // A morning visit written up in the afternoon: the whole day.
  const long = await post(at('11', '09:00', '16:34'), w2b);
  assert.equal(long.status, 201, long.text);
  assert.deepEqual(long.body.warnings, [], 'nothing before it');
  const inside = await post(at('11', '14:00', '15:10'), w2b);
  assert.equal(inside.status, 201, 'warned, not refused');
  assert.deepEqual(inside.body.warnings, [{
    code: 'overlap', field: 'started_at', service_id: long.body.id,
    message: `与本人2026-06-11 09:00–16:34的服务记录（#${long.body.id}）时间重叠`,
  }]);
  const en = await post(at('11', '16:00', '16:45'), w2b, { 'accept-language': 'en' });
  assert.equal(en.status, 201, en.text);
  assert.deepEqual(en.body.warnings.map((w) => w.service_id), [long.body.id]);
  assert.equal(en.body.warnings[0].message, `Overlaps your service record #${long.body.id} of 2026-06-11 09:00–16:34`);
  // One that ends as the next begins does not overlap it.
  const first = await post(at('12', '14:00', '15:00'), w2b);
  const second = await post(at('12', '15:00', '16:00'), w2b);
  assert.equal(second.status, 201, second.text);
  assert.deepEqual([first.body.warnings, second.body.warnings], [[], []]);
  // Another worker's record at the same time is hers, not an overlap.
  const other = await post(at('12', '14:30', '15:30'), w2);
  assert.equal(other.status, 201, other.text);
  assert.deepEqual(other.body.warnings, []);
  // A change that moves a record onto another is warned of as well.
  const moved = await api(srv.base, 'PATCH', `/api/v1/services/${second.body.id}`,
    { started_at: '2026-06-12T14:30', version: 1 }, {}, w2b);
  assert.equal(moved.status, 200, moved.text);
  assert.deepEqual(moved.body.warnings.map((w) => w.service_id), [first.body.id]);
  // A colleague named on the record: her record is named with her name.
  const shared = await post(at('11', '10:00', '10:30', { workers: [ids.w2, ids.w2b] }), w2);
  assert.equal(shared.status, 201, shared.text);
  const name = shared.body.workers.find((w) => w.id === ids.w2b).name;
  assert.deepEqual(shared.body.warnings.map((w) => w.service_id), [long.body.id]);
  assert.equal(shared.body.warnings[0].message, `与${name}2026-06-11 09:00–16:34的服务记录（#${long.body.id}）时间重叠`);
  // At most three are named, earliest first.
  const busy = await post(at('11', '08:00', '17:00'), w2b);
  assert.equal(busy.status, 201, busy.text);
  assert.deepEqual(busy.body.warnings.map((w) => w.service_id), [long.body.id, shared.body.id, inside.body.id]);
});

/** A statement run with the backend's own client, beside the server. */
function sql(text) {
  if (BACKEND === 'postgres') return execFileSync('psql', [srv.env.SGZ_DB, '-qAtc', text], { encoding: 'utf8' });
  return execFileSync('sqlite3', [srv.env.SGZ_DB, text], { encoding: 'utf8' });
}

const crisisForm = (extra = {}) => ({
  kind: 'domestic_violence', risk_level: 'high', measures: '陪同到派出所报警，联系妇联安排临时庇护',
  notified: ['police', 'womens_federation'], result: 'stabilised', follow_up: '三天内回访，协助申请人身安全保护令', ...extra,
});

test('a crisis intervention carries its form: kind, risk, measures, partners notified, result and what follows', async () => {
  const crisis = (form, extra = {}) => post(consult({ type: 'crisis', content: '接报家暴求助，社工到场处置', ...(form === undefined ? {} : { crisis: form }), ...extra }));
  const before = await count();
  // Without its form, or with one that leaves out what the next worker
  // on call needs to know.
  for (const [form, field, message] of [
    [undefined, 'crisis', /此类服务须填写危机介入记录/],
    [null, 'crisis', /此类服务须填写危机介入记录/],
    [crisisForm({ kind: 'fight' }), 'crisis.kind', /危机类型/],
    [crisisForm({ risk_level: 'extreme' }), 'crisis.risk_level', /风险等级/],
    [crisisForm({ measures: '' }), 'crisis.measures', /处置措施/],
    [crisisForm({ result: 'done' }), 'crisis.result', /处置结果/],
    [crisisForm({ notified: ['police', 'police'] }), 'crisis.notified[1]', /联动单位/],
    [crisisForm({ notified: ['army'] }), 'crisis.notified[0]', /联动单位/],
    [crisisForm({ follow_up: '  ' }), 'crisis.follow_up', /危机尚未化解，须写明后续如何跟进/],
    [crisisForm({ notified: ['other'] }), 'crisis.notified_other', /联动单位选了“其他”/],
  ]) {
    const r = await crisis(form);
    assert.equal(r.status, 400, `${JSON.stringify(form)}: ${r.text}`);
    assert.equal(r.body.error.field, field, r.text);
    assert.match(r.body.error.message, message);
  }
  // Another type takes no crisis form.
  const wrong = await post(consult({ crisis: crisisForm() }));
  assert.equal(wrong.status, 400, wrong.text);
  assert.equal(wrong.body.error.field, 'crisis');
  assert.match(wrong.body.error.message, /危机介入记录不适用于此类服务/);
  assert.equal(await count(), before, 'nothing written');

  // A crisis resolved needs no follow-up; "other" named is enough.
  const done = await crisis(crisisForm({ result: 'resolved', follow_up: '', notified: ['other'], notified_other: '县反家暴中心' }));
  assert.equal(done.status, 201, done.text);
  assert.deepEqual(done.body.crisis, { kind: 'domestic_violence', risk_level: 'high', measures: '陪同到派出所报警，联系妇联安排临时庇护',
    notified: ['other'], notified_other: '县反家暴中心', result: 'resolved', follow_up: '' });
  // Texts kept without their blank ends; the other partner's name only
  // with "other" (it is shown nowhere else); blank measures are none.
  const tidy = await crisis(crisisForm({ measures: '  陪同报警  ', follow_up: ' 回访 ', notified: ['police'], notified_other: '县妇联' }));
  assert.equal(tidy.status, 201, tidy.text);
  assert.equal(tidy.body.crisis.measures, '陪同报警');
  assert.equal(tidy.body.crisis.follow_up, '回访');
  assert.equal('notified_other' in tidy.body.crisis, false, JSON.stringify(tidy.body.crisis));
  const blankMeasures = await crisis(crisisForm({ measures: '　 ' }));
  assert.equal(blankMeasures.status, 400, blankMeasures.text);
  assert.equal(blankMeasures.body.error.field, 'crisis.measures');
  // In English, by the form's names.
  const en = await post(consult({ type: 'crisis', crisis: crisisForm({ kind: undefined }) }), as.w2, { 'accept-language': 'en' });
  assert.equal(en.status, 400, en.text);
  assert.equal(en.body.error.message, 'Crisis type is required');
  const r = await crisis(crisisForm());
  assert.equal(r.status, 201, r.text);
  const got = (await api(srv.base, 'GET', `/api/v1/services/${r.body.id}`, undefined, {}, as.w2)).body;
  assert.equal(got.crisis.result, 'stabilised');
  assert.deepEqual(got.crisis.notified, ['police', 'womens_federation']);
  assert.equal(got.visit, null);
  // In the list too, and a consultation's form is null.
  const listed = (await api(srv.base, 'GET', '/api/v1/services?station_id=2&type=crisis&limit=200', undefined, {}, as.w2)).body.items;
  assert.ok(listed.some((x) => x.id === r.body.id && x.crisis.kind === 'domestic_violence'));
  const plain = await post(consult());
  assert.equal(plain.status, 201, plain.text);
  assert.equal(plain.body.crisis, null);

  // A correction: the crisis resolved later. The record before is kept.
  const fixed = await api(srv.base, 'PATCH', `/api/v1/services/${r.body.id}`, { crisis: { ...got.crisis, result: 'resolved' }, version: got.version }, {}, as.w2);
  assert.equal(fixed.status, 200, fixed.text);
  assert.equal(fixed.body.crisis.result, 'resolved');
  const revs = (await api(srv.base, 'GET', `/api/v1/services/${r.body.id}/revisions`, undefined, {}, as.w2)).body.items;
  assert.equal(JSON.parse(revs[0].record.crisis).result, 'stabilised');
  // Other fields corrected without the form: the form stays; cleared, refused.
  const other = await api(srv.base, 'PATCH', `/api/v1/services/${r.body.id}`, { place: '妇联庇护点', version: fixed.body.version }, {}, as.w2);
  assert.equal(other.status, 200, other.text);
  assert.equal(other.body.crisis.result, 'resolved');
  const cleared = await api(srv.base, 'PATCH', `/api/v1/services/${r.body.id}`, { crisis: null, version: other.body.version }, {}, as.w2);
  assert.equal(cleared.status, 400, cleared.text);
  assert.equal(cleared.body.error.field, 'crisis');
  // Made a consultation, the form goes.
  const retyped = await api(srv.base, 'PATCH', `/api/v1/services/${r.body.id}`, { type: 'consultation', crisis: null, version: other.body.version }, {}, as.w2);
  assert.equal(retyped.status, 200, retyped.text);
  assert.equal(retyped.body.crisis, null);

  // One entered before the form existed is corrected without inventing it.
  const old = await crisis(crisisForm());
  assert.equal(old.status, 201, old.text);
  sql(`UPDATE services SET crisis = '' WHERE id = ${old.body.id}`);
  const kept = await api(srv.base, 'PATCH', `/api/v1/services/${old.body.id}`, { outcome: '已稳定', version: old.body.version }, {}, as.w2);
  assert.equal(kept.status, 200, kept.text);
  assert.equal(kept.body.crisis, null);
});

// Last: a server with a later clock on the same database ends, at its
// first sign-in, every session idle by that clock, this file's too.
test('after the editing period a change needs a reason, and the original stays', async () => {
  const r = await post(consult({ content: '原始内容' }));
  const id = r.body.id;
  // The same database eight days later.
  const later = await spawnServe(['--listen', '127.0.0.1:0', '--access-log', 'off'],
    { ...srv.env, SGZ_NOW: String(Number(FIXED_NOW) + 8 * 86400) });
  try {
    const auth = await session(later.base, 'w2', 'Daily-Passw0rd');
    const no = await api(later.base, 'PATCH', `/api/v1/services/${id}`, { content: '改后内容', version: 1 }, {}, auth);
    // A missing field, not a version conflict the phone outbox would retry.
    assert.equal(no.status, 400, no.text);
    assert.equal(no.body.error.code, 'validation_failed');
    assert.equal(no.body.error.field, 'reason');
    // Opened and saved unchanged: nothing to explain, nothing written.
    const same = await api(later.base, 'PATCH', `/api/v1/services/${id}`, { content: '原始内容', version: 1 }, {}, auth);
    assert.equal(same.status, 200, same.text);
    assert.equal(same.body.version, 1);
    const blank = await api(later.base, 'PATCH', `/api/v1/services/${id}`, { content: '改后内容', reason: '   ', version: 1 }, {}, auth);
    assert.equal(blank.status, 400, 'spaces explain nothing');
    assert.equal(blank.body.error.field, 'reason');
    const yes = await api(later.base, 'PATCH', `/api/v1/services/${id}`, { content: '改后内容', reason: '录入时笔误', version: 1 }, {}, auth);
    assert.equal(yes.status, 200, yes.text);
    const revs = await api(later.base, 'GET', `/api/v1/services/${id}/revisions`, undefined, {}, auth);
    assert.equal(revs.body.items[0].record.content, '原始内容');
    assert.equal(revs.body.items[0].reason, '录入时笔误');
    assert.equal(revs.body.items[0].changed_by, 'w2');
  } finally {
    const s = await later.stop();
    assert.equal(s.code, 0, s.stderr);
  }
});
