// A worker pastes the whole number she has: an ID number (18 characters,
// a lower-case x, or the 15-digit legacy form) or a phone number finds its
// client through the blind index, within the caller's range and the other
// filters, on the list and the export.
// The server's clock is fixed at 2026-06-15 (Beijing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session } from './lib.mjs';
import { idNumber } from './helpers_extra.mjs';

let srv;
const as = {};

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'w3', 'social_worker', 'stations:3');
  as.w2 = await session(srv.base, 'w2');
  as.w3 = await session(srv.base, 'w3');
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const find = async (q, auth = as.w2, extra = '') =>
  (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(q)}${extra}`, undefined, {}, auth)).body;

test('a whole ID number or phone number finds its client', async () => {
  const X = idNumber('43022319700101009'); // ends in X
  assert.ok(X.endsWith('X'), X);
  const a = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '整号甲', id_number: X, phone: '13907310001' }, {}, as.w2);
  assert.equal(a.status, 201, a.text);
  // 15 digits: 430223 700101 012 (the century and check character added).
  const legacy18 = idNumber('43022319700101012');
  const b = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '整号乙', id_number: legacy18, phone: '0731-24212345' }, {}, as.w2);
  assert.equal(b.status, 201, b.text);

  for (const q of [X, X.toLowerCase(), '430223700101012', legacy18, '13907310001', '0731-24212345']) {
    const r = await find(q);
    assert.equal(r.total, 1, q);
    assert.equal(r.items[0].name, q === X || q === X.toLowerCase() || q === '13907310001' ? '整号甲' : '整号乙', q);
  }
  // Another number, a wrong check character, another station's worker: nothing.
  assert.equal((await find('13907310002')).total, 0);
  assert.equal((await find(X.slice(0, 17) + '1')).total, 0);
  assert.equal((await find(X, as.w3)).total, 0);
  // The other filters still apply.
  assert.equal((await find(X, as.w2, '&status=closed')).total, 0);
  assert.equal((await find(X, as.w2, '&station_id=2')).total, 1);
  // The last 4 digits and names work as before.
  assert.equal((await find(X.slice(-4))).items[0].name, '整号甲');
  assert.equal((await find('整号')).total, 2);
  // The export takes the same query.
  const e = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', columns: ['name'], q: '13907310001' }, {}, as.w2);
  assert.equal(e.status, 200, e.text);
  assert.deepEqual(e.text.replace(/^\uFEFF/, '').trim().split('\r\n'), ['姓名', '整号甲']);
});
