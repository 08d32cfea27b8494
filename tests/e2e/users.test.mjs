// 用户管理: a system administrator creates a user and sees the temporary
// password exactly once; the page works on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, session, login, api, TEST_PASSWORD2 } from '../api/lib.mjs';
import { launch, open, shot, expectClean, expectNoOverflow, expectNoWarnings, loginAs, openFromMenu, DESKTOP, PHONE } from './lib.mjs';

let srv;
let browser;

before(async () => {
  [srv, browser] = await Promise.all([startServer({ anonymous: true }), launch()]);
  addUser(srv, 'sysadm', 'sysadmin', 'all');
  addUser(srv, 'worker', 'social_worker', 'stations:2');
  addUser(srv, 'secadm', 'security_admin', 'all');
  await Promise.all([session(srv.base, 'sysadm'), session(srv.base, 'worker'), session(srv.base, 'secadm')]);
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, 'server exit: ' + (r?.stderr || '').slice(-2000));
});

test('a sysadmin creates a user and is shown the temporary password once', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'sysadm', TEST_PASSWORD2);
  await openFromMenu(page, '系统管理', '用户管理');
  await page.waitForURL(/\/system\/users/);
  await page.locator('[data-test=user-table] .el-table__row').first().waitFor();
  await expectNoOverflow(page, 'users-desktop');
  await shot(page, 'users-desktop');

  const auth = await session(srv.base, 'sysadm', TEST_PASSWORD2);
  const users = async () => (await api(srv.base, 'GET', '/api/v1/users?limit=1', undefined, {}, auth)).body.total;
  const count = await users();
  await page.locator('[data-test=user-create]').click();
  const dialog = page.locator('[data-test=user-dialog]');
  await dialog.waitFor();
  const errorOf = (name) => dialog.locator('.el-form-item')
    .filter({ has: page.locator(`input[name=${name}]`) }).locator('.el-form-item__error');
  // A name left empty is said on leaving it; a role taken away again, at once.
  await dialog.locator('input[name=display_name]').focus();
  await dialog.locator('input[name=phone]').focus();
  await errorOf('display_name').getByText('请输入姓名').waitFor();
  await dialog.locator('[data-test=user-roles]').click();
  const roleItem = page.locator('.el-select-dropdown__item').filter({ hasText: /^站长$/ }).filter({ visible: true });
  await roleItem.click();
  await roleItem.click();
  await page.keyboard.press('Escape');
  await dialog.getByText('请至少选择一个角色').waitFor();
  // A bureau officer is told which range writes the county's own reports.
  assert.equal(await dialog.locator('[data-test=user-bureau-hint]').count(), 0);
  await dialog.locator('[data-test=user-roles]').click();
  const bureauItem = page.locator('.el-select-dropdown__item').filter({ hasText: /^县\(区\)民政局$/ }).filter({ visible: true });
  await bureauItem.click();
  await dialog.locator('[data-test=user-bureau-hint]', { hasText: '县级报告（季度、半年、绩效自评）只由数据范围为该县的用户编写' }).waitFor();
  await bureauItem.click();
  await page.keyboard.press('Escape');
  await dialog.locator('[data-test=user-bureau-hint]').waitFor({ state: 'detached' });
  // The client checks mirror the server's: a bad user name and phone.
  await dialog.locator('input[name=new-username]').fill('Li Si');
  await dialog.locator('input[name=phone]').fill('12345');
  await page.locator('[data-test=user-save]').click();
  await errorOf('new-username').waitFor();
  await errorOf('phone').waitFor();
  assert.match(await errorOf('new-username').innerText(), /小写字母/);
  assert.match(await errorOf('phone').innerText(), /手机号/);
  await shot(page, 'user-create-errors');
  await page.waitForTimeout(300);
  assert.equal(await users(), count, 'nothing was created');

  await dialog.locator('input[name=new-username]').fill('lisi');
  await dialog.locator('input[name=display_name]').fill('李四');
  await dialog.locator('input[name=phone]').fill('13800138000');
  await dialog.locator('[data-test=user-roles]').click();
  await page.locator('.el-select-dropdown__item').filter({ hasText: /^站长$/ }).filter({ visible: true }).click();
  await page.keyboard.press('Escape');
  await dialog.locator('[data-test=user-range]').getByText('指定站点').click();
  const stations = dialog.locator('.el-form-item').filter({ hasText: '指定站点' }).last().locator('.el-select');
  await stations.click();
  await page.locator('.el-select-dropdown__item').filter({ hasText: '攸县联星街道社会工作服务站' }).click();
  await page.keyboard.press('Escape');
  await page.locator('[data-test=user-save]').click();

  const secret = page.locator('[data-test=secret-dialog]');
  await secret.waitFor();
  const password = (await secret.locator('[data-test=secret-value]').innerText()).trim();
  assert.ok(password.length >= 12, 'a temporary password is shown');
  assert.match(await secret.innerText(), /只显示这一次/);
  await shot(page, 'user-temp-password');
  await secret.locator('[data-test=secret-close]').click();
  await secret.waitFor({ state: 'hidden' });
  // Gone for good: nowhere on the page any more.
  assert.equal(await page.getByText(password).count(), 0);
  const row = page.locator('[data-test=user-table] .el-table__row').filter({ hasText: 'lisi' });
  await row.waitFor();
  assert.match(await row.innerText(), /李四/);
  assert.match(await row.innerText(), /站长/);
  assert.match(await row.innerText(), /联星街道/);
  assert.match(await row.innerText(), /待改密/);

  // The password works, once, and must be changed.
  const r = await login(srv.base, 'lisi', password);
  assert.equal(r.status, 200);
  assert.equal(r.body.user.must_change_password, true);
  assert.deepEqual(r.body.user.stations, [2]);

  // Resetting the password shows a new one, the same way.
  await page.locator('[data-test=user-more-lisi]').click();
  await page.locator('.el-dropdown-menu__item').filter({ hasText: '重置密码' }).filter({ visible: true }).click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await secret.waitFor();
  const second = (await secret.locator('[data-test=secret-value]').innerText()).trim();
  assert.notEqual(second, password);
  await secret.locator('[data-test=secret-close]').click();
  // None of the form's checks leaves a warning in the console.
  expectNoWarnings(page, 'on the user form');
  expectClean(page);
  await page.context().close();
});

test('the user page on a phone', async () => {
  const page = await open(browser, srv.base, PHONE);
  await loginAs(page, 'sysadm', TEST_PASSWORD2);
  await page.goto('/system/users');
  await page.locator('[data-test=user-cards] [data-test=user-row]').first().waitFor();
  await expectNoOverflow(page, 'users-phone');
  await shot(page, 'users-phone');
  await page.locator('[data-test=user-create]').click();
  const dialog = page.locator('[data-test=user-dialog]');
  await dialog.waitFor();
  const box = await dialog.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 390, 'the dialog fits 390 px');
  await expectNoOverflow(page, 'user-dialog-phone');
  await shot(page, 'user-create-phone');
  expectClean(page);
  await page.context().close();
});

// A phone has no hover, and Element Plus shows a table's scrollbar on
// hover only: the sessions table looked whole while 强制下线 sat past
// the screen's edge.
test('在线用户 on a phone: 强制下线 is on screen and the table shows it scrolls', async () => {
  const page = await open(browser, srv.base, PHONE);
  await loginAs(page, 'secadm', TEST_PASSWORD2);
  await page.goto('/system/online');
  const table = page.locator('[data-test=session-table]');
  const force = table.getByRole('button', { name: '强制下线' }).first();
  await force.waitFor();
  const box = await force.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `强制下线 is on screen (${JSON.stringify(box)})`);
  const bar = table.locator('.el-scrollbar__bar.is-horizontal').first();
  assert.ok(await bar.isVisible(), 'the horizontal scrollbar is shown without hovering');
  const thumb = await bar.locator('.el-scrollbar__thumb').boundingBox();
  assert.ok(thumb && thumb.width > 0 && thumb.width < 390, `the thumb shows the table is wider (${JSON.stringify(thumb)})`);
  await shot(page, 'online-phone');
  expectClean(page);
  await page.context().close();
});

test('a worker has no 系统管理 pages beyond her own', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'worker', TEST_PASSWORD2);
  const menu = page.locator('[data-test=side-menu]');
  assert.equal(await menu.getByText('用户管理').count(), 0);
  assert.equal(await menu.getByText('操作日志').count(), 0);
  assert.equal(await menu.getByText('在线用户').count(), 0);
  // Typing the address leads home, not to an empty page.
  await page.goto('/system/users');
  await page.locator('[data-test=welcome]').waitFor();
  expectClean(page);
  await page.context().close();
});

test('an org_admin is tied to her organisation in the form, and the list finds a user by name', async () => {
  const auth = await session(srv.base, 'sysadm', TEST_PASSWORD2);
  const o = await api(srv.base, 'POST', '/api/v1/organisations', { name: '攸县启明社会工作服务中心', credit_code: '91350100M000100Y43' }, {}, auth);
  assert.equal(o.status, 201, o.text);
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'sysadm', TEST_PASSWORD2);
  await page.goto('/system/users');
  await page.locator('[data-test=user-table] .el-table__row').first().waitFor();
  await page.locator('[data-test=user-create]').click();
  const dialog = page.locator('[data-test=user-dialog]');
  await dialog.waitFor();
  await dialog.locator('input[name=new-username]').fill('jigou1');
  await dialog.locator('input[name=display_name]').fill('机构甲');
  await dialog.locator('[data-test=user-roles]').click();
  await page.locator('.el-select-dropdown__item').filter({ hasText: /^承接机构管理员$/ }).filter({ visible: true }).click();
  await page.keyboard.press('Escape');
  const org = dialog.locator('[data-test=user-org]');
  await org.waitFor();
  // Her range is her organisation's contracts': not asked for.
  assert.equal(await dialog.locator('[data-test=user-range]').count(), 0, 'no data range to choose');
  await page.locator('[data-test=user-save]').click();
  await dialog.getByText('请选择承接机构').waitFor();
  await org.click();
  await page.locator('.el-select-dropdown__item').filter({ hasText: '攸县启明社会工作服务中心' }).click();
  await page.locator('[data-test=user-save]').click();
  const secret = page.locator('[data-test=secret-dialog]');
  await secret.waitFor();
  await secret.locator('[data-test=secret-close]').click();
  const made = (await api(srv.base, 'GET', '/api/v1/users?q=jigou1', undefined, {}, auth)).body.items[0];
  assert.equal(made.organisation_id, o.body.id);
  // Found by name, and her range said as her organisation's.
  await page.locator('input[data-test=user-search], [data-test=user-search] input').first().fill('机构甲');
  await page.keyboard.press('Enter');
  const rows = page.locator('[data-test=user-table] .el-table__row');
  await page.waitForFunction(() => document.querySelectorAll('[data-test=user-table] .el-table__row').length === 1);
  assert.match(await rows.first().innerText(), /攸县启明社会工作服务中心/);
  await shot(page, 'user-org-admin');
  expectClean(page);
  await page.context().close();
});
