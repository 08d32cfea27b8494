// 数据看板: a station's month and the county's year. Every service figure
// is the statistics' own (the same numbers /api/v1/stats gives for the
// same scope and period); the rest equal the lists they link to (tasks,
// staff). A station lead sees only her station; a region
// must lie wholly in the caller's range; bad input is a Chinese error
// naming the field. The server's clock is 2026-06-15T10:00+08:00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session } from './lib.mjs';
import { assertError } from './helpers_extra.mjs';

let srv;
const as = {};
const ids = {};

function idn(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, ch, i) => a + Number(ch) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}
const get = (path, auth) => api(srv.base, 'GET', path, undefined, {}, auth);
const dash = (q, auth) => get(`/api/v1/dashboard?${q}`, auth);
const stats = (q, auth) => get(`/api/v1/stats?${q}`, auth);
async function record(station, type, start, clients, auth, extra = {}) {
  const r = await api(srv.base, 'POST', '/api/v1/services', {
    station_id: station, type, started_at: start, ended_at: start.replace(/T(\d\d)/, (_, h) => `T${String(Number(h) + 1).padStart(2, '0')}`),
    area: 'elderly_care', content: '服务', clients, ...extra }, {}, auth);
  assert.equal(r.status, 201, r.text);
}

/** The dashboard's figures of a cut as {key: {measure: value}}. */
const byKey = (f) => Object.fromEntries(f.rows.map((r) => [r.key, Object.fromEntries(f.measures.map((m) => [m.code, r[m.code]]))]));
/** The same from a /stats answer cut by dim. */
const statsByKey = (s, dim, measures) =>
  Object.fromEntries(s.rows.map((r) => [r[dim], Object.fromEntries(measures.map((m) => [m, r[m]]))]));
const codes = (f) => f.measures.map((m) => m.code).join(',');

before(async () => {
  srv = await startServer();
  addUser(srv, 'lead2', 'station_lead', 'stations:2');
  addUser(srv, 'lead3', 'station_lead', 'stations:3');
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'bureau', 'bureau', 'region:430223');
  addUser(srv, 'evaluator', 'evaluator', 'region:430223');
  for (const u of ['lead2', 'lead3', 'w2', 'bureau', 'evaluator']) as[u] = await session(srv.base, u);
  const st2 = (await get('/api/v1/stations/2')).body;
  ids.township2 = st2.region_code.slice(0, 9);
  addUser(srv, 'twp', 'township_officer', `region:${ids.township2}`);
  as.twp = await session(srv.base, 'twp');

  const clients = [
    ['A', 2, '看板甲', idn('43022319450101001'), 'tekun'],
    ['B', 2, '看板乙', idn('43022319500202002'), 'dibao'],
    ['C', 3, '看板丙', idn('43022319550303003'), 'dibao'],
  ];
  for (const [key, station, name, number, cat] of clients) {
    const c = await api(srv.base, 'POST', '/api/v1/clients', { station_id: station, name, id_number: number,
      categories: [{ code: cat, started_on: '2020-01-01' }] });
    assert.equal(c.status, 201, c.text);
    ids[key] = c.body.id;
  }
  // June at station 2: A visited twice, B consulted once; May: one visit.
  const visit = { visit: { purpose: 'elderly_check', met: '本人' } };
  await record(2, 'home_visit', '2026-06-03T09:00', [ids.A], as.lead2, visit);
  await record(2, 'home_visit', '2026-06-10T09:00', [ids.A], as.lead2, visit);
  await record(2, 'consultation', '2026-06-11T09:00', [ids.B], as.lead2);
  await record(2, 'home_visit', '2026-05-20T09:00', [ids.B], as.lead2, visit);
  await record(3, 'consultation', '2026-06-12T09:00', [ids.C], as.lead3);
  // A case at intake since 1 June: its assessment (7 days) is overdue.
  const k = await api(srv.base, 'POST', '/api/v1/cases', { client_id: ids.A, source: 'visit', problem: '独居', opened_on: '2026-06-01' }, {}, as.lead2);
  assert.equal(k.status, 201, k.text);
  // Two workers in post at station 2, one of them certified.
  const org = await api(srv.base, 'POST', '/api/v1/organisations', { name: '看板测试机构', credit_code: '91350100M000100Y43' });
  assert.equal(org.status, 201, org.text);
  const worker = { name: '看板社工', role: 'resident', birth_date: '1995-01-01', sex: 'F', education: 'bachelor',
    certificate: 'assistant', certified_on: '2021-01-01', hired_on: '2024-01-01', wage_fen: 250000, organisation_id: org.body.id };
  for (const w of [worker, { ...worker, name: '看板新人', certificate: 'none', certified_on: null }]) {
    const s = await api(srv.base, 'POST', '/api/v1/staff', w);
    assert.equal(s.status, 201, s.text);
    const a = await api(srv.base, 'POST', `/api/v1/staff/${s.body.id}/assignments`, { station_id: 2, from_on: '2026-06-01' });
    assert.equal(a.status, 201, a.text);
  }
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

test('a station month: by type and category as /stats counts them, open cases, overdue tasks', async () => {
  const r = await dash('station_id=2', as.lead2);
  assert.equal(r.status, 200, r.text);
  const d = r.body;
  assert.equal(d.kind, 'station');
  assert.equal(d.station.id, 2);
  assert.equal(d.from, '2026-06');
  assert.equal(d.to, '2026-06');
  // June named by one end alone, as a month or its first or last day.
  for (const q of ['from=2026-06', 'from=2026-06-01', 'to=2026-06-30']) {
    const one = await dash(`station_id=2&${q}`, as.lead2);
    assert.equal(one.status, 200, `${q}: ${one.text}`);
    assert.deepEqual([one.body.from, one.body.to, one.body.services.total.records], ['2026-06', '2026-06', 3], q);
  }
  // Counted by hand: three records in June, two of them visits to A.
  assert.equal(d.services.total.records, 3);
  assert.equal(d.services.total.clients_served, 2);
  assert.deepEqual(byKey(d.by_type).home_visit, { records: 2, person_times: 2 });
  assert.equal(byKey(d.by_category).tekun.clients_served, 1);
  // The same numbers as the statistics API, for the same scope and period.
  const total = await stats(`station_id=2&from=2026-06&to=2026-06&measures=${codes(d.services)}`, as.lead2);
  assert.equal(total.status, 200, total.text);
  assert.deepEqual(d.services.total, total.body.total);
  for (const [cut, dim] of [[d.by_type, 'type'], [d.by_category, 'category']]) {
    const s = await stats(`station_id=2&from=2026-06&to=2026-06&by=${dim}&measures=${codes(cut)}`, as.lead2);
    assert.equal(s.status, 200, s.text);
    assert.deepEqual(byKey(cut), statsByKey(s.body, dim, cut.measures.map((m) => m.code)), dim);
    assert.deepEqual(
      Object.fromEntries(cut.measures.map((m) => [m.code, cut.total[m.code]])),
      Object.fromEntries(cut.measures.map((m) => [m.code, s.body.total[m.code]])));
  }
  // A longer period: May and June.
  const two = (await dash('station_id=2&from=2026-05&to=2026-06', as.lead2)).body;
  assert.equal(two.services.total.records, 4);
  assert.equal(two.services.total.visits,
    (await stats('station_id=2&from=2026-05&to=2026-06&measures=visits', as.lead2)).body.total.visits);
  // Today's state: the case at intake, overdue like the task list says.
  assert.equal(d.open_cases.intake, 1);
  assert.equal(d.open_cases.assessment, 0);
  const tasks = await get('/api/v1/tasks?station_id=2&due=overdue', as.lead2);
  assert.equal(tasks.status, 200, tasks.text);
  assert.ok(d.tasks.overdue >= 1);
  assert.deepEqual(d.tasks, tasks.body.counts);
  // Compliance findings (and the reports overdue or due soon) are the
  // page's to read from /api/v1/compliance: the engine is not cheap.
  assert.ok(!('findings' in d) && !('reports' in d));
  // A station lead has no staff or money sections.
  assert.equal(d.staff, null);
  assert.equal(d.payments, null);
});

test('a section the caller may not read is null, never zeros', async () => {
  // A social worker reads neither staff nor money; an evaluator no tasks.
  const r = await dash('station_id=2', as.w2);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.staff, null);
  assert.equal(r.body.payments, null);
  assert.equal(r.body.services.total.records, 3);
  assert.equal(r.body.open_cases.intake, 1);
  const e = await dash('region=430223', as.evaluator);
  assert.equal(e.status, 200, e.text);
  assert.equal(e.body.tasks, null);
  assert.equal(e.body.services.total.records, 5);
});

test("the bureau's county year: months and townships as /stats counts them, cases, staff, payments", async () => {
  const r = await dash('region=430223&year=2026', as.bureau);
  assert.equal(r.status, 200, r.text);
  const d = r.body;
  assert.equal(d.kind, 'region');
  assert.equal(d.region.code, '430223');
  assert.equal(d.region.name, '攸县');
  assert.equal(d.region.ranked_by, 'township');
  assert.equal(d.from, '2026-01');
  assert.equal(d.to, '2026-12');
  assert.equal(d.services.total.records, 5);
  const total = await stats(`region=430223&from=2026-01&to=2026-12&measures=${codes(d.services)}`, as.bureau);
  assert.deepEqual(d.services.total, total.body.total);
  // The months to come are not 0 services: the chart of 15 June ends with June.
  assert.deepEqual([d.by_month.rows[0].key, d.by_month.rows.at(-1).key, d.by_month.rows.length], ['2026-01', '2026-06', 6]);
  for (const [cut, dim, to] of [[d.by_month, 'month', '2026-06'], [d.ranking, 'township', '2026-12']]) {
    const s = await stats(`region=430223&from=2026-01&to=${to}&by=${dim}&measures=${codes(cut)}`, as.bureau);
    assert.equal(s.status, 200, s.text);
    assert.deepEqual(byKey(cut), statsByKey(s.body, dim, cut.measures.map((m) => m.code)), dim);
  }
  assert.equal(byKey(d.by_month)['2026-06'].records, 4);
  assert.equal(byKey(d.ranking)[ids.township2].records, 4);
  // Every station of the county, for the ranking's links.
  assert.ok(d.stations.some((s) => s.id === 2 && s.region_code.startsWith(ids.township2)));
  assert.equal(d.open_cases.intake, 1);
  // Staff: as the staff list counts them.
  const staffTotal = async (q) => (await get(`/api/v1/staff?status=active&limit=1${q}`, as.bureau)).body.total;
  assert.equal(d.staff.active, 2);
  assert.equal(d.staff.active, await staffTotal(''));
  assert.equal(d.staff.certificate.assistant, 1);
  assert.equal(d.staff.certificate.none, 1);
  for (const c of ['none', 'assistant', 'intermediate', 'senior']) {
    assert.equal(d.staff.certificate[c], await staffTotal(`&certificate=${c}`), c);
  }
  assert.equal(d.staff.unassigned, await staffTotal('&unassigned=true'));
  assert.equal(d.payments.contracts, 0);
  assert.deepEqual(Object.keys(d.payments.states), ['paid', 'due', 'planned', 'withheld']);
  assert.equal(d.tasks, null);
});

test('a township officer sees her township, its stations ranked; not the county', async () => {
  const r = await dash(`region=${ids.township2}`, as.twp);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.region.ranked_by, 'station');
  const s = await stats(`region=${ids.township2}&from=2026-01&to=2026-12&by=station&measures=${codes(r.body.ranking)}`, as.twp);
  assert.deepEqual(byKey(r.body.ranking), statsByKey(s.body, 'station', r.body.ranking.measures.map((m) => m.code)));
  assertError(await dash('region=430223', as.twp), 404, 'not_found', 'region');
});

test("scope: another station's dashboard does not exist for a station lead", async () => {
  assertError(await dash('station_id=2', as.lead3), 404, 'not_found', 'station_id');
  assertError(await dash('region=430223', as.lead2), 404, 'not_found', 'region');
  const own = await dash('station_id=3', as.lead3);
  assert.equal(own.status, 200, own.text);
  assert.equal(own.body.services.total.records, 1);
  // The bureau sees any station of its county.
  const b = await dash('station_id=3', as.bureau);
  assert.equal(b.status, 200, b.text);
  assert.deepEqual(b.body.services.total, own.body.services.total);
  // But no other county.
  assertError(await dash('region=430224', as.bureau), 404, 'not_found', 'region');
});

test('bad input: a clear Chinese error naming the field', async () => {
  assertError(await dash('station_id=999999'), 404, 'not_found', 'station_id');
  assertError(await dash('station_id=abc'), 400, 'validation_failed', 'station_id');
  assertError(await dash(''), 400, 'validation_failed', 'station_id');
  assertError(await dash('station_id=2&region=430223'), 400, 'validation_failed', 'region');
  const inv = assertError(await dash('station_id=2&from=2026-07&to=2026-05'), 400, 'validation_failed', 'to');
  assert.match(inv.message, /结束月份/);
  assertError(await dash('station_id=2&from=2026-13'), 400, 'validation_failed', 'from');
  assertError(await dash('station_id=2&from=June'), 400, 'validation_failed', 'from');
  assertError(await dash('station_id=2&from=2026-01&to=2026-1x'), 400, 'validation_failed', 'to');
  assertError(await dash('station_id=2&year=2026'), 400, 'validation_failed', 'year');
  assertError(await dash('region=430223&year=20x6'), 400, 'validation_failed', 'year');
  assertError(await dash('region=430223&year=2026&from=2026-01'), 400, 'validation_failed', 'year');
  assertError(await dash('region=43022'), 400, 'validation_failed', 'region');
  assertError(await dash('region=430223001001'), 400, 'validation_failed', 'region');
  assertError(await dash('region=999999'), 404, 'not_found', 'region');
  assertError(await dash('station_id=2&colour=red'), 400, 'validation_failed');
  assertError(await dash('station_id=2&from=2026-07&to=2026-05', as.lead2), 400, 'validation_failed', 'to');
  const en = await api(srv.base, 'GET', '/api/v1/dashboard?station_id=2&from=2026-07&to=2026-05', undefined, { 'accept-language': 'en' });
  assertError(en, 400, 'validation_failed', 'to', 'en');
});
