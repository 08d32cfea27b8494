// 社工 in the browser: the bureau registers a worker, assigns her to a
// station, is refused a second station at once (专职专岗, naming the
// first), records a training; the staff list opens on a phone. Clock:
// 2026-06-15; demo county 攸县.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, session, api, login, sgz, TEST_PASSWORD, TEST_PASSWORD2 } from '../api/lib.mjs';
import { launch, open, shot, expectClean, expectNoOverflow, loginAs, openFromMenu, choose, selectsFolded, DESKTOP, PHONE } from './lib.mjs';

let srv;
let browser;
const inp = (scope, name) => scope.locator(`input[data-test=${name}], [data-test=${name}] input`).first();
async function typeDate(input, day) {
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

before(async () => {
  // The realistic county: its organisation and workers (demo_staff.c).
  [srv, browser] = await Promise.all([startServer({ anonymous: true, full: true }), launch()]);
  addUser(srv, 'chief', 'bureau', 'all');
  await session(srv.base, 'chief');
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, 'server exit: ' + (r?.stderr || '').slice(-2000));
});

test('the bureau registers a worker, assigns her, and is refused a second station at once', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  await page.goto('/staff');
  await page.locator('[data-test=staff-table]').waitFor();
  // The roster holds the rows on screen: a search typed and not run
  // is not in it; once run, it is.
  const roster = page.locator('[data-test=staff-roster]');
  const search = inp(page, 'staff-search');
  await search.fill('欧阳');
  assert.ok(!(await roster.getAttribute('href')).includes('q='), await roster.getAttribute('href'));
  await search.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-test=staff-roster]').getAttribute('href').includes('q='));
  await search.fill('');
  await search.press('Enter');
  await page.waitForFunction(() => !document.querySelector('[data-test=staff-roster]').getAttribute('href').includes('q='));
  await page.locator('[data-test=staff-create]').click();
  const d = page.locator('[data-test=staff-dialog]');
  await inp(d, 'staff-name').fill('欧阳晓梅');
  await typeDate(inp(d, 'staff-birth'), '1996-05-01');
  await typeDate(inp(d, 'staff-hired'), '2025-03-01');
  await d.locator('[data-test=staff-org]').click();
  await choose(page, '攸县社会工作服务中心');
  await d.locator('[data-test=staff-wage] input').fill('2600');
  await d.locator('[data-test=staff-save]').click();
  await page.waitForURL(/\/staff\/\d+$/);
  await page.getByText('欧阳晓梅').first().waitFor();

  await page.locator('[data-test=staff-assign]').click();
  const a = page.locator('.el-dialog').filter({ hasText: '派驻站点' }).last();
  await a.locator('[data-test=assign-station]').click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').nth(2).click();
  await selectsFolded(page);
  await typeDate(inp(a, 'assign-from'), '2026-06-01');
  await a.locator('[data-test=assign-save]').click();
  await a.waitFor({ state: 'hidden' });
  await page.getByText('当前').first().waitFor();
  const first = await page.locator('[data-test=assignment-table] tbody tr').first().innerText();

  await page.locator('[data-test=staff-assign]').click();
  await a.locator('[data-test=assign-station]').click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').nth(3).click();
  await selectsFolded(page);
  await typeDate(inp(a, 'assign-from'), '2026-06-10');
  await a.locator('[data-test=assign-save]').click();
  // The 409 names the station field: said under it, not in a passing message.
  const msg = a.locator('.el-form-item').filter({ has: page.locator('[data-test=assign-station]') }).locator('.el-form-item__error');
  await msg.waitFor();
  const text = await msg.innerText();
  assert.match(text, /专职专岗/);
  assert.ok(text.includes(first.split('\n')[0].trim()), `${text} names ${first}`);
  assert.equal(await page.locator('.el-message--error').count(), 0, 'no toast for a refusal under its field');
  await shot(page, 'staff-one-station');
  await a.locator('.el-dialog__footer .el-button').first().click();
  await a.waitFor({ state: 'hidden' });

  // Training hours out of range or off the half hour are said, not changed.
  await page.locator('[data-test=staff-training]').click();
  const tr = page.locator('[data-test=training-dialog]');
  await tr.waitFor();
  await typeDate(tr.locator('.el-date-editor input').first(), '2026-06-10');
  await tr.locator('[data-test=training-title]').fill('儿童保护专题培训');
  const hours = tr.locator('[data-test=training-hours] input');
  const hoursError = tr.locator('.el-form-item').filter({ has: page.locator('[data-test=training-hours]') }).locator('.el-form-item__error');
  await hours.fill('9999');
  await hours.blur();
  await tr.locator('[data-test=training-save]').click();
  await hoursError.filter({ hasText: '须在 0.5 至 500 之间' }).waitFor();
  assert.equal(await hours.inputValue(), '9999');
  await hours.fill('1.2');
  await hours.blur();
  await tr.locator('[data-test=training-save]').click();
  await hoursError.filter({ hasText: '须为 0.5 的整数倍' }).waitFor();
  assert.equal(await hours.inputValue(), '1.2');
  await shot(page, 'staff-training-hours');
  await hours.fill('1.5');
  await hours.blur();
  await tr.locator('[data-test=training-save]').dblclick();
  await tr.waitFor({ state: 'hidden' });
  await page.waitForTimeout(500);
  const id = page.url().match(/\/staff\/(\d+)/)[1];
  const trainings = await page.evaluate(async (u) => (await (await fetch(u)).json()).items, `/api/v1/staff/${id}/trainings`);
  assert.equal(trainings.filter((x) => x.title === '儿童保护专题培训').length, 1, 'one training for a double click');
  // Corrected in the same form, then removed (its author, the same day).
  const tid = trainings.find((x) => x.title === '儿童保护专题培训').id;
  await page.locator(`[data-test=training-edit-${tid}]`).click();
  await tr.waitFor();
  assert.equal(await tr.locator('[data-test=training-title]').inputValue(), '儿童保护专题培训');
  await tr.locator('[data-test=training-title]').fill('儿童保护专题培训（二）');
  await tr.locator('[data-test=training-save]').click();
  await tr.waitFor({ state: 'hidden' });
  const row = page.locator('.el-table__row').filter({ hasText: '儿童保护专题培训（二）' });
  await row.first().waitFor();
  await page.locator(`[data-test=training-delete-${tid}]`).click();
  await page.locator('.el-message-box .el-button--primary').click();
  await row.first().waitFor({ state: 'detached' });
  const left = await page.evaluate(async (u) => (await (await fetch(u)).json()).items, `/api/v1/staff/${id}/trainings`);
  assert.equal(left.filter((x) => x.id === tid).length, 0, 'removed');
  expectClean(page);
  await page.context().close();
});

test('a supervision record is found by station and dates, corrected in its form, and removed by its author', async () => {
  const l = await login(srv.base, 'chief', TEST_PASSWORD2);
  const auth = { cookie: l.cookie, csrf: l.csrf };
  const sups = (await api(srv.base, 'GET', '/api/v1/staff?role=supervisor&status=active&limit=50', undefined, {}, auth)).body.items;
  const sup = sups.find((x) => x.station);
  assert.ok(sup, 'the demo county has a supervisor at a station');
  const made = await api(srv.base, 'POST', '/api/v1/supervision_sessions',
    { held_on: '2026-06-12', supervisor_id: sup.id, station_id: sup.station.id, topic: '困境儿童个案督导', content: '讨论服务计划' }, {}, auth);
  assert.equal(made.status, 201, made.text);
  const other = await api(srv.base, 'POST', '/api/v1/supervision_sessions',
    { held_on: '2026-06-01', supervisor_id: sup.id, station_id: sup.station.id, topic: '月度小组督导', content: '小组进展' }, {}, auth);
  assert.equal(other.status, 201, other.text);
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  // The answer to the station alone comes after the one to the station
  // and the dates: the list shows the last question's, not the last answer.
  const listed = /\/api\/v1\/supervision_sessions\?/;
  // Held until the dates' answer is in, not for a time a slow machine
  // could outrun (10 s at most, so that a failure is a failure).
  let release;
  const gate = Promise.race([new Promise((res) => { release = res; }), new Promise((res) => setTimeout(res, 10000))]);
  await page.route(listed, async (route) => {
    const url = route.request().url();
    if (url.includes('station_id=') && !url.includes('to=')) await gate;
    await route.continue();
  });
  await page.goto('/supervision-sessions');
  await page.locator('[data-test=sup-filters]').waitFor();
  // The station and the dates narrow the list.
  await page.locator('[data-test=sup-filter-station]').click();
  const late = page.waitForResponse((r) => listed.test(r.url()) && r.url().includes('station_id=') && !r.url().includes('to='));
  await choose(page, sup.station.name);
  const dates = page.locator('[data-test=sup-filters] .el-range-input');
  await dates.nth(0).fill('2026-06-12');
  await dates.nth(1).fill('2026-06-12');
  const dated = page.waitForResponse((r) => listed.test(r.url()) && r.url().includes('to=2026-06-12'));
  await dates.nth(1).press('Enter');
  await dated;
  release();
  await late;
  await page.unroute(listed);
  await page.waitForTimeout(200);
  assert.deepEqual((await page.locator('.el-collapse-item__header').allInnerTexts()).map((x) => x.includes('困境儿童个案督导')), [true],
    'the dates\' answer stays');
  const item = page.locator('.el-collapse-item').filter({ hasText: '困境儿童个案督导' });
  await item.waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.el-collapse-item').length === 1);
  await item.locator('.el-collapse-item__header').click();
  await item.locator(`[data-test=sup-edit-${made.body.id}]`).click();
  const d = page.locator('[data-test=sup-dialog]');
  await d.waitFor();
  assert.match(await d.locator('.el-dialog__title').innerText(), /修改督导记录/);
  const topic = d.locator('.el-form-item').filter({ hasText: '督导主题' }).locator('input');
  assert.equal(await topic.inputValue(), '困境儿童个案督导', 'the saved record fills the form');
  await topic.fill('困境儿童个案督导（更正）');
  await shot(page, 'supervision-edit');
  await d.locator('[data-test=sup-save]').click();
  await d.waitFor({ state: 'hidden' });
  await page.locator('.el-collapse-item').filter({ hasText: '困境儿童个案督导（更正）' }).waitFor();
  const after = (await api(srv.base, 'GET', `/api/v1/supervision_sessions?station_id=${sup.station.id}&from=2026-06-12&to=2026-06-12`, undefined, {}, auth)).body.items;
  assert.equal(after.length, 1);
  assert.equal(after[0].version, 2);
  assert.equal(after[0].content, '讨论服务计划', 'what was not changed stays');
  // Removed, after a confirmation.
  const again = page.locator('.el-collapse-item').filter({ hasText: '（更正）' });
  if (!(await again.locator(`[data-test=sup-delete-${made.body.id}]`).isVisible())) await again.locator('.el-collapse-item__header').click();
  await again.locator(`[data-test=sup-delete-${made.body.id}]`).click();
  await page.locator('.el-message-box').waitFor();
  await shot(page, 'supervision-delete-confirm');
  await page.locator('.el-message-box .el-button--primary').click();
  await page.locator('.el-collapse-item').filter({ hasText: '（更正）' }).waitFor({ state: 'detached' });
  const gone = (await api(srv.base, 'GET', `/api/v1/supervision_sessions?station_id=${sup.station.id}&from=2026-06-12&to=2026-06-12`, undefined, {}, auth)).body.items;
  assert.equal(gone.length, 0);
  expectClean(page);
  await page.context().close();
});

test('the staff list and a worker\'s page open on a phone', async () => {
  const page = await open(browser, srv.base, PHONE);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  await page.goto('/staff');
  await page.locator('[data-test=staff-row]').first().waitFor();
  await expectNoOverflow(page, 'staff phone');
  await page.locator('[data-test=staff-row]').first().click();
  await page.waitForURL(/\/staff\/\d+$/);
  await page.locator('.el-descriptions').first().waitFor();
  await expectNoOverflow(page, 'staff page phone');
  await shot(page, 'staff-phone');
  expectClean(page);
  await page.context().close();
});

test('an organisation registers its own workers: only its own is offered, already chosen', async () => {
  const auth = await session(srv.base, 'chief', TEST_PASSWORD2);
  const own = (await api(srv.base, 'GET', '/api/v1/organisations?limit=50', undefined, {}, auth)).body.items[0];
  const other = await api(srv.base, 'POST', '/api/v1/organisations', { name: '攸县另一家社工机构', credit_code: '91330100799655058B' }, {}, auth);
  assert.equal(other.status, 201, other.text);
  const r = sgz(['user', 'add', 'oadm', '--roles', 'org_admin', '--range', 'self', '--org', String(own.id), '--password-stdin'],
    srv.env, TEST_PASSWORD + '\n');
  assert.equal(r.status, 0, r.stderr);
  await session(srv.base, 'oadm');
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'oadm', TEST_PASSWORD2);
  // Her range is said as her organisation's, not as the range stored.
  await page.getByText(`${own.name}：在履行协议的站点`).first().waitFor();
  await page.goto('/staff');
  await page.locator('[data-test=staff-create]').click();
  const d = page.locator('[data-test=staff-dialog]');
  const org = d.locator('[data-test=staff-org]');
  await page.waitForFunction((name) => document.querySelector('[data-test=staff-dialog] [data-test=staff-org]')?.innerText.includes(name), own.name);
  await org.click();
  const items = page.locator('.el-select__popper:visible .el-select-dropdown__item');
  await items.first().waitFor();
  assert.deepEqual(await items.allInnerTexts(), [own.name], 'another organisation is not offered');
  await page.keyboard.press('Escape');
  // 攸县's plan has no township employing workers, and an organisation
  // never records one: the option that could not be saved is not there.
  assert.equal(await d.getByText('乡镇(街道)聘用').count(), 0);
  expectClean(page);
  await page.context().close();
});

test('a worker\'s page filters her supervision records; she reads her own in 个人中心 on a phone', async () => {
  const l = await login(srv.base, 'chief', TEST_PASSWORD2);
  const auth = { cookie: l.cookie, csrf: l.csrf };
  const sups = (await api(srv.base, 'GET', '/api/v1/staff?role=supervisor&status=active&limit=50', undefined, {}, auth)).body.items;
  const sup = sups.find((x) => x.station);
  const workers = (await api(srv.base, 'GET', '/api/v1/staff?role=resident&status=active&limit=50', undefined, {}, auth)).body.items;
  const w = workers.find((x) => !x.user_id && x.station);
  assert.ok(w, 'a worker at a station without a login');
  for (const [day, topic] of [['2026-05-08', '五月个案督导'], ['2026-06-05', '六月小组督导']]) {
    const r = await api(srv.base, 'POST', '/api/v1/supervision_sessions',
      { held_on: day, supervisor_id: sup.id, station_id: w.station.id, topic, attendees: [w.id] }, {}, auth);
    assert.equal(r.status, 201, r.text);
  }
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  await page.goto(`/staff/${w.id}`);
  const filters = page.locator('[data-test=sup-filters]');
  await filters.waitFor();
  await page.locator('.el-collapse-item').filter({ hasText: '五月个案督导' }).waitFor();
  const dates = filters.locator('.el-range-input');
  await dates.nth(0).fill('2026-06-01');
  await dates.nth(1).fill('2026-06-30');
  await dates.nth(1).press('Enter');
  await page.locator('.el-collapse-item').filter({ hasText: '五月个案督导' }).waitFor({ state: 'detached' });
  assert.ok(await page.locator('.el-collapse-item').filter({ hasText: '六月小组督导' }).isVisible(), 'June\'s stays');
  await filters.scrollIntoViewIfNeeded();
  await shot(page, 'staff-page-supervision-filters');
  expectClean(page);
  await page.context().close();

  // Her login, linked to her record: 个人中心 → 培训与督导, read-only.
  addUser(srv, 'w.self', 'social_worker', `stations:${w.station.id}`);
  const self = await session(srv.base, 'w.self');
  const u = (await api(srv.base, 'GET', '/api/v1/session', undefined, {}, self)).body.user;
  // Linking a login is the sysadmin's.
  addUser(srv, 'sys.e2e', 'sysadmin', 'all');
  const sys = await session(srv.base, 'sys.e2e');
  const cur = (await api(srv.base, 'GET', `/api/v1/staff/${w.id}`, undefined, {}, sys)).body;
  const linked = await api(srv.base, 'PATCH', `/api/v1/staff/${w.id}`, { user_id: u.id, version: cur.version }, {}, sys);
  assert.equal(linked.status, 200, linked.text);
  const phone = await open(browser, srv.base, PHONE);
  await loginAs(phone, 'w.self', TEST_PASSWORD2);
  await phone.goto('/account?tab=records');
  const mine = phone.locator('[data-test=my-records]');
  await mine.locator('.el-collapse-item').filter({ hasText: '六月小组督导' }).waitFor();
  assert.ok(await mine.locator('.el-collapse-item').filter({ hasText: '五月个案督导' }).isVisible());
  assert.equal(await mine.locator('[data-test=supervision-create]').count(), 0, 'nothing to write');
  await expectNoOverflow(phone, 'my records');
  await shot(phone, 'account-my-records-phone');
  expectClean(phone);
  await phone.context().close();
});

// A form in a page's own dialog (not a dialog component): the phone's Back
// asks as the client form does, and 继续填写 keeps what was typed.
test('the phone\'s Back on a half-typed supervision record asks before leaving', async () => {
  const page = await open(browser, srv.base, PHONE);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  await page.goto('/tasks');
  await page.locator('[data-test=menu-toggle]').click();
  await openFromMenu(page.locator('.menu-drawer'), '机构人员', '督导记录');
  await page.waitForFunction(() => location.pathname === '/supervision-sessions');
  await page.locator('[data-test=supervision-create]').click();
  const d = page.locator('[data-test=sup-dialog]');
  const content = d.locator('textarea').first();
  await content.fill('讨论困境儿童的服务计划');
  await page.goBack();
  const box = page.locator('.el-message-box');
  await box.getByText('填写的内容尚未保存，离开后将丢失。确定离开吗？').waitFor();
  await box.getByRole('button', { name: '继续填写' }).click();
  await box.waitFor({ state: 'hidden' });
  assert.equal(new URL(page.url()).pathname, '/supervision-sessions', 'stayed on the records');
  assert.equal(await content.inputValue(), '讨论困境儿童的服务计划', 'what was typed is kept');
  await page.goBack();
  await box.getByRole('button', { name: '离开' }).click();
  await page.waitForFunction(() => location.pathname === '/tasks');
  expectClean(page);
  await page.close();
});

test('a worker outside the plan\'s age is saved, and the form says so at once', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  await page.goto('/staff');
  await page.locator('[data-test=staff-table]').waitFor();
  await page.locator('[data-test=staff-create]').click();
  const d = page.locator('[data-test=staff-dialog]');
  await inp(d, 'staff-name').fill('刘超龄');
  await typeDate(inp(d, 'staff-birth'), '1980-01-01');
  await typeDate(inp(d, 'staff-hired'), '2026-06-01');
  await d.locator('[data-test=staff-org]').click();
  await choose(page, '攸县社会工作服务中心');
  await d.locator('[data-test=staff-wage] input').fill('2600');
  // Below the plan's 大专 too: two warnings, one to a line.
  await d.locator('[data-test=staff-education]').click();
  await choose(page, '高中/中专');
  await d.locator('[data-test=staff-save]').click();
  const box = page.locator('.el-message-box');
  await box.waitFor();
  assert.match(await box.innerText(), /已保存刘超龄，但不符合政策的人员要求[\s\S]*入职时46周岁，超过“40岁以下”的要求/);
  const lines = await box.locator('.warning-list li').allInnerTexts();
  assert.equal(lines.length, 2, lines.join(' | '));
  assert.ok(lines.some((l) => /学历为高中\/中专，要求大专及以上/.test(l)), lines.join(' | '));
  await shot(page, 'staff-rules-warning');
  await box.locator('.el-button--primary').click();
  await page.waitForURL(/\/staff\/\d+$/);
  expectClean(page);
  await page.context().close();
});
