// The audit log as an auditor reads it: a refusal named as one, a
// user's rows found with her API tokens' rows, and a password change that
// locks the account saying so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error|LeakSanitizer/);
});

const get = (path, auth, headers = {}) => api(srv.base, 'GET', path, undefined, headers, auth);

test('a refused request is labelled as the refusal of the permission, not as the action that permission names', async () => {
  addUser(srv, 'aud_refused', 'auditor', 'all');
  const aud = await session(srv.base, 'aud_refused');
  // An auditor may not read clients: refused, and logged under client.read.
  assert.equal((await get('/api/v1/clients', aud)).status, 403);
  const rows = (await get('/api/v1/audit?action=client.read&result=denied&actor=aud_refused', aud)).body.items;
  assert.equal(rows.length, 1, JSON.stringify(rows));
  assert.equal(rows[0].entity, 'route');
  assert.equal(rows[0].action_label, '拒绝：查看服务对象');
  assert.doesNotMatch(rows[0].action_label, /敏感/);
  const en = (await get('/api/v1/audit?action=client.read&result=denied&actor=aud_refused', aud, { 'accept-language': 'en' })).body.items;
  assert.equal(en[0].action_label, 'Refused: View clients');
  // A row that is not a refusal keeps its action's name.
  const logins = (await get('/api/v1/audit?action=login&actor=aud_refused', aud)).body.items;
  assert.equal(logins[0].action_label, '登录');
});
