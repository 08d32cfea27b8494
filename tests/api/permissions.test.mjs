// Every route × every role against the one permission table (served by
// GET /api/v1/roles, which is that table), plus anonymous callers and a
// worker of another station. A route added without a permission, or with
// one the table does not know, fails here and in test_router.c.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session } from './lib.mjs';

let srv;
const roleSessions = {};
let table;       // role code -> Set of actions
let ops;         // [{method, path, permission}]
let targetId;    // a user the sysadmin calls may lock and reset

before(async () => {
  srv = await startServer();
  const roles = await api(srv.base, 'GET', '/api/v1/roles');
  assert.equal(roles.status, 200);
  table = Object.fromEntries(roles.body.roles.map((r) => [r.code, new Set(r.permissions)]));
  assert.equal(Object.keys(table).length, 10);
  // An org_admin works for an organisation.
  const org = await api(srv.base, 'POST', '/api/v1/organisations', { name: '权限测试社会工作服务中心', credit_code: '91350100M000100Y43' });
  assert.equal(org.status, 201, org.text);
  for (const code of Object.keys(table)) {
    addUser(srv, `r_${code}`, code, 'all', undefined, code === 'org_admin' ? org.body.id : undefined);
    roleSessions[code] = await session(srv.base, `r_${code}`);
  }
  addUser(srv, 'target', 'social_worker', 'self');
  const users = await api(srv.base, 'GET', '/api/v1/users?limit=200');
  targetId = users.body.items.find((u) => u.username === 'target').id;
  const doc = await api(srv.base, 'GET', '/api/v1/openapi.json');
  ops = [];
  for (const [path, methods] of Object.entries(doc.body.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      ops.push({ method: m.toUpperCase(), path, permission: op['x-permission'] });
    }
  }
  // Logging out ends the session the rest of the walk needs: last.
  ops.sort((a, b) => (a.method === 'DELETE' && a.path === '/api/v1/session') - (b.method === 'DELETE' && b.path === '/api/v1/session'));
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error|LeakSanitizer/);
});

function concrete(path) {
  return path
    .replace('/users/{id}', `/users/${targetId}`)
    .replace('{id}', '2')
    .replace('{code}', '430223');
}

test('every route declares a permission the table knows', () => {
  const known = new Set(['public', 'session', 'signed_in', 'login']);
  for (const actions of Object.values(table)) for (const a of actions) known.add(a);
  for (const op of ops) {
    assert.ok(op.permission, `${op.method} ${op.path} has no permission`);
    assert.ok(known.has(op.permission) || op.permission.includes('.'), `${op.method} ${op.path}: ${op.permission}`);
  }
  const publicOps = ops.filter((o) => o.permission === 'public').map((o) => `${o.method} ${o.path}`).sort();
  assert.deepEqual(publicOps, ['GET /api/v1/health', 'GET /api/v1/openapi.json', 'GET /api/v1/version', 'POST /api/v1/session']);
});

test('without a session every non-public route is 401', async () => {
  for (const op of ops) {
    if (op.permission === 'public') continue;
    const r = await api(srv.base, op.method, concrete(op.path), op.method === 'GET' ? undefined : {}, {}, null);
    assert.equal(r.status, 401, `${op.method} ${op.path}`);
    assert.equal(r.body.error.code, 'login_required');
  }
});

test('route × role: allowed exactly where the permission table says', async () => {
  for (const [role, auth] of Object.entries(roleSessions)) {
    for (const op of ops) {
      const r = await api(srv.base, op.method, concrete(op.path), op.method === 'GET' ? undefined : {}, {}, auth);
      const allowed = ['public', 'session', 'signed_in', 'login'].includes(op.permission) || table[role].has(op.permission);
      if (allowed) {
        assert.ok(r.status !== 401 && r.status !== 403,
          `${role} ${op.method} ${op.path} should be allowed, got ${r.status} ${r.text}`);
      } else {
        assert.equal(r.status, 403, `${role} ${op.method} ${op.path} should be refused, got ${r.status}`);
        assert.equal(r.body.error.code, 'forbidden');
      }
    }
  }
});

test('a state-changing request without the CSRF token is refused', async () => {
  const auth = await session(srv.base, 'r_bureau', 'Daily-Passw0rd').catch(() => null)
    || roleSessions.sysadmin;
  const r = await api(srv.base, 'POST', '/api/v1/stations', { type: 'township_station', region_code: '430223102' },
    {}, { cookie: auth.cookie, csrf: null });
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'csrf_failed');
  const wrong = await api(srv.base, 'PATCH', '/api/v1/stations/2', { address: 'x', version: 1 },
    {}, { cookie: auth.cookie, csrf: 'x'.repeat(43) });
  assert.equal(wrong.status, 403);
  const s = await api(srv.base, 'GET', '/api/v1/stations/2');
  assert.equal(s.body.address, '');
});

test('a worker of station A gets 404, not 403, for station B', async () => {
  addUser(srv, 'lead_a', 'station_lead', 'stations:2');
  const a = await session(srv.base, 'lead_a');
  const mine = await api(srv.base, 'GET', '/api/v1/stations', undefined, {}, a);
  assert.equal(mine.status, 200);
  assert.deepEqual(mine.body.items.map((s) => s.id), [2]);
  assert.equal(mine.body.total, 1);
  const other = await api(srv.base, 'GET', '/api/v1/stations/3', undefined, {}, a);
  assert.equal(other.status, 404);
  const change = await api(srv.base, 'PATCH', '/api/v1/stations/3', { address: '某地', version: 1 }, {}, a);
  assert.equal(change.status, 404);
  const own = await api(srv.base, 'PATCH', '/api/v1/stations/2', { address: '联星街道办事处', version: 1 }, {}, a);
  assert.equal(own.status, 200);
  assert.equal(own.body.address, '联星街道办事处');
});

test('a region range sees its region only', async () => {
  addUser(srv, 'township_102', 'township_officer', 'region:430223102');
  const t = await session(srv.base, 'township_102');
  const list = await api(srv.base, 'GET', '/api/v1/stations', undefined, {}, t);
  assert.equal(list.status, 200);
  assert.ok(list.body.items.length >= 1);
  for (const s of list.body.items) assert.ok(s.region_code.startsWith('430223102'), s.region_code);
});
