// 个案台账导出: the case ledger as CSV or .xlsx. The export gives the cases
// the case list gives for the same filter, in its order, within the
// user's stations, each with its service records' count and minutes;
// labels in Chinese; audited; a row limit that is a setting.
// The server's clock is fixed at 2026-06-15T10:00+08:00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session, sgz } from './lib.mjs';
import { idNumber, allPages, csvRows as rowsOf, xlsxRows } from './helpers_extra.mjs';

let srv;
const as = {};
const ids = {};

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'w3', 'social_worker', 'stations:3');
  addUser(srv, 'sup2', 'supervisor', 'stations:2');
  addUser(srv, 'eval', 'evaluator', 'all');
  addUser(srv, 'aud', 'auditor', 'all');
  for (const u of ['w2', 'w3', 'sup2', 'eval', 'aud']) as[u] = await session(srv.base, u);
  for (const [key, station, name, first17, auth] of [['a', 2, '周阿姨', '43022319550505002', as.w2],
    ['b', 2, '吴大伯', '43022319520606003', as.w2], ['c', 3, '郑奶奶', '43022319480707004', as.w3]]) {
    const c = await api(srv.base, 'POST', '/api/v1/clients', { station_id: station, name, id_number: idNumber(first17) }, {}, auth);
    assert.equal(c.status, 201, c.text);
    ids[key] = c.body.id;
  }
  const open = async (client, auth, extra = {}) => {
    const r = await api(srv.base, 'POST', '/api/v1/cases', { client_id: client, source: 'visit', problem: '独居老人，生活难以自理',
      opened_on: '2026-06-01', ...extra }, {}, auth);
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  // One case worked to the intervention stage, with two process notes.
  let k = await open(ids.a, as.w2);
  const step = async (what, body, auth = as.w2) => {
    const r = await api(srv.base, 'POST', `/api/v1/cases/${k.id}/${what}`, { ...body, version: k.version }, {}, auth);
    assert.equal(r.status, 200, r.text);
    k = r.body;
  };
  await step('assessment', { needs: [{ domain: 'health', description: '慢性病无人照料', level: 'high' }], summary: '独居', risk_level: 'high' });
  await step('plan', { goals: [{ goal: '链接居家照护服务', tasks: [] }] });
  await step('decision', { decision: 'approve', comment: '同意' }, as.sup2);
  // Dated the day the plan was approved (today), not before.
  for (const [start, end] of [['2026-06-15T07:00', '2026-06-15T08:00'], ['2026-06-15T08:30', '2026-06-15T09:15']]) {
    const r = await api(srv.base, 'POST', '/api/v1/services', { station_id: 2, type: 'casework', case_id: k.id, clients: [ids.a],
      started_at: start, ended_at: end, area: 'elderly_care', content: '个案过程记录' }, {}, as.w2);
    assert.equal(r.status, 201, r.text);
  }
  ids.worked = k.id;
  ids.fresh = (await open(ids.b, as.w2, { source: 'referral', problem: '=1+1 家庭关系紧张' })).id;
  ids.far = (await open(ids.c, as.w3)).id;
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const exportAs = (auth, body) => api(srv.base, 'POST', '/api/v1/case_exports', body, {}, auth);

/** The case ids the list gives for a query, every page, in its order. */
const listed = async (auth, q) => (await allPages(srv.base, '/api/v1/cases', q, auth)).map((k) => String(k.id));

test('an export of no column, or an empty one, is refused on its field', async () => {
  for (const [body, field] of [[{ format: 'csv', columns: [''] }, 'columns[0]'], [{ format: 'xlsx', columns: [] }, 'columns']]) {
    const r = await exportAs(as.w2, body);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.field, field);
  }
});

test('the ledger holds each case with its stage, labels and service records', async () => {
  const rows = rowsOf(await exportAs(as.w2, { format: 'csv', columns: ['id', 'client', 'worker', 'stage', 'pending', 'source',
    'risk_level', 'problem', 'opened_on', 'services', 'minutes', 'closed_on'] }));
  assert.deepEqual(rows[0], ['个案编号', '服务对象', '负责社工', '当前阶段', '待督导审批', '个案来源', '风险等级', '主要问题', '开案日期',
    '服务次数', '服务时长(分钟)', '结案日期']);
  const byId = Object.fromEntries(rows.slice(1).map((r) => [r[0], r]));
  const w2 = (await api(srv.base, 'GET', '/api/v1/session', undefined, {}, as.w2)).body.user.display_name;
  assert.deepEqual(byId[ids.worked], [String(ids.worked), '周阿姨', w2, '介入', '', '走访发现', '高', '独居老人，生活难以自理', '2026-06-01',
    '2', '105', '']);
  // A formula-like problem is text; a case without records has none.
  assert.deepEqual(byId[ids.fresh].slice(3, 11), ['接案', '', '转介', '', '\'=1+1 家庭关系紧张', '2026-06-01', '0', '0']);
  assert.equal(byId[ids.far], undefined, 'another station\'s case is not in a worker\'s ledger');
  assert.deepEqual(rows.slice(1).map((r) => r[0]), await listed(as.w2, ''), 'the list\'s cases, in its order');
  assert.deepEqual(rowsOf(await exportAs(as.w3, { format: 'csv', columns: ['id', 'client'] })).slice(1), [[String(ids.far), '郑奶奶']]);
});

test('every filter of the list gives the export the same cases', async () => {
  const d = sgz(['demo', '--region', '430223', '--clients', '300', '--services', '600'], srv.env);
  assert.equal(d.status, 0, d.stderr);
  const all = await listed(undefined, '');
  assert.ok(all.length > 10, `${all.length} cases`);
  const station = (await api(srv.base, 'GET', `/api/v1/cases/${all[0]}`)).body.station_id;
  // The demo's logins are its roster's workers: each worker on the
  // station's 社工管理 page logs in as herself, under her name.
  const roster = (await api(srv.base, 'GET', `/api/v1/staff?station_id=${station}&limit=50`)).body.items;
  const workers = roster.filter((x) => x.role !== 'supervisor');
  assert.ok(workers.length > 0);
  for (const x of workers) {
    assert.ok(x.user_id, `${x.name} has no login`);
    assert.equal((await api(srv.base, 'GET', `/api/v1/users/${x.user_id}`)).body.display_name, x.name);
  }
  // Those on the roster serve from their first day there; the county's
  // first station with a login off the roster lets her serve as well:
  // the compliance page's one deliberate 服务转包.
  const off = (await api(srv.base, 'GET', '/api/v1/compliance?rule=contract.unrostered_workers&limit=50')).body.items;
  assert.equal(off.length, 1, JSON.stringify(off));
  assert.match(off[0].message, /服务人员当天不在该站社工名册上：[^(]+\(sw\d{9}-\d\)\d+条/);
  for (const [body, q] of [[{}, ''], [{ stage: 'open' }, 'stage=open'], [{ stage: 'intervention' }, 'stage=intervention'],
    [{ station_id: station }, `station_id=${station}`], [{ client_id: ids.a }, `client_id=${ids.a}`],
    [{ worker_id: (await api(srv.base, 'GET', `/api/v1/cases/${all[0]}`)).body.worker_id }, null]]) {
    const query = q ?? `worker_id=${body.worker_id}`;
    const rows = rowsOf(await exportAs(undefined, { format: 'csv', columns: ['id', 'services'], ...body }));
    assert.deepEqual(rows.slice(1).map((r) => r[0]), await listed(undefined, query), query);
  }
  // Each case's count is the service list's for it.
  const rows = rowsOf(await exportAs(undefined, { format: 'csv', columns: ['id', 'services'] }));
  for (const [id, n] of rows.slice(1, 12)) {
    const r = await api(srv.base, 'GET', `/api/v1/services?case_id=${id}&limit=1`);
    assert.equal(String(r.body.total), n, `case ${id}`);
  }
});

test('the .xlsx has the title, the header, and numbers that add up', async () => {
  const { headers, rows } = await xlsxRows(srv.base, '/api/v1/case_exports', { columns: ['id', 'stage', 'services', 'minutes'], client_id: ids.a }, as.w2);
  assert.ok(headers.get('content-disposition').includes(`filename*=UTF-8''${encodeURIComponent('个案台账-攸县联星街道社会工作服务站-2026-06-15.xlsx')}`));
  // The client filtered by is named under the title, for whoever holds the
  // sheet, after the station her range is.
  assert.deepEqual(rows[0], ['个案台账（2026-06-15）\n筛选条件　所属站点：攸县联星街道社会工作服务站；服务对象：周阿姨']);
  assert.deepEqual(rows[1], ['个案编号', '当前阶段', '服务次数', '服务时长(分钟)']);
  assert.deepEqual(rows.slice(2), [[String(ids.worked), '介入', 2, 105]]);
});

test('bad input is refused on its field; the evaluator\'s ledger masks names; exports are audited', async () => {
  for (const [body, field] of [[{ format: 'doc' }, 'format'], [{ format: 'csv', columns: ['id', 'diagnosis'] }, 'columns[1]'],
    [{ format: 'csv', stage: 'finished' }, 'stage'], [{ format: 'csv', pending: 'yes' }, 'pending'], [{ format: 'csv', client_id: -1 }, 'client_id']]) {
    const r = await exportAs(as.w2, body);
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
    assert.match(r.body.error.message, /[\u4e00-\u9fff]/);
  }
  const read = await api(srv.base, 'GET', '/api/v1/cases?limit=200', undefined, {}, as.eval);
  assert.equal(read.status, 200, read.text);
  assert.ok(read.body.items.length > 0);
  assert.ok(read.body.items.every((k) => /^.\*+$/u.test(k.client_name)), 'the evaluator reads the cases, names masked');
  const hers = rowsOf(await exportAs(as.eval, { format: 'csv', columns: ['id', 'client'] }));
  assert.deepEqual(hers.slice(1).map((r) => r[1]).sort(), read.body.items.map((k) => k.client_name).sort(),
    'her ledger masks the names as her list does');
  const full = rowsOf(await exportAs(as.w2, { format: 'csv', columns: ['id', 'client'] }));
  assert.ok(full.slice(1).some((r) => !/\*/.test(r[1])), 'a worker\'s names the clients');
  const audited = async () => (await api(srv.base, 'GET', '/api/v1/audit?action=case.export&limit=200', undefined, {}, as.aud)).body;
  const before_ = (await audited()).total;
  assert.equal((await exportAs(as.w2, { format: 'csv', columns: ['id'], stage: 'open', pending: true })).status, 200);
  const log = await audited();
  assert.equal(log.total, before_ + 1);
  assert.deepEqual(JSON.parse(log.items[0].detail), { format: 'csv', rows: 0, stage: 'open', pending: true, columns: ['id'] });
});

test('each case has its own count and minutes, past the 32 cases the server reads at a time', async () => {
  addUser(srv, 'w6', 'social_worker', 'stations:6');
  addUser(srv, 'sup6', 'supervisor', 'stations:6');
  for (const u of ['w6', 'sup6']) as[u] = await session(srv.base, u);
  const want = {};
  let slot = 0;
  for (let i = 0; i < 40; i++) {
    const c = await api(srv.base, 'POST', '/api/v1/clients',
      { station_id: 6, name: `个案对象${i}`, id_number: idNumber(`43022319${40 + i}0101${100 + i}`) }, {}, as.w6);
    assert.equal(c.status, 201, c.text);
    let k = (await api(srv.base, 'POST', '/api/v1/cases', { client_id: c.body.id, source: 'visit', problem: '困难', opened_on: '2026-06-01' }, {}, as.w6)).body;
    for (const [what, body, auth] of [['assessment', { needs: [{ domain: 'health', description: '无人照料', level: 'high' }], summary: '独居', risk_level: 'high' }, as.w6],
      ['plan', { goals: [{ goal: '链接照护', tasks: [] }] }, as.w6], ['decision', { decision: 'approve', comment: '同意' }, as.sup6]]) {
      const r = await api(srv.base, 'POST', `/api/v1/cases/${k.id}/${what}`, { ...body, version: k.version }, {}, auth);
      assert.equal(r.status, 200, r.text);
      k = r.body;
    }
    // Case i gets i % 4 records of 15 + i minutes, each starting at a
    // time of its own on the day its plan was approved (today, before ten).
    for (let j = 0; j < i % 4; j++, slot++) {
      const at = (m) => `2026-06-15T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      const r = await api(srv.base, 'POST', '/api/v1/services', { station_id: 6, type: 'casework', case_id: k.id, clients: [c.body.id],
        started_at: at(slot * 9), ended_at: at(slot * 9 + 15 + i), area: 'elderly_care', content: '个案过程记录' }, {}, as.w6);
      assert.equal(r.status, 201, r.text);
    }
    want[k.id] = [String(i % 4), String((i % 4) * (15 + i))];
  }
  const rows = rowsOf(await exportAs(as.w6, { format: 'csv', columns: ['id', 'services', 'minutes'] })).slice(1);
  assert.ok(rows.length > 32, `${rows.length} cases: more than one statement's 32`);
  for (const [id, n, minutes] of rows) assert.deepEqual([n, minutes], want[id] ?? ['0', '0'], `case ${id}`);
  assert.equal(rows.filter(([id]) => want[id]).length, 40);
});

test('the export\'s row limit is a setting; a refused export is not audited', async () => {
  const audited = async () => (await api(srv.base, 'GET', '/api/v1/audit?action=case.export&limit=200', undefined, {}, as.aud)).body;
  const before_ = (await audited()).total;
  const set = (value) => api(srv.base, 'PUT', '/api/v1/settings/ledger.export_max_rows', { value });
  assert.equal((await set(100)).status, 200);
  const all = await listed(undefined, '');
  assert.ok(all.length > 100, `the ${all.length} cases are more than the limit`);
  const big = await exportAs(undefined, { format: 'csv' });
  assert.equal(big.status, 400, big.text);
  assert.equal(big.body.error.message, '导出行数(上限100)超出允许范围');
  assert.equal((await audited()).total, before_, 'a refused export is not audited');
  assert.equal((await set(200000)).status, 200);
});
