// 数据看板: the bureau's county and a station lead's station, each the
// landing page after login. A figure on each is checked against the
// list it links to: following the link opens that list, filtered to the
// records behind the figure, and the list counts the same number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, session, api, sgz, TEST_PASSWORD2 } from '../api/lib.mjs';
import { launch, open, shot, expectClean, expectNoOverflow, loginAs, DESKTOP, PHONE } from './lib.mjs';

let srv;
let browser;
const auth = {};

function idn(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, ch, i) => a + Number(ch) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

before(async () => {
  [srv, browser] = await Promise.all([startServer({ anonymous: true, full: true }), launch()]);
  addUser(srv, 'bureau', 'bureau', 'region:430223');
  addUser(srv, 'lead', 'station_lead', 'stations:2');
  auth.bureau = await session(srv.base, 'bureau');
  auth.lead = await session(srv.base, 'lead');
  const call = (m, p, b) => api(srv.base, m, p, b, {}, auth.lead);
  // This month at station 2: two visits to one client and a case at
  // intake whose assessment is overdue (opened 1 June, 7 days).
  const c = await call('POST', '/api/v1/clients', {
    station_id: 2, name: '看板老人', id_number: idn('43022319450202002'),
    categories: [{ code: 'tekun', started_on: '2020-01-01' }] });
  assert.equal(c.status, 201, c.text);
  for (const day of ['2026-06-03', '2026-06-10']) {
    const s = await call('POST', '/api/v1/services', {
      station_id: 2, type: 'home_visit', clients: [c.body.id], started_at: `${day}T09:00`, ended_at: `${day}T09:30`,
      area: 'elderly_care', content: '探访', visit: { purpose: 'elderly_check', met: '本人' } });
    assert.equal(s.status, 201, s.text);
  }
  const k = await call('POST', '/api/v1/cases', { client_id: c.body.id, source: 'visit', problem: '独居', opened_on: '2026-06-01' });
  assert.equal(k.status, 201, k.text);
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, 'server exit: ' + (r?.stderr || '').slice(-2000));
});

const num = async (loc) => Number((await loc.innerText()).replace(/[^\d]/g, ''));

test('the bureau lands on its county dashboard; figures lead to the staff and case lists', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'bureau', TEST_PASSWORD2);
  const board = page.locator('[data-test=region-dashboard]');
  await board.waitFor();
  assert.match(await page.locator('[data-test=dashboard] .title').innerText(), /攸县 2026年数据看板/);
  const api1 = await api(srv.base, 'GET', '/api/v1/dashboard?region=430223&year=2026', undefined, {}, auth.bureau);
  assert.equal(api1.status, 200, api1.text);

  // The services of the year, as the statistics count them.
  const records = await num(page.locator('[data-test=dash-records] .stat-value'));
  assert.equal(records, api1.body.services.total.records);
  // Charts are drawn (a canvas each), and Chinese renders.
  assert.ok(await page.locator('[data-test=region-dashboard] canvas').count() >= 2);
  await page.waitForTimeout(300);
  await shot(page, 'dashboard-bureau');

  // 持证: the assistant social workers in post — the staff list says how many.
  const assistants = await num(page.locator('[data-test=dash-cert-assistant] .mini-n'));
  assert.equal(assistants, api1.body.staff.certificate.assistant);
  assert.ok(assistants > 0, 'the demo county has assistant social workers');
  await page.locator('[data-test=dash-cert-assistant]').click();
  await page.waitForURL((url) => url.pathname === '/staff' && url.searchParams.get('certificate') === 'assistant');
  await page.locator('[data-test=staff-total]').waitFor();
  await page.waitForFunction((n) => document.querySelector('[data-test=staff-total]')?.textContent?.includes(`共 ${n} 条`), assistants);

  // The case at intake: its column of the case board, marked.
  await page.goBack();
  await board.waitFor();
  const intake = page.locator('[data-test=dash-stage-intake]');
  assert.equal(await num(intake.locator('.f-n')), 1);
  await intake.click();
  await page.waitForURL((url) => url.pathname === '/cases' && url.searchParams.get('stage') === 'intake');
  const col = page.locator('[data-test=case-column][data-stage=intake]');
  await col.waitFor();
  assert.match(await col.getAttribute('class'), /focused/);
  await page.waitForFunction(() => document.querySelector('[data-test=case-column][data-stage=intake] [data-test=case-column-count]')?.textContent?.trim() === '1');

  // Violations: the compliance page counts the same.
  await page.goBack();
  await board.waitFor();
  const card = page.locator('[data-test=dash-violations] .stat-value');
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-test=dash-violations] .stat-value')?.textContent || ''));
  const violations = await num(card);
  assert.ok(violations > 0, 'the demo county has violations');
  // Red, as violations are on the compliance page; orange is a warning's.
  assert.equal(await card.evaluate((e) => getComputedStyle(e).color), 'rgb(245, 108, 108)');
  await page.locator('[data-test=dash-violations]').click();
  // The county's findings alone (the bureau's range might be wider), and the page says so.
  await page.waitForURL((url) => url.pathname === '/compliance' && url.searchParams.get('severity') === 'violation' &&
    url.searchParams.get('region') === '430223');
  await page.locator('[data-test=finding]').first().waitFor();
  assert.equal(await num(page.locator('[data-test=count-violation] .sev-num')), violations);
  assert.equal((await page.locator('[data-test=filter-region]').innerText()).trim(), '攸县');
  await shot(page, 'compliance-county-from-dashboard');
  expectClean(page);
  await page.context().close();
});

test('a station lead lands on the station month; services and overdue tasks lead to their lists', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'lead', TEST_PASSWORD2);
  const board = page.locator('[data-test=station-dashboard]');
  await board.waitFor();
  assert.match(await page.locator('[data-test=dashboard] .title').innerText(), /2026-06 月度看板/);
  await page.waitForTimeout(300);
  await shot(page, 'dashboard-station');

  // Two visits this month: the figure, then the services list filtered
  // by station, type and month shows the same two.
  const visits = page.locator('[data-test="dash-type-home_visit-records"]');
  await visits.waitFor();
  assert.equal(await num(visits), 2);
  await visits.click();
  await page.waitForURL((url) => url.pathname === '/services' && url.searchParams.get('type') === 'home_visit');
  const u = new URL(page.url());
  assert.equal(u.searchParams.get('station_id'), '2');
  assert.equal(u.searchParams.get('type'), 'home_visit');
  assert.equal(u.searchParams.get('from'), '2026-06-01');
  assert.equal(u.searchParams.get('to'), '2026-06-30');
  await page.waitForFunction(() => document.querySelector('[data-test=service-total]')?.textContent?.includes('共 2 条'));

  // Overdue tasks: the station's overdue tab counts the same.
  await page.goBack();
  await board.waitFor();
  const overdue = await num(page.locator('[data-test=dash-tasks-overdue] .stat-value'));
  assert.ok(overdue >= 1, 'the case at intake is overdue for assessment');
  await page.locator('[data-test=dash-tasks-overdue]').click();
  // (The task page rewrites its query in its own order.)
  await page.waitForURL((url) => url.pathname === '/tasks' && url.searchParams.get('station_id') === '2' &&
    url.searchParams.get('due') === 'overdue');
  await page.waitForFunction((n) => document.querySelector('[data-test=task-tab-overdue] .tab-count')?.textContent?.trim() === String(n), overdue);
  expectClean(page);
  await page.context().close();
});

test('on a phone the county board fits the screen', async () => {
  const page = await open(browser, srv.base, PHONE);
  await loginAs(page, 'bureau', TEST_PASSWORD2);
  await page.locator('[data-test=region-dashboard]').waitFor();
  await page.locator('[data-test=dash-cert-assistant] .mini-n').waitFor();
  await page.waitForTimeout(400);
  await expectNoOverflow(page, 'dashboard-region-phone');
  await shot(page, 'dashboard-region-phone');
  expectClean(page);
  await page.context().close();
});

test('on a phone, and in English: the station board fits the screen', async () => {
  const page = await open(browser, srv.base, PHONE);
  await loginAs(page, 'lead', TEST_PASSWORD2);
  await page.locator('[data-test=station-dashboard]').waitFor();
  await page.locator('[data-test="dash-type-home_visit-records"]').waitFor();
  await expectNoOverflow(page, 'dashboard-phone');
  await shot(page, 'dashboard-station-phone');
  await page.goto('/login');
  await page.locator('[data-test=locale-switch]').click();
  await page.locator('.el-dropdown-menu__item').filter({ hasText: 'English' }).filter({ visible: true }).click();
  await page.goto('/dashboard');
  await page.locator('[data-test=station-dashboard]').waitFor();
  await page.getByText('Station tasks overdue').first().waitFor();
  await page.getByText('Service records by type').first().waitFor();
  await expectNoOverflow(page, 'dashboard-phone-en');
  await shot(page, 'dashboard-station-phone-en');
  expectClean(page);
  await page.context().close();
});

test('the county\'s own overdue reports head its reminders, above its stations\' dozens of briefs', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'bureau', TEST_PASSWORD2);
  const card = page.locator('[data-test=region-dashboard] [data-test=dash-reports]');
  await card.locator('[data-test=dash-reports-mine]').waitFor();
  assert.equal(await card.locator('[data-test=dash-reports-mine]').innerText(), '待我编写');
  assert.equal(await card.locator('[data-test=dash-reports-rest]').innerText(), '其他待交报告');
  // Hers: the county's quarterly report, each with 去填写, before any
  // station's brief, though the briefs come first among the findings.
  const mine = await card.locator('[data-test=dash-reports-list-mine] li').allInnerTexts();
  assert.ok(mine.length >= 3, mine.join('\n'));
  assert.ok(mine.every((x) => /攸县/.test(x) && /去填写/.test(x)), mine.join('\n'));
  assert.ok(mine.some((x) => /季度项目实施情况报告\(2026年第1季度\)/.test(x)), mine.join('\n'));
  const rest = await card.locator('[data-test=dash-reports-list-rest] li').allInnerTexts();
  assert.equal(mine.length + rest.length, 10);
  assert.ok(rest.every((x) => /月度工作简报/.test(x) && !/去填写/.test(x)), rest.join('\n'));
  await shot(page, 'dashboard-reports-mine');
  expectClean(page);
  await page.context().close();
});

test('an organisation\'s board reminds it of its own reports, which belong to no station', async () => {
  const bureau = (m, p, b) => api(srv.base, m, p, b, {}, auth.bureau);
  const org = await bureau('POST', '/api/v1/organisations', { name: '攸县看板社会工作服务中心', credit_code: '91330100799655058B' });
  assert.equal(org.status, 201, org.text);
  const k = await bureau('POST', '/api/v1/contracts', {
    code: 'YX-BOARD', title: '看板协议', organisation_id: org.body.id, procurement: 'open_tender', cycle_years: 3, cycle_year: 1,
    amount_fen: 12000000, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-01', ends_on: '2026-12-31',
    stations: [{ station_id: 2, amount_fen: 12000000 }] });
  assert.equal(k.status, 201, k.text);
  const r = sgz(['user', 'add', 'orgboard', '--roles', 'org_admin', '--org', String(org.body.id), '--password-stdin'], srv.env,
    'Init-Passw0rd\n');
  assert.equal(r.status, 0, r.stderr);
  await session(srv.base, 'orgboard');
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'orgboard', TEST_PASSWORD2);
  await page.goto('/dashboard');
  // May's organisation brief was due on 10 June (the clock is 15 June).
  await page.locator('[data-test=dash-reports]').getByText(/承接机构月度工作简报\(2026年5月\)/).first().waitFor();
  expectClean(page);
  await page.context().close();
});

test("a county's supervisor lands on her county, not on the county guidance centre's station board", async () => {
  addUser(srv, 'countysup', 'supervisor', 'region:430223');
  await session(srv.base, 'countysup');
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'countysup', TEST_PASSWORD2);
  // The home page's board.
  await page.locator('[data-test=region-dashboard]').waitFor();
  assert.match(await page.locator('[data-test=dashboard] .title').innerText(), /攸县 2026年数据看板/);
  assert.equal(await page.locator('[data-test=station-dashboard]').count(), 0);
  // 数据看板 itself, and its station view still there to pick.
  await page.goto('/dashboard');
  await page.locator('[data-test=region-dashboard]').waitFor();
  assert.match(await page.locator('[data-test=dashboard] .title').innerText(), /攸县 2026年数据看板/);
  await page.locator('[data-test=dash-mode]').getByText('站点', { exact: true }).first().click();
  await page.locator('[data-test=station-dashboard]').waitFor();
  await page.locator('[data-test=dash-mode]').getByText('县域', { exact: true }).first().click();
  await page.locator('[data-test=region-dashboard]').waitFor();
  await shot(page, 'dashboard-county-supervisor');
  expectClean(page);
  await page.context().close();
});

test('the county board switched to English mid-page reads its months and figures in English', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'bureau', TEST_PASSWORD2);
  const months = page.locator('[data-test=dash-month] .el-table__body tr td:first-child');
  await page.locator('[data-test=region-dashboard]').waitFor();
  await months.first().waitFor();
  assert.equal((await months.first().innerText()).trim(), '2026年1月');
  await page.locator('[data-test=locale-switch]').click();
  await page.locator('.el-dropdown-menu__item').filter({ hasText: 'English' }).filter({ visible: true }).click();
  // The board asks again in English: no reload needed.
  await page.waitForFunction(() => document.querySelector('[data-test=dash-month] .el-table__body tr td')?.textContent.trim() === 'Jan 2026');
  const heads = await page.locator('[data-test=dash-month] .el-table__header th').allInnerTexts();
  assert.ok(heads.length > 1 && heads.every((h) => !/[\u4e00-\u9fff]/.test(h)), heads.join('|'));
  await shot(page, 'dashboard-bureau-en');
  expectClean(page);
  await page.context().close();
});

test("a city's bureau officer gets a county's board of her city, never the county centre's empty station board", async () => {
  // Range 4302 (株洲市): the dashboard API takes a county or a township,
  // so she picks one of her city's counties, the first by default.
  addUser(srv, 'citybur', 'bureau', 'region:4302');
  await session(srv.base, 'citybur');
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'citybur', TEST_PASSWORD2);
  // Her office is the city's, not a county's bureau.
  await page.locator('[data-test=welcome]').waitFor();
  const sub = await page.locator('[data-test=welcome] .welcome-sub').innerText();
  assert.match(sub, /市\(州\)民政局/);
  assert.doesNotMatch(sub, /县\(区\)/);
  // The home page's board.
  await page.locator('[data-test=region-dashboard]').waitFor();
  assert.match(await page.locator('[data-test=dashboard] .title').innerText(), /攸县 2026年数据看板/);
  assert.equal(await page.locator('[data-test=station-dashboard]').count(), 0);
  await page.goto('/dashboard');
  await page.locator('[data-test=region-dashboard]').waitFor();
  assert.match(await page.locator('[data-test=dashboard] .title').innerText(), /攸县 2026年数据看板/);
  // The toggle names her range's level; the county is hers to pick.
  assert.match(await page.locator('[data-test=dash-mode]').innerText(), /市域\s*站点/);
  assert.equal((await page.locator('[data-test=dash-county]').innerText()).trim(), '攸县');
  await shot(page, 'dashboard-city');
  expectClean(page);
  await page.context().close();
});

test("a township officer's toggle names her township's level, in Chinese and in English", async () => {
  addUser(srv, 'towndash', 'township_officer', 'region:430223001');
  await session(srv.base, 'towndash');
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'towndash', TEST_PASSWORD2);
  // 工作台 first: the same board, the same name.
  await page.locator('[data-test=region-dashboard]').waitFor();
  assert.match(await page.locator('[data-test=dash-mode]').innerText(), /乡镇\(街道\)\s*站点/);
  await page.goto('/dashboard');
  await page.locator('[data-test=region-dashboard]').waitFor();
  assert.match(await page.locator('[data-test=dashboard] .title').innerText(), /2026年数据看板/);
  assert.match(await page.locator('[data-test=dash-mode]').innerText(), /乡镇\(街道\)\s*站点/);
  assert.doesNotMatch(await page.locator('[data-test=dash-mode]').innerText(), /县域/);
  await page.locator('[data-test=locale-switch]').click();
  await page.locator('.el-dropdown-menu__item').filter({ hasText: 'English' }).filter({ visible: true }).click();
  await page.locator('[data-test=dash-mode]', { hasText: 'Township' }).waitFor();
  assert.doesNotMatch(await page.locator('[data-test=dash-mode]').innerText(), /County/);
  await shot(page, 'dashboard-township-en');
  expectClean(page);
  await page.context().close();
});
