// sqlmap against every route of GET /api/v1/openapi.json (--full) or a
// fixed sample of them (--short), authenticated, on a sanitizer-built
// server of its own (tests/api/lib.mjs: demo database, SQLite unless
// SGZ_TEST_BACKEND=postgres). Every injection point is marked with
// sqlmap's custom marker '*': each path parameter (with an id that
// exists), each query parameter the route declares (with a plausible
// value), each string and integer in a JSON body the route accepts, and
// in --full a few headers (the session cookie, a bearer token, the
// User-Agent a login stores).
//
// A route fails when sqlmap reports an injection point, when any answer
// was a 5xx, or when sqlmap did not finish; the run fails when the
// server does not stop cleanly (exit 0, no sanitizer report).
//
//   node tests/security/sqlmap.mjs --short|--full [--out DIR] [--only NAME]
//
// Prints one line per route and ends with "sqlmap: N passed, N failed".
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readFileSync, existsSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, login, session, addUser, TEST_PASSWORD2, BACKEND } from '../api/lib.mjs';
import { loadOps, makeFixture, existingPath, validBody } from './routes.mjs';

const args = process.argv.slice(2);
const full = args.includes('--full');
const outIdx = args.indexOf('--out');
const OUT = outIdx >= 0 ? args[outIdx + 1] : new URL('../out/security/sqlmap', import.meta.url).pathname;
const onlyIdx = args.indexOf('--only');
const ONLY = onlyIdx >= 0 ? args[onlyIdx + 1] : null;
const SQLMAP = process.env.SQLMAP || 'sqlmap';

// --short: modest level and risk, no time-based technique (a loaded
// 2-core machine makes timing noisy), a cap per route.
// --full: the highest level and risk, every technique, generous caps.
const SHORT = { level: 2, risk: 2, technique: 'BEUS', cap: 150 };
const FULL = { level: 5, risk: 3, technique: 'BEUSTQ', cap: 3600 };
const mode = { ...(full ? FULL : SHORT) };
// Overrides, for trying things out: SGZ_SQLMAP_LEVEL, _RISK, _TECHNIQUE.
if (process.env.SGZ_SQLMAP_LEVEL) mode.level = Number(process.env.SGZ_SQLMAP_LEVEL);
if (process.env.SGZ_SQLMAP_RISK) mode.risk = Number(process.env.SGZ_SQLMAP_RISK);
if (process.env.SGZ_SQLMAP_TECHNIQUE) mode.technique = process.env.SGZ_SQLMAP_TECHNIQUE;

/**
 * The --short sample: a fixed list, documented in tests/security/README.md.
 * Together they cover list filters and ORDER BY (sort/order), a path id,
 * a JSON create, a JSON update with optimistic locking, the audit filters
 * (ten query parameters, dates) and the login.
 */
const SHORT_SAMPLE = [
  'GET /api/v1/stations',
  'GET /api/v1/stations/{id}',
  'POST /api/v1/stations',
  'PATCH /api/v1/stations/{id}',
  'GET /api/v1/audit',
  'POST /api/v1/session',
];
// The login hashes a password (argon2id) per attempt: slow under the
// sanitizers, so in --short it gets level 1.
const SHORT_LEVEL = { 'POST /api/v1/session': { level: 1, risk: 1 } };

/** Plausible values for query parameters, by name (and route). */
function queryValue(path, name) {
  const v = {
    region: '430223', type: 'township_station', status: 'active', sort: 'region', order: 'asc',
    limit: '20', page: '1', parent: '430223', after: '430223001', actor: 'tester',
    action: 'station.update', entity: 'station', entity_id: '2', result: 'ok',
    from: '2026-06-01', to: '2026-06-30',
  };
  if (name === 'kind') return path.includes('audit') ? 'operation' : 'client_category';
  // The dashboard takes a station or a region, not both: the county's year.
  if (path === '/api/v1/dashboard') return { region: '430223', year: '2026', station_id: '', from: '', to: '' }[name] ?? 'x';
  return name in v ? v[name] : 'x';
}

/** The JSON text of body with every string and integer marked '*'. */
function markedJson(body) {
  const text = JSON.stringify(body, (k, v) => (typeof v === 'number' ? `@@NUM@@${v}@@` : typeof v === 'string' ? `${v}*` : v));
  return text.replace(/"@@NUM@@(-?\d+(?:\.\d+)?)@@\*?"/g, '$1*');
}

let fx;
let srv;

let own = 0;

/**
 * The user whose session a route uses (a fresh session for each route).
 * Routes on the caller's own session, password, second factor or tokens
 * get a user of their own, made for the route: sqlmap may change its
 * password, lock it with wrong codes or end its sessions, and no other
 * route is hurt. Others use the fixture's user that holds the permission
 * (the tester, sq_sec or sq_aud; sq_county for the reports).
 */
function userFor(o) {
  const perm = o.permission;
  if (perm === 'public') return 'tester';
  if (perm === 'login' || perm === 'session') {
    const name = `sq_own${++own}`;
    addUser(srv, name, 'social_worker', 'all');
    return { name, fresh: true };
  }
  // The fixture's report is the county's draft, its county bureau's.
  if (o.path.startsWith('/api/v1/reports') && fx.table.bureau.has(perm)) return fx.actors.county.username;
  for (const [name, a] of Object.entries(fx.actors)) {
    if (a.roles.some((r) => fx.table[r] && fx.table[r].has(perm))) return name === 'tester' ? 'tester' : a.username;
  }
  throw new Error(`no user for ${o.method} ${o.path}`);
}

async function freshSession(user) {
  if (typeof user === 'object') {
    // First login: the password change it requires.
    const auth = await session(srv.base, user.name);
    user.fresh = false;
    return auth;
  }
  const l = await login(srv.base, user, TEST_PASSWORD2);
  if (l.status !== 200) throw new Error(`login ${user}: ${l.status} ${JSON.stringify(l.body)}`);
  return { cookie: l.cookie, csrf: l.csrf };
}

/** The name to log in with again. */
const nameOf = (user) => (typeof user === 'object' ? user.name : user);

/** sqlmap's target for a route: {name, url, method, data, headers, evalCode, user, extra}. */
async function targetFor(o) {
  const name = `${o.method} ${o.path}`;
  let path = existingPath(o, fx.ids);
  const user = userFor(o);
  const auth = await freshSession(user);
  if (o.path === '/api/v1/session/sessions/{id}' || o.path === '/api/v1/online/{id}') {
    // A session that may be ended: a second one of the route's user, or
    // for /online/{id} a fresh one of the spare user.
    const victim = o.path.startsWith('/api/v1/online/') ? await freshSession('sq_spare') : await freshSession(nameOf(user));
    const list = await api(srv.base, 'GET', '/api/v1/session/sessions', undefined, {}, victim);
    path = o.path.replace('{id}', list.body.items.find((x) => x.current).id);
  }
  if (o.path === '/api/v1/session/tokens/{id}') {
    const t = await api(srv.base, 'POST', '/api/v1/session/tokens',
      { name: 'sqlmap-victim', permissions: ['station.read'], expires_on: '2026-12-31' }, {}, auth);
    path = o.path.replace('{id}', t.body.id);
  }
  if (o.path === '/api/v1/clients/{id}/merge') {
    // The first request that passes merges the record away: a record
    // made to be merged.
    const v = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '合并对象', sex: 'F', birth_date: '1961-06-06' }, {}, auth);
    path = o.path.replace('{id}', v.body.id);
  }
  // Mark the path parameters: the segments a {param} stood in.
  const tpl = o.path.split('/');
  const real = path.split('/');
  const markedPath = real.map((seg, i) => (tpl[i] && tpl[i].startsWith('{') ? `${seg}*` : seg)).join('/');
  const query = o.query.map((n) => `${n}=${encodeURIComponent(queryValue(o.path, n))}*`).join('&');
  const url = srv.base + markedPath + (query ? `?${query}` : '');
  let data = null;
  let evalCode = null;
  if (o.schema) {
    const body = { ...validBody(o, fx.ids) };
    if (o.path === '/api/v1/session') Object.assign(body, { username: 'nobody_here', password: 'Wrong-Passw0rd' });
    // The same password again: nothing changes even when it is accepted.
    if (o.path === '/api/v1/session/password') Object.assign(body, { current_password: TEST_PASSWORD2, new_password: TEST_PASSWORD2 });
    data = markedJson(body);
    if ('version' in body && o.method === 'PATCH') {
      // Optimistic locking: each request carries the record's current
      // version (read before it), so that updates keep reaching the store.
      const getUrl = srv.base + path;
      // (No other names: sqlmap adds every new int or string to the body.)
      evalCode = `import json,urllib.request as u\nversion=json.load(u.urlopen(u.Request('${getUrl}',headers={'Cookie':'${auth.cookie}'})))['version'] if isinstance(globals().get('version'),int) else globals().get('version')`;
    }
  }
  const marks = (markedPath.match(/\*/g) || []).length + (query.match(/\*/g) || []).length + ((data || '').match(/\*/g) || []).length;
  // A failed login is 401: the answer sqlmap compares, not a lost session.
  // On a route's own user, wrong codes may lock it: 401 is an answer too.
  // A DELETE ends its record at the first request, a merge merges it
  // away: 404 after that.
  const ignore = [];
  if (o.path === '/api/v1/session' || ['login', 'session'].includes(o.permission)) ignore.push(401);
  if (o.method === 'DELETE' || o.path.endsWith('/merge')) ignore.push(404);
  const extra = ignore.length ? [`--ignore-code=${ignore.join(',')}`] : [];
  return { name, url, method: o.method, data, headers: [`Cookie: ${auth.cookie}`, `X-CSRF-Token: ${auth.csrf}`], evalCode, marks, user: nameOf(user), extra };
}

/** Header targets (--full): values the server reads from headers. */
async function headerTargets() {
  const tester = await freshSession('tester');
  const token = await api(srv.base, 'POST', '/api/v1/session/tokens',
    { name: 'sqlmap', permissions: ['station.read'], expires_on: '2026-12-31' }, {}, tester);
  const bearer = token.body.token || token.body.secret || 'x';
  return [
    { name: 'header Cookie (GET /api/v1/session)', url: `${srv.base}/api/v1/session`, method: 'GET', headers: [`Cookie: ${tester.cookie}*`], marks: 1, extra: ['--ignore-code=401'] },
    { name: 'header Authorization (GET /api/v1/stations)', url: `${srv.base}/api/v1/stations`, method: 'GET', headers: [`Authorization: Bearer ${bearer}*`], marks: 1, extra: ['--ignore-code=401'] },
    { name: 'header User-Agent (POST /api/v1/session, stored with the session)', url: `${srv.base}/api/v1/session`, method: 'POST', data: JSON.stringify({ username: 'sq_spare', password: TEST_PASSWORD2 }), headers: ['User-Agent: Mozilla/5.0 sgz-probe', 'Content-Type: application/json'], marks: 1, extra: ['-p', 'User-Agent', '--ignore-code=401'] },
    { name: 'header X-CSRF-Token (PATCH /api/v1/stations/{id})', url: `${srv.base}/api/v1/stations/3`, method: 'PATCH', data: '{"address":"x","version":1}', headers: [`Cookie: ${tester.cookie}`, `X-CSRF-Token: ${tester.csrf}*`, 'Content-Type: application/json'], marks: 1 },
    { name: 'header If-Match (PATCH /api/v1/stations/{id})', url: `${srv.base}/api/v1/stations/3`, method: 'PATCH', data: '{"address":"y"}', headers: [`Cookie: ${tester.cookie}`, `X-CSRF-Token: ${tester.csrf}`, 'If-Match: "1"*', 'Content-Type: application/json'], marks: 1 },
    { name: 'header Accept-Language (GET /api/v1/stations/{id})', url: `${srv.base}/api/v1/stations/3`, method: 'GET', headers: [`Cookie: ${tester.cookie}`, 'Accept-Language: en*'], marks: 1 },
  ];
}

/** Runs sqlmap on one target; resolves to {ok, reason, seconds, codes}. */
function runSqlmap(t, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const level = (!full && !process.env.SGZ_SQLMAP_LEVEL && SHORT_LEVEL[t.name]) || mode;
  const a = [
    '-u', t.url, '--method', t.method, '--batch', '--flush-session', '--disable-coloring',
    '--output-dir', dir, '--level', String(level.level), '--risk', String(level.risk),
    '--technique', mode.technique, '--skip-waf', '--timeout', '15', '--retries', '1',
    // After a candidate, sqlmap would narrow the rest of the run to the
    // DBMS it guessed: keep every payload.
    '--answers', 'follow=N,keep testing=Y,skip test payloads=N',
  ];
  for (const h of t.headers) a.push('-H', h);
  if (t.data !== null && t.data !== undefined) a.push('--data', t.data);
  if (t.evalCode) a.push('--eval', t.evalCode);
  a.push(...(t.extra || []));
  writeFileSync(join(dir, 'command.txt'), [SQLMAP, ...a].map((x) => JSON.stringify(x)).join(' ') + '\n');
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(SQLMAP, a, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TERM: 'dumb' } });
    let out = '';
    const file = createWriteStream(join(dir, 'sqlmap.txt'));
    const take = (c) => { out += c; file.write(c); };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGTERM'); setTimeout(() => child.kill('SIGKILL'), 5000); }, mode.cap * 1000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      file.end();
      const seconds = Math.round((Date.now() - t0) / 100) / 10;
      const found = [];
      // sqlmap's verdicts: a confirmed point ("is vulnerable", "identified
      // the following injection point"); a candidate it then checks and
      // rejects ("appears to be … injectable", then "false positive") is
      // not one, but is reported.
      for (const re of [/identified the following injection point/i, /\bis vulnerable\b/i]) {
        const m = re.exec(out);
        if (m) found.push(out.slice(Math.max(0, m.index - 200), m.index + 300).trim());
      }
      // sqlmap's per-host log holds the injection points it confirmed.
      const log = join(dir, '127.0.0.1', 'log');
      if (existsSync(log) && readFileSync(log, 'utf8').trim()) found.push('log: ' + readFileSync(log, 'utf8').slice(0, 500));
      const codes = {};
      const block = /HTTP error codes detected during run:\n((?:.*\(.*\) - \d+ times.*\n?)+)/.exec(out);
      if (block) for (const m of block[1].matchAll(/(\d{3}) \([^)]*\) - (\d+) times/g)) codes[m[1]] = Number(m[2]);
      const requests = (out.match(/\[INFO\] testing '/g) || []).length;
      const server5xx = Object.keys(codes).filter((c) => c >= '500');
      let reason = null;
      if (found.length) reason = 'INJECTION: ' + found.join(' | ');
      else if (server5xx.length) reason = `server errors: ${server5xx.map((c) => `${c}×${codes[c]}`).join(', ')}`;
      else if (timedOut) reason = `did not finish in ${mode.cap} s`;
      else if (!/all tested parameters do not appear to be injectable/.test(out)) {
        const last = [...out.matchAll(/\[(?:CRITICAL|ERROR)\][^\n]*/g)].pop();
        reason = `sqlmap did not finish its tests (exit ${code})${last ? ': ' + last[0] : ''}`;
      }
      const xss = /might be vulnerable to cross-site scripting/.test(out);
      const rejected = (out.match(/false positive or unexploitable injection point detected/g) || []).length;
      resolve({ ok: !reason, reason, seconds, codes, tests: requests, xss, found, rejected });
    });
  });
}

/**
 * The positive control: the same options and markers against
 * tests/security/vulnerable.py, which pastes values into its SQL. sqlmap
 * must find each injection, or the driver is broken.
 */
async function controls() {
  const py = spawn('python3', [new URL('./vulnerable.py', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let buf = '';
    py.stdout.on('data', (c) => { buf += c; const m = /port (\d+)/.exec(buf); if (m) resolve(Number(m[1])); });
    py.on('exit', (code) => reject(new Error(`vulnerable.py exited ${code}`)));
    setTimeout(() => reject(new Error('vulnerable.py did not start')), 10000);
  });
  const base = `http://127.0.0.1:${port}`;
  const targets = [
    { name: 'control: query string', url: `${base}/items?name=apple*`, method: 'GET', headers: [] },
    { name: 'control: JSON body', url: `${base}/items`, method: 'POST', data: '{"name":"apple*"}', headers: ['Content-Type: application/json'] },
    { name: 'control: path', url: `${base}/items/1*`, method: 'GET', headers: [] },
  ];
  let passed = 0;
  let failed = 0;
  for (const t of targets) {
    const r = await runSqlmap(t, join(OUT, t.name.replace(/[^A-Za-z0-9]+/g, '_')));
    if (r.found.length) {
      passed++;
      console.log(`ok    ${t.name}: sqlmap finds the planted injection [${r.seconds} s]`);
    } else {
      failed++;
      console.log(`FAIL  ${t.name}: sqlmap missed the planted injection: the driver is broken [${r.seconds} s]`);
    }
  }
  py.stdin.end();
  return { passed, failed };
}

async function main() {
  const t0 = Date.now();
  mkdirSync(OUT, { recursive: true });
  const control = ONLY ? { passed: 0, failed: 0 } : await controls();
  srv = await startServer();
  fx = await makeFixture(srv, 'sq');
  const ops = await loadOps(srv.base);
  let chosen = full ? ops : SHORT_SAMPLE.map((k) => {
    const o = ops.find((x) => `${x.method} ${x.path}` === k);
    if (!o) throw new Error(`the short sample names a route the server does not have: ${k}`);
    return o;
  });
  if (ONLY) chosen = chosen.filter((o) => `${o.method} ${o.path}`.includes(ONLY));
  // Logging out and ending sessions last: nothing else needs them after.
  chosen.sort((a, b) => (a.method === 'DELETE') - (b.method === 'DELETE'));
  let passed = control.passed;
  let failed = control.failed;
  let skipped = 0;
  const targets = [];
  for (const o of chosen) {
    try {
      targets.push(await targetFor(o));
    } catch (e) {
      failed++;
      console.log(`FAIL  ${o.method} ${o.path}: could not prepare the target: ${e.message}`);
    }
  }
  if (full) targets.push(...(await headerTargets()).filter((t) => !ONLY || t.name.includes(ONLY)));
  console.log(`sqlmap ${full ? '--full' : '--short'} on ${srv.base} (${BACKEND}): ${targets.length} targets, level ${mode.level} risk ${mode.risk} technique ${mode.technique}`);
  for (const t of targets) {
    if (!t.marks) {
      console.log(`skip  ${t.name}: no parameters, no body`);
      skipped++;
      continue;
    }
    if (t.user && !t.name.startsWith('header')) {
      // A fresh session: an earlier route may have ended or changed one.
      let auth;
      try {
        auth = await freshSession(t.user);
      } catch (e) {
        failed++;
        console.log(`FAIL  ${t.name}: ${e.message}`);
        continue;
      }
      t.headers = t.headers.map((h) => h.replace(/^Cookie: .*/, `Cookie: ${auth.cookie}`).replace(/^X-CSRF-Token: .*/, `X-CSRF-Token: ${auth.csrf}`));
      if (t.evalCode) t.evalCode = t.evalCode.replace(/'Cookie':'[^']*'/, `'Cookie':'${auth.cookie}'`);
    }
    const dir = join(OUT, t.name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, ''));
    const r = await runSqlmap(t, dir);
    const codes = Object.entries(r.codes).map(([c, n]) => `${c}×${n}`).join(' ');
    if (r.ok) {
      passed++;
      console.log(`ok    ${t.name} [${t.marks} points, ${r.tests} tests, ${r.seconds} s${codes ? ', ' + codes : ''}${r.xss ? ', sqlmap notes reflected input (JSON, nosniff)' : ''}${r.rejected ? `, ${r.rejected} candidate(s) sqlmap itself rejected as false positives` : ''}]`);
    } else {
      failed++;
      console.log(`FAIL  ${t.name} [${r.seconds} s]: ${r.reason}\n      see ${dir}/sqlmap.txt`);
    }
  }
  const health = await api(srv.base, 'GET', '/api/v1/health');
  const stop = await srv.stop();
  const sanitizer = /AddressSanitizer|runtime error|LeakSanitizer/.test(stop.stderr);
  writeFileSync(join(OUT, 'server.log'), stop.stderr);
  if (health.status !== 200 || stop.code !== 0 || sanitizer) {
    failed++;
    console.log(`FAIL  the server after sqlmap: health ${health.status}, exit ${stop.code}${sanitizer ? ', a sanitizer report' : ''} (see ${join(OUT, 'server.log')})`);
  } else {
    passed++;
    console.log('ok    the server stayed healthy and stopped cleanly (exit 0, no sanitizer report)');
  }
  console.log(`sqlmap took ${Math.round((Date.now() - t0) / 1000)} s${skipped ? `, ${skipped} routes without parameters skipped` : ''}`);
  console.log(`sqlmap: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.log(`FAIL  sqlmap driver: ${e.stack || e}`);
  console.log('sqlmap: 0 passed, 1 failed');
  if (srv) srv.stop().finally(() => process.exit(1));
  else process.exit(1);
});
