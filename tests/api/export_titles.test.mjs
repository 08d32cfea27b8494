// An exported sheet says what it covers: the filter the user applied is
// written in words on the title row of the .xlsx (the station's name,
// the category's label, the worker's name …, never the ids and codes of
// the request), in the user's language; an unfiltered sheet keeps the
// bare title, and the CSV stays a bare table (header first).
// The server's clock is fixed at 2026-06-15 (Beijing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, addUser, session } from './lib.mjs';

let srv;
const as = {};
let stationName;
let workerId;

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  as.w2 = await session(srv.base, 'w2');
  addUser(srv, 'w3', 'social_worker', 'stations:3');
  as.w3 = await session(srv.base, 'w3');
  const s = await api(srv.base, 'GET', '/api/v1/stations/2', undefined, {}, as.w2);
  assert.equal(s.status, 200, s.text);
  stationName = s.body.name;
  workerId = (await api(srv.base, 'GET', '/api/v1/session', undefined, {}, as.w2)).body.user.id;
  const r = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '标题甲', sex: 'F', birth_date: '1950-01-01',
    worker_id: workerId, categories: [{ code: 'dibao', started_on: '2020-01-01' }] }, {}, as.w2);
  assert.equal(r.status, 201, r.text);
  const v = await api(srv.base, 'POST', '/api/v1/services', { station_id: 2, type: 'consultation', started_at: '2026-06-10T09:00',
    ended_at: '2026-06-10T10:00', area: 'elderly_care', content: '入户', clients: [r.body.id] }, {}, as.w2);
  assert.equal(v.status, 201, v.text);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

/** The first two rows of an .xlsx export (title and header), as text. */
async function head(path, body, lang, who = as.w2) {
  const res = await fetch(srv.base + path, {
    method: 'POST',
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json',
      ...(lang ? { 'accept-language': lang } : {}) },
    body: JSON.stringify({ format: 'xlsx', ...body }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const dir = mkdtempSync(join(tmpdir(), 'sgz-title-'));
  writeFileSync(join(dir, 'x.xlsx'), Buffer.from(await res.arrayBuffer()));
  const sheet = execFileSync('unzip', ['-p', join(dir, 'x.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  const rows = [...sheet.matchAll(/<row [^>]*>(.*?)<\/row>/gs)].slice(0, 2)
    .map((m) => [...m[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]));
  return { title: rows[0][0], header: rows[1], disposition: res.headers.get('content-disposition') };
}

test("a station's 低保 list names the station, the category and the status in its title", async () => {
  const { title, header } = await head('/api/v1/client_exports', { columns: ['name'], station_id: 2, category: 'dibao', status: 'active' });
  assert.equal(title, `服务对象台账（2026-06-15）·脱敏\n筛选条件　所属站点：${stationName}；对象类别：最低生活保障对象；状态：在册`);
  assert.doesNotMatch(title, /dibao|active/);
  assert.deepEqual(header, ['姓名']);
});

test('the title is in English for an English user, with the labels in English', async () => {
  const { title } = await head('/api/v1/client_exports', { columns: ['name'], station_id: 2, category: 'dibao', age_min: 60 }, 'en-US,en;q=0.9');
  assert.equal(title, `Client register (2026-06-15), masked\nFilter: Station: ${stationName}; Category: Minimum living allowance recipient; Age: 60 and over`);
});

test('the worker, the age range and the search text are named; an unfiltered register has the bare title', async () => {
  const { title } = await head('/api/v1/client_exports', { columns: ['name'], worker_id: workerId, age_min: 60, age_max: 80, q: '标题' });
  assert.equal(title, '服务对象台账（2026-06-15）·脱敏\n筛选条件　年龄：60–80岁；责任社工：w2；查找：“标题”');
  assert.equal((await head('/api/v1/client_exports', { columns: ['name'] })).title, '服务对象台账（2026-06-15）·脱敏');
});

test("another station's worker is named by number, not by name: a title is no way to look up who works where", async () => {
  const { title } = await head('/api/v1/client_exports', { columns: ['name'], worker_id: workerId }, undefined, as.w3);
  assert.equal(title, `服务对象台账（2026-06-15）·脱敏\n筛选条件　责任社工：#${workerId}`);
});

test('the CSV stays a table: the header is its first row, whatever the filter', async () => {
  const r = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', columns: ['name'], station_id: 2, category: 'dibao' }, {}, as.w2);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.text.replace(/^\uFEFF/, '').split('\r\n').slice(0, 2), ['姓名', '标题甲']);
});

test('the service ledger names the station, the worker, the type and the area', async () => {
  const { title } = await head('/api/v1/service_exports', { columns: ['id'], station_id: 2, worker_id: workerId, type: 'consultation',
    area: 'elderly_care', from: '2026-06-01', to: '2026-06-30' });
  assert.equal(title, `服务记录台账（2026-06-01–2026-06-30）\n筛选条件　所属站点：${stationName}；服务社工：w2；服务类型：咨询；服务领域：养老服务`);
});

test("one station's file is named after it, so that several stations' lists are told apart", async () => {
  const { disposition } = await head('/api/v1/client_exports', { columns: ['name'], station_id: 2 });
  assert.ok(disposition.includes(`filename*=UTF-8''${encodeURIComponent(`服务对象台账-${stationName}-2026-06-15.xlsx`)}`), disposition);
  assert.match((await head('/api/v1/client_exports', { columns: ['name'] })).disposition,
    new RegExp(`filename\\*=UTF-8''${encodeURIComponent('服务对象台账-2026-06-15.xlsx').replace(/\./g, '\\.')}`));
});

test('the case and group ledgers name their filters too', async () => {
  const c = await head('/api/v1/case_exports', { columns: ['id'], station_id: 2, stage: 'intake', pending: true });
  assert.equal(c.title, `个案台账（2026-06-15）\n筛选条件　所属站点：${stationName}；阶段：接案；待审批：仅待审批`);
  const g = await head('/api/v1/group_exports', { columns: ['id'], station_id: 2, status: 'closed' }, 'en');
  assert.equal(g.title, `Group ledger (2026-06-15)\nFilter: Station: ${stationName}; Status: Closed`);
});

test("the audit log's file names whose actions, which and when", async () => {
  addUser(srv, 'aud', 'auditor', 'all');
  const aud = await session(srv.base, 'aud');
  const res = await fetch(`${srv.base}/api/v1/audit.xlsx?kind=operation&actor=w2&action=client.export&result=ok&from=2026-06-01&to=2026-06-30`,
    { headers: { cookie: aud.cookie } });
  assert.equal(res.status, 200, await res.clone().text());
  const dir = mkdtempSync(join(tmpdir(), 'sgz-title-'));
  writeFileSync(join(dir, 'x.xlsx'), Buffer.from(await res.arrayBuffer()));
  const sheet = execFileSync('unzip', ['-p', join(dir, 'x.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  const title = /<t[^>]*>([^<]*)<\/t>/.exec(sheet)[1];
  assert.equal(title, '审计日志\n筛选条件　类别：操作日志；操作人：w2；操作：导出服务对象台账；结果：成功；期间：2026-06-01至2026-06-30');
});

test('a whole ID number searched for is not printed in a masked sheet\'s title', async () => {
  const { title } = await head('/api/v1/client_exports', { columns: ['name'], q: '430223195001010011' });
  assert.equal(title, '服务对象台账（2026-06-15）·脱敏\n筛选条件　查找：身份证号或电话（已隐去）');
  assert.equal((await head('/api/v1/client_exports', { columns: ['name'], q: '0011' })).title, '服务对象台账（2026-06-15）·脱敏\n筛选条件　查找：“0011”');
});
