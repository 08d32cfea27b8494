// 按指标评分 as it is typed: a score out of the server's rule (0 to the
// indicator's points, one decimal at most) is said under its indicator
// at once, and the total gets no grade meanwhile; the evaluator is
// required, as on the paper result's form; a refusal by the server (the
// points changed while the form was open) lands under its indicator too.
// On desktop and on a phone, nothing overflowing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, session, api, TEST_PASSWORD2 } from '../api/lib.mjs';
import { launch, open, loginAs, shot, expectClean, expectNoOverflow, openScoring as scoringDialog, DESKTOP, PHONE } from './lib.mjs';

let srv;
let browser;
let contract;
let sys;

before(async () => {
  [srv, browser] = await Promise.all([startServer({ profile: 'yuanzhou', region: '640402' }), launch()]);
  addUser(srv, 'chief', 'bureau', 'all');
  addUser(srv, 'sysev', 'sysadmin', 'all');
  await session(srv.base, 'chief');
  sys = await session(srv.base, 'sysev');
  const org = await api(srv.base, 'POST', '/api/v1/organisations', { name: '原州区社会工作服务中心', credit_code: '91350100M000100Y43' });
  assert.equal(org.status, 201, org.text);
  const k = await api(srv.base, 'POST', '/api/v1/contracts', {
    code: 'YZ-EVS', title: '原州区乡镇社工站服务项目', organisation_id: org.body.id, procurement: 'open_tender', cycle_years: 2, cycle_year: 1,
    amount_fen: 545000000, signed_on: '2026-01-04', effective_on: '2026-01-05', starts_on: '2026-01-05', ends_on: '2026-12-31',
    stations: [{ station_id: 2, amount_fen: 545000000 }],
  });
  assert.equal(k.status, 201, k.text);
  contract = k.body.id;
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, 'server exit: ' + (r?.stderr || '').slice(-2000));
});

const count = async () => (await api(srv.base, 'GET', `/api/v1/evaluations?contract_id=${contract}`)).body.total;

const openScoring = (device) => scoringDialog(browser, srv.base,
  { contract, user: 'chief', password: TEST_PASSWORD2, device, kind: '中期评估', day: '2026-06-10' });

const typeScore = async (d, id, v) => {
  const input = d.locator(`[data-test=evs-score-${id}] input`);
  await input.fill(String(v));
};

test('a score above its points, negative or with two decimals is said under its indicator as typed; no grade meanwhile', async () => {
  const leaves = (await api(srv.base, 'GET', '/api/v1/evaluation_indicators')).body.items.flatMap((x) => x.children);
  const first = leaves[0];
  for (const device of [DESKTOP, PHONE]) {
    const { page, d } = await openScoring(device);
    for (const c of leaves.slice(1)) await typeScore(d, c.id, c.max_score);
    await typeScore(d, first.id, 999);
    const err = d.locator(`[data-test=evs-err-${first.id}]`);
    await err.getByText(`超过该项分值（${first.max_score}分）`, { exact: true }).waitFor();
    assert.equal(await d.locator('[data-test=evs-total] .el-tag').count(), 0, 'no grade for an impossible total');
    // The total counts what can be saved: not the 999.
    const rest = leaves.slice(1).reduce((s, c) => s + c.max_score * 10, 0) / 10;
    assert.match(await d.locator('[data-test=evs-total]').innerText(), new RegExp(`总分 ${rest}(\\.0)? /`));
    await d.locator('[data-test=evs-fix]').waitFor();
    await shot(page, `evaluation-score-over-${device === PHONE ? 'phone' : 'desktop'}`);
    await expectNoOverflow(page, 'scoring dialog with an error');
    await typeScore(d, first.id, -1);
    await err.getByText('得分不能为负数', { exact: true }).waitFor();
    await typeScore(d, first.id, 3.25);
    await err.getByText('最多保留一位小数', { exact: true }).waitFor();
    await typeScore(d, first.id, first.max_score - 2);
    await err.waitFor({ state: 'detached' });
    await d.locator('[data-test=evs-total] .el-tag').getByText('优秀').waitFor();
    // Saving without the evaluator: said under the field, nothing saved.
    const before_ = await count();
    await d.locator('[data-test=evs-save]').click();
    const evaluator = d.locator('.el-form-item').filter({ has: page.locator('input[data-test=evs-evaluator]') });
    await evaluator.locator('.el-form-item__error').getByText('请填写此项').waitFor();
    assert.equal(await count(), before_);
    expectClean(page);
    await page.context().close();
  }
});

test('the server\'s refusal of a score (its points lowered meanwhile) is said under that indicator; corrected, it saves', async () => {
  const tree = (await api(srv.base, 'GET', '/api/v1/evaluation_indicators')).body;
  const leaves = tree.items.flatMap((x) => x.children);
  const first = leaves[0];
  const { page, d } = await openScoring(DESKTOP);
  await d.locator('input[data-test=evs-evaluator]').fill('固原市社会工作评估中心');
  for (const c of leaves) await typeScore(d, c.id, c.max_score);
  const lowered = await api(srv.base, 'PATCH', `/api/v1/evaluation_indicators/${first.id}`,
    { max_score: first.max_score - 2, version: first.version }, {}, sys);
  assert.equal(lowered.status, 200, lowered.text);
  const before_ = await count();
  await d.locator('[data-test=evs-save]').click();
  await d.locator(`[data-test=evs-err-${first.id}]`).getByText('得分须在0到该项分值之间').waitFor();
  assert.equal(await count(), before_);
  await typeScore(d, first.id, first.max_score - 2);
  await d.locator(`[data-test=evs-err-${first.id}]`).waitFor({ state: 'detached' });
  await d.locator('[data-test=evs-save]').click();
  await page.locator('.el-message--success').waitFor();
  const saved = (await api(srv.base, 'GET', `/api/v1/evaluations?contract_id=${contract}`)).body.items[0];
  assert.deepEqual([saved.evaluator, saved.total_score], ['固原市社会工作评估中心', tree.max_score - 2]);
  expectClean(page);
  await page.context().close();
});

test('an evaluation is not changed in place: voided, it is entered again from its own scores, corrected and saved as a new one', async () => {
  const tree = (await api(srv.base, 'GET', '/api/v1/evaluation_indicators')).body;
  const leaves = tree.items.flatMap((x) => x.children);
  const first = leaves[0];
  const typo = await api(srv.base, 'POST', '/api/v1/evaluations', { contract_id: contract, kind: 'midterm', evaluated_on: '2026-06-11',
    evaluator: '固原市社会工作评估中心', scores: leaves.map((c, i) => ({ indicator_id: c.id, score: i === 0 ? 0 : c.max_score, comment: i === 1 ? '台账齐全' : '' })) });
  assert.equal(typo.status, 201, typo.text);
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'chief', TEST_PASSWORD2);
  await page.goto(`/contracts/${contract}/payments?tab=evaluations`);
  await page.locator('[data-test=ev-no-edit]').getByText('评估结果登记后不能修改', { exact: false }).waitFor();
  await page.locator(`[data-test=ev-void-${typo.body.id}]`).click();
  const box = page.locator('.el-message-box');
  await box.locator('input').fill('第一项得分录错');
  await box.locator('.el-button--primary').click();
  await page.locator('.el-message-box').getByText('是否按这份作废的评估重新录入').waitFor();
  await page.locator('.el-message-box .el-button--primary').getByText('重新录入').click();
  const d = page.locator('[data-test=ev-score-dialog]');
  await d.locator('[data-test=evs-copied]').getByText('已带入作废评估（2026-06-11）填写的内容').waitFor();
  assert.equal(await d.locator(`[data-test=evs-score-${leaves[1].id}] input`).inputValue(), String(leaves[1].max_score));
  assert.equal(await d.locator('input[data-test=evs-evaluator]').inputValue(), '固原市社会工作评估中心');
  await shot(page, 'evaluation-reenter-desktop');
  await typeScore(d, first.id, first.max_score);
  await d.locator('[data-test=evs-save]').click();
  await page.locator('.el-message--success').waitFor();
  const items = (await api(srv.base, 'GET', `/api/v1/evaluations?contract_id=${contract}&limit=100`)).body.items;
  const old = items.find((e) => e.id === typo.body.id);
  const fresh = items.find((e) => e.id > typo.body.id);
  assert.ok(old.voided_at, 'the mistyped one stays, voided');
  assert.equal(old.voided_reason, '第一项得分录错');
  assert.deepEqual([fresh.kind, fresh.evaluated_on, fresh.evaluator, fresh.total_score, fresh.voided_at ?? null],
    ['midterm', '2026-06-11', '固原市社会工作评估中心', tree.max_score, null]);
  const scored = (await api(srv.base, 'GET', `/api/v1/evaluations/${fresh.id}`)).body.scores;
  assert.equal(scored.find((s) => s.indicator_id === leaves[1].id).comment, '台账齐全', 'comments come along');
  // The re-entry offered on the voided row too.
  await page.locator(`[data-test=ev-reenter-${typo.body.id}]`).waitFor();
  expectClean(page);
  await page.context().close();
});
