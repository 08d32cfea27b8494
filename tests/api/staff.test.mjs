// 社工: the staff register — every field validated with a Chinese message
// naming it, phones masked, one station at a time (专职专岗) refused at
// write time naming the current station, a worker's login range following
// her assignment (and refused when edited by hand), trainings, supervision
// records, minimum wages, the roster as .xlsx, and the staff compliance
// rules in the compliance report. Clock: 2026-06-15; demo county 攸县.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, addUser, session, login, BIN, FIXED_NOW, TEST_PASSWORD2 } from './lib.mjs';
import { assertError } from './helpers_extra.mjs';

let srv;
const as = {};
let org;
let A;
let B;

const W = {
  name: '周晓梅', role: 'resident', birth_date: '1995-04-12', sex: 'F', education: 'bachelor',
  major: '社会工作', certificate: 'assistant', certified_on: '2021-06-20', hukou_local: true,
  hired_on: '2024-03-01', wage_fen: 260000, phone: '13812345678',
};

before(async () => {
  srv = await startServer();
  const o = await api(srv.base, 'POST', '/api/v1/organisations',
    { name: '攸县同心社会工作服务中心', credit_code: '91350100M000100Y43' });
  assert.equal(o.status, 201, o.text);
  org = o.body.id;
  const st = (await api(srv.base, 'GET', '/api/v1/stations?type=township_station&limit=5')).body.items;
  [A, B] = st;
  addUser(srv, 'lead.a', 'station_lead', `stations:${A.id}`);
  addUser(srv, 'lead.b', 'station_lead', `stations:${B.id}`);
  addUser(srv, 'worker1', 'social_worker', 'self');
  as.leadA = await session(srv.base, 'lead.a');
  as.leadB = await session(srv.base, 'lead.b');
  as.worker1 = await session(srv.base, 'worker1');
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const post = (path, body, auth) => api(srv.base, 'POST', path, body, {}, auth);

test('every field is checked, with a Chinese message naming it; nothing half-written', async () => {
  const before_ = (await api(srv.base, 'GET', '/api/v1/staff?limit=1')).body.total;
  const bad = [
    [{ ...W, organisation_id: org, name: undefined }, 'name'],
    [{ ...W, organisation_id: org, name: '2026' }, 'name'],
    [{ ...W, organisation_id: org, role: 'boss' }, 'role'],
    [{ ...W, organisation_id: org, birth_date: '2030-01-01' }, 'birth_date'],
    [{ ...W, organisation_id: org, hired_on: '2026-06-16' }, 'hired_on'],
    [{ ...W, organisation_id: org, phone: '12345' }, 'phone'],
    [{ ...W, organisation_id: org, wage_fen: -1 }, 'wage_fen'],
    [{ ...W, organisation_id: org, education: 'phd' }, 'education'],
    [{ ...W, organisation_id: org, certified_on: undefined }, 'certified_on'],
    [{ ...W, organisation_id: org, labour_from: '2024-03-01', labour_to: '2024-02-01' }, 'labour_to'],
    [{ ...W }, 'organisation_id'],
    [{ ...W, organisation_id: 99999 }, 'organisation_id'],
    // 攸县: the organisation employs every worker; no township employer.
    [{ ...W, employer_region: '430223100' }, 'employer_region'],
    [{ ...W, organisation_id: org, birth_date: '2012-01-01' }, 'birth_date'],
    [{ ...W, organisation_id: org, birth_date: '1900-01-01' }, 'birth_date'],
  ];
  for (const [body, field] of bad) {
    const r = await post('/api/v1/staff', body);
    const e = assertError(r, r.status === 409 ? 409 : 400, undefined, field);
    assert.ok(e.message.length > 2, e.message);
  }
  const en = await api(srv.base, 'POST', '/api/v1/staff', { ...W }, { 'accept-language': 'en' });
  assertError(en, 400, 'validation_failed', 'organisation_id', 'en');
  assert.equal((await api(srv.base, 'GET', '/api/v1/staff?limit=1')).body.total, before_);
});

let worker;

test('a worker is registered, her phone masked; a stale version is refused', async () => {
  const r = await post('/api/v1/staff', { ...W, organisation_id: org });
  assert.equal(r.status, 201, r.text);
  worker = r.body;
  assert.equal(worker.phone, '138****5678');
  assert.equal(worker.age, 31);
  assert.equal(worker.age_at_hire, 28);
  assert.equal(worker.organisation_name, '攸县同心社会工作服务中心');
  assert.equal(worker.station, null);
  const ok = await api(srv.base, 'PATCH', `/api/v1/staff/${worker.id}`, { major: '社会学', version: worker.version });
  assert.equal(ok.status, 200, ok.text);
  const stale = await api(srv.base, 'PATCH', `/api/v1/staff/${worker.id}`, { major: '心理学', version: worker.version });
  assertError(stale, 409, 'version_conflict');
  worker = ok.body;
  const found = (await api(srv.base, 'GET', `/api/v1/staff?q=zhouxiao`)).body;
  assert.ok(found.items.some((s) => s.id === worker.id), 'found by pinyin');
});

async function userOf(name) {
  const users = (await api(srv.base, 'GET', '/api/v1/users?limit=200')).body.items;
  return users.find((u) => u.username === name);
}

test('one station at a time; her login range follows the assignment and is not edited by hand', async () => {
  const u = await userOf('worker1');
  let r = await api(srv.base, 'PATCH', `/api/v1/staff/${worker.id}`, { user_id: u.id, version: worker.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.username, 'worker1');
  // Not posted to a station before she was hired.
  r = await post(`/api/v1/staff/${worker.id}/assignments`, { station_id: A.id, from_on: '2024-02-29' });
  assertError(r, 400, 'validation_failed', 'from_on');
  assert.equal(r.body.error.message, '派驻开始日期不能早于入职日期');
  r = await post(`/api/v1/staff/${worker.id}/assignments`, { station_id: A.id, from_on: '2024-03-01' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.station.id, A.id);
  let user = await userOf('worker1');
  // Her station follows the assignment; her range "self" (her own
  // clients only) is the administrator's choice and stays.
  assert.equal(user.data_range, 'self');
  assert.deepEqual(user.stations, [A.id]);
  // Nor hired after the assignment began.
  const now = (await api(srv.base, 'GET', `/api/v1/staff/${worker.id}`)).body;
  r = await api(srv.base, 'PATCH', `/api/v1/staff/${worker.id}`, { hired_on: '2024-04-01', version: now.version });
  assertError(r, 400, 'validation_failed', 'hired_on');
  assert.match(r.body.error.message, /入职日期不能晚于其派驻站点的开始日期/);
  // A certificate taken before she was born.
  r = await api(srv.base, 'PATCH', `/api/v1/staff/${worker.id}`, { certified_on: '1980-01-01', version: now.version });
  assertError(r, 400, 'validation_failed', 'certified_on');
  assert.match(r.body.error.message, /取证日期不能早于出生日期/);
  // A second station while the first is open: refused, naming it.
  r = await post(`/api/v1/staff/${worker.id}/assignments`, { station_id: B.id, from_on: '2026-06-01' });
  const e = assertError(r, 409, 'conflict', 'station_id');
  assert.ok(e.message.includes(A.name), e.message);
  assert.match(e.message, /专职专岗/);
  assert.equal((await api(srv.base, 'GET', `/api/v1/staff/${worker.id}/assignments`)).body.items.length, 1);
  // The administrator cannot change that range by hand …
  r = await api(srv.base, 'PATCH', `/api/v1/users/${user.id}`, { data_range: 'all', version: user.version });
  const e2 = assertError(r, 409, 'conflict', 'data_range');
  assert.ok(e2.message.includes('周晓梅'), e2.message);
  // … but may change the rest.
  r = await api(srv.base, 'PATCH', `/api/v1/users/${user.id}`, { display_name: '周晓梅', data_range: 'self', stations: [A.id], version: user.version });
  assert.equal(r.status, 200, r.text);
  // Ending the assignment and starting another moves the range.
  const cur = (await api(srv.base, 'GET', `/api/v1/staff/${worker.id}`)).body;
  r = await api(srv.base, 'PATCH', `/api/v1/staff/${worker.id}/assignments/${cur.station.assignment_id}`, { to_on: '2026-06-14', version: cur.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.station, null);
  assert.deepEqual((await userOf('worker1')).stations, []);
  r = await post(`/api/v1/staff/${worker.id}/assignments`, { station_id: B.id, from_on: '2026-06-15' });
  assert.equal(r.status, 201, r.text);
  user = await userOf('worker1');
  assert.deepEqual(user.stations, [B.id]);
  const hist = (await api(srv.base, 'GET', `/api/v1/staff/${worker.id}/assignments`)).body.items;
  assert.deepEqual(hist.map((h) => [h.station_id, h.to_on, h.current]), [[B.id, null, true], [A.id, '2026-06-14', false]]);
  // The worker herself now sees station B's records: her session reads the new range.
  const me = await api(srv.base, 'GET', '/api/v1/session', undefined, {}, as.worker1);
  assert.equal(me.status, 200);
});

test('a station lead reads her station\'s workers only; a social worker reads none', async () => {
  const b = await api(srv.base, 'GET', `/api/v1/staff/${worker.id}`, undefined, {}, as.leadB);
  assert.equal(b.status, 200, b.text);
  const a = await api(srv.base, 'GET', `/api/v1/staff/${worker.id}`, undefined, {}, as.leadA);
  assertError(a, 404, 'not_found');
  const list = (await api(srv.base, 'GET', '/api/v1/staff?limit=200', undefined, {}, as.leadB)).body;
  assert.ok(list.items.every((s) => s.station && s.station.id === B.id), 'only station B');
  const w = await api(srv.base, 'GET', '/api/v1/staff', undefined, {}, as.worker1);
  assert.equal(w.status, 403);
  const write = await post('/api/v1/staff', { ...W, organisation_id: org }, as.leadB);
  assert.equal(write.status, 403);
});

test('trainings and supervision records', async () => {
  let r = await post(`/api/v1/staff/${worker.id}/trainings`, { held_on: '2026-05-20', title: '个案管理实务', hours: 6, organiser: '攸县民政局' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.hours, 6);
  assertError(await post(`/api/v1/staff/${worker.id}/trainings`, { held_on: '2026-05-20', title: '个案管理实务', hours: 0 }), 400, undefined, 'hours');
  assertError(await post(`/api/v1/staff/${worker.id}/trainings`, { held_on: '2026-07-01', title: '个案管理实务', hours: 2 }), 400, undefined, 'held_on');
  const old = await post(`/api/v1/staff/${worker.id}/trainings`, { held_on: '1900-01-01', title: '个案管理实务', hours: 2 });
  assertError(old, 400, undefined, 'held_on');
  assert.match(old.body.error.message, /早于2000年/);
  const bad = await post(`/api/v1/staff/${worker.id}/trainings`, { held_on: '2026-05-21', title: '督导技巧', hours: 1.25 });
  assertError(bad, 400, undefined, 'hours');
  assert.match(bad.body.error.message, /0\.5学时为单位/);
  r = await post(`/api/v1/staff/${worker.id}/trainings`, { held_on: '2026-05-21', title: '督导技巧', hours: 3.5 });
  assert.equal(r.status, 201, 'a half-hour course: ' + r.text);
  assert.equal(r.body.hours, 3.5);
  const list = (await api(srv.base, 'GET', `/api/v1/staff/${worker.id}/trainings`)).body;
  assert.deepEqual(list.items.map((x) => x.hours).sort(), [3.5, 6]);
  const sup = await post('/api/v1/staff', { ...W, name: '欧阳建国', role: 'supervisor', certificate: 'intermediate', phone: '', organisation_id: org });
  assert.equal(sup.status, 201, sup.text);
  // Only a supervisor leads a session.
  r = await post('/api/v1/supervision_sessions', { held_on: '2026-06-10', supervisor_id: worker.id, topic: '个案督导', attendees: [] });
  assertError(r, 400, 'validation_failed', 'supervisor_id');
  r = await post('/api/v1/supervision_sessions', { held_on: '2026-06-10', supervisor_id: sup.body.id, station_id: B.id, topic: '个案督导',
    content: '讨论困境儿童个案的服务计划', minutes: '1. 完善预估\n2. 链接教育资源', attendees: [worker.id] });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.attendees.map((x) => x.name), ['周晓梅']);
  // A worker listed twice is a mistake said, not a row counted twice.
  r = await post('/api/v1/supervision_sessions', { held_on: '2026-06-10', supervisor_id: sup.body.id, station_id: B.id, topic: '个案督导',
    attendees: [worker.id, worker.id] });
  assertError(r, 400, 'validation_failed', 'attendees[1]');
  // The supervisor is not among those she supervises.
  r = await post('/api/v1/supervision_sessions', { held_on: '2026-06-10', supervisor_id: sup.body.id, station_id: B.id, topic: '个案督导',
    attendees: [worker.id, sup.body.id] });
  assertError(r, 400, 'validation_failed', 'attendees[1]');
  assert.match(r.body.error.message, /督导本人不能同时列为参加督导的社工/);
  r = await post('/api/v1/supervision_sessions', { held_on: '1926-06-10', supervisor_id: sup.body.id, topic: '个案督导' });
  assertError(r, 400, 'validation_failed', 'held_on');
  // Without attendees, twice: the second must not find the first's
  // statement still in use (it took the server down).
  for (let i = 0; i < 2; i++) {
    r = await post('/api/v1/supervision_sessions', { held_on: '2026-06-11', supervisor_id: sup.body.id, topic: '督导员自学' });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.attendees, []);
  }
  const mine = (await api(srv.base, 'GET', `/api/v1/supervision_sessions?staff_id=${worker.id}`)).body;
  assert.equal(mine.total, 1);
  const leadA = (await api(srv.base, 'GET', '/api/v1/supervision_sessions', undefined, {}, as.leadA)).body;
  assert.equal(leadA.items.filter((v) => v.station_id === B.id).length, 0);
});

// A second server on the same database with its clock moved on, to judge
// a record as the first would days later.
const late = {};
async function serverAt(env, now) {
  const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--access-log', 'off'],
    { env: { ...process.env, ...env, SGZ_NOW: String(now) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const port = await new Promise((resolve, reject) => {
    child.stderr.on('data', (c) => { err += c; const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err); if (m) resolve(Number(m[1])); });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  child.removeAllListeners('exit');
  return { base: `http://127.0.0.1:${port}`, stop: () => new Promise((res) => { child.on('exit', res); child.kill('SIGTERM'); }) };
}

test('a supervision record is corrected (versioned, audited) and removed by its author within the editing period', async () => {
  addUser(srv, 'sup.a', 'supervisor', `stations:${A.id}`);
  addUser(srv, 'sup.b', 'supervisor', `stations:${B.id}`);
  addUser(srv, 'aud', 'auditor', 'all');
  as.supA = await session(srv.base, 'sup.a');
  as.supB = await session(srv.base, 'sup.b');
  as.aud = await session(srv.base, 'aud');
  const s2 = await post('/api/v1/staff', { ...W, name: '司马督导', role: 'supervisor', certificate: 'intermediate', phone: '', organisation_id: org });
  assert.equal(s2.status, 201, s2.text);
  assert.equal((await post(`/api/v1/staff/${s2.body.id}/assignments`, { station_id: B.id, from_on: '2026-01-05' })).status, 201);
  // Her range is a station: a record without one would be saved out of
  // her sight, neither listed, corrected nor removable by her.
  let r = await post('/api/v1/supervision_sessions', { held_on: '2026-06-10', supervisor_id: s2.body.id,
    topic: '集中督导', attendees: [worker.id] }, as.supB);
  assertError(r, 400, 'validation_failed', 'station_id');
  assert.match(r.body.error.message, /驻站站点不能为空/);
  r = await post('/api/v1/supervision_sessions', { held_on: '2026-06-10', supervisor_id: s2.body.id, station_id: B.id,
    topic: '小组督导', content: '讨论', minutes: '纪要', attendees: [worker.id] }, as.supB);
  assert.equal(r.status, 201, r.text);
  const v = r.body;
  assert.equal(v.version, 1);
  assert.equal(v.removable, true, 'its author, the same day');
  const byTester = (await api(srv.base, 'GET', `/api/v1/supervision_sessions?station_id=${B.id}&from=2026-06-10&to=2026-06-10`)).body;
  assert.equal(byTester.items.find((x) => x.id === v.id).removable, false, 'not the tester\'s to remove');
  const patch = (id, body, auth, headers = {}) => api(srv.base, 'PATCH', `/api/v1/supervision_sessions/${id}`, body, headers, auth);
  // Corrected: the date, the topic, the attendees.
  r = await patch(v.id, { held_on: '2026-06-12', topic: '小组督导（更正）', attendees: [] }, as.supB, { 'if-match': '1' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.held_on, '2026-06-12');
  assert.equal(r.body.topic, '小组督导（更正）');
  assert.deepEqual(r.body.attendees, []);
  assert.equal(r.body.content, '讨论', 'a field not sent stays');
  assert.equal(r.body.version, 2);
  // A stale version, a missing one, bad input naming the field.
  assertError(await patch(v.id, { topic: '又改了' }, as.supB, { 'if-match': '1' }), 409, 'version_conflict');
  assert.equal((await patch(v.id, { topic: '又改了' }, as.supB)).status, 428);
  assertError(await patch(v.id, { topic: 'x', version: 2 }, as.supB), 400, 'validation_failed', 'topic');
  assertError(await patch(v.id, { held_on: '2026-07-01', version: 2 }, as.supB), 400, 'validation_failed', 'held_on');
  assertError(await patch(v.id, { held_on: '1999-12-31', version: 2 }, as.supB), 400, 'validation_failed', 'held_on');
  assertError(await patch(v.id, { supervisor_id: worker.id, version: 2 }, as.supB), 400, 'validation_failed', 'supervisor_id');
  assertError(await patch(v.id, { attendees: [worker.id, worker.id], version: 2 }, as.supB), 400, 'validation_failed', 'attendees[1]');
  assertError(await patch(v.id, { station_id: A.id, version: 2 }, as.supB), 400, undefined, 'station_id');
  const badTopic = await patch(v.id, { topic: 'x', version: 2 }, as.supB);
  assert.match(badTopic.body.error.message, /督导主题/);
  // Another station's supervisor neither sees nor changes it; a social
  // worker may not write supervision records at all.
  assertError(await patch(v.id, { topic: '越权修改', version: 2 }, as.supA), 404, 'not_found');
  assert.equal((await patch(v.id, { topic: '越权修改', version: 2 }, as.worker1)).status, 403);
  assertError(await patch(999999, { topic: '不存在', version: 1 }, as.supB), 404, 'not_found');
  // Nothing half-written by the refusals.
  const now = (await api(srv.base, 'GET', `/api/v1/supervision_sessions?station_id=${B.id}`, undefined, {}, as.supB)).body.items.find((x) => x.id === v.id);
  assert.equal(now.version, 2);
  assert.equal(now.topic, '小组督导（更正）');
  // Audited with before and after.
  const log = (await api(srv.base, 'GET', `/api/v1/audit?action=supervision.update&entity_id=${v.id}`, undefined, {}, as.aud)).body.items;
  assert.equal(log.length, 1, JSON.stringify(log));
  assert.equal(JSON.parse(log[0].detail).before.held_on, '2026-06-10');
  assert.equal(JSON.parse(log[0].detail).after.held_on, '2026-06-12');
  assert.deepEqual(JSON.parse(log[0].detail).before.attendees, [worker.id]);
  assert.deepEqual(JSON.parse(log[0].detail).after.attendees, []);
  // Two corrections of the same version at once: one wins, the other is
  // told someone saved in between (the row is locked, then its version
  // read again).
  for (let round = 0; round < 5; round++) {
    const cur = (await api(srv.base, 'GET', `/api/v1/supervision_sessions?station_id=${B.id}`, undefined, {}, as.supB)).body.items.find((x) => x.id === v.id);
    const both = await Promise.all([
      patch(v.id, { minutes: `甲${round}`, version: cur.version }, as.supB),
      patch(v.id, { minutes: `乙${round}`, version: cur.version }, as.supB),
    ]);
    assert.deepEqual(both.map((x) => x.status).sort(), [200, 409], both.map((x) => x.text).join(' '));
  }
  const raced = (await api(srv.base, 'GET', `/api/v1/supervision_sessions?station_id=${B.id}`, undefined, {}, as.supB)).body.items.find((x) => x.id === v.id);
  assert.equal(raced.version, 7);
  // Removed: not by another, not with a stale version; by its author.
  const del = (id, auth, version) => api(srv.base, 'DELETE', `/api/v1/supervision_sessions/${id}`, undefined, { 'if-match': String(version) }, auth);
  const notMine = await del(v.id, undefined, 7);
  assertError(notMine, 403, 'forbidden');
  assert.match(notMine.body.error.message, /只有登记人/);
  assertError(await del(v.id, as.supA, 7), 404, 'not_found');
  assertError(await del(v.id, as.supB, 2), 409, 'version_conflict');
  r = await del(v.id, as.supB, 7);
  assert.equal(r.status, 200, r.text);
  const after = (await api(srv.base, 'GET', `/api/v1/supervision_sessions?station_id=${B.id}`, undefined, {}, as.supB)).body.items;
  assert.ok(!after.some((x) => x.id === v.id), 'gone');
  const gone = (await api(srv.base, 'GET', `/api/v1/audit?action=supervision.delete&entity_id=${v.id}`, undefined, {}, as.aud)).body.items;
  assert.equal(gone.length, 1);
  assert.equal(JSON.parse(gone[0].detail).before.topic, '小组督导（更正）');
  assert.equal(JSON.parse(gone[0].detail).before.content, '讨论');
  // Judged after the editing period by the last test.
  r = await post('/api/v1/supervision_sessions', { held_on: '2026-06-14', supervisor_id: s2.body.id, station_id: B.id, topic: '个案督导' }, as.supB);
  assert.equal(r.status, 201, r.text);
  late.session = r.body.id;
});

test('a training is corrected (versioned, audited) by whoever manages the worker, and removed by its author within the period', async () => {
  const path = `/api/v1/staff/${worker.id}/trainings`;
  let r = await post(path, { held_on: '2026-06-01', title: '社会工作伦理', hours: 2, organiser: '市民政局' });
  assert.equal(r.status, 201, r.text);
  const t = r.body;
  assert.equal(t.version, 1);
  assert.equal(t.removable, true);
  const patch = (id, body, headers = {}, auth = undefined) => api(srv.base, 'PATCH', `${path}/${id}`, body, headers, auth);
  r = await patch(t.id, { held_on: '2026-06-02', hours: 2.5, title: '社会工作伦理（实务）' }, { 'if-match': '1' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.hours, 2.5);
  assert.equal(r.body.held_on, '2026-06-02');
  assert.equal(r.body.organiser, '市民政局', 'a field not sent stays');
  assert.equal(r.body.version, 2);
  assertError(await patch(t.id, { title: '再改' }, { 'if-match': '1' }), 409, 'version_conflict');
  assertError(await patch(t.id, { hours: 1.25, version: 2 }), 400, undefined, 'hours');
  assertError(await patch(t.id, { held_on: '2026-07-01', version: 2 }), 400, undefined, 'held_on');
  assertError(await patch(t.id, { title: 'x', version: 2 }), 400, 'validation_failed', 'title');
  assertError(await patch(t.id, { held_on: '2026-13-01', version: 2 }), 400, 'validation_failed', 'held_on');
  // Not through another worker's path; not by a station lead.
  const other = await post('/api/v1/staff', { ...W, name: '欧阳另一', phone: '', organisation_id: org });
  assert.equal(other.status, 201, other.text);
  assertError(await api(srv.base, 'PATCH', `/api/v1/staff/${other.body.id}/trainings/${t.id}`, { title: '错位', version: 2 }), 404, 'not_found');
  assert.equal((await patch(t.id, { title: '越权', version: 2 }, {}, as.leadB)).status, 403);
  const list = (await api(srv.base, 'GET', path)).body.items;
  assert.equal(list.find((x) => x.id === t.id).title, '社会工作伦理（实务）');
  const log = (await api(srv.base, 'GET', `/api/v1/audit?action=staff.training_update&entity_id=${worker.id}`, undefined, {}, as.aud)).body.items;
  assert.equal(log.length, 1, JSON.stringify(log));
  assert.equal(JSON.parse(log[0].detail).training_id, t.id);
  assert.equal(JSON.parse(log[0].detail).before.duration_minutes, 120);
  assert.equal(JSON.parse(log[0].detail).after.duration_minutes, 150);
  // Removed by its author only.
  addUser(srv, 'bureau2', 'bureau', 'all');
  const b2 = await session(srv.base, 'bureau2');
  const del = (id, version, auth) => api(srv.base, 'DELETE', `${path}/${id}`, undefined, { 'if-match': String(version) }, auth);
  assertError(await del(t.id, 2, b2), 403, 'forbidden');
  assertError(await del(t.id, 1), 409, 'version_conflict');
  r = await del(t.id, 2);
  assert.equal(r.status, 200, r.text);
  assert.ok(!(await api(srv.base, 'GET', path)).body.items.some((x) => x.id === t.id));
  const gone = (await api(srv.base, 'GET', `/api/v1/audit?action=staff.training_delete&entity_id=${worker.id}`, undefined, {}, as.aud)).body.items;
  assert.equal(gone.length, 1);
  assert.equal(JSON.parse(gone[0].detail).before.title, '社会工作伦理（实务）');
  assertError(await del(t.id, 2), 404, 'not_found');
  // After the period: not removed, corrected still.
  r = await post(path, { held_on: '2026-06-03', title: '危机干预', hours: 3 });
  assert.equal(r.status, 201, r.text);
  late.training = r.body.id;
});

test('a correction that changes nothing keeps the version and writes no audit row', async () => {
  const sup = await post('/api/v1/staff', { ...W, name: '诸葛督导', role: 'supervisor', certificate: 'intermediate', phone: '', organisation_id: org });
  assert.equal(sup.status, 201, sup.text);
  assert.equal((await post(`/api/v1/staff/${sup.body.id}/assignments`, { station_id: B.id, from_on: '2026-01-05' })).status, 201);
  const other = await post('/api/v1/staff', { ...W, name: '慕容同事', phone: '', organisation_id: org });
  assert.equal(other.status, 201, other.text);
  let r = await post('/api/v1/supervision_sessions', { held_on: '2026-06-09', supervisor_id: sup.body.id, station_id: B.id,
    topic: '个案复盘', content: '内容', minutes: '纪要', attendees: [worker.id, other.body.id] });
  assert.equal(r.status, 201, r.text);
  const v = r.body;
  const audits = async (action, id) => (await api(srv.base, 'GET', `/api/v1/audit?action=${action}&entity_id=${id}`, undefined, {}, as.aud)).body.items.length;
  // The edit dialog saved again untouched: every field as it is, the
  // attendees in another order than the record lists them.
  r = await api(srv.base, 'PATCH', `/api/v1/supervision_sessions/${v.id}`, {
    held_on: v.held_on, supervisor_id: v.supervisor_id, station_id: v.station_id, topic: v.topic, content: v.content,
    minutes: v.minutes, attendees: v.attendees.map((a) => a.id).reverse(), version: v.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.version, v.version, 'same version');
  assert.deepEqual(r.body, v, 'the record as it was');
  assert.equal(await audits('supervision.update', v.id), 0, 'no audit row');
  // A colleague's edit begun from the same record still goes through.
  r = await api(srv.base, 'PATCH', `/api/v1/supervision_sessions/${v.id}`, { topic: '个案复盘（二）', version: v.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.version, v.version + 1);
  assert.equal(await audits('supervision.update', v.id), 1);
  // A stale version is still refused, changed or not.
  assertError(await api(srv.base, 'PATCH', `/api/v1/supervision_sessions/${v.id}`, { topic: '个案复盘（二）', version: v.version }), 409, 'version_conflict');

  const path = `/api/v1/staff/${worker.id}/trainings`;
  r = await post(path, { held_on: '2026-06-04', title: '需求评估', hours: 1.5, organiser: '县社工站' });
  assert.equal(r.status, 201, r.text);
  const t = r.body;
  const logged = await audits('staff.training_update', worker.id);
  r = await api(srv.base, 'PATCH', `${path}/${t.id}`, { held_on: t.held_on, title: t.title, hours: t.hours, organiser: t.organiser, version: t.version });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, t, 'the training as it was, same version');
  assert.equal(await audits('staff.training_update', worker.id), logged, 'no audit row');
});

test('a worker reads her own trainings and supervision records, read-only, and no colleague\'s', async () => {
  // worker1 is linked to the worker (周晓梅); a colleague with a login of her own.
  const colleague = await post('/api/v1/staff', { ...W, name: '上官同事', phone: '', organisation_id: org });
  assert.equal(colleague.status, 201, colleague.text);
  addUser(srv, 'worker2', 'social_worker', 'self');
  const u2 = await userOf('worker2');
  assert.equal((await api(srv.base, 'PATCH', `/api/v1/staff/${colleague.body.id}`, { user_id: u2.id, version: colleague.body.version })).status, 200);
  as.worker2 = await session(srv.base, 'worker2');
  const sup = (await api(srv.base, 'GET', '/api/v1/staff?q=诸葛督导')).body.items[0];
  const hers = await post('/api/v1/supervision_sessions', { held_on: '2026-06-08', supervisor_id: sup.id, station_id: B.id,
    topic: '一对一督导', minutes: '情绪疏导', attendees: [worker.id] });
  assert.equal(hers.status, 201, hers.text);
  const theirs = await post('/api/v1/supervision_sessions', { held_on: '2026-06-08', supervisor_id: sup.id, station_id: B.id,
    topic: '同事的督导', attendees: [colleague.body.id] });
  assert.equal(theirs.status, 201, theirs.text);
  assert.equal((await post(`/api/v1/staff/${colleague.body.id}/trainings`, { held_on: '2026-06-02', title: '同事的培训', hours: 2 })).status, 201);

  // The register is not hers to read; her own records are.
  assert.equal((await api(srv.base, 'GET', '/api/v1/supervision_sessions', undefined, {}, as.worker1)).status, 403);
  const mine = await api(srv.base, 'GET', '/api/v1/session/supervision_sessions', undefined, {}, as.worker1);
  assert.equal(mine.status, 200, mine.text);
  const topics = mine.body.items.map((x) => x.topic);
  assert.ok(topics.includes('一对一督导'), topics.join());
  assert.ok(!topics.includes('同事的督导'), 'not a colleague\'s');
  assert.ok(mine.body.items.every((x) => x.attendees.some((a) => a.id === worker.id) || x.supervisor_id === worker.id));
  assert.ok(mine.body.items.every((x) => x.removable === false), 'read-only');
  assert.equal(mine.body.items.find((x) => x.topic === '一对一督导').minutes, '情绪疏导');
  // Her filters: the day, a station; and a colleague's id in the query
  // does not open the colleague's records.
  const day = await api(srv.base, 'GET', '/api/v1/session/supervision_sessions?from=2026-06-08&to=2026-06-08', undefined, {}, as.worker1);
  assert.deepEqual(day.body.items.map((x) => x.topic), ['一对一督导']);
  assert.equal((await api(srv.base, 'GET', `/api/v1/session/supervision_sessions?staff_id=${colleague.body.id}`, undefined, {}, as.worker1)).status, 400);
  assertError(await api(srv.base, 'GET', '/api/v1/session/supervision_sessions?from=2026-13-01', undefined, {}, as.worker1), 400, undefined, 'from');
  const theirsSeen = (await api(srv.base, 'GET', '/api/v1/session/supervision_sessions', undefined, {}, as.worker2)).body.items.map((x) => x.topic);
  assert.deepEqual(theirsSeen, ['同事的督导']);

  const trainings = await api(srv.base, 'GET', '/api/v1/session/trainings', undefined, {}, as.worker1);
  assert.equal(trainings.status, 200, trainings.text);
  assert.ok(trainings.body.items.length > 0);
  assert.ok(!trainings.body.items.some((x) => x.title === '同事的培训'));
  assert.deepEqual((await api(srv.base, 'GET', '/api/v1/session/trainings', undefined, {}, as.worker2)).body.items.map((x) => x.title), ['同事的培训']);
  // Writing stays the supervisor's.
  assert.equal((await api(srv.base, 'PATCH', `/api/v1/supervision_sessions/${hers.body.id}`, { topic: '改', version: 1 }, {}, as.worker1)).status, 403);
  // One with no worker record linked reads none; a role without staff.own is refused.
  addUser(srv, 'worker3', 'social_worker', 'self');
  const w3 = await session(srv.base, 'worker3');
  assert.deepEqual((await api(srv.base, 'GET', '/api/v1/session/supervision_sessions', undefined, {}, w3)).body.items, []);
  assert.deepEqual((await api(srv.base, 'GET', '/api/v1/session/trainings', undefined, {}, w3)).body.items, []);
  assert.equal((await api(srv.base, 'GET', '/api/v1/session/trainings', undefined, {}, as.aud)).status, 403);
});

test('minimum wages are dated settings per county', async () => {
  assertError(await post('/api/v1/min_wages', { region_code: '4302', effective_on: '2025-01-01', monthly_fen: 190000 }), 400, undefined, 'region_code');
  assertError(await post('/api/v1/min_wages', { region_code: '430223', effective_on: '2025-01-01', monthly_fen: 0 }), 400, undefined, 'monthly_fen');
  const before_ = (await api(srv.base, 'GET', '/api/v1/min_wages?region_code=430223')).body.items.length;
  const r = await post('/api/v1/min_wages', { region_code: '430223', effective_on: '2026-06-01', monthly_fen: 200000, source: '测试' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.region_name, '攸县');
  assertError(await post('/api/v1/min_wages', { region_code: '430223', effective_on: '2026-06-01', monthly_fen: 210000 }), 409, 'conflict', 'effective_on');
  assert.equal((await api(srv.base, 'GET', '/api/v1/min_wages?region_code=430223')).body.items.length, before_ + 1);
  assert.equal((await post('/api/v1/min_wages', { region_code: '430223', effective_on: '2026-07-01', monthly_fen: 200000 }, as.leadB)).status, 403);
  // A county's officer enters her own county's wage, not a neighbour's
  // (茶陵县), whose staff findings it would change.
  addUser(srv, 'county.officer', 'bureau', 'region:430223');
  const officer = await session(srv.base, 'county.officer');
  const other = await post('/api/v1/min_wages', { region_code: '430224', effective_on: '2026-07-01', monthly_fen: 250000 }, officer);
  assertError(other, 400, undefined, 'region_code');
  assert.equal(other.body.error.message, '县(区)：不在您的数据范围内');
  assert.equal((await api(srv.base, 'GET', '/api/v1/min_wages?region_code=430224')).body.items.length, 0);
  assert.equal((await post('/api/v1/min_wages', { region_code: '430223', effective_on: '2026-07-01', monthly_fen: 200000 }, officer)).status, 201);
  // Paged like every list: the pages hold every row once, newest first.
  const all = (await api(srv.base, 'GET', '/api/v1/min_wages?region_code=430223')).body;
  assert.ok(all.total >= 2);
  const paged = [];
  for (let p = 1; p <= all.total; p++) {
    const r1 = await api(srv.base, 'GET', `/api/v1/min_wages?region_code=430223&limit=1&page=${p}`);
    assert.equal(r1.status, 200, JSON.stringify(r1.body));
    const one = r1.body;
    assert.equal(one.total, all.total);
    paged.push(...one.items.map((w) => w.effective_on));
  }
  assert.deepEqual(paged, all.items.map((w) => w.effective_on));
  assert.equal(paged[0], '2026-07-01');
  assert.equal((await api(srv.base, 'GET', '/api/v1/min_wages?limit=201')).status, 400);
});

test('the roster downloads as .xlsx', async () => {
  const r = await api(srv.base, 'GET', '/api/v1/staff_roster.xlsx?status=active');
  assert.equal(r.status, 200, r.text);
  // Ages and wages are numbers a spreadsheet sums, not text.
  addUser(srv, 'roster.reader', 'bureau', 'all');
  const reader = await session(srv.base, 'roster.reader');
  const res = await fetch(`${srv.base}/api/v1/staff_roster.xlsx?status=active`, { headers: { cookie: reader.cookie } });
  const dir = mkdtempSync(join(tmpdir(), 'sgz-roster-'));
  writeFileSync(join(dir, 'x.xlsx'), Buffer.from(await res.arrayBuffer()));
  const sheet = execFileSync('unzip', ['-p', join(dir, 'x.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  const cellsOf = (col) => [...sheet.matchAll(new RegExp(`<c r="${col}(\\d+)"([^>]*)>(.*?)</c>`, 'g'))].filter((m) => Number(m[1]) > 2);
  const ages = cellsOf('E');
  assert.ok(ages.length > 0, 'rows below the title and header');
  for (const m of ages) assert.match(m[3], /^<v>\d+<\/v>$/, `age ${m[0]}`);
  const wages = cellsOf('Q').filter((m) => m[3].includes('<v>'));
  assert.ok(wages.length > 0, sheet.slice(0, 2000));
  for (const m of wages) assert.doesNotMatch(m[2], /t="/, `wage ${m[0]}`);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  assert.match(r.headers.get('content-disposition'), /xlsx/);
  const lead = await api(srv.base, 'GET', '/api/v1/staff_roster.xlsx', undefined, {}, as.leadB);
  assert.equal(lead.status, 200);
  // Audited like the other registers, and refused past the ledgers' limit
  // rather than cut short.
  addUser(srv, 'roster.aud', 'auditor', 'all');
  const aud = await session(srv.base, 'roster.aud');
  const audited = async () => (await api(srv.base, 'GET', '/api/v1/audit?action=staff.export&limit=1', undefined, {}, aud)).body;
  const before_ = (await audited()).total;
  assert.equal((await api(srv.base, 'GET', '/api/v1/staff_roster.xlsx?status=active')).status, 200);
  const log = await audited();
  assert.equal(log.total, before_ + 1);
  const rows = (await api(srv.base, 'GET', '/api/v1/staff?status=active&limit=1')).body.total;
  assert.deepEqual(JSON.parse(log.items[0].detail), { format: 'xlsx', rows });
});


test('the staff rules run in the compliance report; a worker hired at 41 is a violation, 40 is not', async () => {
  const all = (await api(srv.base, 'GET', '/api/v1/compliance?limit=200')).body;
  const rules = Object.fromEntries(all.rules.map((x) => [x.code, x]));
  for (const on of ['staff.workers_per_station', 'staff.one_station', 'staff.employer', 'staff.age_at_hire', 'staff.education']) {
    assert.equal(rules[on].enabled, true, on);
  }
  for (const off of ['staff.min_wage', 'staff.certificate_deadline', 'staff.supervisor_qualification']) {
    assert.equal(rules[off].enabled, false, off);
    assert.match(rules[off].off_reason, /政策配置/);
  }
  const at40 = await post('/api/v1/staff', { ...W, name: '刘四十', birth_date: '1984-03-01', organisation_id: org });
  const at41 = await post('/api/v1/staff', { ...W, name: '刘四一', birth_date: '1983-02-28', organisation_id: org });
  assert.equal(at40.status, 201, at40.text);
  assert.equal(at41.status, 201, at41.text);
  // The form is told at once, and the worker saved all the same.
  assert.deepEqual(at40.body.warnings, []);
  assert.deepEqual(at41.body.warnings.map((w) => [w.code, w.field, w.message]),
    [['staff.age_at_hire', 'birth_date', '入职时41周岁，超过“40岁以下”的要求']]);
  const low = await post('/api/v1/staff', { ...W, name: '刘中专', education: 'senior_high', organisation_id: org });
  assert.equal(low.status, 201, low.text);
  assert.deepEqual(low.body.warnings.map((w) => [w.code, w.field]), [['staff.education', 'education']]);
  // A roster typed in twice: the second entry names the first.
  const again = await post('/api/v1/staff', { ...W, name: '刘四十', birth_date: '1984-03-01', organisation_id: org });
  assert.equal(again.status, 201, again.text);
  assert.deepEqual(again.body.warnings, [{ code: 'staff.possible_duplicate', field: 'name', duplicate_id: at40.body.id,
    message: `与第${at40.body.id}号社工的姓名和出生日期相同，请核对是否重复登记` }]);
  const f = (await api(srv.base, 'GET', '/api/v1/compliance?rule=staff.age_at_hire&limit=200')).body.items;
  assert.ok(f.some((x) => x.entity === 'staff' && x.entity_id === at41.body.id && x.severity === 'violation'));
  assert.ok(!f.some((x) => x.entity_id === at40.body.id));
  const hit = f.find((x) => x.entity_id === at41.body.id);
  assert.equal(hit.message, '入职时41周岁，超过“40岁以下”的要求');
  assert.equal(hit.clause, 'staffing.max_age_at_hire');
});

test('leaving needs a date and a reason, and ends the assignment and the login\'s range', async () => {
  const cur = (await api(srv.base, 'GET', `/api/v1/staff/${worker.id}`)).body;
  assertError(await api(srv.base, 'PATCH', `/api/v1/staff/${worker.id}`, { status: 'left', version: cur.version }), 400, undefined, 'left_on');
  // Leaving next month would end her login's range today: recorded once she has left.
  assertError(await api(srv.base, 'PATCH', `/api/v1/staff/${worker.id}`,
    { status: 'left', left_on: '2026-07-01', left_reason: '考入事业单位', version: cur.version }), 400, 'validation_failed', 'left_on');
  const r = await api(srv.base, 'PATCH', `/api/v1/staff/${worker.id}`, { status: 'left', left_on: '2026-06-15', left_reason: '考入事业单位', version: cur.version });
  assert.equal(r.status, 200, r.text);
  const hist = (await api(srv.base, 'GET', `/api/v1/staff/${worker.id}/assignments`)).body.items;
  assert.ok(hist.every((h) => h.to_on), 'every assignment ended');
  assert.deepEqual((await userOf('worker1')).stations, []);
  assertError(await post(`/api/v1/staff/${worker.id}/assignments`, { station_id: A.id, from_on: '2026-06-20' }), 409, 'conflict');
});

test('the roster by name keeps each surname together (陈 before 程, 李 before 梁 and 林)', async () => {
  const made = ['程静', '陈阳', '林涛', '陈安', '李冰', '梁红', '李安'];
  for (const name of made) {
    const r = await post('/api/v1/staff', { ...W, name, role: 'project', phone: '', organisation_id: org });
    assert.equal(r.status, 201, r.text);
  }
  const list = (await api(srv.base, 'GET', '/api/v1/staff?role=project&limit=50')).body.items;
  assert.deepEqual(list.map((x) => x.name), ['陈安', '陈阳', '程静', '李安', '李冰', '梁红', '林涛']);
});

// Last: it adds an organisation of 101 project workers.
test('a roster past the ledgers\' limit is refused, not cut short', async () => {
  const o = await post('/api/v1/organisations', { name: '测试大型社工机构', credit_code: '91330100799655058B' });
  assert.equal(o.status, 201, o.text);
  for (let i = 0; i < 101; i++) {
    const r = await post('/api/v1/staff', { ...W, name: `项目社工${i}`, role: 'project', phone: '', organisation_id: o.body.id });
    assert.equal(r.status, 201, r.text);
  }
  const set = (value) => api(srv.base, 'PUT', '/api/v1/settings/ledger.export_max_rows', { value });
  assert.equal((await set(100)).status, 200);
  const big = await api(srv.base, 'GET', `/api/v1/staff_roster.xlsx?organisation_id=${o.body.id}`);
  assert.equal(big.status, 400, big.text);
  assert.equal(big.body.error.message, '导出行数(上限100)超出允许范围');
  assert.equal((await api(srv.base, 'GET', `/api/v1/staff_roster.xlsx?organisation_id=${org}`)).status, 200, 'a smaller roster still goes');
  assert.equal((await set(200000)).status, 200);
});

// Last: a server a week later ends every session of the first.
test('after the editing period (service.edit_days, 7) a record is corrected still, removed no more', async () => {
  assert.ok(late.session && late.training, 'the records of the tests above');
  const later = await serverAt(srv.env, Number(FIXED_NOW) + 8 * 86400);
  try {
    const l = await login(later.base, 'sup.b', TEST_PASSWORD2);
    assert.equal(l.status, 200, JSON.stringify(l.body));
    const auth = { cookie: l.cookie, csrf: l.csrf };
    const list = (await api(later.base, 'GET', '/api/v1/supervision_sessions?from=2026-06-14&to=2026-06-14', undefined, {}, auth)).body.items;
    assert.equal(list.find((x) => x.id === late.session).removable, false);
    const gone = await api(later.base, 'DELETE', `/api/v1/supervision_sessions/${late.session}`, undefined, { 'if-match': '1' }, auth);
    assertError(gone, 403, 'forbidden');
    assert.match(gone.body.error.message, /只有登记人可在登记后规定期限内删除督导记录/);
    const fix = await api(later.base, 'PATCH', `/api/v1/supervision_sessions/${late.session}`, { topic: '个案督导（补正）', version: 1 }, {}, auth);
    assert.equal(fix.status, 200, fix.text);
    const t = await login(later.base, 'tester', TEST_PASSWORD2);
    const tester = { cookie: t.cookie, csrf: t.csrf };
    const path = `/api/v1/staff/${worker.id}/trainings/${late.training}`;
    assertError(await api(later.base, 'DELETE', path, undefined, { 'if-match': '1' }, tester), 403, 'forbidden');
    assert.equal((await api(later.base, 'PATCH', path, { hours: 4, version: 1 }, {}, tester)).status, 200);
  } finally { await later.stop(); }
});
