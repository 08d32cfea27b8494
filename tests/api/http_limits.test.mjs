// The HTTP layer: keep-alive, body and URL limits, bad URLs, the access
// log, and a graceful stop with requests in flight.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api } from './lib.mjs';
import { stopChecked, assertError, rawRequest, asApi, stationTotal, authFor, authHeaders } from './helpers_extra.mjs';

const MAX_BODY = 4096;
const tmp = mkdtempSync(join(tmpdir(), 'sgz-http-'));
const accessLog = join(tmp, 'access.log');
let srv;
let auth; // for requests made without api()

before(async () => {
  srv = await startServer({ args: ['--max-body', String(MAX_BODY), '--access-log', accessLog, '--timeout', '2'] });
  auth = await authFor(srv.base);
});
after(async () => {
  if (srv) await stopChecked(srv);
  rmSync(tmp, { recursive: true, force: true });
});

/** The access log's lines, parsed, once at least n are there (the line
 *  is written when the response has gone out, so it may trail it). */
async function logLines(n) {
  let lines = [];
  for (let i = 0; i < 200; i++) {
    const text = existsSync(accessLog) ? readFileSync(accessLog, 'utf8') : '';
    lines = text.split('\n').filter((l) => l.length);
    if (lines.length >= n) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return lines;
}

test('access log: one JSON line per request with method, path, status and µs', async () => {
  // Lines of earlier requests (the logins) may still be on their way: the
  // log is written every 100 ms, so the count is taken once it has held
  // for three of them (one could pass while a late write was pending).
  let before = -1;
  for (let i = 0, still = 0; i < 100 && still < 3; i++) {
    const n = (await logLines(0)).length;
    still = n === before ? still + 1 : 0;
    before = n;
    await new Promise((r) => setTimeout(r, 100));
  }
  await api(srv.base, 'GET', '/api/v1/health');
  await api(srv.base, 'GET', '/api/v1/stations?limit=1');
  await api(srv.base, 'GET', '/api/v1/nothing-here');
  await api(srv.base, 'POST', '/api/v1/stations', { type: 'nope', region_code: '430223' });
  const lines = (await logLines(before + 4)).slice(before);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal((await logLines(0)).length, before + 4, 'exactly one line per request');
  const rows = lines.map((l) => JSON.parse(l));
  const want = [
    ['GET', '/api/v1/health', 200],
    ['GET', '/api/v1/stations', 200],
    ['GET', '/api/v1/nothing-here', 404],
    ['POST', '/api/v1/stations', 400],
  ];
  for (const [method, path, status] of want) {
    const row = rows.find((x) => x.method === method && x.path.split('?')[0] === path);
    assert.ok(row, `${method} ${path} logged: ${lines.join('\n')}`);
    assert.equal(row.status, status);
    assert.equal(typeof row.us, 'number');
    assert.ok(row.us >= 0 && row.us < 60e6, String(row.us));
    assert.ok('time' in row);
  }
  const list = rows.find((x) => x.method === 'GET' && x.path.startsWith('/api/v1/stations'));
  assert.equal(list.user, 'tester', 'the user is logged with the request');
});

test('keep-alive: 20 sequential GETs reuse one connection', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set();
  let connects = 0;
  try {
    for (let i = 0; i < 20; i++) {
      const r = await new Promise((resolve, reject) => {
        const req = http.get(`${srv.base}/api/v1/health`, { agent }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c) => { body += c; });
          res.on('end', () => resolve({ status: res.statusCode, body, headers: res.headers, reused: req.reusedSocket }));
        });
        req.on('socket', (s) => {
          if (!sockets.has(s)) {
            sockets.add(s);
            s.on('connect', () => { connects++; });
          }
        });
        req.on('error', reject);
      });
      assert.equal(r.status, 200);
      assert.equal(JSON.parse(r.body).status, 'ok');
      assert.notEqual((r.headers.connection || '').toLowerCase(), 'close', `reply ${i} closes the connection`);
      if (i > 0) assert.equal(r.reused, true, `request ${i} did not reuse the connection`);
    }
    assert.equal(sockets.size, 1, 'one socket for all 20 requests');
    assert.equal(connects, 1, 'one TCP connect');
  } finally {
    agent.destroy();
  }
});

test('keep-alive survives error replies and POST bodies', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const reqs = [
      { path: '/api/v1/health' },
      { path: '/api/v1/nothing-here' },
      { path: '/api/v1/stations?colour=red' },
      { path: '/api/v1/stations/999999' },
      { method: 'POST', path: '/api/v1/stations', headers: { 'content-type': 'application/json' }, body: '{"type":"nope","region_code":"430223"}' },
      { method: 'PATCH', path: '/api/v1/stations/1', headers: { 'content-type': 'application/json' }, body: '{"address":"x"}' },
      { path: '/api/v1/stations?limit=1' },
    ];
    const results = [];
    for (const o of reqs) results.push(await rawRequest(srv.base, { ...o, agent, auth }));
    assert.deepEqual(results.map((r) => r.status), [200, 404, 400, 404, 400, 428, 200]);
    assert.deepEqual(results.slice(1).map((r) => r.reused), results.slice(1).map(() => true),
      'every request after the first reused the connection');
  } finally {
    agent.destroy();
  }
});

test('a body over --max-body is 413, with Content-Length or chunked; nothing is written', async () => {
  const total = await stationTotal(srv.base);
  const big = JSON.stringify({ type: 'community_room', region_code: '430223102003', address: 'x'.repeat(MAX_BODY) });
  const cl = await rawRequest(srv.base, { method: 'POST', path: '/api/v1/stations', headers: { 'content-type': 'application/json' }, body: big });
  assertError(asApi(cl), 413, 'payload_too_large');
  const chunks = [];
  for (let i = 0; i < big.length; i += 500) chunks.push(big.slice(i, i + 500));
  const ch = await rawRequest(srv.base, {
    method: 'POST', path: '/api/v1/stations', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks,
  });
  assertError(asApi(ch), 413, 'payload_too_large');
  assert.equal(await stationTotal(srv.base), total);
  // Just under the limit is read and validated as usual.
  const under = JSON.stringify({ type: 'nope', region_code: '430223', pad: '' }).replace('""', `"${'y'.repeat(MAX_BODY - 100)}"`);
  assert.ok(under.length < MAX_BODY);
  const u = await rawRequest(srv.base, {
    method: 'POST', path: '/api/v1/stations', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks: [under.slice(0, 1000), under.slice(1000)], auth,
  });
  assertError(asApi(u), 400, 'unknown_field', 'pad');
});

test('a URL over 2048 bytes is 414 JSON; a much longer one is still refused', async () => {
  const r = await api(srv.base, 'GET', '/api/v1/' + 'a'.repeat(3000));
  assertError(r, 414, 'uri_too_long');
  const q = await api(srv.base, 'GET', '/api/v1/stations?region=' + '4'.repeat(3000));
  assert.ok(q.status >= 400 && q.status < 500, String(q.status));
  const huge = await rawRequest(srv.base, { path: '/api/v1/' + 'b'.repeat(70000) });
  assert.ok(huge.status >= 400 && huge.status < 500, String(huge.status));
  assert.equal((await api(srv.base, 'GET', '/api/v1/health')).status, 200, 'the server is still up');
});

test('a path with %FF (invalid UTF-8) is 400 JSON', async () => {
  assertError(await api(srv.base, 'GET', '/api/v1/regions/%FF'), 400, 'validation_failed');
  assertError(await api(srv.base, 'GET', '/api/v1/stations/%C0%AF'), 400, 'validation_failed');
  assertError(await api(srv.base, 'GET', '/api/v1/regions?parent=%FF'), 400, 'validation_failed', 'parent');
  assertError(await api(srv.base, 'GET', '/api/v1/stations?%FF=1'), 400, 'validation_failed');
});

// Near the end: connections idle since earlier tests time out meanwhile.
test('an idle or half-sent connection is closed after --timeout', async () => {
  const u = new URL(srv.base);
  const t0 = Date.now();
  const closedAfter = await new Promise((resolve, reject) => {
    const sock = net.connect(Number(u.port), u.hostname, () => {
      sock.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n'); // no blank line: never finished
    });
    sock.on('data', () => { /* a 408 is fine */ });
    sock.on('error', () => { /* a reset is fine */ });
    const timer = setTimeout(() => { sock.destroy(); reject(new Error('still open after 10 s')); }, 10000);
    sock.on('close', () => { clearTimeout(timer); resolve(Date.now() - t0); });
  });
  assert.ok(closedAfter >= 1500, `closed after ${closedAfter} ms, before the timeout`);
  // A new connection is served (fetch's pooled one may have timed out
  // too, so this does not go through it).
  assert.equal((await rawRequest(srv.base, { path: '/api/v1/health' })).status, 200);
});

// Last, as it stops the server.
test('graceful stop: requests in flight finish, the rest get a connection error; exit 0', async () => {
  const g = srv;
  const gauth = auth;
  let stopped = false;
  try {
    // A fresh connection: fetch's pooled ones have timed out by now.
    const villages = (await rawRequest(g.base, { path: '/api/v1/regions?parent=430223102&limit=3', auth: gauth })).body.items.map((v) => v.code);
    assert.equal(villages.length, 3);
    // Three writes whose bodies are only half sent when the signal comes:
    // the server has begun them, so it must finish them.
    const slow = villages.map((code) => {
      const body = Buffer.from(JSON.stringify({ type: 'community_room', region_code: code }));
      const half = Math.floor(body.length / 2);
      let req;
      const done = new Promise((resolve) => {
        req = http.request(`${g.base}/api/v1/stations`, {
          method: 'POST', agent: false,
          headers: { 'content-type': 'application/json', 'content-length': body.length, ...authHeaders(gauth, 'POST') },
        }, (res) => {
          const parts = [];
          res.on('data', (c) => parts.push(c));
          res.on('end', () => resolve({ status: res.statusCode, complete: res.complete, text: Buffer.concat(parts).toString('utf8') }));
          res.on('error', (e) => resolve({ error: e.code || e.message }));
        });
        req.on('error', (e) => resolve({ error: e.code || e.message }));
        req.flushHeaders();
        req.write(body.subarray(0, half));
      });
      return { done, finish: () => req.end(body.subarray(half)) };
    });
    const one = () => new Promise((resolve) => {
      const req = http.get(`${g.base}/api/v1/stations?limit=200`, { agent: false, headers: authHeaders(gauth) }, (res) => {
        const parts = [];
        res.on('data', (c) => parts.push(c));
        res.on('error', (e) => resolve({ error: e.code || e.message }));
        res.on('aborted', () => resolve({ error: 'aborted' }));
        res.on('end', () => resolve({ status: res.statusCode, complete: res.complete, text: Buffer.concat(parts).toString('utf8') }));
      });
      req.on('error', (e) => resolve({ error: e.code || e.message }));
    });
    await new Promise((r) => setTimeout(r, 300));
    const inflight = Array.from({ length: 50 }, one);
    await new Promise((r) => setTimeout(r, 5));
    const stopping = g.stop();
    stopped = true;
    srv = null; // after() has nothing left to stop
    await new Promise((r) => setTimeout(r, 300));
    for (const s of slow) s.finish();
    const writes = await Promise.all(slow.map((s) => s.done));
    const results = await Promise.all(inflight);
    const exit = await stopping;
    assert.equal(exit.code, 0, 'exit 0 after SIGTERM: ' + exit.stderr);
    assert.doesNotMatch(exit.stderr, /AddressSanitizer|runtime error|LeakSanitizer/);
    assert.match(exit.stderr, /finishing requests in flight/);
    for (const w of writes) {
      assert.equal(w.error, undefined, 'a request begun before the signal is not cut off: ' + w.error);
      assert.equal(w.status, 201, w.text);
      assert.equal(w.complete, true);
      assert.equal(JSON.parse(w.text).type, 'community_room');
    }
    for (const r of results) {
      if (r.error) {
        assert.match(r.error, /ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|aborted/, r.error);
        continue;
      }
      assert.equal(r.status, 200, r.text.slice(0, 200));
      assert.equal(r.complete, true, 'a reply that started is complete');
      const body = JSON.parse(r.text);
      assert.ok(body.total >= 18 && body.items.length >= 18, r.text.slice(0, 200));
    }
  } finally {
    if (!stopped) {
      srv = null;
      await g.stop();
    }
  }
});
