// An exported sheet says what it covers: the filter the user applied is
// written in words on the title row of the .xlsx (the station's name,
// the category's label, the worker's name …, never the ids and codes of
// the request), in the user's language; an unfiltered sheet keeps the
// bare title, but one of a range of one station names it (a station's
// register), and the CSV stays a bare table (header first).
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
let station3Name;
let workerId;

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  as.w2 = await session(srv.base, 'w2');
  addUser(srv, 'w3', 'social_worker', 'stations:3');
  as.w3 = await session(srv.base, 'w3');
  addUser(srv, 'w23', 'social_worker', 'stations:2,3');
  as.w23 = await session(srv.base, 'w23');
  station3Name = (await api(srv.base, 'GET', '/api/v1/stations/3', undefined, {}, as.w3)).body.name;
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
  const book = execFileSync('unzip', ['-p', join(dir, 'x.xlsx'), 'xl/workbook.xml'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  const rows = [...sheet.matchAll(/<row [^>]*>(.*?)<\/row>/gs)].slice(0, 2)
    .map((m) => [...m[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]));
  return { title: rows[0][0], header: rows[1], tab: /<sheet name="([^"]*)"/.exec(book)[1],
    disposition: res.headers.get('content-disposition') };
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
  const { title } = await head('/api/v1/client_exports', { columns: ['name'], worker_id: workerId, age_min: 60, age_max: 80, q: '标题' }, undefined, as.w23);
  assert.equal(title, '服务对象台账（2026-06-15）·脱敏\n筛选条件　年龄：60–80岁；责任社工：w2；查找：“标题”');
  assert.equal((await head('/api/v1/client_exports', { columns: ['name'] }, undefined, as.w23)).title, '服务对象台账（2026-06-15）·脱敏');
  // A range of one station: the sheet is that station's, and says so.
  assert.equal((await head('/api/v1/client_exports', { columns: ['name'] })).title, `服务对象台账（2026-06-15）·脱敏\n筛选条件　所属站点：${stationName}`);
  assert.equal((await head('/api/v1/client_exports', { columns: ['name'], q: '标题' })).title,
    `服务对象台账（2026-06-15）·脱敏\n筛选条件　所属站点：${stationName}；查找：“标题”`);
});

test("another station's worker is named by number, not by name: a title is no way to look up who works where", async () => {
  const { title } = await head('/api/v1/client_exports', { columns: ['name'], worker_id: workerId }, undefined, as.w3);
  assert.equal(title, `服务对象台账（2026-06-15）·脱敏\n筛选条件　所属站点：${station3Name}；责任社工：#${workerId}`);
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
  assert.match((await head('/api/v1/client_exports', { columns: ['name'] }, undefined, as.w23)).disposition,
    new RegExp(`filename\\*=UTF-8''${encodeURIComponent('服务对象台账-2026-06-15.xlsx').replace(/\./g, '\\.')}`));
  // Her whole range is one station: its name too.
  assert.ok((await head('/api/v1/client_exports', { columns: ['name'] })).disposition
    .includes(`filename*=UTF-8''${encodeURIComponent(`服务对象台账-${stationName}-2026-06-15.xlsx`)}`));
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
  const { title, tab } = await head('/api/v1/client_exports', { columns: ['name'], q: '430223195001010011' }, undefined, as.w23);
  assert.equal(tab, '服务对象台账');
  assert.equal(title, '服务对象台账（2026-06-15）·脱敏\n筛选条件　查找：身份证号或电话（已隐去）');
  assert.equal((await head('/api/v1/client_exports', { columns: ['name'], q: '0011' }, undefined, as.w23)).title, '服务对象台账（2026-06-15）·脱敏\n筛选条件　查找：“0011”');
});

/** The title cell of a GET download (the roster, the money sheets). */
async function getTitle(path, lang, who) {
  if (!as.bur) {
    addUser(srv, 'bur', 'bureau', 'all');
    as.bur = await session(srv.base, 'bur');
  }
  const res = await fetch(srv.base + path, { headers: { cookie: (who || as.bur).cookie, ...(lang ? { 'accept-language': lang } : {}) } });
  assert.equal(res.status, 200, await res.clone().text());
  const dir = mkdtempSync(join(tmpdir(), 'sgz-title-'));
  writeFileSync(join(dir, 'x.xlsx'), Buffer.from(await res.arrayBuffer()));
  const sheet = execFileSync('unzip', ['-p', join(dir, 'x.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  const book = execFileSync('unzip', ['-p', join(dir, 'x.xlsx'), 'xl/workbook.xml'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  return { title: /<t[^>]*>([^<]*)<\/t>/.exec(sheet)[1], tab: /<sheet name="([^"]*)"/.exec(book)[1],
    disposition: res.headers.get('content-disposition') };
}

let orgId;
async function organisation() {
  if (!orgId) {
    const o = await api(srv.base, 'POST', '/api/v1/organisations', { name: '攸县标题社会工作服务中心', credit_code: '91350100M000100Y43' });
    assert.equal(o.status, 201, o.text);
    orgId = o.body.id;
  }
  return orgId;
}

test("the staff roster names the station, the employer, the role and the status, and one station's file is named after it", async () => {
  const org = await organisation();
  const { title, disposition } = await getTitle(`/api/v1/staff_roster.xlsx?station_id=2&organisation_id=${org}&role=resident&certificate=assistant&status=active`);
  assert.equal(title, `社工花名册（2026-06-15）\n筛选条件　所属站点：${stationName}；聘用机构：攸县标题社会工作服务中心；岗位：驻站社工；职业资格：助理社会工作师；状态：在职`);
  assert.ok(disposition.includes(`filename*=UTF-8''${encodeURIComponent(`社工花名册-${stationName}-2026-06-15.xlsx`)}`), disposition);
  assert.equal((await getTitle('/api/v1/staff_roster.xlsx?status=left&unassigned=true', 'en')).title,
    'Staff roster (2026-06-15)\nFilter: Unassigned: only those without a station today; Status: Left');
  assert.equal((await getTitle('/api/v1/staff_roster.xlsx')).title, '社工花名册（2026-06-15）');
  // The tab is named by the sheet, not "Sheet1".
  assert.equal((await getTitle('/api/v1/staff_roster.xlsx')).tab, '社工花名册');
  assert.equal((await getTitle('/api/v1/staff_roster.xlsx', 'en')).tab, 'Staff roster');
});

test('the evaluation results name the contract, the kind and the year', async () => {
  const org = await organisation();
  const k = await api(srv.base, 'POST', '/api/v1/contracts', {
    code: 'T1', title: '协议T1', organisation_id: org, procurement: 'open_tender', cycle_years: 3, cycle_year: 1,
    amount_fen: 1200000, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-01',
    ends_on: '2026-12-31', stations: [{ station_id: 2, amount_fen: 1200000 }],
  });
  assert.equal(k.status, 201, k.text);
  assert.equal((await getTitle(`/api/v1/evaluations.xlsx?contract_id=${k.body.id}&kind=midterm&year=2026`)).title,
    '绩效评估结果\n筛选条件　协议：T1 协议T1；评估类型：中期评估；评估年度：2026年');
  assert.equal((await getTitle('/api/v1/evaluations.xlsx?kind=final', 'en')).title, 'Evaluation results\nFilter: Kind: Final evaluation');
  assert.equal((await getTitle('/api/v1/evaluations.xlsx')).title, '绩效评估结果');
  assert.equal((await getTitle('/api/v1/evaluations.xlsx')).tab, '绩效评估结果');
});

test("one station's expenditures are named after it; the fund-use sheet's period reads in words, an open bound not as an empty one", async () => {
  const x = await getTitle('/api/v1/expenditures.xlsx?station_id=2&from=2026-01-01');
  assert.equal(x.title, `项目支出明细\n筛选条件　所属站点：${stationName}；支出日期：2026-01-01起`);
  assert.ok(x.disposition.includes(`filename*=UTF-8''${encodeURIComponent(`项目支出明细-${stationName}.xlsx`)}`), x.disposition);
  // The statement sums the reader's range, and says whose it is.
  const u = await getTitle('/api/v1/fund_use?format=xlsx&from=2026-01-01');
  assert.equal(u.title, '资金使用情况表（2026-01-01起）\n范围：全部站点');
  assert.ok(u.disposition.includes(`filename*=UTF-8''${encodeURIComponent('资金使用情况表-2026-01-01起.xlsx')}`), u.disposition);
  const enU = await getTitle('/api/v1/fund_use?format=xlsx&from=2026-01-01&to=2026-12-31', 'en');
  assert.equal(enU.title, 'Fund use (2026-01-01 – 2026-12-31)\nRange: all stations');
  // An English reader's file is named in English (browsers save under
  // filename*); a station's name stays as it is.
  assert.ok(enU.disposition.includes(`filename*=UTF-8''${encodeURIComponent('Fund use-2026-01-01 – 2026-12-31.xlsx')}`), enU.disposition);
  const enX = await getTitle('/api/v1/expenditures.xlsx?station_id=2', 'en');
  assert.ok(enX.disposition.includes(`filename*=UTF-8''${encodeURIComponent(`Expenditures-${stationName}.xlsx`)}`), enX.disposition);
  assert.equal((await getTitle('/api/v1/fund_use?format=xlsx')).title, '资金使用情况表\n范围：全部站点');
  addUser(srv, 'fu_town', 'township_officer', 'region:430223001');
  const town = await session(srv.base, 'fu_town');
  // Below a county the sums are those of the contracts serving the
  // township and its stations' allocations: the line says so.
  assert.equal((await getTitle('/api/v1/fund_use?format=xlsx', undefined, town)).title, '资金使用情况表\n范围：联星街道所涉服务协议及站点');
  addUser(srv, 'fu_two', 'township_officer', 'stations:2,3');
  const two = await session(srv.base, 'fu_two');
  const names = (await api(srv.base, 'GET', '/api/v1/stations?limit=10', undefined, {}, two)).body.items.map((x) => x.name);
  assert.equal(names.length, 2);
  assert.equal((await getTitle('/api/v1/fund_use?format=xlsx', undefined, two)).title, `资金使用情况表\n范围：${names.join('、')}`);
  addUser(srv, 'fu_org', 'org_admin', 'self', undefined, await organisation());
  const org = await session(srv.base, 'fu_org');
  assert.equal((await getTitle('/api/v1/fund_use?format=xlsx', undefined, org)).title, '资金使用情况表\n范围：攸县标题社会工作服务中心');
});
