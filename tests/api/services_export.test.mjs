// 服务记录台账导出: the service ledger as CSV or .xlsx. The export gives
// the rows the service list gives for the same filter, in its order,
// within the user's stations; labels in Chinese, money in yuan, times in
// Beijing; formula-like cells neutralised; every export audited; a row
// limit that is a setting; no temporary file left behind.
// The server's clock is fixed at 2026-06-15T10:00+08:00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, addUser, session, sgz } from './lib.mjs';
import { idNumber, allPages, csvRows as rowsOf, xlsxRows } from './helpers_extra.mjs';

let srv;
const as = {};
const ids = {};
const serverTmp = mkdtempSync(join(tmpdir(), 'sgz-service-export-tmp-'));

before(async () => {
  srv = await startServer({ env: { TMPDIR: serverTmp } });
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'w3', 'social_worker', 'stations:3');
  addUser(srv, 'eval', 'evaluator', 'all');
  addUser(srv, 'aud', 'auditor', 'all');
  for (const u of ['w2', 'w3', 'eval', 'aud']) as[u] = await session(srv.base, u);
  const users = await api(srv.base, 'GET', '/api/v1/users?limit=200');
  for (const u of users.body.items) ids[u.username] = u.id;
  for (const [key, station, name, number, auth] of [
    ['a', 2, '李大爷', idNumber('43022319450101001'), as.w2], ['b', 2, '王奶奶', idNumber('43022319500202002'), as.w2],
    ['c', 3, '赵大娘', idNumber('43022319520303003'), as.w3]]) {
    const c = await api(srv.base, 'POST', '/api/v1/clients', { station_id: station, name, id_number: number }, {}, auth);
    assert.equal(c.status, 201, c.text);
    ids[key] = c.body.id;
  }
  const post = async (body, auth = as.w2) => {
    const r = await api(srv.base, 'POST', '/api/v1/services', {
      station_id: 2, area: 'social_assistance', content: '服务内容', clients: [ids.a], ...body,
    }, {}, auth);
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  };
  ids.consult = await post({ type: 'consultation', started_at: '2026-06-02T09:00', ended_at: '2026-06-02T09:40',
    content: '=SUM(A1:A9)', outcome: '已告知所需材料', satisfaction: 'satisfied', place: '社工站' });
  ids.visit = await post({ type: 'home_visit', started_at: '2026-06-05T14:00', ended_at: '2026-06-05T15:30', clients: [ids.a, ids.b],
    content: '入户核查', visit: { purpose: 'dibao_check', met: '本人', survey: { household_size: 2,
      incomes: [{ member: '李大爷', source: 'pension', yearly: 1200000 }], conclusion: 'eligible' } } });
  ids.activity = await post({ type: 'activity', started_at: '2026-05-20T09:00', ended_at: '2026-05-20T11:00', title: '端午节包粽子',
    clients: [], extra_attendees: 35, content: '社区活动' });
  ids.link = await post({ type: 'resource_link', started_at: '2026-06-10T10:00', ended_at: '2026-06-10T10:30',
    resource_kind: 'goods', resource_value: 50050, resource_source: '县慈善总会', content: '链接米面油' });
  ids.far = await post({ station_id: 3, type: 'consultation', started_at: '2026-06-03T09:00', ended_at: '2026-06-03T09:30',
    clients: [ids.c], content: '别站的咨询' }, as.w3);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
  rmSync(serverTmp, { recursive: true, force: true });
});

const exportAs = (auth, body) => api(srv.base, 'POST', '/api/v1/service_exports', body, {}, auth);

/** The record ids the list gives for a query, every page, newest first. */
const listed = async (auth, q) => (await allPages(srv.base, '/api/v1/services', q, auth)).map((v) => String(v.id));

test('the ledger holds what the list shows, cell by cell, in Chinese', async () => {
  const rows = rowsOf(await exportAs(as.w2, { format: 'csv', columns: ['id', 'service_day', 'time', 'type', 'minutes', 'clients',
    'extra_attendees', 'workers', 'area', 'content', 'satisfaction', 'visit_purpose', 'per_capita_income', 'resource_kind',
    'resource_value', 'resource_source'] }));
  assert.deepEqual(rows[0], ['记录编号', '服务日期', '起止时间', '服务类型', '时长(分钟)', '服务对象', '其他参与人数', '服务社工', '服务领域',
    '服务内容', '满意度', '走访目的', '家庭人均月收入(元)', '链接资源类型', '资源价值(元)', '资源来源']);
  const byId = Object.fromEntries(rows.slice(1).map((r) => [r[0], r]));
  const w2 = (await api(srv.base, 'GET', '/api/v1/session', undefined, {}, as.w2)).body.user.display_name;
  assert.deepEqual(byId[ids.consult], [String(ids.consult), '2026-06-02', '09:00–09:40', '咨询', '40', '李大爷', '', w2, '社会救助',
    // A cell that starts with = is text, not a formula.
    '\'=SUM(A1:A9)', '满意', '', '', '', '', ''].map(String));
  assert.deepEqual(byId[ids.visit].slice(1, 6), ['2026-06-05', '14:00–15:30', '入户走访', '90', '李大爷、王奶奶']);
  // (12,000 元 a year) / 2 people / 12 months = 500 元.
  assert.deepEqual(byId[ids.visit].slice(11, 13), ['低保核查', '500.00']);
  assert.deepEqual(byId[ids.activity].slice(5, 7), ['', '35']);
  assert.deepEqual(byId[ids.link].slice(13), ['物资', '500.50', '县慈善总会']);
  assert.equal(byId[ids.far], undefined, 'another station\'s record is not in a worker\'s ledger');
  assert.deepEqual(rows.slice(1).map((r) => r[0]), await listed(as.w2, ''), 'the list\'s rows, in its order');
  // UTF-8 with a BOM, so that Excel reads the Chinese right.
  const raw = await fetch(srv.base + '/api/v1/service_exports', {
    method: 'POST',
    headers: { cookie: as.w2.cookie, 'x-csrf-token': as.w2.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ format: 'csv', columns: ['type'] }),
  });
  const head = Buffer.from('\uFEFF服务类型\r\n', 'utf8');
  assert.deepEqual(Buffer.from(await raw.arrayBuffer()).subarray(0, head.length), head);
  // The other station's worker sees only hers.
  const far = rowsOf(await exportAs(as.w3, { format: 'csv', columns: ['id', 'clients'] }));
  assert.deepEqual(far.slice(1), [[String(ids.far), '赵大娘']]);
});

test('every filter of the list gives the export the same rows', async () => {
  const queries = [
    [{ type: 'home_visit' }, 'type=home_visit'],
    [{ from: '2026-06-02', to: '2026-06-05' }, 'from=2026-06-02&to=2026-06-05'],
    [{ to: '2026-05-31' }, 'to=2026-05-31'],
    [{ client_id: ids.b }, `client_id=${ids.b}`],
    [{ worker_id: ids.w2, type: 'consultation' }, `worker_id=${ids.w2}&type=consultation`],
    [{ station_id: 3 }, 'station_id=3'],
    [{ area: 'social_assistance', from: '2026-06-01' }, 'area=social_assistance&from=2026-06-01'],
  ];
  for (const [body, q] of queries) {
    for (const who of ['w2', 'w3']) {
      const rows = rowsOf(await exportAs(as[who], { format: 'csv', columns: ['id'], ...body }));
      assert.deepEqual(rows.slice(1).map((r) => r[0]), await listed(as[who], q), `${who} ${q}`);
    }
  }
  // A period both ends inclusive: the 2nd to the 5th holds both records.
  const p = rowsOf(await exportAs(as.w2, { format: 'csv', columns: ['id'], from: '2026-06-02', to: '2026-06-05' }));
  assert.deepEqual(p.slice(1).map((r) => r[0]).sort(), [String(ids.consult), String(ids.visit)].sort());
});

test('the .xlsx has a title with the period, the header and the rows', async () => {
  const { headers, rows } = await xlsxRows(srv.base, '/api/v1/service_exports', { columns: ['id', 'type', 'resource_value'], from: '2026-06-01', to: '2026-06-30' }, as.w2);
  // Her range is one station: the file and the title name it.
  assert.ok(headers.get('content-disposition').includes(`filename*=UTF-8''${encodeURIComponent('服务记录台账-攸县联星街道社会工作服务站-2026-06-15.xlsx')}`));
  assert.deepEqual(rows[0], ['服务记录台账（2026-06-01–2026-06-30）\n筛选条件　所属站点：攸县联星街道社会工作服务站']);
  assert.deepEqual(rows[1], ['记录编号', '服务类型', '资源价值(元)']);
  assert.deepEqual(rows.slice(2).map((r) => r[0]), await listed(as.w2, 'from=2026-06-01&to=2026-06-30'));
  assert.ok(rows.some((r) => r[1] === '资源链接' && r[2] === 500.5), JSON.stringify(rows));
  assert.deepEqual(readdirSync(serverTmp), [], 'no temporary file is left');
});

test('bad input is refused on the right field, in Chinese, and a reader without the permission gets 403', async () => {
  const cases = [
    [{ format: 'pdf' }, 'format'],
    [{ format: 'csv', columns: ['id', 'ssn'] }, 'columns[1]'],
    [{ format: 'csv', columns: [] }, 'columns'],
    [{ format: 'csv', type: 'party' }, 'type'],
    [{ format: 'csv', from: '2026-02-30' }, 'from'],
    [{ format: 'csv', station_id: 0 }, 'station_id'],
    [{ format: 'csv', from: '2026-06-10', to: '2026-06-01' }, 'to'],
    [{ format: 'csv', page: 2 }, 'page'],
  ];
  for (const [body, field] of cases) {
    const r = await exportAs(as.w2, body);
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field, JSON.stringify(body));
    assert.match(r.body.error.message, /[\u4e00-\u9fff]/);
  }
  const order = await exportAs(as.w2, { format: 'csv', from: '2026-06-10', to: '2026-06-01' });
  assert.equal(order.body.error.message, '结束日期不能早于开始日期');
});

test('the evaluator samples the ledger with clients\' names masked, as her list shows them', async () => {
  // Her session says so, for the export dialog to tell her.
  assert.equal((await api(srv.base, 'GET', '/api/v1/session', undefined, {}, as.eval)).body.names_masked, true);
  assert.equal((await api(srv.base, 'GET', '/api/v1/session', undefined, {}, as.w2)).body.names_masked, false);
  const rows = rowsOf(await exportAs(as.eval, { format: 'csv', columns: ['id', 'clients', 'workers'] }));
  const byId = Object.fromEntries(rows.slice(1).map((r) => [r[0], r]));
  const w2 = (await api(srv.base, 'GET', '/api/v1/session', undefined, {}, as.w2)).body.user.display_name;
  assert.deepEqual(byId[ids.visit], [String(ids.visit), '李**、王**', w2], 'clients masked, workers named');
  assert.deepEqual(byId[ids.far].slice(1, 2), ['赵**']);
  const all = rows.flat().join(' ');
  for (const name of ['李大爷', '王奶奶', '赵大娘']) assert.ok(!all.includes(name), `${name} is not in her file`);
  const listedNames = (await allPages(srv.base, '/api/v1/services', 'station_id=2', as.eval)).find((v) => v.id === ids.visit)
    .clients.map((c) => c.name);
  assert.deepEqual(listedNames, ['李**', '王**'], 'the same as her list');
  // The filter line under the title names the client as she sees her.
  const { rows: sheet } = await xlsxRows(srv.base, '/api/v1/service_exports', { columns: ['id'], client_id: ids.a }, as.eval);
  assert.equal(sheet[0][0], '服务记录台账（2026-06-15）\n筛选条件　服务对象：李**');
  // A case filter names the case's client as she sees her too.
  const k = await api(srv.base, 'POST', '/api/v1/cases', { client_id: ids.a, source: 'visit', problem: '独居', opened_on: '2026-06-10' }, {}, as.w2);
  assert.equal(k.status, 201, k.text);
  const { rows: bycase } = await xlsxRows(srv.base, '/api/v1/service_exports', { columns: ['id'], case_id: k.body.id }, as.eval);
  assert.equal(bycase[0][0], `服务记录台账（2026-06-15）\n筛选条件　个案：#${k.body.id}（李**）`);
  // A worker's own file still names them.
  const own = rowsOf(await exportAs(as.w2, { format: 'csv', columns: ['id', 'clients'] }));
  assert.ok(own.some((r) => r[1] === '李大爷、王奶奶'));
  const log = (await api(srv.base, 'GET', '/api/v1/audit?action=service.export&limit=5', undefined, {}, as.aud)).body;
  assert.ok(log.items.some((e) => e.actor === 'eval'), 'her export is audited');
});

test('every export is audited with its filter and row count; the row limit is a setting', async () => {
  const audited = async () => (await api(srv.base, 'GET', '/api/v1/audit?action=service.export&limit=200', undefined, {}, as.aud)).body;
  const before_ = (await audited()).total;
  const r = await exportAs(as.w2, { format: 'csv', columns: ['id'], type: 'home_visit', from: '2026-06-01' });
  assert.equal(r.status, 200, r.text);
  const log = await audited();
  assert.equal(log.total, before_ + 1);
  const detail = JSON.parse(log.items[0].detail);
  assert.deepEqual(detail, { format: 'csv', rows: 1, type: 'home_visit', from: '2026-06-01', columns: ['id'] });
  assert.equal(log.items[0].actor, 'w2');

  // Past the limit the export is refused, naming it; nothing leaves and
  // nothing is audited.
  const d = sgz(['demo', '--region', '430223', '--clients', '200', '--services', '400'], srv.env);
  assert.equal(d.status, 0, d.stderr);
  const set = (value) => api(srv.base, 'PUT', '/api/v1/settings/ledger.export_max_rows', { value });
  assert.equal((await set(99)).status, 400, 'at least 100');
  assert.equal((await set(100)).status, 200);
  const total = (await audited()).total;
  for (const format of ['csv', 'xlsx']) {
    const big = await api(srv.base, 'POST', '/api/v1/service_exports', { format });
    assert.equal(big.status, 400, big.text);
    assert.equal(big.body.error.message, '导出行数(上限100)超出允许范围');
  }
  assert.equal((await audited()).total, total);
  assert.deepEqual(readdirSync(serverTmp), [], 'a refused export leaves no file');
  const small = rowsOf(await api(srv.base, 'POST', '/api/v1/service_exports', { format: 'csv', columns: ['id'], station_id: 2, to: '2026-06-30', type: 'activity' }));
  assert.ok(small.length - 1 <= 100);
  assert.equal((await set(200000)).status, 200);
  const all = rowsOf(await api(srv.base, 'POST', '/api/v1/service_exports', { format: 'csv', columns: ['id'] }));
  assert.ok(all.length - 1 > 100, `${all.length - 1} rows`);
  assert.deepEqual(all.slice(1).map((x) => x[0]), await listed(undefined, ''));
});
