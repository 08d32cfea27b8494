// A county's first day on the platform: its stations opened on 1
// December, its contract's service begins the same day. The compliance
// engine owes it no report for a period before that (the briefs of
// September to November, last quarter's and half-year's county reports,
// the contract's 2026 self-evaluation due on 30 November), and a station
// whose opening day nobody recorded owes none for the months before it
// was registered. Clock: 2026-12-05.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from './lib.mjs';

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

test('a contract whose service begins on 1 December owes no self-evaluation due on 30 November', async () => {
  const org = await api(srv.base, 'POST', '/api/v1/organisations', { name: '攸县阳光社会工作服务中心', credit_code: '91350100M000100Y43' });
  assert.equal(org.status, 201, org.text);
  const [st] = (await stations()).filter((x) => x.type === 'township_station');
  const contract = (starts_on, ends_on, code) => api(srv.base, 'POST', '/api/v1/contracts', {
    code, title: `${code}社工站服务项目`, organisation_id: org.body.id, procurement: 'open_tender', cycle_years: 3, cycle_year: 1,
    amount_fen: 12000000, signed_on: '2026-11-20', effective_on: '2026-11-20', starts_on, ends_on,
    stations: [{ station_id: st.id, amount_fen: 12000000 }],
  });
  // One that ran all year owes it: the rule is on.
  let r = await contract('2026-01-01', '2026-12-31', 'YX-2026-A');
  assert.equal(r.status, 201, r.text);
  r = await contract('2026-12-01', '2027-11-30', 'YX-2026-B');
  assert.equal(r.status, 201, r.text);
  const self = (await overdue()).filter((m) => /绩效自评报告/.test(m));
  assert.equal(self.length, 1, self.join('\n'));
  assert.match(self[0], /^YX-2026-A /);
});
