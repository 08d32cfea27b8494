// The export takes the filter of the list the user is looking at: every
// filter the list has (village, responsible worker, age range among them)
// gives the export the same rows, and a range whose top is below its
// bottom is an error on both, not an empty answer.
// The server's clock is fixed at 2026-06-15 (Beijing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, addUser, session, sgz } from './lib.mjs';
import { xlsxRows } from './helpers_extra.mjs';

let srv;
const as = {};
const VILLAGE = '430223001001';
// The server's own temporary directory: an export is written there row
// by row and must leave nothing behind (a full one holds ID numbers).
const serverTmp = mkdtempSync(join(tmpdir(), 'sgz-export-tmp-'));

before(async () => {
  srv = await startServer({ env: { TMPDIR: serverTmp } });
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'w2b', 'social_worker', 'stations:2');
  as.w2 = await session(srv.base, 'w2');
  as.w2b = await session(srv.base, 'w2b');
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
  rmSync(serverTmp, { recursive: true, force: true });
});

const me = async (auth) => (await api(srv.base, 'GET', '/api/v1/session', undefined, {}, auth)).body.user.id;

/** The names the export gives for a filter (CSV, masked). */
async function exported(filter) {
  const r = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', columns: ['name'], station_id: 2, ...filter }, {}, as.w2);
  assert.equal(r.status, 200, r.text);
  return r.text.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).sort();
}

/** The names the list gives for the same filter. */
async function listed(filter) {
  const q = new URLSearchParams({ station_id: '2', limit: '200', ...Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, String(v)])) });
  const r = await api(srv.base, 'GET', `/api/v1/clients?${q}`, undefined, {}, as.w2);
  assert.equal(r.status, 200, r.text);
  return r.body.items.map((c) => c.name).sort();
}

test('the export gives the rows the list gives, for every filter', async () => {
  const w2 = await me(as.w2);
  const w2b = await me(as.w2b);
  const people = [
    { name: '导出甲', birth_date: '1950-01-01', village_code: VILLAGE, worker_id: w2 }, // 76
    { name: '导出乙', birth_date: '1960-06-15', worker_id: w2b }, // 66 today
    { name: '导出丙', birth_date: '1960-06-16', village_code: VILLAGE }, // 65
    { name: '导出丁', birth_date: '1990-01-01', worker_id: w2 }, // 36
  ];
  for (const p of people) {
    const r = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, sex: 'F', ...p }, {}, as.w2b);
    assert.equal(r.status, 201, r.text);
  }
  const cases = [
    [{ age_min: 66 }, ['导出乙', '导出甲']],
    [{ age_max: 65 }, ['导出丁', '导出丙']],
    [{ age_min: 60, age_max: 70 }, ['导出丙', '导出乙']],
    [{ village: VILLAGE }, ['导出丙', '导出甲']],
    [{ worker_id: w2 }, ['导出丁', '导出甲']],
    [{ worker_id: w2b, age_min: 60 }, ['导出乙']],
  ];
  for (const [filter, want] of cases) {
    const l = (await listed({ q: '导出', ...filter }));
    const e = (await exported({ q: '导出', ...filter }));
    assert.deepEqual(l, [...want].sort(), `list ${JSON.stringify(filter)}`);
    assert.deepEqual(e, l, `export ${JSON.stringify(filter)}`);
  }
});

test('an age range upside down is refused, on the list and the export', async () => {
  let r = await api(srv.base, 'GET', '/api/v1/clients?age_min=80&age_max=20', undefined, {}, as.w2);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'age_max');
  assert.equal(r.body.error.message, '最大年龄不能小于最小年龄');
  r = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', age_min: 80, age_max: 20 }, {}, as.w2);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'age_max');
  // The same age at both ends is a range of one year.
  r = await api(srv.base, 'GET', '/api/v1/clients?age_min=66&age_max=66&q=导出', undefined, {}, as.w2);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.items.map((c) => c.name), ['导出乙']);
  for (const [body, field] of [[{ village: '4302230010' }, 'village'], [{ worker_id: 0 }, 'worker_id'], [{ age_min: 151 }, 'age_min']]) {
    r = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', ...body }, {}, as.w2);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.field, field);
  }
});

test('an export of a register larger than a page holds every client once, in the list\'s order', async () => {
  // The export reads the register in one pass (client_store_each), not
  // page by page: 1,200 clients more, over the county's stations.
  const d = sgz(['demo', '--region', '430223', '--clients', '1200'], srv.env);
  assert.equal(d.status, 0, d.stderr);
  const listedAll = [];
  for (let page = 1; ; page++) {
    const r = await api(srv.base, 'GET', `/api/v1/clients?limit=200&page=${page}`);
    assert.equal(r.status, 200, r.text);
    listedAll.push(...r.body.items.map((c) => `${c.name} ${c.id_number}`));
    if (r.body.items.length < 200) break;
  }
  assert.ok(listedAll.length > 1200, `${listedAll.length} listed`);
  const r = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', columns: ['name', 'id_number'] });
  assert.equal(r.status, 200, r.text);
  const rows = r.text.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((l) => l.replace(',', ' ').replace(/^"|"$/g, ''));
  assert.deepEqual(rows, listedAll);
  // Each row's categories, read for a run of rows at a time, are that
  // client's: those the list gives it that hold today, by their labels.
  const dict = await api(srv.base, 'GET', '/api/v1/dictionaries?kind=client_category');
  const label = Object.fromEntries(dict.body.client_category.map((d) => [d.code, d.label]));
  const today = '2026-06-15';
  const held = [];
  for (let page = 1; ; page++) {
    const l = await api(srv.base, 'GET', `/api/v1/clients?limit=200&page=${page}`);
    held.push(...l.body.items.map((c) => c.categories.filter((k) => k.started_on <= today && (!k.ended_on || k.ended_on >= today)).map((k) => label[k.code]).join('、')));
    if (l.body.items.length < 200) break;
  }
  assert.ok(held.filter((x) => x).length > 1000, 'most clients hold a category');
  const cat = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', columns: ['categories'] });
  assert.deepEqual(cat.text.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((x) => x.replace(/^"|"$/g, '')), held);
  // A station's, with a filter, likewise.
  const st = (await api(srv.base, 'GET', '/api/v1/clients?limit=1&sort=id')).body.items[0].station_id;
  const mine = (await api(srv.base, 'GET', `/api/v1/clients?limit=200&station_id=${st}&age_min=60`)).body.items.map((c) => c.name);
  assert.ok(mine.length > 0);
  const e = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', columns: ['name'], station_id: st, age_min: 60 });
  assert.deepEqual(e.text.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1), mine);
  // The .xlsx of everyone: a title row, the header, then every client
  // in the list's order.
  addUser(srv, 'bx', 'bureau', 'all');
  const bx = await session(srv.base, 'bx');
  const { rows: sheetRows } = await xlsxRows(srv.base, '/api/v1/client_exports', { columns: ['name', 'id_number'] }, bx);
  const cells = sheetRows.map((r) => r.join(' '));
  assert.equal(cells.length, listedAll.length + 2);
  assert.equal(cells[1], '姓名 身份证号');
  assert.deepEqual(cells.slice(2), listedAll.map((l) => l.trim()), 'an empty cell is not written');
  assert.deepEqual(readdirSync(serverTmp), [], 'no temporary file is left');

  // The most rows an export holds is a setting (参数设置) of the system
  // administrator (the tester): past it the export is refused, naming the
  // limit, and nothing leaves (no audit row either).
  const set = (value) => api(srv.base, 'PUT', '/api/v1/settings/client.export_max_rows', { value });
  assert.equal((await set(99)).status, 400, 'at least 100');
  assert.equal((await set(200001)).status, 400, 'at most 200000');
  assert.equal((await set(1000)).status, 200);
  // The session tells the UI, so that a dialog can say so first.
  const me = await api(srv.base, 'GET', '/api/v1/session', undefined, {}, bx);
  assert.deepEqual(me.body.export_max_rows, { client: 1000, ledger: 200000 });
  addUser(srv, 'audx', 'auditor', 'all');
  const aud = await session(srv.base, 'audx');
  const audited = async () => (await api(srv.base, 'GET', '/api/v1/audit?action=client.export&limit=200', undefined, {}, aud)).body.total;
  const before = await audited();
  assert.equal(typeof before, 'number');
  const big = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', columns: ['name'] });
  assert.equal(big.status, 400, big.text);
  assert.equal(big.body.error.message, '导出行数(上限1000)超出允许范围');
  assert.equal(await audited(), before);
  const bigXlsx = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'xlsx', columns: ['name'] });
  assert.equal(bigXlsx.status, 400, bigXlsx.text);
  assert.deepEqual(readdirSync(serverTmp), [], 'a refused export leaves no file either');
  const exactly = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', columns: ['name'], station_id: st });
  assert.equal(exactly.status, 200, 'a narrower filter fits');
  assert.equal((await set(200000)).status, 200);
  assert.equal((await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', columns: ['name'] })).status, 200);
  assert.equal(await audited(), before + 2, 'the two exports that left are audited');
});
