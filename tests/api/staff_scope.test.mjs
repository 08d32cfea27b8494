// 社工, who may do what: only the user administrator links a login to a
// worker, and only a frontline account (its range then follows her
// station, each change audited); a region range sees a worker without a
// station only when her last station or employing township lies in it,
// or, for a county's range, her organisation's contracts; an org_admin keeps its organisation as employer;
// concurrent assignments of one worker give one station; ending an
// assignment needs the worker's version; a backdated supervision session
// reads back after 200 newer ones. Clock: 2026-06-15; demo county 攸县.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { startServer, api, addUser, session, sgz, BACKEND } from './lib.mjs';
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
  const st = (await api(srv.base, 'GET', '/api/v1/stations?type=township_station&limit=50')).body.items;
  A = st[0];
  B = st.find((s) => s.region_code.slice(0, 9) !== A.region_code.slice(0, 9));
  assert.ok(B, 'two townships');
  addUser(srv, 'bur2', 'bureau', 'region:430223');
  addUser(srv, 'sw1', 'social_worker', 'self');
  addUser(srv, 'sw2', 'social_worker', 'all');
  addUser(srv, 'sw3', 'social_worker', `stations:${A.id}`);
  addUser(srv, 'aud', 'auditor', 'all');
  addUser(srv, 'tw.b', 'township_officer', `region:${B.region_code.slice(0, 9)}`);
  const r = sgz(['user', 'add', 'oa', '--roles', 'org_admin', '--range', 'self', '--org', String(org), '--password-stdin'],
    srv.env, 'Init-Passw0rd\n');
  assert.equal(r.status, 0, r.stderr);
  for (const u of ['oa', 'aud', 'tw.b']) as[u] = await session(srv.base, u);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const post = (path, body, auth) => api(srv.base, 'POST', path, body, {}, auth);
const patch = (path, body, auth) => api(srv.base, 'PATCH', path, body, {}, auth);

async function userOf(name) {
  const users = (await api(srv.base, 'GET', '/api/v1/users?limit=200')).body.items;
  return users.find((u) => u.username === name);
}

test('only the user administrator links a login, and only a frontline account; its range changes are audited', async () => {
  const bur2 = await userOf('bur2');
  const sw1 = await userOf('sw1');
  // An org_admin links no login, on create or update.
  let r = await post('/api/v1/staff', { ...W, organisation_id: org, user_id: bur2.id }, as.oa);
  assertError(r, 403, undefined, 'user_id');
  r = await post('/api/v1/staff', { ...W, organisation_id: org }, as.oa);
  assert.equal(r.status, 201, r.text);
  let w = r.body;
  r = await patch(`/api/v1/staff/${w.id}`, { user_id: sw1.id, version: w.version }, as.oa);
  assertError(r, 403, undefined, 'user_id');
  // Nor does the administrator link a bureau account, or a frontline one ranged wider than stations.
  for (const name of ['bur2', 'sw2']) {
    const u = await userOf(name);
    r = await patch(`/api/v1/staff/${w.id}`, { user_id: u.id, version: w.version });
    const e = assertError(r, 400, 'validation_failed', 'user_id');
    assert.match(e.message, /登录账号/);
    const after_ = await userOf(name);
    assert.equal(after_.data_range, u.data_range);
  }
  assert.equal((await userOf('bur2')).range_region, '430223');
  // A frontline account is linked; its range follows her station, audited.
  r = await patch(`/api/v1/staff/${w.id}`, { user_id: sw1.id, version: w.version });
  assert.equal(r.status, 200, r.text);
  w = r.body;
  r = await post(`/api/v1/staff/${w.id}/assignments`, { station_id: A.id, from_on: '2026-06-01' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual((await userOf('sw1')).stations, [A.id]);
  const log = await api(srv.base, 'GET', `/api/v1/audit?action=user.update&entity_id=${sw1.id}`, undefined, {}, as.aud);
  assert.equal(log.status, 200, log.text);
  const row = log.body.items.find((x) => x.detail.includes(`"stations":[${A.id}]`));
  assert.ok(row, log.text);
  const d = JSON.parse(row.detail);
  // Her range "self" (her own clients) stays: only its station follows.
  assert.deepEqual(d.before, { data_range: 'self', stations: [] });
  assert.deepEqual(d.after, { data_range: 'self', stations: [A.id] });
  const upd = await api(srv.base, 'GET', `/api/v1/audit?action=staff.update&entity_id=${w.id}`, undefined, {}, as.aud);
  assert.ok(upd.body.items.some((x) => JSON.parse(x.detail).after.user_id === sw1.id), upd.text);
  // So she reads her own clients at the station, not the station's.
  const other = await post('/api/v1/clients', { station_id: A.id, name: '站内他人', sex: 'F', birth_date: '1950-01-01' });
  assert.equal(other.status, 201, other.text);
  const swAuth = await session(srv.base, 'sw1');
  const seen = await api(srv.base, 'GET', `/api/v1/clients/${other.body.id}`, undefined, {}, swAuth);
  assert.equal(seen.status, 404, seen.text);
  // One worker per login.
  r = await post('/api/v1/staff', { ...W, name: '李二', organisation_id: org, user_id: sw1.id });
  assertError(r, 409, 'conflict', 'user_id');
});

test('an org_admin keeps its organisation as employer (原州区: a township may employ)', async () => {
  const yz = await startServer({ profile: 'yuanzhou', region: '640402' });
  try {
    const o = await api(yz.base, 'POST', '/api/v1/organisations',
      { name: '原州区同心社会工作服务中心', credit_code: '91350100M000100Y43' });
    assert.equal(o.status, 201, o.text);
    const r = sgz(['user', 'add', 'oa', '--roles', 'org_admin', '--range', 'self', '--org', String(o.body.id), '--password-stdin'],
      yz.env, 'Init-Passw0rd\n');
    assert.equal(r.status, 0, r.stderr);
    const oa = await session(yz.base, 'oa');
    const st = (await api(yz.base, 'GET', '/api/v1/stations?type=township_station&limit=1')).body.items[0];
    const town = st.region_code.slice(0, 9);
    let w = await api(yz.base, 'POST', '/api/v1/staff', { ...W, organisation_id: o.body.id, employer_region: town }, {}, oa);
    assertError(w, 400, 'validation_failed', 'employer_region');
    w = await api(yz.base, 'POST', '/api/v1/staff', { ...W, organisation_id: o.body.id }, {}, oa);
    assert.equal(w.status, 201, w.text);
    const p = await api(yz.base, 'PATCH', `/api/v1/staff/${w.body.id}`, { employer_region: town, version: w.body.version }, {}, oa);
    assertError(p, 400, 'validation_failed', 'employer_region');
    assert.equal((await api(yz.base, 'GET', `/api/v1/staff/${w.body.id}`)).body.organisation_id, o.body.id);
    // Left out, the employer is her own organisation, not a 403.
    const own0 = await api(yz.base, 'POST', '/api/v1/staff', { ...W, name: '马自聘' }, {}, oa);
    assert.equal(own0.status, 201, own0.text);
    assert.equal(own0.body.organisation_id, o.body.id);
    // The bureau may make the township the employer.
    const b = await api(yz.base, 'POST', '/api/v1/staff', { ...W, name: '马乡聘', employer_region: town });
    assert.equal(b.status, 201, b.text);
    assert.equal(b.body.employer_region, town);
    // A county's bureau registers its own townships' employees, not another county's.
    const rb = sgz(['user', 'add', 'yzb', '--roles', 'bureau', '--range', 'region:640402', '--password-stdin'],
      yz.env, 'Init-Passw0rd\n');
    assert.equal(rb.status, 0, rb.stderr);
    const yzb = await session(yz.base, 'yzb');
    const xiji = (await api(yz.base, 'GET', '/api/v1/regions?parent=640422')).body.items[0].code;
    const x = await api(yz.base, 'POST', '/api/v1/staff', { ...W, name: '马外县', employer_region: xiji }, {}, yzb);
    assertError(x, 400, 'validation_failed', 'employer_region');
    assert.match(x.body.error.message, /不在您的数据范围内/);
    const own = await api(yz.base, 'POST', '/api/v1/staff', { ...W, name: '马本县', employer_region: town }, {}, yzb);
    assert.equal(own.status, 201, own.text);
  } finally {
    const r = await yz.stop();
    assert.equal(r.code, 0, r.stderr);
  }
});

test('a township officer sees a worker without a station only when her last station was in the township', async () => {
  const mk = async (name) => {
    const r = await post('/api/v1/staff', { ...W, name, organisation_id: org });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const none = await mk('赵无站');
  const wasA = await mk('钱曾甲');
  const wasB = await mk('孙曾乙');
  for (const [w, st] of [[wasA, A], [wasB, B]]) {
    let r = await post(`/api/v1/staff/${w.id}/assignments`, { station_id: st.id, from_on: '2025-01-01' });
    assert.equal(r.status, 201, r.text);
    r = await patch(`/api/v1/staff/${w.id}/assignments/${r.body.station.assignment_id}`, { to_on: '2026-01-31', version: r.body.version });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.station, null);
  }
  const get = (w) => api(srv.base, 'GET', `/api/v1/staff/${w.id}`, undefined, {}, as['tw.b']);
  assertError(await get(none), 404, 'not_found');
  assertError(await get(wasA), 404, 'not_found');
  assert.equal((await get(wasB)).status, 200);
  const list = (await api(srv.base, 'GET', '/api/v1/staff?limit=200&unassigned=true', undefined, {}, as['tw.b'])).body;
  assert.deepEqual(list.items.map((s) => s.id), [wasB.id]);
  // The county sees them all.
  const all = (await api(srv.base, 'GET', '/api/v1/staff?limit=200&unassigned=true')).body.items.map((s) => s.id);
  for (const w of [none, wasA, wasB]) assert.ok(all.includes(w.id));
  // Her organisation's contract in force covering a station of the
  // township makes the worker never placed the county's to see, not the
  // township's: an organisation serves many townships.
  const k = await post('/api/v1/contracts', {
    code: 'SC-1', title: '协议SC-1', organisation_id: org, procurement: 'open_tender', cycle_years: 3, cycle_year: 1,
    amount_fen: 12000000, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-01',
    ends_on: '2026-12-31', stations: [{ station_id: B.id, amount_fen: 12000000 }],
  });
  assert.equal(k.status, 201, k.text);
  assertError(await get(none), 404, 'not_found');
  as.bur2 = as.bur2 || await session(srv.base, 'bur2');
  assert.equal((await api(srv.base, 'GET', `/api/v1/staff/${none.id}`, undefined, {}, as.bur2)).status, 200, 'the county');
});

test('ending an assignment needs the worker\'s version, and bumps it', async () => {
  let r = await post('/api/v1/staff', { ...W, name: '吴版本', organisation_id: org });
  r = await post(`/api/v1/staff/${r.body.id}/assignments`, { station_id: B.id, from_on: '2026-01-01' });
  assert.equal(r.status, 201, r.text);
  const w = r.body;
  const path = `/api/v1/staff/${w.id}/assignments/${w.station.assignment_id}`;
  assertError(await patch(path, { to_on: '2026-06-01' }), 428, undefined, 'version');
  assertError(await patch(path, { to_on: '2026-06-01', version: w.version + 1 }), 409, 'version_conflict');
  r = await api(srv.base, 'PATCH', path, { to_on: '2026-06-01' }, { 'if-match': `"${w.version}"` });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.version, w.version + 1);
  assertError(await patch(path, { to_on: '2026-06-02', version: w.version }), 409, 'version_conflict');
});

test('eight concurrent assignments of one worker: exactly one is made (ten workers)', async () => {
  for (let k = 0; k < 10; k++) {
    const w = (await post('/api/v1/staff', { ...W, name: `郑并发${k}`, organisation_id: org })).body;
    const rs = await Promise.all([...Array(8).keys()].map((i) =>
      post(`/api/v1/staff/${w.id}/assignments`, { station_id: i % 2 ? A.id : B.id, from_on: `2026-05-0${i + 1}` })));
    assert.deepEqual(rs.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409, 409, 409], rs.map((r) => r.text).join('\n'));
    assert.equal((await api(srv.base, 'GET', `/api/v1/staff/${w.id}/assignments`)).body.items.length, 1);
  }
});

test('a backdated supervision session reads back after more than 200 newer ones', async () => {
  const sup = await post('/api/v1/staff', { ...W, name: '欧阳督导', role: 'supervisor', certificate: 'intermediate', organisation_id: org });
  assert.equal(sup.status, 201, sup.text);
  for (let i = 0; i < 201; i++) {
    const r = await post('/api/v1/supervision_sessions', { held_on: '2026-06-10', supervisor_id: sup.body.id, station_id: B.id, topic: `督导${i}` });
    assert.equal(r.status, 201, r.text);
  }
  const r = await post('/api/v1/supervision_sessions', { held_on: '2020-01-01', supervisor_id: sup.body.id, station_id: B.id, topic: '补录督导' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.topic, '补录督导');
  assert.equal(r.body.held_on, '2020-01-01');
});

/** Runs SQL against the server's database with the backend's own client. */
function sql(text) {
  if (BACKEND === 'postgres') return execFileSync('psql', [srv.env.SGZ_DB, '-qAtc', text], { encoding: 'utf8' });
  return execFileSync('sqlite3', [srv.env.SGZ_DB, text], { encoding: 'utf8' });
}
const canSql = BACKEND === 'postgres' || spawnSync('sqlite3', ['-version']).status === 0;

test('a worker\'s phone is sealed at rest, masked in replies; one kept in clear still reads', { skip: !canSql }, async () => {
  let r = await post('/api/v1/staff', { ...W, name: '冯电话', phone: '13987654321', organisation_id: org });
  assert.equal(r.status, 201, r.text);
  const w = r.body;
  assert.equal(w.phone, '139****4321');
  const stored = sql(`SELECT phone FROM staff WHERE id = ${w.id}`).trim();
  assert.ok(stored && !stored.includes('13987654321'), stored);
  // Another field changed: the phone stays, sealed once.
  r = await patch(`/api/v1/staff/${w.id}`, { major: '社会学', version: w.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.phone, '139****4321');
  const roster = await api(srv.base, 'GET', '/api/v1/staff_roster.xlsx');
  assert.equal(roster.status, 200);
  // A phone kept in clear before phones were sealed.
  sql(`UPDATE staff SET phone = '13700001111' WHERE id = ${w.id}`);
  assert.equal((await api(srv.base, 'GET', `/api/v1/staff/${w.id}`)).body.phone, '137****1111');
  const list = (await api(srv.base, 'GET', '/api/v1/staff?limit=200')).body.items;
  assert.equal(list.find((s) => s.id === w.id).phone, '137****1111');
});

test('an org_admin reads the compliance findings of her organisation\'s workers, those without a station too', async () => {
  // Hired at 46 with 高中: over the plan's age, under its education; not
  // yet posted to a station.
  const r = await api(srv.base, 'POST', '/api/v1/staff', { ...W, name: '赵待岗', birth_date: '1980-05-01', hired_on: '2026-06-01',
    education: 'senior_high', organisation_id: org }, {}, as.oa);
  assert.equal(r.status, 201, r.text);
  const listed = (await api(srv.base, 'GET', '/api/v1/staff?limit=200', undefined, {}, as.oa)).body.items;
  assert.ok(listed.some((x) => x.id === r.body.id), 'her staff list has her');
  for (const rule of ['staff.age_at_hire', 'staff.education']) {
    const mine = (await api(srv.base, 'GET', `/api/v1/compliance?rule=${rule}&limit=200`, undefined, {}, as.oa)).body.items;
    assert.ok(mine.some((x) => x.entity === 'staff' && x.entity_id === r.body.id), `${rule}: ${JSON.stringify(mine)}`);
    // The bureau sees it as well; another township's officer does not.
    const bureau = (await api(srv.base, 'GET', `/api/v1/compliance?rule=${rule}&limit=200`)).body.items;
    assert.ok(bureau.some((x) => x.entity_id === r.body.id), rule);
    const town = (await api(srv.base, 'GET', `/api/v1/compliance?rule=${rule}&limit=200`, undefined, {}, as['tw.b'])).body.items;
    assert.ok(!town.some((x) => x.entity_id === r.body.id), rule);
  }
});

test('the evaluator reads the roster she scores 人员配备 from, phones masked, and changes nothing', async () => {
  addUser(srv, 'eval_s', 'evaluator', 'all');
  const ev = await session(srv.base, 'eval_s');
  const made = await post('/api/v1/staff', { ...W, name: '评估可见', phone: '13911112222', organisation_id: org });
  assert.equal(made.status, 201, made.text);
  const list = await api(srv.base, 'GET', '/api/v1/staff?limit=200', undefined, {}, ev);
  assert.equal(list.status, 200, list.text);
  const seen = list.body.items.find((s) => s.id === made.body.id);
  assert.equal(seen.phone, '139****2222');
  assert.equal(seen.certificate, made.body.certificate);
  assert.equal((await api(srv.base, 'GET', '/api/v1/staff_roster.xlsx', undefined, {}, ev)).status, 200);
  assert.equal((await patch(`/api/v1/staff/${made.body.id}`, { major: '心理学', version: made.body.version }, ev)).status, 403);
  assert.equal((await post('/api/v1/staff', { ...W, name: '评估新增', organisation_id: org }, ev)).status, 403);
});
