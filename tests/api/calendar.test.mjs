// 工作日历: the built-in official schedules, deadlines in working days as
// the Civil Code counts them, a year not loaded marked 暂定, and a
// sysadmin loading the next year's schedule (a bad file loads nothing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session, sgz } from './lib.mjs';

let srv;
const as = {};
const upload = (body, query = '', auth = undefined) => api(srv.base, 'POST', `/api/v1/calendar/years${query}`,
  body, { 'content-type': 'application/octet-stream' }, auth);
const deadline = async (from, days) => (await api(srv.base, 'GET', `/api/v1/calendar/deadline?from=${from}&days=${days}`)).body;
const NEXT = JSON.stringify({
  holidays: { '2027-01-01': "New Year's Day,元旦,1", '2027-01-02': "New Year's Day,元旦,1", '2027-01-03': "New Year's Day,元旦,1",
    '2027-02-06': 'Spring Festival,春节,4', '2027-02-07': 'Spring Festival,春节,4', '2027-02-08': 'Spring Festival,春节,4',
    '2027-02-09': 'Spring Festival,春节,4', '2027-02-10': 'Spring Festival,春节,4', '2027-02-11': 'Spring Festival,春节,4',
    '2027-02-12': 'Spring Festival,春节,4' },
  workdays: { '2027-02-13': 'Spring Festival,春节,4' },
});

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  as.w2 = await session(srv.base, 'w2');
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

test('the official schedules 2004–2026 are built in', async () => {
  const r = await api(srv.base, 'GET', '/api/v1/calendar/years', undefined, {}, as.w2);
  assert.equal(r.status, 200, r.text);
  const years = r.body.items.map((y) => y.year);
  assert.equal(years[0], 2004);
  assert.ok(years.includes(2026));
  const y2025 = await api(srv.base, 'GET', '/api/v1/calendar?year=2025', undefined, {}, as.w2);
  const oct = y2025.body.days.filter((d) => d.day.startsWith('2025-10'));
  assert.deepEqual(oct.map((d) => `${d.day}:${d.kind}`), ['2025-10-01:holiday', '2025-10-02:holiday', '2025-10-03:holiday',
    '2025-10-04:holiday', '2025-10-05:holiday', '2025-10-06:holiday', '2025-10-07:holiday', '2025-10-08:holiday', '2025-10-11:workday']);
  assert.equal(oct[0].name, '国庆节');
  // In English, each holiday of the year by its English name.
  const en = await api(srv.base, 'GET', '/api/v1/calendar?year=2025', undefined, { 'accept-language': 'en' }, as.w2);
  const names = [...new Set(en.body.days.filter((d) => d.kind === 'holiday').map((d) => d.name))];
  assert.deepEqual(names, ["New Year's Day", 'Spring Festival', 'Tomb-sweeping Day', 'Labour Day', 'Dragon Boat Festival', 'National Day', 'Mid-autumn Festival'], names.join());
});

test('deadlines skip holidays, count make-up days, and not the first day', async () => {
  assert.deepEqual(await deadline('2025-09-26', 5), { from: '2025-09-26', working_days: 5, due_on: '2025-10-10', provisional: false });
  assert.equal((await deadline('2026-02-12', 3)).due_on, '2026-02-24');
  assert.equal((await deadline('2026-09-30', 15)).due_on, '2026-10-27');
  const later = await deadline('2026-12-25', 10);
  assert.equal(later.due_on, '2027-01-08');
  assert.equal(later.provisional, true, '2027 is not loaded: 暂定');
  for (const q of ['from=2026-02-30&days=3', 'from=2026-01-01&days=0', 'from=2026-01-01&days=x', 'days=3']) {
    const r = await api(srv.base, 'GET', `/api/v1/calendar/deadline?${q}`);
    assert.equal(r.status, 400, q);
  }
  const cli = sgz(['calendar', 'add', '2025-09-30', '1'], srv.env);
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /2025-09-30 \+ 1 个工作日 = 2025-10-09 星期四/);
  const cliLater = sgz(['calendar', 'add', '2027-01-01', '5'], srv.env);
  assert.match(cliLater.stdout, /暂定/);
});

test('a sysadmin loads next year; a bad file loads nothing', async () => {
  const bad = [
    [NEXT.replace('"2027-02-13"', '"2027-02-12"'), /两次/],
    [NEXT.replace('"2027-02-13"', '"2027-02-30"'), /不是有效日期/],
    ['{"holidays": [] }', /格式/],
    ['not json', /JSON/],
  ];
  for (const [body, message] of bad) {
    const r = await upload(body);
    assert.equal(r.status, 400, r.text);
    assert.match(r.body.error.message, message);
  }
  assert.equal((await deadline('2026-12-25', 10)).provisional, true, 'still nothing for 2027');
  const denied = await upload(NEXT, '', as.w2);
  assert.equal(denied.status, 403);
  const r = await upload(NEXT, '?year=2027');
  assert.equal(r.status, 200, r.text);
  const y = r.body.items.find((x) => x.year === 2027);
  assert.equal(y.holidays, 10);
  assert.equal(y.workdays, 1);
  assert.equal(y.source, 'file');
  const d = await deadline('2026-12-31', 5);
  assert.equal(d.provisional, false);
  assert.equal(d.due_on, '2027-01-08', '1月1日–3日 off');
  assert.equal((await deadline('2027-02-05', 2)).due_on, '2027-02-15', 'Saturday 13 Feb is worked');
});
