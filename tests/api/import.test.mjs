// Importing the client register: the template, a station's own messy
// spreadsheet (GBK, a merged title row, trailing spaces, dates as text or
// Excel dates), a dry run that names exactly the bad rows, an import that
// writes every valid row or none, duplicates, limits and permissions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { startServer, api, addUser, session, BIN, BACKEND, FIXED_NOW } from './lib.mjs';
import { workbook } from './helpers_extra.mjs';

// The command line's messages in Chinese (its language follows the locale).
const ZH = { LC_ALL: '', LC_MESSAGES: '', LANG: 'zh_CN.UTF-8' };
let srv;
const as = {};
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idOf = (first17) => first17 + '10X98765432'[[...first17].reduce((a, d, i) => a + Number(d) * W[i], 0) % 11];

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'eval', 'evaluator', 'all');
  addUser(srv, 'aud', 'auditor', 'all');
  for (const u of ['w2', 'eval', 'aud']) as[u] = await session(srv.base, u);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const upload = (data, query, auth, type = 'text/csv') =>
  api(srv.base, 'POST', `/api/v1/client_imports?${query}`, data, { 'content-type': type }, auth);

async function finished(id, auth) {
  for (let i = 0; i < 600; i++) {
    const r = await api(srv.base, 'GET', `/api/v1/client_imports/${id}`, undefined, {}, auth);
    assert.equal(r.status, 200, r.text);
    if (r.body.status !== 'running') return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('the import did not finish');
}

async function run(data, query, auth, type) {
  const r = await upload(data, query, auth, type);
  assert.equal(r.status, 202, r.text);
  return finished(r.body.id, auth);
}

// A check's .xlsx report, downloaded: its first sheet's XML, and the
// texts of its cells in order.
async function reportSheet(id, auth) {
  const rep = await fetch(`${srv.base}/api/v1/client_imports/${id}/report`, { headers: { cookie: auth.cookie } });
  assert.equal(rep.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'sgz-report-'));
  try {
    writeFileSync(join(dir, 'r.xlsx'), Buffer.from(await rep.arrayBuffer()));
    return execFileSync('unzip', ['-p', join(dir, 'r.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const cellTexts = (sheet) => [...sheet.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);

const total = async () => (await api(srv.base, 'GET', '/api/v1/clients?limit=1&status=')).body.total;

test('the template downloads; its example row is valid but refused as the example', async () => {
  const csv = await api(srv.base, 'GET', '/api/v1/client_import_template?format=csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-disposition'), /clients-template\.csv/);
  const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0].split(',')[0], '姓名');
  assert.equal(lines.length, 2);
  const xlsx = await fetch(srv.base + '/api/v1/client_import_template', { headers: { cookie: as.w2.cookie } });
  assert.equal(xlsx.status, 200);
  const bytes = Buffer.from(await xlsx.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  // Its columns are text (number format 49, "@"): an ID number typed in
  // Excel stays 18 characters instead of turning into 4.30223E+17.
  const dir = mkdtempSync(join(tmpdir(), 'sgz-template-'));
  writeFileSync(join(dir, 't.xlsx'), bytes);
  const unzip = (part) => execFileSync('unzip', ['-p', join(dir, 't.xlsx'), part], { encoding: 'utf8' });
  const styles = unzip('xl/styles.xml');
  const xfs = [...styles.matchAll(/<xf [^>]*>/g)].map((m) => m[0]);
  const cellXfs = styles.slice(styles.indexOf('<cellXfs'));
  const xfList = [...cellXfs.matchAll(/<xf [^>]*>/g)].map((m) => m[0]);
  const sheet1 = unzip('xl/worksheets/sheet1.xml');
  const cols = [...sheet1.matchAll(/<col [^>]*style="(\d+)"[^>]*>/g)];
  // Its lists as drop-downs, from a second sheet 可选值 that names their
  // values; other text may still be typed (no error alert).
  const book = unzip('xl/workbook.xml');
  assert.deepEqual([...book.matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1]).slice(1), ['可选值']);
  const choices = [...unzip('xl/worksheets/sheet2.xml').matchAll(/<row [^>]*>(.*?)<\/row>/gs)]
    .map((m) => [...m[1].matchAll(/<c r="([A-Z]+)\d+"[^>]*>.*?<t[^>]*>([^<]*)<\/t>/gs)].map((c) => [c[1], c[2]]));
  const column = (header) => {
    const [letter] = choices[0].find(([, h]) => h === header);
    return choices.slice(1).flatMap((row) => row.filter(([l]) => l === letter).map(([, v]) => v));
  };
  assert.deepEqual(column('性别'), ['男', '女']);
  assert.ok(column('对象类别').includes('最低生活保障对象') && column('对象类别').includes('特困人员'), column('对象类别').join());
  assert.deepEqual(column('合法性基础'), ['监护人同意', '履行法定职责']);
  assert.deepEqual(column('状态'), ['在册', '迁出', '死亡', '注销'], 'never 已合并');
  const validations = [...sheet1.matchAll(/<dataValidation ([^>]*)>\s*<formula1>([^<]*)<\/formula1>/g)].map((m) => [/sqref="([^"]*)"/.exec(m[1])[1], m[2], /showErrorMessage="1"/.test(m[1])]);
  const sexLetter = choices[0].find(([, h]) => h === '性别')[0];
  assert.ok(validations.some(([ref, f, strict]) => ref === 'C2:C1048576' && f === `'可选值'!$${sexLetter}$2:$${sexLetter}$3` && !strict), JSON.stringify(validations));
  assert.equal(validations.length, choices[0].length, 'a drop-down per listed column');
  // The categories' drop-down picks one, and says several may be typed.
  const prompted = [...sheet1.matchAll(/<dataValidation ([^>]*)>\s*<formula1>([^<]*)<\/formula1>/g)]
    .filter((m) => /prompt="/.test(m[1])).map((m) => [/prompt="([^"]*)"/.exec(m[1])[1], m[2]]);
  const catLetter = choices[0].find(([, h]) => h === '对象类别')[0];
  assert.deepEqual(prompted, [['可填多个类别，用顿号（、）分隔', `'可选值'!$${catLetter}$2:$${catLetter}$${column('对象类别').length + 1}`]]);
  rmSync(dir, { recursive: true, force: true });
  assert.ok(xfs.length > 0 && cols.length > 0, 'the columns carry a style');
  for (const [, style] of cols) assert.match(xfList[Number(style)], /numFmtId="49"/, `column style ${style}`);
  const job = await run(bytes, 'mode=dry_run&station_id=2', as.w2, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(job.status, 'done', JSON.stringify(job));
  // Every cell of the example passes; the row alone is refused, so that a
  // station that leaves it in does not register a made-up person.
  assert.deepEqual([job.result.format, job.result.rows, job.result.valid, job.result.bad], ['xlsx', 1, 0, 1]);
  assert.deepEqual(job.result.errors.map((e) => [e.line, e.column, e.message]), [[2, '姓名', '这是模板中的示例行，请删除后再导入']]);
});

test('the template\'s example is a person of the station\'s county and township, not another county\'s', async () => {
  const row = async (query, auth) => {
    const r = await api(srv.base, 'GET', `/api/v1/client_import_template?format=csv${query}`, undefined, {}, auth);
    assert.equal(r.status, 200, r.text);
    const [head, cells] = r.text.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    return Object.fromEntries(head.map((h, i) => [h, cells[i].replace(/\t$/, '')])); // a tab keeps the number text in Excel
  };
  const station = async (id) => (await api(srv.base, 'GET', `/api/v1/stations/${id}`)).body;
  const villages = async (code) => (await api(srv.base, 'GET', `/api/v1/regions?parent=${code}&limit=200`)).body.items;
  for (const [query, auth, id] of [['', as.w2, 2], ['&station_id=3', undefined, 3]]) {
    const s = await station(id);
    const town = s.region_code.slice(0, 9);
    const e = await row(query, auth);
    assert.equal(e['身份证号'], idOf(`${s.region_code.slice(0, 6)}19520308002`), 'an ID number of the county, valid');
    const v = (await villages(town)).find((x) => x.name === e['村(社区)']);
    assert.ok(v, `${e['村(社区)']} is a village of ${town}`);
    const townName = (await api(srv.base, 'GET', `/api/v1/regions/${town}`)).body.name;
    assert.equal(e['现居住地址'], `${townName}${v.name}3组12号`);
    assert.ok(e['户籍地址'].endsWith(`${townName}${v.name}`), e['户籍地址']);
  }
  // A station out of her range is not hers to name.
  const r = await api(srv.base, 'GET', '/api/v1/client_import_template?format=csv&station_id=3', undefined, {}, as.w2);
  assert.equal(r.status, 404, r.text);
  assert.equal(r.body.error.field, 'station_id');
});

test('a station\'s GBK sheet of 10,000 rows with 3 bad ones: the dry run names exactly those 3, the import writes the rest at once', async () => {
  const rows = ['攸县联星街道服务对象台账（2026年）,,,,,,', '姓名 ,身份证号,性别,出生日期,对象类别,村(社区),联系电话'];
  for (let i = 0; i < 10000; i++) {
    const id = idOf(`430223${1930 + (i % 70)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`);
    rows.push(`对象${i}  ,${id} ,,,最低生活保障对象,永佳社区,1390000${String(i).padStart(4, '0')}`);
  }
  rows[500 + 2] = '坏号,430223198001010018,,,,,';           // check character
  rows[5000 + 2] = '坏日期,,男,1950年2月30日,,,';            // no such day
  rows[9000 + 2] = '坏电话,,女,1950/3/4,,,23800138000';     // not a phone
  rows.push('文字日期,,女,1955年6月7日,特困人员,,');
  const iconv = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: rows.join('\r\n') });
  assert.equal(iconv.status, 0);
  const data = iconv.stdout;
  const before0 = await total();
  const up = await upload(data, 'mode=dry_run&station_id=2', as.w2);
  const dry = await finished(up.body.id, as.w2);
  assert.equal(dry.result.encoding, 'GB18030');
  assert.equal(dry.result.rows, 10001);
  // Each named by its row, its person (the worker looks for her) and its column.
  assert.deepEqual(dry.result.errors.map((e) => [e.line, e.name, e.column]), [[503, '坏号', '身份证号'], [5003, '坏日期', '出生日期'], [9003, '坏电话', '联系电话']]);
  assert.equal(dry.result.valid, 9998);
  assert.equal(await total(), before0, 'a dry run writes nothing');
  // The report, downloaded and opened, lists the same three rows.
  const rep = await fetch(srv.base + `/api/v1/client_imports/${up.body.id}/report`, { headers: { cookie: as.w2.cookie } });
  assert.equal(rep.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'sgz-rep-'));
  writeFileSync(join(dir, 'r.xlsx'), Buffer.from(await rep.arrayBuffer()));
  const lo = spawnSync('libreoffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to',
    'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, join(dir, 'r.xlsx')], { encoding: 'utf8', timeout: 120000 });
  assert.equal(lo.status, 0, lo.stderr);
  const lines = readFileSync(join(dir, 'r.csv'), 'utf8').trim().split('\n');
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(',')), ['行号,姓名,列', '503,坏号,身份证号', '5003,坏日期,出生日期', '9003,坏电话,联系电话']);
  const job = await run(data, 'mode=import&station_id=2', as.w2);
  assert.equal(job.result.inserted, 9998, JSON.stringify(job.result).slice(0, 500));
  assert.equal(await total(), before0 + 9998);
  const c = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('文字日期')}`)).body.items[0];
  assert.equal(c.birth_date, '1955-06-07');
  const one = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('对象9999')}`)).body.items[0];
  assert.equal(one.name, '对象9999', 'trailing spaces are trimmed');
  assert.equal(one.village_name, '永佳社区');
  assert.deepEqual(one.categories.map((k) => k.code), ['dibao']);
  const log = await api(srv.base, 'GET', '/api/v1/audit?action=client.import', undefined, {}, as.aud);
  assert.equal(log.body.items.length, 1);
  assert.ok(log.body.items[0].detail.includes(job.result.sha256));
  assert.ok(log.body.items[0].detail.includes('"inserted":9998'));
});

test('the same file again: duplicates skipped, updated, or the import stopped', async () => {
  const rows = ['姓名,身份证号,性别,出生日期,备注', `重复甲,${idOf('43022319600101001')},,,第一次`, '重复乙,,女,1961-02-02,第一次'];
  const first = await run(Buffer.from(rows.join('\n')), 'mode=import&station_id=2', as.w2);
  assert.equal(first.result.inserted, 2);
  const again = Buffer.from(rows.join('\n').replaceAll('第一次', '第二次'));
  const up = await upload(again, 'mode=import&station_id=2', as.w2);
  let j = await finished(up.body.id, as.w2);
  assert.deepEqual([j.result.inserted, j.result.skipped], [0, 2]);
  // The rows skipped are named with whom they are, for the worker to check
  // before she confirms: by the ID number, or the same name and birth date.
  const known = (res) => res.known_rows.map((k) => [k.line, k.name, k.action, k.message]);
  const [jia, yi] = [await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('重复甲')}`),
    await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('重复乙')}`)].map(async (p) => (await p).body.items[0].id);
  const said = [[2, '重复甲', `该身份证号已登记为服务对象：重复甲 (#${await jia})`],
    [3, '重复乙', `与已登记的服务对象同名且出生日期（或电话）相同：重复乙 (#${await yi})`]];
  assert.deepEqual(known(j.result), said.map(([l, n, m]) => [l, n, 'skip', m]));
  assert.equal(j.result.known_rows_total, 2);
  // The report lists them too, after what the file's order puts first.
  const texts = cellTexts(await reportSheet(up.body.id, as.w2));
  assert.deepEqual(texts.slice(1), ['行号', '姓名', '列', '原因', '处理', '2', '重复甲', said[0][2], '跳过', '3', '重复乙', said[1][2], '跳过']);
  const before0 = await total();
  j = await run(again, 'mode=import&station_id=2&duplicates=stop', as.w2);
  assert.deepEqual([j.result.inserted, j.result.bad, j.result.stopped], [0, 2, 2]);
  assert.ok(j.result.errors.every((e) => e.duplicate), JSON.stringify(j.result.errors));
  assert.deepEqual(j.result.known_rows, [], 'under stop they are the errors');
  assert.match(j.result.errors[0].message, /^该身份证号已登记为服务对象：重复甲 \(#\d+\)$/, 'named, not a bare number');
  assert.equal(await total(), before0);
  // The rows that stopped it are marked, for the wizard to name them; a
  // row refused for anything else is not.
  assert.deepEqual(j.result.errors.map((e) => [e.line, e.duplicate]), [[2, true], [3, true]]);
  const bad = await run(Buffer.from('姓名,性别,出生日期\n坏丙,男,1952-02-30\n'), 'mode=dry_run&station_id=2&duplicates=stop', as.w2);
  assert.deepEqual(bad.result.errors.map((e) => [e.line, e.duplicate]), [[2, false]]);
  // Stop is for duplicates: a bad row of another kind is left out, as
  // under skip, and the rest comes in.
  j = await run(Buffer.from('姓名,性别,出生日期,联系电话\n停止甲,女,1962-03-03,\n停止乙,女,1962-04-04,12345\n'),
    'mode=import&station_id=2&duplicates=stop', as.w2);
  assert.deepEqual([j.result.inserted, j.result.bad, j.result.stopped], [1, 1, 0], JSON.stringify(j.result));
  assert.equal(j.result.errors[0].duplicate, false);
  j = await run(again, 'mode=import&station_id=2&duplicates=update', as.w2);
  assert.deepEqual([j.result.inserted, j.result.updated], [0, 2]);
  // Each update says what it changes, as her history will.
  assert.deepEqual(known(j.result), said.map(([l, n, m]) => [l, n, 'update', `${m}；将更新：备注：已修改（内容不记入日志）`]));
  const c = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('重复甲')}`)).body.items[0];
  assert.equal((await api(srv.base, 'GET', `/api/v1/clients/${c.id}`)).body.notes, '第二次');
  // The same file once more: nothing to change, so nothing is updated and
  // her history gets no empty row.
  const history = async () => (await api(srv.base, 'GET', `/api/v1/clients/${c.id}/history`)).body.items.length;
  const h0 = await history();
  j = await run(again, 'mode=import&station_id=2&duplicates=update', as.w2);
  assert.deepEqual([j.result.inserted, j.result.updated, j.result.skipped], [0, 0, 2]);
  assert.deepEqual(known(j.result), said.map(([l, n, m]) => [l, n, 'unchanged', m]));
  assert.equal(await history(), h0);
});

test('an .xlsx saved by a spreadsheet program, with real date cells, imports', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgz-imp-'));
  writeFileSync(join(dir, 'sheet.csv'), '姓名,性别,出生日期,备注\n表格甲,女,1948-09-10,=1+1\n表格乙,男,1949-10-01,\n');
  const lo = spawnSync('libreoffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'xlsx',
    '--infilter=CSV:44,34,76,1,,0,false,false,false', '--outdir', dir, join(dir, 'sheet.csv')], { encoding: 'utf8', timeout: 120000 });
  assert.equal(lo.status, 0, lo.stderr);
  const data = readFileSync(join(dir, 'sheet.xlsx'));
  rmSync(dir, { recursive: true, force: true });
  const j = await run(data, 'mode=import&station_id=2', as.w2, 'application/octet-stream');
  assert.equal(j.result.format, 'xlsx');
  assert.equal(j.result.inserted, 2, JSON.stringify(j.result.errors));
  const c = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('表格甲')}`)).body.items[0];
  assert.equal(c.birth_date, '1948-09-10');
});

test('a category merged down over a village\'s people in an .xlsx is each of theirs, not the first one\'s alone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgz-imp-'));
  // A register as stations keep one: a title merged across, the category
  // merged down over three people. LibreOffice reads the HTML table's
  // colspan and rowspan as merged cells.
  writeFileSync(join(dir, 'merged.html'), '<html><head><meta charset="utf-8"></head><body><table>'
    + '<tr><td colspan="5">酒埠江镇服务对象台账</td></tr><tr><td>序号</td><td>姓名</td><td>性别</td><td>出生日期</td><td>对象类别</td></tr>'
    + '<tr><td>1</td><td>合并甲</td><td>女</td><td>1948-09-10</td><td rowspan="3">最低生活保障对象</td></tr>'
    + '<tr><td>2</td><td>合并乙</td><td>男</td><td>1949-10-01</td></tr><tr><td>3</td><td>合并丙</td><td>男</td><td>1950-01-02</td></tr>'
    + '<tr><td>4</td><td>合并丁</td><td>女</td><td>1951-02-03</td><td rowspan="3">特困人员</td></tr>'
    // Two rows numbered ahead under the merged category: no persons.
    + '<tr><td>5</td><td></td><td></td><td></td></tr><tr><td>6</td><td></td><td></td><td></td></tr></table></body></html>');
  const lo = spawnSync('libreoffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--infilter=calc_HTML_WebQuery',
    '--convert-to', 'xlsx', '--outdir', dir, join(dir, 'merged.html')], { encoding: 'utf8', timeout: 120000 });
  assert.equal(lo.status, 0, lo.stderr);
  const data = readFileSync(join(dir, 'merged.xlsx'));
  const sheet = execFileSync('unzip', ['-p', join(dir, 'merged.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  assert.match(sheet, /<mergeCell ref="E3:E5"\/>/, 'the file holds the merge');
  const j = await run(data, 'mode=import&station_id=2', as.w2, 'application/octet-stream');
  assert.deepEqual([j.result.rows, j.result.inserted, j.result.bad], [4, 4, 0], JSON.stringify(j.result.errors));
  for (const [name, cats] of [['合并甲', ['dibao']], ['合并乙', ['dibao']], ['合并丙', ['dibao']], ['合并丁', ['tekun']]]) {
    const c = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(name)}`)).body.items[0];
    assert.deepEqual(c.categories.map((k) => k.code), cats, name);
  }
});

// A register without 类别开始日期: each new client's categories start on
// the day of the import, and the check says so (the figures of earlier
// months do not count them under those categories).
test('categories without their start date start today, counted and said', async () => {
  const rows = ['姓名,性别,出生日期,对象类别,类别开始日期', '起算甲,女,1941-02-03,低保、特困,', '起算乙,男,1942-02-03,低保,2020-05-01',
    '起算丙,男,1943-02-03,,', '起算丁,女,1944-02-03,独居老人,', '起算戊,女,1945-02-03,无此类别,'];
  let j = await run(Buffer.from(rows.join('\n')), 'mode=dry_run&station_id=2', as.w2);
  assert.deepEqual([j.result.inserted, j.result.bad, j.result.categories_today], [4, 1, 2], JSON.stringify(j.result.errors));
  j = await run(Buffer.from(rows.slice(0, 5).join('\n')), 'mode=import&station_id=2', as.w2);
  assert.deepEqual([j.result.inserted, j.result.categories_today], [4, 2]);
  const today = new Date((Number(FIXED_NOW) + 8 * 3600) * 1000).toISOString().slice(0, 10);
  const c = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('起算甲')}`)).body.items[0];
  assert.deepEqual(c.categories.map((k) => [k.code, k.started_on]), [['dibao', today], ['tekun', today]]);
  // Again, updating: no new client, nothing said.
  j = await run(Buffer.from(rows.slice(0, 5).join('\n')), 'mode=dry_run&station_id=2&duplicates=update', as.w2);
  assert.deepEqual([j.result.inserted, j.result.categories_today], [0, 0]);
  // Stopped at a registered person: nothing is written, nothing said of
  // categories starting today.
  for (const mode of ['dry_run', 'import']) {
    j = await run(Buffer.from([...rows.slice(0, 2), '起算庚,女,1947-02-03,低保,'].join('\n')), `mode=${mode}&station_id=2&duplicates=stop`, as.w2);
    assert.deepEqual([j.result.stopped, j.result.inserted, j.result.categories_today], [1, 0, 0], mode);
  }
  const dir = mkdtempSync(join(tmpdir(), 'sgz-cat-'));
  writeFileSync(join(dir, 'c.csv'), ['姓名,性别,出生日期,对象类别', '起算己,女,1946-02-03,低保'].join('\n'));
  const r = spawnSync(BIN, ['import', 'clients', join(dir, 'c.csv'), '--station', '2', '--dry-run'], { env: { ...process.env, ...srv.env, ...ZH }, encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  assert.match(r.stdout, /^1个新登记对象的对象类别未填类别开始日期，从今天起计：今天以前的服务不按该类别统计\(如知道开始日期，请补填该列\)$/m);
});

// A register's phone column: two numbers in a cell, a number with whose
// it is, 无 for none. Each is said as what it is; 无 is no number.
test('a phone cell with two numbers or a note is said as such; 无 is no number', async () => {
  const rows = ['姓名,性别,出生日期,联系电话,监护人姓名,监护人关系,监护人电话', '电话甲,女,1941-02-03,13907330001/13807330002,,,',
    '电话乙,男,1942-02-03,13907330001（儿子）,,,', '电话丙,男,1943-02-03,无,,,', '电话丁,女,1944-02-03,-,,,',
    '电话戊,女,1945-02-03,0731-22345678、13907330001,,,', '电话庚,女,1946-02-03,0731-22345678转802,,,',
    '电话辛,女,1947-02-03,+86 139 0733 0008,,,', '电话壬,女,1948-02-03,——,,,',
    // Saved as CSV from Excel, the column too narrow; typed full-width.
    '电话癸,女,1949-02-03,1.39073E+10,,,', '电话子,女,1950-02-03,１３９０７３３０００１　１３８０７３３０００２,,,'];
  const j = await run(Buffer.from(rows.join('\n')), 'mode=import&station_id=2', as.w2);
  assert.deepEqual(j.result.errors.map((e) => [e.line, e.column, e.message]), [
    [2, '联系电话', '联系电话只能填一个号码，这里填了两个：请只保留一个(另一个可写在备注)'],
    [3, '联系电话', '联系电话只填号码，号码旁的文字(如“儿子”“本人”)请写在备注'],
    [6, '联系电话', '联系电话只能填一个号码，这里填了两个：请只保留一个(另一个可写在备注)'],
    [10, '联系电话', '联系电话被Excel存成了数字(科学计数法，如1.39073E+10)，号码可能已不完整：请把该列设为文本后重新录入'],
    [11, '联系电话', '联系电话只能填一个号码，这里填了两个：请只保留一个(另一个可写在备注)']]);
  assert.equal(j.result.inserted, 5);
  // An extension after 转 and a mobile after +86 read as the form takes them.
  for (const [name, end] of [['电话庚', '-802'], ['电话辛', '0008']]) {
    const one = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(name)}`)).body.items[0];
    assert.ok(one.phone.endsWith(end), `${name}: ${one.phone}`);
  }
  const c = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('电话丙')}`)).body.items[0];
  assert.ok(!c.phone, c.phone);
  // The form says the same of the same typing.
  const r = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '电话己', sex: 'F', birth_date: '1946-02-03', phone: '无' }, {}, as.w2);
  assert.equal(r.status, 400);
  assert.deepEqual([r.body.error.field, r.body.error.message], ['phone', '联系电话：没有电话时请留空，不要填“无”或“-”']);
});

// A header over two rows, as registers group their columns: 监护人信息
// over 姓名, 关系, 电话 and 低保 over 证号, 起始日期, the person's own
// columns merged down over both rows. Read from a CSV (the group's label
// in its first cell) and from an .xlsx with the merges.
test('a header of two rows: a group\'s columns are read as the group\'s (监护人 姓名, 低保 证号)', async () => {
  // 联系方式 over 本人 and 家属: 本人 is her phone, 家属 is nobody's; an
  // 紧急联系人's 姓名 and 电话 are not hers.
  const top = ['序号', '姓名', '性别', '出生日期', '监护人信息', '', '', '低保', '', '联系方式', '', '紧急联系人', ''];
  const sub = ['', '', '', '', '姓名', '关系', '电话', '证号', '起始日期', '本人', '家属', '姓名', '电话'];
  const person = (name) => ['1', name, '女', '1940-03-04', `${name}女儿`, '其他亲属', '13907330001', 'DB2020001', '2020-01-01',
    '13907330002', '13907330003', '邻居王五', '13907330009'];
  const check = async (data, name, type) => {
    const j = await run(data, 'mode=import&station_id=2', as.w2, type);
    assert.deepEqual([j.result.rows, j.result.inserted, j.result.bad], [1, 1, 0], JSON.stringify(j.result.errors));
    assert.deepEqual(j.result.ignored_columns, ['低保 起始日期', '联系方式 家属', '紧急联系人 姓名', '紧急联系人 电话']);
    const found = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(name)}`, undefined, {}, as.w2)).body.items[0];
    const c = (await api(srv.base, 'GET', `/api/v1/clients/${found.id}`, undefined, {}, as.w2)).body;
    assert.deepEqual(c.guardians.map((g) => [g.name, g.relation]), [[`${name}女儿`, 'relative']]);
    assert.equal(c.dibao_cert, 'DB2020001');
    assert.match(c.phone, /0002$/, 'her own number, under 本人');
  };
  await check(Buffer.from([top, sub, person('两行甲')].map((r) => r.join(',')).join('\n')), '两行甲');
  const dir = mkdtempSync(join(tmpdir(), 'sgz-imp-'));
  const td = (v, span = '') => `<td${span}>${v}</td>`;
  writeFileSync(join(dir, 'two.html'), '<html><head><meta charset="utf-8"></head><body><table><tr>'
    + ['序号', '姓名', '性别', '出生日期'].map((v) => td(v, ' rowspan="2"')).join('')
    + td('监护人信息', ' colspan="3"') + td('低保', ' colspan="2"') + td('联系方式', ' colspan="2"') + td('紧急联系人', ' colspan="2"') + '</tr><tr>'
    + sub.slice(4).map((v) => td(v)).join('') + '</tr><tr>' + person('两行乙').map((v) => td(v)).join('') + '</tr></table></body></html>');
  const lo = spawnSync('libreoffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--infilter=calc_HTML_WebQuery',
    '--convert-to', 'xlsx', '--outdir', dir, join(dir, 'two.html')], { encoding: 'utf8', timeout: 120000 });
  assert.equal(lo.status, 0, lo.stderr);
  const sheet = execFileSync('unzip', ['-p', join(dir, 'two.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  assert.match(sheet, /<mergeCell ref="B1:B2"\/>/, 'the file holds the merges');
  const data = readFileSync(join(dir, 'two.xlsx'));
  rmSync(dir, { recursive: true, force: true });
  await check(data, '两行乙', 'application/octet-stream');
  // A person's row under the header, even without a name and with a cell
  // that names a column (备注 under 基本信息), is not a header: it has a
  // date.
  const j = await run(Buffer.from(['姓名,性别,出生日期,基本信息', ',女,1941-01-01,备注'].join('\n')), 'mode=dry_run&station_id=2', as.w2);
  assert.deepEqual(j.result.errors.map((e) => [e.line, e.column]), [[2, '姓名']]);
});

// A workbook as a station keeps one: a sheet of instructions first, a
// sheet per category, a hidden sheet of lists.
test('a workbook with a sheet per category: the first with a header is read, the others named, each imported in turn', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgz-sheets-'));
  const header = ['序号', '姓名', '性别', '出生日期', '对象类别'];
  // 特困 holds more rows than the look at a sheet's head reads.
  const more = Array.from({ length: 12 }, (_, i) => [String(i + 3), `分表补${'甲乙丙丁戊己庚辛壬癸子丑'[i]}`, '女', '1951-01-02', '特困']);
  const data = workbook(dir, 'book', [
    ['Notes & "说明"', [['本表由站点按类别分表填写'], ['出生日期写作1948-09-10']]],
    ['低保', [header, ['1', '分表甲', '女', '1948-09-10', '低保']]],
    ['特困', [['酒埠江镇特困人员名册'], header, ['1', '分表乙', '男', '1949-10-01', '特困'], ['2', '分表丙', '男', '1950-01-02', '特困'], ...more]],
    ['可选值', [['姓名', '类别'], ['低保', '特困']], true],
  ]);
  const cli = (args) => spawnSync(BIN, ['import', 'clients', join(dir, 'book.xlsx'), '--station', '2', ...args],
    { env: { ...process.env, ...srv.env, ...ZH }, encoding: 'utf8' });
  const sheets = [{ name: 'Notes & "说明"', has_header: false }, { name: '低保', has_header: true }, { name: '特困', has_header: true }];
  const xlsx = 'application/octet-stream';
  let j = await run(data, 'mode=dry_run&station_id=2', as.w2, xlsx);
  assert.equal(j.result.sheet, '低保', 'the instructions sheet has no header: the first register is read');
  assert.deepEqual(j.result.sheets, sheets, 'the hidden sheet is not offered');
  assert.deepEqual([j.result.rows, j.result.valid], [1, 1]);
  j = await run(data, `mode=dry_run&station_id=2&sheet=${encodeURIComponent('特困')}`, as.w2, xlsx);
  assert.deepEqual([j.result.sheet, j.result.rows, j.result.valid], ['特困', 14, 14], JSON.stringify(j.result.errors));
  assert.deepEqual(j.result.sheets, sheets);
  // A sheet the workbook does not have, one hidden, one without a header.
  j = await run(data, `mode=import&station_id=2&sheet=${encodeURIComponent('五保')}`, as.w2, xlsx);
  assert.equal(j.status, 'failed');
  assert.equal(j.result.error.message, '文件中没有名为“五保”的工作表');
  assert.deepEqual(j.result.sheets, sheets, 'the sheets there are, to choose from');
  j = await run(data, `mode=import&station_id=2&sheet=${encodeURIComponent('可选值')}`, as.w2, xlsx);
  assert.equal(j.result.error.message, '文件中没有名为“可选值”的工作表');
  // Named as Excel names it, whatever the case.
  j = await run(data, `mode=import&station_id=2&sheet=${encodeURIComponent('NOTES & "说明"')}`, as.w2, xlsx);
  assert.match(j.result.error.message, /^找不到表头：前10行中须有一行/);
  assert.deepEqual(j.result.ignored_columns, []);
  j = await run(data, `mode=import&station_id=2&sheet=${encodeURIComponent('五保')}`, as.w2, xlsx);
  assert.deepEqual(j.result.ignored_columns, [], 'no sheet\'s columns are said of a sheet not there');
  // A CSV is one table.
  j = await run(Buffer.from('姓名,性别\n分表丁,女\n'), 'mode=dry_run&station_id=2&sheet=Sheet1', as.w2);
  assert.equal(j.result.error.message, 'CSV文件只有一张表，不能选择工作表');
  const long = await upload(data, `mode=dry_run&station_id=2&sheet=${'表'.repeat(60)}`, as.w2, xlsx);
  assert.equal(long.status, 400);
  assert.equal(long.body.error.field, 'sheet');
  // Imported one by one; the audit row names the sheet.
  j = await run(data, 'mode=import&station_id=2', as.w2, xlsx);
  assert.deepEqual([j.result.sheet, j.result.inserted], ['低保', 1]);
  j = await run(data, `mode=import&station_id=2&sheet=${encodeURIComponent('特困')}`, as.w2, xlsx);
  assert.deepEqual([j.result.sheet, j.result.inserted], ['特困', 14]);
  const log = await api(srv.base, 'GET', '/api/v1/audit?action=client.import&limit=1', undefined, {}, as.aud);
  assert.ok(log.body.items[0].detail.includes('"sheet":"特困"'), log.body.items[0].detail);
  for (const [name, cat] of [['分表甲', 'dibao'], ['分表乙', 'tekun'], ['分表丙', 'tekun']]) {
    const c = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(name)}`)).body.items[0];
    assert.deepEqual(c.categories.map((k) => k.code), [cat], name);
  }
  // The command line says which sheet it read and which others hold one.
  let r = cli(['--dry-run']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^读取的工作表：低保（文件共3个）\n以下工作表也有表头，本次未读取\(用 --sheet 工作表名 逐个导入\)：特困$/m);
  r = cli(['--dry-run', '--sheet', '特困']);
  assert.match(r.stdout, /^读取的工作表：特困（文件共3个）\n.*：低保$/m);
  r = cli(['--dry-run', '--sheet', '五保']);
  assert.notEqual(r.status, 0);
  assert.equal(r.stderr, 'sgz: 文件中没有名为“五保”的工作表\n文件中的工作表：Notes & "说明"、低保、特困(用 --sheet 选择)\n');
  // No sheet has a header: said of them all.
  const none = workbook(dir, 'none', [['说明', [['请填写']]], ['汇总', [['合计', '3']]]]);
  j = await run(none, 'mode=dry_run&station_id=2', as.w2, xlsx);
  assert.equal(j.result.error.message, '找不到表头：文件的2个工作表中，没有一个在前10行中有“姓名”列(请使用导入模板)');
  rmSync(dir, { recursive: true, force: true });
});

test('files that are not a register are refused with the reason', async () => {
  const empty = await upload(Buffer.alloc(0), 'mode=import&station_id=2', as.w2);
  assert.equal(empty.status, 400);
  let j = await run(Buffer.from('foo,bar\n1,2\n'), 'mode=import&station_id=2', as.w2);
  assert.equal(j.status, 'failed');
  assert.match(j.result.error.message, /表头/);
  assert.deepEqual(j.result.ignored_columns, [], 'no row looks like a header: none is echoed');
  // A header without 姓名: its columns not understood are named, never a
  // client's row (her ID number on screen).
  j = await run(Buffer.from(`户主,身份证号码,联系电话\n刘德华,${idOf('43022319580808901')},13907330001\n`), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(j.status, 'failed');
  assert.match(j.result.error.message, /表头/);
  assert.deepEqual(j.result.ignored_columns, ['户主']);
  j = await run(Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]), 'mode=dry_run&station_id=2', as.w2);
  assert.match(j.result.error.message, /无法读取/);
  j = await run(Buffer.from('PK\x03\x04 not really a zip'), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(j.status, 'failed');
  // An old .xls workbook, and a UTF-8 sheet with one GBK line pasted in:
  // each says what to do, the latter which line.
  j = await run(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512, 1)]), 'mode=dry_run&station_id=2', as.w2);
  assert.match(j.result.error.message, /旧版Excel\(\.xls\).*另存为/);
  const gbk = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: '混编丙,女,1950-01-03\n' }).stdout;
  j = await run(Buffer.concat([Buffer.from('姓名,性别,出生日期\n混编甲,女,1950-01-01\n混编乙,女,1950-01-02\n'), gbk,
    Buffer.from('混编丁,女,1950-01-04\n混编戊,女,1950-01-05\n')]), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(j.status, 'failed');
  assert.match(j.result.error.message, /^第4行含有无法识别的字符/);
  j = await run(Buffer.from('姓名,性别,出生日期\n甲,女,1950-01-01\n'), 'mode=import', as.w2);
  assert.match(j.result.error.message, /所属站点/);
  // A station outside her range is named as the form names it.
  j = await run(Buffer.from('姓名,性别,出生日期\n甲,女,1950-01-01\n'), 'mode=dry_run&station_id=3', as.w2);
  assert.equal(j.status, 'failed');
  assert.equal(j.result.error.message, '所属站点：站点不存在或不在您的数据范围内');
  j = await run(Buffer.from('姓名,身份证号\n科学,4.30223E+17\n'), 'mode=dry_run&station_id=2', as.w2);
  assert.match(j.result.errors[0].message, /科学计数法/);
  for (const q of ['mode=maybe', 'duplicates=merge', 'station_id=x']) {
    assert.equal((await upload(Buffer.from('a'), q, as.w2)).status, 400, q);
  }
});

test('a 50 MB upload is refused before it is read, and uploads need a login', async () => {
  const ask = (headers) => new Promise((resolve, reject) => {
    const s = connect(srv.port, '127.0.0.1');
    let got = '';
    s.on('data', (d) => { got += d; });
    s.on('end', () => resolve(got));
    s.on('error', reject);
    s.write(`POST /api/v1/client_imports?mode=import HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`);
    setTimeout(() => s.end(), 1500);
  });
  const big = await ask(`Content-Type: text/csv\r\nContent-Length: ${50 * 1024 * 1024 + 1}\r\nCookie: ${as.w2.cookie}\r\nX-CSRF-Token: ${as.w2.csrf}\r\n`);
  assert.match(big, /^HTTP\/1\.1 413/);
  const anon = await ask('Content-Type: text/csv\r\nContent-Length: 1000000\r\n');
  assert.match(anon, /^HTTP\/1\.1 401/);
  // A made-up cookie or token holds no upload slot: refused before the body.
  const fake = await ask(`Content-Type: text/csv\r\nContent-Length: 1000000\r\nCookie: sgz_session=${'A'.repeat(43)}\r\n`);
  assert.match(fake, /^HTTP\/1\.1 401/);
  const fakeToken = await ask(`Content-Type: text/csv\r\nContent-Length: 1000000\r\nAuthorization: Bearer sgz_${'x'.repeat(43)}\r\n`);
  assert.match(fakeToken, /^HTTP\/1\.1 401/);
  // Each refusal is written to the access log and the server goes on
  // (its caller's name was once NULL there, and the server died).
  assert.equal((await fetch(srv.base + '/api/v1/health')).status, 200);
  assert.equal((await upload(Buffer.from('姓名\n甲\n'), 'mode=dry_run&station_id=2', as.eval)).status, 403);
  // A job is its owner's.
  const r = await upload(Buffer.from('姓名,性别,出生日期\n甲,女,1950-01-01\n'), 'mode=dry_run&station_id=2', as.w2);
  assert.equal((await api(srv.base, 'GET', `/api/v1/client_imports/${r.body.id}`)).status, 404);
  await finished(r.body.id, as.w2);
});

// A station fixes its sheet from one report: a row's every bad cell is
// named in it, not one now and the next after the fix.
test('a row with a wrong ID number and a wrong phone names both', async () => {
  const job = await run(Buffer.from('姓名,身份证号,联系电话\n多错甲,430223198001010018,12345\n'), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.deepEqual(job.result.errors.map((e) => [e.line, e.column, e.message]).sort(),
    [[2, '联系电话', '联系电话不是有效的电话号码'], [2, '身份证号', '身份证号校验位错误']]);
  assert.equal(job.result.bad, 1);
});

// A row whose sex and birth date are both wrong, or both missing, names
// both in one report, not the second after the first is fixed.
test('a row with both sex and birth date at fault names both', async () => {
  const job = await run(Buffer.from(`姓名,身份证号,性别,出生日期\n乙一,${idOf('43022319660606001')},女,1966年6月7日\n乙三,,,\n`),
    'mode=dry_run&station_id=2', as.w2);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.deepEqual(job.result.errors.map((e) => [e.line, e.column, e.message]).sort(), [
    [2, '出生日期', '出生日期与身份证号不一致'], [2, '性别', '性别与身份证号不一致'],
    [3, '出生日期', '没有身份证号时须填写出生日期'], [3, '性别', '没有身份证号时须填写性别']]);
  assert.equal(job.result.bad, 2);
});

// The same ID number twice in the file: the second row says which row had
// it first, past the table's growing (1,500 numbers).
test('an ID number twice in the file names the row it was on first', async () => {
  const rows = ['姓名,身份证号'];
  for (let i = 0; i < 1500; i++) rows.push(`重号${i},${idOf(`43022319${50 + Math.floor(i / 1000)}${String(1 + (i % 12)).padStart(2, '0')}01${String(i % 1000).padStart(3, '0')}`)}`);
  rows.push(`重号又,${rows[1].split(',')[1]}`);
  rows.push(`重号再,${rows[1200].split(',')[1]}`);
  const job = await run(Buffer.from(rows.join('\n')), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.deepEqual(job.result.errors.map((e) => [e.line, e.name, e.column, e.message]),
    [[1502, '重号又', '身份证号', '与文件第2行的身份证号相同'], [1503, '重号再', '身份证号', '与文件第1201行的身份证号相同']]);
});

// A number in the name column (the columns shifted by one) or a guardian
// written as a dash: not a person, refused by name of the column.
test('a name of digits or symbols alone is refused, the client\'s or her guardian\'s', async () => {
  const job = await run(Buffer.from('姓名,性别,出生日期,监护人姓名,监护人关系\n1950,女,1950-01-01,,\n数字乙,女,1950-01-01,——,其他\n名3,男,1950-01-01,,\n'),
    'mode=dry_run&station_id=2', as.w2);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.deepEqual(job.result.errors.map((e) => [e.line, e.column, e.message]).sort(),
    [[2, '姓名', '姓名须含汉字或字母，不能只有数字或符号'], [3, '监护人姓名', '监护人姓名须含汉字或字母，不能只有数字或符号']]);
  assert.equal(job.result.valid, 1, 'a name with a digit beside a character stands');
});

// A formula or a tag pasted into a name is not a name: the report names
// the row, rather than the register keeping it for every export to defuse.
test('a formula or a tag in a name is refused by the dry run', async () => {
  const job = await run(Buffer.from('姓名,性别,出生日期,监护人姓名,监护人关系\n=cmd|x,女,1950-01-01,,\n'
    + '"=HYPERLINK(""http://x"",""点我"")",女,1950-01-01,,\n@SUM(1),男,1950-01-01,,\n<b>粗</b>,男,1950-01-01,,\n'
    + '吴-敏,男,1950-01-01,+张三,其他\n阿依古丽·买买提,女,1950-01-01,,\n'), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(job.status, 'done', JSON.stringify(job));
  const symbol = (label) => `${label}不能以=、+、-、@开头，也不能含有<>|{}#$%&*;等符号`;
  assert.deepEqual(job.result.errors.map((e) => [e.line, e.column, e.message]).sort(),
    [[2, '姓名', symbol('姓名')], [3, '姓名', symbol('姓名')], [4, '姓名', symbol('姓名')], [5, '姓名', symbol('姓名')],
      [6, '监护人姓名', symbol('监护人姓名')]]);
  assert.equal(job.result.valid, 1, 'a name with ·, or a hyphen inside, stands');
});

// A register as stations keep theirs: a 序号 column, headers spaced or
// starred by hand and named their own way (身份证, 出生年月, 手机,
// 家庭地址), two phone columns, names aligned with a full-width space, an
// address typed over two lines. What is not understood is said.
test('a station\'s own headers, spaced names and two-line addresses are read; columns not understood are named', async () => {
  const id = idOf('43022319660315001');
  const id2 = idOf('43022319700102002');
  const rows = [
    '序号,姓　名*,性别,身份证,出生年月,联系电话,手机号码,家庭地址,备注2',
    `1,王　五,男,${id},1966.03,,13800138001,"春联街道\n东门社区12号",x`,
    `2,赵 敏,女,${id2},1970年1月,0733-2234567,13800138002,春联街道,y`,
    '3,年月丙,女,,1966.03,,,,',
    '4,年月丁,女,4.3022319500109e+17,,,,,',
    `5,"两行\n戊",女,,1950-01-01,,,,`,
    `6,错月己,男,${idOf('43022319660415003')},1966.03,,,,`,
  ];
  const j = await run(Buffer.from(rows.join('\r\n')), 'mode=import&station_id=2', as.w2);
  assert.equal(j.status, 'done', JSON.stringify(j));
  assert.deepEqual(j.result.ignored_columns, ['备注2'], '序号 numbers the rows: nobody misses it');
  assert.deepEqual(j.result.errors.map((e) => [e.line, e.column, e.message]), [
    [4, '出生年月', '出生日期只有年月，请填写完整日期(如1985-03-05)，或填写身份证号'],
    [5, '身份证', '身份证号被Excel存成了数字(科学计数法)，后几位已丢失：请把该列设为文本后重新录入'],
    [6, '姓　名*', '姓名须为单行文本，不能换行'],
    [7, '出生年月', '出生日期与身份证号不一致']]);
  assert.equal(j.result.inserted, 2, JSON.stringify(j.result));
  const found = await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('王五')}&station_id=2`, undefined, {}, as.w2);
  assert.equal(found.body.items.length, 1, 'found by the name without the aligning space');
  const w = (await api(srv.base, 'GET', `/api/v1/clients/${found.body.items[0].id}`, undefined, {}, as.w2)).body;
  assert.equal(w.name, '王五');
  assert.equal(w.birth_date, '1966-03-15', 'the day from the ID number');
  assert.match(w.phone, /^138\*+8001$/, 'the second phone column where the first is empty');
  assert.ok(w.id_number.startsWith('4302'), w.id_number);
  const z = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('赵敏')}&station_id=2`, undefined, {}, as.w2)).body.items[0];
  assert.ok(z, '赵 敏 is 赵敏');
  const zd = (await api(srv.base, 'GET', `/api/v1/clients/${z.id}`, undefined, {}, as.w2)).body;
  assert.match(zd.phone, /4567$/, 'the first phone column wins where it holds one');
});

// A register ends with its totals and who made it: not persons, not
// bad rows either; a person of the same words with an ID number is one.
test('a sheet\'s foot (合计, 制表人, 审核人) is left out and counted apart, not reported as bad rows', async () => {
  const rows = ['序号,姓名,性别,出生日期,身份证号', '1,表尾甲,女,1950-01-01,', '2,表尾乙,男,1951-01-01,',
    '合计,2人,,,', ',制表人：张三　审核人：李四,,,', '　填报日期：2026年6月1日,,,,'];
  const j = await run(Buffer.from(rows.join('\n')), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(j.status, 'done', JSON.stringify(j));
  assert.deepEqual([j.result.rows, j.result.valid, j.result.bad, j.result.footer_rows], [2, 2, 0, 3], JSON.stringify(j.result));
  assert.deepEqual(j.result.errors, []);
  // 审核人 written under the ID numbers' column is the foot's too.
  const under = ['姓名,性别,出生日期,身份证号码', '表尾丙,女,1950-01-01,', '制表人：吴海燕,,,审核人：'];
  const k = await run(Buffer.from(under.join('\n')), 'mode=dry_run&station_id=2', as.w2);
  assert.deepEqual([k.result.rows, k.result.valid, k.result.bad, k.result.footer_rows], [1, 1, 0, 1], JSON.stringify(k.result));
});

test('a mobile number written in groups (138-0733-1122, 139 0733 5678) is its 11 digits; a landline keeps its "-"', async () => {
  const rows = ['姓名,性别,出生日期,联系电话', '分组甲,女,1950-01-01,138-0733-1122', '分组乙,女,1950-01-02,139 0733 5678',
    '分组丙,女,1950-01-03,0733-7212345', '分组丁,女,1950-01-04,138--0733-1122'];
  const j = await run(Buffer.from(rows.join('\n')), 'mode=import&station_id=2', as.w2);
  assert.equal(j.status, 'done', JSON.stringify(j));
  assert.deepEqual(j.result.errors.map((e) => [e.line, e.column]), [[5, '联系电话']], JSON.stringify(j.result.errors));
  const phone = async (name) => {
    const c = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(name)}`, undefined, {}, as.w2)).body.items[0];
    const full = await api(srv.base, 'POST', `/api/v1/clients/${c.id}/reveal`, { reason: '核对导入' });
    assert.equal(full.status, 200, full.text);
    return full.body.phone;
  };
  assert.equal(await phone('分组甲'), '13807331122');
  assert.equal(await phone('分组乙'), '13907335678');
  assert.equal(await phone('分组丙'), '0733-7212345');
});

// A child's guardian's phone is sealed afresh on every reading of the
// file: compared opened, the same file again changes nothing.
test('the same file again leaves a child with her guardian unchanged, not updated', async () => {
  const rows = ['姓名,身份证号,对象类别,监护人姓名,监护人关系,监护人电话,合法性基础,同意人,同意日期,同意方式',
    `单晓乐,${idOf('43022320160305003')},困境儿童,单志强,父亲,13574123456,监护人同意,单志强,2026-05-01,书面同意`];
  const first = await run(Buffer.from(rows.join('\n')), 'mode=import&station_id=2', as.w2);
  assert.equal(first.result.inserted, 1, JSON.stringify(first.result));
  const again = await run(Buffer.from(rows.join('\n')), 'mode=import&station_id=2&duplicates=update', as.w2);
  assert.deepEqual([again.result.updated, again.result.skipped], [0, 1], JSON.stringify(again.result));
  assert.equal(again.result.known_rows[0].action, 'unchanged');
  const c = (await api(srv.base, 'GET', '/api/v1/clients?q=单晓乐', undefined, {}, as.w2)).body.items[0];
  assert.equal(c.version, 1, 'no empty update in her history');
  // A new phone for the guardian is a change.
  const moved = rows[1].replace('13574123456', '13574123457');
  const changed = await run(Buffer.from([rows[0], moved].join('\n')), 'mode=import&station_id=2&duplicates=update', as.w2);
  assert.equal(changed.result.updated, 1, JSON.stringify(changed.result));
});

// A card of a county abolished since (or a county code mistyped into a
// valid number): imported, as the form saves it, but named for a check.
test('an ID number of a county not in the division table passes with a warning to check it', async () => {
  const rows = ['姓名,身份证号', `旧县甲,${idOf('43029719500101001')}`, `旧县乙,${idOf('43029719500101002')}`, `今县丙,${idOf('43022319500101003')}`];
  const up = await upload(Buffer.from(rows.join('\n')), 'mode=dry_run&station_id=2', as.w2);
  const j = await finished(up.body.id, as.w2);
  assert.equal(j.status, 'done', JSON.stringify(j));
  assert.deepEqual([j.result.valid, j.result.bad, j.result.errors.length], [3, 0, 0]);
  const said = '身份证号的发证地代码430297不在现行区划中，可能是已撤销的县或输错了，请核对';
  assert.deepEqual(j.result.warnings.map((w) => [w.line, w.name, w.column, w.message]), [[2, '旧县甲', '身份证号', said], [3, '旧县乙', '身份证号', said]]);
  assert.equal(j.result.warnings_total, 2);
  const texts = cellTexts(await reportSheet(up.body.id, as.w2));
  assert.deepEqual(texts.slice(-5), ['3', '旧县乙', '身份证号', said, '请核对']);
  // Imported, then the same file again: skipped rows are not imported,
  // so nothing is for her to check.
  const done = await run(Buffer.from(rows.join('\n')), 'mode=import&station_id=2', as.w2);
  assert.deepEqual([done.result.inserted, done.result.warnings_total], [3, 2]);
  const again = await run(Buffer.from(rows.join('\n')), 'mode=dry_run&station_id=2&duplicates=skip', as.w2);
  assert.deepEqual([again.result.skipped, again.result.warnings_total], [3, 0]);
});

// A list's item as stations shorten it: its label's end as well as its
// beginning, when only one label fits (法定职责 is the template's column).
test('a lawful basis written 法定职责 is the statutory duty; a part that fits two items is refused', async () => {
  const rows = ['姓名,身份证号,合法性基础,法定职责',
    `简写甲,${idOf('43022320180101001')},法定职责,儿童保护`,
    `简写乙,${idOf('43022320180102002')},法定职责,核查`];
  const j = await run(Buffer.from(rows.join('\n')), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(j.status, 'done', JSON.stringify(j));
  assert.deepEqual(j.result.errors.map((e) => [e.line, e.column]), [[3, '法定职责']]);
  assert.equal(j.result.valid, 1);
});

// A child's consent names who may give it: the guardian of her row, or,
// in an update that brings no guardian, one of her record's.
test('a child\'s 同意人 is her row\'s guardian, or in an update without one her record\'s; else the row is bad on 同意人', async () => {
  const head = '姓名,身份证号,监护人姓名,监护人关系,合法性基础,同意人,同意日期,同意方式';
  const [A, B, C] = ['43022320170707004', '43022320170808006', '43022320170909008'].map(idOf);
  const rows = [head,
    `贺小雨,${A},贺强,父亲,监护人同意,本人,2026-05-01,书面同意`,
    `贺小雪,${B},,,监护人同意,贺强,2026-05-01,书面同意`,
    `贺小云,${C},贺　强,父亲,监护人同意,贺强,2026-05-01,书面同意`];
  const said = (who) => `同意人「${who}」：须为已登记的监护人之一，请先在监护人中登记`;
  const dry = await run(Buffer.from(rows.join('\n')), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(dry.status, 'done', JSON.stringify(dry));
  assert.deepEqual(dry.result.errors.map((e) => [e.line, e.column, e.message]), [[2, '同意人', said('本人')], [3, '同意人', said('贺强')]]);
  assert.deepEqual([dry.result.valid, dry.result.bad], [1, 2]);
  const done = await run(Buffer.from([head, rows[3]].join('\n')), 'mode=import&station_id=2', as.w2);
  assert.equal(done.result.inserted, 1, JSON.stringify(done.result));
  // An update that brings no guardian keeps hers: her 同意人 is one of them.
  const again = [head, `贺小云,${C},,,监护人同意,贺强,2026-05-02,书面同意`, `贺小云,${C},,,监护人同意,贺小云,2026-05-02,书面同意`];
  const upd = await run(Buffer.from(again.slice(0, 2).join('\n')), 'mode=import&station_id=2&duplicates=update', as.w2);
  assert.deepEqual([upd.result.updated, upd.result.bad], [1, 0], JSON.stringify(upd.result));
  const c = (await api(srv.base, 'GET', '/api/v1/clients?q=贺小云', undefined, {}, as.w2)).body.items[0];
  const got = (await api(srv.base, 'GET', `/api/v1/clients/${c.id}`, undefined, {}, as.w2)).body;
  assert.deepEqual([got.consent_by, got.consent_on, got.guardians.map((g) => g.name)], ['贺强', '2026-05-02', ['贺强']]);
  for (const mode of ['dry_run', 'import']) {
    const bad = await run(Buffer.from([head, again[2]].join('\n')), `mode=${mode}&station_id=2&duplicates=update`, as.w2);
    assert.deepEqual(bad.result.errors.map((e) => [e.line, e.column, e.message]), [[2, '同意人', said('贺小云')]], mode);
    assert.deepEqual([bad.result.updated, bad.result.bad], [0, 1], mode);
  }
  // Registered anew, a row without a guardian has none to name.
  const anew = await run(Buffer.from([head, `贺小雪,${B},,,监护人同意,贺强,2026-05-01,书面同意`].join('\n')),
    'mode=dry_run&station_id=2&duplicates=update', as.w2);
  assert.deepEqual(anew.result.errors.map((e) => [e.line, e.column]), [[2, '同意人']]);
});

// The station and the village as stations write them: the township's
// name, the station's short name, a village with its committee, after
// its township, or its name's beginning, where only one answers to it.
test('a station and a village written short or long are found where only one answers to them', async () => {
  const rows = ['姓名,性别,出生日期,所属站点,村(社区)',
    '站名甲,女,1950-01-01,联星街道,永佳社区居委会',
    '站名乙,女,1950-01-01,联星街道社工站,联星街道胜利社区',
    '站名丙,女,1950-01-01,攸县联星街道社会工作服务站,万古',
    '站名丁,女,1950-01-01,街道,永佳社区',
    '站名戊,女,1950-01-01,联星街道,高',
    '站名己,女,1950-01-01,联星街道,候'];
  const j = await run(Buffer.from(rows.join('\n')), 'mode=dry_run', as.w2);
  assert.equal(j.status, 'done', JSON.stringify(j));
  assert.deepEqual(j.result.errors.map((e) => [e.line, e.column]), [[5, '所属站点'], [6, '村(社区)'], [7, '村(社区)']],
    JSON.stringify(j.result.errors));
  assert.equal(j.result.valid, 3);
});

// 责任社工: the register's own export names the worker; an import reads her
// back by her name or user name, among those who may be the station's
// clients' worker.
test('a responsible worker is read by her name or user name; one the station does not have, or a name two bear, is named', async () => {
  for (const [u, st] of [['rw_zhou', 2], ['rw_wu', 2], ['rw_wu2', 2], ['rw_zheng', 3]]) addUser(srv, u, 'social_worker', `stations:${st}`);
  const users = (await api(srv.base, 'GET', '/api/v1/users?limit=200&q=rw_')).body.items;
  const id = Object.fromEntries(users.map((u) => [u.username, u.id]));
  for (const [u, name] of [['rw_zhou', '周社工'], ['rw_wu', '吴社工'], ['rw_wu2', '吴社工'], ['rw_zheng', '郑社工']]) {
    const v = users.find((x) => x.username === u);
    const r = await api(srv.base, 'PATCH', `/api/v1/users/${v.id}`, { display_name: name, version: v.version });
    assert.equal(r.status, 200, r.text);
  }
  const csv = '姓名,性别,出生日期,责任社工\n负责甲,女,1950-01-01,周社工\n负责乙,女,1950-01-02,rw_wu2\n' +
    '负责丙,女,1950-01-03,郑社工\n负责丁,女,1950-01-04,吴社工\n负责戊,女,1950-01-05,\n';
  const j = await run(Buffer.from(csv), 'mode=import&station_id=2', as.w2);
  assert.equal(j.status, 'done', JSON.stringify(j));
  assert.deepEqual(j.result.errors.map((e) => [e.line, e.column, e.message]), [
    [4, '责任社工', '责任社工「郑社工」：该站点没有这名社工(请填写社工的姓名或用户名)'],
    [5, '责任社工', '责任社工「吴社工」：该站点有同名社工，请改填其用户名']]);
  assert.equal(j.result.inserted, 3, JSON.stringify(j.result));
  const worker = async (name) => {
    const l = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(name)}`, undefined, {}, as.w2)).body.items;
    assert.equal(l.length, 1, name);
    return [l[0].worker_id ?? null, l[0].worker_name ?? null];
  };
  assert.deepEqual(await worker('负责甲'), [id.rw_zhou, '周社工']);
  assert.deepEqual(await worker('负责乙'), [id.rw_wu2, '吴社工']);
  // An empty cell: the worker who imports, as on the form (her visits
  // reach her 待办); a bureau officer's import names nobody.
  const w2 = (await api(srv.base, 'GET', '/api/v1/users?limit=200&q=w2')).body.items.find((x) => x.username === 'w2').id;
  assert.equal((await worker('负责戊'))[0], w2, 'an empty cell: the worker who imports');
  const officer = await run(Buffer.from('姓名,性别,出生日期\n负责己,女,1950-01-06\n'), 'mode=import&station_id=2');
  assert.equal(officer.result.inserted, 1, JSON.stringify(officer.result));
  assert.equal((await worker('负责己'))[0] || null, null, "a bureau officer's import names nobody");
  // Nor a county's supervisor's, who may be any station's clients' worker
  // but works at none of them.
  addUser(srv, 'rw_sup', 'supervisor', 'region:430223');
  const sup = await session(srv.base, 'rw_sup');
  const bySup = await run(Buffer.from('姓名,性别,出生日期\n负责庚,女,1950-01-07\n'), 'mode=import&station_id=2', sup);
  assert.equal(bySup.result.inserted, 1, JSON.stringify(bySup.result));
  assert.equal((await worker('负责庚'))[0] || null, null, "a county supervisor's import names nobody");
  // An update from the file changes the worker; an empty cell keeps hers.
  const u = await run(Buffer.from('姓名,性别,出生日期,责任社工\n负责甲,女,1950-01-01,rw_wu\n负责乙,女,1950-01-02,\n'),
    'mode=import&station_id=2&duplicates=update', as.w2);
  assert.equal(u.result.updated, 1, JSON.stringify(u.result));
  assert.deepEqual(await worker('负责甲'), [id.rw_wu, '吴社工']);
  assert.deepEqual(await worker('负责乙'), [id.rw_wu2, '吴社工'], 'an update keeps her worker, not the importer');
});

// A cell typed over two lines (Alt+Enter in Excel): a name on two lines
// is refused, as the form refuses it; an address's lines are one address
// (joined by a space); the notes keep their lines.
test('a name on two lines is refused and says so; an address on two lines is one line; the notes keep theirs', async () => {
  const job = await run(Buffer.from('姓名,性别,出生日期,现住址,备注\n"换行\n甲",女,1950-01-01,"联星街道\n一号","第一行\n第二行"\n' +
    '换行乙,女,1950-01-01,联星街道二号,"第一行\n第二行"\n'), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.deepEqual(job.result.errors.map((e) => [e.line, e.column, e.message]).sort(),
    [[2, '姓名', '姓名须为单行文本，不能换行']]);
  assert.equal(job.result.bad, 1);
  assert.equal(job.result.valid, 1, JSON.stringify(job.result));
});

// What POST /clients refuses in a name, the import refuses too: a
// direction override turning it around, a zero-width space hiding a
// duplicate of 周敏. Notes may hold a direction mark.
test('a name holding a direction override or a zero-width space is a bad row, as on the form', async () => {
  const job = await run(Buffer.from('姓名,性别,出生日期,备注\n\u202e孙丽,女,1949-03-01,\n周\u200b敏,女,1948-05-01,\n' +
    '周敏乙,女,1948-05-01,"引用\u200f文字"\n'), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.deepEqual(job.result.errors.map((e) => [e.line, e.column, e.message]).sort(),
    [[2, '姓名', '姓名含有改变文字显示方向的控制字符'], [3, '姓名', '姓名含有看不见的字符(如零宽空格)，请删除后重新输入']]);
  assert.equal(job.result.valid, 1, JSON.stringify(job.result));
});

// A value outside its list: the report says which values the column takes.
test('a cell outside its list names the values it may take', async () => {
  const job = await run(Buffer.from('姓名,性别,出生日期,自理能力,民族,风险等级\n列表甲,女,1950-01-01,自理,汉,很高\n'), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(job.status, 'done', JSON.stringify(job));
  const msg = Object.fromEntries(job.result.errors.map((e) => [e.column, e.message]));
  assert.match(msg['自理能力'], /^自理能力的取值无效（可填：[^）]+、[^）]+）$/);
  assert.equal(msg['风险等级'], '风险等级的取值无效（可填：低、中、高）');
  assert.equal(msg['民族'], undefined, '汉 is 汉族');
  assert.equal(job.result.bad, 1);
});

test('a category or a village the station does not have is named, with the categories it may take', async () => {
  // One since stopped is refused in a new row, so it is not offered.
  let d = await api(srv.base, 'POST', '/api/v1/dictionaries/client_category', { code: 'imp_gone', label: '已撤类别', label_en: 'Gone' });
  assert.equal(d.status, 201, d.text);
  d = await api(srv.base, 'PATCH', '/api/v1/dictionaries/client_category/imp_gone', { active: false });
  assert.equal(d.status, 200, d.text);
  const job = await run(Buffer.from('姓名,性别,出生日期,对象类别,村(社区)\n类别乙,女,1950-01-01,低收入户,不存在村\n'), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(job.status, 'done', JSON.stringify(job));
  const msg = Object.fromEntries(job.result.errors.map((e) => [e.column, e.message]));
  assert.match(msg['对象类别'], /^对象类别「低收入户」不在可选项中（可填：[^）]*最低生活保障对象、[^）]*）$/);
  assert.doesNotMatch(msg['对象类别'], /已撤类别/);
  assert.equal(msg['村(社区)'], '所在村「不存在村」不是站点所在乡镇(街道)的村(社区)，请核对村名');
});

test('the short names stations write are read: 低保, 五保户, 特困 for 特困人员, 口头同意 for 口头同意(已记录); a single character is not', async () => {
  const head = '姓名,性别,出生日期,对象类别,同意方式\n';
  const job = await run(Buffer.from(head + '简称甲,女,1950-01-01,低保;五保户,\n简称乙,男,1951-01-01,特困,\n简称丙,女,1952-01-01,,口头同意\n简称丁,女,1953-01-01,困,\n'),
    'mode=dry_run&station_id=2', as.w2);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.deepEqual(job.result.errors.map((e) => [e.line, e.column]), [[5, '对象类别']], JSON.stringify(job.result.errors));
  assert.equal(job.result.valid, 3);
});

test('a guardian written as the child calls her (爷爷, 外婆, 舅舅) is read as her relation; a village under 所属村（社区） is read', async () => {
  const head = '姓名,性别,出生日期,所属村（社区）,监护人姓名,监护人关系,合法性基础,法定职责\n';
  const rows = [['称谓甲', '爷爷', 'grandparent'], ['称谓乙', '外婆', 'grandparent'], ['称谓丙', '舅舅', 'relative'],
    ['称谓丁', '妈妈', 'mother'], ['称谓戊', '姐姐', 'sibling'], ['称谓己', '民政局', 'bureau']];
  const csv = head + rows.map(([n, rel], i) => `${n},男,2016-0${i + 1}-01,永佳社区,${n}监护人,${rel},履行法定职责,儿童保护\n`).join('') +
    '称谓庚,男,2016-08-01,永佳社区,庚监护人,邻居,履行法定职责,儿童保护\n';
  const j = await run(Buffer.from(csv), 'mode=import&station_id=2', as.w2);
  assert.equal(j.status, 'done', JSON.stringify(j));
  assert.deepEqual(j.result.errors.map((e) => [e.line, e.column]), [[8, '监护人关系']], JSON.stringify(j.result.errors));
  assert.equal(j.result.inserted, 6, JSON.stringify(j.result));
  for (const [name, , code] of rows) {
    const id = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(name)}`, undefined, {}, as.w2)).body.items[0].id;
    const c = (await api(srv.base, 'GET', `/api/v1/clients/${id}`, undefined, {}, as.w2)).body;
    assert.equal(c.guardians[0].relation, code, name);
    assert.equal(c.village_name, '永佳社区', name);
  }
});

test('a failed formula\'s #N/A is an error, not a name; a date with a time of day is its day; a sheet of 40 columns reads', async () => {
  const pad = ',' .repeat(37);
  const job = await run(Buffer.from(`姓名,性别,出生日期${pad}\n#N/A,女,1950-01-01${pad}\n时刻甲,女,18264.5${pad}\n`), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.deepEqual(job.result.errors.map((e) => [e.line, e.column, e.message]),
    [[2, '姓名', '单元格是公式出错的结果（#N/A），请在表格中改正后再导入']]);
  assert.equal(job.result.valid, 1, '18264.5 is 1950-01-01 at noon: ' + JSON.stringify(job.result));
  // Said once: a phone of #N/A is the formula's error, not also a bad phone.
  const phone = await run(Buffer.from('姓名,性别,出生日期,联系电话\n公式乙,女,1950-01-01,#N/A\n'), 'mode=dry_run&station_id=2', as.w2);
  assert.deepEqual(phone.result.errors.map((e) => [e.line, e.column, e.message]),
    [[2, '联系电话', '单元格是公式出错的结果（#N/A），请在表格中改正后再导入']]);
});

// tests/fixtures/formula-without-result.xlsx, as a script writes a
// workbook (openpyxl and the like save formulas without their results):
// row 2's 性别 and row 3's 姓名 are formulas with no result; row 4's name
// is a formula with its result, and its 备注 one whose result is empty.
test('a formula saved without its result is said to be one, not read as an empty cell', async () => {
  const xlsx = readFileSync(new URL('../fixtures/formula-without-result.xlsx', import.meta.url).pathname);
  const j = await run(xlsx, 'mode=dry_run&station_id=2', as.w2,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const said = '单元格是公式，文件中没有保存它的计算结果：请用Excel或WPS打开此文件并保存后再导入';
  assert.deepEqual(j.result.errors.map((e) => [e.line, e.name, e.column, e.message]),
    [[2, '公式甲', '性别', said], [3, '', '姓名', said]], JSON.stringify(j.result));
  assert.deepEqual([j.result.valid, j.result.bad], [1, 2]);
});

test('an update from a file adds to a client\'s category history and keeps what was there', async () => {
  const made = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '历史甲', sex: 'F', birth_date: '1950-03-03',
    categories: [{ code: 'tekun', started_on: '2024-01-01', ended_on: '2026-03-31' }, { code: 'dibao', started_on: '2026-04-01' }] }, {}, as.w2);
  assert.equal(made.status, 201, made.text);
  // The register's own export lists the current categories without dates; a new one is added from the file's date.
  const j = await run(Buffer.from('姓名,性别,出生日期,对象类别,类别开始日期\n历史甲,女,1950-03-03,最低生活保障对象、独居老人,2026-06-01\n'),
    'mode=import&station_id=2&duplicates=update', as.w2);
  assert.equal(j.result.updated, 1, JSON.stringify(j.result));
  const got = (await api(srv.base, 'GET', `/api/v1/clients/${made.body.id}`, undefined, {}, as.w2)).body.categories
    .map((k) => `${k.code}:${k.started_on}:${k.ended_on ?? ''}`).sort();
  assert.deepEqual(got, ['dibao:2026-04-01:', 'elderly_alone:2026-06-01:', 'tekun:2024-01-01:2026-03-31']);
  // 特困 again from a day its last period still ran: it runs on, and a category named twice is one.
  const again = await run(Buffer.from('姓名,性别,出生日期,对象类别,类别开始日期\n历史甲,女,1950-03-03,特困人员、特困人员,2026-03-01\n'),
    'mode=import&station_id=2&duplicates=update', as.w2);
  assert.equal(again.result.updated, 1, JSON.stringify(again.result));
  const now = (await api(srv.base, 'GET', `/api/v1/clients/${made.body.id}`, undefined, {}, as.w2)).body.categories
    .map((k) => `${k.code}:${k.started_on}:${k.ended_on ?? ''}`).sort();
  assert.deepEqual(now, ['dibao:2026-04-01:', 'elderly_alone:2026-06-01:', 'tekun:2024-01-01:']);
  // 2020.3 is a year and a month, not a day of 1905.
  const ym = await run(Buffer.from('姓名,性别,出生日期,对象类别,类别开始日期\n年月甲,女,1950-03-03,最低生活保障对象,2020.3\n'), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(ym.result.bad, 1, JSON.stringify(ym.result));
  assert.equal(ym.result.errors[0].message, '类别开始日期只写到月份，请写明哪一天，如2023-05-01');
});

// Dates as a Chinese input method and a station's habits write them:
// full-width digits, 号 for 日, the ideographic full stop. A day that never
// was, or a month alone, is said as such.
test('dates typed in full-width characters or with 号 are read; a day that never was is named', async () => {
  const rows = ['姓名,性别,出生日期,对象类别,类别开始日期',
    '全角甲,女,１９５０年３月３日,最低生活保障对象,２０２３－０５－０１',
    '号字乙,女,1950年3月4号,最低生活保障对象,2023。5。2',
    '无日丙,女,1970年2月30日,最低生活保障对象,2023/5/3',
    '月份丁,女,1950-03-06,最低生活保障对象,2023年5月',
    // A year of two digits, the day first: a way of writing not read,
    // not a day the calendar lacks.
    '两位戊,女,56.7.14,最低生活保障对象,2023-05-04',
    '日先己,女,1950-03-07,最低生活保障对象,3/5/2026',
    // A start after today is the start date's column, not the category's.
    '未来庚,女,1950-03-08,最低生活保障对象,2027-01-01'];
  const j = await run(Buffer.from(rows.join('\n')), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(j.status, 'done', JSON.stringify(j));
  assert.deepEqual(j.result.errors.map((e) => [e.line, e.column, e.message]), [
    [4, '出生日期', '出生日期：日历上没有这一天，请核对月份和日期'],
    [5, '类别开始日期', '类别开始日期只写到月份，请写明哪一天，如2023-05-01'],
    [6, '出生日期', '出生日期不是有效日期，可写作1985-03-05、1985/3/5、1985年3月5日或19850305'],
    [7, '类别开始日期', '类别开始日期不是有效日期，可写作1985-03-05、1985/3/5、1985年3月5日或19850305'],
    [8, '类别开始日期', '开始日期不能晚于今天']]);
  assert.equal(j.result.valid, 2);
});

// A note typed over two lines (Alt+Enter) is one row of the sheet: the
// rows after it are told by the number Excel shows them on, in the job, the
// .xlsx report and on the command line.
test('a row after a cell of two lines is told by the row number the spreadsheet shows', async () => {
  const data = '台账（2026年6月）,,,,\n姓名,身份证号,性别,出生日期,备注\n两行甲,,女,1950-01-01,"第一行\n第二行"\n两行乙,430223198001010018,,,\n';
  const up = await upload(Buffer.from(data), 'mode=dry_run&station_id=2', as.w2);
  assert.equal(up.status, 202, up.text);
  const job = await finished(up.body.id, as.w2);
  assert.deepEqual(job.result.errors.map((e) => [e.line, e.name, e.column]), [[4, '两行乙', '身份证号']]);
  const sheet = await reportSheet(up.body.id, as.w2);
  assert.match(sheet, /<c r="A3"[^>]*><is><t>4<\/t><\/is><\/c><c r="B3"[^>]*><is><t>两行乙</);
  const dir = mkdtempSync(join(tmpdir(), 'sgz-rows-'));
  writeFileSync(join(dir, 'c.csv'), data);
  const cli = spawnSync(BIN, ['import', 'clients', join(dir, 'c.csv'), '--station', '2', '--dry-run'],
    { env: { ...process.env, ...srv.env, ...ZH }, encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stderr, /第4行 两行乙 身份证号/);
});

// Without an ID number the same name and birth date (or phone) is the same
// person: the dry run finds the file's own twins as the import does, and
// says so of the earlier row, whatever is done with duplicates.
test('rows without an ID number twice in the file: the dry run counts what the import does', async () => {
  const data = Buffer.from('姓名,身份证号,性别,出生日期,联系电话\n' +
    '孪生甲,,女,1941-02-03,13700001234\n孪生甲,,女,1941-02-03,13700001234\n' +
    '孪生乙,,男,1942-02-03,\n孪生乙,,男,1942-02-03,\n');
  const counts = (j) => [j.result.valid, j.result.bad, j.result.inserted, j.result.updated, j.result.skipped];
  const said = (j) => j.result.errors.map((e) => [e.line, e.column, e.message]);
  const twins = async () => (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('孪生')}`)).body.total;
  const twice = [[3, '姓名', '与文件第2行同名且出生日期（或电话）相同，视为同一人'],
    [5, '姓名', '与文件第4行同名且出生日期（或电话）相同，视为同一人']];
  for (const mode of ['dry_run', 'import']) {
    const j = await run(data, `mode=${mode}&station_id=2&duplicates=stop`, as.w2);
    assert.deepEqual(counts(j), [2, 2, 0, 0, 0], `${mode}: ${JSON.stringify(j.result)}`);
    assert.deepEqual(said(j), twice);
  }
  assert.equal(await twins(), 0, 'stop writes nothing');
  for (const [dup, want] of [['skip', [4, 0, 2, 0, 2]], ['update', [4, 0, 2, 2, 0]]]) {
    const dry = await run(data, `mode=dry_run&station_id=2&duplicates=${dup}`, as.w2);
    assert.deepEqual(counts(dry), want, `dry run, ${dup}: ${JSON.stringify(dry.result)}`);
    // Which rows those are, and whom they repeat.
    assert.deepEqual(dry.result.known_rows.map((k) => [k.line, k.name, k.action, k.message]),
      twice.map(([line, , m]) => [line, line === 3 ? '孪生甲' : '孪生乙', dup, m]));
  }
  const j = await run(data, 'mode=import&station_id=2&duplicates=skip', as.w2);
  assert.deepEqual(counts(j), [4, 0, 2, 0, 2]);
  assert.equal(await twins(), 2);
  // Again: both rows of each are the registered client, named with its id.
  const c = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('孪生甲')}`)).body.items[0];
  const again = await run(data, 'mode=dry_run&station_id=2&duplicates=stop', as.w2);
  assert.deepEqual(counts(again), [0, 4, 0, 0, 0]);
  assert.deepEqual(said(again)[0], [2, '姓名', `与已登记的服务对象同名且出生日期（或电话）相同：孪生甲 (#${c.id})`]);
  // Updating from the same rows changes nothing: counted as skipped.
  const upd = await run(data, 'mode=import&station_id=2&duplicates=update', as.w2);
  assert.deepEqual(counts(upd), [4, 0, 0, 0, 4]);
  assert.equal(await twins(), 2);
});

// An update from a file is an edit of the record: its history shows it
// with what changed, as it shows an edit in the form, and names the file.
test('a client updated by an import shows it in the history, with before and after', async () => {
  const made = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '痕迹甲', sex: 'F', birth_date: '1950-04-04',
    risk_level: 'low' }, {}, as.w2);
  assert.equal(made.status, 201, made.text);
  const data = Buffer.from('姓名,性别,出生日期,风险等级,标签\n痕迹甲,女,1950-04-04,高,独居\n');
  const dry = await run(data, 'mode=dry_run&station_id=2&duplicates=update', as.w2);
  assert.equal(dry.result.updated, 1, JSON.stringify(dry.result));
  const history = async () => (await api(srv.base, 'GET', `/api/v1/clients/${made.body.id}/history`, undefined, {}, as.w2)).body.items;
  assert.equal((await history()).length, 1, 'a dry run writes nothing');
  const j = await run(data, 'mode=import&station_id=2&duplicates=update', as.w2);
  assert.equal(j.result.updated, 1, JSON.stringify(j.result));
  const h = await history();
  assert.deepEqual(h.map((e) => e.action), ['client.update', 'client.create']);
  assert.equal(h[0].actor, 'w2');
  assert.deepEqual([h[0].detail.before.risk_level, h[0].detail.after.risk_level], ['low', 'high']);
  assert.deepEqual([h[0].detail.before.tags, h[0].detail.after.tags], ['', '独居']);
  assert.match(h[0].detail.import_sha256, /^[0-9a-f]{64}$/);
  const log = await api(srv.base, 'GET', '/api/v1/audit?action=client.import&limit=1', undefined, {}, as.aud);
  assert.equal(log.body.items[0].detail.includes(h[0].detail.import_sha256), true, 'the import\'s own row names the same file');
});

// What Excel and WPS write for a date-time cell saved as CSV is a date; a
// year alone is not the serial day it also is (1985 is 1905-06-07).
test('a date with a time of day is its day; a year alone asks for the full date', async () => {
  const rows = ['姓名,性别,出生日期', '时刻乙,女,1985-03-05 00:00:00', '时刻丙,女,1985/3/5 0:00', '时刻丁,女,1985-03-05T00:00:00',
    '时刻戊,女,1985-03-05 13:45:10.500', '时刻己,女,1985', '时刻庚,女,1985-03-05 25:00', '时刻辛,女,85'];
  const j = await run(Buffer.from(rows.join('\r\n')), 'mode=import&station_id=2', as.w2);
  assert.deepEqual(j.result.errors.map((e) => [e.line, e.column, e.message]), [
    [6, '出生日期', '出生日期只填了年份，请填写完整日期，如1985-03-05'],
    [7, '出生日期', '出生日期不是有效日期，可写作1985-03-05、1985/3/5、1985年3月5日或19850305'],
    [8, '出生日期', '出生日期不是有效日期，可写作1985-03-05、1985/3/5、1985年3月5日或19850305']]);
  assert.equal(j.result.inserted, 4, JSON.stringify(j.result));
  for (const name of ['时刻乙', '时刻丙', '时刻丁', '时刻戊']) {
    const c = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(name)}`)).body.items[0];
    assert.equal(c.birth_date, '1985-03-05', name);
  }
});

test('sgz import clients: dry run, report and import from the command line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgz-cli-'));
  const file = join(dir, 'c.csv');
  writeFileSync(file, `姓名,身份证号,出生日期,性别\n命令行甲,${idOf('43022319700707007')},,\n命令行乙,430223198001010018,,\n`);
  const cli = (args) => spawnSync(BIN, args, { env: { ...process.env, ...srv.env, ...ZH }, encoding: 'utf8' });
  let r = cli(['import', 'clients', file, '--station', '2', '--dry-run', '--report', join(dir, 'r.csv')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /检查完成（csv UTF-8）：共2行，有效1行，有错误1行；将新增1条/);
  assert.match(r.stderr, /第3行 命令行乙 身份证号: 身份证号校验位错误/);
  const en = spawnSync(BIN, ['import', 'clients', file, '--station', '2', '--dry-run'], { env: { ...process.env, ...srv.env, LC_ALL: 'C' }, encoding: 'utf8' });
  assert.match(en.stdout, /dry run of csv UTF-8: 2 rows, 1 valid, 1 bad/);
  const extra = join(dir, 'extra.csv');
  writeFileSync(extra, '序号,姓名,性别,出生日期,身份证,家庭人口\n1,命令行丙,女,1950-01-01,,3\n');
  r = cli(['import', 'clients', extra, '--station', '2', '--dry-run']);
  assert.match(r.stdout, /未识别、未导入的列：家庭人口\n/);
  assert.match(readFileSync(join(dir, 'r.csv'), 'utf8'), /3,命令行乙,身份证号,身份证号校验位错误/);
  r = cli(['import', 'clients', file, '--station', '2']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /导入完成（csv UTF-8）：共2行，有效1行，有错误1行；新增1条/);
  // Again: the row skipped is named, with the client it is.
  r = cli(['import', 'clients', file, '--station', '2', '--dry-run']);
  assert.match(r.stdout, /^第2行 命令行甲 跳过：该身份证号已登记为服务对象：命令行甲 \(#\d+\)$/m);
  r = cli(['import', 'clients', file]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /所属站点/);
  rmSync(dir, { recursive: true, force: true });
});

// The command line speaks the shell's language: a county IT person on a
// server (LANG=C) reads the row errors and the report in English, one
// whose shell is Chinese (zh_CN) in Chinese; LC_ALL, then LC_MESSAGES,
// then LANG decide, as they do for any program's messages.
test('sgz import clients: the row errors and the report follow the locale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgz-cli-lang-'));
  const file = join(dir, 'c.csv');
  writeFileSync(file, '姓名,身份证号\n语言乙,430223198001010018\n');
  const run = (env, report) => spawnSync(BIN, ['import', 'clients', file, '--station', '2', '--dry-run', '--report', join(dir, report)],
    { env: { ...process.env, ...srv.env, LC_ALL: '', LC_MESSAGES: '', LANG: '', ...env }, encoding: 'utf8' });
  const reportRows = (name) => {
    return cellTexts(execFileSync('unzip', ['-p', join(dir, name), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' }));
  };
  let r = run({ LANG: 'C' }, 'en.xlsx');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^row 2 语言乙 身份证号: ID number has a wrong check character$/m);
  assert.doesNotMatch(r.stderr, /第2行|校验位/);
  assert.ok(reportRows('en.xlsx').includes('ID number has a wrong check character'), reportRows('en.xlsx').join('|'));
  r = run({ LANG: 'zh_CN.UTF-8' }, 'zh.xlsx');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^第2行 语言乙 身份证号: 身份证号校验位错误$/m);
  assert.ok(reportRows('zh.xlsx').includes('身份证号校验位错误'), reportRows('zh.xlsx').join('|'));
  // LC_ALL wins over LANG; LC_MESSAGES over LANG.
  assert.match(run({ LC_ALL: 'C.UTF-8', LANG: 'zh_CN.UTF-8' }, 'a.xlsx').stderr, /^row 2 /m);
  assert.match(run({ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, 'b.xlsx').stderr, /^第2行 /m);
  // A problem of the whole file, too.
  r = spawnSync(BIN, ['import', 'clients', file, '--dry-run'], { env: { ...process.env, ...srv.env, LC_ALL: 'C' }, encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /the file has no 所属站点 column/);
  rmSync(dir, { recursive: true, force: true });
});

// The import reads a batch of rows, then asks the register about all their
// ID numbers at once and writes the new ones without waiting for each
// (PostgreSQL's pipeline), their next visits kept for the whole batch.
test('a file of several batches: every row told in file order, every new client with the next visit one entered by hand has', async () => {
  const elsewhere = idOf('43022319700101031');
  const here = idOf('43022319700101032');
  for (const [station, name, id] of [[3, '别站对象', elsewhere], [2, '本站对象', here]]) {
    const r = await api(srv.base, 'POST', '/api/v1/clients', { station_id: station, name, id_number: id });
    assert.equal(r.status, 201, r.text);
  }
  // Entered by hand: 特困 since January (visited every 90 days), and living
  // alone since last year (every 30).
  const byHand = {};
  for (const [name, code, since] of [['参照甲', 'tekun', '2026-01-01'], ['参照乙', 'elderly_alone', '2025-03-01']]) {
    const r = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name, sex: 'F',
      birth_date: '1950-01-01', categories: [{ code, started_on: since }] }, {}, as.w2);
    assert.equal(r.status, 201, r.text);
    byHand[name] = r.body.id;
  }
  const rows = ['姓名,身份证号,出生日期,对象类别,类别开始日期'];
  const idAt = (i) => idOf(`43022319610101${String(100 + i).padStart(3, '0')}`);
  for (let i = 0; i < 150; i++) {
    const cat = ['特困人员,2026-01-01', '独居老人,2025-03-01', ','][i % 3];
    rows.push(`分批${i},${idAt(i)},,${cat}`);
  }
  rows[70 + 1] = `分批70,${elsewhere},,,`;        // line 72: another station's
  rows[71 + 1] = '分批71,,1961年2月30日,,';        // line 73: no such day
  rows[72 + 1] = `本站对象,${here},,特困人员,2026-01-01`; // line 74: this station's: skipped
  rows[140 + 1] = `分批140,${idAt(5)},,,`;         // line 142: row 7's number again
  const job = await run(Buffer.from(rows.join('\n')), 'mode=import&station_id=2', as.w2);
  assert.equal(job.status, 'done', JSON.stringify(job));
  // Line 73 names both its cells: the date that is no day, and the sex a
  // row without an ID number must give.
  assert.deepEqual(job.result.errors.map((e) => [e.line, e.column]), [[72, '身份证号'], [73, '出生日期'], [73, '性别'], [142, '身份证号']],
    'found a batch at a time, told in file order');
  assert.match(job.result.errors[0].message, /已在其他站点登记/);
  assert.deepEqual([job.result.rows, job.result.bad, job.result.skipped, job.result.inserted], [150, 3, 1, 146]);
  // Each client's next visit, as the task list shows it: the imported ones
  // have what the one entered by hand with the same category has.
  const due = {};
  for (let page = 1; ; page++) {
    const r = await api(srv.base, 'GET', `/api/v1/tasks?station_id=2&limit=200&page=${page}`, undefined, {}, as.w2);
    assert.equal(r.status, 200, r.text);
    for (const t of r.body.items) if (t.kind === 'client_visit') due[t.client_name] = `${t.due_on} ${t.detail}`;
    if (r.body.items.length < 200) break;
  }
  assert.ok(due['参照甲'] && due['参照乙'] && due['参照甲'] !== due['参照乙'], JSON.stringify(due));
  for (let i = 0; i < 150; i++) {
    if ([70, 71, 72, 140].includes(i)) {
      assert.equal(due[`分批${i}`], undefined, `row ${i + 2} was not imported`);
      continue;
    }
    assert.equal(due[`分批${i}`], [due['参照甲'], due['参照乙'], undefined][i % 3], `分批${i}`);
  }
  // On SQLite the new rows take the ids after the largest, one each.
  if (BACKEND === 'sqlite') {
    const got = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('分批')}&sort=id&limit=200`)).body.items.map((c) => c.id);
    assert.equal(got.length, 146);
    assert.equal(got[145] - got[0], 145, 'consecutive ids');
  }
  // Creating by hand goes on after the ids the import took.
  const r = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '导入之后', sex: 'M', birth_date: '1950-01-02' }, {}, as.w2);
  assert.equal(r.status, 201, r.text);
  assert.ok(r.body.id > byHand['参照乙'] + 146, 'a fresh id');
  // The same file again, updating: 本站对象, registered by hand, takes the
  // file's category; the rows the file itself wrote say nothing new and
  // are left as they are; nothing new is made.
  const again = await run(Buffer.from(rows.join('\n')), 'mode=import&station_id=2&duplicates=update', as.w2);
  assert.deepEqual([again.result.bad, again.result.inserted, again.result.updated, again.result.skipped], [3, 0, 1, 146],
    JSON.stringify(again.result).slice(0, 400));
  const here0 = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('本站对象')}`)).body.items[0];
  assert.equal(here0.id_number.slice(-4), here.slice(-4), 'this station\'s client took the file\'s category');
  assert.deepEqual(here0.categories.map((k) => k.code), ['tekun']);
});

// An ID number that is a client's under another name is a mistyped ID
// number, not her new name: the update would have renamed her and given
// her the row's phone. A name spaced or padded otherwise is hers.
test('updating from a file: a row whose ID number is a client of another name is a bad row, not a rename', async () => {
  const [taken, spaced, far] = ['43022319400803000', '43022319400803001', '43022319400803002'].map(idOf);
  const ids = {};
  for (const [station, name, id] of [[2, '蔡怡德', taken], [2, '欧阳秀英', spaced], [3, '别站对象乙', far]]) {
    const r = await api(srv.base, 'POST', '/api/v1/clients', { station_id: station, name, id_number: id, phone: '13800000000' });
    assert.equal(r.status, 201, r.text);
    ids[name] = r.body.id;
  }
  const data = Buffer.from(['姓名,身份证号,联系电话', `张冒名,${taken},13900000001`, `  欧阳 秀英 ,${spaced},13900000002`,
    `张冒名,${far},13900000003`].join('\n'));
  for (const mode of ['dry_run', 'import']) {
    const j = await run(data, `mode=${mode}&station_id=2&duplicates=update`, as.w2);
    assert.deepEqual(j.result.errors.map((e) => [e.line, e.name, e.column, e.message]), [
      [2, '张冒名', '身份证号', `该身份证号已登记为另一姓名的服务对象：蔡怡德 (#${ids['蔡怡德']})，请核对身份证号或姓名`],
      // Outside the worker's stations: she is not named.
      [4, '张冒名', '身份证号', '该身份证号已在其他站点登记']], mode);
    assert.deepEqual([j.result.bad, j.result.updated, j.result.inserted], [2, 1, 0], mode);
    assert.deepEqual(j.result.known_rows.map((k) => [k.line, k.action]), [[3, 'update']], mode);
  }
  // Skipped, the row is as wrong: 张冒名 would quietly never be registered.
  const skip = await run(data, 'mode=dry_run&station_id=2&duplicates=skip', as.w2);
  assert.deepEqual(skip.result.errors.map((e) => [e.line, e.column]), [[2, '身份证号'], [4, '身份证号']]);
  assert.match(skip.result.errors[0].message, /已登记为另一姓名的服务对象：蔡怡德/);
  assert.deepEqual([skip.result.bad, skip.result.skipped], [2, 1]);
  assert.deepEqual(skip.result.known_rows.map((k) => [k.line, k.action]), [[3, 'skip']]);
  const get = async (name) => (await api(srv.base, 'GET', `/api/v1/clients/${ids[name]}`)).body;
  const cai = await get('蔡怡德');
  assert.deepEqual([cai.name, cai.version, cai.phone.slice(-4)], ['蔡怡德', 1, '0000'], 'not renamed');
  const ou = await get('欧阳秀英');
  assert.deepEqual([ou.name, ou.phone.slice(-4)], ['欧阳秀英', '0002'], 'the same name, spaced, is updated');
});

// How stations' sheets really come: rows numbered ahead with nothing
// else, ID numbers behind an apostrophe or stored by Excel as numbers,
// the documents' names of the categories.
test('a sheet\'s numbered empty rows are no persons; an apostrophe before an ID number is dropped; Excel\'s numbers are said to be numbers', async () => {
  const [a, b] = ['43022319500505101', '43022319500505102'].map(idOf);
  const data = Buffer.from(['序号,姓名,身份证号,对象类别',
    `1,前撇号,'${a},特困供养人员`,
    `2,城乡对象,${b},城乡低保`,
    '3,科学计数,4.3022319560712E17,',
    '4,丢了三位,430223195607120000,',
    '5,,,', '6,,,', '7,,,'].join('\n'));
  const j = await run(data, 'mode=dry_run&station_id=2', as.w2);
  assert.deepEqual([j.result.rows, j.result.valid, j.result.bad], [4, 2, 2], JSON.stringify(j.result).slice(0, 600));
  assert.deepEqual(j.result.errors.map((e) => [e.line, e.column, /Excel存成了数字/.test(e.message)]),
    [[4, '身份证号', true], [5, '身份证号', true]]);
  const done = await run(Buffer.from(data.toString().split('\n').slice(0, 3).join('\n')), 'mode=import&station_id=2', as.w2);
  assert.equal(done.result.inserted, 2, JSON.stringify(done.result).slice(0, 400));
  const got = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('前撇号')}`)).body.items[0];
  assert.deepEqual([got.id_number.slice(-4), got.categories.map((k) => k.code)], [a.slice(-4), ['tekun']]);
  const other = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('城乡对象')}`)).body.items[0];
  assert.deepEqual(other.categories.map((k) => k.code), ['dibao']);
});

// Headers with a note in brackets (身份证号码, typed over two lines of its
// cell with （18位）), a village written with its group, a village
// misspelt by one character.
test('a header\'s note in brackets is read past; a village with its group is the village; a misspelt one is named with the one it may be', async () => {
  const town = (await api(srv.base, 'GET', '/api/v1/stations/2')).body.region_code.slice(0, 9);
  const villages = (await api(srv.base, 'GET', `/api/v1/regions?parent=${town}&limit=200`)).body.items.map((v) => v.name);
  const chars = (x) => [...x];
  const oneOff = (a, b) => chars(a).length === chars(b).length && chars(a).filter((c, i) => c !== chars(b)[i]).length === 1;
  const village = villages.find((v) => chars(v).length >= 3 && villages.filter((w) => w !== v && oneOff(w, '㐀' + chars(v).slice(1).join(''))).length === 0);
  const misspelt = '㐀' + chars(village).slice(1).join('');
  const [a, b] = ['43022319500606201', '43022319500606202'].map(idOf);
  const data = Buffer.from(['姓名,"身份证号码\n（18位）",性别（男/女）,所在村组,联系电话（监护人）,联系电话（家人）,出生日期（农历）',
    `带组甲,${a},男,${village}5组,13900000011,13900000012,1950年五月初六`,
    // The header again, as a register printed page by page repeats it.
    '姓名,"身份证号码\n（18位）",性别（男/女）,所在村组,联系电话（监护人）,联系电话（家人）,出生日期（农历）',
    `错字乙,${b},女,${misspelt},,,`].join('\n'));
  const j = await run(data, 'mode=dry_run&station_id=2', as.w2);
  assert.deepEqual(j.result.ignored_columns, ['联系电话（监护人）', '联系电话（家人）', '出生日期（农历）'],
    'a note saying whose the column is, or what else it holds, leaves it unread');
  assert.equal(j.result.rows, 2, 'the repeated header is no row');
  assert.deepEqual(j.result.errors.map((e) => [e.line, e.column, e.message]), [
    [4, '所在村组', `所在村「${misspelt}」不是站点所在乡镇(街道)的村(社区)，请核对村名（是否为「${village}」？）`]]);
  assert.equal(j.result.valid, 1);
});

// A station's sheet marks who died or moved away. The status comes in
// with its reason; its day only when the sheet gives it (today would be
// a day she did not die on). An update changes the status only where
// the 状态 cell is filled, and never brings back one who died.
test('状态, 状态原因 and 状态变更日期 are read: deaths and moves come in as such, with their day or none', async () => {
  const [dead, gone, moved, alive, noReason] = ['43022319350301101', '43022319360302102', '43022319370303103',
    '43022319380304104', '43022319390305105'].map(idOf);
  const head = '姓名,身份证号,对象状态,状态原因,状态变更日期';
  const data = Buffer.from([head,
    `亡故甲,${dead},死亡,病故,2026-05-20`,
    `亡故乙,${gone},去世,病故,`,
    `迁出甲,${moved},已迁出,随子女迁往长沙,2026年6月1日`,
    `在册甲,${alive},正常,,`,
    `缺因甲,${noReason},外迁,,`,
    `缺状态甲,${idOf('43022319400306106')},,病故,2026-05-01`,
    `合并甲,${idOf('43022319410307107')},已合并,并入,`,
    `未来甲,${idOf('43022319420308108')},死亡,病故,2026-06-16`,
    `不明甲,${idOf('43022319420308208')},失联,联系不上,`].join('\n'));
  const dry = await run(data, 'mode=dry_run&station_id=2', as.w2);
  assert.deepEqual(dry.result.errors.map((e) => [e.line, e.column, e.message]), [
    [6, '状态原因', '状态原因：状态不是“在册”时须填写原因'],
    [7, '对象状态', '填写了状态原因和状态变更日期，但没有填写状态（迁出、死亡或注销）'],
    [8, '对象状态', '状态“已合并”只在系统中合并重复记录时产生，不能导入：请填写在册、迁出、死亡或注销'],
    [9, '状态变更日期', '状态变更日期不能晚于当前时间'],
    [10, '对象状态', '状态的取值无效（可填：在册、迁出、死亡、注销）']]);
  const j = await run(data, 'mode=import&station_id=2', as.w2);
  assert.deepEqual([j.result.inserted, j.result.bad], [4, 5], JSON.stringify(j.result));
  const find = async (name) => {
    const l = await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(name)}&status=`, undefined, {}, as.w2);
    assert.equal(l.body.items.length, 1, name);
    return (await api(srv.base, 'GET', `/api/v1/clients/${l.body.items[0].id}`, undefined, {}, as.w2)).body;
  };
  const got = [];
  for (const name of ['亡故甲', '亡故乙', '迁出甲', '在册甲']) {
    const c = await find(name);
    got.push([name, c.status, c.status_reason, c.status_on]);
  }
  assert.deepEqual(got, [
    ['亡故甲', 'deceased', '病故', '2026-05-20'],
    ['亡故乙', 'deceased', '病故', null],
    ['迁出甲', 'moved', '随子女迁往长沙', '2026-06-01'],
    ['在册甲', 'active', '', null]]);

  // An update: a record made alive, with a visit on 1 June, reported dead
  // on 20 May by the next sheet. The visit is pointed out.
  const late = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '晚报甲', id_number: idOf('43022319430309109') });
  assert.equal(late.status, 201, late.text);
  const visit = await api(srv.base, 'POST', '/api/v1/services', { station_id: 2, type: 'consultation',
    started_at: '2026-06-01T09:00', ended_at: '2026-06-01T09:30', area: 'social_assistance', content: '电话问候',
    clients: [late.body.id] }, {}, as.w2);
  assert.equal(visit.status, 201, visit.text);
  const lateId = idOf('43022319430309109');
  const update = async (rows, mode = 'import') => run(Buffer.from([head + ',备注', ...rows].join('\n')),
    `mode=${mode}&station_id=2&duplicates=update`, as.w2);
  let u = await update([`晚报甲,${lateId},死亡,病故,2026-05-20,`]);
  assert.equal(u.result.updated, 1, JSON.stringify(u.result));
  assert.equal(u.result.known_rows[0].message, `该身份证号已登记为服务对象：晚报甲 (#${late.body.id})；将更新：状态：在册 → 死亡；状态原因：— → 病故；状态变更日期：— → 2026-05-20`);
  assert.deepEqual(u.result.warnings.map((w) => [w.line, w.column, w.message]),
    [[2, '状态变更日期', '已有1条服务记录的日期晚于状态变更日期，请核对该日期或这些服务记录']]);
  const get = async () => (await api(srv.base, 'GET', `/api/v1/clients/${late.body.id}`, undefined, {}, as.w2)).body;
  let c = await get();
  assert.deepEqual([c.status, c.status_reason, c.status_on], ['deceased', '病故', '2026-05-20']);
  // The same status again without its day keeps the day she has; an
  // empty 状态 leaves the status as it is.
  u = await update([`晚报甲,${lateId},死亡,病故,,每月电话问候家属`]);
  assert.equal(u.result.updated, 1, JSON.stringify(u.result));
  u = await update([`晚报甲,${lateId},,,,每月电话问候家属（补）`]);
  assert.equal(u.result.updated, 1, JSON.stringify(u.result));
  assert.deepEqual(u.result.warnings, []);
  c = await get();
  assert.deepEqual([c.status, c.status_on, c.notes], ['deceased', '2026-05-20', '每月电话问候家属（补）']);
  // An older sheet that still lists her as 在册 does not bring her back.
  for (const mode of ['dry_run', 'import']) {
    u = await update([`晚报甲,${lateId},在册,,,`], mode);
    assert.deepEqual(u.result.errors.map((e) => [e.line, e.column, e.message]), [[2, '对象状态',
      `系统中晚报甲 (#${late.body.id}) 已登记为死亡，导入不能改变这一状态：请将该行的状态改为“死亡”或留空；确属登记错误的，请在其详情页修改`]], mode);
  }
  assert.equal((await get()).status, 'deceased');
  // Nor does a row without an ID number that is her by name and birth date.
  const noId = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '无证亡甲', sex: 'F', birth_date: '1931-07-07',
    status: 'deceased', status_reason: '病故', status_on: '2026-03-03' }, {}, as.w2);
  assert.equal(noId.status, 201, noId.text);
  for (const mode of ['dry_run', 'import']) {
    const j = await run(Buffer.from('姓名,性别,出生日期,状态\n无证亡甲,女,1931-07-07,正常\n'), `mode=${mode}&station_id=2&duplicates=update`, as.w2);
    assert.deepEqual(j.result.errors.map((e) => [e.line, e.column, e.message]), [[2, '状态',
      `系统中无证亡甲 (#${noId.body.id}) 已登记为死亡，导入不能改变这一状态：请将该行的状态改为“死亡”或留空；确属登记错误的，请在其详情页修改`]], mode);
    assert.deepEqual([j.result.bad, j.result.updated], [1, 0], mode);
  }
  // Nor an earlier row of the same file that made her so: the dry run,
  // which has not written that row, says it as the import does.
  const twinId = idOf('43022319440310111');
  const twin = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '同文甲', sex: 'M', birth_date: '1944-03-10', id_number: twinId }, {}, as.w2);
  assert.equal(twin.status, 201, twin.text);
  for (const mode of ['dry_run', 'import']) {
    const j = await run(Buffer.from(`姓名,性别,出生日期,身份证号,状态,状态原因\n同文甲,男,1944-03-10,${twinId},死亡,病故\n同文甲,男,1944-03-10,,在册,\n`),
      `mode=${mode}&station_id=2&duplicates=update`, as.w2);
    assert.deepEqual(j.result.errors.map((e) => [e.line, e.column, e.message]), [[3, '状态', '文件第2行已将此人登记为死亡，本行不能改变这一状态']], mode);
    assert.deepEqual([j.result.bad, j.result.updated], [1, 1], mode);
  }
  // A reason is one line of at most 200 characters, as on the form; a
  // reason or a day without a status is named by the file's own header
  // (a cell over two lines is one row, as the spreadsheet numbers them).
  const checks = await run(Buffer.from(['姓名,性别,出生日期,状态,注销原因,状态变更日期',
    '长因甲,男,1950-01-01,注销,' + '因'.repeat(201) + ',',
    '换行甲,男,1950-01-02,注销,"本人申请\n退出",',
    '无态甲,男,1950-01-03,,本人申请,2026-01-01',
    '无态乙,男,1950-01-04,,本人申请,'].join('\n')), 'mode=dry_run&station_id=2', as.w2);
  assert.deepEqual(checks.result.errors.map((e) => [e.line, e.column, e.message]), [
    [2, '注销原因', '状态原因太长'],
    [3, '注销原因', '状态原因须为单行文本，不能换行'],
    [4, '状态', '填写了注销原因和状态变更日期，但没有填写状态（迁出、死亡或注销）'],
    [5, '状态', '填写了注销原因，但没有填写状态（迁出、死亡或注销）']]);
  // What an update changes is not told of a sensitive record (a child, or
  // one with a category marked sensitive): the report is read without
  // the audit row a look at her record leaves.
  const sens = await run(Buffer.from(`姓名,身份证号,对象类别,类别开始日期\n晚报甲,${lateId},重度残疾人,2026-01-01\n`),
    'mode=dry_run&station_id=2&duplicates=update', as.w2);
  assert.deepEqual(sens.result.known_rows.map((k) => [k.action, k.message]),
    [['update', `该身份证号已登记为服务对象：晚报甲 (#${late.body.id})`]]);
  // A status without its reason, in an update: the record's reason
  // stands when she keeps the status (the day is added); a new status,
  // or a new client, needs its reason.
  const keep = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '补日甲', sex: 'M', birth_date: '1932-02-02',
    status: 'deceased', status_reason: '病故', status_on: null }, {}, as.w2);
  assert.equal(keep.status, 201, keep.text);
  const unknownDay = await api(srv.base, 'PATCH', `/api/v1/clients/${keep.body.id}`, { status_on: null, version: keep.body.version }, {}, as.w2);
  assert.equal(unknownDay.body.status_on, null);
  for (const mode of ['dry_run', 'import']) {
    const j = await run(Buffer.from(['姓名,性别,出生日期,身份证号,状态,状态原因,状态变更日期',
      '补日甲,男,1932-02-02,,死亡,,2026-04-04',
      `迁出甲,男,1937-03-03,${moved},死亡,,`,
      `新来甲,男,1950-05-05,${idOf('43022319500505111')},迁出,,`,
      `同文甲,男,1944-03-10,${twinId},死亡,病故,`,
      '同文甲,男,1944-03-10,,死亡,,'].join('\n')), `mode=${mode}&station_id=2&duplicates=update`, as.w2);
    assert.deepEqual(j.result.errors.map((e) => [e.line, e.column, e.message]), [
      [3, '状态原因', '状态原因：状态不是“在册”时须填写原因'],
      [4, '状态原因', '状态原因：状态不是“在册”时须填写原因']], mode);
    assert.deepEqual([j.result.bad, j.result.updated + j.result.skipped, j.result.inserted], [2, 3, 0], mode);
  }
  const kept = (await api(srv.base, 'GET', `/api/v1/clients/${keep.body.id}`, undefined, {}, as.w2)).body;
  assert.deepEqual([kept.status, kept.status_reason, kept.status_on], ['deceased', '病故', '2026-04-04']);
  // 在册 with a reason or a day: both dropped, and the report says so.
  const extra = await run(Buffer.from(`姓名,身份证号,状态,状态原因,状态变更日期\n回来甲,${idOf('43022319510606222')},在册,已返乡,2026-05-01\n`),
    'mode=import&station_id=2', as.w2);
  assert.equal(extra.result.inserted, 1, JSON.stringify(extra.result));
  assert.deepEqual(extra.result.warnings.map((w) => [w.line, w.column, w.message]),
    [[2, '状态', '状态为“在册”，所填的状态原因和状态变更日期不导入']]);
  // One who moved and came back is 在册 again: no reason, no day.
  u = await update([`迁出甲,${moved},在册,,,`]);
  assert.equal(u.result.updated, 1, JSON.stringify(u.result));
  c = await find('迁出甲');
  assert.deepEqual([c.status, c.status_reason, c.status_on], ['active', '', null]);
  // Moved to another status without a day: the day of the old one is not carried over.
  u = await update([`亡故乙,${gone},死亡,病故,2026-04-02,`, `迁出甲,${moved},注销,本人申请退出服务,,`]);
  assert.equal(u.result.updated, 2, JSON.stringify(u.result));
  c = await find('迁出甲');
  assert.deepEqual([c.status, c.status_on], ['closed', null]);
  assert.equal((await find('亡故乙')).status_on, '2026-04-02');
});

// A person on several rows of a file, with and without her ID number:
// each row is judged by what the rows before it made of her, alike in
// the dry run (which writes none of them) and in the import.
test('rows of one person follow each other: a status, its reason and a death carry to her later rows', async () => {
  const [bing, ding] = ['43022319450411111', '43022319460512222'].map(idOf);
  for (const [name, id, birth] of [['丙一', bing, '1945-04-11'], ['丁一', ding, '1946-05-12']]) {
    const r = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name, id_number: id, birth_date: birth }, {}, as.w2);
    assert.equal(r.status, 201, r.text);
  }
  const data = Buffer.from(['姓名,性别,出生日期,身份证号,状态,状态原因',
    '乙一,女,1947-01-01,,迁出,随子女',
    '乙一,女,1947-01-01,,在册,',
    '乙一,女,1947-01-01,,迁出,',
    '甲一,男,1948-02-02,,,',
    '甲一,男,1948-02-02,,死亡,病故',
    '甲一,男,1948-02-02,,在册,',
    '丙一,男,1945-04-11,,死亡,病故',
    `丙一,男,1945-04-11,${bing},在册,`,
    '丁一,女,1946-05-12,,迁出,随子女',
    `丁一,女,1946-05-12,${ding},迁出,`].join('\n'));
  const said = [];
  for (const mode of ['dry_run', 'import']) {
    const j = await run(data, `mode=${mode}&station_id=2&duplicates=update`, as.w2);
    said.push(j.result.errors.map((e) => [e.line, e.column, e.message]));
  }
  assert.deepEqual(said[0], [
    [4, '状态原因', '状态原因：状态不是“在册”时须填写原因'],
    [7, '状态', '文件第6行已将此人登记为死亡，本行不能改变这一状态'],
    [9, '状态', '文件第8行已将此人登记为死亡，本行不能改变这一状态']]);
  assert.deepEqual(said[1], said[0], 'the import says what its dry run said');
  const get = async (name) => {
    const l = await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(name)}&status=`, undefined, {}, as.w2);
    const c = (await api(srv.base, 'GET', `/api/v1/clients/${l.body.items[0].id}`, undefined, {}, as.w2)).body;
    return [c.status, c.status_reason];
  };
  assert.deepEqual(await get('乙一'), ['active', '']);
  assert.deepEqual(await get('甲一'), ['deceased', '病故']);
  assert.deepEqual(await get('丙一'), ['deceased', '病故']);
  assert.deepEqual(await get('丁一'), ['moved', '随子女'], 'the reason of her earlier row stands');
});

// The register's masked export, imported back, and a county officer's
// sheet with an empty 所属站点 cell: each told how to put it right.
test('a masked ID number or phone and an empty station cell say how to fix them', async () => {
  addUser(srv, 'cty', 'bureau', 'region:430223');
  const cty = await session(srv.base, 'cty');
  const j = await run(Buffer.from('姓名,身份证号,所属站点,联系电话\n脱敏甲,4302**********0019,2,138****8000\n无站甲,,,\n'), 'mode=dry_run', cty);
  assert.deepEqual(j.result.errors.map((e) => [e.line, e.column, e.message]), [
    [2, '身份证号', '身份证号已脱敏(含*号)，不能导入：请使用完整导出的文件，或填写完整的号码'],
    [2, '联系电话', '联系电话已脱敏(含*号)，不能导入：请使用完整导出的文件，或填写完整的号码'],
    [3, '所属站点', '未填写所属站点：请在该列填写站点，或在导入第一步为整个文件选择站点']]);
});

// A cell that starts like a formula (a note of "-1组已搬迁": 村民小组 1)
// is text in the .xlsx as it is, in the text format that keeps it text
// when edited; the CSV marks it with an apostrophe, which the import
// drops: exported in full and imported again, nothing changes. (A masked
// sheet gives the birth year only, which does not import.)
test('a note that starts like a formula: unchanged text in the .xlsx; the CSV\'s apostrophe dropped on import', async () => {
  const made = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '往返甲', sex: 'F', birth_date: '1950-05-05',
    notes: '-1组已搬迁' }, {}, as.w2);
  assert.equal(made.status, 201, made.text);
  const exported = async (format) => {
    const r = await fetch(srv.base + '/api/v1/client_exports', {
      method: 'POST',
      headers: { cookie: as.w2.cookie, 'x-csrf-token': as.w2.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ format, columns: ['name', 'sex', 'birth_date', 'notes'], q: '往返甲', full: true, reason: '整理备注后导回' }),
    });
    assert.equal(r.status, 200);
    return Buffer.from(await r.arrayBuffer());
  };
  const notes = async () => (await api(srv.base, 'GET', `/api/v1/clients/${made.body.id}`)).body.notes;
  const xlsx = await exported('xlsx');
  const dir = mkdtempSync(join(tmpdir(), 'sgz-quote-'));
  writeFileSync(join(dir, 'c.xlsx'), xlsx);
  const unzip = (part) => execFileSync('unzip', ['-p', join(dir, 'c.xlsx'), part], { encoding: 'utf8' });
  const [sheet, styles] = [unzip('xl/worksheets/sheet1.xml'), unzip('xl/styles.xml')];
  rmSync(dir, { recursive: true, force: true });
  const xfs = [...styles.slice(styles.indexOf('<cellXfs')).matchAll(/<xf [^>]*>/g)].map((m) => m[0]);
  const styleOf = (text) => {
    const m = sheet.match(new RegExp(`<c [^>]*s="(\\d+)"[^>]*><is><t[^>]*>${text}</t>`));
    assert.ok(m, `${text} in ${sheet.slice(0, 2000)}`);
    return xfs[Number(m[1])];
  };
  assert.ok(!sheet.includes("'-1组"), 'no apostrophe in the cell');
  assert.match(styleOf('-1组已搬迁'), /numFmtId="49"/, 'a text cell, which Excel does not evaluate even when edited');
  // Imported again, updating: nothing to change.
  let j = await run(xlsx, 'mode=import&station_id=2&duplicates=update', as.w2, 'application/octet-stream');
  assert.deepEqual([j.result.bad, j.result.updated, j.result.skipped], [0, 0, 1], JSON.stringify(j.result));
  assert.equal(await notes(), '-1组已搬迁');
  const csv = await exported('csv');
  assert.ok(csv.toString('utf8').includes(",'-1组已搬迁\r\n"), 'the CSV keeps its guard');
  j = await run(csv, 'mode=import&station_id=2&duplicates=update', as.w2);
  assert.deepEqual([j.result.bad, j.result.updated, j.result.skipped], [0, 0, 1], JSON.stringify(j.result));
  assert.equal(await notes(), '-1组已搬迁');
  // One apostrophe before = + - @ is the mark; any other is the text's.
  j = await run(Buffer.from("姓名,性别,出生日期,备注\n往返乙,女,1950-06-06,'@张\n往返丙,女,1950-06-07,'1组\n"), 'mode=import&station_id=2', as.w2);
  assert.equal(j.result.inserted, 2, JSON.stringify(j.result));
  const note = async (name) => (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(name)}`)).body.items[0].id;
  assert.equal((await api(srv.base, 'GET', `/api/v1/clients/${await note('往返乙')}`)).body.notes, '@张');
  assert.equal((await api(srv.base, 'GET', `/api/v1/clients/${await note('往返丙')}`)).body.notes, "'1组");
});

// A file of more than one batch is read and checked on a second thread and
// connection while the first writes the batches before. A row that breaks
// the CSV two batches in stops the reading there; the rows before it are
// written (and, in a dry run, counted) as in a file read on one thread.
test('a CSV that breaks two batches in: the rows before it are written, the break is the report\'s last line, nothing after it', async () => {
  const rows = ['姓名,性别,出生日期,联系电话'];
  for (let i = 0; i < 140; i++) rows.push(`断前${i},女,1960-01-${String(1 + (i % 28)).padStart(2, '0')},`);
  rows[100] = '断前99,女,1960-13-01,';        // line 101: no such month
  rows[120] = '断前119,女,1960-01-01,12345';  // line 121: not a phone
  rows.push('"断行,女,1960-01-01,');          // line 142: a quote never closed
  for (let i = 0; i < 10; i++) rows.push(`断后${i},女,1960-02-01,`);
  const data = Buffer.from(rows.join('\n'));
  const found = async (q) => (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(q)}&limit=1`, undefined, {}, as.w2)).body.total;
  for (const mode of ['dry_run', 'import']) {
    const job = await run(data, `mode=${mode}&station_id=2`, as.w2);
    assert.equal(job.status, 'done', JSON.stringify(job));
    assert.deepEqual(job.result.errors.map((e) => [e.line, e.column]), [[101, '出生日期'], [121, '联系电话'], [142, '']], mode);
    assert.match(job.result.errors[2].message, /引号未闭合/);
    assert.deepEqual([job.result.rows, job.result.bad, job.result.inserted], [140, 3, 138], mode);
    assert.equal(await found('断前'), mode === 'import' ? 138 : 0, mode);
  }
  assert.equal(await found('断后'), 0, 'nothing after the break');
});

// A server stopping asks its running imports to stop: the import ends
// where it is, both threads, and writes nothing.
test('a server stopped during a large import writes none of it and exits cleanly', async () => {
  const own = await startServer();
  addUser(own, 'w2', 'social_worker', 'stations:2');
  const w2 = await session(own.base, 'w2');
  const rows = ['姓名,性别,出生日期'];
  for (let i = 0; i < 100000; i++) rows.push(`停止对象${i},女,1960-01-${String(1 + (i % 28)).padStart(2, '0')}`);
  const r = await api(own.base, 'POST', '/api/v1/client_imports?mode=import&station_id=2', Buffer.from(rows.join('\n')),
    { 'content-type': 'text/csv' }, w2);
  assert.equal(r.status, 202, r.text);
  let job;
  for (let i = 0; i < 600; i++) {
    job = (await api(own.base, 'GET', `/api/v1/client_imports/${r.body.id}`, undefined, {}, w2)).body;
    if (job.status !== 'running' || job.progress.done >= 1000) break;
    await new Promise((res) => setTimeout(res, 20));
  }
  assert.equal(job.status, 'running', 'still running when the server is stopped');
  const stopped = await own.stop({ keepDatabase: true });
  try {
    assert.equal(stopped.code, 0, stopped.stderr);
    const sql = "SELECT COUNT(*) FROM clients WHERE name LIKE '停止对象%'";
    const count = BACKEND === 'sqlite'
      ? execFileSync('sqlite3', [own.db.url, sql], { encoding: 'utf8' })
      : execFileSync('psql', [own.db.url, '-qAtc', sql], { encoding: 'utf8' });
    assert.equal(count.trim(), '0', 'nothing of the stopped import');
  } finally {
    own.db.drop();
  }
});

// SQLite only: PostgreSQL's import writes through its indexes as before.
test('in English each reason in the report is a sentence: a village, a category or a worker not found, someone already registered', async () => {
  const id = idOf('43022319480101201');
  const c = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '英文甲', id_number: id }, {}, as.w2);
  assert.equal(c.status, 201, c.text);
  const rows = ['姓名,性别,出生日期,身份证号,村(社区),对象类别,责任社工',
    '英文乙,女,1950-01-01,,不存在村,,',
    '英文丙,女,1950-01-01,,,外星人,',
    '英文丁,女,1950-01-01,,,,没有这人',
    `英文甲,,,${id},,,`];
  const up = await api(srv.base, 'POST', '/api/v1/client_imports?mode=dry_run&station_id=2&duplicates=skip', Buffer.from(rows.join('\n')),
    { 'content-type': 'text/csv', 'accept-language': 'en' }, as.w2);
  assert.equal(up.status, 202, up.text);
  const res = (await finished(up.body.id, as.w2)).result;
  const said = Object.fromEntries(res.errors.map((e) => [e.line, e.message]));
  assert.match(said[2], /^Village "不存在村" is not a village of the station's township/);
  assert.match(said[3], /^Category "外星人" is not one of the items offered \(one of: /);
  assert.match(said[4], /^Worker "没有这人": no such worker at this station/);
  assert.equal(res.known_rows.length, 1);
  assert.match(res.known_rows[0].message, /^This ID number is already registered: /);
  // A reason that starts with its column keeps the column as the file
  // names it.
  const day = await api(srv.base, 'POST', '/api/v1/client_imports?mode=dry_run&station_id=2', Buffer.from('姓名,性别,出生日期\n英文戊,女,1952-02-30\n'),
    { 'content-type': 'text/csv', 'accept-language': 'en' }, as.w2);
  assert.equal((await finished(day.body.id, as.w2)).result.errors[0].message, '出生日期: no such day in the calendar');
});

test('a first register of 50,000 rows loads in bulk: its search indexes are built again and every search finds the rows',
  { skip: BACKEND !== 'sqlite' && 'a SQLite bulk load' }, async () => {
  const indexes = () => execFileSync('sqlite3', [srv.env.SGZ_DB,
    "SELECT name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'clients' ORDER BY name"],
  { encoding: 'utf8' });
  const schema = BACKEND === 'sqlite' ? indexes() : '';
  const rows = ['姓名,身份证号'];
  const id = (i) => idOf(`430224${1930 + (i % 70)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (Math.floor(i / 70) % 28)).padStart(2, '0')}${String(100 + Math.floor(i / 1960)).padStart(3, '0')}`);
  for (let i = 0; i < 49999; i++) rows.push(`批量对象${i},${id(i)}`);
  rows.push(`包宏伟,${id(49999)}`);
  assert.equal(new Set(rows).size, 50001, 'every ID number differs');
  const dir = mkdtempSync(join(tmpdir(), 'sgz-bulk-'));
  writeFileSync(join(dir, 'bulk.csv'), rows.join('\n') + '\n');
  const r = spawnSync(BIN, ['import', 'clients', join(dir, 'bulk.csv'), '--station', '2'],
    { env: { ...process.env, ...srv.env }, encoding: 'utf8', timeout: 300000 });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /50000 rows, 50000 valid, 0 bad; 50000 new/);
  if (BACKEND === 'sqlite') {
    assert.equal(indexes(), schema, 'the same indexes, defined as the migrations define them');
    assert.equal(execFileSync('sqlite3', [srv.env.SGZ_DB, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim(), 'ok');
  }
  // Each kind of search goes through one of the rebuilt indexes.
  const find = async (q, extra = '') => (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(q)}${extra}`)).body.items.map((c) => c.name);
  assert.deepEqual(await find('bhw'), ['包宏伟']);
  assert.deepEqual(await find('baohongwei'), ['包宏伟']);
  assert.deepEqual(await find('包宏', '&station_id=2'), ['包宏伟']);
  const last4 = (await api(srv.base, 'GET', `/api/v1/clients?q=${id(49999).slice(-4)}&station_id=2&limit=200`)).body.items;
  assert.ok(last4.some((c) => c.name === '包宏伟'));
  assert.ok(last4.every((c) => c.id_number.endsWith(id(49999).slice(-4))), 'only the ID numbers ending so');
  assert.deepEqual((await find('批量对象4999', '&station_id=2&limit=20')).sort(),
    ['批量对象4999', ...Array.from({ length: 9 }, (_, k) => `批量对象4999${k}`)].sort());
});
