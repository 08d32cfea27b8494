// A deployment initialised without a profile (`sgz init`, as the README
// allows): the 政策配置 page gives the server's reason and what the
// administrator does, and the new-station dialog says the same instead of
// an empty list of station types.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, session, TEST_PASSWORD2 } from '../api/lib.mjs';
import { launch, open, shot, expectClean, loginAs, DESKTOP } from './lib.mjs';

let srv;
let browser;

before(async () => {
  [srv, browser] = await Promise.all([startServer({ init: true, anonymous: true }), launch()]);
  addUser(srv, 'admin2', 'bureau,sysadmin', 'all');
  await session(srv.base, 'admin2');
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, 'server exit: ' + (r?.stderr || '').slice(-2000));
});

test('no active profile: the profile page and the new-station dialog say why and what to do', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'admin2', TEST_PASSWORD2);
  // 工作台 first: no station yet, and why.
  const none = page.locator('[data-test=home-no-stations]');
  await none.waitFor();
  assert.match(await none.innerText(), /尚未选择政策配置，还不能新建站点：请系统管理员在服务器上运行 sgz profile use 名称/);
  await page.goto('/system/profile');
  const failed = page.locator('[data-test=profile-failed]');
  await failed.waitFor();
  const text = await failed.innerText();
  assert.match(text, /尚未选择政策配置/, text);
  assert.match(await page.locator('[data-test=profile-none-hint]').innerText(), /sgz profile use 名称[\s\S]*重启 sgz serve/);
  await shot(page, 'profile-none');

  await page.goto('/stations');
  await page.locator('[data-test=station-create]').click();
  const alert = page.locator('[data-test=station-no-profile]');
  await alert.waitFor();
  const said = await alert.innerText();
  assert.match(said, /尚未选择政策配置/, said);
  assert.match(said, /sgz profile use 名称[\s\S]*重启 sgz serve/, said);
  const dialog = page.locator('[data-test=station-create-dialog]');
  assert.equal(await dialog.locator('.el-form').count(), 0, 'no empty form');
  assert.ok(await dialog.getByRole('button', { name: '保存' }).isDisabled());
  await shot(page, 'station-create-no-profile');
  expectClean(page);
  await page.context().close();
});
