// 小组 and 社区活动: a group's goals, members and sessions (service records
// of type group_session) with attendance, its closing evaluation; an
// activity's partners and headcount. Clock: 2026-06-15T10:00+08:00.
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
const call = (method, path, body, auth = as.w2) => api(srv.base, method, path, body, {}, auth);

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'w3', 'social_worker', 'stations:3');
  for (const u of ['w2', 'w3']) as[u] = await session(srv.base, u);
  for (const [k, name, first] of [['a', '老人甲', '43022319450101001'], ['b', '老人乙', '43022319460202002'], ['c', '老人丙', '43022319470303003']]) {
    const r = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name, id_number: idn(first) });
    assert.equal(r.status, 201, r.text);
    ids[k] = r.body.id;
  }
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const GROUP = { station_id: 2, name: '长者健康互助小组', area: 'elderly_care', target: '独居老人', goals: '增进互助，掌握慢病自我管理',
  planned_sessions: 6, starts_on: '2026-06-01', ends_on: '2026-07-31' };
const session_ = (extra) => ({ station_id: 2, type: 'group_session', title: '第一节：相识', started_at: '2026-06-10T14:00',
  ended_at: '2026-06-10T15:30', area: 'elderly_care', content: '破冰游戏与目标讨论', ...extra });

test('a group holds sessions for its members, counts attendance, and closes with an evaluation', async () => {
  let r = await call('POST', '/api/v1/groups', { ...GROUP, members: [ids.a, ids.b] });
  assert.equal(r.status, 201, r.text);
  let g = r.body;
  assert.deepEqual(g.workers.map((w) => w.name), ['w2']);
  assert.equal(g.status, 'active');
  r = await call('POST', '/api/v1/services', session_({ group_id: g.id, clients: [ids.a, ids.b], extra_attendees: 1 }));
  assert.equal(r.status, 201, r.text);
  // Guests alone are not a session of the group: a member is present.
  r = await call('POST', '/api/v1/services', session_({ group_id: g.id, clients: [], extra_attendees: 5 }));
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'clients');
  r = await call('POST', '/api/v1/services', session_({ group_id: g.id, clients: [ids.a, ids.c] }));
  assert.equal(r.status, 400, 'a non-member');
  assert.equal(r.body.error.field, 'clients[1]');
  r = await call('POST', '/api/v1/services', session_({ clients: [ids.a] }));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'group_id');
  r = await call('POST', '/api/v1/services', session_({ type: 'consultation', title: '', group_id: g.id, clients: [ids.a] }));
  assert.equal(r.status, 400, 'only a group session belongs to a group');
  // The group runs 1 June to 31 July: a session before it is refused.
  r = await call('POST', '/api/v1/services', session_({ group_id: g.id, clients: [ids.a], started_at: '2026-05-31T14:00', ended_at: '2026-05-31T15:00' }));
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'started_at');
  assert.match(r.body.error.message, /不在小组的起止日期内/);
  r = await call('POST', '/api/v1/services', session_({ group_id: g.id, clients: [ids.a], title: '第二节', started_at: '2026-06-12T14:00', ended_at: '2026-06-12T15:00' }));
  assert.equal(r.status, 201, r.text);
  // Moved to a day before the group began: refused too.
  const moved = await call('PATCH', `/api/v1/services/${r.body.id}`, { started_at: '2026-05-29T14:00', ended_at: '2026-05-29T15:00', version: r.body.version });
  assert.equal(moved.status, 400, moved.text);
  assert.equal(moved.body.error.field, 'started_at');
  g = (await call('GET', `/api/v1/groups/${g.id}`)).body;
  // 出勤人次 is members present, as the statistics count it; the others
  // who came are a figure of their own, so that the two screens agree.
  assert.deepEqual(g.sessions.map((s) => `${s.number}:${s.title}:${s.attendees}+${s.extra_attendees}`), ['1:第一节：相识:2+1', '2:第二节:1+0']);
  assert.deepEqual([g.attendance, g.extra_attendance], [3, 1]);
  const st = await call('GET', '/api/v1/stats?from=2026-06&to=2026-06&station_id=2');
  assert.equal(st.status, 200, st.text);
  assert.equal(st.body.total.group_attendance, g.attendance, 'the group page says what the statistics say');
  const sessions = await call('GET', `/api/v1/services?group_id=${g.id}`);
  assert.equal(sessions.body.total, 2);
  assert.deepEqual(sessions.body.items.map((v) => v.title), ['第二节', '第一节：相识'], 'newest first');
  const other = await call('GET', `/api/v1/services?group_id=${g.id}`, undefined, as.w3);
  assert.deepEqual([other.body.total, other.body.items], [0, []], 'another station\'s worker sees none');
  // Members change while it runs.
  r = await call('PATCH', `/api/v1/groups/${g.id}`, { members: [ids.a, ids.b, ids.c], version: g.version });
  assert.equal(r.status, 200, r.text);
  g = r.body;
  assert.equal(g.members.length, 3);
  // Closing.
  r = await call('POST', `/api/v1/groups/${g.id}/close`, { attainment: 'partly', evaluation: '', closed_on: '2026-06-14', version: g.version });
  assert.equal(r.status, 400);
  r = await call('POST', `/api/v1/groups/${g.id}/close`, { attainment: 'partly', evaluation: '多数组员能坚持测血压', closed_on: '2026-06-16', version: g.version });
  assert.equal(r.status, 400, 'not in the future');
  r = await call('POST', `/api/v1/groups/${g.id}/close`, { attainment: 'partly', evaluation: '多数组员能坚持测血压', closed_on: '2026-06-14', version: g.version });
  assert.equal(r.status, 200, r.text);
  g = r.body;
  assert.equal(g.status, 'closed');
  r = await call('POST', '/api/v1/services', session_({ group_id: g.id, clients: [ids.a], started_at: '2026-06-14T14:00', ended_at: '2026-06-14T15:00' }));
  assert.equal(r.status, 409, 'a closed group takes no more sessions');
  r = await call('PATCH', `/api/v1/groups/${g.id}`, { name: '改名', version: g.version });
  assert.equal(r.status, 409);
  // A session of a group closed since can still be corrected.
  const first = g.sessions[0].service_id;
  const rec = (await call('GET', `/api/v1/services/${first}`)).body;
  r = await call('PATCH', `/api/v1/services/${first}`, { outcome: '组员互相认识', version: rec.version });
  assert.equal(r.status, 200, r.text);
});

test('groups: bad input is refused on its field; other stations see nothing', async () => {
  const cases = [
    [{ ...GROUP, name: '' }, 'name'],
    [{ ...GROUP, area: 'nowhere' }, 'area'],
    [{ ...GROUP, planned_sessions: 0 }, 'planned_sessions'],
    [{ ...GROUP, ends_on: '2026-05-01' }, 'ends_on'],
    [{ ...GROUP, members: [ids.a, ids.a] }, 'members[1]'],
    [{ ...GROUP, members: [999999] }, 'members[0]'],
    [{ ...GROUP, station_id: 3 }, 'station_id'],
  ];
  for (const [body, field] of cases) {
    const r = await call('POST', '/api/v1/groups', body);
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  const list = await call('GET', '/api/v1/groups?station_id=2', undefined, as.w3);
  assert.equal(list.body.total, 0);
});

test('an activity names its partners and counts its headcount', async () => {
  const r = await call('POST', '/api/v1/services', { station_id: 2, type: 'activity', title: '重阳节敬老活动', partners: '镇卫生院、志愿者协会',
    clients: [ids.a], extra_attendees: 40, started_at: '2026-06-13T09:00', ended_at: '2026-06-13T11:00', area: 'elderly_care', content: '义诊与文艺演出' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.partners, '镇卫生院、志愿者协会');
  const bad = await call('POST', '/api/v1/services', { station_id: 2, type: 'consultation', partners: 'x', clients: [ids.a],
    started_at: '2026-06-13T09:00', ended_at: '2026-06-13T10:00', area: 'elderly_care', content: '咨询' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'partners');
});

test('a group\'s members are its station\'s clients (a county centre\'s: its county\'s); held sessions keep the group\'s dates', async () => {
  const far = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 3, name: '别站丁', sex: 'F', birth_date: '1950-01-01' });
  assert.equal(far.status, 201, far.text);
  // A worker of the whole county sees both stations, and still may not
  // put station 3's client in station 2's group.
  addUser(srv, 'wcentre', 'social_worker', 'region:430223');
  as.wcentre = await session(srv.base, 'wcentre');
  let r = await call('POST', '/api/v1/groups', { ...GROUP, name: '跨站小组', members: [ids.a, far.body.id] }, as.wcentre);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'members[1]');
  assert.match(r.body.error.message, /别站丁：服务对象不在小组所属站点/);
  const centre = (await api(srv.base, 'GET', '/api/v1/stations?type=county_center&limit=5')).body.items[0];
  assert.ok(centre, 'the county has a guidance centre');
  r = await call('POST', '/api/v1/groups', { ...GROUP, station_id: centre.id, name: '全县骨干小组', members: [ids.a, far.body.id] }, as.wcentre);
  assert.equal(r.status, 201, r.text);
  // A member who has since left the register stays a member of her group.
  r = await call('POST', '/api/v1/groups', { ...GROUP, name: '日期小组', members: [ids.b] });
  assert.equal(r.status, 201, r.text);
  let g = r.body;
  r = await call('POST', '/api/v1/services', session_({ group_id: g.id, clients: [ids.b], started_at: '2026-06-12T14:00', ended_at: '2026-06-12T15:00' }));
  assert.equal(r.status, 201, r.text);
  const b = (await call('GET', `/api/v1/clients/${ids.b}`)).body;
  r = await api(srv.base, 'PATCH', `/api/v1/clients/${ids.b}`, { status: 'moved', status_reason: '随子女迁居' }, { 'if-match': String(b.version) });
  assert.equal(r.status, 200, r.text);
  const edit = (body) => call('PATCH', `/api/v1/groups/${g.id}`, { ...body, version: g.version });
  r = await edit({ starts_on: '2026-06-13' });
  assert.equal(r.status, 400, 'the session of 12 June would fall before the start');
  assert.equal(r.body.error.field, 'starts_on');
  r = await edit({ ends_on: '2026-06-11' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'ends_on');
  // A year typed wrong is said, new or changed.
  r = await call('POST', '/api/v1/groups', { ...GROUP, name: '百年小组', starts_on: '1900-01-01', ends_on: '2026-07-31' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'starts_on');
  assert.match(r.body.error.message, /早于2000年/);
  r = await call('POST', '/api/v1/groups', { ...GROUP, name: '未来小组', starts_on: '2099-01-01', ends_on: '2099-07-31' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'starts_on');
  assert.match(r.body.error.message, /一年之后/);
  // Fewer sessions planned than already held reads 已开展 2 / 1 节.
  r = await call('POST', '/api/v1/groups', { ...GROUP, name: '节数小组', members: [ids.c] });
  assert.equal(r.status, 201, r.text);
  const few = r.body;
  for (const day of ['2026-06-08', '2026-06-09']) {
    r = await call('POST', '/api/v1/services', session_({ group_id: few.id, clients: [ids.c], started_at: `${day}T14:00`, ended_at: `${day}T15:00` }));
    assert.equal(r.status, 201, r.text);
  }
  const fewVersion = (await call('GET', `/api/v1/groups/${few.id}`)).body.version;
  r = await call('PATCH', `/api/v1/groups/${few.id}`, { planned_sessions: 1, version: fewVersion });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'planned_sessions');
  assert.match(r.body.error.message, /计划节数不能少于已开展的活动节数/);
  r = await call('PATCH', `/api/v1/groups/${few.id}`, { planned_sessions: 2, version: fewVersion });
  assert.equal(r.status, 200, r.text);
  r = await edit({ members: [ids.b, ids.c] });
  assert.equal(r.status, 200, 'the member who moved stays; a new one joins');
  g = r.body;
  r = await edit({ members: [ids.b, ids.c, far.body.id] });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'members[2]');
  r = await call('POST', `/api/v1/groups/${g.id}/close`, { attainment: 'achieved', evaluation: '完成', closed_on: '2026-06-11', version: g.version });
  assert.equal(r.status, 400, 'closed before its last session');
  assert.equal(r.body.error.field, 'closed_on');
  // A client who moved away joins no new group.
  r = await call('POST', '/api/v1/groups', { ...GROUP, name: '新小组', members: [ids.b] });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'members[0]');
  assert.match(r.body.error.message, /迁出/);
});

test('a session kept in its group is still checked for its type and its new attendees', async () => {
  const made = await call('POST', '/api/v1/groups', { ...GROUP, name: '照护者支持小组', members: [ids.a, ids.c] });
  assert.equal(made.status, 201, made.text);
  const g = made.body;
  const out = await call('POST', '/api/v1/clients', { station_id: 2, name: '老人丁', sex: 'F', birth_date: '1948-04-04' });
  assert.equal(out.status, 201, out.text);
  const s = await call('POST', '/api/v1/services', session_({ group_id: g.id, clients: [ids.a] }));
  assert.equal(s.status, 201, s.text);
  let r = await call('PATCH', `/api/v1/services/${s.body.id}`, { clients: [ids.a, out.body.id], version: s.body.version });
  assert.equal(r.status, 400, 'a non-member added to a session held: ' + r.text);
  assert.equal(r.body.error.field, 'clients[1]');
  r = await call('PATCH', `/api/v1/services/${s.body.id}`, { type: 'consultation', title: '', version: s.body.version });
  assert.equal(r.status, 400, 'a consultation kept in a group: ' + r.text);
  assert.equal(r.body.error.field, 'group_id');
  r = await call('PATCH', `/api/v1/services/${s.body.id}`, { clients: [ids.a, ids.c], version: s.body.version });
  assert.equal(r.status, 200, 'a member added: ' + r.text);
});
