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

/** Runs the sgz binary; returns {status, stdout, stderr}. */
export function sgz(args, env = {}) {
  try {
    const stdout = execFileSync(BIN, args, {
      env: { ...process.env, SGZ_NOW: FIXED_NOW, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

/**
 * Starts a server. opts.region (default 430223) makes a demo database;
 * opts.init instead runs `sgz init` with opts.profile; opts.env adds
 * environment. Returns { base, url, db, stop(), log() }.
 */
export async function startServer(opts = {}) {
  const db = freshDatabase();
  const env = { SGZ_DB: db.url, SGZ_KEY_FILE: join(db.dir, 'test.key'), ...opts.env };
  let r;
  if (opts.init) {
    r = sgz(['init', ...(opts.profile ? ['--profile', opts.profile] : [])], env);
  } else {
    r = sgz(['demo', '--region', opts.region || '430223', ...(opts.profile ? ['--profile', opts.profile] : [])], env);
  }
  if (r.status !== 0) throw new Error(`setting up the database failed: ${r.stderr}`);
  const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--access-log', 'off', ...(opts.args || [])], {
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
  return {
    base,
    port,
    db,
    env,
    log: () => stderr,
    /** Stops with SIGTERM; resolves to the exit code. Fails the test run
     *  through the returned code when the sanitizers reported anything. */
    stop: () => new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        db.drop();
        resolve({ code, signal, stderr });
      });
      child.kill('SIGTERM');
    }),
  };
}

/** fetch + JSON: returns { status, headers, body } (body parsed when JSON). */
export async function api(base, method, path, body, headers = {}) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    if (!('content-type' in init.headers)) init.headers['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let parsed = text;
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, body: parsed, text };
}
