// Money writes that race a change of what they are judged on: each
// takes the contract's row lock first in its transaction and judges the
// contract (and its evaluations, payments, stations) read under it, as
// a contract's edit does after updating that row. The races cannot be
// forced one way in a test: each pair is fired together for ROUNDS
// rounds, on a fresh contract each, and the invariant is checked after
// every round: of two writes that exclude each other, never both. No
// round may answer 5xx. Clock: 2026-06-15.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from './lib.mjs';

const ROUNDS = 30;
let srv;
let org, line;
let seq = 0;
const call = (method, path, body) => api(srv.base, method, path, body);
const ok = (r) => r.status >= 200 && r.status < 300;

before(async () => {
  srv = await startServer({ profile: 'yuanzhou', region: '640402' });
  const o = await call('POST', '/api/v1/organisations', { name: '原州区社会工作服务中心', credit_code: '91350100M000100Y43' });
  assert.equal(o.status, 201, o.text);
  org = o.body.id;
  const l = await call('POST', '/api/v1/budget_lines', { region_code: '640402', year: 2026, source: 'social_assistance', title: '社会救助专项资金', budget_fen: 100000000 });
  assert.equal(l.status, 201, l.text);
  line = l.body.id;
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

async function contract(extra = {}) {
  const r = await call('POST', '/api/v1/contracts', {
    code: `RACE-2026-${++seq}`, title: '原州区乡镇社工站服务项目', organisation_id: org, procurement: 'open_tender', cycle_years: 1, cycle_year: 1,
    amount_fen: 100000000, signed_on: '2026-01-04', effective_on: '2026-01-05', starts_on: '2026-01-05', ends_on: '2026-12-31',
    stations: [{ station_id: 2, amount_fen: 50000000 }, { station_id: 3, amount_fen: 50000000 }], ...extra,
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

/* Each write is sent at these offsets (ms) in a round: which of the two
 * the server takes first, and how far apart, varies, and one of the
 * pairs falls in the window a check before the lock would leave. */
const OFFSETS = [0, 1, 2, 3, 5, 8];
const at = (ms, f) => (ms ? new Promise((res) => setTimeout(res, ms)).then(f) : f());

/* ROUNDS rounds of setup(), then a(ctx) and b(ctx) each sent at every
 * offset at once: never an a and a b both accepted, never a 5xx (the
 * copies of one write may each be accepted, or refused by the first);
 * check(ctx, as, bs) for what each round left. */
async function neverBoth({ setup, a, b, check }) {
  for (let i = 0; i < ROUNDS; i++) {
    const ctx = await setup();
    const [as, bs] = await Promise.all([a, b].map((f) => Promise.all(OFFSETS.map((ms) => at(ms, () => f(ctx))))));
    for (const r of [...as, ...bs]) assert.ok(r.status < 500, `round ${i}: ${r.status} ${r.text}`);
    const wa = as.find(ok), wb = bs.find(ok);
    assert.ok(!(wa && wb), `round ${i}: both accepted: ${wa?.text} | ${wb?.text}`);
    if (check) await check(ctx, as, bs);
  }
}

test('an installment paid while its only passing evaluation is voided: one of them is refused', async () => {
  await neverBoth({
    setup: async () => {
      const k = await contract();
      const g = await call('POST', `/api/v1/contracts/${k.id}/payments`, {});
      assert.equal(g.status, 201, g.text);
      const p = g.body.items.find((x) => x.trigger === 'midterm_passed');
      const ev = await call('POST', '/api/v1/evaluations', { contract_id: k.id, kind: 'midterm', evaluated_on: '2026-03-02', evaluator: '第三方', passed: true, grade: 'good' });
      assert.equal(ev.status, 201, ev.text);
      const ac = await call('POST', '/api/v1/acceptances', { contract_id: k.id, accepted_on: '2026-03-10', result: 'passed' });
      assert.equal(ac.status, 201, ac.text);
      return { k, p, ev: ev.body };
    },
    a: ({ p }) => call('POST', `/api/v1/payments/${p.id}/pay`, { paid_on: '2026-04-01', version: p.version }),
    b: ({ ev }) => call('POST', `/api/v1/evaluations/${ev.id}/void`, { reason: '录入错误' }),
    check: async ({ k, p }, pays) => {
      // What the schedule shows agrees with what was answered.
      const row = (await call('GET', `/api/v1/contracts/${k.id}/payments`)).body.items.find((x) => x.id === p.id);
      assert.equal(row.status === 'paid', pays.some(ok), JSON.stringify(row));
      if (row.status === 'paid') assert.equal(row.blocked, false, JSON.stringify(row));
    },
  });
});

test('an expenditure saved while the term moves past its day: one of them is refused', async () => {
  // Spent from the earlier of start and signing: 01-01 until the start
  // moves to 01-05 (signed 01-06).
  const dates = { signed_on: '2026-01-06', effective_on: '2026-01-06', starts_on: '2026-01-01' };
  await neverBoth({
    setup: () => contract(dates),
    a: (k) => call('PATCH', `/api/v1/contracts/${k.id}`, { starts_on: '2026-01-05', version: k.version }),
    b: (k) => call('POST', '/api/v1/expenditures', { contract_id: k.id, spent_on: '2026-01-02', category: 'office', amount_fen: 100 }),
  });
});

test('an evaluation or acceptance saved while the signing moves past its day: one of them is refused', async () => {
  await neverBoth({
    setup: () => contract({ signed_on: '2026-01-04', effective_on: '2026-01-20', starts_on: '2026-01-20' }),
    a: (k) => call('PATCH', `/api/v1/contracts/${k.id}`, { signed_on: '2026-01-15', version: k.version }),
    b: (k) => (k.id % 2
      ? call('POST', '/api/v1/evaluations', { contract_id: k.id, kind: 'annual', evaluated_on: '2026-01-10', evaluator: '第三方', passed: true, grade: 'good' })
      : call('POST', '/api/v1/acceptances', { contract_id: k.id, accepted_on: '2026-01-10', result: 'passed' })),
  });
});

test('money put at a station while the contract drops the station: one of them is refused', async () => {
  const drop = (k) => call('PATCH', `/api/v1/contracts/${k.id}`, { stations: [{ station_id: 2, amount_fen: 100000000 }], version: k.version });
  await neverBoth({
    setup: () => contract(),
    a: drop,
    b: (k) => (k.id % 2
      ? call('POST', '/api/v1/allocations', { budget_line_id: line, contract_id: k.id, station_id: 3, amount_fen: 100, allocated_on: '2026-03-01' })
      : call('POST', '/api/v1/expenditures', { contract_id: k.id, station_id: 3, spent_on: '2026-03-02', category: 'office', amount_fen: 100 })),
  });
});
