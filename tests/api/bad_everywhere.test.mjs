// Bad input everywhere: every route of GET /api/v1/openapi.json gets the
// classic bad inputs, built from its OpenAPI description (query string,
// path parameters, and for routes with a requestBody the body, property
// by property). Every answer must be a 4xx with the JSON error model
// {"error":{"code","message"}}, never a 5xx, never a crash under the
// sanitizers, and nothing may be written: a fingerprint of the database
// (list totals, versions, settings, dictionaries, sessions, tokens) is
// the same before and after, and the audit log gains only refusals and
// the suite's own logins.
//
// Bodies are sent with a valid base body in which one thing is bad, so
// that a case the server wrongly accepted would write (and be caught).
// Ids that exist are used (station 2, a notice and a token made for the
// purpose, a separate target user for /users/{id}: never the tester,
// whose session the suite needs), and ids that do not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, api } from './lib.mjs';
import {
  loadOps, makeFixture, actorFor, rawActorFor, existingPath, validBody, example, MISSING,
  baseline, assertNothingWritten,
} from '../security/routes.mjs';

let srv;
let ops;  // the routes of openapi.json
let fx;   // users, sessions and ids (tests/security/routes.mjs)

const SANITIZER = /AddressSanitizer|runtime error|LeakSanitizer|ThreadSanitizer/;
const MiB = 1024 * 1024;

before(async () => {
  srv = await startServer();
  fx = await makeFixture(srv, 'be');
  ops = await loadOps(srv.base);
  assert.ok(ops.length >= 40, `only ${ops.length} routes`);
});

after(async () => {
  if (!srv) return;
  const health = await api(srv.base, 'GET', '/api/v1/health');
  assert.equal(health.status, 200, 'the server is healthy after the suite');
  const r = await srv.stop();
  assert.equal(r.code, 0, 'the server exits 0: ' + r.stderr.slice(-4000));
  assert.doesNotMatch(r.stderr, SANITIZER, r.stderr.slice(-4000));
});

// ---------------------------------------------------------------- helpers

/** Values of the wrong type for a property of schema s. */
function wrongTypes(s) {
  const any = [12345, -1.5, true, 'text', {}, [], null];
  const ok = (v) => {
    if (v === null) return !s.nullable;
    if (Array.isArray(v)) return s.type !== 'array';
    if (typeof v === 'object') return s.type !== 'object';
    if (typeof v === 'number') return !['integer', 'number'].includes(s.type) || (s.type === 'integer' && !Number.isInteger(v));
    if (typeof v === 'boolean') return s.type !== 'boolean';
    return s.type !== 'string';
  };
  const out = any.filter(ok);
  if (s.type === 'integer') out.push('1', 1.5);
  if (s.type === 'array' && s.items) {
    out.push(wrongTypes(s.items).slice(0, 2));           // wrong item types
    if (s.maxItems) out.push(Array(s.maxItems + 1).fill(example(s.items)));
    if (s.items.type === 'object') out.push([{ ...example(s.items), zz_unknown: 1 }]);
  }
  if (s.enum) out.push('not_in_enum');
  if (s.format === 'date') out.push('2026-13-45', '2026-02-30', 'yesterday');
  return out;
}

const BAD_UTF8 = '\u0001BAD_UTF8\u0001';

/** The body as bytes: JSON, with BAD_UTF8 replaced by raw 0xff 0xfe. */
function encode(body) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const marker = JSON.stringify(BAD_UTF8).slice(1, -1);
  if (!text.includes(marker)) return text;
  const parts = text.split(marker);
  const chunks = [];
  parts.forEach((p, i) => {
    if (i) chunks.push(Buffer.from([0x61, 0xff, 0xfe, 0x62]));
    chunks.push(Buffer.from(p, 'utf8'));
  });
  return Buffer.concat(chunks);
}

/** The bad bodies for a route: [label, body (object|string|Buffer)]. */
function badBodies(o) {
  const s = o.schema;
  const base = validBody(o, fx.ids);
  const cases = [];
  const props = Object.entries(s.properties || {});
  for (const [name, ps] of props) {
    for (const v of wrongTypes(ps)) cases.push([`${name}: wrong type ${JSON.stringify(v).slice(0, 40)}`, { ...base, [name]: v }]);
    if (ps.type === 'string') {
      cases.push([`${name}: 100,000 characters`, { ...base, [name]: 'x'.repeat(100000) }]);
      cases.push([`${name}: 100,000 Chinese characters`, { ...base, [name]: '字'.repeat(100000) }]);
      cases.push([`${name}: invalid UTF-8`, encode({ ...base, [name]: BAD_UTF8 })]);
      cases.push([`${name}: NUL`, { ...base, [name]: 'a\u0000b' }]);
      cases.push([`${name}: only NUL`, { ...base, [name]: '\u0000' }]);
      cases.push([`${name}: lone surrogate`, JSON.stringify({ ...base, [name]: 'LONE' }).replace('"LONE"', '"a\\ud800b"')]);
    }
    if (ps.type === 'array' && ps.items && ps.items.type === 'string') {
      cases.push([`${name}[0]: 100,000 characters`, { ...base, [name]: ['x'.repeat(100000)] }]);
      cases.push([`${name}[0]: invalid UTF-8`, encode({ ...base, [name]: [BAD_UTF8] })]);
      cases.push([`${name}[0]: NUL`, { ...base, [name]: ['a\u0000b'] }]);
    }
    if (ps.type === 'array' && ps.items && ps.items.type === 'integer') {
      for (const n of ['-1', '0', '9223372036854775808', '-9223372036854775809', '1e400']) {
        cases.push([`${name}[0]: ${n}`, JSON.stringify({ ...base, [name]: ['N'] }).replace('["N"]', `[${n}]`)]);
      }
    }
    if (ps.type === 'integer' || ps.type === 'number') {
      const nums = ['9223372036854775808', '-9223372036854775809', '18446744073709551616', '1e400', '-1e400', '-0.5'];
      // A fraction is wrong for an integer; a number may take one (3.5 学时).
      if (ps.type === 'integer') nums.push('0.5');
      if (!(ps.minimum < 0)) nums.push('-1');
      if (ps.minimum !== undefined && ps.minimum > -2147483648) nums.push(String(ps.minimum - 1));
      if (ps.maximum !== undefined) nums.push(String(ps.maximum + 1));
      for (const n of nums) cases.push([`${name}: ${n}`, JSON.stringify({ ...base, [name]: 'N' }).replace('"N"', n)]);
    }
    if (ps.type === 'string' && ps.maxLength) cases.push([`${name}: maxLength + 1`, { ...base, [name]: 'y'.repeat(ps.maxLength + 1) }]);
    cases.push([`${name}: 100-level nesting`, JSON.stringify({ ...base, [name]: 'N' }).replace('"N"', '['.repeat(100) + ']'.repeat(100))]);
  }
  for (const name of s.required || []) {
    const b = { ...base };
    delete b[name];
    cases.push([`missing required ${name}`, b]);
  }
  if ((s.required || []).length) cases.push(['empty object (required fields missing)', {}]);
  cases.push(['an unknown field', { ...base, zz_unknown: 'x' }]);
  cases.push(['an unknown field holding 100-level nesting', JSON.stringify({ ...base, zz_unknown: 'N' }).replace('"N"', '{"a":'.repeat(100) + '1' + '}'.repeat(100))]);
  cases.push(['__proto__ field', JSON.stringify(base).replace(/^\{/, '{"__proto__":{"admin":true},')]);
  cases.push(['100-level nested arrays', '['.repeat(100) + ']'.repeat(100)]);
  cases.push(['100-level nested objects', '{"a":'.repeat(100) + '1' + '}'.repeat(100)]);
  cases.push(['an empty body', '']);
  cases.push(['whitespace only', '  \n ']);
  cases.push(['a JSON array', [base]]);
  cases.push(['null', 'null']);
  cases.push(['a string', '"x"']);
  cases.push(['a number', '12']);
  cases.push(['truncated JSON', JSON.stringify(base).slice(0, -1)]);
  cases.push(['trailing garbage', JSON.stringify(base) + 'x']);
  cases.push(['single quotes', JSON.stringify(base).replace(/"/g, "'")]);
  cases.push(['invalid UTF-8 outside strings', Buffer.concat([Buffer.from(JSON.stringify(base)), Buffer.from([0xff, 0xfe])])]);
  return cases;
}

/** Asserts a 4xx with the JSON error model. */
function assertRefused(r, what, { not401 = true } = {}) {
  const where = `${what}: ${r.status} ${String(r.text).slice(0, 300)}`;
  assert.ok(r.status >= 400 && r.status <= 499, 'a 4xx: ' + where);
  if (not401) assert.ok(r.status !== 401 && r.status !== 403, 'refused for the input, not for the caller: ' + where);
  const ct = (r.headers.get ? r.headers.get('content-type') : r.headers['content-type']) || '';
  assert.match(ct, /^application\/json/, 'JSON: ' + where);
  assert.ok(r.body && typeof r.body === 'object' && r.body.error, 'the error model: ' + where);
  assert.equal(typeof r.body.error.code, 'string', where);
  assert.ok(r.body.error.code.length > 0, where);
  assert.equal(typeof r.body.error.message, 'string', where);
  assert.ok(r.body.error.message.length > 0, where);
  assert.doesNotMatch(r.body.error.message, /SELECT|INSERT|UPDATE |sqlite|postgres|\.c:\d+/i, where);
}

/** Asserts an answer that is not a server error: a 2xx/4xx in JSON (or
 *  the file a download route answers with). */
function assertNotServerError(r, what, o = {}) {
  const where = `${what}: ${r.status} ${String(r.text).slice(0, 300)}`;
  assert.ok(r.status < 500, 'never a 5xx: ' + where);
  if (o.download && r.status === 200) return;
  assert.ok(r.body && typeof r.body === 'object', 'JSON: ' + where);
  if (r.status >= 400) assertRefused(r, what, { not401: false });
}

/**
 * One request over a plain socket (raw bytes, large and chunked bodies).
 * After the head of a request with a declared length it waits up to a
 * second for an early answer, then writes
 * the body a piece at a time, stopping as soon as an answer has come: the
 * server answers a declared 10 MB body with 413 before reading it and
 * closes, which a client still writing sees only as EPIPE (node then
 * drops the answer unread). size (with chunked) sends that many bytes of
 * "a" with Transfer-Encoding: chunked. Resolves to {status, headers,
 * text, body}; rejects when the connection ends without an answer.
 */
function raw(base, { method, path, headers = {}, body = Buffer.alloc(0), size = 0, chunked = false, auth }) {
  const u = new URL(base);
  const h = { host: u.host, connection: 'close', ...headers };
  if (auth) {
    h.cookie = auth.cookie;
    if (method !== 'GET') h['x-csrf-token'] = auth.csrf;
  }
  if (chunked) h['transfer-encoding'] = 'chunked';
  else h['content-length'] = String(body.length);
  const head = `${method} ${path} HTTP/1.1\r\n` + Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\r\n') + '\r\n\r\n';
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(u.port), u.hostname);
    let got = Buffer.alloc(0);
    let answer = null;
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`${method} ${path}: no answer in 60 s`)); }, 60000);
    const parse = () => {
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return null;
      const lines = got.subarray(0, end).toString('latin1').split('\r\n');
      const status = Number(lines[0].split(' ')[1]);
      const hs = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        hs[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      const len = Number(hs['content-length'] || 0);
      if (got.length < end + 4 + len) return null;
      const text = got.subarray(end + 4, end + 4 + len).toString('utf8');
      let parsed = text;
      try { parsed = JSON.parse(text); } catch { /* not JSON */ }
      return { status, headers: hs, text, body: parsed };
    };
    const finish = () => {
      clearTimeout(timer);
      sock.destroy();
      if (answer) resolve(answer);
      else reject(new Error(`${method} ${path}: connection closed without an answer (${got.length} bytes)`));
    };
    let early;
    const first = new Promise((res) => { early = res; });
    sock.on('data', (c) => {
      got = Buffer.concat([got, c]);
      early();
      if (!answer && (answer = parse())) finish();
    });
    sock.on('error', () => finish());
    sock.on('close', () => finish());
    sock.on('connect', async () => {
      const write = (b) => new Promise((res) => { if (sock.write(b)) setImmediate(res); else sock.once('drain', res); });
      await write(head);
      if (!chunked && body.length) await Promise.race([first, new Promise((res) => setTimeout(res, 1000))]);
      const piece = 64 * 1024;
      if (chunked) {
        const data = Buffer.alloc(piece, 0x61);
        for (let sent = 0; sent < size && !answer && !sock.destroyed; sent += piece) {
          await write(Buffer.concat([Buffer.from(piece.toString(16) + '\r\n'), data, Buffer.from('\r\n')]));
        }
        if (!answer && !sock.destroyed) await write('0\r\n\r\n');
      } else {
        for (let off = 0; off < body.length && !answer && !sock.destroyed; off += piece) {
          await write(body.subarray(off, off + piece));
        }
      }
    });
  });
}

/** Collects failed cases so that one bug does not hide the others. */
function collector() {
  const problems = [];
  let n = 0;
  return {
    check(fn) {
      n++;
      try { fn(); } catch (e) { problems.push(e.message.split('\n')[0]); }
    },
    async nothingWritten(b, what) {
      try { await assertNothingWritten(srv.base, fx, b, what); } catch (e) { problems.push(e.message.split('\n')[0] + ' ' + JSON.stringify(e.actual || '').slice(0, 600)); }
    },
    done(min = 1) {
      assert.ok(n >= min, `only ${n} cases`);
      assert.deepEqual(problems.slice(0, 40), [], `${problems.length} of ${n} cases failed`);
    },
  };
}

async function send(o, path, body, extra = {}) {
  const auth = actorFor(o, fx);
  const headers = { 'content-type': 'application/json', ...extra };
  return api(srv.base, o.method, path, body, headers, auth);
}

// ----------------------------------------------------------------- tests

test('the walk covers every route, and each has a caller', () => {
  for (const o of ops) actorFor(o, fx);
  const withBody = ops.filter((o) => o.schema);
  assert.ok(withBody.length >= 15, `${withBody.length} routes with a body`);
});

test('bad bodies on every route with a requestBody: 4xx, the error model, no write', async () => {
  const b = await baseline(srv.base, fx);
  const c = collector();
  for (const o of ops.filter((x) => x.schema)) {
    const path = existingPath(o, fx.ids);
    for (const [label, body] of badBodies(o)) {
      const r = await send(o, path, body);
      c.check(() => assertRefused(r, `${o.method} ${path} ${label}`));
    }
  }
  await c.nothingWritten(b, 'bad bodies');
  c.done(500);
});

test('a 10 MB body is 413 on every route, declared or chunked', async () => {
  const b = await baseline(srv.base, fx);
  const c = collector();
  const big = Buffer.alloc(10 * MiB, 0x61);
  const J = { 'content-type': 'application/json' };
  for (const o of ops) {
    const path = existingPath(o, fx.ids);
    const auth = rawActorFor(o, fx);
    if (o.upload) {
      // A file may be larger (SGZ_MAX_UPLOAD, 50 MB): one byte over it.
      const over = await raw(srv.base, { method: o.method, path, headers: { 'content-type': 'text/csv' }, body: Buffer.alloc(50 * MiB + 1, 0x61), auth });
      c.check(() => { assert.equal(over.status, 413, `${o.method} ${path} 50 MB + 1: ${over.status}`); assertRefused(over, `${o.method} ${path} 50 MB + 1`); });
      continue;
    }
    const r = await raw(srv.base, { method: o.method, path, headers: J, body: big, auth });
    c.check(() => { assert.equal(r.status, 413, `${o.method} ${path} 10 MB: ${r.status}`); assertRefused(r, `${o.method} ${path} 10 MB`); });
    if (o.schema) {
      const ch = await raw(srv.base, { method: o.method, path, headers: J, size: 10 * MiB, chunked: true, auth });
      c.check(() => { assert.equal(ch.status, 413, `${o.method} ${path} 10 MB chunked: ${ch.status} ${ch.text}`); assertRefused(ch, `${o.method} ${path} 10 MB chunked`); });
    }
  }
  // Just over the default limit (1 MiB), valid JSON throughout.
  const o = ops.find((x) => x.method === 'POST' && x.path === '/api/v1/stations');
  const body = Buffer.from(JSON.stringify({ ...validBody(o, fx.ids), address: 'x'.repeat(MiB) }));
  const r = await raw(srv.base, { method: 'POST', path: o.path, headers: J, body, auth: fx.actors.tester.raw });
  c.check(() => assert.equal(r.status, 413, r.text));
  await c.nothingWritten(b, '10 MB bodies');
  c.done(40);
});

test('bad files on every upload route: refused, or a job that fails with the reason; nothing written', async () => {
  const b = await baseline(srv.base, fx);
  const c = collector();
  const files = [
    ['empty', Buffer.alloc(0)],
    ['binary', Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0xfd])],
    ['UTF-16', Buffer.from('\ufeff姓名\n张三\n', 'utf16le')],
    ['not a zip', Buffer.from('PK\x03\x04' + 'x'.repeat(100))],
    ['no header', Buffer.from('a,b,c\n1,2,3\n')],
    ['header only', Buffer.from('姓名,身份证号\n')],
    ['unclosed quote', Buffer.from('姓名,备注\n"张三,x\n')],
    ['1 MB of invalid UTF-8 and GBK', Buffer.alloc(MiB, 0xff)],
    ['a 100,000-character cell', Buffer.from('姓名\n' + '张'.repeat(100000) + '\n')],
  ];
  for (const o of ops.filter((x) => x.upload)) {
    const path = existingPath(o, fx.ids);
    for (const mode of ['dry_run', 'import']) {
      for (const [label, data] of files) {
        const r = await send(o, `${path}?mode=${mode}&station_id=2`, data, { 'content-type': 'text/csv' });
        const what = `${o.method} ${path} ${mode} ${label}`;
        if (r.status !== 202) {
          c.check(() => assertRefused(r, what));
          continue;
        }
        let job;
        for (let i = 0; i < 300; i++) {
          job = await api(srv.base, 'GET', `/api/v1/client_imports/${r.body.id}`, undefined, {}, actorFor(o, fx));
          if (job.body.status !== 'running') break;
          await new Promise((res) => setTimeout(res, 50));
        }
        c.check(() => {
          const res = job.body.result;
          assert.ok(res, `${what}: a result`);
          assert.equal(res.inserted + res.updated, 0, `${what}: nothing written`);
          assert.ok(res.error || res.bad > 0, `${what}: the reason: ${JSON.stringify(res).slice(0, 300)}`);
          const msg = res.error ? res.error.message : res.errors[0].message;
          assert.match(msg, /[\u4e00-\u9fff]/, `${what}: a reason in Chinese`);
        });
      }
    }
  }
  await c.nothingWritten(b, 'bad files');
  c.done(10);
});

test('query-string junk on every route: unknown parameters, bad paging, %FF', async () => {
  const b = await baseline(srv.base, fx);
  const c = collector();
  // Reads also on the tester's own record (writes never: see existingPath).
  const walk = ops.map((o) => [o, existingPath(o, fx.ids)]);
  for (const o of ops.filter((x) => x.method === 'GET' && x.path === '/api/v1/users/{id}')) walk.push([o, o.path.replace('{id}', fx.ids.tester)]);
  for (const [o, path] of walk) {
    const names = o.query;
    const body = o.schema ? validBody(o, fx.ids) : undefined;
    const refused = ['zz_unknown=1', 'limit=-1', 'limit=99999999999999999999', 'page=abc', '%FF=1', 'zz=%FF', 'a%00b=1'];
    for (const n of names) refused.push(`${n}=%FF`, `${n}=a%FF%FEb`, `${n}=${'q'.repeat(5000)}`);
    if (names.includes('limit')) refused.push('limit=abc', 'limit=1.5', 'limit=1e3', 'limit=0', 'limit=%2B1%2B');
    if (names.includes('page')) refused.push('page=-1', 'page=0', 'page=99999999999999999999');
    for (const q of refused) {
      const r = await send(o, `${path}?${q}`, body);
      c.check(() => assertRefused(r, `${o.method} ${path}?${q.slice(0, 60)}`));
    }
    // Values that are strange but may be a valid filter: never a 5xx.
    const odd = ["'", "'%20OR%20'1'%3D'1", '1;--', '%00', '-1', '0', '201', '99999999999999999999', '%E5%AD%97', '', '%20', '..%2F..', '%25s%25n', '$%7B7*7%7D', '%5B%5D'];
    for (const n of names) {
      for (const v of odd) {
        const r = await send(o, `${path}?${n}=${v}`, body);
        c.check(() => assertNotServerError(r, `${o.method} ${path}?${n}=${v}`, o));
      }
      const twice = await send(o, `${path}?${n}=1&${n}=2`, body);
      c.check(() => assertNotServerError(twice, `${o.method} ${path}?${n} twice`, o));
    }
  }
  await c.nothingWritten(b, 'query junk');
  c.done(300);
});

test('path parameters that name nothing: 4xx, no write', async () => {
  const b = await baseline(srv.base, fx);
  const c = collector();
  for (const o of ops.filter((x) => x.path.includes('{'))) {
    for (const bad of MISSING) {
      const path = o.path.replace(/\{[a-z_]+\}/g, bad);
      const body = o.schema ? validBody(o, fx.ids) : undefined;
      const r = await send(o, path, body);
      c.check(() => assertRefused(r, `${o.method} ${path.slice(0, 80)}`));
    }
  }
  await c.nothingWritten(b, 'missing ids');
  c.done(100);
});

test('the tester is untouched and the server healthy', async () => {
  const me = await api(srv.base, 'GET', '/api/v1/session');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.status, 'active');
  const h = await api(srv.base, 'GET', '/api/v1/health');
  assert.equal(h.status, 200);
});
