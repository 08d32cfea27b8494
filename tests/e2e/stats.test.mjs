// 统计查询: a county bureau officer asks the demo county's figures by
// township for January to May, from the menu; the table's 合计 row is
// the API's total for the same query (not the rows added up), a figure
// with no source reads 暂无数据, a figure that cannot take the cut is
// refused with its name, the CSV download holds the table's rows and the
// total, and the page fits a phone (its filters behind 更多筛选).
// Clock: 2026-06-15 (server); the realistic demo county 430223.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, addUser, session, api, sgz, TEST_PASSWORD2 } from '../api/lib.mjs';
import { launch, open, shot, expectClean, expectNoOverflow, loginAs, DESKTOP, PHONE } from './lib.mjs';

let srv;
let browser;
let auth;

const MEASURES = ['records', 'person_times', 'clients_served', 'service_hours', 'visits', 'cases_opened', 'cases_closed'];

before(async () => {
  [srv, browser] = await Promise.all([startServer({ anonymous: true, full: true }), launch()]);
  // Clients and two years of records over the county's stations.
  const r = sgz(['demo', '--region', '430223', '--clients', '200', '--services', '1500'], srv.env);
  assert.equal(r.status, 0, r.stderr);
  addUser(srv, 'bureau', 'bureau', 'region:430223');
  auth = await session(srv.base, 'bureau');
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, 'server exit: ' + (r?.stderr || '').slice(-2000));
});

async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[data-test=stats-frame] .el-loading-mask:not([style*="display: none"])'));
}

async function month(page, which, value) {
  const input = page.locator(`[data-test=stats-${which}] input`);
  await input.fill(value);
  await input.press('Enter');
}

/** The table as text: header, rows, total. */
async function readTable(page) {
  const table = page.locator('[data-test=stats-table]');
  const cells = (loc) => loc.evaluateAll((els) => els.map((e) => e.textContent.trim()));
  return {
    head: await cells(table.locator('thead th')),
    rows: await table.locator('tbody tr[data-test=stats-row]').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()))),
    total: await cells(table.locator('tfoot [data-test=stats-total] > *')),
  };
}

const shown = (code, v) => (v === null ? '暂无数据' : code === 'service_hours' ? Number(v).toFixed(1) : String(v));

test('a county by township, January to May: total from the API, CSV as shown', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'bureau', TEST_PASSWORD2);
  await page.locator('[data-test=side-menu]').getByText('统计查询', { exact: true }).click();
  await page.waitForURL(/\/stats/);
  // The defaults: this year's January to last month (the server's day).
  assert.equal(await page.locator('[data-test=stats-from] input').inputValue(), '2026-01');
  assert.equal(await page.locator('[data-test=stats-to] input').inputValue(), '2026-05');
  for (const m of MEASURES) assert.ok(await page.locator(`[data-test=stats-measure-${m}] input`).isChecked(), m);
  assert.match(await page.locator('[data-test=stats-by]').innerText(), /乡镇/);
  await settled(page);

  await month(page, 'from', '2026-01');
  await month(page, 'to', '2026-05');
  await page.locator('[data-test=stats-measure-volunteers]').click(); // no source yet: 暂无数据
  await page.locator('[data-test=stats-query]').click();
  await settled(page);
  assert.equal((await page.locator('[data-test=stats-caption]').innerText()).trim(), '2026-01至2026-05，按乡镇');

  const measures = [...MEASURES, 'volunteers'];
  const q = `/api/v1/stats?from=2026-01&to=2026-05&by=township&measures=${measures.join(',')}`;
  const r = await api(srv.base, 'GET', q, undefined, {}, auth);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.rows.length >= 2, 'the demo county has several townships: ' + r.text);
  assert.ok(r.body.total.records > 0, 'records in the period');

  const tbl = await readTable(page);
  assert.deepEqual(tbl.head, ['乡镇（街道）', '服务记录', '服务人次', '服务人数', '服务时长（小时）', '走访户次', '新开个案', '结案个案', '志愿者人数']);
  assert.deepEqual(tbl.total, ['合计', ...measures.map((m) => shown(m, r.body.total[m]))]);
  assert.equal(tbl.total.at(-1), '暂无数据');
  assert.deepEqual(tbl.rows, r.body.rows.map((row) => [row.township_label, ...measures.map((m) => shown(m, row[m]))]));
  // The total is the query's, not the rows added up: people served in
  // two townships' stations are counted once (never more than the sum).
  const sum = r.body.rows.reduce((a, row) => a + row.clients_served, 0);
  assert.ok(r.body.total.clients_served <= sum);
  await shot(page, 'stats-desktop');

  // The CSV: the same header, rows and total.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=stats-export]').click()]);
  assert.equal(dl.suggestedFilename(), '统计_2026-01至2026-05_按乡镇.csv');
  const text = readFileSync(await dl.path(), 'utf8');
  assert.ok(text.startsWith('\uFEFF'), 'a byte-order mark for Excel');
  const lines = text.slice(1).trimEnd().split('\r\n').map((l) => l.split(','));
  // After 合计, the notes under the table: the total is not the rows
  // added up, and hours are rounded row by row (the rows' tenths need not
  // add up to the total's).
  const note = (await page.locator('[data-test=stats-note]').allInnerTexts()).map((n) => [n.trim()]);
  assert.deepEqual(note, [
    ['合计按整个查询计算，不是各行相加：同一人在多个月份或多个类别中被服务，合计中只算一人。'],
    ['时长以分钟累计，各行和合计分别换算为小时并四舍五入保留一位小数，故各行相加与合计可能相差零点几小时。'],
  ]);
  assert.deepEqual(lines, [tbl.head, ...tbl.rows, tbl.total, ...note]);

  // A figure that cannot be cut that way: refused, and named.
  await page.locator('[data-test=stats-by]').click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').getByText('服务对象类别', { exact: true }).click();
  await page.keyboard.press('Escape');
  // Told before asking, and refused by the server when asked anyway.
  assert.match(await page.locator('[data-test=stats-misfit]').innerText(), /服务记录、服务时长、走访户次、新开个案、结案个案/);
  await page.locator('[data-test=stats-query]').click();
  const err = page.locator('[data-test=stats-error]');
  await err.waitFor();
  assert.match(await err.innerText(), /统计指标“服务记录”不能按所选的维度分组/);
  assert.match(await err.innerText(), /服务记录/);
  assert.equal(await page.locator('[data-test=stats-table]').count(), 0);
  await shot(page, 'stats-refused');
  expectClean(page);
});

test('a query refused before it is asked leaves no earlier table to read or export', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'bureau', TEST_PASSWORD2);
  await page.goto('/stats?from=2026-01&to=2026-05&by=township');
  await page.locator('[data-test=stats-table]').waitFor();
  // The grouping taken off, then asked.
  await page.locator('[data-test=stats-by]').click();
  await page.locator('[data-test=stats-by-township]').click();
  await page.keyboard.press('Escape');
  await page.locator('[data-test=stats-query]').click();
  await page.locator('[data-test=stats-error]').waitFor();
  assert.equal(await page.locator('[data-test=stats-table]').count(), 0);
  assert.ok(await page.locator('[data-test=stats-export]').isDisabled(), 'nothing to export');
  expectClean(page);
  await page.close();
});

test('the page fits a phone; the table scrolls in its frame', async () => {
  const page = await open(browser, srv.base, PHONE);
  await loginAs(page, 'bureau', TEST_PASSWORD2);
  await page.goto('/stats?from=2026-01&to=2026-05&by=township,quarter');
  await page.locator('[data-test=stats-table]').waitFor();
  await settled(page);
  const tbl = await readTable(page);
  assert.deepEqual(tbl.head.slice(0, 2), ['乡镇（街道）', '季度']);
  const r = await api(srv.base, 'GET', `/api/v1/stats?from=2026-01&to=2026-05&by=township,quarter&measures=${MEASURES.join(',')}`,
    undefined, {}, auth);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(tbl.total, ['合计', ...MEASURES.map((m) => shown(m, r.body.total[m]))]);
  const frame = await page.locator('[data-test=stats-frame]').evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth }));
  assert.ok(frame.sw > frame.cw, 'seven figures are wider than a phone: the frame scrolls');
  // Scrolled sideways, the township stays in sight.
  const stuck = await page.locator('[data-test=stats-frame]').evaluate((el) => {
    el.scrollLeft = 200;
    const cell = el.querySelector('tbody tr td');
    return Math.abs(cell.getBoundingClientRect().left - el.getBoundingClientRect().left);
  });
  assert.ok(stuck < 2, 'the first column stays put: ' + stuck);
  await page.locator('[data-test=stats-frame]').evaluate((el) => { el.scrollLeft = 0; });
  await expectNoOverflow(page, '/stats');
  await shot(page, 'stats-phone');
  // The filters wait behind 更多筛选, and stack when shown.
  assert.equal(await page.locator('[data-test=stats-region]').isVisible(), false);
  await page.locator('[data-test=stats-more]').click();
  await page.locator('[data-test=stats-region]').waitFor();
  const [a, b] = await Promise.all(['region', 'station'].map((f) => page.locator(`[data-test=stats-${f}]`).boundingBox()));
  assert.ok(b.y > a.y + a.height - 1, 'one filter under the other');
  await expectNoOverflow(page, '/stats with filters');
  await shot(page, 'stats-phone-filters');
  expectClean(page);
});

test('in English a quarter cut short says its days, in the table and the CSV, with no Chinese but the places', async () => {
  for (const [device, name] of [[DESKTOP, 'stats-en-desktop'], [PHONE, 'stats-en-phone']]) {
    const page = await open(browser, srv.base, device);
    await loginAs(page, 'bureau', TEST_PASSWORD2);
    await page.evaluate(() => localStorage.setItem('sgz.locale', 'en'));
    await page.goto('/stats?from=2026-02&to=2026-05&by=quarter,type&measures=records,person_times,service_hours');
    await page.locator('[data-test=stats-table]').waitFor();
    await settled(page);
    const tbl = await readTable(page);
    const quarters = [...new Set(tbl.rows.map((r) => r[0]))];
    assert.deepEqual(quarters, ['Q1 2026 (2026-02-01 to 2026-03-31)', 'Q2 2026 (2026-04-01 to 2026-05-31)']);
    const han = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/;
    for (const cell of [...tbl.head, ...tbl.rows.flat(), ...tbl.total]) assert.doesNotMatch(cell, han, cell);
    if (device === DESKTOP) {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=stats-export]').click()]);
      const lines = readFileSync(await dl.path(), 'utf8').slice(1).trimEnd().split('\r\n');
      // Header, rows, total and the two notes under the table.
      assert.equal(lines.length, 4 + tbl.rows.length);
      assert.match(lines.at(-2), /^"The total is computed for the whole query/);
      assert.match(lines.at(-1), /^"Durations are summed in minutes; .* rounded to a tenth on their own/);
      assert.ok(lines[1].startsWith('Q1 2026 (2026-02-01 to 2026-03-31),'), lines[1]);
      assert.doesNotMatch(lines.join('\n'), han);
    } else {
      await expectNoOverflow(page, '/stats in English');
    }
    await shot(page, name);
    expectClean(page);
  }
});

test("one station's figures download under its name, so that several stations' files are told apart", async () => {
  const st = (await api(srv.base, 'GET', '/api/v1/stations?type=township_station&limit=1', undefined, {}, auth)).body.items[0];
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'bureau', TEST_PASSWORD2);
  await page.goto(`/stats?from=2026-01&to=2026-05&by=month&measures=records&station_id=${st.id}`);
  await page.locator('[data-test=stats-table]').waitFor();
  await settled(page);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=stats-export]').click()]);
  assert.equal(dl.suggestedFilename(), `统计_${st.name}_2026-01至2026-05_按月份.csv`);
  const head = readFileSync(await dl.path(), 'utf8').slice(1).split('\r\n')[0];
  assert.match(head, /^月份,/, 'the CSV stays a table, header first');
  expectClean(page);
});

test('by category the page and the CSV say what the total holds beyond the rows', async () => {
  // 14 category rows of some 3,900 人次 under a 合计 of 29,519 read as an
  // error when nothing said that the total also counts people not
  // registered and clients with no category on the day.
  const q = 'from=2026-01&to=2026-05&by=category&measures=person_times,clients_served';
  const r = await api(srv.base, 'GET', `/api/v1/stats?${q}`, undefined, {}, auth);
  assert.equal(r.status, 200, r.text);
  const sum = r.body.rows.reduce((a, row) => a + row.person_times, 0);
  assert.ok(r.body.total.person_times > sum, `the demo's headcount is in no row: ${r.body.total.person_times} > ${sum}`);
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'bureau', TEST_PASSWORD2);
  await page.goto(`/stats?${q}`);
  await page.locator('[data-test=stats-table]').waitFor();
  await settled(page);
  const note = (await page.locator('[data-test=stats-note]').innerText()).trim();
  assert.match(note, /各行只计服务当日持有该类别的已登记服务对象/);
  assert.match(note, /未登记人员/);
  assert.match(note, /服务当日没有类别的服务对象/);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=stats-export]').click()]);
  const lines = readFileSync(await dl.path(), 'utf8').slice(1).trimEnd().split('\r\n');
  assert.equal(lines.at(-2), `合计,${r.body.total.person_times},${r.body.total.clients_served}`);
  assert.equal(lines.at(-1), note, 'the note follows 合计 in the CSV');
  await shot(page, 'stats-by-category');
  // In English, likewise.
  await page.evaluate(() => localStorage.setItem('sgz.locale', 'en'));
  await page.reload();
  await page.locator('[data-test=stats-table]').waitFor();
  await settled(page);
  assert.match(await page.locator('[data-test=stats-note]').innerText(), /people not registered .* and clients with no category on the day/);
  expectClean(page);
  await page.context().close();
});

test("a township officer's county row is said to be her township's part, in the heading, the CSV and its name", async () => {
  const st = (await api(srv.base, 'GET', '/api/v1/stations?type=township_station&limit=1', undefined, {}, auth)).body.items[0];
  const town = st.region_code.slice(0, 9);
  addUser(srv, 'townstats', 'township_officer', `region:${town}`);
  await session(srv.base, 'townstats');
  const name = (await api(srv.base, 'GET', `/api/v1/regions/${town}`, undefined, {}, auth)).body.name;
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'townstats', TEST_PASSWORD2);
  await page.goto('/stats?from=2026-01&to=2026-05&by=county&measures=records');
  await page.locator('[data-test=stats-table]').waitFor();
  await settled(page);
  assert.equal((await page.locator('[data-test=stats-caption]').innerText()).trim(), `2026-01至2026-05，按县（本人数据范围：${name}）`);
  assert.equal((await readTable(page)).rows[0][0], '攸县');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=stats-export]').click()]);
  assert.equal(dl.suggestedFilename(), `统计_${name}范围内_2026-01至2026-05_按县.csv`);
  const lines = readFileSync(await dl.path(), 'utf8').slice(1).trimEnd().split('\r\n');
  assert.match(lines[0], /^县（市、区）,/, 'header first');
  assert.match(lines.at(-2), /^合计,/);
  assert.equal(lines.at(-1), `注：只含本人数据范围（${name}）内的数据，各行不是所列地区的全部数据。`);
  await shot(page, 'stats-township-by-county');
  // Her own township is whole in her range: nothing to say.
  await page.goto('/stats?from=2026-01&to=2026-05&by=township&measures=records');
  await page.locator('[data-test=stats-table]').waitFor();
  await settled(page);
  assert.equal((await page.locator('[data-test=stats-caption]').innerText()).trim(), '2026-01至2026-05，按乡镇');
  expectClean(page);
  await page.context().close();
});

test('an empty period ending before this month says how to see this month', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'bureau', TEST_PASSWORD2);
  await page.goto('/stats?from=2020-01&to=2020-03&by=month&measures=records');
  await page.locator('[data-test=stats-table]').waitFor();
  await settled(page);
  const hint = (await page.locator('[data-test=stats-this-month]').innerText()).trim();
  assert.equal(hint, '默认统计到上月为止（已结束的月份）；要看本月的数据，请把截止月份选为2026-06。');
  expectClean(page);
  await page.context().close();
});
