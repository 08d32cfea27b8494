// The client import wizard (服务对象 → 导入) after a check that cannot go
// on: she picks her corrected file right there, is told why "stop at a
// duplicate" would import nothing and which rows stop it, and reads the
// file's format in words.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, addUser, session, api, TEST_PASSWORD2 } from '../api/lib.mjs';
import { workbook } from '../api/helpers_extra.mjs';
import { launch, open, shot, expectClean, expectNoOverflow, loginAs, DESKTOP, PHONE } from './lib.mjs';

let srv;
let browser;
let auth;
const known = {};

before(async () => {
  [srv, browser] = await Promise.all([startServer({ anonymous: true }), launch()]);
  addUser(srv, 'worker', 'social_worker', 'stations:2');
  auth = await session(srv.base, 'worker');
  // On the register already: by ID number, and by name and birth date.
  for (const c of [
    { station_id: 2, name: '已登记甲', sex: 'F', id_number: '110101195001020020' },
    { station_id: 2, name: '已登记乙', sex: 'M', birth_date: '1948-05-06' },
  ]) {
    const r = await api(srv.base, 'POST', '/api/v1/clients', c, {}, auth);
    assert.equal(r.status, 201, r.text);
    known[c.name] = r.body.id;
  }
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, 'server exit: ' + (r?.stderr || '').slice(-2000));
});

// Three new people and, on lines 3 and 5, two already registered.
const WITH_DUPS =
  '姓名,性别,出生日期,身份证号\n新对象甲,女,1950-01-02,\n已登记甲,女,,110101195001020020\n新对象乙,男,1951-03-04,\n已登记乙,男,1948-05-06,\n新对象丙,女,1952-07-08,\n';
// '姓名,性别,出生日期\n编码甲,男,1950-01-02\n' as a GBK spreadsheet saves it.
const GBK = Buffer.from('d0d5c3fb2cd0d4b1f02cb3f6c9fac8d5c6da0ab1e0c2ebbcd72cc4d02c313935302d30312d30320a', 'hex');

const dialog = (page) => page.locator('.el-dialog').filter({ hasText: '导入服务对象' });

async function pick(dlg, name, buffer) {
  await dlg.locator('[data-test=import-file]').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await dlg.locator('[data-test=import-check]').click();
}

test('after a refused file or a check she picks another file in the wizard, keeping her choices', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'worker', TEST_PASSWORD2);
  await page.goto('/clients');
  await page.locator('[data-test=client-import]').click();
  const dlg = dialog(page);
  await dlg.getByText('停止导入(不写入任何数据)', { exact: true }).click();
  // A file with a header and no rows is refused as a whole.
  // An old Excel file may be chosen: the check says how to save it.
  await dlg.locator('[data-test=import-file]').setInputFiles({ name: '台账.xls', mimeType: 'application/vnd.ms-excel',
    buffer: Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]) });
  await dlg.locator('[data-test=import-check]').click();
  await dlg.locator('[data-test=import-error]').getByText(/另存为.*Excel工作簿\(\.xlsx\)/).waitFor();
  await dlg.locator('[data-test=import-again]').click();
  await dlg.locator('[data-test=import-step-file]').waitFor();
  await pick(dlg, '空表.csv', Buffer.from('姓名,性别,出生日期\n'));
  await dlg.locator('[data-test=import-error]').getByText('文件中没有数据').waitFor();
  await shot(page, 'client-import-file-error');
  await dlg.locator('[data-test=import-again]').click();
  await dlg.locator('[data-test=import-step-file]').waitFor();
  await dlg.getByText('未选择文件').waitFor();
  assert.equal(await dlg.locator('[data-test=import-error]').count(), 0, 'the refusal is gone with its file');
  assert.ok(await dlg.locator('[data-test=import-check]').isDisabled(), 'no file chosen yet');
  assert.ok(await dlg.getByRole('radio', { name: '停止导入(不写入任何数据)' }).isChecked(), 'the duplicates choice is kept');
  assert.match(await dlg.locator('[data-test=import-station]').innerText(), /\S/, 'the station is kept');

  // The corrected file: "stop" and two registered people. Nothing would
  // be imported, and the wizard says why and which rows.
  await pick(dlg, '台账.csv', Buffer.from(WITH_DUPS));
  await dlg.locator('[data-test=import-summary]').waitFor();
  const why = dlg.locator('[data-test=import-stopped]');
  await why.waitFor();
  const text = await why.innerText();
  assert.match(text, /不会导入任何记录/);
  assert.match(text, /第 3、5 行已登记为服务对象/);
  assert.match(text, /“停止导入\(不写入任何数据\)”/);
  assert.match(text, /改选“跳过”或“用文件内容更新”/);
  assert.ok(await dlg.locator('[data-test=import-go]').isDisabled());
  assert.equal(await dlg.locator('[data-test=import-format]').innerText(), 'CSV（UTF-8）');
  await expectNoOverflow(page, 'the stopped check');
  await shot(page, 'client-import-stopped');

  // She skips the registered ones instead, with the same file.
  await dlg.locator('[data-test=import-again]').click();
  await dlg.getByText('跳过', { exact: true }).click();
  await pick(dlg, '台账.csv', Buffer.from(WITH_DUPS));
  await dlg.locator('[data-test=import-summary]').waitFor();
  assert.match(await dlg.locator('[data-test=import-go]').innerText(), /导入 3 条/);
  assert.equal(await dlg.locator('[data-test=import-stopped]').count(), 0);
  // The two it skips are named, each with the client the register holds.
  const known = dlg.locator('[data-test=import-known]');
  await known.waitFor();
  const rows = await known.locator('tbody tr').allInnerTexts();
  assert.equal(rows.length, 2, rows.join('|'));
  assert.match(rows[0], /3\s+已登记甲\s+跳过\s+该身份证号已登记为服务对象：已登记甲 \(#\d+\)/);
  assert.match(rows[1], /5\s+已登记乙\s+跳过\s+与已登记的服务对象同名且出生日期（或电话）相同：已登记乙 \(#\d+\)/);
  assert.match(await dlg.innerText(), /以下 2 行是已登记的服务对象/);
  assert.equal(await dlg.locator('[data-test=import-report]').count(), 1, 'the report lists them, with no bad row');
  await expectNoOverflow(page, 'the skipped rows');
  await shot(page, 'client-import-known');

  // A GBK file's format in words.
  await dlg.locator('[data-test=import-again]').click();
  await pick(dlg, 'gbk.csv', GBK);
  await dlg.locator('[data-test=import-summary]').waitFor();
  assert.equal(await dlg.locator('[data-test=import-format]').innerText(), 'CSV（GBK/GB18030编码）');
  expectClean(page);
  await page.context().close();
});

test('"stop" with a bad row that is no duplicate imports the rest; columns not understood and the foot are said; the format reads in English', async () => {
  const page = await open(browser, srv.base, PHONE);
  await loginAs(page, 'worker', TEST_PASSWORD2);
  await page.goto('/clients');
  await page.locator('[data-test=client-import]').click();
  const dlg = dialog(page);
  await dlg.getByText('停止导入(不写入任何数据)', { exact: true }).click();
  await pick(dlg, '台账.csv', Buffer.from('序号,姓名,性别,出生日期,家庭人口\n1,好甲,女,1950-01-02,\n2,坏乙,男,1952-02-30,\n合计,2人,,,\n'));
  await dlg.locator('[data-test=import-summary]').waitFor();
  assert.equal(await dlg.locator('[data-test=import-stopped]').count(), 0, 'stop is for duplicates only');
  assert.match(await dlg.locator('[data-test=import-summary]').innerText(), /将新增\s*1/);
  assert.match(await dlg.locator('[data-test=import-ignored]').innerText(), /以下列未能识别，其内容不会导入：家庭人口。/);
  assert.match(await dlg.locator('[data-test=import-footer]').innerText(), /表尾 1 行/);
  await expectNoOverflow(page, 'the stopped check on a phone');
  await shot(page, 'client-import-stopped-phone');
  await dlg.locator('[data-test=import-again]').click();
  await dlg.locator('[data-test=import-step-file]').waitFor();
  await expectNoOverflow(page, 'the first step again on a phone');
  await shot(page, 'client-import-again-phone');
  expectClean(page);
  await page.context().close();

  // The template, checked as it is, in English.
  const en = await open(browser, srv.base, DESKTOP);
  await loginAs(en, 'worker', TEST_PASSWORD2);
  await en.evaluate(() => localStorage.setItem('sgz.locale', 'en'));
  const auth = await session(srv.base, 'worker', TEST_PASSWORD2);
  const tpl = await fetch(srv.base + '/api/v1/client_import_template', { headers: { cookie: auth.cookie } });
  assert.equal(tpl.status, 200);
  const xlsx = Buffer.from(await tpl.arrayBuffer());
  await en.goto('/clients');
  await en.locator('[data-test=client-import]').click();
  const ed = en.locator('.el-dialog').filter({ has: en.locator('.el-steps') });
  // One registered row, and "stop": said of one row.
  await ed.getByText('Stop (write nothing)', { exact: true }).click();
  await ed.locator('[data-test=import-file]').setInputFiles({ name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from('姓名,性别,身份证号\n已登记甲,女,110101195001020020\n新对象丁,男,\n') });
  await ed.locator('[data-test=import-check]').click();
  assert.match(await ed.locator('[data-test=import-stopped]').innerText(), /row 2 of the file is a client already registered .*“Stop \(write nothing\)”/);
  // The row's reason in the UI's language too, whatever the browser's.
  assert.match(await ed.locator('[data-test=import-errors]').innerText(), /already registered/);
  await ed.locator('[data-test=import-again]').click();
  await ed.locator('[data-test=import-file]').setInputFiles({ name: 'template.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx });
  await ed.locator('[data-test=import-check]').click();
  await ed.locator('[data-test=import-summary]').waitFor();
  assert.equal(await ed.locator('[data-test=import-format]').innerText(), 'Excel workbook (.xlsx)');
  assert.equal(await ed.locator('[data-test=import-again]').innerText(), 'Choose another file');
  await shot(en, 'client-import-en');
  expectClean(en);
  await en.context().close();
});

test('a row of a county no longer in the division table passes the check, listed for her to check', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'worker', TEST_PASSWORD2);
  await page.goto('/clients');
  await page.locator('[data-test=client-import]').click();
  const dlg = dialog(page);
  // 430297: Hunan, but no county of it now; the number itself is valid.
  await pick(dlg, '旧县.csv', Buffer.from('姓名,身份证号\n旧县甲,43029719500101001X\n今县乙,430223195001010023\n'));
  await dlg.locator('[data-test=import-summary]').waitFor();
  assert.match(await dlg.locator('[data-test=import-summary]').innerText(), /将新增\s*2/);
  assert.equal(await dlg.locator('[data-test=import-errors]').count(), 0);
  const warned = await dlg.locator('[data-test=import-warnings]').innerText();
  assert.match(warned, /2\s+旧县甲\s+身份证号\s+身份证号的发证地代码430297不在现行区划中/);
  assert.doesNotMatch(warned, /今县乙/);
  await dlg.getByText('以下 1 行可以导入，但请核对：').waitFor();
  await dlg.locator('[data-test=import-report]').waitFor();
  await shot(page, 'client-import-warnings');
  expectClean(page);
  await page.context().close();
});

// A record updated from a file: her history says what changed and that a
// file did it, naming the file by the start of its fingerprint (the audit
// log's import row has all of it), not by 64 hexadecimal characters.
test('a client updated by an import shows the file in her history by a short fingerprint', async () => {
  const data = Buffer.from('姓名,性别,出生日期,风险等级\n已登记乙,男,1948-05-06,高\n');
  const r = await api(srv.base, 'POST', '/api/v1/client_imports?mode=import&station_id=2&duplicates=update', data,
    { 'content-type': 'text/csv' }, auth);
  assert.equal(r.status, 202, r.text);
  let job;
  for (let i = 0; i < 300 && (!job || job.status === 'running'); i++) {
    await new Promise((res) => setTimeout(res, 100));
    job = (await api(srv.base, 'GET', `/api/v1/client_imports/${r.body.id}`, undefined, {}, auth)).body;
  }
  assert.equal(job.result?.updated, 1, JSON.stringify(job));
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'worker', TEST_PASSWORD2);
  await page.goto(`/clients/${known['已登记乙']}`);
  await page.getByRole('tab', { name: '历史记录' }).click();
  const rows = page.locator('[data-test=client-history] .el-table__body-wrapper tr.el-table__row');
  await rows.nth(1).waitFor();
  const text = await rows.first().innerText();
  assert.match(text, /修改[\s\S]*风险等级[\s\S]*高/);
  assert.match(text, new RegExp(`来源\\s+批量导入的文件（指纹 ${job.result.sha256.slice(0, 12)}…）`));
  assert.doesNotMatch(text, /[0-9a-f]{13}/, 'no more of the hash than its start');
  await expectNoOverflow(page, 'the history of an import');
  await shot(page, 'client-history-import');
  expectClean(page);
  await page.context().close();
});

// A station's sheet that marks who died: she comes in as 死亡 with no
// day (the sheet does not say when), and her page tells an editor how to
// give it; one who moved comes in with her day.
test('a sheet with 状态 brings in a death without its day and a move with its day; her page says what is missing', async () => {
  const page = await open(browser, srv.base, PHONE);
  await loginAs(page, 'worker', TEST_PASSWORD2);
  await page.goto('/clients');
  await page.locator('[data-test=client-import]').click();
  const dlg = dialog(page);
  await pick(dlg, '台账.csv', Buffer.from('姓名,性别,出生日期,状态,状态原因,状态变更日期\n' +
    '故去甲,女,1936-02-03,去世,病故,\n外迁乙,男,1950-04-05,已迁出,随女儿迁往株洲,2026-05-02\n缺因丙,男,1951-04-05,死亡,,\n'));
  await dlg.locator('[data-test=import-summary]').waitFor();
  assert.match(await dlg.locator('[data-test=import-summary]').innerText(), /将新增\s*2/);
  assert.match(await dlg.locator('[data-test=import-errors]').innerText(), /4\s+缺因丙 · 状态原因\s+状态原因：状态不是“在册”时须填写原因/);
  await dlg.locator('[data-test=import-go]').click();
  await dlg.locator('[data-test=import-done]').getByText('导入完成：写入 2 条').waitFor();
  const list = await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('故去甲')}&status=`, undefined, {}, auth);
  const dead = (await api(srv.base, 'GET', `/api/v1/clients/${list.body.items[0].id}`, undefined, {}, auth)).body;
  assert.deepEqual([dead.status, dead.status_on], ['deceased', null]);
  await page.goto(`/clients/${dead.id}`);
  const gone = page.locator('[data-test=client-gone]');
  await gone.waitFor();
  assert.equal((await gone.innerText()).trim(),
    '故去甲已死亡，未记录变更日期，不能再登记服务；在“编辑”中填写死亡日期后，可补录当日及以前的服务。');
  await expectNoOverflow(page, 'a client imported as dead, on a phone');
  await shot(page, 'client-imported-dead-phone');
  const found = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('外迁乙')}&status=`, undefined, {}, auth)).body.items[0];
  const moved = (await api(srv.base, 'GET', `/api/v1/clients/${found.id}`, undefined, {}, auth)).body;
  assert.deepEqual([moved.status, moved.status_on], ['moved', '2026-05-02']);
  // She came back: the next sheet says 在册, and the check says what
  // the update changes before anything is written.
  await page.goto('/clients');
  await page.locator('[data-test=client-import]').click();
  const again = dialog(page);
  await again.getByText('用文件内容更新', { exact: true }).click();
  await pick(again, '台账.csv', Buffer.from('姓名,性别,出生日期,状态\n外迁乙,男,1950-04-05,在册\n'));
  const known = again.locator('[data-test=import-known]');
  await known.waitFor();
  assert.match(await known.innerText(), /2\s+外迁乙 · 更新[\s\S]*将更新：状态：迁出 → 在册；状态原因：随女儿迁往株洲 → —；状态变更日期：2026-05-02 → —/);
  assert.equal(await again.locator('[data-test=import-go]').innerText(), '导入 1 条记录');
  assert.ok(await again.locator('[data-test=import-go]').isEnabled());
  await expectNoOverflow(page, 'an update said on a phone');
  await shot(page, 'client-import-update-changes-phone');
  expectClean(page);
  await page.context().close();
});

// A workbook kept a sheet per category, opening on its instructions: the
// check reads the first register and names the other; once it is in, the
// next sheet is one click away, and another can be chosen from the list.
test('a workbook of several sheets: the sheet read is said, the others offered one after another', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgz-e2e-sheets-'));
  const header = ['姓名', '性别', '出生日期', '对象类别', '类别开始日期'];
  const buffer = workbook(dir, 'book', [
    ['填表说明', [['按类别分表填写']]],
    ['低保', [header, ['分表低保甲', '女', '1948-09-10', '低保']]],
    ['特困', [header, ['分表特困乙', '男', '1949-10-01', '特困', '2019-03-01'], ['分表特困丙', '男', '1950-01-02']]],
  ]);
  rmSync(dir, { recursive: true, force: true });
  const page = await open(browser, srv.base, PHONE);
  await loginAs(page, 'worker', TEST_PASSWORD2);
  await page.goto('/clients');
  await page.locator('[data-test=client-import]').click();
  const dlg = dialog(page);
  await dlg.locator('[data-test=import-file]').setInputFiles({ name: '台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
  await dlg.locator('[data-test=import-check]').click();
  await dlg.locator('[data-test=import-summary]').waitFor();
  const sheets = dlg.locator('[data-test=import-sheets]');
  assert.match(await sheets.innerText(), /工作表[\s\S]*（文件共 3 个工作表）/);
  assert.equal((await dlg.locator('[data-test=import-sheet]').innerText()).trim(), '低保');
  assert.equal(await dlg.locator('[data-test=import-other-sheets]').innerText(),
    '以下工作表也有名单，本次未读取：特困。导入这一个之后，可接着检查下一个，也可以在上面改选。');
  // Her category has no start: it starts today, and the check says what
  // that means for the months already served.
  assert.equal(await dlg.locator('[data-test=import-categories-today]').innerText(),
    '1 个新登记对象的“对象类别”未填“类别开始日期”，将从今天起算：今天以前的服务不按该类别统计。如知道开始日期（如低保批准日期），请在文件中补填后重新检查。');
  await expectNoOverflow(page, 'the sheets of a workbook, on a phone');
  await shot(page, 'client-import-sheets-phone');
  // The list offers every sheet, the one without a header said so.
  await dlg.locator('[data-test=import-sheet]').click();
  const options = page.locator('.el-select-dropdown__item:visible');
  await options.getByText('特困').waitFor();
  assert.deepEqual(await options.allInnerTexts(), ['填表说明（无表头）', '低保', '特困']);
  await page.keyboard.press('Escape');
  await dlg.locator('[data-test=import-go]').click();
  await dlg.locator('[data-test=import-done]').getByText('导入完成：写入 1 条').waitFor();
  assert.equal(await dlg.locator('[data-test=import-sheet-done]').innerText(), '低保', 'the sheet written is named');
  await expectNoOverflow(page, 'the next sheet offered, on a phone');
  await shot(page, 'client-import-next-sheet-phone');
  // The next sheet: checked, then imported.
  await dlg.locator('[data-test=import-next-sheet]').getByText('检查下一个工作表「特困」').click();
  // The check of the next sheet is in once its sheet is named (the last
  // summary may still be on screen a moment).
  await page.waitForFunction(() => document.querySelector('[data-test=import-sheet]')?.innerText.trim() === '特困');
  await dlg.locator('[data-test=import-summary]').filter({ hasText: /将新增\s*2/ }).waitFor();
  assert.match(await dlg.locator('[data-test=import-summary]').innerText(), /将新增\s*2/);
  assert.match(await dlg.locator('[data-test=import-other-sheets]').innerText(), /：低保。/);
  assert.equal(await dlg.locator('[data-test=import-categories-today]').count(), 0, 'a category with its start, and a row without one');
  await dlg.locator('[data-test=import-go]').click();
  await dlg.locator('[data-test=import-done]').getByText('导入完成：写入 2 条').waitFor();
  assert.equal(await dlg.locator('[data-test=import-next-sheet]').count(), 0, 'every sheet with a header is in');
  for (const name of ['分表低保甲', '分表特困乙', '分表特困丙']) {
    const r = await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(name)}`, undefined, {}, auth);
    assert.equal(r.body.total, 1, name);
  }
  expectClean(page);
  await page.context().close();
});
