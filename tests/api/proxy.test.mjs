// Behind a reverse proxy (--trusted-proxies): the client's address is
// taken from X-Forwarded-For, right-most untrusted hop, for the login
// log, the access log and the per-address login limit; without the
// setting the header is the client's own word and ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, api, addUser, session, BIN, FIXED_NOW } from './lib.mjs';

// A failed login for username, sent as the proxy would forward it.
async function failedLogin(base, username, xff) {
  const headers = { 'content-type': 'application/json' };
  if (xff !== undefined) headers['x-forwarded-for'] = xff;
  const res = await fetch(base + '/api/v1/session', {
    method: 'POST',
    headers,
    body: JSON.stringify({ username, password: 'wrong-Passw0rd' }),
  });
  await res.text();
  return res.status;
}

// The login log's addresses for actor, oldest first.
async function loginAddresses(srv, aud, actor) {
  const r = await api(srv.base, 'GET', `/api/v1/audit?kind=login&actor=${actor}&limit=200`, undefined, {}, aud);
  assert.equal(r.status, 200, r.text);
  return r.body.items.map((x) => x.address).reverse();
}

async function stopClean(srv) {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error|LeakSanitizer/);
}

test('through a trusted proxy, the login log, access log and login limit use the forwarded address', async () => {
  const srv = await startServer({ args: ['--trusted-proxies', '127.0.0.1,10.0.0.0/8'], keepLimits: true });
  try {
    addUser(srv, 'px_aud', 'auditor', 'all');
    addUser(srv, 'px_sec', 'security_admin', 'all');
    addUser(srv, 'px_walker', 'auditor', 'all');
    const aud = await session(srv.base, 'px_aud');
    const sec = await session(srv.base, 'px_sec');

    for (const ip of ['203.0.113.5', '203.0.113.6', '203.0.113.7']) {
      assert.notEqual(await failedLogin(srv.base, 'px_walker', ip), 200);
    }
    // Addresses the client wrote on the left are not believed, nor a
    // trusted proxy's hops on the right taken for the client.
    assert.notEqual(await failedLogin(srv.base, 'px_walker', '198.51.100.1, 203.0.113.8'), 200);
    assert.notEqual(await failedLogin(srv.base, 'px_walker', '198.51.100.1, 203.0.113.9, 10.1.2.3'), 200);
    // Not an address: the proxy's own.
    assert.notEqual(await failedLogin(srv.base, 'px_walker', 'unknown'), 200);
    assert.deepEqual(await loginAddresses(srv, aud, 'px_walker'),
      ['203.0.113.5', '203.0.113.6', '203.0.113.7', '203.0.113.8', '203.0.113.9', '127.0.0.1']);

    // The limit counts per client: one client's failures do not lock out
    // another behind the same proxy.
    const put = await api(srv.base, 'PUT', '/api/v1/settings/login.per_address_per_minute', { value: 3 }, {}, sec);
    assert.equal(put.status, 200, put.text);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await failedLogin(srv.base, 'nobody', '203.0.113.20'));
    assert.equal(statuses[3], 429, JSON.stringify(statuses));
    assert.ok(statuses.slice(0, 3).every((s) => s !== 429), JSON.stringify(statuses));
    assert.notEqual(await failedLogin(srv.base, 'nobody', '203.0.113.21'), 429);
    assert.equal(await failedLogin(srv.base, 'nobody', '198.51.100.7, 203.0.113.20'), 429,
      'a forged left-hand address does not escape the limit');
    // Nor does padding the left: it is never read, so it cannot make the
    // header unbelievable and put the client in the proxy's bucket.
    for (const pad of [',,,,,,,,,,,,,,,,,,,, ', Buffer.from('中, ').toString('latin1'), 'x'.repeat(3000) + ', ']) {
      assert.equal(await failedLogin(srv.base, 'nobody', pad + '203.0.113.20'), 429, pad.slice(0, 20));
    }
    assert.notEqual(await failedLogin(srv.base, 'nobody', '203.0.113.22'), 429, 'the proxy\'s other clients are not locked out');
  } finally {
    // The access log is written behind the requests: read once stopped.
    const r = await srv.stop({ keepDatabase: true });
    const log = readFileSync(join(srv.db.dir, 'access.log'), 'utf8');
    srv.db.drop();
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error|LeakSanitizer/);
    assert.match(log, /"ip":"203\.0\.113\.5"/);
    assert.match(log, /"ip":"203\.0\.113\.21"/);
    assert.doesNotMatch(log, /198\.51\.100/);
  }
});

test('without --trusted-proxies, X-Forwarded-For is ignored', async () => {
  const srv = await startServer();
  try {
    addUser(srv, 'px_aud2', 'auditor', 'all');
    addUser(srv, 'px_walker2', 'auditor', 'all');
    const aud = await session(srv.base, 'px_aud2');
    for (const ip of ['203.0.113.5', '203.0.113.6']) {
      assert.notEqual(await failedLogin(srv.base, 'px_walker2', ip), 200);
    }
    assert.deepEqual(await loginAddresses(srv, aud, 'px_walker2'), ['127.0.0.1', '127.0.0.1']);
  } finally {
    await stopClean(srv);
  }
});

test('a peer not in --trusted-proxies is not believed', async () => {
  const srv = await startServer({ args: ['--trusted-proxies', '10.0.0.0/8, ::1'] });
  try {
    addUser(srv, 'px_aud3', 'auditor', 'all');
    addUser(srv, 'px_walker3', 'auditor', 'all');
    const aud = await session(srv.base, 'px_aud3');
    assert.notEqual(await failedLogin(srv.base, 'px_walker3', '203.0.113.5'), 200);
    assert.deepEqual(await loginAddresses(srv, aud, 'px_walker3'), ['127.0.0.1']);
  } finally {
    await stopClean(srv);
  }
});

test('a bad --trusted-proxies entry refuses to start, naming it', () => {
  for (const [how, env, args] of [
    ['flag', {}, ['--trusted-proxies', '127.0.0.1,bogus.example']],
    ['environment', { SGZ_TRUSTED_PROXIES: '127.0.0.1, bogus.example' }, []],
    ['prefix', {}, ['--trusted-proxies', '10.0.0.0/33']],
  ]) {
    const r = spawnSync(BIN, ['serve', '--listen', '127.0.0.1:0', '--db', '/nonexistent/sgz.db', ...args], {
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', SGZ_NOW: FIXED_NOW, ...env },
      encoding: 'utf8',
      timeout: 20000,
    });
    assert.notEqual(r.status, 0, how);
    assert.equal(r.signal, null, `${how}: it started`);
    assert.match(r.stderr, /trusted_proxies/, how);
    assert.match(r.stderr, how === 'prefix' ? /10\.0\.0\.0\/33/ : /bogus\.example/, how);
  }
});
