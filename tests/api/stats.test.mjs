// 统计口径: the figures of DESIGN.md §7 against a data set counted by
// hand, with the traps of issue 8 — a client served twice in a month is
// 2 人次 and 1 人数; an activity's headcount adds to 人次 but not to 人数;
// an amended record counts once; a client whose category changed
// mid-month counts under the category she held on each record's day; a
// record at 07:30 Beijing time on the 1st belongs to that month; volunteer
// figures are 暂无数据 (null), never 0. The summaries are compared with a
// recomputation from the records (sgz stats --check).
// The server's clock is fixed at 2026-06-15T10:00+08:00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session, sgz } from './lib.mjs';
import { assertError, idNumber as idn } from './helpers_extra.mjs';

let srv;
const as = {};
const ids = {};

const stats = (q, auth) => api(srv.base, 'GET', `/api/v1/stats?${q}`, undefined, {}, auth);
const record = async (body, auth = as.w2) => {
  const r = await api(srv.base, 'POST', '/api/v1/services', body, {}, auth);
  assert.equal(r.status, 201, r.text);
  return r.body;
};
const consult = (station, start, end, clients, extra = {}) => ({
  station_id: station, type: 'consultation', started_at: start, ended_at: end,
  area: 'social_assistance', content: '咨询', clients, ...extra,
});

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'w3', 'social_worker', 'stations:3');
  addUser(srv, 'lead2', 'station_lead', 'stations:2');
  addUser(srv, 'admin2', 'sysadmin', 'all');
  addUser(srv, 'w4', 'social_worker', 'stations:4');
  for (const u of ['w2', 'w3', 'lead2', 'admin2', 'w4']) as[u] = await session(srv.base, u);
  const clients = [
    ['A', 2, '甲', idn('43022319450101001'), [{ code: 'dibao', started_on: '2026-01-01' }]],
    ['B', 2, '乙', idn('43022319500202002'), [{ code: 'elderly_alone', started_on: '2025-01-01' }]],
    // C changed category on 16 May: tekun until the 15th, dibao after.
    ['C', 2, '丙', idn('43022319550303003'), [
      { code: 'tekun', started_on: '2025-06-01', ended_on: '2026-05-15' },
      { code: 'dibao', started_on: '2026-05-16' }]],
    ['D', 3, '丁', idn('43022319600404004'), [{ code: 'dibao', started_on: '2025-01-01' }]],
  ];
  for (const [key, station, name, number, categories] of clients) {
    const c = await api(srv.base, 'POST', '/api/v1/clients', { station_id: station, name, id_number: number, categories });
    assert.equal(c.status, 201, c.text);
    ids[key] = c.body.id;
  }
  // May 2026 at station 2: four records.
  ids.r1 = (await record(consult(2, '2026-05-10T09:00', '2026-05-10T10:00', [ids.A]))).id;
  await record(consult(2, '2026-05-10T14:00', '2026-05-10T14:20', [ids.C]));
  await record(consult(2, '2026-05-20T10:00', '2026-05-20T10:30', [ids.A, ids.C]));
  await record({
    station_id: 2, type: 'activity', title: '端午包粽子', started_at: '2026-05-25T14:00', ended_at: '2026-05-25T16:00',
    area: 'community_governance', content: '社区活动', clients: [ids.B], extra_attendees: 10,
  });
  // 07:30 on 1 June in Beijing is 31 May in UTC: June.
  await record(consult(2, '2026-05-31T23:30:00Z', '2026-06-01T08:00+08:00', [ids.B]));
  // Station 3, May.
  await record(consult(3, '2026-05-12T09:00', '2026-05-12T09:45', [ids.D]), as.w3);
  // Two cases: one opened in May, one in June.
  for (const [client, day] of [[ids.A, '2026-05-05'], [ids.B, '2026-06-10']]) {
    const k = await api(srv.base, 'POST', '/api/v1/cases', { client_id: client, source: 'visit', problem: '需要帮助', opened_on: day }, {}, as.w2);
    assert.equal(k.status, 201, k.text);
  }
  // The first record amended: 60 minutes become 90; it still counts once.
  const r1 = await api(srv.base, 'GET', `/api/v1/services/${ids.r1}`, undefined, {}, as.w2);
  const p = await api(srv.base, 'PATCH', `/api/v1/services/${ids.r1}`,
    { ended_at: '2026-05-10T10:30', version: r1.body.version }, {}, as.w2);
  assert.equal(p.status, 200, p.text);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

test('a station\'s month: 人次 counts each client of each record and the headcount, 人数 each person once', async () => {
  const r = await stats('from=2026-05&to=2026-05&station_id=2');
  assert.equal(r.status, 200, r.text);
  const t = r.body.total;
  assert.equal(t.records, 4);
  assert.equal(t.person_times, 1 + 1 + 2 + (1 + 10), 'A twice, C twice, B once plus 10 counted only');
  assert.equal(t.clients_served, 3, 'A, B and C');
  assert.equal(t.service_hours, 4.3, '90 + 20 + 30 + 120 minutes (the amended length) is 4.33 hours');
  assert.equal(t.consultations, 3);
  assert.equal(t.activities, 1);
  assert.equal(t.activity_people, 11);
  assert.equal(t.volunteers, null, 'not available, never 0');
  assert.equal(t.volunteer_hours, null);
  const v = r.body.measures.find((m) => m.code === 'volunteers');
  assert.equal(v.available, false);
  assert.equal(v.label, '志愿者人数');
});

test('cases opened, open and closed in each month', async () => {
  const r = await stats('from=2026-04&to=2026-06&station_id=2&by=month&measures=cases_opened,cases_active,cases_closed');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.rows.map((x) => [x.month, x.cases_opened, x.cases_active, x.cases_closed]),
    [['2026-04', 0, 0, 0], ['2026-05', 1, 1, 0], ['2026-06', 1, 2, 0]]);
  assert.deepEqual([r.body.total.cases_opened, r.body.total.cases_active], [2, 2]);
  const s3 = await stats('from=2026-05&to=2026-06&station_id=3&measures=cases_opened');
  assert.equal(s3.body.total.cases_opened, 0);
});

test('a record at 07:30 on the 1st in Beijing belongs to that month', async () => {
  const r = await stats('from=2026-06&station_id=2&measures=records,person_times');
  assert.equal(r.body.total.records, 1);
  assert.equal(r.body.total.person_times, 1);
});

test('人数 over two months is not the sum of the months', async () => {
  const r = await stats('from=2026-05&to=2026-06&station_id=2&by=month&measures=clients_served,person_times');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.rows.map((x) => [x.month, x.month_label, x.clients_served]),
    [['2026-05', '2026年5月', 3], ['2026-06', '2026年6月', 1]]);
  assert.equal(r.body.total.clients_served, 3, 'B was served in both months');
  assert.equal(r.body.total.person_times, 16);
});

test('by category: the category each client held on the record\'s day; the headcount has none', async () => {
  const r = await stats('from=2026-05&station_id=2&by=category&measures=person_times,clients_served');
  assert.equal(r.status, 200, r.text);
  const by = Object.fromEntries(r.body.rows.map((x) => [x.category, [x.person_times, x.clients_served]]));
  // A: dibao twice; C: tekun on the 10th, dibao on the 20th; B: elderly_alone.
  assert.deepEqual(by, { dibao: [3, 2], tekun: [1, 1], elderly_alone: [1, 1] });
  assert.equal(r.body.rows.find((x) => x.category === 'dibao').category_label, '最低生活保障对象');
  const f = await stats('from=2026-05&station_id=2&category=dibao&measures=clients_served,person_times');
  assert.deepEqual([f.body.total.clients_served, f.body.total.person_times], [2, 3]);
});

test('by place, area and type; a county and a region filter', async () => {
  const s = await stats('from=2026-05&by=station&measures=records,clients_served');
  assert.deepEqual(s.body.rows.filter((x) => x.records).map((x) => [x.station, x.records, x.clients_served]), [['2', 4, 3], ['3', 1, 1]]);
  assert.ok(s.body.rows.find((x) => x.station === '2').station_label.includes('社会工作服务站'));
  assert.deepEqual([s.body.total.records, s.body.total.clients_served], [5, 4]);
  const c = await stats('from=2026-05&by=county&region=430223&measures=records');
  assert.deepEqual(c.body.rows.map((x) => [x.county, x.county_label, x.records]), [['430223', '攸县', 5]]);
  const none = await stats('from=2026-05&region=430224&measures=records');
  assert.equal(none.body.total.records, 0);
  const a = await stats('from=2026-05&station_id=2&by=area&measures=records,person_times');
  assert.deepEqual(a.body.rows.map((x) => [x.area, x.records, x.person_times]),
    [['community_governance', 1, 11], ['social_assistance', 3, 4]]);
  const t = await stats('from=2026-05&station_id=2&by=type&measures=records,clients_served');
  assert.deepEqual(t.body.rows.map((x) => [x.type, x.type_label, x.records, x.clients_served]),
    [['activity', '社区活动', 1, 1], ['consultation', '咨询', 3, 2]]);
  const q = await stats('from=2026-04&to=2026-09&station_id=2&by=quarter&measures=records');
  assert.deepEqual(q.body.rows.map((x) => [x.quarter, x.records]), [['2026-Q2', 5], ['2026-Q3', 0]]);
});

test('a cut by place lists every station (township) of the range, those that did nothing with zeros', async () => {
  const all = (await api(srv.base, 'GET', '/api/v1/stations?limit=200')).body.items.filter((x) => x.status === 'active');
  assert.ok(all.length > 3, 'the demo county has its stations');
  const ids = all.map((x) => String(x.id)).sort((a, b) => a - b);
  const s = await stats('from=2026-01&to=2026-12&by=station&measures=records,clients_served,volunteers');
  assert.equal(s.status, 200, s.text);
  assert.deepEqual(s.body.rows.map((x) => x.station), ids, 'every station, in order, once');
  const centre = all.find((x) => x.type === 'county_center' || /指导中心/.test(x.name));
  const row = s.body.rows.find((x) => x.station === String(centre.id));
  assert.deepEqual([row.station_label, row.records, row.clients_served, row.volunteers], [centre.name, 0, 0, null]);
  assert.equal(s.body.total.records, s.body.rows.reduce((t, x) => t + x.records, 0));
  // Filtered by a type and cut by it too: every station, with that type.
  const c = await stats('from=2026-05&by=station,type&type=consultation&measures=records');
  assert.deepEqual(c.body.rows.map((x) => x.station), ids);
  assert.ok(c.body.rows.every((x) => x.type === 'consultation' && x.type_label === '咨询'), JSON.stringify(c.body.rows));
  assert.deepEqual(c.body.rows.filter((x) => x.records).map((x) => [x.station, x.records]), [['2', 3], ['3', 1]]);
  // Cut by type, not filtered: a station with figures has its types' rows;
  // one that did nothing a single row of zeros, its type left empty and
  // read 全部.
  const t = await stats('from=2026-05&by=station,type&measures=records');
  assert.deepEqual(t.body.rows.filter((x) => x.station === '2').map((x) => [x.type, x.records]), [['activity', 1], ['consultation', 3]]);
  const idle = t.body.rows.filter((x) => !['2', '3'].includes(x.station));
  assert.equal(idle.length, ids.length - 2);
  assert.ok(idle.every((x) => x.type === '' && x.type_label === '全部' && x.records === 0), JSON.stringify(idle));
  // Cut by month over months: its month reads 全期, not a blank cell.
  const q = await stats('from=2026-04&to=2026-05&by=station,month&measures=records');
  const quiet = q.body.rows.filter((x) => !['2', '3'].includes(x.station));
  assert.ok(quiet.length > 0 && quiet.every((x) => x.month === '' && x.month_label === '全期' && x.records === 0), JSON.stringify(quiet));
  // A one-month period fixes the time cut.
  const m = await stats('from=2026-05&by=station,month&measures=records');
  assert.ok(m.body.rows.every((x) => x.month === '2026-05'), JSON.stringify(m.body.rows));
  assert.equal(m.body.rows.length, ids.length);
  // By township: the county's centre under the county's code.
  const w = await stats('from=2026-05&by=township&measures=records');
  const towns = new Set(all.map((x) => x.region_code.slice(0, 9)));
  assert.equal(w.body.rows.length, towns.size);
  assert.ok(w.body.rows.some((x) => x.township === '430223' && x.records === 0), JSON.stringify(w.body.rows));
  // A worker's range: her station only.
  const mine = await stats('from=2026-05&by=station&measures=records', as.w3);
  assert.deepEqual(mine.body.rows.map((x) => [x.station, x.records]), [['3', 1]]);
  // The dashboard's ranking of a township's stations lists the idle ones too.
  const town = all.find((x) => x.region_code.length === 9 && !['2', '3'].includes(String(x.id)));
  const d = await api(srv.base, 'GET', `/api/v1/dashboard?region=${town.region_code}&from=2026-05&to=2026-05`);
  assert.equal(d.status, 200, d.text);
  assert.deepEqual(d.body.ranking.rows.map((x) => [x.key, x.records]), [[String(town.id), 0]], JSON.stringify(d.body.ranking));
});

test('a worker sees her own station\'s figures only', async () => {
  const mine = await stats('from=2026-05&measures=records', as.w3);
  assert.equal(mine.body.total.records, 1);
  // Another station is not hers: not found, as on the dashboard, not zeros.
  assertError(await stats('from=2026-05&station_id=2&measures=records', as.w3), 404, 'not_found', 'station_id');
  const admin = await stats('from=2026-05', as.admin2);
  assert.equal(admin.status, 403, 'a system administrator does not read service figures');
});

test('a station or division not there or out of the range is not found, as on the dashboard', async () => {
  addUser(srv, 'county', 'bureau', 'region:430223');
  as.county = await session(srv.base, 'county');
  const mine = await stats('from=2026-05&region=430223&measures=records', as.county);
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.body.total.records, 5);
  assert.equal((await stats('from=2026-05&region=430223001&measures=records', as.county)).status, 200);
  assert.equal((await stats('from=2026-05&station_id=2&measures=records', as.county)).status, 200);
  // No such station; no such division; another county; the province above
  // her county, whose figures would read as the whole province's.
  for (const [q, field] of [['station_id=999', 'station_id'], ['region=999999', 'region'], ['region=430202', 'region'],
    ['region=43', 'region'], ['region=4302', 'region']]) {
    const r = await stats(`from=2026-05&measures=records&${q}`, as.county);
    assertError(r, 404, 'not_found', field);
    assert.match(r.body.error.message, field === 'region' ? /行政区划/ : /站点/, r.text);
  }
  // The dashboard answers the same.
  assert.equal((await api(srv.base, 'GET', '/api/v1/dashboard?region=430202', undefined, {}, as.county)).status, 404);
  assert.equal((await api(srv.base, 'GET', '/api/v1/dashboard?station_id=999', undefined, {}, as.county)).status, 404);
  // A user of station 2 alone asks for station 3: not found.
  assertError(await stats('from=2026-05&station_id=3&measures=records', as.lead2), 404, 'not_found', 'station_id');
  // A range of everything reads any division there is.
  assert.equal((await stats('from=2026-05&region=43&measures=records')).status, 200);
});

test('a category change after the fact moves the figures of the days it covers, and only those', async () => {
  const c = await api(srv.base, 'GET', `/api/v1/clients/${ids.B}`);
  const r = await api(srv.base, 'PATCH', `/api/v1/clients/${ids.B}`, {
    version: c.body.version,
    categories: [{ code: 'elderly_alone', started_on: '2025-01-01', ended_on: '2026-05-31' }, { code: 'tekun', started_on: '2026-06-01' }],
  });
  assert.equal(r.status, 200, r.text);
  const may = await stats('from=2026-05&station_id=2&by=category&measures=clients_served');
  assert.ok(may.body.rows.some((x) => x.category === 'elderly_alone' && x.clients_served === 1));
  const june = await stats('from=2026-06&station_id=2&by=category&measures=clients_served');
  assert.deepEqual(june.body.rows.map((x) => [x.category, x.clients_served]), [['tekun', 1]]);
});

test('危机事件成功化解 counts the crises whose form says 已化解, as the form is corrected', async () => {
  const station = (await api(srv.base, 'GET', '/api/v1/stations/4')).body;
  const e = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 4, name: '戊', id_number: idn(`${station.region_code.slice(0, 6)}19700505005`) });
  assert.equal(e.status, 201, e.text);
  const form = (result) => ({ kind: 'domestic_violence', risk_level: 'high', measures: '陪同报警，联系妇联安排临时庇护', notified: ['police'], result,
    ...(result === 'resolved' ? {} : { follow_up: '三天内回访' }) });
  const crisis = async (day, result) => (await record({ station_id: 4, type: 'crisis', started_at: `${day}T09:00`, ended_at: `${day}T10:00`,
    area: 'social_assistance', content: '接报家暴求助，社工到场处置', clients: [e.body.id], crisis: form(result) }, as.w4));
  const r1 = await crisis('2026-03-02', 'resolved');
  await crisis('2026-03-09', 'stabilised');
  const r3 = await crisis('2026-03-16', 'resolved');
  const march = async () => (await stats('from=2026-03&station_id=4&measures=crises,crises_resolved', as.w4)).body;
  let m = await march();
  assert.deepEqual([m.total.crises, m.total.crises_resolved], [3, 2]);
  const label = m.measures.find((x) => x.code === 'crises_resolved');
  assert.deepEqual([label.label, label.unit], ['危机事件成功化解', '件']);
  // Corrected: the third was not over after all.
  const got = (await api(srv.base, 'GET', `/api/v1/services/${r3.id}`, undefined, {}, as.w4)).body;
  const p = await api(srv.base, 'PATCH', `/api/v1/services/${r3.id}`, { version: got.version, crisis: form('ongoing'), reason: '情况反复' }, {}, as.w4);
  assert.equal(p.status, 200, p.text);
  m = await march();
  assert.deepEqual([m.total.crises, m.total.crises_resolved], [3, 1]);
  // A correction of another field keeps the form and its result.
  const g1 = (await api(srv.base, 'GET', `/api/v1/services/${r1.id}`, undefined, {}, as.w4)).body;
  const q = await api(srv.base, 'PATCH', `/api/v1/services/${r1.id}`, { version: g1.version, ended_at: '2026-03-02T10:30', reason: '时长有误' }, {}, as.w4);
  assert.equal(q.status, 200, q.text);
  m = await march();
  assert.deepEqual([m.total.crises, m.total.crises_resolved], [3, 1]);
  // Made a consultation: neither a crisis nor one resolved.
  const g2 = (await api(srv.base, 'GET', `/api/v1/services/${r1.id}`, undefined, {}, as.w4)).body;
  const t = await api(srv.base, 'PATCH', `/api/v1/services/${r1.id}`, { version: g2.version, type: 'consultation', crisis: null, reason: '类型有误' }, {}, as.w4);
  assert.equal(t.status, 200, t.text);
  m = await march();
  assert.deepEqual([m.total.crises, m.total.crises_resolved], [2, 0]);
  // Moved to another month, the resolved crisis counts there; deleted,
  // nowhere (the summaries' --check below compares them with the records).
  const r4 = await crisis('2026-03-20', 'resolved');
  const g4 = (await api(srv.base, 'GET', `/api/v1/services/${r4.id}`, undefined, {}, as.w4)).body;
  const moved = await api(srv.base, 'PATCH', `/api/v1/services/${r4.id}`, { version: g4.version, started_at: '2026-04-02T09:00',
    ended_at: '2026-04-02T10:00', reason: '日期有误' }, {}, as.w4);
  assert.equal(moved.status, 200, moved.text);
  const byMonth = await stats('from=2026-03&to=2026-04&station_id=4&by=month&measures=crises,crises_resolved', as.w4);
  assert.deepEqual(byMonth.body.rows.map((x) => [x.month, x.crises, x.crises_resolved]), [['2026-03', 2, 0], ['2026-04', 1, 1]]);
  const r5 = await crisis('2026-04-03', 'resolved');
  const g5 = (await api(srv.base, 'GET', `/api/v1/services/${r5.id}`, undefined, {}, as.w4)).body;
  const del = await api(srv.base, 'DELETE', `/api/v1/services/${r5.id}`, undefined, { 'if-match': `"${g5.version}"` }, as.w4);
  assert.ok([200, 204].includes(del.status), del.text);
  const april = (await stats('from=2026-04&station_id=4&measures=crises,crises_resolved', as.w4)).body.total;
  assert.deepEqual([april.crises, april.crises_resolved], [1, 1]);
  // Cut by area, as 危机事件处置 is; not by category.
  const byArea = await stats('from=2026-03&to=2026-04&station_id=4&by=area&measures=crises_resolved', as.w4);
  assert.deepEqual(byArea.body.rows.filter((x) => x.crises_resolved).map((x) => [x.area, x.crises_resolved]), [['social_assistance', 1]]);
  assertError(await stats('from=2026-03&station_id=4&by=category&measures=crises_resolved', as.w4), 400, undefined, 'measures');
});

test('the summaries equal a recomputation from the records', () => {
  for (const by of ['', 'station', 'month', 'category', 'area', 'type', 'year,category', 'station,type,month']) {
    const r = sgz(['stats', '--from', '2026-01', '--to', '2026-12', '--check', ...(by ? ['--by', by] : [])], srv.env);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^ok: /m);
  }
});

test('the command line says what is wrong with a query, in words, and refuses a division that is none', () => {
  for (const [args, said] of [[['--from', '2026-13'], /--from must be a whole month/], [['--from', '2026-06', '--to', '2026-05'], /--to is before the start month/],
    [['--by', 'week'], /--by names an unknown code/], [['--region', 'abc'], /--region: a division code/],
    [['--measures', 'records', '--by', 'category'], /--measures records cannot be cut or filtered that way/]]) {
    const r = sgz(['stats', ...args], srv.env);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, said);
  }
});

test('bad queries get a clear error on the field', async () => {
  assertError(await stats('measures=people'), 400, 'validation_failed', 'measures');
  assertError(await stats('by=week'), 400, 'validation_failed', 'by');
  const times = await stats('by=month,year');
  assertError(times, 400, 'validation_failed', 'by');
  assert.equal(times.body.error.message, '分组维度一次只能含一个时间维度（月、季度或年）');
  assertError(await stats('from=2026-06&to=2026-05'), 400, 'validation_failed', 'to');
  assertError(await stats('from=2026-13'), 400, 'validation_failed', 'from');
  assertError(await stats('from=2026-05-02'), 400, 'validation_failed', 'from');
  assertError(await stats('from=2016-01&to=2026-12'), 400, 'validation_failed', 'to');
  // The refusal names the measure that cannot be cut so, not another.
  const records = await stats('measures=person_times,records&category=dibao');
  assertError(records, 400, 'validation_failed', 'measures');
  assert.equal(records.body.error.message, '统计指标“服务记录”不能按所选的维度分组或筛选，请去掉该维度或改选其他指标');
  const people = await stats('measures=clients_served&by=category&type=consultation');
  assertError(people, 400, 'validation_failed', 'measures');
  assert.equal(people.body.error.message, '统计指标“服务人数”一次只能按对象类别、服务领域、服务类型之一分组或筛选');
  assertError(await stats('category=no_such'), 400, 'validation_failed', 'category');
  assertError(await stats('region=43x'), 400, 'validation_failed', 'region');
  const r = await stats('from=2026-05&to=2026-06');
  assert.match(r.body.from, /^2026-05$/);
  // A month's first and last day are accepted for from and to.
  const d = await stats('from=2026-05-01&to=2026-05-31&station_id=2&measures=records');
  assert.equal(d.body.total.records, 4);
  // One end alone: that month, whichever end it is.
  const e = await stats('to=2026-05-31&station_id=2&measures=records');
  assert.equal(e.status, 200, e.text);
  assert.deepEqual([e.body.from, e.body.to, e.body.total.records], ['2026-05', '2026-05', 4]);
});

test('a badly written end of the period is told what that end takes: from a first day, to a last day', async () => {
  // The message offered "某月第一天、最后一天" for both, though from
  // refuses a last day and to a first day.
  const from = await stats('from=2026-09-30');
  assertError(from, 400, 'validation_failed', 'from');
  assert.match(from.body.error.message, /开始月份须为整月：YYYY-MM，或某月第一天的日期$/);
  const to = await stats('from=2026-09&to=2026-09-01');
  assertError(to, 400, 'validation_failed', 'to');
  assert.match(to.body.error.message, /结束月份须为整月：YYYY-MM，或某月最后一天的日期$/);
  const en = await api(srv.base, 'GET', '/api/v1/stats?from=2026-09-30', undefined, { 'Accept-Language': 'en' });
  assert.match(en.body.error.message, /a month's first day$/);
  // The dashboard reads its period with the same parser, and says the same.
  const d = await api(srv.base, 'GET', '/api/v1/dashboard?station_id=2&from=2026-09-30');
  assertError(d, 400, 'validation_failed', 'from');
  assert.match(d.body.error.message, /某月第一天的日期$/);
  const d2 = await api(srv.base, 'GET', '/api/v1/dashboard?station_id=2&to=2026-09-01');
  assertError(d2, 400, 'validation_failed', 'to');
  assert.match(d2.body.error.message, /某月最后一天的日期$/);
  const cli = sgz(['stats', '--to', '2026-09-01'], srv.env);
  assert.equal(cli.status, 2, cli.stdout + cli.stderr);
  assert.match(cli.stderr, /--to must be a whole month: YYYY-MM, or a month's last day|--to须为整月：YYYY-MM，或某月最后一天的日期/);
});

test('by township, the county guidance centre is the county itself (本级), not a township', async () => {
  const centre = (await api(srv.base, 'GET', '/api/v1/stations?type=county_center&limit=1')).body.items[0];
  assert.equal(centre.region_code, '430223');
  addUser(srv, 'wcentre', 'social_worker', `stations:${centre.id}`);
  await record({
    station_id: centre.id, type: 'activity', title: '县级宣传日', started_at: '2026-04-10T09:00', ended_at: '2026-04-10T11:00',
    area: 'community_governance', content: '政策宣传', clients: [], extra_attendees: 30,
  }, await session(srv.base, 'wcentre'));
  const r = await stats('from=2026-04&to=2026-04&by=township&measures=records');
  assert.equal(r.status, 200, r.text);
  const row = r.body.rows.find((x) => x.township === '430223');
  assert.equal(row.township_label, '攸县本级');
  assert.equal(row.records, 1);
  const en = await api(srv.base, 'GET', '/api/v1/stats?from=2026-04&to=2026-04&by=township&measures=records', undefined, { 'accept-language': 'en' });
  assert.equal(en.body.rows.find((x) => x.township === '430223').township_label, '攸县 (county level)');
});
