// A county's first day on the platform: its stations opened on 1
// December, its contract's service begins the same day. The compliance
// engine owes it no report for a period before that (the briefs of
// September to November, last quarter's and half-year's county reports,
// the county's 2026 self-evaluation due on 30 November), and a station
// whose opening day nobody recorded owes none for the months before it
// was registered. Clock: 2026-12-05.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session, sgz } from './lib.mjs';

const DEC_5 = '1796436000';
let srv;

before(async () => {
  srv = await startServer({ env: { SGZ_NOW: DEC_5 } });
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const overdue = async () =>
  (await api(srv.base, 'GET', '/api/v1/compliance?rule=report.overdue&limit=200')).body.items.map((f) => `${f.entity_name}|${f.message}`);

async function stations() {
  const r = await api(srv.base, 'GET', '/api/v1/stations?limit=200&sort=id');
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

async function open(s, day) {
  const r = await api(srv.base, 'PATCH', `/api/v1/stations/${s.id}`, { opened_on: day, version: s.version });
  assert.equal(r.status, 200, r.text);
}

test('stations opened on 1 December owe no brief, and their county no report, for the months before', async () => {
  // The demo's stations opened two years ago: every report of the last
  // periods is owed, and none was written.
  const before = await overdue();
  assert.ok(before.some((m) => /月度工作简报\(2026年10月\)/.test(m)), before.join('\n'));
  assert.ok(before.some((m) => /季度项目实施情况报告\(2026年第3季度\)/.test(m)), before.join('\n'));
  assert.ok(before.some((m) => /半年项目实施情况报告\(2026年上半年\)/.test(m)), before.join('\n'));

  for (const s of await stations()) await open(s, '2026-12-01');
  const after = await overdue();
  assert.deepEqual(after.filter((m) => /月度工作简报|季度|半年/.test(m)), [], after.join('\n'));
});

test('a station with no opening day owes nothing for the months before it was registered', async () => {
  const [s] = (await stations()).filter((x) => x.type === 'township_station');
  await open(s, '2026-01-01');
  const owed = (await overdue()).filter((m) => m.startsWith(s.name + '|'));
  assert.ok(owed.some((m) => /月度工作简报\(2026年10月\)/.test(m)), owed.join('\n'));
  // Registered today (the demo ran at the fixed clock), opening unknown.
  const fresh = (await stations()).find((x) => x.id === s.id);
  await open(fresh, null);
  assert.deepEqual((await overdue()).filter((m) => m.startsWith(s.name + '|')), []);
});

test('a county whose stations opened on 1 December owes no self-evaluation due on 30 November; one that ran in the year does', async () => {
  const org = await api(srv.base, 'POST', '/api/v1/organisations', { name: '攸县阳光社会工作服务中心', credit_code: '91350100M000100Y43' });
  assert.equal(org.status, 201, org.text);
  const [st] = (await stations()).filter((x) => x.type === 'township_station');
  const contract = (starts_on, ends_on, code) => api(srv.base, 'POST', '/api/v1/contracts', {
    code, title: `${code}社工站服务项目`, organisation_id: org.body.id, procurement: 'open_tender', cycle_years: 3, cycle_year: 1,
    amount_fen: 12000000, signed_on: '2026-11-20', effective_on: '2026-11-20', starts_on, ends_on,
    stations: [{ station_id: st.id, amount_fen: 12000000 }],
  });
  // The report is the county bureau's (篇2), whatever its contracts: a
  // contract that ran all year does not make the organisation owe one.
  let r = await contract('2026-01-01', '2026-12-31', 'YX-2026-A');
  assert.equal(r.status, 201, r.text);
  r = await contract('2026-12-01', '2027-11-30', 'YX-2026-B');
  assert.equal(r.status, 201, r.text);
  const self = async () => (await overdue()).filter((m) => /绩效自评报告/.test(m));
  assert.deepEqual(await self(), []);
  // A station of the county at work since January: the county owes it.
  await open((await stations()).find((x) => x.id === st.id), '2026-01-01');
  assert.deepEqual(await self(), ['攸县|绩效自评报告(2026年)应于2026-11-30前报省民政厅，已逾期未提交']);
});

// A county whose stations opened years ago goes live on the platform on
// 1 November: the briefs and reports of periods ended before were kept on
// paper (参数设置 reports.owed_from).
test('the go-live day: reports for periods ended before its month are not asked for; cleared, they are again', async () => {
  for (const s of await stations()) await open(s, '2024-06-01');
  const paper = /月度工作简报\(2026年(9|10)月\)|季度项目实施情况报告\(2026年第3季度\)|半年项目实施情况报告\(2026年上半年\)/;
  const before = await overdue();
  assert.ok(before.some((m) => /月度工作简报\(2026年10月\)/.test(m)), before.join('\n'));
  // A contract in its eleventh month, with a target for the year.
  const k = (await api(srv.base, 'GET', '/api/v1/contracts?limit=200')).body.items.find((x) => x.code === 'YX-2026-A');
  const targets = async () => (await api(srv.base, 'GET', `/api/v1/contracts/${k.id}/targets`)).body;
  const t = await api(srv.base, 'PUT', `/api/v1/contracts/${k.id}/targets`, { targets: [{ service_type: 'activity', quantity: 120 }], version: k.version });
  assert.equal(t.status, 200, t.text);
  assert.deepEqual([t.body.counted_from, t.body.elapsed_permille, t.body.targets[0].expected], ['2026-01-01', 928, 111]);
  // Its mid-term evaluation held on 25 November, the report not in: a
  // warning.
  const ev = await api(srv.base, 'POST', '/api/v1/evaluations', { contract_id: k.id, kind: 'midterm', evaluated_on: '2026-11-25',
    passed: true, grade: 'good', evaluator: '第三方' });
  assert.equal(ev.status, 201, ev.text);
  const midterm = /中期评估已于2026-11-25进行，中期工作报告尚未提交/;
  assert.ok((await overdue()).some((m) => midterm.test(m)));
  const put = (body) => api(srv.base, 'PUT', '/api/v1/settings/reports.owed_from', body);
  // A day, said as a day; not a number, not a day that does not exist.
  for (const [body, field, message] of [
    [{ value: 20261101 }, 'value', /^平台上线日期.*是日期：请用date填写/],
    [{}, 'date', /^日期不能为空$/],
    [{ date: '2026-02-30' }, 'date', /日期/],
    [{ date: '1999-12-31' }, 'date', /^平台上线日期.*须为2000年以后的日期$/],
    // Not a day to come: a mistyped year would silence every report.
    [{ date: '2027-11-01' }, 'date', /^平台上线日期.*不能晚于今天：请在上线当天或之后设置/],
  ]) {
    const r = await put(body);
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field, r.text);
    assert.match(r.body.error.message, message);
  }
  const number = await api(srv.base, 'PUT', '/api/v1/settings/service.edit_days', { date: '2026-11-01' });
  assert.equal(number.status, 400, number.text);
  assert.match(number.body.error.message, /是数值：请用value填写，不用date$/);
  // September's brief begun as a draft: past its day, overdue until the
  // go-live day says September was on paper.
  const [st2] = (await stations()).filter((x) => x.type === 'township_station');
  addUser(srv, 'golive_lead', 'station_lead', `stations:${st2.id}`);
  const lead = await session(srv.base, 'golive_lead');
  const sept = await api(srv.base, 'POST', '/api/v1/reports', { type: 'monthly_brief', station_id: st2.id, period_from: '2026-09', key_work: '入户走访' }, {}, lead);
  assert.equal(sept.status, 201, sept.text);
  assert.deepEqual([sept.body.due_on, sept.body.overdue], ['2026-10-05', true]);
  const set = await put({ date: '2026-11-01' });
  assert.equal(set.status, 200, set.text);
  const item = set.body.items.find((x) => x.key === 'reports.owed_from');
  assert.deepEqual([item.kind, item.date, 'value' in item], ['date', '2026-11-01', false]);
  assert.equal(set.body.items.find((x) => x.key === 'service.edit_days').kind, 'number');
  const live = await overdue();
  assert.deepEqual(live.filter((m) => paper.test(m)), [], live.join('\n'));
  assert.ok(live.some((m) => midterm.test(m)), 'held after the go-live, its report is asked for here');
  const back = (await api(srv.base, 'GET', `/api/v1/reports/${sept.body.id}`, undefined, {}, lead)).body;
  assert.deepEqual([back.due_on, back.overdue], [null, false], 'no day for a period on paper');
  // The target is counted from the go-live day: done since, due since.
  const since = await targets();
  assert.deepEqual([since.counted_from, since.elapsed_permille, since.targets[0].expected], ['2026-11-01', 95, 11]);
  const behind = (await api(srv.base, 'GET', '/api/v1/compliance?rule=contract.targets_behind&limit=200')).body.items.map((f) => f.message);
  assert.ok(behind.includes('社区活动：年度目标120，平台上线(2026-11-01)以来已完成0；上线以来协议期已过9.5%，按进度应完成11'), behind.join('\n'));
  // November's brief and the year's own reports are still the platform's.
  const soon = (await api(srv.base, 'GET', '/api/v1/compliance?rule=report.upcoming&limit=200')).body.items.map((f) => f.message).join('\n');
  assert.match(soon, /月度工作简报\(2026年11月\)/);
  // The change is in the log, a day as a day.
  addUser(srv, 'golive_aud', 'auditor', 'all');
  const aud = await session(srv.base, 'golive_aud');
  const log = (await api(srv.base, 'GET', '/api/v1/audit?action=setting.update&limit=5', undefined, {}, aud)).body.items;
  assert.deepEqual(JSON.parse(log[0].detail), { before: null, after: '2026-11-01' });
  // Read as the settings page says it: none is 未设, the member is date.
  assert.deepEqual(log[0].detail_lines.map((l) => [l.field, l.before, l.after]), [['date', '未设', '2026-11-01']]);
  // Live from 1 December: the evaluation held before had its report on
  // paper.
  assert.equal((await put({ date: '2026-12-01' })).status, 200);
  assert.ok(!(await overdue()).some((m) => midterm.test(m)));
  // Cleared: every period is asked for again.
  const none = await put({ date: null });
  assert.equal(none.status, 200, none.text);
  assert.equal(none.body.items.find((x) => x.key === 'reports.owed_from').date, null);
  assert.ok((await overdue()).some((m) => /月度工作简报\(2026年10月\)/.test(m)));
  assert.equal((await targets()).counted_from, '2026-01-01');
  // The command line: a day, none, and a day that is not one.
  const zh = { ...srv.env, LANG: 'zh_CN.UTF-8' };
  assert.equal(sgz(['setting', 'set', 'reports.owed_from', '2026-11-01'], zh).status, 0);
  assert.match(sgz(['setting', 'list'], zh).stdout, /^reports\.owed_from\s+2026-11-01\s+（日期，或 none）\s+平台上线日期/m);
  assert.equal(sgz(['setting', 'set', 'reports.owed_from', 'none'], zh).status, 0);
  assert.match(sgz(['setting', 'list'], zh).stdout, /^reports\.owed_from\s+未设\s/m);
  // Outside a Chinese locale the labels are English, and the values line
  // up whatever they are.
  const c = sgz(['setting', 'list'], { ...srv.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '' }).stdout;
  assert.match(c, /^reports\.owed_from\s+none {2}\(a day, or none\) {2}go-live day/m);
  assert.match(c, /^service\.edit_days\s+\d+ {2}\(1–30, default 7\) {2}days a service record/m);
  const column = (text, key) => {
    const line = text.split('\n').find((l) => l.startsWith(key + ' '));
    return [...line.slice(0, line.indexOf('  ('))].reduce((w, ch) => w + (ch.codePointAt(0) > 0x1100 ? 2 : 1), 0);
  };
  assert.equal(column(c, 'reports.owed_from'), column(c, 'service.edit_days'));
  const zhList = sgz(['setting', 'list'], zh).stdout;
  assert.equal(column(zhList.replaceAll('  （', '  ('), 'reports.owed_from'), column(zhList.replaceAll('  （', '  ('), 'service.edit_days'));
  const cli = (await api(srv.base, 'GET', '/api/v1/audit?action=setting.update&limit=1', undefined, {}, aud)).body.items[0];
  assert.deepEqual(JSON.parse(cli.detail), { before: '2026-11-01', after: null }, 'the command line logs before and after too');
  const cliEn = (await api(srv.base, 'GET', '/api/v1/audit?action=setting.update&limit=1', undefined, { 'accept-language': 'en' }, aud)).body.items[0];
  assert.deepEqual(cliEn.detail_lines.map((l) => [l.field, l.before, l.after]), [['date', '2026-11-01', 'None']]);
  const later = sgz(['setting', 'set', 'reports.owed_from', '2027-11-01'], { ...zh, SGZ_NOW: DEC_5 });
  assert.notEqual(later.status, 0);
  assert.match(later.stderr, /reports\.owed_from 不能晚于今天/);
  const bad = sgz(['setting', 'set', 'reports.owed_from', '2026-11-31'], zh);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /reports\.owed_from 须为日期（YYYY-MM-DD，2000年以后），或 none 表示不设/);
});

// Live since May: a station that has written nothing since owes every
// month's brief since then, not the last three; its county every quarter
// and half-year that ended since. A year back at most.
test('after a go-live day every period since is owed, up to a year back', async () => {
  const [st] = (await stations()).filter((x) => x.type === 'township_station');
  const owed = async () => {
    const items = [];
    for (let page = 1; ; page++) {
      const r = await api(srv.base, 'GET', `/api/v1/compliance?rule=report.overdue&limit=200&page=${page}`);
      assert.equal(r.status, 200, r.text);
      items.push(...r.body.items);
      if (r.body.items.length < 200) break;
    }
    return items.filter((f) => f.station_id === st.id || f.entity === 'region').map((f) => f.message);
  };
  const months = (list) => list.map((m) => /月度工作简报\((\d+)年(\d+)月\)/.exec(m)).filter(Boolean)
    .sort((a, b) => a[1] * 12 + +a[2] - (b[1] * 12 + +b[2])).map((x) => `${x[1]}-${x[2]}`);
  const put = (date) => api(srv.base, 'PUT', '/api/v1/settings/reports.owed_from', { date });
  // No go-live day: the last three months (November's is due today, on
  // the 5th), the last two quarters.
  let list = await owed();
  assert.deepEqual(months(list), ['2026-9', '2026-10'], list.join('\n'));
  assert.ok(!list.some((m) => /2026年第1季度/.test(m)), list.join('\n'));
  // Live since 1 May.
  assert.equal((await put('2026-05-01')).status, 200);
  list = await owed();
  assert.deepEqual(months(list), ['2026-5', '2026-6', '2026-7', '2026-8', '2026-9', '2026-10'], list.join('\n'));
  assert.ok(list.some((m) => /季度项目实施情况报告\(2026年第2季度\)/.test(m)), list.join('\n'));
  assert.ok(!list.some((m) => /2026年第1季度/.test(m)), 'the first quarter ended before May');
  assert.ok(list.some((m) => /半年项目实施情况报告\(2026年上半年\)/.test(m)), list.join('\n'));
  // Live for two years: a year of briefs, from last December.
  assert.equal((await put('2024-12-01')).status, 200);
  list = await owed();
  assert.deepEqual(months(list), ['2025-12', '2026-1', '2026-2', '2026-3', '2026-4', '2026-5', '2026-6', '2026-7', '2026-8',
    '2026-9', '2026-10'], list.join('\n'));
  assert.ok(list.some((m) => /季度项目实施情况报告\(2025年第4季度\)/.test(m)), list.join('\n'));
  assert.ok(!list.some((m) => /2025年第3季度/.test(m)), list.join('\n'));
  assert.equal((await put(null)).status, 200);
});
