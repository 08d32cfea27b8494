// 风险等级: a case's assessment carries its risk level to the client's
// record, so that the register says what the worker assessed — in the
// case write's transaction, the client's version bumped and her history
// naming the case; an edit of the client afterwards stands until the
// next assessment. Clock: 2026-06-15.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session } from './lib.mjs';

let srv;
const as = {};

before(async () => {
  srv = await startServer();
  addUser(srv, 'rw2', 'social_worker', 'stations:2');
  addUser(srv, 'rw3', 'social_worker', 'stations:3');
  for (const u of ['rw2', 'rw3']) as[u] = await session(srv.base, u);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const call = (method, path, body, auth = as.rw2, headers = {}) => api(srv.base, method, path, body, headers, auth);
const client = async (id) => (await call('GET', `/api/v1/clients/${id}`)).body;
const history = async (id) => (await call('GET', `/api/v1/clients/${id}/history`)).body.items;
const ASSESS = { needs: [{ domain: 'health', description: '慢性病无人照料', level: 'high' }], summary: '独居，需要照料' };

test('an assessment sets the client\'s risk level; an edit stands until the next one', async () => {
  const c = await call('POST', '/api/v1/clients', { station_id: 2, name: '风险甲', sex: 'F', birth_date: '1950-03-03', risk_level: 'low' });
  assert.equal(c.status, 201, c.text);
  const id = c.body.id;
  let r = await call('POST', '/api/v1/cases', { client_id: id, source: 'visit', problem: '独居', opened_on: '2026-06-10' });
  assert.equal(r.status, 201, r.text);
  let k = r.body;
  assert.equal((await client(id)).risk_level, 'low', 'opening a case assesses nothing');

  r = await call('POST', `/api/v1/cases/${k.id}/assessment`, { ...ASSESS, risk_level: 'high', version: k.version });
  assert.equal(r.status, 200, r.text);
  k = r.body;
  let cl = await client(id);
  assert.equal(cl.risk_level, 'high', 'the register says what was assessed');
  assert.equal(cl.version, c.body.version + 1, 'the client\'s version moved on');
  let h = await history(id);
  assert.equal(h[0].action, 'client.update');
  assert.deepEqual([h[0].detail.before.risk_level, h[0].detail.after.risk_level], ['low', 'high']);
  assert.equal(h[0].detail.case_id, k.id, 'the history names the case');
  // A form begun before the assessment is told someone saved meanwhile.
  const stale = await call('PATCH', `/api/v1/clients/${id}`, { risk_level: 'low' }, as.rw2, { 'if-match': String(c.body.version) });
  assert.equal(stale.status, 409, stale.text);

  // The worker edits the client by hand: it stands, the case keeps its own.
  r = await call('PATCH', `/api/v1/clients/${id}`, { risk_level: 'medium' }, as.rw2, { 'if-match': String(cl.version) });
  assert.equal(r.status, 200, r.text);
  assert.equal((await client(id)).risk_level, 'medium');
  assert.equal((await call('GET', `/api/v1/cases/${k.id}`)).body.risk_level, 'high');

  // A reassessment sets it again.
  r = await call('POST', `/api/v1/cases/${k.id}/assessment`, { ...ASSESS, risk_level: 'low', version: k.version });
  assert.equal(r.status, 200, r.text);
  k = r.body;
  cl = await client(id);
  assert.equal(cl.risk_level, 'low');
  // One assessed as the client already is: the client is not touched.
  const n = (await history(id)).length;
  r = await call('POST', `/api/v1/cases/${k.id}/assessment`, { ...ASSESS, risk_level: 'low', version: k.version });
  assert.equal(r.status, 200, r.text);
  assert.equal((await client(id)).version, cl.version, 'no version bump');
  assert.equal((await history(id)).length, n, 'no history row');
});

test('an assessment refused leaves the client as she was', async () => {
  const c = await call('POST', '/api/v1/clients', { station_id: 2, name: '风险乙', sex: 'M', birth_date: '1948-08-08', risk_level: 'low' });
  assert.equal(c.status, 201, c.text);
  const k = (await call('POST', '/api/v1/cases', { client_id: c.body.id, source: 'visit', problem: '独居', opened_on: '2026-06-10' })).body;
  // Out of another station's worker's range; a stale version; a bad level.
  assert.equal((await call('POST', `/api/v1/cases/${k.id}/assessment`, { ...ASSESS, risk_level: 'high', version: k.version }, as.rw3)).status, 404);
  assert.equal((await call('POST', `/api/v1/cases/${k.id}/assessment`, { ...ASSESS, risk_level: 'high', version: k.version + 3 })).status, 409);
  const bad = await call('POST', `/api/v1/cases/${k.id}/assessment`, { ...ASSESS, risk_level: 'extreme', version: k.version });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.body.error.field, 'risk_level');
  const cl = await client(c.body.id);
  assert.equal(cl.risk_level, 'low');
  assert.equal(cl.version, c.body.version);
});

test('an assessment and an edit of the client at once: one order, no deadlock', async () => {
  const c = await call('POST', '/api/v1/clients', { station_id: 2, name: '风险丙', sex: 'F', birth_date: '1946-06-06', risk_level: 'low' });
  assert.equal(c.status, 201, c.text);
  let k = (await call('POST', '/api/v1/cases', { client_id: c.body.id, source: 'visit', problem: '独居', opened_on: '2026-06-10' })).body;
  for (let round = 0; round < 6; round++) {
    const cl = await client(c.body.id);
    const level = ['medium', 'high'][round % 2];
    const [a, e] = await Promise.all([
      call('POST', `/api/v1/cases/${k.id}/assessment`, { ...ASSESS, risk_level: level, version: k.version }),
      call('PATCH', `/api/v1/clients/${c.body.id}`, { risk_level: 'low', notes: `第${round}轮` }, as.rw2, { 'if-match': String(cl.version) }),
    ]);
    assert.equal(a.status, 200, a.text);
    assert.ok([200, 409].includes(e.status), e.text);
    k = a.body;
    const now = await client(c.body.id);
    // The edit read the version before the assessment: it went first, or
    // it was told someone saved in between.
    assert.equal(now.risk_level, level, `round ${round}: ${e.status}`);
  }
});
