// Every page of the menu opens cleanly (no script error, no CSP
// violation, nothing overflowing), on desktop and on a phone; notices
// with read receipts; second factor enrolment and login; English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startServer, addUser, session, login, api, FIXED_NOW, TEST_PASSWORD, TEST_PASSWORD2 } from '../api/lib.mjs';
import { launch, open, shot, expectClean, expectNoOverflow, expectNoWarnings, loginAs, submitLogin, DESKTOP, PHONE } from './lib.mjs';

let srv;
let browser;

before(async () => {
  [srv, browser] = await Promise.all([startServer({ anonymous: true }), launch()]);
  // 三员分立: the sysadmin (here also the bureau), the security admin and
  // the auditor are three accounts.
  addUser(srv, 'chief', 'bureau,sysadmin', 'all');
  addUser(srv, 'secadm', 'security_admin', 'all');
  addUser(srv, 'auditor', 'auditor', 'all');
  addUser(srv, 'worker', 'social_worker', 'stations:2');
  addUser(srv, 'totpuser', 'station_lead', 'stations:2');
  addUser(srv, 'bur2', 'bureau', 'all');
  await Promise.all(['chief', 'secadm', 'auditor', 'worker', 'totpuser', 'bur2'].map((u) => session(srv.base, u)));
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, 'server exit: ' + (r?.stderr || '').slice(-2000));
});

/** Waits until no loading mask is left. */
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('.el-loading-mask:not([style*="display: none"])'));
}

// [path, what shows it is ready, screenshot, who opens it]
const PAGES = [
  ['/', '[data-test=welcome]', 'page-home', 'chief'],
  ['/stations', '[data-test=station-table]', 'page-stations', 'chief'],
  ['/system/users', '[data-test=user-table]', 'page-users', 'chief'],
  ['/system/roles', '[data-test=role-table]', 'page-roles', 'chief'],
  ['/system/dictionaries', '[data-test=dict-table]', 'page-dictionaries', 'chief'],
  ['/system/settings', '[data-test=setting-table]', 'page-settings', 'secadm'],
  ['/system/evaluation-indicators', '[data-test=ind-table]', 'page-evaluation-indicators', 'chief'],
  ['/system/profile', '[data-test=profile-facilities]', 'page-profile', 'chief'],
  ['/compliance', '[data-test=finding]', 'page-compliance', 'chief'],
  ['/system/notices', '[data-test=notice-table]', 'page-notices', 'chief'],
  ['/system/operation-log', '[data-test=audit-table-operation]', 'page-operation-log', 'auditor'],
  ['/system/login-log', '[data-test=audit-table-login]', 'page-login-log', 'auditor'],
  ['/system/online', '[data-test=session-table]', 'page-online', 'secadm'],
  ['/system/tokens', '[data-test=tokens-table]', 'page-tokens', 'secadm'],
  ['/system/api-docs', '.op-title', 'page-api-docs', 'chief'],
  ['/account', '[data-test=account-tabs]', 'page-account', 'chief'],
  ['/staff', '[data-test=staff-table]', 'page-staff', 'chief'],
  ['/min-wages', '[data-test=min-wage-table]', 'page-min-wages', 'chief'],
];
const PAGE_USERS = ['chief', 'secadm', 'auditor'];

test('every menu page opens cleanly on desktop', async () => {
  for (const user of PAGE_USERS) {
    const page = await open(browser, srv.base, DESKTOP);
    await loginAs(page, user, TEST_PASSWORD2);
    if (user === 'chief') {
      const menu = page.locator('[data-test=side-menu]');
      for (const name of ['工作台', '区划与站点', '系统管理', '个人中心']) {
        assert.equal(await menu.getByText(name, { exact: true }).count(), 1, name + ' in the menu');
      }
    }
    for (const [path, ready, file] of PAGES.filter((p) => p[3] === user)) {
      await page.goto(path);
      await page.locator(ready).first().waitFor();
      await settled(page);
      await expectNoOverflow(page, path);
      await shot(page, file);
    }
    if (user === 'chief') {
      // The API page lists the routes grouped by tag, with their permission.
      await page.goto('/system/api-docs');
      await page.locator('.op-title').first().waitFor();
      assert.ok(await page.locator('.op-title').count() >= 40);
      await page.locator('.op-title').filter({ hasText: '/api/v1/users' }).first().click();
      await page.getByText('user.read').filter({ visible: true }).first().waitFor();
      // Each route is said in the reader's language.
      const route = (path) => page.locator('.op-title')
        .filter({ has: page.locator('.method', { hasText: /^GET$/ }) })
        .filter({ has: page.locator('.path', { hasText: new RegExp(`^${path}$`) }) }).locator('.summary');
      assert.match(await route('/api/v1/users').innerText(), /^用户列表/);
      assert.match(await route('/api/v1/stations').innerText(), /^调用者数据范围内的站点/);
      await page.evaluate(() => localStorage.setItem('sgz.locale', 'en'));
      await page.reload();
      await page.locator('.op-title').first().waitFor();
      assert.match(await route('/api/v1/stations').innerText(), /^Stations in the caller's range/);
      await page.evaluate(() => localStorage.setItem('sgz.locale', 'zh-CN'));
    }
    expectClean(page);
    await page.context().close();
  }
});

test('the main pages open cleanly on a phone', async () => {
  for (const user of PAGE_USERS) {
    const page = await open(browser, srv.base, PHONE);
    await loginAs(page, user, TEST_PASSWORD2);
    if (user === 'chief') {
      await expectNoOverflow(page, 'home phone');
      await shot(page, 'page-home-phone');
    }
    for (const [path, , file] of PAGES.slice(1).filter((p) => p[3] === user)) {
      await page.goto(path);
      // Tables become cards on a phone; wait for the page's own panel.
      await page.locator('.app-content .panel').first().waitFor();
      await settled(page);
      await expectNoOverflow(page, path + ' phone');
      if (['page-notices', 'page-account', 'page-operation-log'].includes(file)) await shot(page, file + '-phone');
    }
    expectClean(page);
    await page.context().close();
  }
});

test('a notice reaches a worker, who reads it; the bureau sees the receipt', async () => {
  const chief = await open(browser, srv.base, DESKTOP);
  await loginAs(chief, 'chief', TEST_PASSWORD2);
  await chief.goto('/system/notices');
  const auth = await session(srv.base, 'chief', TEST_PASSWORD2);
  const notices = async () => (await api(srv.base, 'GET', '/api/v1/notices?limit=1', undefined, {}, auth)).body.total;
  const count = await notices();
  await chief.locator('[data-test=notice-create]').click();
  const dlg = chief.locator('.el-dialog').filter({ hasText: '发布通知' });
  // A title left empty is said on leaving it; a notice without its text
  // is not sent.
  await dlg.locator('input').first().focus();
  await dlg.locator('textarea').focus();
  await dlg.locator('.el-form-item__error').getByText('请输入标题').waitFor();
  await dlg.getByRole('button', { name: '发 布' }).click();
  await dlg.locator('.el-form-item__error').getByText('请输入内容').waitFor();
  await chief.waitForTimeout(300);
  assert.equal(await notices(), count, 'nothing was published');
  await dlg.locator('input').first().fill('关于报送六月份月度简报的通知');
  await dlg.locator('textarea').fill('各社工站：\n请于7月5日前报送六月份月度简报。<b>不是HTML</b>');
  await dlg.getByRole('button', { name: '发 布' }).click();
  await chief.getByText('通知已发布').waitFor();

  const worker = await open(browser, srv.base, PHONE);
  await loginAs(worker, 'worker', TEST_PASSWORD2);
  const unread = worker.locator('[data-test=unread-notices] li');
  await unread.first().waitFor();
  assert.match(await unread.first().innerText(), /六月份月度简报/);
  await unread.first().click();
  const notice = worker.locator('[data-test=notice-dialog]');
  await notice.waitFor();
  // User text is text: the tag shows as typed, not as bold.
  await notice.getByText('<b>不是HTML</b>', { exact: false }).waitFor();
  assert.equal(await notice.locator('b').count(), 0);
  await expectNoOverflow(worker, 'notice phone');
  await shot(worker, 'notice-phone');
  await notice.getByRole('button', { name: '关闭', exact: true }).click();
  await worker.getByText('没有未读通知').waitFor();
  expectClean(worker);
  await worker.context().close();

  await chief.reload();
  await chief.locator('[data-test=notice-table] .el-table__row').first().waitFor();
  await chief.locator('[data-test=notice-table] .el-table__row').first().getByRole('button', { name: '1' }).click();
  await chief.locator('.el-dialog').filter({ hasText: '阅读回执' }).getByText('worker', { exact: true }).first().waitFor();
  expectNoWarnings(chief, 'on the notice form');
  expectClean(chief);
  await chief.context().close();
});

test("a county's bureau is offered 撤回 and the readers only on notices it manages; the range is named", async () => {
  addUser(srv, 'bur3', 'bureau', 'region:430223');
  const auth = await session(srv.base, 'bur3');
  const mine = await api(srv.base, 'POST', '/api/v1/notices', { title: '县民政局通知', body: '请按时报送', region: '430223' }, { 'Idempotency-Key': 'bur3-notice' }, auth);
  assert.equal(mine.status, 201, mine.text);
  assert.equal(mine.body.managed, true);
  assert.equal(mine.body.region_name, '攸县');
  const list = (await api(srv.base, 'GET', '/api/v1/notices?limit=50', undefined, {}, auth)).body.items;
  const chiefs = list.find((n) => n.title === '关于报送六月份月度简报的通知');
  assert.ok(chiefs, "the sysadmin's notice reaches the county");
  assert.equal(chiefs.managed, false, "the sysadmin's notice is not the county's");
  assert.equal((await api(srv.base, 'POST', `/api/v1/notices/${chiefs.id}/withdraw`, {}, {}, auth)).status, 403);

  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'bur3', TEST_PASSWORD2);
  await page.goto('/system/notices');
  const row = (title) => page.locator('[data-test=notice-table] .el-table__row').filter({ hasText: title });
  await row('县民政局通知').waitFor();
  assert.match(await row('县民政局通知').innerText(), /攸县/);
  assert.doesNotMatch(await row('县民政局通知').innerText(), /430223/, 'the range by its name');
  assert.equal(await row('县民政局通知').locator('[data-test=notice-withdraw]').count(), 1);
  assert.equal(await row('县民政局通知').locator('[data-test=notice-reads]').count(), 1);
  assert.equal(await row('关于报送六月份月度简报的通知').locator('[data-test=notice-withdraw]').count(), 0, 'no 撤回 on the sysadmin\'s notice');
  assert.equal(await row('关于报送六月份月度简报的通知').locator('[data-test=notice-reads]').count(), 0, 'its read count is not a link');
  await shot(page, 'notices-county-bureau');
  expectClean(page);
  await page.context().close();
});

test('an API token is not created without its name, permissions and expiry date', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'worker', TEST_PASSWORD2);
  await page.goto('/account?tab=tokens');
  await page.getByRole('button', { name: '新建令牌' }).click();
  const dlg = page.locator('.el-dialog').filter({ hasText: '新建令牌' });
  await dlg.waitFor();
  const field = (label) => dlg.locator('.el-form-item').filter({ hasText: label });
  // A name left empty is said on leaving it; a permission ticked and
  // unticked again, at once.
  await field('令牌名称').locator('input').focus();
  await field('令牌名称').locator('input').blur();
  await field('令牌名称').locator('.el-form-item__error').getByText('请输入令牌名称').waitFor();
  const perm = field('授予的权限').locator('.el-checkbox').first();
  await perm.click();
  await perm.click();
  await field('授予的权限').locator('.el-form-item__error').getByText('请至少选择一项权限').waitFor();
  await dlg.getByRole('button', { name: '创建' }).click();
  await field('有效期至').locator('.el-form-item__error').getByText('请选择有效期（366天以内）').waitFor();
  await shot(page, 'token-create-errors');
  await page.waitForTimeout(300);
  const auth = await session(srv.base, 'worker', TEST_PASSWORD2);
  const r = await api(srv.base, 'GET', '/api/v1/session/tokens', undefined, {}, auth);
  assert.deepEqual(r.body.items, [], 'no token was created');
  // The permissions are named as 角色管理 names them, not by their codes.
  const first = (await perm.innerText()).trim();
  assert.match(first, /[\u4e00-\u9fff]/, first);
  assert.doesNotMatch(first, /\./);
  // A token lasts through the day chosen, and the list says that day.
  const made = await api(srv.base, 'POST', '/api/v1/session/tokens', { name: '对接', permissions: ['client.read'], expires_on: '2026-07-01' }, {}, auth);
  assert.equal(made.status, 201, made.text);
  await dlg.getByRole('button', { name: '取消' }).click();
  await page.reload();
  const row = page.locator('.el-table__row').filter({ hasText: '对接' });
  await row.waitFor();
  assert.match(await row.innerText(), /2026-07-01/);
  assert.doesNotMatch(await row.innerText(), /2026-07-02/);
  assert.match(await row.innerText(), /查看服务对象|服务对象/);
  expectNoWarnings(page, 'on the token form');
  expectClean(page);
  await page.context().close();
});

// The server takes an expiry from its today (Beijing) to token.max_days
// on. The picker's days are the device's; a device in another time zone
// offered yesterday (and refused the last day) while its date lagged. Its
// days are the server's (fixed at 15 June 2026 here), not the device's.
test('a token\'s expiry takes the days the server takes, by Beijing\'s date, on a device in Los Angeles', async () => {
  const page = await open(browser, srv.base, { ...DESKTOP, timezoneId: 'America/Los_Angeles' });
  await loginAs(page, 'worker', TEST_PASSWORD2);
  await page.goto('/account?tab=tokens');
  await page.getByRole('button', { name: '新建令牌' }).click();
  const dlg = page.locator('.el-dialog').filter({ hasText: '新建令牌' });
  const day = dlg.locator('.el-form-item').filter({ hasText: '有效期至' }).locator('input');
  const bj = (days) => new Date(Number(FIXED_NOW) * 1000 + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
  for (const [d, taken] of [[-1, false], [0, true], [366, true], [367, false]]) {
    await day.fill(bj(d));
    await day.press('Enter');
    await day.press('Tab');
    // A day refused is not kept; one taken stays.
    const kept = await day.inputValue();
    assert.equal(kept === bj(d), taken, `${bj(d)} (Beijing today ${d >= 0 ? '+' : ''}${d}) shows as "${kept}"`);
    if (taken) {
      await day.fill('');
      await day.press('Tab');
    }
  }
  expectClean(page);
  await page.context().close();
});

function base32(s) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of s.replace(/[\s=]/g, '').toUpperCase()) bits += abc.indexOf(c).toString(2).padStart(5, '0');
  const out = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(out);
}
function totp(secret, unix) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unix / 30)));
  const h = createHmac('sha1', base32(secret)).update(counter).digest();
  const o = h[h.length - 1] & 15;
  const n = (h.readUInt32BE(o) & 0x7fffffff) % 1000000;
  return String(n).padStart(6, '0');
}

test('second factor: enrol with the QR code, then log in with a code', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'totpuser', TEST_PASSWORD2);
  await page.goto('/account?tab=security');
  await page.locator('[data-test=totp-begin]').click();
  const qr = page.locator('[data-test=totp-qr]');
  await qr.waitFor();
  assert.match(await qr.getAttribute('src'), /^data:image\/png;base64,/);
  const secret = (await page.locator('[data-test=totp-secret]').innerText()).replace(/\s/g, '');
  await shot(page, 'totp-enrol');
  const now = Number(FIXED_NOW); // the server's clock in tests
  const pane = page.locator('[data-test=totp-pane]');
  await pane.locator('input').fill(totp(secret, now - 30));
  await pane.getByRole('button', { name: '完成绑定' }).click();
  await pane.getByText('双因素认证已启用').first().waitFor();

  // Log out and in again: the code step comes after the password.
  await page.locator('[data-test=user-menu]').click();
  await page.locator('[data-test=logout]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await page.waitForURL(/\/login/);
  await submitLogin(page, 'totpuser', TEST_PASSWORD2);
  const form = page.locator('[data-test=totp-form]');
  await form.waitFor();
  await form.locator('input').fill('000000');
  await page.locator('[data-test=totp-submit]').click();
  await form.locator('.el-form-item__error').waitFor();
  await shot(page, 'login-totp-step');
  await form.locator('input').fill(totp(secret, now));
  await page.locator('[data-test=totp-submit]').click();
  await page.locator('[data-test=welcome]').waitFor();
  expectClean(page);
  await page.context().close();
});

test('the UI switches to English, Element Plus included', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await page.goto('/login');
  // The click on the switch leaves the user-name box, which checks it in
  // Chinese: that check does not stay on the English form.
  await page.locator('input[autocomplete=username], [data-test=login-form] input').first().focus();
  await page.locator('[data-test=locale-switch]').click();
  await page.locator('.el-dropdown-menu__item').filter({ hasText: 'English' }).filter({ visible: true }).click();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.getByText('请输入用户名').count(), 0, 'no Chinese check left on the English form');
  // The server answers in English too.
  await submitLogin(page, 'chief', 'Wrong-Passw0rd');
  await page.locator('[data-test=login-error]').getByText(/wrong user name or password/i).waitFor();
  await submitLogin(page, 'chief', TEST_PASSWORD2);
  await page.locator('[data-test=welcome]').waitFor();
  await page.goto('/stations');
  await page.locator('[data-test=station-table]').waitFor();
  await page.getByText('Regions & stations').first().waitFor();
  await page.locator('.el-pagination').getByText(/Total 18/).waitFor();
  assert.equal(await page.getByText('乡镇(街道)社会工作服务站').count(), 0, 'station types in English');
  // A spreadsheet fetched by a plain link carries the browser's language,
  // not the UI's: the UI's choice travels in a cookie the server prefers.
  const sheet = await page.context().request.get(srv.base + '/api/v1/fund_use?format=xlsx', { headers: { 'accept-language': 'zh-CN' } });
  assert.equal(sheet.status(), 200);
  assert.match(decodeURIComponent(sheet.headers()['content-disposition']), /Fund use/);
  await expectNoOverflow(page, 'stations en');
  await shot(page, 'page-stations-en');
  expectClean(page);
  await page.context().close();
});

test('the operation log names what an edit changed, and shows both values', async () => {
  const auth = await session(srv.base, 'chief', TEST_PASSWORD2);
  let r = await api(srv.base, 'PATCH', '/api/v1/dictionaries/client_category/dibao', { label: '城乡低保对象', age_limit: 90 }, {}, auth);
  assert.equal(r.status, 200, r.text);
  const sec = await session(srv.base, 'secadm', TEST_PASSWORD2);
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'auditor', TEST_PASSWORD2);
  await page.goto('/system/operation-log');
  const table = page.locator('[data-test=audit-table-operation]');
  await table.waitFor();
  // The action is picked by its Chinese name.
  await page.locator('[data-test=audit-action]').click();
  await page.keyboard.type('修改字典');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '修改字典项' }).click();
  await page.getByRole('button', { name: '搜索' }).click();
  const row = table.locator('.el-table__row').filter({ hasText: '变更：' }).first();
  await row.waitFor();
  // The summary names the fields in Chinese, not the raw JSON.
  const text = await row.innerText();
  assert.match(text, /变更：名称、适用年龄上限/);
  assert.doesNotMatch(text, /"before"/);
  await row.locator('.el-table__expand-icon').click();
  const lines = page.locator('[data-test=audit-detail-lines]').first();
  await lines.waitFor();
  const t = await lines.innerText();
  assert.match(t, /变更前/);
  assert.match(t, /最低生活保障对象|低保/);
  assert.match(t, /城乡低保对象/);
  assert.match(t, /90/);
  await shot(page, 'audit-detail');
  // A client's edit names its fields as the register does and its codes
  // by their labels (风险等级：低 → 高, not low → high).
  const wauth = await session(srv.base, 'worker', TEST_PASSWORD2);
  const c = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '日志甲', sex: 'F', birth_date: '1950-01-01', risk_level: 'low' }, {}, wauth);
  assert.equal(c.status, 201, c.text);
  r = await api(srv.base, 'PATCH', `/api/v1/clients/${c.body.id}`, { risk_level: 'high', categories: [{ code: 'dibao', started_on: '2025-01-01' }] },
    { 'if-match': `"${c.body.version}"` }, wauth);
  assert.equal(r.status, 200, r.text);
  await page.locator('[data-test=audit-action]').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('修改服务对象');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '修改服务对象' }).click();
  await page.getByRole('button', { name: '搜索' }).click();
  const crow = table.locator('.el-table__row').filter({ hasText: '变更：风险等级' }).first();
  await crow.waitFor();
  await crow.locator('.el-table__expand-icon').click();
  const clines = page.locator('[data-test=audit-detail-lines]').filter({ hasText: '风险等级' }).first();
  await clines.waitFor();
  const ctext = await clines.innerText();
  assert.match(ctext, /风险等级\s*risk_level\s+低\s+高/);
  // The label the dictionary gives it now (renamed above).
  assert.match(ctext, /对象类别\s*categories\s+—\s+城乡低保对象（2025-01-01 起）/);
  // The record is named by its kind, not the table's code.
  assert.match(await crow.innerText(), new RegExp(`服务对象 #${c.body.id}（日志甲）`));
  // Who did it: her name as the station knows her, her login beneath (here
  // the same, so once).
  assert.equal((await crow.locator('[data-test=audit-actor]').innerText()).trim(), 'worker');
  assert.doesNotMatch(await crow.innerText(), /worker\s+worker/);
  // A setting's change is two values, not "no field changed".
  r = await api(srv.base, 'PUT', '/api/v1/settings/login.lockout_threshold', { value: 7 }, {}, sec);
  assert.equal(r.status, 200, r.text);
  await api(srv.base, 'PUT', '/api/v1/settings/login.lockout_threshold', { value: 5 }, {}, sec);
  await page.locator('[data-test=audit-action]').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('修改参数');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '修改参数' }).click();
  await page.getByRole('button', { name: '搜索' }).click();
  const srow = table.locator('.el-table__row').filter({ hasText: '7 → 5' }).first();
  await srow.waitFor();
  assert.doesNotMatch(await srow.innerText(), /无字段变化/);
  // A user's access changed: the roles by their names, before and after.
  const users = (await api(srv.base, 'GET', '/api/v1/users?q=worker', undefined, {}, auth)).body.items;
  const w = users.find((u) => u.username === 'worker');
  r = await api(srv.base, 'PATCH', `/api/v1/users/${w.id}`, { roles: ['social_worker', 'station_lead'], version: w.version }, {}, auth);
  assert.equal(r.status, 200, r.text);
  await page.locator('[data-test=audit-action]').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('修改用户');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '修改用户' }).first().click();
  await page.getByRole('button', { name: '搜索' }).click();
  const urow = table.locator('.el-table__row').filter({ hasText: '变更：角色' }).first();
  await urow.waitFor();
  await urow.locator('.el-table__expand-icon').click();
  const ulines = page.locator('[data-test=audit-detail-lines]').filter({ hasText: '角色' }).first();
  await ulines.waitFor();
  assert.match(await ulines.innerText(), /社工\s+社工、站长|社会工作者\s+社会工作者、站长/);
  assert.doesNotMatch(await ulines.innerText(), /station_lead/);
  const back = await api(srv.base, 'PATCH', `/api/v1/users/${w.id}`, { roles: ['social_worker'], version: r.body.version }, {}, auth);
  assert.equal(back.status, 200, back.text);
  // The rows the filters select, as a file for an inspection.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=audit-export-operation]').click()]);
  assert.equal(download.suggestedFilename(), '审计日志.xlsx');
  expectClean(page);
  await page.context().close();
  // On a phone the log is cards, each opening its detail in place.
  const phone = await open(browser, srv.base, PHONE);
  await loginAs(phone, 'auditor', TEST_PASSWORD2);
  await phone.goto('/system/operation-log');
  const card = phone.locator('[data-test=audit-card]').filter({ hasText: '变更：风险等级' }).first();
  await card.waitFor();
  const ctop = await card.innerText();
  assert.match(ctop, /修改服务对象/);
  assert.match(ctop, new RegExp(`服务对象 #${c.body.id}`));
  assert.equal(await card.locator('[data-test=audit-detail-lines]').count(), 0);
  await card.locator('[data-test=audit-card-more]').click();
  const plines = card.locator('[data-test=audit-detail-lines]');
  await plines.waitFor();
  assert.match(await plines.innerText(), /风险等级\s+低\s+高/);
  await settled(phone);
  await expectNoOverflow(phone, 'operation log card');
  await shot(phone, 'audit-detail-phone');
  expectClean(phone);
  await phone.context().close();
});

test('the system administrator sets the go-live day with a date picker, and clears it', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  await page.goto('/system/settings');
  const row = page.locator('[data-test=setting-table] .el-table__row').filter({ hasText: 'reports.owed_from' });
  await row.waitFor();
  assert.match(await row.innerText(), /平台上线日期[\s\S]*日期，可不设[\s\S]*未设/);
  const input = row.locator('.el-date-editor input');
  await input.fill('2026-05-01');
  await input.press('Enter');
  await row.getByRole('button', { name: '保存' }).click();
  const box = page.locator('.el-message-box');
  assert.match(await box.innerText(), /由 未设 修改为 2026-05-01/);
  await box.locator('.el-button--primary').click();
  await page.locator('.el-message--success').waitFor();
  const chief = await session(srv.base, 'chief', TEST_PASSWORD2);
  const stored = async () => (await api(srv.base, 'GET', '/api/v1/settings', undefined, {}, chief)).body.items.find((x) => x.key === 'reports.owed_from').date;
  assert.equal(await stored(), '2026-05-01');
  await shot(page, 'settings-go-live');
  await row.getByRole('button', { name: '恢复默认' }).click();
  await page.locator('.el-message-box .el-button--primary').click();
  // Both say 保存成功, and the first may be gone by now: ask the server.
  for (let i = 0; i < 100 && (await stored()) !== null; i++) await page.waitForTimeout(100);
  assert.equal(await stored(), null);
  expectClean(page);
  await page.context().close();
});

test('三员分立 on the settings page: each administrator edits her own kind of setting; a user locked out by logins is shown and unlocked', async () => {
  const settingRow = (page, key) => page.locator('[data-test=setting-table] .el-table__row').filter({ hasText: key });
  for (const [who, own, other, note] of [['secadm', 'login.lockout_threshold', 'service.edit_days', '业务参数，由系统管理员修改'],
    ['chief', 'service.edit_days', 'login.lockout_threshold', '安全参数，由安全管理员修改']]) {
    const page = await open(browser, srv.base, DESKTOP);
    await loginAs(page, who, TEST_PASSWORD2);
    await page.goto('/system/settings');
    await settingRow(page, own).waitFor();
    assert.equal(await settingRow(page, own).locator('[data-test=setting-value]').count(), 1, `${who} edits ${own}`);
    assert.equal(await settingRow(page, other).locator('[data-test=setting-value]').count(), 0, `${who} does not edit ${other}`);
    assert.match(await settingRow(page, other).innerText(), new RegExp(note));
    expectClean(page);
    await page.context().close();
  }
  addUser(srv, 'lockme', 'social_worker', 'stations:2');
  for (let i = 0; i < 5; i++) await login(srv.base, 'lockme', 'Wrong-Passw0rd');
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  await page.goto('/system/users');
  const row = page.locator('.el-table__row').filter({ hasText: 'lockme' });
  await row.locator('[data-test=user-locked-out]').waitFor();
  assert.match(await row.locator('[data-test=user-locked-out]').innerText(), /^已锁定\(登录失败，至\d\d:\d\d\)$/);
  await page.locator('[data-test=user-more-lockme]').click();
  await page.locator('.el-dropdown-menu__item:visible', { hasText: '解锁账号' }).click();
  await page.locator('.el-message-box__btns .el-button--primary').click();
  await row.locator('[data-test=user-locked-out]').waitFor({ state: 'detached' });
  assert.equal((await login(srv.base, 'lockme', TEST_PASSWORD)).status, 200);
  expectClean(page);
  await page.context().close();
  // The security administrator lifts a lockout too; she is offered no
  // second-factor reset for a user who has none.
  addUser(srv, 'lockme2', 'social_worker', 'stations:2');
  for (let i = 0; i < 5; i++) await login(srv.base, 'lockme2', 'Wrong-Passw0rd');
  const sec = await open(browser, srv.base, DESKTOP);
  await loginAs(sec, 'secadm', TEST_PASSWORD2);
  await sec.goto('/system/users');
  const row2 = sec.locator('.el-table__row').filter({ hasText: 'lockme2' });
  await row2.locator('[data-test=user-locked-out]').waitFor();
  await sec.locator('[data-test=user-more-lockme2]').click();
  await sec.locator('.el-dropdown-menu__item:visible', { hasText: '解除登录失败锁定' }).waitFor();
  const items = await sec.locator('.el-dropdown-menu__item:visible').allInnerTexts();
  assert.deepEqual(items, ['解除登录失败锁定'], items.join('|'));
  await sec.locator('.el-dropdown-menu__item:visible', { hasText: '解除登录失败锁定' }).click();
  await sec.locator('.el-message-box__btns .el-button--primary').click();
  await row2.locator('[data-test=user-locked-out]').waitFor({ state: 'detached' });
  assert.equal((await login(srv.base, 'lockme2', TEST_PASSWORD)).status, 200);
  expectClean(sec);
  await sec.context().close();
});

// Before the second factor becomes mandatory below: she logs in with her
// password alone here.
test('接口令牌: the security administrator finds a worker\'s API token and revokes it', async () => {
  const wauth = await session(srv.base, 'worker', TEST_PASSWORD2);
  const made = await api(srv.base, 'POST', '/api/v1/session/tokens',
    { name: '台账同步', permissions: ['client.read'], expires_on: '2026-12-31' }, {}, wauth);
  assert.equal(made.status, 201, made.text);
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'secadm', TEST_PASSWORD2);
  assert.equal(await page.locator('[data-test=side-menu]').getByText('接口令牌', { exact: true }).count(), 1, 'in her menu');
  await page.goto('/system/tokens');
  await page.locator('input[data-test=tokens-search], [data-test=tokens-search] input').first().fill('worker');
  await page.keyboard.press('Enter');
  const row = page.locator('[data-test=tokens-table] .el-table__row').filter({ hasText: '台账同步' });
  await row.waitFor();
  assert.match(await row.innerText(), /worker[\s\S]*台账同步[\s\S]*查看服务对象[\s\S]*2026-12-31[\s\S]*有效/);
  await shot(page, 'tokens-list');
  await row.locator('[data-test=token-revoke]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '吊销' }).click();
  await row.locator('[data-test=token-state]').getByText('已吊销').waitFor();
  assert.equal(await row.locator('[data-test=token-revoke]').count(), 0);
  const bearer = { authorization: `Bearer ${made.body.token}` };
  assert.equal((await api(srv.base, 'GET', '/api/v1/clients', undefined, bearer, null)).status, 401);
  expectClean(page);
  await page.context().close();

  // On a phone the tokens are cards, each with its revoke button.
  const second = await api(srv.base, 'POST', '/api/v1/session/tokens',
    { name: '报表对接', permissions: ['client.read', 'station.read'], expires_on: '2026-12-31' }, {}, wauth);
  assert.equal(second.status, 201, second.text);
  const phone = await open(browser, srv.base, PHONE);
  await loginAs(phone, 'secadm', TEST_PASSWORD2);
  await phone.goto('/system/tokens');
  const gone = phone.locator('[data-test=token-card]').filter({ hasText: '台账同步' });
  await gone.locator('[data-test=token-state]').getByText('已吊销').waitFor();
  assert.equal(await gone.locator('[data-test=token-revoke]').count(), 0);
  const card = phone.locator('[data-test=token-card]').filter({ hasText: '报表对接' });
  assert.match(await card.innerText(), /worker[\s\S]*查看服务对象、查看站点[\s\S]*2026-12-31/);
  await expectNoOverflow(phone, 'tokens phone');
  await shot(phone, 'tokens-phone');
  await card.locator('[data-test=token-revoke]').click();
  await phone.locator('.el-message-box').getByRole('button', { name: '吊销' }).click();
  await card.locator('[data-test=token-state]').getByText('已吊销').waitFor();
  assert.equal((await api(srv.base, 'GET', '/api/v1/clients', undefined, { authorization: `Bearer ${second.body.token}` }, null)).status, 401);
  expectClean(phone);
  await phone.context().close();
});

test('the operation log finds a record\'s rows by its kind and number, a client\'s merges included, and names her and a setting', async () => {
  const wauth = await session(srv.base, 'worker', TEST_PASSWORD2);
  const chief = await session(srv.base, 'chief', TEST_PASSWORD2);
  const sec = await session(srv.base, 'secadm', TEST_PASSWORD2);
  const add = async () => {
    const r = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '记录甲', sex: 'F', birth_date: '1951-03-04' }, {}, wauth);
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  };
  const keep = await add();
  const dup = await add();
  let r = await api(srv.base, 'POST', `/api/v1/clients/${dup}/merge`, { into: keep }, {}, chief);
  assert.equal(r.status, 200, r.text);
  r = await api(srv.base, 'PUT', '/api/v1/settings/login.lockout_threshold', { value: 6 }, {}, sec);
  assert.equal(r.status, 200, r.text);
  await api(srv.base, 'PUT', '/api/v1/settings/login.lockout_threshold', { value: 5 }, {}, sec);

  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'auditor', TEST_PASSWORD2);
  await page.goto('/system/operation-log');
  const table = page.locator('[data-test=audit-table-operation]');
  await table.waitFor();
  const pick = async (kind, id) => {
    await page.locator('[data-test=audit-entity]').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(kind);
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^${kind}$`) }).click();
    await page.locator('input[data-test=audit-entity-id], [data-test=audit-entity-id] input').first().fill(String(id));
    await page.getByRole('button', { name: '搜索' }).click();
  };
  // Her record's number finds the merge into it, which is the merged record's row.
  await pick('服务对象', keep);
  const merged = table.locator('.el-table__row').filter({ hasText: '合并重复记录' });
  await merged.waitFor();
  assert.match(await merged.innerText(), new RegExp(`服务对象\\s*#${dup}（记录甲）`));
  await settled(page);
  const ids = await table.locator('[data-test=audit-record]').allInnerTexts();
  assert.ok(ids.length >= 3, ids.join());
  assert.deepEqual([...new Set(ids.map((x) => x.trim()))].sort(), [`#${dup}`, `#${keep}`].sort());
  const href = await page.locator('[data-test=audit-export-operation]').getAttribute('href');
  assert.match(href, new RegExp(`entity=client&entity_id=${keep}`));
  // A setting by its name, its change as the setting's.
  await pick('系统设置', 'login.lockout_threshold');
  const srow = table.locator('.el-table__row').filter({ hasText: '5 → 6' }).first();
  await srow.waitFor();
  const stext = await srow.innerText();
  assert.match(stext, /（连续登录失败锁定次数）/);
  assert.match(stext, /连续登录失败锁定次数：5 → 6/);
  // A row's number filters by its record.
  await page.getByRole('button', { name: '重置' }).click();
  await settled(page);
  await table.locator('.el-table__row').filter({ hasText: '合并重复记录' }).first().locator('[data-test=audit-record]').click();
  await settled(page);
  assert.equal(await page.locator('input[data-test=audit-entity-id], [data-test=audit-entity-id] input').first().inputValue(), String(dup));
  await shot(page, 'audit-record-filter');
  expectClean(page);
  await page.context().close();
});

test('when the second factor is mandatory, a bureau user is sent to enrol', async () => {
  const auth = await session(srv.base, 'secadm', TEST_PASSWORD2);
  // The security admin enrols first: the rule would shut her out else.
  const begin = await api(srv.base, 'POST', '/api/v1/session/totp', {}, {}, auth);
  assert.equal(begin.status, 200, JSON.stringify(begin.body));
  const ok = await api(srv.base, 'POST', '/api/v1/session/totp/confirm', { code: totp(begin.body.secret, Number(FIXED_NOW)) }, {}, auth);
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const r = await api(srv.base, 'PUT', '/api/v1/settings/login.totp_mandatory', { value: 1 }, {}, auth);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const page = await open(browser, srv.base, PHONE);
  await page.goto('/login');
  await submitLogin(page, 'bur2', TEST_PASSWORD2);
  await page.waitForURL(/\/account\?tab=security/);
  await page.locator('[data-test=totp-begin]').waitFor();
  await page.getByText('必须先启用双因素认证').first().waitFor();
  // Other pages lead back here until it is done.
  await page.goto('/stations');
  await page.waitForURL(/\/account/);
  await expectNoOverflow(page, 'enrol phone');
  await shot(page, 'totp-enrol-required-phone');
  expectClean(page);
  await page.context().close();
});
