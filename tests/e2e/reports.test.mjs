// 报告: a station lead writes and submits May's monthly brief from the
// menu, the township officer returns it with comments, the lead fixes and
// resubmits it, the officer accepts it; the history shows every step, the
// figures were frozen, the A4 print view renders in Chinese, and the
// accepted brief's .xlsx (through LibreOffice) holds the dashboard's
// figures.
// Clock: 2026-06-15 (server), profile youxian (the township receives).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, addUser, session, api, TEST_PASSWORD2 } from '../api/lib.mjs';
import { launch, open, shot, expectClean, expectNoOverflow, loginAs, DESKTOP, PHONE } from './lib.mjs';

let srv;
let browser;

before(async () => {
  [srv, browser] = await Promise.all([startServer(), launch()]);
  addUser(srv, 'lead', 'station_lead', 'stations:2');
  addUser(srv, 'worker', 'social_worker', 'stations:2');
  addUser(srv, 'town', 'township_officer', 'region:430223001');
  const [, w] = await Promise.all([session(srv.base, 'lead'), session(srv.base, 'worker'), session(srv.base, 'town')]);
  // Two home visits in May to one client: 2 人次, 1 人数.
  const c = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '简报老人', sex: 'F', birth_date: '1940-01-01' });
  assert.equal(c.status, 201, c.text);
  const worker = await session(srv.base, 'worker', TEST_PASSWORD2);
  void w;
  for (const day of ['2026-05-03', '2026-05-17']) {
    const s = await api(srv.base, 'POST', '/api/v1/services', { station_id: 2, type: 'home_visit', clients: [c.body.id],
      started_at: `${day}T09:00`, ended_at: `${day}T09:30`, area: 'elderly_care', content: '探访',
      visit: { purpose: 'elderly_check', met: '本人' } }, {}, worker);
    assert.equal(s.status, 201, s.text);
  }
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, 'server exit: ' + (r?.stderr || '').slice(-2000));
});

const status = async (page) => (await page.locator('[data-test=report-status]').innerText()).trim();

async function confirmBox(page) {
  await page.locator('.el-message-box__btns .el-button--primary').click();
}

test('write, submit, return, fix and accept a monthly brief', async () => {
  const lead = await open(browser, srv.base, DESKTOP);
  await loginAs(lead, 'lead', TEST_PASSWORD2);
  await lead.locator('[data-test=side-menu]').getByText('报告', { exact: true }).click();
  await lead.waitForURL(/\/reports$/);
  // What is owed and not yet begun is said above the list, which holds
  // only the reports begun: May's brief was due on 5 June.
  assert.match(await lead.locator('[data-test=report-owed]').innerText(), /月度工作简报\(2026年5月\)应于2026-06-05前报.*已逾期未提交/);
  // Its 去填写, on this page itself, opens the dialog filled in.
  const dialog = lead.locator('[data-test=report-create-dialog]');
  const owed = lead.locator('[data-test=report-owed] li').filter({ hasText: '月度工作简报(2026年5月)' });
  await owed.locator('[data-test=dash-report-write]').click();
  await dialog.waitFor();
  assert.equal(await dialog.locator('[data-test=report-from] input').inputValue(), '2026-05');
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await lead.locator('[data-test=report-create]').click();
  await dialog.waitFor();
  assert.match(await dialog.locator('[data-test=report-type]').innerText(), /月度工作简报/);
  const month = dialog.locator('[data-test=report-from] input');
  await month.fill('2026-05');
  await month.press('Enter');
  await dialog.locator('[data-test=report-create-save]').click();
  await lead.waitForURL(/\/reports\/\d+$/);
  const id = Number(/\/reports\/(\d+)$/.exec(lead.url())[1]);
  // Begun, it is still owed: its reminder goes on with it, not anew.
  await lead.goto('/reports');
  const goOn = lead.locator('[data-test=report-owed] li').filter({ hasText: '月度工作简报(2026年5月)' }).locator('[data-test=dash-report-write]');
  assert.equal(await goOn.innerText(), '继续填写');
  await goOn.click();
  await lead.waitForURL(new RegExp(`/reports/${id}$`));
  // May's again: refused, with a way to the one there is.
  await lead.goto('/reports');
  await lead.locator('[data-test=report-create]').click();
  await dialog.waitFor();
  await month.fill('2026-05');
  await month.press('Enter');
  await dialog.locator('[data-test=report-create-save]').click();
  await dialog.getByText(/已存在/).waitFor();
  await dialog.locator('[data-test=report-existing]').click();
  await lead.waitForURL(new RegExp(`/reports/${id}$`));
  assert.match(await lead.locator('[data-test=report-title]').innerText(), /攸县联星街道社会工作服务站 月度工作简报/);
  assert.equal(await status(lead), '草稿');
  // The figures of May, live while a draft.
  const totals = lead.locator('[data-test=report-totals]');
  assert.equal((await totals.locator('tr[data-measure=person_times] td.num').innerText()).trim(), '2');
  assert.equal((await totals.locator('tr[data-measure=clients_served] td.num').innerText()).trim(), '1');
  assert.equal((await totals.locator('tr[data-measure=volunteers] td.num').innerText()).trim(), '暂无数据');
  // Figures alone: 提交 says which parts to write, before any confirmation.
  await lead.locator('[data-test=report-submit]').click();
  assert.match(await lead.locator('[data-test=report-no-words]').innerText(), /请至少填写重点工作、亮点与成效、典型案例、存在问题或下阶段计划中的一项/);
  assert.equal(await lead.locator('.el-message-box').count(), 0);
  await lead.locator('[data-test=report-key_work] textarea').fill('入户走访独居老人，建立探访台账');
  await lead.locator('[data-test=report-no-words]').waitFor({ state: 'detached' });
  await lead.locator('[data-test=report-typical_cases] textarea').fill('独居老人王某跌倒后及时送医');
  await lead.locator('[data-test=report-next_plan] textarea').fill('开展防诈骗宣传');
  // An attachment: the activity's sign-in sheet.
  await lead.locator('[data-test=report-files] [data-test=attachment-input]').setInputFiles({ name: '五月活动签到表.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  await lead.locator('[data-test=report-files] a', { hasText: '五月活动签到表.pdf' }).waitFor();
  await expectNoOverflow(lead, 'report-editor');
  await shot(lead, 'report-editor-draft');
  await lead.locator('[data-test=report-submit]').click();
  await confirmBox(lead);
  await lead.locator('[data-test=report-status]', { hasText: '已提交' }).waitFor();
  assert.match(await lead.locator('[data-test=report-figures]').innerText(), /已冻结/);
  assert.equal(await lead.locator('[data-test=report-return]').count(), 0);

  // The township officer returns it with comments.
  const town = await open(browser, srv.base, DESKTOP);
  await loginAs(town, 'town', TEST_PASSWORD2);
  // Her 待办 names the brief waiting for her review, and leads to it.
  await town.goto('/tasks');
  const toReview = town.locator('[data-test=tasks-reports]');
  await toReview.getByText('待审核报告 1 份').waitFor();
  assert.match(await toReview.locator('[data-test=tasks-report]').innerText(), /攸县联星街道社会工作服务站 月度工作简报\s*2026-05/);
  await shot(town, 'tasks-reports-to-review');
  await toReview.locator('[data-test=tasks-report] a').click();
  await town.waitForURL(new RegExp(`/reports/${id}$`));
  await town.goto('/reports');
  // Submitted on the 15th, ten days after it was due: said so.
  assert.equal(await town.locator('[data-test=report-row-late]').first().innerText(), '逾期提交');
  await town.locator('[data-test=report-table] .link').first().click();
  await town.waitForURL(new RegExp(`/reports/${id}$`));
  assert.equal(await status(town), '已提交');
  // The report's own page says so too.
  assert.equal(await town.locator('[data-test=report-late]').innerText(), '逾期提交');
  assert.match(await town.locator('[data-test=report-text-typical_cases]').innerText(), /及时送医/);
  await town.locator('[data-test=report-return]').click();
  await town.locator('[data-test=report-comment] textarea').fill('典型案例请补充服务过程和成效');
  await town.locator('[data-test=report-return-confirm]').click();
  await town.locator('[data-test=report-status]', { hasText: '已退回' }).waitFor();
  assert.match(await town.locator('[data-test=report-files]').innerText(), /五月活动签到表\.pdf/);
  // Returned, it is the lead's to fix: the officer reads it, with no
  // fields to type into and no button the server would refuse.
  assert.match(await town.locator('[data-test=report-text-typical_cases]').innerText(), /及时送医/);
  assert.equal(await town.locator('[data-test=report-submit]').count(), 0);
  assert.equal(await town.locator('[data-test=report-typical_cases] textarea').count(), 0);
  await shot(town, 'report-review-returned');

  // The lead sees why, fixes it and submits again.
  await lead.reload();
  await lead.locator('[data-test=report-returned]').waitFor();
  assert.match(await lead.locator('[data-test=report-returned]').innerText(), /典型案例请补充服务过程和成效/);
  await lead.locator('[data-test=report-typical_cases] textarea').fill('独居老人王某跌倒后，社工联系家属陪同就医，之后每周探访，已恢复自理');
  await lead.locator('[data-test=report-submit]').click();
  await confirmBox(lead);
  await lead.locator('[data-test=report-status]', { hasText: '已提交' }).waitFor();

  // The officer accepts.
  await town.reload();
  await town.locator('[data-test=report-accept]').click();
  await confirmBox(town);
  await town.locator('[data-test=report-status]', { hasText: '已通过' }).waitFor();
  const history = await town.locator('[data-test=report-history] .el-timeline-item').allInnerTexts();
  assert.equal(history.length, 5, history.join('\n'));
  assert.match(history.join('\n'), /退回 · town\s*：典型案例请补充服务过程和成效/);
  assert.match(await town.locator('[data-test=report-text-typical_cases]').innerText(), /每周探访/);
  await shot(town, 'report-review-accepted');
  expectClean(lead);
  expectClean(town);

  // The printable page: A4, in Chinese, with the figures and the narrative.
  await town.goto(`/reports/${id}/print`);
  await town.locator('[data-test=print-title]').waitFor();
  assert.match(await town.locator('[data-test=print-title]').innerText(), /攸县联星街道社会工作服务站\s*月度工作简报/);
  const sheet = await town.locator('.sheet').innerText();
  assert.match(sheet, /一、数据/);
  assert.match(sheet, /（三）典型案例/);
  assert.match(sheet, /服务人次（人次）\s*2/);
  assert.match(sheet, /服务时长（小时）\s*1\.0/);
  await shot(town, 'report-print-a4');
  // In English the sheet's Latin letters are a Latin serif's, not those
  // a CJK face draws.
  await town.evaluate(() => localStorage.setItem('sgz.locale', 'en'));
  await town.reload();
  await town.locator('[data-test=print-title]').waitFor();
  assert.match(await town.locator('.sheet').evaluate((e) => getComputedStyle(e).fontFamily), /^"Times New Roman"/);
  await shot(town, 'report-print-a4-en');
  await town.evaluate(() => localStorage.setItem('sgz.locale', 'zh-CN'));
  await town.reload();
  await town.locator('[data-test=print-title]').waitFor();
  // On paper every table fits the page, none wider than the sheet, so no
  // column of figures is cut off. A county's area cut has a dozen
  // columns on A4 (673 px); this test's brief has six, so the sheet is
  // made as narrow for them.
  await town.emulateMedia({ media: 'print' });
  await town.setViewportSize({ width: 300, height: 1000 });
  const over = await town.evaluate(() => [...document.querySelectorAll('.sheet table')]
    .filter((t) => t.getBoundingClientRect().right > document.querySelector('.sheet').getBoundingClientRect().right + 1)
    .map((t) => t.getAttribute('data-test')));
  assert.deepEqual(over, []);
  // A number is never cut in two on paper ("37,678." over "00").
  const wrapping = await town.evaluate(() => [...document.querySelectorAll('.sheet td.num')]
    .filter((td) => getComputedStyle(td).whiteSpace !== 'nowrap').map((td) => td.textContent.trim()));
  assert.deepEqual(wrapping, []);
  await town.emulateMedia({ media: 'screen' });
  const pdf = await town.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10000);
  expectClean(town);

  // On a phone's screen the sheet fits the phone (the value column in
  // sight, nothing to scroll sideways); printed from the phone it is the
  // A4 sheet again (12 pt, the page's margins), not the phone's layout.
  const onPhone = await open(browser, srv.base, PHONE);
  await loginAs(onPhone, 'town', TEST_PASSWORD2);
  await onPhone.goto(`/reports/${id}/print`);
  await onPhone.locator('[data-test=print-title]').waitFor();
  await expectNoOverflow(onPhone, 'report print on a phone');
  const value = await onPhone.locator('[data-test=report-totals] td').last().boundingBox();
  assert.ok(value && value.x + value.width <= 390, `the value column is on screen (${JSON.stringify(value)})`);
  await shot(onPhone, 'report-print-phone');
  await onPhone.emulateMedia({ media: 'print' });
  const printed = await onPhone.locator('.sheet').evaluate((el) => {
    const cs = getComputedStyle(el);
    return { font: cs.fontSize, padding: cs.paddingLeft, h1: getComputedStyle(el.querySelector('h1')).fontSize };
  });
  assert.deepEqual(printed, { font: '16px', padding: '0px', h1: '24px' }, 'the phone\'s screen layout stays off paper');
  expectClean(onPhone);
  await onPhone.context().close();

  // The accepted brief's .xlsx, opened in LibreOffice, holds the figures
  // the station's dashboard shows for May.
  const leadApi = await session(srv.base, 'lead', TEST_PASSWORD2);
  const dash = await api(srv.base, 'GET', '/api/v1/dashboard?station_id=2&from=2026-05&to=2026-05', undefined, {}, leadApi);
  assert.equal(dash.status, 200, dash.text);
  const res = await fetch(`${srv.base}/api/v1/reports/${id}.xlsx`, { headers: { cookie: leadApi.cookie } });
  assert.equal(res.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'sgz-brief-'));
  writeFileSync(join(dir, 'b.xlsx'), Buffer.from(await res.arrayBuffer()));
  const lo = spawnSync('libreoffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to',
    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', dir, join(dir, 'b.xlsx')],
  { encoding: 'utf8', timeout: 120000 });
  assert.equal(lo.status, 0, lo.stderr);
  const main = readFileSync(join(dir, 'b-主要数据.csv'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  const cell = (label) => {
    const line = main.split('\n').find((l) => l.startsWith(label + ','));
    assert.ok(line, `${label} in ${main}`);
    return Number(line.slice(line.lastIndexOf(',') + 1).replace(/"/g, ''));
  };
  const t = dash.body.services.total;
  assert.deepEqual([cell('服务记录'), cell('服务人次'), cell('服务人数'), cell('走访户次')],
    [t.records, t.person_times, t.clients_served, t.visits]);
  assert.deepEqual([t.records, t.person_times, t.clients_served], [2, 2, 1]);

  // On a phone the figures and the narrative stack, nothing overflows.
  const phone = await open(browser, srv.base, PHONE);
  await loginAs(phone, 'lead', TEST_PASSWORD2);
  await phone.goto(`/reports/${id}`);
  await phone.locator('[data-test=report-status]', { hasText: '已通过' }).waitFor();
  await expectNoOverflow(phone, 'report-phone');
  await shot(phone, 'report-phone');
  // Switched to English, the frozen figures read in English, asked again
  // without a reload (the places keep their names).
  await phone.locator('[data-test=locale-switch]').click();
  await phone.locator('.el-dropdown-menu__item').filter({ hasText: 'English' }).filter({ visible: true }).click();
  await phone.locator('[data-test=report-cut-type] td', { hasText: 'Home visit' }).first().waitFor();
  // Each cut's first column is headed by its dimension, as in the .xlsx.
  assert.equal((await phone.locator('[data-test=report-cut-type] thead th').first().innerText()).trim(), 'Service type');
  assert.equal((await phone.locator('[data-test=report-cut-area] thead th').first().innerText()).trim(), 'Service area');
  const figs = await phone.locator('[data-test=report-totals]').innerText();
  assert.doesNotMatch(figs, /[\u4e00-\u9fff\uff08\uff09]/, figs);
  await expectNoOverflow(phone, 'report-phone-en');
  await shot(phone, 'report-phone-en');
  await phone.locator('[data-test=locale-switch]').click();
  await phone.locator('.el-dropdown-menu__item').filter({ hasText: '中文' }).filter({ visible: true }).click();
  await phone.locator('[data-test=report-cut-type] td', { hasText: '入户走访' }).first().waitFor();
  // A cut wider than the phone scrolls sideways; its service type stays in
  // view (a narrow screen: this brief's cuts have few figures).
  await phone.setViewportSize({ width: 240, height: 844 });
  const wrap = phone.locator('[data-test=report-cut-type]').locator('xpath=..');
  await phone.waitForFunction((el) => el.scrollWidth > el.clientWidth, await wrap.elementHandle());
  const scrolled = await wrap.evaluate((el) => {
    el.scrollLeft = el.scrollWidth;
    return el.scrollLeft;
  });
  assert.ok(scrolled > 0, 'the cut is wider than the phone');
  const kind = await phone.locator('[data-test=report-cut-type] td', { hasText: '入户走访' }).first().boundingBox();
  assert.ok(kind && kind.x >= 0 && kind.x < 60, `the type column scrolled away: ${JSON.stringify(kind)}`);
  await phone.setViewportSize(PHONE.viewport);
  // The list's period on a phone: a month picker that fits the screen.
  await phone.goto('/reports');
  await phone.getByPlaceholder('报告期起').click();
  const panel = phone.locator('.el-picker__popper:visible');
  await panel.waitFor();
  const box = await panel.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the picker is ${box.width}px wide at ${box.x}`);
  await phone.keyboard.press('Escape');
  // The month pickers as wide as the selects above them.
  const width = async (l) => (await l.boundingBox()).width;
  assert.equal(await width(phone.locator('.toolbar .range').first()), await width(phone.locator('[data-test=report-filter-type]')));
  // A report a card, its period and state in sight.
  const card = phone.locator('[data-test=report-card]').first();
  await card.waitFor();
  assert.match(await card.innerText(), /报告期[\s\S]*\d{4}-\d{2}/);
  await card.locator('[data-test=report-row-status]').waitFor();
  await expectNoOverflow(phone, 'report list phone');
  await shot(phone, 'report-list-phone');
  expectClean(phone);
});

/** A new county bureau officer's new-report dialog, its type picked by
 *  label, on a device whose clock says 3 December 2026: the dialog reads
 *  the server's day (15 June 2026), not the device's. */
async function newReport(user, typeLabel) {
  addUser(srv, user, 'bureau', 'region:430223');
  await session(srv.base, user);
  const page = await open(browser, srv.base, DESKTOP);
  await page.clock.setFixedTime(new Date('2026-12-03T10:00:00+08:00'));
  await loginAs(page, user, TEST_PASSWORD2);
  await page.goto('/reports');
  await page.locator('[data-test=report-create]').click();
  const dialog = page.locator('[data-test=report-create-dialog]');
  await dialog.locator('[data-test=report-type]').click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').getByText(typeLabel).click();
  return { page, dialog };
}

test('a quarterly report starts on the last quarter that has ended, the one it can be submitted for', async () => {
  // 15 June (the server's day): last month is May, whose quarter has not
  // ended. (The device's December would have offered the third quarter,
  // which on the server's day has not begun.)
  const { page, dialog } = await newReport('countyq', '季度项目实施情况报告');
  await page.waitForFunction(() => document.querySelector('[data-test=report-to] input')?.value === '2026-03');
  assert.equal(await dialog.locator('[data-test=report-from] input').inputValue(), '2026-01');
  // Her county by its name, not a code typed (nor another county picked).
  await page.waitForFunction(() => document.querySelector('[data-test=report-region] input')?.value === '攸县');
  // Another quarter chosen by its first month: its last follows.
  const from = dialog.locator('[data-test=report-from] input');
  await from.fill('2025-10');
  await from.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-test=report-to] input')?.value === '2025-12');
  // A quarter begun in August is said wrong on its first month.
  await from.fill('2025-08');
  await from.press('Enter');
  await dialog.locator('[data-test=report-create-save]').click();
  const fromItem = dialog.locator('.el-form-item').filter({ has: page.locator('[data-test=report-from]') });
  await fromItem.locator('.el-form-item__error', { hasText: '报告期须为整月' }).waitFor();
  expectClean(page);
  await page.context().close();
});

test('the county bureau writes its own self-evaluation of the year, for its county (篇2: 县民政部门……提交绩效自评报告)', async () => {
  const { page, dialog } = await newReport('countys', '绩效自评报告');
  // Her county, not a contract; the year last month is in.
  await page.waitForFunction(() => document.querySelector('[data-test=report-region] input')?.value === '攸县');
  assert.equal(await dialog.locator('[data-test=report-contract]').count(), 0);
  assert.equal(await dialog.locator('[data-test=report-from] input').inputValue(), '2026-01');
  assert.equal(await dialog.locator('[data-test=report-to] input').inputValue(), '2026-12');
  await dialog.locator('[data-test=report-create-save]').click();
  await page.waitForURL(/\/reports\/\d+$/);
  await page.getByText('攸县 绩效自评报告').first().waitFor();
  await page.locator('[data-test=report-status]', { hasText: '草稿' }).waitFor();
  expectClean(page);
  await page.context().close();
});

test('a draft made by mistake is deleted from its page; a submitted report offers no such button', async () => {
  const lead = await open(browser, srv.base, DESKTOP);
  await loginAs(lead, 'lead', TEST_PASSWORD2);
  await lead.goto('/reports');
  await lead.locator('[data-test=report-create]').click();
  const dialog = lead.locator('[data-test=report-create-dialog]');
  await dialog.waitFor();
  const month = dialog.locator('[data-test=report-from] input');
  await month.fill('2026-04');
  await month.press('Enter');
  await dialog.locator('[data-test=report-create-save]').click();
  await lead.waitForURL(/\/reports\/\d+$/);
  const id = Number(/\/reports\/(\d+)$/.exec(lead.url())[1]);
  await lead.locator('[data-test=report-delete]').click();
  await lead.locator('.el-message-box').getByText(/从未提交的草稿/).waitFor();
  await confirmBox(lead);
  await lead.waitForURL(/\/reports$/);
  await lead.getByText('草稿已删除').waitFor();
  const leadApi = await session(srv.base, 'lead', TEST_PASSWORD2);
  assert.equal((await api(srv.base, 'GET', `/api/v1/reports/${id}`, undefined, {}, leadApi)).status, 404);
  // May's brief, accepted in the first test: no delete button.
  const may = (await api(srv.base, 'GET', '/api/v1/reports?status=accepted', undefined, {}, leadApi)).body.items[0];
  await lead.goto(`/reports/${may.id}`);
  await lead.locator('[data-test=report-status]', { hasText: '已通过' }).waitFor();
  assert.equal(await lead.locator('[data-test=report-delete]').count(), 0);
  expectClean(lead);
  await lead.context().close();
});

test('a brief owed and not written: 去填写 opens the dialog on its type, station and month; the city reading it gets no such link', async () => {
  // April's brief of station 2 was deleted as a draft made by mistake
  // (the test before): it is owed again, past its day (5 May).
  const lead = await open(browser, srv.base, DESKTOP);
  await loginAs(lead, 'lead', TEST_PASSWORD2);
  await lead.goto('/compliance?rule=report.overdue');
  const write = lead.locator('[data-test=finding-write]', { hasText: '2026年4月' });
  await write.waitFor();
  await write.click();
  await lead.waitForURL((u) => u.pathname === '/reports' && !u.searchParams.has('write'));
  const dialog = lead.locator('[data-test=report-create-dialog]');
  await dialog.waitFor();
  await lead.waitForFunction(() => document.querySelector('[data-test=report-from] input')?.value === '2026-04');
  assert.equal(await dialog.locator('[data-test=report-type] .el-select__selected-item:not(.is-hidden)').innerText(), '月度工作简报');
  assert.match(await dialog.locator('[data-test=report-station]').innerText(), /联星街道/);
  await shot(lead, 'report-write-from-finding');
  await dialog.locator('[data-test=report-create-save]').click();
  await lead.waitForURL(/\/reports\/\d+$/);
  await lead.locator('[data-test=report-status]', { hasText: '草稿' }).waitFor();
  // Begun: the finding now names the report itself, nothing left to write.
  await lead.goto('/compliance?rule=report.overdue');
  await lead.locator('[data-test=finding]').first().waitFor();
  assert.equal(await lead.locator('[data-test=finding-write]', { hasText: '2026年4月' }).count(), 0);
  expectClean(lead);
  await lead.context().close();
  // The city reads the station's briefs and the county's reports overdue
  // but writes neither.
  addUser(srv, 'cityw', 'bureau', 'region:4302');
  await session(srv.base, 'cityw');
  const city = await open(browser, srv.base, DESKTOP);
  await loginAs(city, 'cityw', TEST_PASSWORD2);
  await city.goto('/compliance?rule=report.overdue');
  await city.locator('[data-test=finding]').first().waitFor();
  assert.ok(await city.getByText(/季度项目实施情况报告|月度工作简报/).count() > 0);
  assert.equal(await city.locator('[data-test=finding-write]').count(), 0);
  await city.context().close();
});

test('a lead with no tasks of her own opens 待办 on her station\'s list, as her home page counts them', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'lead', TEST_PASSWORD2);
  await page.goto('/tasks');
  await page.waitForURL(/station_id=2/);
  await page.getByText('站点待办').first().waitFor();
  expectClean(page);
  await page.context().close();
});

test("a county's own quarterly report offers 退回 and 通过 to the city above it, not to the county", async () => {
  // The server lets only a range above the county review a county's own
  // report ("只有上级民政部门可以审核此类报告"): the county's officers
  // see no button it would refuse.
  addUser(srv, 'countyw', 'bureau', 'region:430223');
  addUser(srv, 'countyr', 'bureau', 'region:430223');
  addUser(srv, 'cityr', 'bureau', 'region:4302');
  const [w, countyr, cityr] = await Promise.all([session(srv.base, 'countyw'), session(srv.base, 'countyr'), session(srv.base, 'cityr')]);
  const c = await api(srv.base, 'POST', '/api/v1/reports', { type: 'quarterly', region_code: '430223', period_from: '2026-01', period_to: '2026-03' }, {}, w);
  assert.equal(c.status, 201, c.text);
  const p = await api(srv.base, 'PATCH', `/api/v1/reports/${c.body.id}`, { version: c.body.version, key_work: '第一季度重点工作' }, {}, w);
  assert.equal(p.status, 200, p.text);
  const s = await api(srv.base, 'POST', `/api/v1/reports/${c.body.id}/submit`, { version: p.body.version }, {}, w);
  assert.equal(s.status, 200, s.text);
  // What the server says to each.
  const refused = await api(srv.base, 'POST', `/api/v1/reports/${c.body.id}/accept`, { version: s.body.version }, {}, countyr);
  assert.equal(refused.status, 403, refused.text);
  for (const [user, buttons] of [['countyw', 0], ['countyr', 0], ['cityr', 1]]) {
    const page = await open(browser, srv.base, DESKTOP);
    await loginAs(page, user, TEST_PASSWORD2);
    await page.goto(`/reports/${c.body.id}`);
    await page.locator('[data-test=report-status]', { hasText: '已提交' }).waitFor();
    assert.equal(await page.locator('[data-test=report-accept]').count(), buttons, user);
    assert.equal(await page.locator('[data-test=report-return]').count(), buttons, user);
    if (user === 'countyr') await shot(page, 'report-county-own-quarterly');
    // Nor does her 待办 ask her to review it; the city's does.
    await page.goto('/tasks');
    await page.locator('[data-test=task-tabs]').waitFor();
    if (buttons) await page.locator('[data-test=tasks-reports]').getByText('待审核报告 1 份').waitFor();
    else {
      await page.waitForLoadState('networkidle');
      assert.equal(await page.locator('[data-test=tasks-reports]').count(), 0, user);
    }
    expectClean(page);
    await page.context().close();
  }
  // Returned by the city, the report is the county's to fix: the city
  // reads it, and is offered neither 保存 nor 提交, nor a county report
  // of her own to write.
  const v = (await api(srv.base, 'GET', `/api/v1/reports/${c.body.id}`, undefined, {}, cityr)).body.version;
  const ret = await api(srv.base, 'POST', `/api/v1/reports/${c.body.id}/return`, { comment: '请补充典型案例', version: v }, {}, cityr);
  assert.equal(ret.status, 200, ret.text);
  for (const [user, buttons] of [['countyw', 1], ['cityr', 0]]) {
    const page = await open(browser, srv.base, DESKTOP);
    await loginAs(page, user, TEST_PASSWORD2);
    await page.goto(`/reports/${c.body.id}`);
    await page.locator('[data-test=report-returned]', { hasText: '请补充典型案例' }).waitFor();
    assert.equal(await page.locator('[data-test=report-submit]').count(), buttons, user);
    assert.equal(await page.locator('[data-test=report-save]').count(), buttons, user);
    assert.equal(await page.locator('[data-test=report-text-key_work]').count(), 1 - buttons, user);
    if (user === 'cityr') {
      // The bureau's types are all a county's own: the city has no 新建报告.
      await page.goto('/reports');
      await page.locator('[data-test=report-filter-type]').waitFor();
      await page.waitForLoadState('networkidle');
      assert.equal(await page.locator('[data-test=report-create]').count(), 0);
    }
    expectClean(page);
    await page.context().close();
  }
});
