// 区划与站点: each user sees the stations of her data range, on desktop
// and on a phone; the detail page shows the facilities checklist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, session, api, TEST_PASSWORD2 } from '../api/lib.mjs';
import { launch, open, shot, expectClean, expectNoOverflow, expectNoWarnings, loginAs, DESKTOP, PHONE } from './lib.mjs';

let srv;
let browser;

before(async () => {
  [srv, browser] = await Promise.all([startServer({ anonymous: true }), launch()]);
  addUser(srv, 'worker', 'social_worker', 'stations:2');
  addUser(srv, 'bureau', 'bureau', 'all');
  // Both change their first password through the API; the UI logs in
  // with the second one.
  await Promise.all([session(srv.base, 'worker'), session(srv.base, 'bureau')]);
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, 'server exit: ' + (r?.stderr || '').slice(-2000));
});

async function stationNames(page, mobile) {
  const rows = mobile ? page.locator('[data-test=station-cards] [data-test=station-row] .station-name')
    : page.locator('[data-test=station-table] .el-table__body-wrapper tr.station-row td:nth-child(2)');
  await rows.first().waitFor();
  return (await rows.allInnerTexts()).map((s) => s.trim());
}

test('a station worker sees only her own station', async () => {
  for (const [device, file, mobile] of [[DESKTOP, 'stations-worker-desktop', false], [PHONE, 'stations-worker-phone', true]]) {
    const page = await open(browser, srv.base, device);
    await loginAs(page, 'worker', TEST_PASSWORD2);
    await page.goto('/stations');
    const names = await stationNames(page, mobile);
    assert.deepEqual(names, ['攸县联星街道社会工作服务站']);
    assert.match(await page.locator('[data-test=station-total]').innerText(), /共 1 条/);
    // No "new station" button for a worker.
    assert.equal(await page.locator('[data-test=station-create]').count(), 0);
    await expectNoOverflow(page, file);
    await shot(page, file);
    // Another station's page is refused by the server and says so.
    await page.goto('/stations/3');
    await page.locator('.el-empty').waitFor();
    assert.equal(await page.locator('[data-test=station-name]').count(), 0);
    expectClean(page);
    await page.context().close();
  }
});

test('a bureau user sees all 18 stations, pages through them and opens one', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'bureau', TEST_PASSWORD2);
  // Through the sidebar, as a person would.
  await page.locator('[data-test=side-menu]').getByText('区划与站点').click();
  await page.waitForURL(/\/stations/);
  let names = await stationNames(page, false);
  assert.equal(names.length, 18);
  assert.match(await page.locator('[data-test=station-total]').innerText(), /共 18 条/);
  assert.ok(names.includes('攸县社会工作服务指导中心'));
  await expectNoOverflow(page, 'stations-bureau-desktop');
  await shot(page, 'stations-bureau-desktop');

  // The new-station form: a one-character name is said on leaving it, and
  // a station without its region is not sent.
  const auth = await session(srv.base, 'bureau', TEST_PASSWORD2);
  const total = async () => (await api(srv.base, 'GET', '/api/v1/stations?limit=1', undefined, {}, auth)).body.total;
  assert.equal(await total(), 18);
  await page.locator('[data-test=station-create]').click();
  const create = page.locator('[data-test=station-create-dialog]');
  await create.waitFor();
  const field = (dlg, label) => dlg.locator('.el-form-item').filter({ hasText: label });
  await field(create, '站点名称').locator('input').fill('甲');
  await field(create, '地址').locator('input').click();
  await field(create, '站点名称').locator('.el-form-item__error').getByText('长度应为 2–60 个字符').waitFor();
  await create.getByRole('button', { name: '保存' }).click();
  await field(create, '所在区划').locator('.el-form-item__error').getByText('请选择所在区划').waitFor();
  await shot(page, 'station-create-errors');
  await page.waitForTimeout(300);
  assert.equal(await total(), 18, 'nothing was created');
  await create.getByRole('button', { name: '取消' }).click();
  await create.waitFor({ state: 'hidden' });

  // Filter by status: all are active in the demo.
  await page.goto('/stations?status=inactive');
  await page.locator('[data-test=station-table] .el-table__empty-text').waitFor();
  await page.goto('/stations?limit=10&page=2');
  names = await stationNames(page, false);
  assert.equal(names.length, 8);

  // The detail page with its checklist.
  await page.goto('/stations/2');
  await page.locator('[data-test=station-name]').waitFor();
  assert.equal(await page.locator('[data-test=station-name]').innerText(), '攸县联星街道社会工作服务站');
  assert.match(await page.locator('[data-test=standards]').innerText(), /0 \/ 19/);
  // What the rules find from the station's records is shown beside the
  // ticks, whatever is ticked: its reports overdue, nobody in post.
  const found = page.locator('[data-test=station-violations]');
  await found.waitFor();
  assert.match(await found.innerText(), /合规检查发现本站 \d+ 项违规[\s\S]*已逾期未提交/);
  // Tick one required item and save (If-Match travels with it).
  await page.locator('[data-test=facilities-edit]').click();
  await page.locator('.fac-item').filter({ hasText: '单独的办公用房' }).locator('.el-switch').click();
  await page.locator('[data-test=facilities-save]').click();
  await page.getByText('保存成功').waitFor();
  assert.match(await page.locator('[data-test=standards]').innerText(), /1 \/ 19/);
  await expectNoOverflow(page, 'station-detail-desktop');
  await shot(page, 'station-detail-desktop');
  // The edit form: an emptied name is said on leaving it, and not sent.
  const before = (await api(srv.base, 'GET', '/api/v1/stations/2', undefined, {}, auth)).body;
  await page.locator('[data-test=station-edit]').click();
  const edit = page.locator('[data-test=station-edit-dialog]');
  await edit.waitFor();
  await field(edit, '站点名称').locator('input').fill('');
  await field(edit, '地址').locator('input').click();
  await field(edit, '站点名称').locator('.el-form-item__error').getByText('请输入站点名称').waitFor();
  await edit.getByRole('button', { name: '保存' }).click();
  await page.waitForTimeout(300);
  await field(edit, '站点名称').locator('.el-form-item__error').getByText('请输入站点名称').waitFor();
  const after = (await api(srv.base, 'GET', '/api/v1/stations/2', undefined, {}, auth)).body;
  assert.deepEqual([after.version, after.name], [before.version, before.name], 'nothing was saved');
  await edit.getByRole('button', { name: '取消' }).click();
  await edit.waitFor({ state: 'hidden' });
  // None of these checks leaves a warning in the console.
  expectNoWarnings(page, 'on the station forms');
  expectClean(page);
  await page.context().close();

  const phone = await open(browser, srv.base, PHONE);
  await loginAs(phone, 'bureau', TEST_PASSWORD2);
  await phone.goto('/stations');
  names = await stationNames(phone, true);
  assert.equal(names.length, 18);
  await expectNoOverflow(phone, 'stations-bureau-phone');
  await shot(phone, 'stations-bureau-phone');
  // The sidebar is a drawer on a phone.
  await phone.locator('[data-test=menu-toggle]').click();
  await phone.locator('.menu-drawer [data-test=side-menu]').waitFor();
  await shot(phone, 'menu-drawer-phone');
  await phone.locator('.menu-drawer').getByText('工作台').click();
  await phone.locator('[data-test=welcome]').waitFor();
  await phone.goto('/stations/2');
  await phone.locator('[data-test=station-name]').waitFor();
  await expectNoOverflow(phone, 'station-detail-phone');
  await shot(phone, 'station-detail-phone');
  // The edit dialog fits the screen.
  await phone.locator('[data-test=station-edit]').click();
  const dialog = phone.locator('[data-test=station-edit-dialog]');
  await dialog.waitFor();
  const box = await dialog.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 390, 'the dialog fits 390 px');
  await shot(phone, 'station-edit-phone');
  expectClean(phone);
  await phone.context().close();
});

test('a stale version is refused and the user is told to reload', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'bureau', TEST_PASSWORD2);
  await page.goto('/stations/4');
  await page.locator('[data-test=station-name]').waitFor();
  // Someone else changes the station meanwhile.
  const auth = await session(srv.base, 'bureau', TEST_PASSWORD2);
  const cur = await api(srv.base, 'GET', '/api/v1/stations/4', undefined, {}, auth);
  const r = await api(srv.base, 'PATCH', '/api/v1/stations/4', { address: '某路 1 号' },
    { 'If-Match': String(cur.body.version) }, auth);
  assert.equal(r.status, 200);
  await page.locator('[data-test=station-edit]').click();
  await page.locator('[data-test=station-edit-dialog] input').nth(1).fill('另一个地址');
  await page.locator('[data-test=station-edit-dialog]').getByRole('button', { name: '保存' }).click();
  const box = page.locator('.el-message-box');
  await box.waitFor();
  assert.match(await box.innerText(), /刷新|已被他人修改/);
  await box.getByRole('button', { name: '重新加载' }).click();
  await page.getByText('某路 1 号').waitFor();
  expectClean(page);
  await page.context().close();
});
