// The contract pages in a browser: the demo county's contract (sgz demo
// --contracts) in the list, its page with stations, targets behind and
// an overdue filing, the filings, annual plans and debarments pages; a
// contract's terms ended from the page; everything at phone width too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, sgz, session, TEST_USER, TEST_PASSWORD, TEST_PASSWORD2 } from '../api/lib.mjs';
import { launch, open, shot, expectClean, expectNoOverflow, loginAs, DESKTOP, PHONE } from './lib.mjs';

let srv;
let browser;
let contract;

before(async () => {
  [srv, browser] = await Promise.all([startServer(), launch()]);
  const r = sgz(['demo', '--region', '430223'], srv.env); // the county's contract
  assert.equal(r.status, 0, r.stderr);
  contract = (await api(srv.base, 'GET', '/api/v1/contracts')).body.items[0];
  assert.ok(contract, 'the demo contract');
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, 'server exit: ' + (r?.stderr || '').slice(-2000));
});

async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('.el-loading-mask:not([style*="display: none"])'));
}

test('the contract list, page and its tabs on a desk', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, TEST_USER, TEST_PASSWORD2);
  await page.locator('[data-test=side-menu]').getByText('协议管理', { exact: true }).waitFor();
  await page.goto('/contracts');
  // In force by status, each says where its term is: the demo's runs
  // today; one signed for next year has not begun.
  const next = await api(srv.base, 'POST', '/api/v1/contracts', {
    code: 'NEXT-2027-01', title: '下一周期服务项目', organisation_id: contract.organisation_id, procurement: 'open_tender', cycle_years: 1, cycle_year: 1,
    amount_fen: 1000000, signed_on: '2026-06-01', effective_on: '2026-06-01', starts_on: '2027-01-01', ends_on: '2027-12-31', region_code: contract.region_code, stations: [{ station_id: contract.stations[0].station_id, amount_fen: 1000000 }] });
  assert.equal(next.status, 201, next.text);
  const phaseOf = (code) => page.locator('[data-test=contract-table] tr').filter({ hasText: code }).locator('[data-test=contract-phase]').innerText();
  assert.equal(await phaseOf('NEXT-2027-01'), '未开始');
  assert.equal(await phaseOf(contract.code), '履行中');
  await page.locator('[data-test=contract-table]').getByText(contract.code).click();
  await page.waitForURL(`**/contracts/${contract.id}**`);
  await page.getByText(contract.title).first().waitFor();
  await settled(page);
  await expectNoOverflow(page, 'contract page');
  await shot(page, 'contract-page');
  await page.getByRole('tab', { name: '年度目标' }).click();
  assert.ok(await page.locator('[data-test=target-row]').count() >= 3);
  await page.getByText('落后于进度').first().waitFor();
  // Behind, with how many are due by now, in one phrase.
  assert.match(await page.locator('[data-test=target-row] .behind').first().innerText(), /^\d+ \/ \d+（落后于进度，按进度应完成 \d+）$/);
  await shot(page, 'contract-targets');
  await page.getByRole('tab', { name: '备案' }).click();
  await page.locator('[data-test=filing-table]').getByText('逾期').first().waitFor();
  await page.goto(`/contracts/${contract.id}?tab=payments`);
  await page.getByText('拨付计划、绩效评估、履约验收和专账在资金拨付模块中管理').waitFor();
  await page.locator('[data-test=contract-payments-link]').click();
  await page.waitForURL(`**/contracts/${contract.id}/payments`);
  for (const [path, ready, file] of [['/filings', '[data-test=filing-table]', 'filings'], ['/work-plans', '[data-test=work-plan]', 'work-plans'],
    ['/debarments', '[data-test=debarment-table]', 'debarments']]) {
    await page.goto(path);
    await page.locator(ready).first().waitFor();
    await settled(page);
    await expectNoOverflow(page, path);
    await shot(page, file);
  }
  expectClean(page);
  await page.context().close();
});

test("a contract's own reports are on its page (报告), each opening its report", async () => {
  const u = sgz(['user', 'add', 'korg', '--roles', 'org_admin', '--range', 'self', '--org', String(contract.organisation_id), '--password-stdin'],
    srv.env, TEST_PASSWORD + '\n');
  assert.equal(u.status, 0, u.stderr);
  const org = await session(srv.base, 'korg');
  const r = await api(srv.base, 'POST', '/api/v1/reports', { type: 'fund_use', contract_id: contract.id, period_from: '2026-01', period_to: '2026-05',
    key_work: '上半年资金使用说明' }, {}, org);
  assert.equal(r.status, 201, r.text);
  const s = await api(srv.base, 'POST', `/api/v1/reports/${r.body.id}/submit`, { version: r.body.version }, {}, org);
  assert.equal(s.status, 200, s.text);
  // Only the contract's own: a station's brief of its stations is not listed.
  const listed = (await api(srv.base, 'GET', `/api/v1/reports?contract_id=${contract.id}`)).body.items;
  assert.deepEqual(listed.map((x) => [x.type, x.contract_id]), [['fund_use', contract.id]]);
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, TEST_USER, TEST_PASSWORD2);
  await page.goto(`/contracts/${contract.id}?tab=reports`);
  const row = page.locator('[data-test=contract-reports] [data-test=contract-report]');
  await row.waitFor();
  assert.equal(await row.innerText(), '资金使用情况');
  await page.locator('[data-test=contract-reports]').getByText('2026-01 — 2026-05').waitFor();
  await shot(page, 'contract-reports');
  await row.click();
  await page.waitForURL(`**/reports/${r.body.id}`);
  await page.locator('[data-test=report-status]', { hasText: '已提交' }).waitFor();
  expectClean(page);
  await page.context().close();
});

/** Types a day into a DateInput (desk: the date picker). */
async function typeDay(input, day) {
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

test('a filled work plan dialog is kept: a click beside it and Esc do not drop it; a year out of range is said, not changed; a double click saves once', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, TEST_USER, TEST_PASSWORD2);
  await page.goto('/work-plans');
  await page.locator('[data-test=work-plan-create]').click();
  const dlg = page.locator('.el-dialog').filter({ has: page.locator('[data-test=work-plan-save]') });
  const title = '2026年度实施方案（双击测试）';
  await dlg.locator('[data-test=work-plan-title]').fill(title);
  const year = dlg.locator('[data-test=work-plan-year] input');
  await year.fill('1999');
  await year.blur();
  await dlg.locator('[data-test=work-plan-save]').click();
  const yearItem = dlg.locator('.el-form-item').filter({ has: page.locator('[data-test=work-plan-year]') });
  await yearItem.locator('.el-form-item__error').filter({ hasText: '年度须在 2000 至 2100 之间' }).waitFor();
  assert.equal(await year.inputValue(), '1999', 'the year typed is left as typed');
  // A click on the mask beside the dialog closes nothing.
  await page.mouse.click(8, 400);
  await page.waitForTimeout(400);
  assert.ok(await dlg.isVisible(), 'a click beside the dialog keeps it');
  // Esc asks; 继续填写 keeps what was typed.
  await page.keyboard.press('Escape');
  const box = page.locator('.el-message-box').filter({ hasText: '放弃未保存的内容？' });
  await box.waitFor();
  await shot(page, 'work-plan-discard');
  await box.getByRole('button', { name: '继续填写' }).click();
  await box.waitFor({ state: 'hidden' });
  assert.ok(await dlg.isVisible());
  assert.equal(await dlg.locator('[data-test=work-plan-title]').inputValue(), title);
  await year.fill('2026');
  await year.blur();
  await dlg.locator('[data-test=work-plan-save]').dblclick();
  await dlg.waitFor({ state: 'hidden' });
  await page.waitForTimeout(500);
  const plans = (await api(srv.base, 'GET', '/api/v1/work_plans?limit=200')).body.items;
  assert.equal(plans.filter((p) => p.title === title).length, 1, 'one plan for a double click');
  // Opened again: empty, with no error of the last time; Esc on an
  // unchanged form closes without asking.
  await page.locator('[data-test=work-plan-create]').click();
  await dlg.waitFor();
  assert.equal(await dlg.locator('.el-form-item__error').count(), 0);
  await page.keyboard.press('Escape');
  await dlg.waitFor({ state: 'hidden' });
  expectClean(page);
  await page.context().close();
});

test('a double-clicked filing and debarment are saved once', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, TEST_USER, TEST_PASSWORD2);
  await page.goto('/debarments');
  await page.locator('[data-test=debarment-create]').click();
  const dlg = page.locator('.el-dialog').filter({ has: page.locator('[data-test=debarment-save]') });
  await dlg.locator('.el-select').first().click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').first().click();
  await typeDay(dlg.locator('.el-date-editor input').nth(0), '2026-01-01');
  await typeDay(dlg.locator('.el-date-editor input').nth(1), '2026-03-01');
  await dlg.locator('[data-test=debarment-reason]').fill('双击只登记一次');
  const before = (await api(srv.base, 'GET', '/api/v1/debarments?limit=200')).body.items.length;
  await dlg.locator('[data-test=debarment-save]').dblclick();
  await dlg.waitFor({ state: 'hidden' });
  await page.waitForTimeout(500);
  const after = (await api(srv.base, 'GET', '/api/v1/debarments?limit=200')).body.items;
  assert.equal(after.length, before + 1);

  await page.goto('/filings');
  await page.locator('[data-test=filing-create]').click();
  const fdlg = page.locator('.el-dialog').filter({ has: page.locator('[data-test=filing-save]') });
  await fdlg.locator('[data-test=filing-kind]').click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').first().click();
  const ftitle = '双击备案测试';
  await fdlg.locator('.el-form-item').filter({ hasText: '备案事项' }).locator('input').fill(ftitle);
  await fdlg.locator('[data-test=filing-save]').dblclick();
  await fdlg.waitFor({ state: 'hidden' });
  await page.waitForTimeout(500);
  const filings = (await api(srv.base, 'GET', '/api/v1/filings?limit=200')).body.items;
  assert.equal(filings.filter((f) => f.title === ftitle).length, 1, 'one filing for a double click');
  expectClean(page);
  await page.context().close();
});

test('an amendment dated in the future is said under its date; a double click records it once', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, TEST_USER, TEST_PASSWORD2);
  await page.goto(`/contracts/${contract.id}?tab=amendments`);
  const date = page.locator('[data-test=amend-date] input');
  await date.waitFor();
  await typeDay(date, '2099-01-01');
  await page.locator('[data-test=amend-reason]').fill('服务内容调整');
  await page.locator('[data-test=amend-changes]').fill('增加一项儿童关爱服务');
  await page.locator('[data-test=amend-save]').click();
  const item = page.locator('.el-form-item').filter({ has: page.locator('[data-test=amend-date]') });
  await item.locator('.el-form-item__error').waitFor();
  await shot(page, 'contract-amendment-error');
  const before = (await api(srv.base, 'GET', `/api/v1/contracts/${contract.id}/amendments`)).body.items.length;
  await typeDay(date, contract.signed_on);
  await page.locator('[data-test=amend-save]').dblclick();
  await page.waitForFunction(() => !(document.querySelector('[data-test=amend-reason]')?.value));
  await page.waitForTimeout(500);
  const after = (await api(srv.base, 'GET', `/api/v1/contracts/${contract.id}/amendments`)).body.items.length;
  assert.equal(after, before + 1, 'one amendment for a double click');
  expectClean(page);
  await page.context().close();
});

test('a document uploaded by mistake is deleted by its uploader from the contract page', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, TEST_USER, TEST_PASSWORD2);
  await page.goto(`/contracts/${contract.id}?tab=document`);
  await page.locator('[data-test=contract-doc-input]').setInputFiles({ name: '错传的文件.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  const link = page.locator('.docs a', { hasText: '错传的文件.pdf' });
  await link.waitFor();
  const docs = (await api(srv.base, 'GET', `/api/v1/contracts/${contract.id}/documents`)).body.items;
  const doc = docs.find((d) => d.name === '错传的文件.pdf');
  await page.locator(`[data-test=contract-doc-delete-${doc.token}]`).click();
  await page.locator('.el-message-box').getByText(/错传的文件\.pdf/).waitFor();
  await page.locator('.el-message-box__btns .el-button--primary').click();
  await link.waitFor({ state: 'detached' });
  const left = (await api(srv.base, 'GET', `/api/v1/contracts/${contract.id}/documents`)).body.items;
  assert.ok(!left.some((d) => d.token === doc.token));
  expectClean(page);
  await page.context().close();
});

test('a target row left without its service type is said on its row, not dropped with 保存成功', async () => {
  const before = (await api(srv.base, 'GET', `/api/v1/contracts/${contract.id}`)).body;
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, TEST_USER, TEST_PASSWORD2);
  await page.goto(`/contracts/${contract.id}?tab=targets`);
  await page.locator('[data-test=target-edit]').first().waitFor();
  const rows = await page.locator('[data-test=target-edit]').count();
  await page.getByRole('button', { name: '添加一行' }).click();
  await page.locator('[data-test=target-edit]').nth(rows).locator('[data-test=target-quantity] input').fill('50');
  await page.locator('[data-test=targets-save]').click();
  await page.locator('[data-test=target-error]').getByText('请选择服务类型，或删除这一行').waitFor();
  assert.equal(await page.getByText('保存成功').count(), 0);
  const after = (await api(srv.base, 'GET', `/api/v1/contracts/${contract.id}`)).body;
  assert.equal(after.version, before.version, 'nothing saved');
  expectClean(page);
  await page.context().close();
});

test('terminating from the page asks for the reason', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, TEST_USER, TEST_PASSWORD2);
  await page.goto(`/contracts/${contract.id}`);
  await page.locator('[data-test=contract-terminate]').click();
  const dlg = page.locator('.el-dialog').filter({ hasText: '终止原因' });
  await dlg.locator('textarea').fill('承接机构严重违约');
  const date = dlg.locator('input').first();
  await date.click();
  await date.fill('2026-06-15');
  await date.press('Enter');
  await page.locator('[data-test=terminate-confirm]').click();
  await page.getByText('已于2026-06-15终止：承接机构严重违约').waitFor();
  const c = (await api(srv.base, 'GET', `/api/v1/contracts/${contract.id}`)).body;
  assert.equal(c.status, 'terminated');
  expectClean(page);
  await page.context().close();
});

test('the contract pages fit a phone', async () => {
  const m = await open(browser, srv.base, PHONE);
  await loginAs(m, TEST_USER, TEST_PASSWORD2);
  for (const [path, name] of [['/contracts', 'contracts-phone'], [`/contracts/${contract.id}`, 'contract-phone'], ['/filings', 'filings-phone'],
    ['/work-plans', 'work-plans-phone']]) {
    await m.goto(path);
    await m.locator('.app-content .panel').first().waitFor();
    await settled(m);
    await expectNoOverflow(m, path);
    await shot(m, name);
  }
  expectClean(m);
  await m.context().close();
});

test('the filings list pages past its first 50 and says how many there are', async () => {
  for (let i = 0; i < 55; i++) {
    const r = await api(srv.base, 'POST', '/api/v1/filings', { kind: 'recruitment_plan', year: 2020 + (i % 7), title: `招聘计划备案 ${i}` });
    assert.equal(r.status, 201, r.text);
  }
  const total = (await api(srv.base, 'GET', '/api/v1/filings?limit=1')).body.total;
  assert.ok(total > 55);
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, TEST_USER, TEST_PASSWORD2);
  await page.goto('/filings');
  const rows = page.locator('[data-test=filing-table] .el-table__body tr');
  await rows.first().waitFor();
  assert.equal(await page.locator('[data-test=filing-total]').innerText(), `共 ${total} 条`);
  assert.equal(await rows.count(), 50);
  await page.locator('[data-test=filing-pager] .number').filter({ hasText: '2' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-test=filing-table] .el-table__body tr').length === n, Math.min(50, total - 50));
  expectClean(page);
  await page.context().close();
});

test('a milestone begun but not finished is said on its row, not dropped', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, TEST_USER, TEST_PASSWORD2);
  await page.goto('/work-plans');
  await page.locator('[data-test=work-plan-create]').click();
  const dlg = page.locator('.el-dialog').filter({ has: page.locator('[data-test=work-plan-save]') });
  // No name: said under the field, not in a passing message.
  await dlg.locator('[data-test=work-plan-save]').click();
  await dlg.locator('.el-form-item').filter({ hasText: '计划名称' }).locator('.el-form-item__error').waitFor();
  await dlg.locator('.el-form-item').filter({ hasText: '计划名称' }).locator('input').fill('2026年度实施方案（节点测试）');
  await dlg.getByRole('button', { name: '添加一行' }).click();
  const row = dlg.locator('[data-test=work-plan-milestone]').first();
  await row.locator('input').first().fill('完成站点评估');
  await dlg.locator('[data-test=work-plan-save]').click();
  await dlg.locator('[data-test=work-plan-milestone-error]').waitFor();
  assert.equal(await dlg.locator('[data-test=work-plan-milestone-error]').innerText(), '请填写该节点的名称和完成期限');
  const due = row.locator('input').nth(1);
  await due.click();
  await due.fill('2026-09-30');
  await due.press('Enter');
  await dlg.locator('[data-test=work-plan-save]').click();
  await dlg.waitFor({ state: 'hidden' });
  const plans = (await api(srv.base, 'GET', '/api/v1/work_plans?limit=200')).body.items;
  const made = plans.find((p) => p.title === '2026年度实施方案（节点测试）');
  assert.deepEqual(made.milestones.map((m) => [m.title, m.due_on]), [['完成站点评估', '2026-09-30']]);
  expectClean(page);
  await page.context().close();
});

test('a filing without its kind and a debarment ending before it starts are said on their fields', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, TEST_USER, TEST_PASSWORD2);
  await page.goto('/filings');
  await page.locator('[data-test=filing-create]').click();
  const fdlg = page.locator('.el-dialog').filter({ has: page.locator('[data-test=filing-save]') });
  await fdlg.locator('[data-test=filing-save]').click();
  await fdlg.locator('.el-form-item__error').filter({ hasText: '请选择备案类别' }).waitFor();
  await fdlg.getByRole('button', { name: '取消' }).click();

  await page.goto('/debarments');
  await page.locator('[data-test=debarment-create]').click();
  const dlg = page.locator('.el-dialog').filter({ has: page.locator('[data-test=debarment-save]') });
  await dlg.locator('[data-test=debarment-save]').click();
  const errs = dlg.locator('.el-form-item__error');
  await errs.first().waitFor();
  assert.deepEqual(await errs.allInnerTexts(), ['请选择承接机构', '请选择开始日期', '请选择结束日期', '请填写原因']);
  await dlg.locator('.el-select').first().click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').first().click();
  for (const [i, day] of [[0, '2026-09-01'], [1, '2026-08-01']]) {
    const input = dlg.locator('.el-date-editor input').nth(i);
    await input.click();
    await input.fill(day);
    await input.press('Enter');
  }
  await dlg.locator('textarea').fill('提供虚假材料');
  await dlg.locator('[data-test=debarment-save]').click();
  await errs.filter({ hasText: '结束日期不能早于开始日期' }).waitFor();
  // The cleared fields' messages fade out: wait for them to go.
  for (let i = 0; i < 50 && (await errs.count()) > 1; i++) await page.waitForTimeout(100);
  assert.deepEqual(await errs.allInnerTexts(), ['结束日期不能早于开始日期']);
  expectClean(page);
  await page.context().close();
});

test('marking a filing filed: a refused date stays in its box, with the reason', async () => {
  const f = await api(srv.base, 'POST', '/api/v1/filings', { kind: 'recruitment_plan', year: 2026, contract_id: contract.id, title: '备案框测试' });
  assert.equal(f.status, 201, f.text);
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, TEST_USER, TEST_PASSWORD2);
  await page.goto(`/contracts/${contract.id}`);
  await page.getByRole('tab', { name: '备案' }).click();
  const row = page.locator('[data-test=filing-table] .el-table__body tr').filter({ hasText: '备案框测试' });
  await row.getByRole('button', { name: '登记备案' }).click();
  const box = page.locator('.el-message-box');
  const input = box.locator('input');
  await input.fill('2030-05-05');
  await box.getByRole('button', { name: '确定' }).click();
  await box.getByText('备案日期不能晚于今天').waitFor();
  // Someone else changes the filing meanwhile: the server's refusal is
  // said in the box, which stays open with the date typed.
  const changed = await api(srv.base, 'PATCH', `/api/v1/filings/${f.body.id}`, { notes: '已电话催办', version: f.body.version });
  assert.equal(changed.status, 200, changed.text);
  await input.fill('2026-06-01');
  await box.getByRole('button', { name: '确定' }).click();
  await box.locator('.el-message-box__errormsg').filter({ hasText: /修改|版本|刷新/ }).waitFor();
  assert.equal(await input.inputValue(), '2026-06-01');
  await box.getByRole('button', { name: '取消' }).click();
  await box.waitFor({ state: 'hidden' });
  expectClean(page);
  await page.context().close();
});
