// 合规检查: the compliance engine — findings with their rule, profile
// clause, record and message, violations first, within the caller's
// range; and `sgz check` printing the same. Clock: 2026-06-15.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session, sgz, FIXED_NOW } from './lib.mjs';
import { spawnServe } from './helpers_extra.mjs';

let srv;
const as = {};

before(async () => {
  srv = await startServer();
  addUser(srv, 'lead2', 'station_lead', 'stations:2');
  as.lead2 = await session(srv.base, 'lead2');
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const findings = async (q = '', auth = undefined) => (await api(srv.base, 'GET', `/api/v1/compliance${q}`, undefined, {}, auth)).body;

test('stations missing required facilities are violations; filling them in clears them', async () => {
  const all = await findings();
  const on = all.rules.map((r) => `${r.code}:${r.enabled}`);
  for (const want of ['station.signage_name:true', 'station.facilities:true', 'calendar.year_loaded:true']) {
    assert.ok(on.includes(want), `${want} in ${on}`);
  }
  assert.ok(all.counts.violation > 0);
  assert.equal(all.items[0].severity, 'violation');
  const mine = await findings('?rule=station.facilities&limit=200', as.lead2);
  assert.ok(mine.items.length > 0);
  assert.ok(mine.items.every((f) => f.entity === 'station' && f.entity_id === 2), 'a lead sees her station only');
  assert.match(mine.items[0].message, /缺少必备条件/);
  // Every required item met: station 2 drops out.
  const profile = (await api(srv.base, 'GET', '/api/v1/profile')).body;
  const required = profile.facilities.filter((f) => f.required).map((f) => ({ code: f.code, met: true }));
  const s = (await api(srv.base, 'GET', '/api/v1/stations/2')).body;
  const r = await api(srv.base, 'PATCH', '/api/v1/stations/2', { facilities: required, version: s.version });
  assert.equal(r.status, 200, r.text);
  const after_ = await findings('?rule=station.facilities&limit=200', as.lead2);
  assert.equal(after_.items.length, 0);
});

test('a station renamed away from the signage pattern is a warning', async () => {
  const s = (await api(srv.base, 'GET', '/api/v1/stations/2')).body;
  const old = s.name;
  const r = await api(srv.base, 'PATCH', '/api/v1/stations/2', { name: '联星社工之家', version: s.version });
  assert.equal(r.status, 200, r.text);
  const f = await findings('?rule=station.signage_name', as.lead2);
  assert.equal(f.items.length, 1);
  assert.equal(f.items[0].severity, 'warning');
  assert.equal(f.items[0].message, `站点名称应为“${old}”(统一标识)`);
  // A rule on records she may not read (money) filters to nothing; it is
  // not "no such rule".
  const money = await api(srv.base, 'GET', '/api/v1/compliance?rule=money.personnel_share', undefined, {}, as.lead2);
  assert.equal(money.status, 200, money.text);
  assert.equal(money.body.items.length, 0);
  const en = await api(srv.base, 'GET', '/api/v1/compliance?rule=station.signage_name', undefined, { 'accept-language': 'en' }, as.lead2);
  assert.match(en.body.items[0].message, /should be named/);
  const cli = sgz(['check'], srv.env);
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /station\.signage_name.*联星社工之家/);
  assert.equal((await findings('?severity=loud')).error?.field, 'severity');
});

test('this year\'s holidays are loaded, so the calendar rule finds nothing in June', async () => {
  const f = await findings('?rule=calendar.year_loaded');
  assert.equal(f.items.length, 0);
});

test('station_id narrows the findings and their counts to one station; a station finding names its station', async () => {
  const all = await findings('?limit=200');
  const one = await findings('?station_id=3&limit=200');
  assert.ok(one.items.length > 0);
  assert.ok(one.items.every((f) => f.station_id === 3), 'only station 3');
  assert.ok(one.items.filter((f) => f.entity === 'station').every((f) => f.entity_id === 3));
  assert.ok(one.counts.violation + one.counts.warning + one.counts.info <= all.counts.violation + all.counts.warning + all.counts.info);
  assert.equal(one.counts.violation + one.counts.warning + one.counts.info, one.total);
  assert.ok(all.items.every((f) => 'contract_id' in f && 'station_id' in f));
  assert.equal((await findings('?station_id=x')).error?.field, 'station_id');
});

test('region narrows the findings to a county or township the range covers; nothing outside it', async () => {
  const stations = (await api(srv.base, 'GET', '/api/v1/stations?limit=200')).body.items;
  const where = Object.fromEntries(stations.map((x) => [x.id, x.region_code]));
  const town = where[2].slice(0, 9);
  const every = async (q) => {
    const items = [];
    for (let page = 1; ; page++) {
      const b = await findings(`?limit=200&page=${page}${q}`);
      items.push(...b.items);
      if (items.length >= b.total) return { ...b, items };
    }
  };
  const all = await every('');
  const one = await every(`&region=${town}`);
  assert.equal(one.region.code, town);
  assert.match(one.region.name, /街道|镇|乡/);
  const mine = one.items.filter((f) => f.station_id);
  assert.ok(mine.length > 0);
  assert.ok(mine.every((f) => where[f.station_id].startsWith(town)), 'only the township\'s stations');
  // Everything of the township is there: the whole list's findings of its stations.
  const theirs = all.items.filter((f) => f.station_id && where[f.station_id].startsWith(town));
  assert.deepEqual(mine.map((f) => `${f.rule}:${f.entity_id}`).sort(), theirs.map((f) => `${f.rule}:${f.entity_id}`).sort());
  assert.ok(one.total < all.total);
  // A range that does not cover it whole, a malformed code.
  let r = await api(srv.base, 'GET', `/api/v1/compliance?region=${town.slice(0, 6)}`, undefined, {}, as.lead2);
  assert.equal(r.status, 404, r.text);
  assert.equal(r.body.error.field, 'region');
  r = await api(srv.base, 'GET', '/api/v1/compliance?region=4302');
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'region');
});

test('a caller sees the rules, and the findings, of the records she may read', async () => {
  const bureau = (await findings()).rules.map((r) => r.code);
  for (const d of ['staff.', 'contract.', 'money.', 'payment.']) assert.ok(bureau.some((c) => c.startsWith(d)), `bureau: ${d}`);
  const lead = await findings('?limit=200', as.lead2);
  const codes = lead.rules.map((r) => r.code);
  assert.ok(codes.includes('station.facilities'));
  assert.ok(codes.some((c) => c.startsWith('staff.')), 'a station lead reads her staff');
  for (const d of ['contract.', 'money.', 'payment.']) {
    assert.ok(!codes.some((c) => c.startsWith(d)), `a station lead has no ${d} rules`);
    assert.ok(!lead.items.some((f) => f.rule.startsWith(d)), `nor ${d} findings`);
  }
});

test('the severity counts follow the rule chosen, as they follow the station', async () => {
  const all = await findings('?limit=200');
  const rule = all.items[0].rule;
  const one = await findings(`?rule=${rule}&limit=200`);
  const n = one.counts.violation + one.counts.warning + one.counts.info;
  assert.equal(n, one.total, 'the cards add up to the rule\'s findings');
  assert.equal(n, all.items.filter((f) => f.rule === rule).length);
  const sev = one.items[0].severity;
  const picked = await findings(`?rule=${rule}&severity=${sev}&limit=200`);
  assert.deepEqual(picked.counts, one.counts, 'picking a severity does not change the cards');
  assert.deepEqual(one.counts_all, all.counts, 'counts_all stays over every rule (a dashboard\'s cards)');
  assert.equal(all.profile, 'youxian');
  assert.equal(all.profile_title, '攸县乡镇(街道)社工站项目', 'the page names the profile as people do');
});

test('sort=mine lists the reports the caller\'s roles write first, each part in the usual order', async () => {
  for (const [who, auth] of [['bureau', undefined], ['station_lead', as.lead2]]) {
    const all = await findings('?rule=report.overdue&limit=200', auth);
    assert.ok(all.total <= 200, 'one page holds them all');
    const mine = all.items.filter((f) => f.report?.author_role === who);
    const rest = all.items.filter((f) => f.report?.author_role !== who);
    assert.ok(mine.length > 0, `${who}'s reports`);
    const sorted = await findings('?rule=report.overdue&sort=mine&limit=200', auth);
    assert.deepEqual(sorted.items, [...mine, ...rest], who);
    assert.deepEqual([sorted.total, sorted.counts, sorted.counts_all], [all.total, all.counts, all.counts_all]);
    // The first page is hers, though the engine lists others first.
    const first = await findings(`?rule=report.overdue&sort=mine&limit=${mine.length}`, auth);
    assert.deepEqual(first.items, mine);
  }
  const tester = await findings('?rule=report.overdue&limit=200');
  assert.notEqual(tester.items[0].report.author_role, 'bureau', 'unsorted, a station\'s brief comes first');
  const bad = await api(srv.base, 'GET', '/api/v1/compliance?sort=author');
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.body.error.field, 'sort');
});

test('a county guidance centre\'s monthly brief is due to the bureau, a station\'s to its township office', async () => {
  const briefs = [];
  for (const rule of ['report.overdue', 'report.upcoming']) {
    const f = await findings(`?rule=${rule}&limit=200`);
    briefs.push(...f.items.filter((x) => x.entity === 'station' || x.entity === 'report').filter((x) => /月度工作简报/.test(x.message)));
  }
  const centre = briefs.filter((x) => /指导中心/.test(x.entity_name));
  const towns = briefs.filter((x) => !/指导中心/.test(x.entity_name));
  assert.ok(centre.length > 0 && towns.length > 0, `briefs due: ${briefs.length}`);
  assert.ok(centre.every((x) => /报县\(区\)民政局/.test(x.message)), centre[0].message);
  assert.ok(towns.every((x) => /报乡镇\(街道\)民政办/.test(x.message)), towns[0].message);
});

test('what a user reads cites the rules, never a developer document: findings\' clauses and the API document', async () => {
  const devDoc = /DESIGN\.md|docs\/|\.md\b/;
  const all = await findings('?limit=200');
  for (const f of all.items) assert.doesNotMatch(f.clause, devDoc, `${f.rule}: ${f.clause}`);
  const doc = await api(srv.base, 'GET', '/api/v1/openapi.json');
  assert.equal(doc.status, 200);
  assert.doesNotMatch(doc.text, devDoc);
});

// Last: a later server's clock.
test('the evaluator reads a client\'s finding with the name masked', async () => {
  // A left-behind child who will be past the category's age two years on.
  const c = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '超龄甲', sex: 'F', birth_date: '2010-09-01',
    lawful_basis: 'statutory_duty', statutory_duty: 'child_protection',
    categories: [{ code: 'left_behind_child', started_on: '2015-01-01' }] });
  assert.equal(c.status, 201, c.text);
  addUser(srv, 'eval_c', 'evaluator', 'all');
  const later = await spawnServe(['--listen', '127.0.0.1:0', '--access-log', 'off'],
    { ...srv.env, SGZ_NOW: String(Number(FIXED_NOW) + 730 * 86400) });
  try {
    const ev = await session(later.base, 'eval_c');
    const bureau = await session(later.base, 'lead2', 'Daily-Passw0rd');
    const get = async (auth) => (await api(later.base, 'GET', '/api/v1/compliance?rule=client.category_age&limit=200', undefined, {}, auth)).body.items;
    const mine = (await get(bureau)).filter((f) => f.entity_id === c.body.id);
    const theirs = (await get(ev)).filter((f) => f.entity_id === c.body.id);
    assert.equal(mine.length, 1, 'the station lead sees the finding');
    assert.equal(mine[0].entity_name, '超龄甲');
    assert.deepEqual(theirs.map((f) => f.entity_name), ['超**']);
    // 2028's holidays are not built in: the finding cites what working
    // days rest on, the State Council's measures and yearly notice.
    const cal = (await api(later.base, 'GET', '/api/v1/compliance?rule=calendar.year_loaded', undefined, {}, bureau)).body.items;
    assert.deepEqual(cal.map((f) => f.entity_id), [2028]);
    assert.match(cal[0].clause, /^《全国年节及纪念日放假办法》、国务院办公厅关于当年部分节假日安排的通知$/);
  } finally {
    const s2 = await later.stop();
    assert.equal(s2.code, 0, s2.stderr);
  }
});
