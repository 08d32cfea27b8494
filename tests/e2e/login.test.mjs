// The login page: wrong password, lockout, first login with its forced
// password change, the phone layout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, api, session, TEST_PASSWORD, TEST_PASSWORD2 } from '../api/lib.mjs';
import { launch, open, shot, expectClean, expectNoOverflow, expectNoWarnings, submitLogin, DESKTOP, PHONE } from './lib.mjs';

let srv;
let browser;

before(async () => {
  [srv, browser] = await Promise.all([startServer({ anonymous: true }), launch()]);
  addUser(srv, 'wang', 'social_worker', 'stations:2');
  addUser(srv, 'locky', 'social_worker', 'stations:2');
  addUser(srv, 'newbie', 'station_lead', 'stations:3');
  addUser(srv, 'newbie12', 'social_worker', 'stations:3');
  addUser(srv, 'sec', 'security_admin', 'all');
  addUser(srv, 'ended', 'social_worker', 'stations:2');
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, 'server exit: ' + (r?.stderr || '').slice(-2000));
});

test('the login page renders on desktop and phone without overflow', async () => {
  for (const [device, file] of [[DESKTOP, 'login-desktop'], [PHONE, 'login-phone']]) {
    const page = await open(browser, srv.base, device);
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await page.getByRole('heading', { name: '账号登录' }).waitFor();
    const name = page.getByText('社工站服务管理平台', { exact: true }).filter({ visible: true });
    assert.equal(await name.count(), 1, 'the product name shows once');
    await expectNoOverflow(page, file);
    await shot(page, file);
    expectClean(page);
    await page.context().close();
  }
});

test('a wrong password shows the server message', async () => {
  const page = await open(browser, srv.base);
  await page.goto('/login');
  // A field left empty says so under it, and nothing in the console.
  await page.locator('[data-test=login-form] input[name=username]').focus();
  await page.locator('[data-test=login-form] input[name=password]').focus();
  await page.locator('[data-test=login-form]').getByText('请输入用户名').waitFor();
  await submitLogin(page, 'wang', 'Wrong-Passw0rd');
  const alert = page.locator('[data-test=login-error]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /用户名或密码错误/);
  await shot(page, 'login-wrong-password');
  // Unknown users get the same answer.
  await submitLogin(page, 'nobody', 'Wrong-Passw0rd');
  await page.waitForTimeout(300);
  assert.match(await alert.innerText(), /用户名或密码错误/);
  expectClean(page);
  expectNoWarnings(page, 'on the login form');
  await page.context().close();
});

test('a session ended on the server sends the page to the login page saying it has expired', async () => {
  // Logged in in the browser; her session is then ended from another
  // device (as the idle timeout or a forced logout would end it).
  const other = await session(srv.base, 'ended');
  const page = await open(browser, srv.base);
  await page.goto('/login');
  await submitLogin(page, 'ended', TEST_PASSWORD2);
  await page.locator('[data-test=welcome]').waitFor();
  const list = await api(srv.base, 'GET', '/api/v1/session/sessions', undefined, {}, other);
  const browsers = list.body.items.filter((s) => !s.current);
  assert.equal(browsers.length, 1, list.text);
  assert.equal((await api(srv.base, 'DELETE', `/api/v1/session/sessions/${browsers[0].id}`, undefined, {}, other)).status, 200);
  // Her next step in the open page is refused, and the login page says why.
  // (A history step the router follows, as the back button would: the
  // page is not reloaded.)
  await page.evaluate(() => {
    history.pushState({}, '', '/clients');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  // The router's own step, no page load: the address is watched, not a
  // navigation's load event.
  await page.waitForFunction(() => /\/login\?.*expired/.test(location.href), null, { timeout: 30000 });
  const alert = page.locator('[data-test=login-error]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /登录已过期，请重新登录/);
  await shot(page, 'login-expired');
  // Logging in again goes back to the page the refusal found her on: the
  // client list, or the home page when one of its own requests was refused
  // first (on a busy machine it can be). The list may already have written
  // its sort and page into the address, so only the path is compared.
  const back = new URL(new URL(page.url()).searchParams.get('redirect') || '', srv.base).pathname;
  assert.ok(['/clients', '/'].includes(back), page.url());
  await submitLogin(page, 'ended', TEST_PASSWORD2);
  await page.waitForFunction((to) => location.pathname === to, back, { timeout: 30000 });
  expectClean(page);
  await page.context().close();
});

test('a first visit to a page without a session does not say the session expired', async () => {
  const page = await open(browser, srv.base);
  await page.goto('/stations');
  await page.waitForURL(/\/login/);
  await page.getByRole('heading', { name: '账号登录' }).waitFor();
  assert.doesNotMatch(page.url(), /expired/);
  assert.equal(await page.locator('[data-test=login-error]').count(), 0);
  await page.context().close();
});

test('after five failures the account is locked, even for the right password', async () => {
  const page = await open(browser, srv.base, PHONE);
  await page.goto('/login');
  const alert = page.locator('[data-test=login-error]');
  const attempt = async (password) => {
    const reply = page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST');
    await submitLogin(page, 'locky', password);
    return (await reply).status();
  };
  for (let i = 1; i <= 4; i++) {
    assert.equal(await attempt('Wrong-Passw0rd' + i), 401);
    await alert.waitFor();
    assert.match(await alert.innerText(), /用户名或密码错误/);
  }
  // The fifth failure locks the account, said as every failure is (a
  // guesser learns nothing); the right password then hears of the lock
  // and its duration.
  assert.equal(await attempt('Wrong-Passw0rd5'), 401);
  assert.equal(await attempt(TEST_PASSWORD), 423);
  await alert.getByText(/锁定/).waitFor();
  const text = await alert.innerText();
  assert.match(text, /15/, 'the message says how many minutes');
  await expectNoOverflow(page, 'lockout');
  await shot(page, 'login-locked-phone');
  expectClean(page);
  await page.context().close();
});

test('the first login forces a password change, then opens the home page', async () => {
  const page = await open(browser, srv.base);
  await page.goto('/stations');
  await page.waitForURL(/\/login/);
  await submitLogin(page, 'newbie', TEST_PASSWORD);
  const form = page.locator('[data-test=password-form]');
  await form.waitFor();
  await page.getByRole('heading', { name: '修改初始密码' }).waitFor();
  const fieldError = form.locator('.el-form-item').filter({ has: page.locator('input[name=new_password]') })
    .locator('.el-form-item__error');
  // A weak password is refused before it is sent …
  await form.locator('input[name=new_password]').fill('abcdefgh');
  await form.locator('input[name=confirm_password]').fill('abcdefgh');
  await page.locator('[data-test=password-submit]').click();
  await fieldError.waitFor();
  assert.match(await fieldError.innerText(), /至少 8 位/);
  // … and what only the server knows (the password in use) comes back
  // as the server's message under the field.
  await form.locator('input[name=new_password]').fill(TEST_PASSWORD);
  await form.locator('input[name=confirm_password]').fill(TEST_PASSWORD);
  const reply = page.waitForResponse((r) => r.url().endsWith('/api/v1/session/password'));
  await page.locator('[data-test=password-submit]').click();
  assert.equal((await reply).status(), 400);
  await page.waitForFunction(() => /最近|使用过|相同/.test(document.querySelector('[data-test=password-form]')?.innerText || ''));
  await shot(page, 'login-forced-change');
  await form.locator('input[name=new_password]').fill('Fresh-Passw0rd');
  await form.locator('input[name=confirm_password]').fill('Fresh-Passw0rd');
  await page.locator('[data-test=password-submit]').click();
  // Back to where the user wanted to go, the station list.
  await page.waitForURL(/\/stations/);
  await page.locator('[data-test=station-table]').waitFor();
  await page.goto('/');
  await page.locator('[data-test=welcome]').waitFor();
  assert.match(await page.locator('[data-test=welcome]').innerText(), /newbie/);
  await shot(page, 'home-after-first-login');
  // The new password works; the old one does not.
  const me = await page.evaluate(async () => (await fetch('/api/v1/session')).json());
  assert.equal(me.user.must_change_password, false);
  expectClean(page);
  expectNoWarnings(page, 'on the login and password forms');
  await page.context().close();
});

test('the password form asks for the length 参数设置 sets, and says so', async () => {
  const sec = await session(srv.base, 'sec');
  const put = (value) => api(srv.base, 'PUT', '/api/v1/settings/password.min_length', { value }, {}, sec);
  assert.equal((await put(12)).status, 200);
  try {
    const page = await open(browser, srv.base, PHONE);
    await page.goto('/login');
    await submitLogin(page, 'newbie12', TEST_PASSWORD);
    const form = page.locator('[data-test=password-form]');
    await form.waitFor();
    assert.match(await form.innerText(), /密码至少 12 位/);
    const fieldError = form.locator('.el-form-item').filter({ has: page.locator('input[name=new_password]') })
      .locator('.el-form-item__error');
    // Eleven characters and three classes: enough under the default, not now.
    await form.locator('input[name=new_password]').fill('Short-Pass1');
    await form.locator('input[name=confirm_password]').fill('Short-Pass1');
    let sent = false;
    page.on('request', (q) => { if (q.url().endsWith('/api/v1/session/password')) sent = true; });
    await page.locator('[data-test=password-submit]').click();
    await fieldError.waitFor();
    assert.match(await fieldError.innerText(), /至少 12 位/);
    assert.equal(sent, false, 'refused before it is sent');
    await form.locator('input[name=new_password]').fill('Twelve-Pass1');
    await form.locator('input[name=confirm_password]').fill('Twelve-Pass1');
    await page.locator('[data-test=password-submit]').click();
    await page.locator('[data-test=welcome]').waitFor();
    expectClean(page);
    await page.context().close();
  } finally {
    await put(8);
  }
});
