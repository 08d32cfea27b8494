// 协议资金 in the browser: the budget page, expenditures, and a contract's
// payment schedule — generated from the 原州区 profile, the blocked
// second installment overridden with a reason through the prompt — on
// desktop and on a phone, with no script error and nothing overflowing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, session, api, TEST_PASSWORD2 } from '../api/lib.mjs';
import { launch, open, shot, expectClean, expectNoOverflow, loginAs, fitsWidth, openScoring as scoringDialog, DESKTOP, PHONE } from './lib.mjs';

let srv;
let browser;
let contract;

before(async () => {
  [srv, browser] = await Promise.all([startServer({ profile: 'yuanzhou', region: '640402' }), launch()]);
  addUser(srv, 'chief', 'bureau', 'all');
  await session(srv.base, 'chief');
  const line = await api(srv.base, 'POST', '/api/v1/budget_lines', { region_code: '640402', year: 2026, source: 'social_assistance',
    title: '社会救助专项资金', budget_fen: 18500000000, spent_fen: 18000000000 });
  assert.equal(line.status, 201, line.text);
  const org = await api(srv.base, 'POST', '/api/v1/organisations', { name: '原州区社会工作服务中心', credit_code: '91350100M000100Y43' });
  assert.equal(org.status, 201, org.text);
  const k = await api(srv.base, 'POST', '/api/v1/contracts', {
    code: 'YZ-E2E', title: '原州区乡镇社工站服务项目', organisation_id: org.body.id, procurement: 'open_tender', cycle_years: 2, cycle_year: 1,
    amount_fen: 545000000, signed_on: '2026-01-04', effective_on: '2026-01-05', starts_on: '2026-01-05', ends_on: '2026-12-31',
    stations: [{ station_id: 2, amount_fen: 545000000 }],
  });
  assert.equal(k.status, 201, k.text);
  contract = k.body.id;
  // 10,000 元 of the contract left unallocated: room for the dialog's own.
  assert.equal((await api(srv.base, 'POST', '/api/v1/allocations', { budget_line_id: line.body.id, contract_id: contract, amount_fen: 544000000,
    allocated_on: '2026-01-10' })).status, 201);
  assert.equal((await api(srv.base, 'POST', '/api/v1/expenditures', { contract_id: contract, station_id: 2, spent_on: '2026-02-10',
    category: 'wage', amount_fen: 360000, payee: '驻站社工' })).status, 201);
  assert.equal((await api(srv.base, 'POST', '/api/v1/evaluations', { contract_id: contract, kind: 'midterm', evaluated_on: '2026-06-01',
    passed: false, evaluator: '第三方' })).status, 201);
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, 'server exit: ' + (r?.stderr || '').slice(-2000));
});

/** 新增支出 opened on the day given, its first category chosen: the
 *  dialog, for the amount and the rest. */
async function newExpenditure(page, day) {
  await page.locator('[data-test=exp-create]').click();
  const dlg = page.locator('[data-test=exp-dialog]');
  await dlg.waitFor();
  const date = dlg.locator('.el-date-editor input').first();
  await date.click();
  await date.fill(day);
  await date.press('Enter');
  await dlg.locator('[data-test=exp-form-category]').click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').first().click();
  return dlg;
}

test('an evaluation graded 不合格 is saved as not passed: the grade sets the conclusion, which is never preset', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  // The menu's 绩效评估 opens the page on its evaluations.
  await page.goto('/money/evaluations');
  await page.locator('[data-test=contract-pick]').click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').first().click();
  // Still under 绩效评估: the menu's entry lit, the page named for it.
  await page.waitForURL(/\/money\/evaluations\/\d+\?tab=evaluations/);
  await page.locator('.breadcrumb').getByText('协议的绩效评估').waitFor();
  assert.equal(await page.locator('.el-menu-item.is-active').innerText(), '绩效评估');
  const count = async () => (await api(srv.base, 'GET', `/api/v1/evaluations?contract_id=${contract}`)).body.total;
  const before_ = await count();
  await page.locator('[data-test=ev-paper]').click();
  const d = page.locator('[data-test=ev-paper-dialog]');
  // Nothing chosen: each required field says so, nothing is saved.
  await d.locator('[data-test=ev-save]').click();
  await d.locator('.el-form-item__error').nth(3).waitFor();
  assert.equal(await d.locator('.el-form-item__error').count(), 4);
  assert.equal(await count(), before_);
  await d.locator('[data-test=ev-kind]').click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').getByText('中期评估', { exact: true }).click();
  const date = d.locator('[data-test=ev-date] input, input[data-test=ev-date]').first();
  await date.click();
  await date.fill('2026-06-05');
  await date.press('Enter');
  await d.locator('[data-test=ev-grade]').click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').getByText('不合格', { exact: true }).click();
  await page.waitForFunction(() => document.querySelector('[data-test=ev-paper-dialog] .el-radio.is-checked')?.textContent.includes('不合格'));
  await d.locator('input[data-test=ev-evaluator], [data-test=ev-evaluator] input').first().fill('宁夏社会工作评估中心');
  await d.locator('[data-test=ev-save]').click();
  await page.locator('.el-message--success').waitFor();
  assert.equal(await count(), before_ + 1);
  const last = (await api(srv.base, 'GET', `/api/v1/evaluations?contract_id=${contract}`)).body.items
    .find((e) => e.evaluated_on === '2026-06-05');
  assert.equal(last.grade, 'fail');
  assert.equal(last.passed, false);
  assert.equal(last.evaluator, '宁夏社会工作评估中心');
  // Recorded by mistake: voided with the reason, kept on the list.
  await page.locator(`[data-test=ev-void-${last.id}]`).click();
  await page.locator('.el-message-box input').fill('录入错误，应为终期评估');
  await page.locator('.el-message-box .el-button--primary').click();
  await page.locator('[data-test=ev-voided]').first().waitFor();
  const voided = (await api(srv.base, 'GET', `/api/v1/evaluations?contract_id=${contract}`)).body.items.find((e) => e.id === last.id);
  assert.equal(voided.voided_reason, '录入错误，应为终期评估');
  // Not changed in place: entered again, the paper form starts from what the voided one held.
  await page.locator('.el-message-box').getByText('是否按这份作废的评估重新录入').waitFor();
  await page.locator('.el-message-box .el-button--primary').getByText('重新录入').click();
  const again = page.locator('[data-test=ev-paper-dialog]');
  await again.waitFor();
  assert.equal(await again.locator('input[data-test=ev-evaluator]').inputValue(), '宁夏社会工作评估中心');
  assert.equal(await again.locator('[data-test=ev-date] input, input[data-test=ev-date]').first().inputValue(), '2026-06-05');
  expectClean(page);
  await page.context().close();
});

test('budget, expenditures and the payment schedule; an override with a reason', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  assert.equal(await page.locator('[data-test=side-menu]').getByText('资金拨付', { exact: true }).count(), 1);
  await page.goto('/money/budget');
  await page.locator('[data-test=line-table]').getByText('社会救助专项资金').first().waitFor();
  // The line's 支出 is the fund's year as finance reports it, not the
  // project's: its header says so.
  await page.locator('[data-test=line-spent-head]').hover();
  await page.locator('.el-popper:visible').getByText('不是本项目的支出').waitFor();
  await expectNoOverflow(page, 'budget');
  await shot(page, 'money-budget');
  await page.goto('/money/expenditures');
  await page.locator('[data-test=exp-table]').getByText('驻站社工').waitFor();
  await shot(page, 'money-expenditures');
  // One station's spending: the rows and the export are that station's.
  const all = await page.locator('[data-test=exp-table] tbody tr').count();
  await page.locator('[data-test=exp-station]').click();
  const option = page.locator('.el-select__popper:visible .el-select-dropdown__item').nth(1);
  const stationName = (await option.innerText()).trim();
  await option.click();
  await page.waitForFunction(() => document.querySelector('[data-test=exp-export]').getAttribute('href').includes('station_id='));
  const cells = await page.locator('[data-test=exp-table] tbody tr td:nth-child(3)').allInnerTexts();
  assert.ok(cells.length > 0 && cells.length <= all, `${cells.length} of ${all}`);
  assert.ok(cells.every((c) => c.trim() === stationName), `${stationName}: ${cells}`);
  // The 合计 row under them: that station's rows and their sum, as the
  // .xlsx ends.
  const yuan = (s) => Math.round(Number(s.replace(/[^\d.-]/g, '')) * 100);
  const footer = page.locator('[data-test=exp-table] .el-table__footer-wrapper tr').first();
  assert.equal((await footer.locator('td').nth(0).innerText()).trim(), '合计');
  assert.equal((await footer.locator('td').nth(1).innerText()).trim(), `全部${cells.length}笔`);
  const amounts = await page.locator('[data-test=exp-table] tbody tr td:nth-child(5)').allInnerTexts();
  assert.equal(yuan(await footer.locator('td').nth(4).innerText()), amounts.reduce((a, x) => a + yuan(x), 0));
  await shot(page, 'money-expenditures-station-sum');
  assert.equal(await fitsWidth(page, 'exp-table'), true, 'the expenditures scroll sideways');
  await page.locator('[data-test=exp-station]').hover();
  await page.locator('[data-test=exp-station] .el-select__clear, [data-test=exp-station] .el-icon.el-select__clear').first().click();
  await page.waitForFunction(() => !document.querySelector('[data-test=exp-export]').getAttribute('href').includes('station_id='));
  // The rows as .xlsx, for the audit.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=exp-export]').click()]);
  assert.equal(download.suggestedFilename(), '项目支出明细.xlsx');
  // A voucher is uploaded with a 上传凭证 button, not the browser's own control.
  await page.locator('[data-test=exp-table] [data-test^=exp-vouchers-]').first().click();
  const vouchers = page.locator('.el-dialog').filter({ hasText: '原始凭证' });
  await vouchers.getByRole('button', { name: '上传凭证' }).waitFor();
  assert.equal(await page.locator('input[type=file]:visible').count(), 0, 'no native file control');
  await vouchers.locator('[data-test=voucher-file]').setInputFiles({ name: '工资发放表.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') });
  await vouchers.getByText('工资发放表.pdf').waitFor();
  // The wrong file: its uploader deletes it, after a confirmation, and
  // attaches the right one.
  await vouchers.locator('[data-test=voucher-file]').setInputFiles({ name: '传错的凭证.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  const wrong = vouchers.locator('li').filter({ hasText: '传错的凭证.pdf' });
  await wrong.getByRole('button', { name: '删除' }).click();
  await page.locator('.el-message-box').getByText(/传错的凭证\.pdf/).waitFor();
  await page.locator('.el-message-box__btns .el-button--primary').click();
  await wrong.waitFor({ state: 'detached' });
  await vouchers.getByText('工资发放表.pdf').waitFor();
  await shot(page, 'money-vouchers');
  await vouchers.getByRole('button', { name: 'Close' }).or(vouchers.locator('.el-dialog__headerbtn')).first().click();
  await page.goto(`/contracts/${contract}/payments`);
  await page.locator('[data-test=pay-generate]').click();
  const table = page.locator('[data-test=pay-table]');
  await table.getByText('2026-01-26').waitFor();
  await table.getByText('逾期').first().waitFor();
  // The last waits on the final evaluation, not yet held: 未到拨付条件, not
  // 暂停 (to a bureau a sanction of the contract's 违约责任).
  const last = table.locator('tbody tr').filter({ has: page.locator('[data-test=pay-waiting]') });
  assert.equal(await last.count(), 1, 'the final installment waits');
  assert.doesNotMatch(await last.innerText(), /暂停/);
  await page.locator('[data-test=override-2]').click();
  await page.locator('.el-message-box input').fill('整改后经局务会研究同意拨付');
  await page.locator('.el-message-box .el-button--primary').click();
  await table.getByText('tester').or(table.getByText('chief')).first().waitFor();
  await shot(page, 'money-payments');
  // At 1366 px every column is in view: none scrolls under the fixed 操作.
  assert.equal(await fitsWidth(page, 'pay-table'), true, 'the schedule scrolls sideways');
  const sched = await api(srv.base, 'GET', `/api/v1/contracts/${contract}/payments`);
  assert.equal(sched.body.items[1].override_reason, '整改后经局务会研究同意拨付');
  assert.equal(sched.body.items[1].override_by, 'chief');
  // A held installment offers no 拨付, only the bureau's 特批 that lifts
  // the hold; its reason stays in the row once lifted.
  const third = sched.body.items[2];
  const held = await api(srv.base, 'POST', `/api/v1/payments/${third.id}/withhold`, { reason: '机构未按期提交月报', version: third.version });
  assert.equal(held.status, 200, held.text);
  await page.reload();
  const row3 = table.locator('tr').filter({ hasText: '机构未按期提交月报' });
  await row3.waitFor();
  assert.equal(await page.locator('[data-test=pay-3]').count(), 0, 'not paid while held');
  await page.locator('[data-test=override-3]').click();
  await page.locator('.el-message-box input').fill('月报已补交，解除暂缓');
  await page.locator('.el-message-box .el-button--primary').click();
  await page.locator('[data-test=pay-3]').waitFor();
  await table.locator('tr').filter({ hasText: '曾暂缓：机构未按期提交月报' }).waitFor();
  // 拨付 names the installment and its amount; a day the server refuses
  // is asked for again as typed, not lost with the box.
  await page.locator('[data-test=pay-2]').click();
  const box = page.locator('.el-message-box');
  assert.match(await box.innerText(), /第2期，[\d,]+\.\d\d元：拨付日期\(YYYY-MM-DD\)。拨付登记后不能撤销/);
  await box.locator('input').fill('2026-07-01');
  await box.locator('.el-button--primary').click();
  await page.locator('.el-message--error').filter({ hasText: '拨付日期不能晚于当前时间' }).waitFor();
  await page.waitForFunction(() => document.querySelector('.el-message-box input')?.value === '2026-07-01');
  await box.locator('.el-message-box__btns .el-button').first().click(); // 取消
  await box.waitFor({ state: 'hidden' });
  expectClean(page);
  await page.context().close();
});

test('the money pages on a phone', async () => {
  const page = await open(browser, srv.base, PHONE);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  for (const path of ['/money/budget', '/money/expenditures', `/contracts/${contract}/payments`]) {
    await page.goto(path);
    await page.locator('.app-content .panel').first().waitFor();
    await page.waitForTimeout(300);
    await expectNoOverflow(page, path);
    if (path === '/money/expenditures') {
      // A card says where the money went, as the desktop's 站点 column does.
      const card = page.locator('.m-card').filter({ hasText: '驻站社工' }).first();
      await card.waitFor();
      assert.match(await card.innerText(), /站点\s*\S+社会工作服务站/);
      assert.match(await page.locator('[data-test=exp-sum]').innerText(), /合计（全部\d+笔）\s*[\d,]+\.\d\d/);
      // The days spent: two of the phone's own date fields, not the
      // desk's two-month popup; a day after the expenditure hides it.
      const days = page.locator('[data-test=exp-dates] input[type=date]');
      assert.equal(await days.count(), 2);
      await days.nth(0).fill('2026-02-11');
      await card.waitFor({ state: 'detached' });
      await page.waitForFunction(() => document.querySelector('[data-test=exp-export]').getAttribute('href').includes('from=2026-02-11'));
      await expectNoOverflow(page, 'expenditures with dates');
      await shot(page, 'money-expenditures-phone-dates');
      await days.nth(0).fill('');
      await card.waitFor();
    }
    if (path.endsWith('/payments')) {
      // The schedule is cards: each installment's amount, status and the
      // chief's override reason, with its actions in reach.
      const cards = page.locator('[data-test=pay-card]');
      await cards.first().waitFor();
      assert.equal(await page.locator('[data-test=pay-table]').count(), 0);
      const second = await cards.nth(1).innerText();
      assert.match(second, /第2期/);
      assert.match(second, /整改后经局务会研究同意拨付/);
      const pay = page.locator('[data-test=pay-cards] .m-card-actions').first().getByRole('button', { name: '拨付', exact: true });
      const box = await pay.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.viewport.width, JSON.stringify(box));
    }
  }
  await shot(page, 'money-payments-phone');
  expectClean(page);
  await page.context().close();
});

test('an allocation past the line says so under its amount; one with fen within it is saved, said, and counted in the statement', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  await page.goto('/money/budget');
  await page.locator('[data-test=line-allocate]').first().click();
  const d = page.locator('.el-dialog:visible');
  await d.locator('[data-test=alloc-contract]').click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').first().click();
  const amount = d.locator('[data-test=alloc-amount] input');
  await amount.fill('200000000');
  const date = d.locator('[data-test=alloc-date] input').first();
  await date.click();
  await date.fill('2026-03-01');
  await date.press('Enter');
  await d.locator('[data-test=alloc-save]').click();
  const error = d.locator('.el-form-item').filter({ has: page.locator('[data-test=alloc-amount]') }).locator('.el-form-item__error');
  await error.waitFor();
  assert.match(await error.innerText(), /预算/);
  await amount.fill('100.50');
  await d.locator('[data-test=alloc-save]').click();
  await page.locator('.el-message--success').getByText('保存成功').waitFor();
  await d.waitFor({ state: 'hidden' });
  const use = (await api(srv.base, 'GET', '/api/v1/fund_use')).body;
  await page.getByRole('tab', { name: '资金使用情况' }).click();
  await page.locator('[data-test=use-allocated]').getByText((use.allocated_fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })).waitFor();
  expectClean(page);
  await page.context().close();
});

test('an expenditure typed wrong is corrected in place: one worth more than the contract is refused under its amount', async () => {
  const made = await api(srv.base, 'POST', '/api/v1/expenditures', { contract_id: contract, spent_on: '2026-03-01', category: 'office',
    amount_fen: 12300, payee: '文具店改错' });
  assert.equal(made.status, 201, made.text);
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  await page.goto('/money/expenditures');
  await page.locator(`[data-test=exp-edit-${made.body.id}]`).click();
  const dlg = page.locator('.el-dialog').filter({ hasText: '修改支出' });
  await dlg.waitFor();
  const amount = dlg.locator('[data-test=exp-form-amount] input');
  assert.equal(await amount.inputValue(), '123');
  await amount.fill('99999999999');
  await dlg.locator('[data-test=exp-save]').click();
  await dlg.getByText(/不能超过服务协议的总金额/).waitFor();
  // A thousandth of a yuan is said, not rounded away.
  await amount.fill('12.345');
  await amount.blur();
  await dlg.locator('[data-test=exp-save]').click();
  await dlg.getByText('金额最多两位小数（到分）').waitFor();
  assert.equal(await amount.inputValue(), '12.345');
  await amount.fill('132.00');
  await dlg.locator('[data-test=exp-save]').click();
  await dlg.waitFor({ state: 'hidden' });
  const after = (await api(srv.base, 'GET', `/api/v1/expenditures/${made.body.id}`)).body;
  assert.equal(after.amount_fen, 13200);
  assert.equal(after.contract_id, contract);
  expectClean(page);
  await page.context().close();
});

test('an expenditure of −500 is said under its amount, not changed; a double click books it once; reopened, the dialog is clean', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  await page.goto(`/money/expenditures?contract_id=${contract}`);
  const dlg = await newExpenditure(page, '2026-04-01');
  const date = dlg.locator('.el-date-editor input').first();
  const amount = dlg.locator('[data-test=exp-form-amount] input');
  await amount.fill('-500');
  await amount.blur();
  await dlg.locator('[data-test=exp-save]').click();
  const error = dlg.locator('.el-form-item').filter({ has: page.locator('[data-test=exp-form-amount]') }).locator('.el-form-item__error');
  await error.filter({ hasText: '金额须大于0' }).waitFor();
  assert.match(await amount.inputValue(), /^-500(\.00)?$/, 'the amount typed is left as typed');
  await shot(page, 'expenditure-amount-error');
  // Esc on a filled form asks; 放弃 closes it.
  await page.keyboard.press('Escape');
  const box = page.locator('.el-message-box').filter({ hasText: '放弃未保存的内容？' });
  await box.getByRole('button', { name: '放弃' }).click();
  await dlg.waitFor({ state: 'hidden' });
  // Opened again: empty and without the last time's error.
  await page.locator('[data-test=exp-create]').click();
  await dlg.waitFor();
  // (A message cleared fades out: wait for it to go.)
  for (let i = 0; i < 30 && (await dlg.locator('.el-form-item__error').count()) > 0; i++) await page.waitForTimeout(100);
  assert.equal(await dlg.locator('.el-form-item__error').count(), 0, 'no error of the last time');
  assert.equal(await amount.inputValue(), '');
  // Saved empty: the date, the category and the amount are said at once,
  // each under its field, not one after the other.
  await dlg.locator('[data-test=exp-save]').click();
  await dlg.locator('.el-form-item__error').nth(2).waitFor();
  const said = await dlg.locator('.el-form-item').filter({ has: page.locator('.el-form-item__error') }).locator('.el-form-item__label').allInnerTexts();
  assert.deepEqual(said.map((x) => x.trim()), ['日期', '支出类别', '金额(元)']);
  await date.click();
  await date.fill('2026-04-01');
  await date.press('Enter');
  await dlg.locator('[data-test=exp-form-category]').click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').first().click();
  await amount.fill('77.70');
  const payee = '双击只记一笔';
  await dlg.locator('.el-form-item').filter({ hasText: '收款人' }).locator('input').fill(payee);
  const before = (await api(srv.base, 'GET', `/api/v1/expenditures?contract_id=${contract}&limit=100`)).body.total;
  await dlg.locator('[data-test=exp-save]').dblclick();
  await dlg.waitFor({ state: 'hidden' });
  await page.waitForTimeout(500);
  const after = (await api(srv.base, 'GET', `/api/v1/expenditures?contract_id=${contract}&limit=100`)).body.total;
  assert.equal(after, before + 1, 'one expenditure for a double click');
  expectClean(page);
  await page.context().close();
});

test('a budget line named with spaces alone is refused under its name', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  await page.goto('/money/budget');
  await page.locator('[data-test=line-create]').click();
  const dlg = page.locator('[data-test=line-dialog]');
  await dlg.waitFor();
  await dlg.locator('[data-test=line-title]').fill('   ');
  await dlg.locator('[data-test=line-budget] input').fill('-1');
  await dlg.locator('[data-test=line-save]').click();
  const item = dlg.locator('.el-form-item').filter({ has: page.locator('[data-test=line-title]') });
  await item.locator('.el-form-item__error').filter({ hasText: '不能只填空格' }).waitFor();
  await dlg.locator('.el-form-item').filter({ has: page.locator('[data-test=line-budget]') }).locator('.el-form-item__error').filter({ hasText: '金额不能为负数' }).waitFor();
  await shot(page, 'budget-line-errors');
  expectClean(page);
  await page.context().close();
});

/** The bureau's 按指标评分 dialog on the contract, an annual evaluation
 *  of day chosen; the page and the dialog. */
async function openScoring(day) {
  const { page, d } = await scoringDialog(browser, srv.base, { contract, user: 'chief', password: TEST_PASSWORD2, kind: '年度评估', day });
  await d.locator('input[data-test=evs-evaluator]').fill('固原市社会工作评估中心');
  return { page, d };
}

test('an evaluation scored by indicators: the total and grade as typed, the scores read back; the sysadmin\'s indicator page', async () => {
  const { page, d } = await openScoring('2026-06-08');
  const tree = (await api(srv.base, 'GET', '/api/v1/evaluation_indicators')).body;
  const leaves = tree.items.flatMap((x) => x.children);
  // Saving with one left out names it.
  for (const c of leaves.slice(1)) await d.locator(`[data-test=evs-score-${c.id}] input`).fill(String(c.max_score - 1));
  await d.locator('[data-test=evs-save]').click();
  await page.locator('.el-message--error').getByText(`“${leaves[0].name}”尚未评分`).waitFor();
  // Above its points: said, not cut down.
  await d.locator(`[data-test=evs-score-${leaves[0].id}] input`).fill('12');
  await d.locator(`[data-test=evs-score-${leaves[0].id}] input`).press('Tab');
  await d.locator('[data-test=evs-save]').click();
  await page.locator('.el-message--error').getByText(`“${leaves[0].name}”：超过该项分值（${leaves[0].max_score}分）`).waitFor();
  await d.locator(`[data-test=evs-score-${leaves[0].id}] input`).fill('7.5');
  await d.locator(`[data-test=evs-score-${leaves[0].id}] input`).press('Tab');
  // 100 less one a row past the first, less 2.5 on the first.
  const total = 100 - (leaves.length - 1) - 2.5;
  await d.locator('[data-test=evs-total]').getByText(`总分 ${total} / 100`).waitFor();
  await d.locator('[data-test=evs-total] .el-tag').getByText('良好').waitFor();
  await shot(page, 'evaluation-score');
  await d.locator('[data-test=evs-save]').click();
  await page.locator('.el-message--success').waitFor();
  const saved = (await api(srv.base, 'GET', `/api/v1/evaluations?contract_id=${contract}&limit=200`)).body.items.find((e) => e.total_score !== null);
  assert.deepEqual([saved.total_score, saved.grade, saved.passed, saved.evaluated_on], [total, 'good', true, '2026-06-08']);
  await page.locator(`[data-test=ev-scores-${saved.id}]`).click();
  await page.locator('[data-test=ev-score-dialog]').getByText('评分明细').waitFor();
  await page.locator('[data-test=ev-score-dialog]').getByText('7.5', { exact: true }).waitFor();
  expectClean(page);
  await page.context().close();
  // The sysadmin adds a second-level indicator under 服务质量.
  addUser(srv, 'sysind', 'sysadmin', 'all');
  await session(srv.base, 'sysind');
  const admin = await open(browser, srv.base, PHONE);
  await loginAs(admin, 'sysind', TEST_PASSWORD2);
  await admin.goto('/system/evaluation-indicators');
  const quality = tree.items.find((x) => x.name === '服务质量');
  await admin.locator(`[data-test=ind-add-${quality.id}]`).click();
  const dlg = admin.locator('.el-dialog:visible');
  await dlg.locator('input[data-test=ind-name]').fill('服务创新');
  await dlg.locator('[data-test=ind-points] input').fill('5');
  await dlg.locator('[data-test=ind-save]').click();
  await admin.locator('.el-message--success').waitFor();
  await admin.locator('[data-test=ind-table]').getByText('服务创新').waitFor();
  await admin.getByText('在用指标满分 105 分').waitFor();
  // The bands, saved under the version read.
  await admin.locator('[data-test=band-good] input').fill('75');
  await admin.locator('[data-test=bands-save]').click();
  await admin.locator('.el-message--success').last().waitFor();
  assert.equal((await api(srv.base, 'GET', '/api/v1/evaluation_indicators')).body.bands.good, 75);
  await expectNoOverflow(admin, 'evaluation indicators');
  await shot(admin, 'evaluation-indicators-phone');
  expectClean(admin);
  await admin.context().close();
});

test('an indicator added while the form is open: saving brings it in with the scores typed kept; leaving asks first', async () => {
  const { page, d } = await openScoring('2026-06-09');
  const before = (await api(srv.base, 'GET', '/api/v1/evaluation_indicators')).body;
  for (const c of before.items.flatMap((x) => x.children)) await d.locator(`[data-test=evs-score-${c.id}] input`).fill(String(c.max_score));
  // Meanwhile the sysadmin adds one.
  addUser(srv, 'sysind2', 'sysadmin', 'all');
  const sys = await session(srv.base, 'sysind2');
  const quantity = before.items.find((x) => x.name === '服务数量');
  const added = await api(srv.base, 'POST', '/api/v1/evaluation_indicators', { parent_id: quantity.id, name: '志愿服务', max_score: 5 }, {}, sys);
  assert.equal(added.status, 201, added.text);
  await d.locator('[data-test=evs-save]').click();
  await page.locator('.el-message--warning').getByText(/评估指标刚刚有变动/).waitFor();
  await d.locator(`[data-test=evs-score-${added.body.id}] input`).waitFor();
  const first = before.items[0].children[0];
  assert.equal(await d.locator(`[data-test=evs-score-${first.id}] input`).inputValue(), String(first.max_score), 'kept');
  // Closing with scores typed asks; keeping on scoring keeps them.
  await d.locator('.el-dialog__headerbtn').click();
  await page.locator('.el-message-box').getByText('继续评分').click();
  await d.locator(`[data-test=evs-score-${added.body.id}] input`).fill('4');
  await d.locator('[data-test=evs-save]').click();
  await page.locator('.el-message--success').waitFor();
  const saved = (await api(srv.base, 'GET', `/api/v1/evaluations?contract_id=${contract}&limit=200`)).body.items.find((e) => e.evaluated_on === '2026-06-09');
  assert.equal(saved.total_score, before.max_score + 4);
  expectClean(page);
  await page.context().close();
});

test('an allocation typed wrong and an expenditure entered twice are deleted after a confirmation; the ledger says what was paid; the only contract is chosen', async () => {
  const lines = (await api(srv.base, 'GET', '/api/v1/budget_lines?year=2026')).body.items;
  const wrong = await api(srv.base, 'POST', '/api/v1/allocations', { budget_line_id: lines[0].id, station_id: 3, amount_fen: 777700,
    allocated_on: '2026-03-03' });
  assert.equal(wrong.status, 201, wrong.text);
  const twice = await api(srv.base, 'POST', '/api/v1/expenditures', { contract_id: contract, spent_on: '2026-03-04', category: 'office',
    amount_fen: 4400, payee: '重复录入的文具店' });
  assert.equal(twice.status, 201, twice.text);
  for (const size of [DESKTOP, PHONE]) {
    const page = await open(browser, srv.base, size);
    await loginAs(page, 'chief', TEST_PASSWORD2);
    await page.goto('/money/budget');
    await page.locator(`[data-test=alloc-delete-${wrong.body.id}]`).waitFor();
    await expectNoOverflow(page, 'budget with delete');
    await shot(page, size === DESKTOP ? 'money-allocation-delete' : 'money-allocation-delete-phone');
    await page.goto(`/contracts/${contract}/payments?tab=ledger`);
    await page.locator('[data-test=ledger-paid]').waitFor();
    await expectNoOverflow(page, 'ledger');
    await shot(page, size === DESKTOP ? 'money-ledger' : 'money-ledger-phone');
    expectClean(page);
    await page.context().close();
  }
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  await page.goto('/money/budget');
  // Cancelled: nothing removed.
  await page.locator(`[data-test=alloc-delete-${wrong.body.id}]`).click();
  const box = page.locator('.el-message-box');
  await box.getByText('7,777.00').waitFor();
  await box.getByRole('button', { name: '取消' }).click();
  await box.waitFor({ state: 'hidden' });
  assert.equal((await api(srv.base, 'GET', `/api/v1/allocations/${wrong.body.id}`)).status, 200);
  await page.locator(`[data-test=alloc-delete-${wrong.body.id}]`).click();
  await box.getByRole('button', { name: '删除' }).click();
  await page.locator('.el-message--success').getByText('已删除').waitFor();
  await page.locator(`[data-test=alloc-delete-${wrong.body.id}]`).waitFor({ state: 'detached' });
  assert.equal((await api(srv.base, 'GET', `/api/v1/allocations/${wrong.body.id}`)).status, 404);
  // The expenditure: removed at its version.
  await page.goto('/money/expenditures');
  await page.locator(`[data-test=exp-delete-${twice.body.id}]`).click();
  await box.getByText('重复录入的文具店').waitFor();
  await box.getByRole('button', { name: '删除' }).click();
  await page.locator(`[data-test=exp-delete-${twice.body.id}]`).waitFor({ state: 'detached' });
  assert.equal((await api(srv.base, 'GET', `/api/v1/expenditures/${twice.body.id}`)).status, 404);
  // The one contract in range is chosen in a new expenditure's form.
  await page.locator('[data-test=exp-create]').click();
  const dlg = page.locator('[data-test=exp-dialog]');
  await dlg.locator('[data-test=exp-form-contract]').getByText('YZ-E2E').waitFor();
  await dlg.getByRole('button', { name: '取消' }).click();
  // And on the payments page opened from the menu.
  await page.goto('/money/evaluations');
  await page.waitForURL(new RegExp(`/money/evaluations/${contract}\\?tab=evaluations`));
  // The ledger: paid beside allocated, each balance named.
  await page.goto(`/contracts/${contract}/payments?tab=ledger`);
  const l = (await api(srv.base, 'GET', `/api/v1/contracts/${contract}/ledger`)).body;
  const sums = page.locator('[data-test=ledger-sums]');
  await sums.getByText('已拨付').waitFor();
  await sums.getByText('按实拨结余').waitFor();
  assert.equal(await page.locator('[data-test=ledger-paid]').innerText(), (l.paid_fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }));
  expectClean(page);
  await page.context().close();
});

test('a line spent above its budget is marked 超预算 and its dialog says what to do; an allocation dated outside its year is said under the date', async () => {
  const line = await api(srv.base, 'POST', '/api/v1/budget_lines', { region_code: '640402', year: 2026, source: 'welfare_lottery',
    title: '福彩公益金(超支)', budget_fen: 100000, spent_fen: 120000 });
  assert.equal(line.status, 201, line.text);
  for (const device of [DESKTOP, PHONE]) {
    const page = await open(browser, srv.base, device);
    await loginAs(page, 'chief', TEST_PASSWORD2);
    await page.goto('/money/budget');
    const row = device === PHONE ? page.locator('.m-card').filter({ hasText: '福彩公益金(超支)' })
      : page.locator('[data-test=line-table] .el-table__row').filter({ hasText: '福彩公益金(超支)' });
    await row.locator('[data-test=line-spent-cell]').getByText('超预算').waitFor();
    const other = device === PHONE ? page.locator('.m-card').filter({ hasText: '社会救助专项资金' })
      : page.locator('[data-test=line-table] .el-table__row').filter({ hasText: '社会救助专项资金' });
    assert.equal(await other.getByText('超预算').count(), 0, 'a line within its budget is not marked');
    await shot(page, `budget-overspent-${device === PHONE ? 'phone' : 'desktop'}`);
    await expectNoOverflow(page, 'budget page with an overspent line');
    if (device === DESKTOP) {
      await row.getByText('编辑').click();
      const d = page.locator('[data-test=line-dialog]');
      await d.locator('[data-test=line-overspent]').getByText('支出超过预算200.00元', { exact: false }).waitFor();
      await d.getByText('取消').click();
      await d.waitFor({ state: 'hidden' });
      const before_ = (await api(srv.base, 'GET', `/api/v1/allocations?budget_line_id=${line.body.id}`)).body.total;
      await row.locator('[data-test=line-allocate]').click();
      const a = page.locator('.el-dialog:visible');
      await a.locator('[data-test=alloc-amount] input').fill('10');
      const date = a.locator('[data-test=alloc-date] input').first();
      await date.click();
      await date.fill('2025-12-31');
      await date.press('Enter');
      await a.locator('[data-test=alloc-save]').click();
      const error = a.locator('.el-form-item').filter({ has: page.locator('[data-test=alloc-date]') }).locator('.el-form-item__error');
      await error.getByText('日期须在这条预算的年度2026年之内').waitFor();
      assert.equal((await api(srv.base, 'GET', `/api/v1/allocations?budget_line_id=${line.body.id}`)).body.total, before_);
    }
    expectClean(page);
    await page.context().close();
  }
});

// A county's budget line of 141,253,754.02 元 was refused as having more
// than two decimals: 141253754.02 * 100 is not exact in floating point.
test('a budget of a hundred million yuan with cents is taken as typed', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  await page.goto('/money/budget');
  await page.locator('[data-test=line-create]').click();
  const dlg = page.locator('[data-test=line-dialog]');
  await dlg.waitFor();
  const budget = dlg.locator('.el-form-item').filter({ has: page.locator('[data-test=line-budget]') });
  for (const typed of ['141253754.02', '5000000000.02', '281838293.03']) {
    await dlg.locator('[data-test=line-budget] input').fill(typed);
    await dlg.locator('[data-test=line-title]').fill('');
    await dlg.locator('[data-test=line-save]').click();
    // The empty title is said; the amount is not.
    await dlg.locator('.el-form-item').filter({ has: page.locator('[data-test=line-title]') }).locator('.el-form-item__error').waitFor();
    assert.equal(await budget.locator('.el-form-item__error').count(), 0, `${typed}: ${await budget.innerText()}`);
  }
  await dlg.locator('[data-test=line-budget] input').fill('12.345');
  await dlg.locator('[data-test=line-save]').click();
  await budget.locator('.el-form-item__error').filter({ hasText: '两位小数' }).waitFor();
  expectClean(page);
  await page.context().close();
});

test('an installment paid after its due date is marked 逾期拨付 with both dates; an expenditure over the contract is saved and said in a dialog', async () => {
  const k = await api(srv.base, 'POST', '/api/v1/contracts', {
    code: 'YZ-E2E-LATE', title: '原州区社工站补充服务项目', organisation_id: (await api(srv.base, 'GET', `/api/v1/contracts/${contract}`)).body.organisation_id,
    procurement: 'open_tender', cycle_years: 1, cycle_year: 1, amount_fen: 20000000, signed_on: '2026-01-04', effective_on: '2026-01-05',
    starts_on: '2026-01-05', ends_on: '2026-12-31', stations: [{ station_id: 3, amount_fen: 20000000 }],
  });
  assert.equal(k.status, 201, k.text);
  const s = await api(srv.base, 'POST', `/api/v1/contracts/${k.body.id}/payments`, { schedule: [
    { percent: 50, trigger: 'effective', working_days: 15 }, { percent: 50, trigger: 'effective', working_days: 15 }] });
  assert.equal(s.status, 201, s.text);
  const [p1, p2] = s.body.items;
  assert.equal((await api(srv.base, 'POST', `/api/v1/payments/${p1.id}/pay`, { paid_on: '2026-01-20', version: p1.version })).status, 200);
  assert.equal((await api(srv.base, 'POST', `/api/v1/payments/${p2.id}/pay`, { paid_on: '2026-03-02', version: p2.version })).status, 200);
  assert.equal((await api(srv.base, 'POST', '/api/v1/expenditures', { contract_id: k.body.id, spent_on: '2026-03-10', category: 'wage',
    amount_fen: 15000000, payee: '驻站社工' })).status, 201);
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  await page.goto(`/contracts/${k.body.id}/payments`);
  const table = page.locator('[data-test=pay-table]');
  const late = table.locator('[data-test=pay-late]');
  await late.waitFor();
  assert.equal(await late.count(), 1, 'the second only: the first was paid on time');
  assert.equal(await table.locator('tbody tr').nth(1).locator('[data-test=pay-late]').count(), 1);
  await late.hover();
  await page.locator('.el-popper:visible').getByText('应于2026-01-26前拨付，实际于2026-03-02拨付').waitFor();
  await expectNoOverflow(page, 'payments paid late');
  await shot(page, 'money-payment-paid-late');
  // 150,000 spent of 200,000; 60,000 more is saved, and said at once.
  await page.goto(`/money/expenditures?contract_id=${k.body.id}`);
  const dlg = await newExpenditure(page, '2026-04-01');
  await dlg.locator('[data-test=exp-form-amount] input').fill('60000');
  await dlg.locator('[data-test=exp-save]').click();
  const box = page.locator('.el-message-box').filter({ hasText: '已保存，但本协议的支出已超过协议金额' });
  await box.getByText('协议YZ-E2E-LATE：支出合计210,000.00元，超过协议金额200,000.00元（超出10,000.00元）；请核对有无重复或错记入本协议的支出').waitFor();
  await shot(page, 'money-expenditure-over-contract');
  const listed = (await api(srv.base, 'GET', `/api/v1/expenditures?contract_id=${k.body.id}`)).body;
  assert.equal(listed.total, 2, 'saved: the money was spent');
  await box.getByRole('button', { name: '确定' }).click();
  await box.waitFor({ state: 'hidden' });
  expectClean(page);
  await page.context().close();
});

// The server's day is the day (SGZ_NOW, 2026-06-15 here), not the
// device's: a phone whose clock says 2027 still opens the budget on the
// server's year, and offers the server's day as the day paid.
test('a device whose clock is wrong: the budget opens on the server\'s year and a payment is offered the server\'s day', async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await page.context().clock.setFixedTime(new Date('2027-03-01T10:00:00+08:00'));
  await loginAs(page, 'chief', TEST_PASSWORD2);
  await page.goto('/money/budget');
  await page.locator('[data-test=line-table]').getByText('社会救助专项资金').first().waitFor();
  assert.equal(await page.locator('[data-test=money-year] input').inputValue(), '2026');
  await page.goto(`/contracts/${contract}/payments`);
  // An instalment still to pay (the schedule was made above).
  await page.locator('[data-test=pay-table] button[data-test^="pay-"]:visible').getByText('拨付', { exact: true }).first().click();
  const box = page.locator('.el-message-box');
  assert.equal(await box.locator('input').inputValue(), '2026-06-15');
  await box.getByRole('button', { name: '取消' }).click();
  expectClean(page);
  await page.context().close();
});
