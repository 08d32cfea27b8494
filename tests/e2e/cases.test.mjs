// 个案 in the browser: a social worker opens a case for a client, assesses
// her needs and submits a plan; a supervisor of the station (another
// browser) returns it from her approvals for want of a task — not without
// a comment — and approves the corrected plan; the worker records a
// session, evaluates every goal and asks to close; the supervisor approves
// the closure; the case page shows 结案 and the follow-up visits. The
// board, the approvals, the tasks and the case page on a desk and on a
// phone. The server's clock is 2026-06-15T10:00+08:00 (the browser's is
// today's), so the dates typed are before it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, addUser, session, api, TEST_PASSWORD2 } from '../api/lib.mjs';
import { launch, open, shot, expectClean, expectNoOverflow, loginAs, fitsWidth, choose, DESKTOP, PHONE } from './lib.mjs';

let srv;
let browser;
const as = {};
const ids = {};

/** An 18-character ID number from its first 17 (GB 11643 check). */
function idn(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, ch, i) => a + Number(ch) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}
const call = (method, path, body, auth) => api(srv.base, method, path, body, {}, auth);
/** The form item with this label. */
function item(scope, label) {
  const page = typeof scope.page === 'function' ? scope.page() : scope;
  return scope.locator('.el-form-item').filter({ has: page.locator(`.el-form-item__label:text-is("${label}")`) }).first();
}
const inp = (scope, name) => scope.locator(`input[data-test=${name}], [data-test=${name}] input`).first();
const area = (scope, name) => scope.locator(`textarea[data-test=${name}], [data-test=${name}] textarea`).first();
/** Types a date into an Element Plus date picker. */
async function typeDate(input, day) {
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}
/** Confirms the ElMessageBox that is open. */
async function confirmBox(page, name) {
  const box = page.locator('.el-message-box');
  await box.waitFor();
  await box.getByRole('button', { name }).click();
  await box.waitFor({ state: 'hidden' });
}
async function caseOf(id, auth = as.worker) {
  const r = await call('GET', `/api/v1/cases/${id}`, undefined, auth);
  assert.equal(r.status, 200, r.text);
  return r.body;
}
/** Waits for the case page to show this stage. */
async function stageIs(page, label) {
  await page.locator('[data-test=case-stage]').getByText(label, { exact: true }).waitFor();
}

before(async () => {
  [srv, browser] = await Promise.all([startServer(), launch()]);
  addUser(srv, 'worker', 'social_worker', 'stations:2');
  addUser(srv, 'sup', 'supervisor', 'stations:2');
  addUser(srv, 'worker2', 'social_worker', 'stations:2');
  addUser(srv, 'lead', 'station_lead', 'stations:2');
  for (const u of ['worker', 'sup', 'worker2', 'lead']) as[u] = await session(srv.base, u);
  const users = await call('GET', '/api/v1/users?limit=200');
  for (const u of users.body.items) ids[u.username] = u.id;
  for (const [key, name, first17] of [['zhou', '周阿姨', '43022319550505002'], ['wu', '吴大伯', '43022319520606003'],
    ['zheng', '郑奶奶', '43022319480707004'], ['feng', '冯爷爷', '43022319400808005']]) {
    const r = await call('POST', '/api/v1/clients', { station_id: 2, name, id_number: idn(first17) });
    assert.equal(r.status, 201, r.text);
    ids[key] = r.body.id;
  }
  // Two more cases on the board: one just taken on, one in service.
  let r = await call('POST', '/api/v1/cases', { client_id: ids.wu, source: 'walk_in', problem: '独居，近期跌倒两次，需要评估居家安全', opened_on: '2026-06-01', risk_level: 'medium' }, as.worker);
  assert.equal(r.status, 201, r.text);
  r = await call('POST', '/api/v1/cases', { client_id: ids.zheng, source: 'grid_report', problem: '与子女关系紧张，情绪低落', opened_on: '2026-05-20' }, as.worker);
  assert.equal(r.status, 201, r.text);
  let k = r.body;
  k = (await call('POST', `/api/v1/cases/${k.id}/assessment`, { needs: [{ domain: 'family', description: '与子女缺少沟通', level: 'medium' }], summary: '家庭支持不足', risk_level: 'medium', version: k.version }, as.worker)).body;
  k = (await call('POST', `/api/v1/cases/${k.id}/plan`, { goals: [{ goal: '改善家庭沟通', tasks: [{ task: '组织家庭会谈', due_on: '2026-06-30' }] }], version: k.version }, as.worker)).body;
  r = await call('POST', `/api/v1/cases/${k.id}/decision`, { decision: 'approve', version: k.version }, as.sup);
  assert.equal(r.status, 200, r.text);
  ids.zhengCase = k.id;
  // worker and worker2 visited together: worker2 is someone worker can
  // hand a case to.
  r = await call('POST', '/api/v1/services', { station_id: 2, type: 'consultation', clients: [ids.feng], workers: [ids.worker, ids.worker2],
    started_at: '2026-06-12T10:00', ended_at: '2026-06-12T10:30', area: 'elderly_care', content: '电话咨询' }, as.worker);
  assert.equal(r.status, 201, r.text);
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, 'server exit: ' + (r?.stderr || '').slice(-2000));
});

test('a case goes from intake to closure, the supervisor approving the plan and the closure from her approvals', async () => {
  const w = await open(browser, srv.base, DESKTOP);
  await loginAs(w, 'worker', TEST_PASSWORD2);
  await w.locator('[data-test=side-menu]').getByText('个案', { exact: true }).click();
  await w.waitForURL(/\/cases(\?|$)/);
  // The board: a column per stage.
  const board = w.locator('[data-test=case-board]');
  await board.locator('[data-stage=intake] [data-test=case-card]').getByText('吴大伯').waitFor();
  await board.locator('[data-stage=intervention] [data-test=case-card]').getByText('郑奶奶').waitFor();
  assert.deepEqual(await board.locator('.col-title').allInnerTexts(), ['接案', '预估', '服务计划', '介入', '评估', '结案']);

  // 接案: the client found by her initials.
  await w.locator('[data-test=case-open]').click();
  const dlg = w.locator('[data-test=case-open-dialog]');
  await dlg.locator('[data-test=case-open-client]').click();
  await dlg.locator('[data-test=case-open-client] input').fill('zay');
  await w.locator('.el-select__popper:visible .el-select-dropdown__item').filter({ hasText: '周阿姨' }).first().click();
  await dlg.locator('[data-test=case-open-save]').click();
  await item(dlg, '个案来源').getByText('请选择个案来源').waitFor();
  await item(dlg, '主要问题').getByText('请填写主要问题').waitFor();
  await dlg.locator('[data-test=case-open-source]').click();
  await choose(w, '走访发现');
  await area(dlg, 'case-open-problem').fill('独居老人，患慢性病，生活难以自理');
  await typeDate(inp(dlg, 'case-open-date'), '2026-06-10');
  await dlg.locator('[data-test=case-open-risk]').getByText('中', { exact: true }).click();
  await shot(w, 'cases-open-dialog');
  await dlg.locator('[data-test=case-open-save]').click();
  await w.waitForURL(/\/cases\/\d+$/);
  const id = Number(w.url().split('/').pop());
  await stageIs(w, '接案');
  assert.match(await w.locator('[data-test=case-due]').innerText(), /2026-06-17/, 'assessed within 7 days of intake');

  // 预估.
  const a = w.locator('[data-test=assessment-form]');
  await a.locator('[data-test=assessment-save]').click();
  await a.getByText('请选择需求领域').waitFor();
  await a.locator('[data-test=need-domain]').click();
  await choose(w, '身体健康');
  await a.locator('[data-test=need-level]').click();
  await choose(w, '高');
  await inp(a, 'need-description').fill('高血压、糖尿病，无人照料');
  await a.locator('[data-test=need-add]').click();
  const second = a.locator('[data-test=need-row]').nth(1);
  await second.locator('[data-test=need-domain]').click();
  await choose(w, '心理情绪');
  await second.locator('[data-test=need-level]').click();
  await choose(w, '中');
  await inp(second, 'need-description').fill('丧偶后情绪低落');
  await area(a, 'assessment-summary').fill('独居，子女在外地务工，需要照护和情绪支持');
  await a.locator('[data-test=assessment-risk]').getByText('高', { exact: true }).click();
  await shot(w, 'cases-assessment');
  await a.locator('[data-test=assessment-save]').click();
  await stageIs(w, '预估');

  // 服务计划: a task dated before intake is refused before sending.
  const p = w.locator('[data-test=plan-form]');
  await inp(p, 'goal-text').fill('链接居家照护服务');
  await inp(p, 'task-text').fill('联系居家养老服务中心');
  await typeDate(inp(p, 'task-due'), '2026-06-01');
  await p.locator('[data-test=goal-add]').click();
  await inp(p.locator('[data-test=goal-row]').nth(1), 'goal-text').fill('缓解情绪困扰');
  // Leaving by the menu with goals typed asks first: 继续填写 stays with
  // what was typed, and × on the question stays too.
  const leaveBox = w.locator('.el-message-box');
  await w.locator('[data-test=side-menu] .el-menu-item').filter({ hasText: /^待办/ }).click();
  await leaveBox.getByText('填写的内容尚未保存，离开后将丢失。确定离开吗？').waitFor();
  await shot(w, 'cases-plan-leave-question');
  await leaveBox.getByRole('button', { name: '继续填写' }).click();
  await leaveBox.waitFor({ state: 'hidden' });
  assert.match(w.url(), new RegExp(`/cases/${id}$`), 'stayed on the case');
  assert.equal(await inp(p, 'goal-text').inputValue(), '链接居家照护服务', 'the goal typed is kept');
  assert.equal(await inp(p.locator('[data-test=goal-row]').nth(1), 'goal-text').inputValue(), '缓解情绪困扰');
  await w.locator('[data-test=side-menu] .el-menu-item').filter({ hasText: /^待办/ }).click();
  await leaveBox.getByText('填写的内容尚未保存，离开后将丢失。确定离开吗？').waitFor();
  await leaveBox.locator('.el-message-box__headerbtn').click();
  await leaveBox.waitFor({ state: 'hidden' });
  assert.match(w.url(), new RegExp(`/cases/${id}$`), '× on the question stays');
  await p.locator('[data-test=plan-submit]').click();
  await p.getByText('完成日期不能早于接案日期（2026-06-10）').waitFor();
  await typeDate(inp(p, 'task-due'), '2026-07-01');
  await p.locator('[data-test=plan-submit]').click();
  await confirmBox(w, '提交审批');
  await w.locator('[data-test=case-pending]').getByText(/服务计划已于 2026-06-15 提交，等待督导审批/).waitFor();
  await stageIs(w, '服务计划');
  assert.equal(await w.locator('[data-test=plan-form]').count(), 0, 'nothing to fill while the plan waits');
  await shot(w, 'cases-page-pending');
  // Sent: leaving asks nothing.
  await w.locator('[data-test=side-menu] .el-menu-item').filter({ hasText: /^待办/ }).click();
  await w.waitForURL(/\/tasks/);
  assert.equal(await w.locator('.el-message-box').count(), 0, 'no question once the plan is sent');
  await w.goto(`/cases/${id}`);
  await stageIs(w, '服务计划');

  // The supervisor, in her own browser, finds it in her approvals.
  const s = await open(browser, srv.base, DESKTOP);
  await loginAs(s, 'sup', TEST_PASSWORD2);
  // The menu says how many wait for her, as her inbox counts them.
  const badge = s.locator('[data-test=side-menu] [data-test=menu-approval-badge]');
  await badge.waitFor();
  await s.locator('[data-test=side-menu]').getByText('督导待办').click();
  await s.waitForURL(/\/cases\/inbox$/);
  const card = s.locator(`[data-test=inbox-item][data-case="${id}"]`);
  await card.locator('[data-test=inbox-summary]').getByText('联系居家养老服务中心').waitFor();
  assert.equal((await s.locator('[data-test=inbox-total]').innerText()).replace(/\D/g, ''), (await badge.innerText()).trim());
  assert.match(await card.innerText(), /周阿姨[\s\S]*计划待审批[\s\S]*链接居家照护服务[\s\S]*缓解情绪困扰/);
  await shot(s, 'cases-inbox');
  // Returning needs a comment: nothing is sent without one.
  await card.locator('[data-test=inbox-return]').click();
  const dd = s.locator('[data-test=decision-dialog]');
  await dd.locator('[data-test=decision-ok]').click();
  await dd.getByText('退回时须填写意见').waitFor();
  await shot(s, 'cases-return-needs-comment');
  assert.equal((await caseOf(id)).pending, 'plan', 'still waiting');
  await area(dd, 'decision-comment').fill('请为“缓解情绪困扰”补充具体任务');
  await dd.locator('[data-test=decision-ok]').click();
  await card.waitFor({ state: 'detached' });
  assert.equal((await caseOf(id)).pending, null);

  // The worker sees why, corrects the plan and submits it again.
  await w.reload();
  await w.locator('[data-test=case-returned-comment]').getByText('请为“缓解情绪困扰”补充具体任务').waitFor();
  // Its deadline is the plan's again, named as such.
  assert.equal(await w.locator('[data-test=case-meta] .due-what').innerText(), '（制定服务计划）');
  const p2 = w.locator('[data-test=plan-form]');
  assert.equal(await inp(p2, 'goal-text').inputValue(), '链接居家照护服务', 'the plan as it was sent');
  const g2 = p2.locator('[data-test=goal-row]').nth(1);
  await inp(g2, 'task-text').fill('每周电话关怀一次');
  await typeDate(inp(g2, 'task-due'), '2026-08-01');
  await typeDate(inp(p2, 'plan-review'), '2026-09-30');
  await shot(w, 'cases-plan-returned');
  await p2.locator('[data-test=plan-submit]').click();
  await confirmBox(w, '提交审批');
  await w.locator('[data-test=case-pending]').waitFor();

  // Approved.
  await s.reload();
  await card.locator('[data-test=inbox-summary]').getByText('每周电话关怀一次').waitFor();
  await card.locator('[data-test=inbox-approve]').click();
  await dd.locator('[data-test=decision-ok]').click();
  await card.waitFor({ state: 'detached' });
  await s.locator('[data-test=inbox-list]').getByText('暂无待审批事项').waitFor();

  // 介入: a session note recorded on the case, on the day its plan was
  // approved (none before).
  await w.reload();
  await stageIs(w, '介入');
  await w.locator('[data-test=case-note]').click();
  const nd = w.locator('[data-test=case-note-dialog]');
  for (const [name, value] of [['note-start', '2026-06-15 08:00'], ['note-end', '2026-06-15 09:00']]) {
    await inp(nd, name).fill(value);
    await inp(nd, name).press('Enter');
  }
  await nd.locator('[data-test=note-area]').click();
  await choose(w, '养老服务');
  await area(nd, 'note-content').fill('上门了解照护需求，联系居家养老服务中心安排助餐');
  await nd.locator('[data-test=note-save]').click();
  await nd.waitFor({ state: 'hidden' });
  await w.locator('[data-test=case-notes]').getByText('上门了解照护需求，联系居家养老服务中心安排助餐').waitFor();
  // The case's records in the service list, filtered by the case.
  await w.locator('[data-test=case-notes-ledger]').click();
  await w.waitForURL(new RegExp(`/services\\?.*case_id=${id}`));
  await w.locator('[data-test=filter-owner]').getByText(new RegExp(`^个案 #${id}（[^—]+）$`)).waitFor();
  await w.locator('[data-test=service-table] tr.service-row').first().waitFor();
  assert.equal(await w.locator('[data-test=service-table] tr.service-row').count(), 1, "only the case's record");
  assert.match(await w.locator('[data-test=service-total]').innerText(), /共 1 条/);
  await shot(w, 'services-of-case');
  // On a phone, the filter and the card fit.
  const ph = await open(browser, srv.base, PHONE);
  await loginAs(ph, 'worker', TEST_PASSWORD2);
  await ph.goto(`/services?case_id=${id}`);
  await ph.locator('[data-test=filter-owner]').getByText(new RegExp(`^个案 #${id}（[^—]+）$`)).waitFor();
  await ph.locator('[data-test=service-cards] [data-test=service-row]').first().waitFor();
  assert.equal(await ph.locator('[data-test=service-cards] [data-test=service-row]').count(), 1);
  await expectNoOverflow(ph, "a case's records");
  await shot(ph, 'services-of-case-phone');
  expectClean(ph);
  await ph.context().close();
  await w.goBack();
  await stageIs(w, '介入');

  // 评估: every goal of the plan.
  await w.locator('[data-test=case-start-evaluation]').click();
  const ev = w.locator('[data-test=evaluation-form]');
  assert.equal(await ev.locator('[data-test=evaluation-row]').count(), 2);
  await ev.locator('[data-test=evaluation-save]').click();
  await ev.getByText('请选择达成情况').first().waitFor();
  await ev.locator('[data-test=evaluation-row]').nth(0).getByText('已达成', { exact: true }).click();
  await ev.locator('[data-test=evaluation-row]').nth(1).getByText('部分达成', { exact: true }).click();
  await inp(ev.locator('[data-test=evaluation-row]').nth(1), 'evaluation-note').fill('仍偶有低落');
  await area(ev, 'evaluation-summary').fill('照护服务已落实，情绪有所好转');
  await ev.locator('[data-test=evaluation-save]').click();
  await stageIs(w, '评估');

  // 结案申请.
  const c = w.locator('[data-test=closure-form]');
  await c.locator('[data-test=closure-reason]').click();
  await choose(w, '服务目标达成');
  await area(c, 'closure-summary').fill('居家照护已稳定，转为定期回访');
  await c.locator('[data-test=closure-submit]').click();
  await confirmBox(w, '申请结案');
  await w.locator('[data-test=case-pending]').getByText(/结案申请已于 2026-06-15 提交/).waitFor();

  // The supervisor approves the closure, having read the evaluation.
  await s.reload();
  await card.locator('[data-test=inbox-summary]').getByText('居家照护已稳定，转为定期回访').waitFor();
  assert.match(await card.innerText(), /结案待审批[\s\S]*服务目标达成[\s\S]*链接居家照护服务：已达成[\s\S]*缓解情绪困扰：部分达成/);
  // What the closure rests on: the case's one record and its minutes.
  assert.match(await card.locator('[data-test=inbox-services]').innerText(), /^服务过程记录：1次，共\d+分钟$/);
  await card.locator('[data-test=inbox-approve]').click();
  await area(dd, 'decision-comment').fill('同意结案，按期回访');
  await dd.locator('[data-test=decision-ok]').click();
  await card.waitFor({ state: 'detached' });

  // 结案, with the follow-up visits 30 and 90 days on.
  await w.reload();
  await stageIs(w, '结案');
  const closed = w.locator('[data-test=case-closed]');
  await closed.getByText('个案已于 2026-06-15 结案').waitFor();
  const fu = closed.locator('[data-test=case-closed-followups] .el-table__body-wrapper tr');
  assert.deepEqual((await fu.allInnerTexts()).map((x) => x.replace(/\s+/g, ' ').trim()), ['1 2026-07-15 待回访 —', '2 2026-09-13 待回访 —']);
  assert.equal(await w.locator('[data-test=case-steps] .el-step__head.is-success').count(), 6, 'every stage done');
  await w.locator('.case-tabs').getByText('个案历程').click();
  const events = await w.locator('[data-test=case-event] .ev-kind').allInnerTexts();
  assert.deepEqual(events, ['督导批准结案', '申请结案', '完成评估', '督导批准服务计划', '提交服务计划', '督导退回服务计划', '提交服务计划', '完成预估', '接案']);
  await shot(w, 'cases-page-closed');
  const k = await caseOf(id);
  assert.equal(k.stage, 'closed');
  assert.equal(k.plan.review_on, '2026-09-30');
  assert.deepEqual(k.plan.goals[1].tasks, [{ task: '每周电话关怀一次', due_on: '2026-08-01' }]);
  assert.deepEqual(k.evaluation.goals, [{ goal: 0, attainment: 'achieved' }, { goal: 1, attainment: 'partly', note: '仍偶有低落' }]);
  assert.deepEqual(k.followups.map((f) => f.due_on), ['2026-07-15', '2026-09-13']);
  expectClean(w);
  expectClean(s);
  await s.context().close();
  await w.context().close();
});

test("the board, the tasks and the client's timeline on a desk and on a phone", async () => {
  const w = await open(browser, srv.base, DESKTOP);
  await loginAs(w, 'worker', TEST_PASSWORD2);
  // The menu counts what is due.
  await w.locator('[data-test=menu-task-badge]').waitFor();
  await w.goto('/cases');
  await w.locator('[data-test=case-board] [data-stage=closed] [data-test=case-card]').getByText('周阿姨').waitFor();
  await expectNoOverflow(w, 'case board');
  await shot(w, 'cases-board');
  await w.goto('/tasks');
  const rows = w.locator('[data-test=task-table] .el-table__body-wrapper tr');
  await rows.first().waitFor();
  const all = (await rows.allInnerTexts()).join('\n');
  assert.match(all, /个案预估到期\s+吴大伯/, "吴大伯's case waits for its assessment");
  assert.match(all, /结案回访\s+周阿姨/);
  await shot(w, 'cases-tasks');
  await w.locator('[data-test=task-tab-overdue]').click();
  await w.waitForURL(/due=overdue/);
  await w.locator('[data-test=task-table]').getByText(/逾期\d+天/).first().waitFor();
  // The client's timeline: the case's steps and its records in one list.
  await w.goto(`/clients/${ids.zhou}`);
  await w.locator('.el-tabs__item').getByText('服务时间线').click();
  const tl = w.locator('[data-test=client-timeline] [data-test=timeline-item]');
  await tl.first().waitFor();
  const texts = (await tl.allInnerTexts()).join('\n');
  // The server's clock stands still: every step happened at 10:00 on the
  // 15th, after the session of 8:00 that day.
  assert.match(texts, /督导批准结案[\s\S]*接案[\s\S]*2026-06-15 08:00\s+个案服务/);
  await shot(w, 'cases-client-timeline');
  // In English too.
  await w.evaluate(() => localStorage.setItem('sgz.locale', 'en'));
  const closedCase = (await call('GET', `/api/v1/cases?client_id=${ids.zhou}`, undefined, as.worker)).body.items[0].id;
  await w.goto(`/cases/${closedCase}`);
  await stageIs(w, 'Closed');
  await w.locator('[data-test=case-closed]').getByText('Closed on 2026-06-15').waitFor();
  await expectNoOverflow(w, 'case page en');
  await shot(w, 'cases-page-en');
  await w.goto('/cases');
  await w.locator('[data-test=case-board] .col-title').first().getByText('Intake').waitFor();
  await shot(w, 'cases-board-en');
  await w.evaluate(() => localStorage.setItem('sgz.locale', 'zh-CN'));
  expectClean(w);
  await w.context().close();

  const m = await open(browser, srv.base, PHONE);
  await loginAs(m, 'worker', TEST_PASSWORD2);
  await m.goto('/cases');
  await m.locator('[data-test=case-list] [data-test=case-card]').first().waitFor();
  await expectNoOverflow(m, 'case list phone');
  await shot(m, 'cases-board-phone');
  const closedId = (await call('GET', `/api/v1/cases?client_id=${ids.zhou}`, undefined, as.worker)).body.items[0].id;
  await m.goto(`/cases/${closedId}`);
  await stageIs(m, '结案');
  // The assessment's needs and the evaluation's goals are lines whose text
  // is on the screen, not a table's third column past its edge.
  for (const list of ['overview-needs', 'overview-goals']) {
    const line = m.locator(`[data-test=${list}] li`).first();
    await line.waitFor();
    const b = await line.boundingBox();
    assert.ok(b.x >= 0 && b.x + b.width <= PHONE.viewport.width, `${list}: ${JSON.stringify(b)}`);
  }
  // The follow-ups the closure asks for, one line each.
  await m.locator('[data-test=case-closed-followups] li').first().waitFor();
  assert.equal(await m.locator('[data-test=case-closed-followups] li').count(), 2);
  assert.match(await m.locator('[data-test=case-closed-followups] li').first().innerText(), /2026-07-15\s*待回访/);
  await expectNoOverflow(m, 'case page phone');
  await shot(m, 'cases-page-phone');
  const open2 = (await call('GET', `/api/v1/cases?client_id=${ids.wu}`, undefined, as.worker)).body.items[0].id;
  await m.goto(`/cases/${open2}`);
  await m.locator('[data-test=assessment-form]').waitFor();
  await expectNoOverflow(m, 'assessment phone');
  await shot(m, 'cases-assessment-phone');
  await m.goto('/tasks');
  await m.locator('[data-test=task-cards] [data-test=task-row]').first().waitFor();
  await expectNoOverflow(m, 'tasks phone');
  await shot(m, 'cases-tasks-phone');
  expectClean(m);
  await m.context().close();

  // The supervisor's approvals on a phone, with a plan waiting.
  let k = (await call('GET', `/api/v1/cases?client_id=${ids.wu}`, undefined, as.worker)).body.items[0];
  k = (await call('POST', `/api/v1/cases/${k.id}/assessment`, { needs: [{ domain: 'safety', description: '居家跌倒风险', level: 'high' }], summary: '需要适老化改造', risk_level: 'high', version: k.version }, as.worker)).body;
  const r = await call('POST', `/api/v1/cases/${k.id}/plan`, { goals: [{ goal: '降低跌倒风险', tasks: [{ task: '申请适老化改造', due_on: '2026-07-15' }] }], version: k.version }, as.worker);
  assert.equal(r.status, 200, r.text);
  const sp = await open(browser, srv.base, PHONE);
  await loginAs(sp, 'sup', TEST_PASSWORD2);
  await sp.goto('/cases/inbox');
  await sp.locator('[data-test=inbox-item] [data-test=inbox-summary]').getByText('申请适老化改造').waitFor();
  await expectNoOverflow(sp, 'inbox phone');
  await shot(sp, 'cases-inbox-phone');
  expectClean(sp);
  await sp.context().close();

  // The assessment raised her risk: her history names the case by its
  // number, as the case pages do.
  const h = await open(browser, srv.base, DESKTOP);
  await loginAs(h, 'worker', TEST_PASSWORD2);
  await h.goto(`/clients/${ids.wu}`);
  await h.getByRole('tab', { name: '历史记录' }).click();
  const raised = h.locator('[data-test=client-history] tr.el-table__row').filter({ hasText: '风险等级' }).first();
  await raised.waitFor();
  assert.match(await raised.innerText(), new RegExp(`个案\\s+#${k.id}`));
  expectClean(h);
  await h.context().close();
});

test('a referral with its outcome, and a transfer the receiver accepts from her tasks', async () => {
  const w = await open(browser, srv.base, DESKTOP);
  await loginAs(w, 'worker', TEST_PASSWORD2);
  await w.goto(`/cases/${ids.zhengCase}`);
  await stageIs(w, '介入');
  // 转介, then its outcome.
  const rd = w.locator('[data-test=referral-dialog]');
  const box = w.locator('.el-message-box');
  // Untouched, Esc closes the dialog without a question.
  await w.locator('[data-test=case-refer]').click();
  await inp(rd, 'referral-agency').waitFor();
  await w.keyboard.press('Escape');
  await rd.waitFor({ state: 'hidden' });
  assert.equal(await box.count(), 0, 'nothing typed: nothing asked');
  await w.locator('[data-test=case-refer]').click();
  await inp(rd, 'referral-agency').fill('镇卫生院');
  await area(rd, 'referral-reason').fill('需要心理咨询');
  // Typed: Esc and × ask before dropping it; 继续填写 keeps it.
  await w.keyboard.press('Escape');
  await box.getByText('放弃未保存的内容？').waitFor();
  await shot(w, 'cases-referral-discard-question');
  await box.getByRole('button', { name: '继续填写' }).click();
  await box.waitFor({ state: 'hidden' });
  await rd.locator('.el-dialog__headerbtn').click();
  await box.getByText('放弃未保存的内容？').waitFor();
  await box.getByRole('button', { name: '继续填写' }).click();
  await box.waitFor({ state: 'hidden' });
  assert.ok(await rd.isVisible(), 'the dialog stays open');
  assert.equal(await inp(rd, 'referral-agency').inputValue(), '镇卫生院');
  assert.equal(await area(rd, 'referral-reason').inputValue(), '需要心理咨询');
  assert.equal(await inp(rd, 'referral-date').inputValue(), '2026-06-15', "the server's today");
  await rd.locator('[data-test=referral-ok]').click();
  await rd.waitFor({ state: 'hidden' });
  await w.locator('.case-tabs').getByRole('tab', { name: '转介 (1)' }).click();
  const refs = w.locator('[data-test=case-referrals]');
  await refs.getByRole('button', { name: '登记转介结果' }).click();
  await area(rd, 'referral-outcome').fill('已安排每月一次心理咨询');
  await rd.locator('[data-test=referral-ok]').click();
  await refs.getByText('已安排每月一次心理咨询').waitFor();
  await shot(w, 'cases-referrals');

  // 移交 to a colleague of the station.
  await w.locator('[data-test=case-transfer]').click();
  const td = w.locator('[data-test=transfer-dialog]');
  await td.locator('[data-test=transfer-ok]').click();
  // The error, not the picker's placeholder of the same words.
  await td.locator('.el-form-item__error').filter({ hasText: '请选择接收社工' }).waitFor();
  await td.locator('[data-test=transfer-worker]').click();
  // Not offered the case's own worker: she cannot take it from herself.
  await w.locator('.el-select__popper:visible .el-select-dropdown__item').first().waitFor();
  const offered = await w.locator('.el-select__popper:visible .el-select-dropdown__item').allInnerTexts();
  assert.ok(offered.includes('worker2') && !offered.some((x) => /^worker（本人）|^worker$/.test(x)), offered.join());
  await choose(w, 'worker2');
  await area(td, 'transfer-note').fill('本人下月调岗，请接手跟进');
  await td.locator('[data-test=transfer-ok]').click();
  await td.waitFor({ state: 'hidden' });
  // The receiver by name, not by her user number.
  await w.locator('[data-test=case-transfer-banner]').getByText('个案正在移交给 worker2（攸县联星街道社会工作服务站），等待对方接受。', { exact: true }).waitFor();
  assert.doesNotMatch(await w.locator('[data-test=case-transfer-banner]').innerText(), /#\d/);
  assert.equal(await w.locator('[data-test=case-note]').count(), 1, 'notes may still be recorded');
  assert.equal(await w.locator('[data-test=case-transfer]').count(), 0, 'one transfer at a time');
  await shot(w, 'cases-transfer-banner');
  expectClean(w);
  await w.context().close();

  // The receiver finds it among her tasks and accepts it.
  const r = await open(browser, srv.base, DESKTOP);
  await loginAs(r, 'worker2', TEST_PASSWORD2);
  await r.goto('/tasks');
  const row = r.locator('[data-test=task-table] .el-table__body-wrapper tr').filter({ hasText: '个案移交待接受' });
  assert.match(await row.innerText(), /郑奶奶\s+worker 发起移交\s+处理移交/);
  await row.locator('[data-test=task-go]').click();
  await r.waitForURL(new RegExp(`/cases/${ids.zhengCase}$`));
  // The receiver is told to act, not to wait.
  await r.locator('[data-test=case-transfer-banner]').getByText('此个案移交给您（攸县联星街道社会工作服务站），请查看移交说明后接受或拒绝。', { exact: true }).waitFor();
  assert.doesNotMatch(await r.locator('[data-test=case-transfer-banner]').innerText(), /等待对方/);
  await shot(r, 'cases-transfer-banner-receiver');
  await r.locator('[data-test=transfer-accept]').click();
  await confirmBox(r, '接受移交');
  await r.locator('[data-test=case-transfer-banner]').waitFor({ state: 'detached' });
  assert.match(await r.locator('[data-test=case-meta]').innerText(), /负责社工\s+worker2/);
  const k = await caseOf(ids.zhengCase, as.worker2);
  assert.equal(k.worker_id, ids.worker2);
  assert.equal(k.referrals[0].outcome, '已安排每月一次心理咨询');
  expectClean(r);
  await r.context().close();
});

test("a station's lead sees whose each task is and lists one worker's", async () => {
  const page = await open(browser, srv.base, DESKTOP);
  await loginAs(page, 'lead', TEST_PASSWORD2);
  await page.goto('/tasks?station_id=2');
  const rows = page.locator('[data-test=task-table] .el-table__body-wrapper tr');
  await rows.first().waitFor();
  const head = (await page.locator('[data-test=task-table] .el-table__header-wrapper th').allInnerTexts()).map((x) => x.trim());
  assert.ok(head.includes('负责社工'), 'a 负责社工 column: ' + head.join('|'));
  const names = await page.locator('[data-test=task-table] [data-test=task-worker-name]').allInnerTexts();
  assert.ok(names.includes('worker') && names.includes('worker2'), 'both workers named: ' + names.join(','));
  assert.ok(names.every((n) => !/#\d/.test(n)), 'no user numbers: ' + names.join(','));
  await shot(page, 'cases-tasks-station-lead');
  // One worker's tasks.
  await page.locator('[data-test=task-worker]').click();
  await choose(page, 'worker2');
  await page.waitForURL(new RegExp(`worker_id=${ids.worker2}`));
  await page.waitForFunction(() => {
    const n = [...document.querySelectorAll('[data-test=task-table] [data-test=task-worker-name]')].map((e) => e.textContent.trim());
    return n.length > 0 && n.every((x) => x === 'worker2');
  });
  const api2 = await call('GET', `/api/v1/tasks?worker_id=${ids.worker2}&limit=50`, undefined, as.lead);
  assert.equal(api2.status, 200, api2.text);
  assert.equal(await page.locator('[data-test=task-table] [data-test=task-worker-name]').count(), api2.body.items.length);
  // My own list has no such column.
  await page.locator('[data-test=task-scope]').click();
  await choose(page, '我的待办');
  await page.waitForURL((u) => !u.searchParams.has('station_id'));
  assert.equal(await page.locator('[data-test=task-worker]').count(), 0);
  expectClean(page);
  await page.context().close();
});

test('a county supervisor lists every station\'s tasks at once, each row naming its station and worker', async () => {
  addUser(srv, 'worker3', 'social_worker', 'stations:3');
  addUser(srv, 'sup_county', 'supervisor', 'stations:2,3');
  as.worker3 = await session(srv.base, 'worker3');
  await session(srv.base, 'sup_county');
  // Living alone: a visit is due, whose 说明 names the category.
  const c = await call('POST', '/api/v1/clients', { station_id: 3, name: '钱奶奶', id_number: idn('43022319470909006'),
    categories: [{ code: 'elderly_alone', started_on: '2020-01-01' }] }, as.worker3);
  assert.equal(c.status, 201, c.text);
  const k = await call('POST', '/api/v1/cases', { client_id: c.body.id, source: 'walk_in', problem: '独居，行动不便', opened_on: '2026-06-10' }, as.worker3);
  assert.equal(k.status, 201, k.text);
  const names = Object.fromEntries((await call('GET', '/api/v1/stations?limit=200')).body.items.map((x) => [x.id, x.name]));
  const want = (await call('GET', '/api/v1/tasks?station_id=all&limit=20', undefined, await session(srv.base, 'sup_county', TEST_PASSWORD2))).body;
  assert.ok(want.items.some((x) => x.station_id === 2) && want.items.some((x) => x.station_id === 3), JSON.stringify(want.items));
  for (const size of [DESKTOP, PHONE]) {
    const page = await open(browser, srv.base, size);
    await loginAs(page, 'sup_county', TEST_PASSWORD2);
    await page.goto('/tasks');
    await page.locator('[data-test=task-scope]').click();
    await choose(page, '全部站点');
    await page.waitForURL(/station_id=all/);
    await page.getByText('范围内全部站点的待办').waitFor();
    const sel = size === DESKTOP ? '[data-test=task-table] [data-test=task-station-name]' : '[data-test=task-cards] [data-test=task-station-name]';
    await page.waitForFunction((q) => document.querySelectorAll(q).length > 0, sel);
    assert.deepEqual(await page.locator(sel).allInnerTexts(), want.items.map((x) => names[x.station_id]), 'each row its station, in the server\'s order');
    if (size === DESKTOP) {
      // Each row names its worker, from either station's staff.
      await page.waitForFunction(() => [...document.querySelectorAll('[data-test=task-table] [data-test=task-worker-name]')]
        .every((e) => !/#\d/.test(e.textContent)));
      const workers = await page.locator('[data-test=task-table] [data-test=task-worker-name]').allInnerTexts();
      assert.ok(workers.includes('worker3') && workers.includes('worker'), workers.join(','));
      assert.equal(await page.locator('[data-test=task-worker]').count(), 0, 'no worker filter over several stations');
      assert.equal(await fitsWidth(page, 'task-table'), true, 'the county list scrolls sideways');
      // Each 说明 is read whole, wrapped rather than cut to an ellipsis.
      const visit = page.locator('[data-test=task-table] tr.task-row').filter({ hasText: '钱奶奶' }).filter({ hasText: '定期走访' });
      const note = visit.locator('td').nth(5).locator('.cell');
      assert.equal(await note.innerText(), '独居老人定期走访');
      assert.ok(await note.evaluate((e) => e.scrollWidth <= e.clientWidth), 'the visit\'s 说明 is cut');
      assert.equal(await page.locator('[data-test=task-pageable]').count(), 0, 'fewer than 2,000: every one paged');
      // Her next visit opens the list she chose.
      await page.goto('/tasks');
      await page.getByText('范围内全部站点的待办').waitFor();
    } else {
      await expectNoOverflow(page, 'the county task cards');
    }
    await shot(page, size === DESKTOP ? 'tasks-all-stations' : 'tasks-all-stations-phone');
    expectClean(page);
    await page.context().close();
  }
});

test('the case ledger is exported with what the board shows: every stage at a desk, the stage listed on a phone', async () => {
  const listed = async (q) => (await call('GET', `/api/v1/cases?limit=200${q}`, undefined, as.worker)).body.items;
  for (const [size, q, header] of [[DESKTOP, '', '个案编号,服务对象,所属站点,负责社工,当前阶段,个案来源,风险等级,主要问题,开案日期,服务次数,服务时长(分钟),结案日期,结案原因'],
    [PHONE, '&stage=open', null]]) {
    const want = await listed(q);
    assert.ok(want.length > 0);
    const page = await open(browser, srv.base, size);
    await loginAs(page, 'worker', TEST_PASSWORD2);
    await page.goto('/cases');
    await page.locator(size === DESKTOP ? '[data-test=case-board] [data-test=case-card]' : '[data-test=case-list] [data-test=case-card]').first().waitFor();
    await page.locator('[data-test=case-export]').click();
    const dlg = page.locator('.el-dialog').filter({ hasText: '导出个案台账' });
    await dlg.getByText(`将导出 ${want.length} 个个案`).waitFor();
    await expectNoOverflow(page, 'the case export dialog');
    await shot(page, size === DESKTOP ? 'cases-export' : 'cases-export-phone');
    await dlg.getByText('CSV', { exact: true }).click();
    const [file] = await Promise.all([page.waitForEvent('download'), dlg.locator('[data-test=ledger-export-ok]').click()]);
    assert.equal(file.suggestedFilename(), '个案台账-攸县联星街道社会工作服务站-2026-06-15.csv', 'her range is one station: named');
    const lines = readFileSync(await file.path(), 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    if (header) assert.equal(lines[0], header);
    assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[0])), want.map((k) => k.id), 'the cases the list gives, in its order');
    if (size === DESKTOP) {
      const zhou = lines.find((l) => l.includes(',周阿姨,'));
      assert.match(zhou, /,结案,/, 'a closed case is in the desk\'s ledger');
    }
    await dlg.waitFor({ state: 'hidden' });
    expectClean(page);
    await page.context().close();
  }
});

test('a transfer sent to the wrong colleague is withdrawn from the case page by its sender', async () => {
  let r = await call('POST', '/api/v1/clients', { station_id: 2, name: '撤回甲', id_number: idn('43022319500909006') });
  assert.equal(r.status, 201, r.text);
  r = await call('POST', '/api/v1/cases', { client_id: r.body.id, source: 'walk_in', problem: '独居，需要照料', opened_on: '2026-06-10' }, as.worker);
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  r = await call('POST', `/api/v1/cases/${id}/transfer`, { to_worker_id: ids.worker2, note: '本人调岗', version: r.body.version }, as.worker);
  assert.equal(r.status, 200, r.text);
  // The receiver answers; she is not offered the withdrawal.
  const rc = await open(browser, srv.base, DESKTOP);
  await loginAs(rc, 'worker2', TEST_PASSWORD2);
  await rc.goto(`/cases/${id}`);
  await rc.locator('[data-test=transfer-accept]').waitFor();
  assert.equal(await rc.locator('[data-test=transfer-withdraw]').count(), 0, 'the receiver declines instead');
  await rc.context().close();
  // The sender takes it back, with a reason.
  const w = await open(browser, srv.base, DESKTOP);
  await loginAs(w, 'worker', TEST_PASSWORD2);
  await w.goto(`/cases/${id}`);
  const banner = w.locator('[data-test=case-transfer-banner]');
  await banner.locator('[data-test=transfer-withdraw]').click();
  const box = w.locator('.el-message-box');
  await box.locator('textarea').fill('接收人选错了');
  await confirmBox(w, '撤回移交');
  await banner.waitFor({ state: 'detached' });
  await w.locator('[data-test=case-transfer]').waitFor();
  const k = await caseOf(id);
  assert.equal(k.transfer, null);
  assert.equal(k.worker_id, ids.worker);
  assert.equal(k.events.at(-1).kind, 'transfer_withdrawn');
  assert.equal(k.events.at(-1).comment, '接收人选错了');
  expectClean(w);
  await w.context().close();
});

test('a client who died: the case is closed from intake on the case page, offered only the reasons that allow it', async () => {
  let r = await call('POST', '/api/v1/clients', { station_id: 2, name: '故去乙', id_number: idn('43022319381010007') });
  assert.equal(r.status, 201, r.text);
  r = await call('POST', '/api/v1/cases', { client_id: r.body.id, source: 'visit', problem: '独居高龄，需要照料', opened_on: '2026-06-10' }, as.worker);
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  const w = await open(browser, srv.base, DESKTOP);
  await loginAs(w, 'worker', TEST_PASSWORD2);
  await w.goto(`/cases/${id}`);
  await stageIs(w, '接案');
  // Opened and cancelled, the stage's own step is back.
  await w.locator('[data-test=case-close-early]').click();
  const c = w.locator('[data-test=closure-form]');
  await c.getByRole('button', { name: '取消' }).click();
  await c.waitFor({ state: 'detached' });
  await w.locator('[data-test=assessment-form]').waitFor();
  await w.locator('[data-test=case-close-early]').click();
  await c.locator('[data-test=closure-reason]').click();
  // The list is drawn after the click returns: read it once it is there.
  await w.locator('.el-select__popper:visible .el-select-dropdown__item').first().waitFor();
  const offered = await w.locator('.el-select__popper:visible .el-select-dropdown__item').allInnerTexts();
  assert.deepEqual(offered.sort(), ['失去联系', '服务对象不再接受服务', '服务对象去世', '服务对象迁出'].sort(), 'not 服务目标达成 before the evaluation');
  await choose(w, '服务对象去世');
  await area(c, 'closure-summary').fill('服务对象于6月12日病故，服务终止');
  await shot(w, 'cases-close-early');
  await c.locator('[data-test=closure-submit]').click();
  await confirmBox(w, '申请结案');
  await w.locator('[data-test=case-pending]').getByText(/结案申请已于 2026-06-15 提交/).waitFor();
  let k = await caseOf(id);
  assert.deepEqual([k.stage, k.pending, k.closure_reason], ['intake', 'closure', 'deceased']);
  // Returned, the request comes back to be corrected, not retyped.
  r = await call('POST', `/api/v1/cases/${id}/decision`, { decision: 'return', comment: '请附上死亡证明的开具日期', version: k.version }, as.sup);
  assert.equal(r.status, 200, r.text);
  await w.reload();
  await stageIs(w, '接案');
  await w.locator('[data-test=case-close-early]').click();
  assert.equal(await c.locator('[data-test=closure-reason] .el-select__selected-item:not(.is-hidden)').first().innerText(), '服务对象去世');
  assert.equal(await area(c, 'closure-summary').inputValue(), '服务对象于6月12日病故，服务终止');
  await area(c, 'closure-summary').fill('服务对象于6月12日病故（死亡证明6月13日开具），服务终止');
  await c.locator('[data-test=closure-submit]').click();
  await confirmBox(w, '申请结案');
  await w.locator('[data-test=case-pending]').getByText(/结案申请已于 2026-06-15 提交/).waitFor();
  k = await caseOf(id);
  assert.deepEqual([k.pending, k.closure_summary], ['closure', '服务对象于6月12日病故（死亡证明6月13日开具），服务终止']);
  // The supervisor approves it as any closure: closed, nobody to visit.
  r = await call('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', version: k.version }, as.sup);
  assert.equal(r.status, 200, r.text);
  k = r.body;
  assert.deepEqual([k.stage, k.followups], ['closed', []]);
  await w.reload();
  await w.locator('[data-test=case-closed]').getByText('个案已于 2026-06-15 结案').waitFor();
  assert.equal(await w.locator('[data-test=case-close-early]').count(), 0);
  expectClean(w);
  await w.context().close();
});

test('a supervisor who recorded the assessment is told another must approve the plan, with no button to try', async () => {
  addUser(srv, 'sup_b', 'supervisor', 'stations:2');
  const c = await call('POST', '/api/v1/clients', { station_id: 2, name: '代评对象', sex: 'F', birth_date: '1951-01-01' });
  assert.equal(c.status, 201, c.text);
  let k = (await call('POST', '/api/v1/cases', { client_id: c.body.id, source: 'visit', problem: '独居', opened_on: '2026-06-10' }, as.worker)).body;
  k = (await call('POST', `/api/v1/cases/${k.id}/assessment`, { needs: [{ domain: 'health', description: '无人照料', level: 'high' }], summary: '独居', risk_level: 'high', version: k.version }, as.sup)).body;
  const r = await call('POST', `/api/v1/cases/${k.id}/plan`, { goals: [{ goal: '链接照护', tasks: [] }], version: k.version }, as.worker);
  assert.equal(r.status, 200, r.text);
  const s = await open(browser, srv.base, DESKTOP);
  await loginAs(s, 'sup', TEST_PASSWORD2);
  await s.goto('/cases/inbox');
  const card = s.locator(`[data-test=inbox-item][data-case="${k.id}"]`);
  await card.locator('[data-test=inbox-own-work]').getByText('此申请所依据的预估或评估由您记录，须由其他督导审批。').waitFor();
  assert.equal(await card.locator('[data-test=inbox-approve]').count(), 0);
  await s.goto(`/cases/${k.id}`);
  await s.locator('[data-test=case-own-work]').waitFor();
  assert.equal(await s.locator('[data-test=case-approve]').count(), 0);
  expectClean(s);
  await s.context().close();
});
