// A province's officer (湖南, some two thousand township stations): the
// station pickers offer every station of her range, not a first page of
// 200, and one past the 200th can be picked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, session, api, TEST_PASSWORD2 } from '../api/lib.mjs';
import { launch, open, expectClean, loginAs, DESKTOP } from './lib.mjs';

let srv;
let browser;

before(async () => {
  [srv, browser] = await Promise.all([startServer({ anonymous: true, region: '43' }), launch()]);
  addUser(srv, 'province', 'bureau', 'all');
  await session(srv.base, 'province');
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, 'server exit: ' + (r?.stderr || '').slice(-2000));
});

test('the client list offers all the province\'s stations and filters by one past the 200th', async () => {
  const auth = await session(srv.base, 'province', TEST_PASSWORD2);
  const first = (await api(srv.base, 'GET', '/api/v1/stations?limit=1&sort=region', undefined, {}, auth)).body;
  assert.ok(first.total > 1000, `${first.total} stations`);
  const last = (await api(srv.base, 'GET', `/api/v1/stations?limit=1&sort=region&page=${first.total}`, undefined, {}, auth)).body.items[0];
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'province', TEST_PASSWORD2);
  await page.goto('/clients');
  await page.locator('[data-test=client-station]').click();
  const options = page.locator('.el-select__popper:visible .el-select-dropdown__item');
  await options.first().waitFor();
  assert.equal(await options.count(), first.total, 'every station is offered');
  await page.locator('[data-test=client-station] input').fill(last.name);
  await options.filter({ hasText: last.name }).first().click();
  await page.locator('[data-test=client-filters] button[type=submit]').click();
  await page.waitForURL(new RegExp(`station_id=${last.id}\\b`));
  expectClean(page);
  await page.context().close();
});
