// 合规检查 and 政策配置: a bureau officer opens the compliance page from the
// menu, follows a station's finding to the station, narrows the list to
// one station and exports it; reads the active profile; on a phone too. A
// social worker has neither page's compliance entry; the sysadmin is told
// how to change the profile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, addUser, session, TEST_PASSWORD2 } from '../api/lib.mjs';
import { launch, open, shot, expectClean, expectNoOverflow, loginAs, openFromMenu, DESKTOP, PHONE } from './lib.mjs';

let srv;
let browser;

before(async () => {
  [srv, browser] = await Promise.all([startServer({ anonymous: true }), launch()]);
  addUser(srv, 'bureau', 'bureau', 'all');
  addUser(srv, 'admin2', 'sysadmin', 'all');
  addUser(srv, 'worker', 'social_worker', 'stations:2');
  await Promise.all([session(srv.base, 'bureau'), session(srv.base, 'admin2'), session(srv.base, 'worker')]);
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, 'server exit: ' + (r?.stderr || '').slice(-2000));
});

const count = async (page, sev) => Number((await page.locator(`[data-test=count-${sev}] .sev-num`).innerText()).trim());

test('a bureau officer follows a station finding to its station, filters by station and exports', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'bureau', TEST_PASSWORD2);
  await page.locator('[data-test=side-menu]').getByText('合规检查').click();
  await page.waitForURL(/\/compliance/);
  await page.locator('[data-test=finding]').first().waitFor();
  // The demo's stations have no facilities recorded: violations.
  assert.ok((await count(page, 'violation')) > 0);
  assert.equal(await page.locator('[data-test=group-violation] .sev-head').innerText(), '违规');
  const rule = page.locator('[data-test="rule-station.facilities"]');
  assert.match(await rule.locator('.rule-label').innerText(), /\S/);
  assert.match(await rule.locator('.clause').first().innerText(), /政策条款：设施标准（facilities\./);
  assert.equal(await page.locator('[data-test=rules-off-none]').count() + await page.locator('[data-test=rules-off] li').count() > 0, true);
  await expectNoOverflow(page, 'compliance-desktop');
  await shot(page, 'compliance-bureau-desktop');

  // A station finding links to the station's page.
  const link = rule.locator('[data-test=finding-link]').first();
  const name = (await link.innerText()).trim();
  assert.match(name, /社会工作服务(站|指导中心)$/);
  await link.click();
  await page.waitForURL(/\/stations\/\d+$/);
  const stationId = Number(/\/stations\/(\d+)$/.exec(page.url())[1]);
  assert.equal((await page.locator('[data-test=station-name]').innerText()).trim(), name);

  // The station's page leads back, narrowed to that station: every
  // finding is about it, and the cards count only its findings.
  await page.locator('[data-test=station-compliance]').click();
  await page.waitForURL(new RegExp(`/compliance\\?station_id=${stationId}$`));
  await page.locator('[data-test=finding]').first().waitFor();
  const names = await page.locator('[data-test=finding] [data-test=finding-link]').allInnerTexts();
  assert.ok(names.length > 0 && names.every((n) => n.trim() === name), names.join(','));
  const total = (await count(page, 'violation')) + (await count(page, 'warning')) + (await count(page, 'info'));
  // One row per record, with all its findings under it.
  const rows = await page.locator('[data-test=finding]').evaluateAll((els) => els.map((e) => Number(e.dataset.count)));
  assert.equal(rows.length, await page.locator('.rule-group').count(), 'one station: one row per rule');
  assert.equal(total, rows.reduce((a, b) => a + b, 0));
  // The facilities rule's row sums up its items (the station also has
  // overdue monthly briefs, issue 8, in rows of their own).
  const fac = page.locator('[data-test="rule-station.facilities"] [data-test=finding]');
  const facCount = Number(await fac.getAttribute('data-count'));
  assert.match(await fac.locator('.msg').innerText(), new RegExp(`^缺少必备条件：\\(共 ${facCount} 项\\)$`));

  // The export: a UTF-8 CSV with a byte-order mark, one line per finding.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=compliance-export]').click()]);
  assert.match(dl.suggestedFilename(), /^合规检查-.+-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync(await dl.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
  assert.match(lines[0], /^严重程度,规则,规则代码,政策条款,对象类型,对象编号,对象,说明$/);
  assert.equal(lines.length - 1, total);
  assert.ok(lines.slice(1).every((l) => l.includes(name)));
  // A clause that is a profile key reads in words, the key kept.
  assert.ok(lines.slice(1).some((l) => /,[^,]+（facilities\.[a-z0-9_]+）,/.test(l)), lines.slice(1, 3).join('\n'));
  assert.ok(!lines.slice(1).some((l) => /,facilities\.[a-z0-9_]+,/.test(l)), lines.slice(1, 3).join('\n'));

  // The severity card filters.
  await page.goto('/compliance');
  await page.locator('[data-test=finding]').first().waitFor();
  await page.locator('[data-test=count-warning]').click();
  await page.waitForURL(/severity=warning/);
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('[data-test=group-violation]').count(), 0);
  expectClean(page);
  await page.context().close();
});

test('a bureau officer reads the policy profile; the sysadmin is told how to change it', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'bureau', TEST_PASSWORD2);
  await openFromMenu(page, '系统管理', '政策配置');
  await page.waitForURL(/\/system\/profile/);
  await page.locator('[data-test=profile-head]').waitFor();
  assert.match(await page.locator('[data-test=profile-head] h2').innerText(), /攸县/);
  assert.match(await page.locator('[data-test=profile-jurisdiction]').innerText(), /攸县民政局[\s\S]*|430223/);
  assert.match(await page.locator('[data-test=profile-station-types]').innerText(), /\{county\}\{township\}社会工作服务站/);
  assert.match(await page.locator('[data-test=profile-facilities]').innerText(), /单独的办公用房/);
  assert.match(await page.locator('[data-test=profile-casework]').innerText(), /接案至预估\(天\)[\s\S]*7/);
  assert.match(await page.locator('[data-test=profile-visit-schedules]').innerText(), /每 30 天至少一次/);
  assert.equal(await page.locator('[data-test=profile-change-note]').count(), 0, 'only the sysadmin sees how to change it');
  await expectNoOverflow(page, 'profile-desktop');
  await shot(page, 'profile-bureau-desktop');
  expectClean(page);
  await page.context().close();

  const admin = await open(browser, srv.base, DESKTOP);
  await loginAs(admin, 'admin2', TEST_PASSWORD2);
  await admin.goto('/system/profile');
  await admin.locator('[data-test=profile-change-note]').waitFor();
  assert.match(await admin.locator('[data-test=profile-change-note]').innerText(), /sgz profile import FILE/);
  expectClean(admin);
  await admin.context().close();
});

test('both pages on a phone; a social worker has no compliance entry', async () => {
  const page = await open(browser, srv.base, PHONE);
  await loginAs(page, 'bureau', TEST_PASSWORD2);
  await page.goto('/compliance');
  await page.locator('[data-test=finding]').first().waitFor();
  await expectNoOverflow(page, 'compliance-phone');
  await shot(page, 'compliance-bureau-phone');
  await page.goto('/system/profile');
  await page.locator('[data-test=profile-facilities]').waitFor();
  await expectNoOverflow(page, 'profile-phone');
  await shot(page, 'profile-bureau-phone');
  expectClean(page);
  await page.context().close();

  const w = await open(browser, srv.base, DESKTOP);
  await loginAs(w, 'worker', TEST_PASSWORD2);
  assert.equal(await w.locator('[data-test=side-menu]').getByText('合规检查').count(), 0);
  await w.goto('/compliance');
  await w.waitForURL((u) => u.pathname === '/');
  expectClean(w);
  await w.context().close();
});

test('clauses the page does not know are shown as they come; off rules and every kind of record', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'bureau', TEST_PASSWORD2);
  // Keys other capabilities add to the profile appear without a change
  // to the page: known ones with their Chinese label, others by name.
  await page.route((u) => u.pathname === '/api/v1/profile', async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    json.staffing = { max_age: 40, min_education: 'college', one_station: true, workers_per_station: [{ station_type: 'township_station', min: 2, max: 3 }] };
    json.payments = [{ percent: 50, trigger: 'effective', deadline_days: 15 }, { percent: 50, trigger: 'final_passed', deadline_days: 15 }];
    json.zz_future_clause = { some_number: 3, tags: ['a', 'b'] };
    await route.fulfill({ response: res, json });
  });
  await page.goto('/system/profile');
  const staffing = page.locator('[data-test=profile-other-staffing]');
  await staffing.waitFor();
  const st = await staffing.innerText();
  assert.match(st, /人员配备/);
  assert.match(st, /年龄上限\(含\)\s*max_age\s*40/);
  assert.match(st, /专职专岗\(一人一站\)[\s\S]*是/);
  assert.match(st, /每站社工人数[\s\S]*站点类型[\s\S]*乡镇\(街道\)社会工作服务站\s*township_station/);
  assert.match(await page.locator('[data-test=profile-other-payments]').innerText(), /触发条件[\s\S]*final_passed/);
  const future = await page.locator('[data-test=profile-other-zz_future_clause]').innerText();
  assert.match(future, /zz_future_clause[\s\S]*some_number\s*3/);
  assert.match(await page.locator('.toc').innerText(), /人员配备[\s\S]*拨付[\s\S]*zz_future_clause/);
  await expectNoOverflow(page, 'profile-extra');
  await shot(page, 'profile-extra-keys-desktop');

  const finding = (entity, entity_id, entity_name, extra = {}) => ({ severity: 'violation', rule: 'x.rule', clause: 'x.clause', entity, entity_id, entity_name, message: '问题', station_id: null, contract_id: null, ...extra });
  await page.route((u) => u.pathname === '/api/v1/compliance', (route) => route.fulfill({
    json: {
      rules: [
        { code: 'x.rule', label: '示例规则', enabled: true, off_reason: '', findings: 5 },
        { code: 'money.share', label: '社会救助资金比例', enabled: false, off_reason: '政策配置没有 funding.social_assistance', findings: 0 },
      ],
      items: [
        finding('payment', 7, '第1期拨付'),
        finding('payment', 8, '第2期拨付', { contract_id: 3 }),
        finding('calendar_year', 2027, '2027'),
        finding('organisation', 1, '某社工机构'),
        finding('widget', 9, '未知对象'),
        // The money rules' records: a county's year of budget, a line.
        finding('budget_year', 2026, '2026年困难群众救助资金'),
        finding('budget_line', 4, '社工站运营经费', { clause: 'reports.self_evaluation：县(市、区)民政部门开展自评、staffing.max_age' }),
      ],
      total: 7, counts: { violation: 7, warning: 0, info: 0 }, profile: 'youxian', page: 1, limit: 200,
    },
  }));
  await page.goto('/compliance');
  await page.locator('[data-test=finding]').first().waitFor();
  const rows = page.locator('[data-test=finding]');
  assert.equal(await rows.count(), 7);
  // A payment without its contract is text; with it, a link to the
  // contract's payment schedule.
  assert.equal(await rows.nth(0).locator('[data-test=finding-link]').count(), 0);
  assert.equal(await rows.nth(0).locator('[data-test=finding-name]').innerText(), '第1期拨付');
  const pay = rows.nth(1).locator('[data-test=finding-link]');
  assert.equal(await pay.getAttribute('href'), '/contracts/3/payments', 'a payment opens its contract\'s schedule');
  assert.equal(await rows.nth(2).locator('[data-test=finding-link]').getAttribute('href'), '/system/calendar?year=2027');
  assert.match(await rows.nth(3).locator('[data-test=finding-link]').getAttribute('href'), /^\/organisations(\/1)?$/);
  assert.equal(await rows.nth(4).locator('[data-test=finding-link]').count(), 0);
  assert.match(await rows.nth(4).innerText(), /widget[\s\S]*未知对象/);
  // A kind is said in words, never as its code.
  assert.equal(await rows.nth(5).locator('.ent-tag').innerText(), '预算年度');
  assert.equal(await rows.nth(6).locator('.ent-tag').innerText(), '预算科目');
  // Keys are listed in the reader's language; the plan's words after one
  // are quoted as they are.
  const clause = rows.nth(6).locator('[data-test=finding-clause]');
  assert.match(await clause.innerText(), /reports\.self_evaluation.?：县\(市、区\)民政部门开展自评、.*staffing\.max_age/);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=compliance-export]').click()]);
  const csv = readFileSync(await dl.path(), 'utf8');
  assert.match(csv, /,预算年度,2026,2026年困难群众救助资金,/);
  assert.doesNotMatch(csv, /,budget_year,|,budget_line,/);
  const off = await page.locator('[data-test=rules-off]').innerText();
  assert.match(off, /社会救助资金比例[\s\S]*money\.share[\s\S]*政策配置没有 funding\.social_assistance/);
  await shot(page, 'compliance-kinds-desktop');
  // English is the second language.
  await page.evaluate(() => localStorage.setItem('sgz.locale', 'en'));
  await page.reload();
  await page.locator('[data-test=finding]').first().waitFor();
  assert.match(await page.locator('[data-test=count-violation]').innerText(), /Violations\s*7/);
  assert.equal(await page.locator('[data-test=finding]').nth(5).locator('.ent-tag').innerText(), 'Budget year');
  assert.match(await clause.innerText(), /reports\.self_evaluation.?: 县\(市、区\)民政部门开展自评, .*staffing\.max_age/);
  assert.match(await page.locator('[data-test=rules-off]').innerText(), /money\.share/);
  await page.goto('/system/profile');
  assert.match(await page.locator('[data-test=profile-other-staffing]').innerText(), /Staffing[\s\S]*Oldest age \(inclusive\)/);
  await shot(page, 'profile-en-desktop');
  expectClean(page);
  await page.context().close();
});
