// 小组台账导出: the group ledger as CSV or .xlsx: the groups the group
// list gives for the same filter, in its order, within the user's
// stations, with members, sessions held against those planned, and
// attendance and minutes that add up; audited; the ledgers' row limit.
// The server's clock is fixed at 2026-06-15T10:00+08:00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session } from './lib.mjs';
import { idNumber, allPages, csvRows as rowsOf, xlsxRows } from './helpers_extra.mjs';

let srv;
const as = {};
const ids = {};

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'w3', 'social_worker', 'stations:3');
  addUser(srv, 'eval', 'evaluator', 'all');
  addUser(srv, 'aud', 'auditor', 'all');
  for (const u of ['w2', 'w3', 'eval', 'aud']) as[u] = await session(srv.base, u);
  for (const [k, station, name, first17, auth] of [['a', 2, '老人甲', '43022319450101001', as.w2], ['b', 2, '老人乙', '43022319460202002', as.w2],
    ['c', 3, '老人丙', '43022319470303003', as.w3]]) {
    const r = await api(srv.base, 'POST', '/api/v1/clients', { station_id: station, name, id_number: idNumber(first17) }, {}, auth);
    assert.equal(r.status, 201, r.text);
    ids[k] = r.body.id;
  }
  const group = async (body, auth) => {
    const r = await api(srv.base, 'POST', '/api/v1/groups', { area: 'elderly_care', target: '独居老人', goals: '互助', planned_sessions: 6,
      starts_on: '2026-06-01', ends_on: '2026-07-31', ...body }, {}, auth);
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const g = await group({ station_id: 2, name: '长者健康互助小组', members: [ids.a, ids.b] }, as.w2);
  for (const [start, end, clients, extra] of [['2026-06-10T14:00', '2026-06-10T15:30', [ids.a, ids.b], 1],
    ['2026-06-12T14:00', '2026-06-12T15:00', [ids.a], 0]]) {
    const r = await api(srv.base, 'POST', '/api/v1/services', { station_id: 2, type: 'group_session', group_id: g.id, title: '一节',
      started_at: start, ended_at: end, area: 'elderly_care', content: '小组活动', clients, extra_attendees: extra }, {}, as.w2);
    assert.equal(r.status, 201, r.text);
  }
  ids.group = g.id;
  ids.closed = (await group({ station_id: 2, name: '=亲子阅读小组', members: [ids.b], planned_sessions: 4 }, as.w2)).id;
  const c = await api(srv.base, 'POST', `/api/v1/groups/${ids.closed}/close`, { attainment: 'partly', evaluation: '部分达成', closed_on: '2026-06-14', version: 1 }, {}, as.w2);
  assert.equal(c.status, 200, c.text);
  ids.far = (await group({ station_id: 3, name: '别站小组', members: [ids.c] }, as.w3)).id;
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const exportAs = (auth, body) => api(srv.base, 'POST', '/api/v1/group_exports', body, {}, auth);
const listed = async (auth, q) => (await allPages(srv.base, '/api/v1/groups', q, auth)).map((g) => String(g.id));

test('the ledger holds each group with its members, sessions, attendance and minutes', async () => {
  const rows = rowsOf(await exportAs(as.w2, { format: 'csv', columns: ['id', 'name', 'area', 'workers', 'members', 'n_members',
    'planned_sessions', 'sessions', 'attendance', 'extra_attendance', 'minutes', 'status', 'attainment', 'closed_on'] }));
  assert.deepEqual(rows[0], ['小组编号', '小组名称', '服务领域', '带组社工', '组员', '组员数', '计划节数', '已开展节数', '出席人次',
    '其他参加人次', '活动时长(分钟)', '状态', '目标达成', '结束日期']);
  const byId = Object.fromEntries(rows.slice(1).map((r) => [r[0], r]));
  const w2 = (await api(srv.base, 'GET', '/api/v1/session', undefined, {}, as.w2)).body.user.display_name;
  // Two sessions: two members and one more, then one member. 出席人次 is the
  // members present, as /stats group_attendance; the one more has a column.
  assert.deepEqual(byId[ids.group].slice(1), ['长者健康互助小组', '养老服务', w2, '老人甲、老人乙', '2', '6', '2', '3', '1', '150', '进行中', '', '']);
  assert.deepEqual(byId[ids.closed].slice(1, 2), ['\'=亲子阅读小组']);
  assert.deepEqual(byId[ids.closed].slice(11), ['已结束', '部分达成', '2026-06-14']);
  assert.equal(byId[ids.far], undefined, 'another station\'s group is not in a worker\'s ledger');
  assert.deepEqual(rows.slice(1).map((r) => r[0]), await listed(as.w2, ''), 'the list\'s groups, in its order');
  for (const [body, q] of [[{ status: 'closed' }, 'status=closed'], [{ status: 'active' }, 'status=active'], [{ station_id: 3 }, 'station_id=3']]) {
    for (const who of ['w2', 'w3']) {
      const r = rowsOf(await exportAs(as[who], { format: 'csv', columns: ['id'], ...body }));
      assert.deepEqual(r.slice(1).map((x) => x[0]), await listed(as[who], q), `${who} ${q}`);
    }
  }
});

test('the .xlsx counts are numbers; bad input, permission, audit and the limit', async () => {
  const { headers, rows } = await xlsxRows(srv.base, '/api/v1/group_exports', { columns: ['id', 'sessions', 'attendance', 'minutes'], status: 'active' }, as.w2);
  assert.ok(headers.get('content-disposition').includes(`filename*=UTF-8''${encodeURIComponent('小组台账-攸县联星街道社会工作服务站-2026-06-15.xlsx')}`));
  assert.deepEqual(rows.slice(0, 3), [['小组台账（2026-06-15）\n筛选条件　所属站点：攸县联星街道社会工作服务站；状态：进行中'], ['小组编号', '已开展节数', '出席人次', '活动时长(分钟)'], [String(ids.group), 2, 3, 150]]);

  for (const [body, field] of [[{ format: 'pdf' }, 'format'], [{ format: 'csv', columns: ['id', 'phone'] }, 'columns[1]'],
    [{ format: 'csv', status: 'paused' }, 'status'], [{ format: 'csv', station_id: 'two' }, 'station_id']]) {
    const r = await exportAs(as.w2, body);
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  const g = await api(srv.base, 'GET', `/api/v1/groups/${ids.closed}`, undefined, {}, as.eval);
  assert.equal(g.status, 200, g.text);
  assert.ok(g.body.members.length > 0);
  assert.ok(g.body.members.every((m) => /^.\*+$/u.test(m.name)), 'members masked for the evaluator');
  // Her ledger masks them too; the workers who led the group stay named.
  const hers = rowsOf(await exportAs(as.eval, { format: 'csv', columns: ['id', 'workers', 'members'] }));
  const byId = Object.fromEntries(hers.slice(1).map((r) => [r[0], r]));
  assert.equal(byId[ids.group][2], '老**、老**');
  assert.equal(byId[ids.far][2], '老**');
  assert.ok(byId[ids.group][1] && !/\*/.test(byId[ids.group][1]));
  const audited = async () => (await api(srv.base, 'GET', '/api/v1/audit?action=group.export&limit=200', undefined, {}, as.aud)).body;
  const before_ = (await audited()).total;
  assert.equal((await exportAs(as.w2, { format: 'csv', columns: ['id'], status: 'closed' })).status, 200);
  const log = await audited();
  assert.equal(log.total, before_ + 1);
  assert.deepEqual(JSON.parse(log.items[0].detail), { format: 'csv', rows: 1, status: 'closed', columns: ['id'] });
  // The ledgers' limit: at 100, more groups than that are refused.
  assert.equal((await api(srv.base, 'PUT', '/api/v1/settings/ledger.export_max_rows', { value: 100 }, {})).status, 200);
  for (let i = 0; i < 100; i++) {
    const r = await api(srv.base, 'POST', '/api/v1/groups', { station_id: 2, name: `小组${i}`, area: 'elderly_care', target: '居民', goals: '互助',
      planned_sessions: 1, starts_on: '2026-06-01', members: [ids.a] }, {}, as.w2);
    assert.equal(r.status, 201, r.text);
  }
  const big = await exportAs(as.w2, { format: 'csv' });
  assert.equal(big.status, 400, big.text);
  assert.equal(big.body.error.message, '导出行数(上限100)超出允许范围');
  assert.equal((await audited()).total, before_ + 1, 'a refused export is not audited');
  assert.equal((await api(srv.base, 'PUT', '/api/v1/settings/ledger.export_max_rows', { value: 200000 }, {})).status, 200);
  assert.equal(rowsOf(await exportAs(as.w2, { format: 'csv', columns: ['id'] })).length, 103);
});
