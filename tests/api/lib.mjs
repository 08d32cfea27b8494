// Test harness: each suite starts its own sanitizer-built `sgz serve` on
// a free loopback port with a temporary database (SQLite file, or a fresh
// database on the throwaway PostgreSQL cluster of tests/pg.sh), and stops
// it afterwards. The clock is fixed (SGZ_NOW) so that tests never depend
// on today's date.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const BIN = process.env.SGZ_BIN || new URL('../../build-asan/sgz', import.meta.url).pathname;
export const BACKEND = process.env.SGZ_TEST_BACKEND || 'sqlite';
// 2026-06-15T10:00:00+08:00
export const FIXED_NOW = '1781488800';

/** A fresh database URL and a function that removes it. */
export function freshDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'sgz-api-'));
  if (BACKEND !== 'postgres') {
    return { url: join(dir, 'test.db'), dir, drop: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = process.env.SGZ_TEST_PG;
  if (!admin) throw new Error('SGZ_TEST_PG is not set (tests/run.sh sets it)');
  const name = 'sgz_' + randomBytes(6).toString('hex');
  execFileSync('psql', [admin, '-qAtc', `CREATE DATABASE ${name}`]);
  const url = admin.replace(/\/[^/]*$/, '/' + name);
  return {
    url,
    dir,
    drop: () => {
      try { execFileSync('psql', [admin, '-qAtc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]); } catch { /* already gone */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the sgz binary; returns {status, stdout, stderr}. input, when
 *  given, is written to its standard input. */
export function sgz(args, env = {}, input = undefined) {
  try {
    const stdout = execFileSync(BIN, args, {
      // The command line's messages follow the locale: English unless a
      // test asks for another, whatever the shell running the tests uses.
      env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', SGZ_NOW: FIXED_NOW, ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      input,
      encoding: 'utf8',
    });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

// The session api() uses for each server, keyed by its base URL.
const sessions = new Map();

export const TEST_USER = 'tester';
export const TEST_PASSWORD = 'Init-Passw0rd';
export const TEST_PASSWORD2 = 'Daily-Passw0rd';

/** Creates a user with the CLI: roles 'a,b', range 'all' | 'self' |
 *  'region:CODE' | 'stations:1,2'. */
export function addUser(srv, username, roles, range = 'all', password = TEST_PASSWORD, org = undefined) {
  const r = sgz(['user', 'add', username, '--roles', roles, '--range', range, ...(org ? ['--org', String(org)] : []), '--password-stdin'],
    srv.env, password + '\n');
  if (r.status !== 0) throw new Error(`user add ${username}: ${r.stderr}`);
}

/** Logs in; returns { status, body, cookie, csrf }. */
export async function login(base, username, password) {
  const res = await fetch(base + '/api/v1/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.json();
  const set = res.headers.get('set-cookie') || '';
  const m = /sgz_session=([^;]*)/.exec(set);
  return { status: res.status, body, cookie: m ? `sgz_session=${m[1]}` : null, csrf: body.csrf_token, headers: res.headers };
}

/** Logs in as a user created with TEST_PASSWORD, changes the password as
 *  the first login requires, and returns { cookie, csrf } for api(). */
export async function session(base, username, password = TEST_PASSWORD) {
  const first = await login(base, username, password);
  if (first.status !== 200) throw new Error(`login ${username}: ${JSON.stringify(first.body)}`);
  const auth = { cookie: first.cookie, csrf: first.csrf };
  if (first.body.user.must_change_password) {
    const r = await api(base, 'POST', '/api/v1/session/password',
      { current_password: password, new_password: TEST_PASSWORD2 }, {}, auth);
    if (r.status !== 200) throw new Error(`password change ${username}: ${JSON.stringify(r.body)}`);
  }
  return auth;
}

/**
 * Starts a server. opts.region (default 430223) makes a demo database
 * (stations only, `--bare`, unless opts.full: the realistic county);
 * opts.init instead runs `sgz init` with opts.profile; opts.env adds
 * environment. Unless opts.anonymous, a user "tester" (bureau + sysadmin,
 * range all) is created and logged in, and api() uses that session for
 * this server. opts.keepLimits keeps the default login rate limit.
 * Returns { base, url, db, env, stop(), log() }.
 */
export async function startServer(opts = {}) {
  const db = freshDatabase();
  const env = { SGZ_DB: db.url, SGZ_KEY_FILE: join(db.dir, 'test.key'), SGZ_FILES_DIR: join(db.dir, 'files'), ...opts.env };
  let r;
  if (opts.init) {
    r = sgz(['init', ...(opts.profile ? ['--profile', opts.profile] : [])], env);
  } else {
    r = sgz(['demo', '--region', opts.region || '430223', ...(opts.profile ? ['--profile', opts.profile] : []), ...(opts.full ? [] : ['--bare'])], env);
  }
  if (r.status !== 0) throw new Error(`setting up the database failed: ${r.stderr}`);
  if (!opts.keepLimits) {
    // Suites log in many users from one address; the limit has its own test.
    const s = sgz(['setting', 'set', 'login.per_address_per_minute', '100000'], env);
    if (s.status !== 0) throw new Error(`setting: ${s.stderr}`);
  }
  // The access log on, to a file: every request of every suite passes
  // through it, as on a real server (its default is standard error).
  const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--access-log', join(db.dir, 'access.log'), ...(opts.args || [])], {
    env: { ...process.env, SGZ_NOW: FIXED_NOW, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start: ' + stderr)), 20000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${stderr}`)); });
  });
  child.removeAllListeners('exit');
  const base = `http://127.0.0.1:${port}`;
  if (!opts.anonymous) {
    addUser({ env }, TEST_USER, opts.roles || 'bureau,sysadmin', 'all');
    sessions.set(base, await session(base, TEST_USER));
  }
  return {
    base,
    port,
    db,
    env,
    log: () => stderr,
    /** Stops with SIGTERM; resolves to the exit code. Fails the test run
     *  through the returned code when the sanitizers reported anything.
     *  keepDatabase leaves the database for the test to read, and drop. */
    stop: ({ keepDatabase = false } = {}) => new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        sessions.delete(base);
        if (!keepDatabase) db.drop();
        resolve({ code, signal, stderr });
      });
      child.kill('SIGTERM');
    }),
  };
}

/** fetch + JSON: returns { status, headers, body } (body parsed when JSON).
 *  auth: { cookie, csrf } to use, null for none; by default the session
 *  startServer() made for this base, if any. */
export async function api(base, method, path, body, headers = {}, auth = undefined) {
  const init = { method, headers: { ...headers } };
  const a = auth === undefined ? sessions.get(base) : auth;
  if (a && a.cookie) {
    init.headers.cookie = a.cookie;
    if (method !== 'GET' && method !== 'HEAD') init.headers['x-csrf-token'] = a.csrf;
  }
  if (body !== undefined) {
    init.body = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    if (!('content-type' in init.headers)) init.headers['content-type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch(base + path, init);
  } catch (e) {
    // A kept-alive connection the server closed as idle while the test
    // was blocked (spawnSync of the command line, on a loaded machine) is
    // found closed only when reused: a read is sent again, once, on a new
    // one, and so is a write that carries an Idempotency-Key (the server
    // answers a write it already made with what it answered then). A
    // server that is gone fails the second time too.
    const replayable = method === 'GET' || method === 'HEAD' || 'idempotency-key' in init.headers;
    if (!replayable || e?.cause?.code !== 'UND_ERR_SOCKET') throw e;
    res = await fetch(base + path, init);
  }
  const text = await res.text();
  let parsed = text;
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, body: parsed, text };
}
