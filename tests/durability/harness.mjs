// Crash durability: concurrent writers against `sgz serve`, a killer that
// SIGKILLs the server (and, on PostgreSQL, the database server) at random
// moments, a restarter, and a client-side ledger of every write and what
// it got back. check() then compares the ledger with the database.
//
// Node 18 compatible, no npm packages. Used by durability.test.mjs.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, readdirSync, existsSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { BIN, login, TEST_PASSWORD, TEST_PASSWORD2 } from '../api/lib.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const PG_SH = join(ROOT, 'tests/pg.sh');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// What must not outlive this process, even when it is interrupted: the
// current sgz server and the private PostgreSQL cluster.
const live = { servers: new Set(), clusters: new Set(), dirs: new Set() };
process.on('exit', () => {
  for (const srv of live.servers) {
    try { srv.child?.child.kill('SIGKILL'); } catch { /* gone */ }
  }
  for (const c of live.clusters) c.destroy();
  for (const d of live.dirs) rmSync(d, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

/** The environment of every sgz process here: the real clock, not the
 *  API tests' fixed SGZ_NOW. Nothing here depends on the date, and a
 *  frozen clock would hide what the clock drives (the session cache's
 *  lifetime, the idle clock's writes). */
function sgzEnv(env) {
  const e = { ...process.env, ...env };
  delete e.SGZ_NOW;
  return e;
}

/** Runs the sgz binary bin; returns { status, stdout, stderr }. */
function cli(bin, args, env, input) {
  try {
    const stdout = execFileSync(bin, args, {
      env: sgzEnv(env),
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      input,
      encoding: 'utf8',
    });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || String(e) };
  }
}

// --- a seeded random source, so that a schedule can be replayed ------------

export function rng(seed) {
  let s = seed >>> 0 || 1;
  const next = () => {
    // xorshift32
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
  return { next, between: (a, b) => a + (b - a) * next(), chance: (p) => next() < p };
}

/** A free port below the kernel's ephemeral range (32768 and up on
 *  Linux), so that no server started with port 0 by another test can take
 *  it while sgz is down between a kill and its restart. */
export async function freePort() {
  const tryPort = (port) => new Promise((resolve) => {
    const s = createServer();
    s.on('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  for (let i = 0; i < 200; i++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (await tryPort(port)) return port;
  }
  throw new Error('no free port in 20000-31999');
}

// --- the sgz server, restartable on one database and port -----------------

export class SgzServer {
  constructor(bin, env, port) {
    this.bin = bin;
    this.env = env;
    this.port = port;
    this.base = `http://127.0.0.1:${port}`;
    this.child = null;
    this.generation = 0;
    this.unexpected = [];   // exits we did not cause: { generation, code, signal, log }
    this.startFailures = []; // starts that failed without our kill: { generation, log }
    live.servers.add(this);
    this.startMs = [];      // spawn → listening, per start
    this.slowStarts = [];   // starts over 3 s, with their logs
  }

  /** Starts a new process; resolves once it listens. Rejects (after
   *  attempts) when it will not start. */
  async start({ attempts = 20 } = {}) {
    let lastLog = '';
    for (let i = 0; i < attempts; i++) {
      const t0 = Date.now();
      const r = await this.#spawnOnce();
      if (r.ok) {
        const ms = Date.now() - t0;
        this.startMs.push(ms);
        if (ms > 3000) this.slowStarts.push({ generation: this.generation, ms, log: this.child.log.slice(-2000) });
        return;
      }
      lastLog = r.log;
      await sleep(200);
    }
    throw new Error(`sgz serve did not start after ${attempts} attempts:\n${lastLog.slice(-2000)}`);
  }

  #spawnOnce() {
    const gen = ++this.generation;
    const spawnedAt = Date.now();
    const child = spawn(this.bin, ['serve', '--listen', `127.0.0.1:${this.port}`, '--access-log', 'off'], {
      env: sgzEnv(this.env),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const rec = { child, gen, log: '', killed: false, exited: null };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => { rec.log = (rec.log + `[+${Date.now() - spawnedAt} ms] ` + d).slice(-20000); });
    rec.exit = new Promise((resolve) => child.on('exit', (code, signal) => {
      rec.exited = { code, signal };
      if (!rec.killed && rec.listening) {
        this.unexpected.push({ generation: gen, code, signal, log: rec.log.slice(-4000) });
      }
      resolve(rec.exited);
    }));
    this.child = rec;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        rec.killed = true;
        child.kill('SIGKILL');
        this.startFailures.push({ generation: gen, log: (rec.log + '\n(no "listening" within 30 s)').slice(-3000) });
        resolve({ ok: false, log: rec.log + '\n(no "listening" within 30 s)' });
      }, 30000);
      const onData = () => {
        if (/listening on http:\/\//.test(rec.log)) {
          clearTimeout(timer);
          child.stderr.off('data', onData);
          rec.listening = true;
          resolve({ ok: true });
        }
      };
      child.stderr.on('data', onData);
      rec.exit.then((e) => {
        clearTimeout(timer);
        if (!rec.listening) {
          const log = rec.log + `\n(exited: ${JSON.stringify(e)})`;
          if (!rec.killed) this.startFailures.push({ generation: gen, log: log.slice(-3000) });
          resolve({ ok: false, log });
        }
      });
    });
  }

  get running() { return this.child && !this.child.exited; }
  get pid() { return this.child?.child.pid; }

  /** SIGKILL now; resolves when the process is gone. */
  async kill() {
    const rec = this.child;
    if (!rec || rec.exited) return;
    rec.killed = true;
    rec.child.kill('SIGKILL');
    await rec.exit;
  }

  /** Starts a process and kills it after ms, whether or not it listens
   *  yet: a kill during start-up (migrations, opening the pool). */
  async startAndKillSoon(ms) {
    const started = this.#spawnOnce();
    await sleep(ms);
    await this.kill();
    await started;
  }

  /** SIGTERM; resolves to { code, signal, log }. */
  async stop() {
    const rec = this.child;
    if (!rec || rec.exited) return rec ? { ...rec.exited, log: rec.log } : { code: null, signal: null, log: '' };
    rec.killed = true;
    rec.child.kill('SIGTERM');
    const timer = setTimeout(() => rec.child.kill('SIGKILL'), 20000);
    const e = await rec.exit;
    clearTimeout(timer);
    return { ...e, log: rec.log };
  }
}

// --- a private PostgreSQL cluster that may be killed -----------------------

function pgBin() {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
  return `/usr/lib/postgresql/${versions[versions.length - 1]}/bin`;
}

const asOwner = (argv) => (process.getuid && process.getuid() === 0 ? ['runuser', ['-u', 'postgres', '--', ...argv]] : [argv[0], argv.slice(1)]);

export class PgCluster {
  /** tests/pg.sh starts it (fsync off); it is restarted at once with
   *  fsync on, the setting a crash test must run with. */
  static async create() {
    const dir = mkdtempSync(join(tmpdir(), 'sgz-durpg-'));
    const admin = execFileSync(PG_SH, ['start', dir], { encoding: 'utf8' }).trim();
    const c = new PgCluster(dir, admin);
    live.clusters.add(c);
    c.#ctl(['stop', '-m', 'fast']);
    await c.start();
    return c;
  }

  constructor(dir, admin) {
    this.dir = dir;
    this.admin = admin;
    this.port = Number(/:(\d+)\//.exec(admin)[1]);
    this.bin = pgBin();
    this.data = join(dir, 'data');
    this.kills = [];  // { mode, downMs, startMs }
  }

  #ctl(args, check = true) {
    const [cmd, argv] = asOwner([join(this.bin, 'pg_ctl'), '-D', this.data, ...args]);
    try {
      return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      if (check) throw new Error(`pg_ctl ${args.join(' ')}: ${e.stderr || e.message}`);
      return null;
    }
  }

  /** Starts the server (crash recovery included); retries while the
   *  killed one's processes are still going away. */
  async start() {
    const opts = `-c listen_addresses=127.0.0.1 -p ${this.port} -k ${this.dir} -c max_connections=200 -c fsync=on -c synchronous_commit=on -c full_page_writes=on`;
    let last = '';
    for (let i = 0; i < 50; i++) {
      const [cmd, argv] = asOwner([join(this.bin, 'pg_ctl'), '-D', this.data, '-l', join(this.dir, 'server.log'), '-w', '-t', '60', '-o', opts, 'start']);
      try {
        execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
        return;
      } catch (e) {
        last = String(e.stderr || e.message);
        await sleep(200);
      }
    }
    let log = '';
    try { log = readFileSync(join(this.dir, 'server.log'), 'utf8').slice(-3000); } catch { /* none */ }
    throw new Error(`PostgreSQL would not start again: ${last}\n${log}`);
  }

  postmasterPid() {
    try { return Number(readFileSync(join(this.data, 'postmaster.pid'), 'utf8').split('\n')[0]); } catch { return 0; }
  }

  /** The postmaster and every process it started. */
  processes() {
    const pm = this.postmasterPid();
    if (!pm) return [];
    const out = [pm];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === pm) out.push(Number(name));
      } catch { /* gone */ }
    }
    return out;
  }

  /** Crashes the server: 'sigkill' kills the postmaster and all its
   *  processes at once; 'immediate' is pg_ctl stop -m immediate (quit
   *  without a checkpoint). Either way the next start runs crash
   *  recovery. Resolves once every process is gone. */
  async crash(mode) {
    if (mode === 'immediate') {
      this.#ctl(['stop', '-m', 'immediate'], false);
    } else {
      const pids = this.processes();
      for (const p of pids) {
        try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
      }
    }
    for (let i = 0; i < 200; i++) {
      const alive = this.processes().filter((p) => { try { process.kill(p, 0); return true; } catch { return false; } });
      if (alive.length === 0) break;
      await sleep(50);
    }
  }

  /** psql on url: rows as arrays of strings. */
  query(url, sql) {
    const out = execFileSync('psql', [url, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-F', '\x1f', '-R', '\x1e', '-c', sql],
      { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
    return splitRows(out);
  }

  destroy() {
    live.clusters.delete(this);
    try { execFileSync(PG_SH, ['stop', this.dir], { stdio: 'ignore' }); } catch { /* already gone */ }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function splitRows(out) {
  const s = out.replace(/\n$/, '').replace(/\x1e$/, '');
  if (s === '') return [];
  return s.split('\x1e').map((r) => r.replace(/^\n/, '').split('\x1f'));
}

function sqliteQuery(file, sql) {
  const out = execFileSync('sqlite3', ['-batch', '-noheader', '-separator', '\x1f', '-newline', '\x1e', file, sql],
    { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  return splitRows(out);
}

// --- HTTP with outcomes -------------------------------------------------------

/** One request; never throws. outcome: ok (2xx), rejected (4xx), error
 *  (5xx), none (sent, or maybe sent, and no answer: reset, closed,
 *  timeout), refused (no connection: certainly never reached the server). */
export async function call(base, method, path, body, auth, timeoutMs = 15000) {
  const headers = {};
  if (auth) {
    headers.cookie = auth.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = auth.csrf;
  }
  const init = { method, headers, signal: AbortSignal.timeout(timeoutMs) };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const t0 = Date.now();
  try {
    const res = await fetch(base + path, init);
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    const s = res.status;
    const outcome = s >= 200 && s < 300 ? 'ok' : s >= 400 && s < 500 ? 'rejected' : s >= 500 ? 'error' : 'other';
    return { outcome, status: s, body: json, text, t0, t1: Date.now() };
  } catch (e) {
    const code = e?.cause?.code || e?.code || e?.name || String(e);
    const outcome = code === 'ECONNREFUSED' ? 'refused' : 'none';
    return { outcome, status: 0, error: code, t0, t1: Date.now() };
  }
}

// --- the run -------------------------------------------------------------------

/**
 * Sets up a database (demo data for 攸县), runs writers under the killer
 * for opts.kills sgz kills (and opts.pgKills PostgreSQL crashes on that
 * backend), stops cleanly, and returns everything check() needs.
 */
export async function run(opts) {
  const backend = opts.backend;
  const R = rng(opts.seed);
  const log = opts.log || (() => {});
  const t0 = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'sgz-dur-'));
  live.dirs.add(dir);
  const ctx = { backend, dir, seed: opts.seed, violations: [], pgProblems: { auth: [], stale: [], recovery: [] }, internal: [], ledger: [], pgEvents: [], sgzEvents: [] };
  let pg = null;
  try {
    let url;
    if (backend === 'postgres') {
      pg = await PgCluster.create();
      ctx.pg = pg;
      const name = 'sgz_dur_' + randomBytes(4).toString('hex');
      pg.query(pg.admin, `CREATE DATABASE ${name}`);
      url = pg.admin.replace(/\/[^/]*$/, '/' + name);
    } else {
      url = join(dir, 'dur.db');
    }
    ctx.url = url;
    const env = { SGZ_DB: url, SGZ_KEY_FILE: join(dir, 'dur.key') };
    ctx.env = env;
    // A private copy: a rebuild during the run must not change the
    // program that is restarted.
    ctx.bin = join(dir, 'sgz');
    copyFileSync(BIN, ctx.bin);
    chmodSync(ctx.bin, 0o755);
    const step = (args, input) => {
      const r = cli(ctx.bin, args, env, input);
      if (r.status !== 0) throw new Error(`sgz ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    step(['demo', '--region', '430223']);
    step(['setting', 'set', 'login.per_address_per_minute', '100000']);
    step(['user', 'add', 'durtester', '--roles', 'bureau,sysadmin', '--range', 'all', '--password-stdin'], TEST_PASSWORD + '\n');

    const srv = new SgzServer(ctx.bin, env, await freePort());
    ctx.srv = srv;
    await srv.start();
    const first = await login(srv.base, 'durtester', TEST_PASSWORD);
    if (first.status !== 200) throw new Error('login: ' + JSON.stringify(first.body));
    const auth = { cookie: first.cookie, csrf: first.csrf };
    const pw = await call(srv.base, 'POST', '/api/v1/session/password', { current_password: TEST_PASSWORD, new_password: TEST_PASSWORD2 }, auth);
    if (pw.status !== 200) throw new Error('password change: ' + pw.text);
    ctx.auth = auth;

    // The stations the station writers own, and where they start.
    const stationIds = [2, 3];
    ctx.stations = {};
    for (const id of stationIds) {
      const g = await call(srv.base, 'GET', `/api/v1/stations/${id}`, undefined, auth);
      if (g.status !== 200) throw new Error(`station ${id}: ${g.text}`);
      ctx.stations[id] = { initialVersion: g.body.version, initialAddress: g.body.address ?? '' };
    }

    // --- writers ---
    let stop = false;
    let paused = false;  // writers hold before their next request
    let inFlight = 0;
    let seq = 0;
    const record = (e) => { e.seq = ++seq; e.t0 -= t0; e.t1 -= t0; ctx.ledger.push(e); return e; };
    const hold = async () => { while (paused && !stop) await sleep(20); };
    const send = async (...args) => {
      await hold();
      inFlight++;
      try { return await call(...args); } finally { inFlight--; }
    };
    const pause = (r) => (r.outcome === 'ok' || r.outcome === 'rejected' ? 0 : 30);

    const noticeWriter = async (w) => {
      for (let n = 1; !stop; n++) {
        const marker = `dur-n${w}-${n}`;
        const body = `${marker} ` + 'x'.repeat(Math.floor(R.between(20, 1500)));
        const r = await send(srv.base, 'POST', '/api/v1/notices', { title: marker, body }, auth);
        record({ kind: 'notice', marker, outcome: r.outcome, status: r.status, error: r.error, id: r.body?.id, t0: r.t0, t1: r.t1, text: r.outcome === 'ok' ? undefined : r.text?.slice(0, 300) });
        if (pause(r)) await sleep(pause(r));
      }
    };
    const userWriter = async () => {
      for (let n = 1; !stop; n++) {
        const marker = `dur-u${n}`;
        const r = await send(srv.base, 'POST', '/api/v1/users', { username: marker, roles: ['social_worker'] }, auth);
        record({ kind: 'user', marker, outcome: r.outcome, status: r.status, error: r.error, id: r.body?.user?.id, t0: r.t0, t1: r.t1, text: r.outcome === 'ok' ? undefined : r.text?.slice(0, 300) });
        await sleep(pause(r) || 50);
      }
    };
    // New clients go through the group commit (store/group_commit.c):
    // two writers, so that their creates share commits.
    const clientWriter = async (w) => {
      const station = Number(stationIds[0]);
      for (let n = 1; !stop; n++) {
        const marker = `dur-c${w}-${n}`;
        const r = await send(srv.base, 'POST', '/api/v1/clients', { station_id: station, name: marker, sex: 'F', birth_date: '1950-01-01' }, auth);
        record({ kind: 'client', marker, outcome: r.outcome, status: r.status, error: r.error, id: r.body?.id, t0: r.t0, t1: r.t1, text: r.outcome === 'ok' ? undefined : r.text?.slice(0, 300) });
        if (pause(r)) await sleep(pause(r));
      }
    };
    const stationWriter = async (id) => {
      let version = null;
      for (let n = 1; !stop; n++) {
        while (version === null && !stop) {
          const g = await send(srv.base, 'GET', `/api/v1/stations/${id}`, undefined, auth);
          if (g.status === 200) version = g.body.version;
          else {
            if (g.outcome === 'rejected') record({ kind: 'read', marker: `GET station ${id}`, outcome: g.outcome, status: g.status, t0: g.t0, t1: g.t1, text: g.text?.slice(0, 300) });
            await sleep(50);
          }
        }
        if (stop) break;
        const marker = `dur-s${id}-${n}`;
        const r = await send(srv.base, 'PATCH', `/api/v1/stations/${id}`, { address: marker, version }, auth);
        record({ kind: 'station', station: id, marker, outcome: r.outcome, status: r.status, error: r.error, version: r.body?.version, sentVersion: version, t0: r.t0, t1: r.t1, text: r.outcome === 'ok' ? undefined : r.text?.slice(0, 300) });
        version = r.outcome === 'ok' ? r.body.version : null;
        if (pause(r)) await sleep(pause(r));
      }
    };
    const writers = [userWriter(), clientWriter(1), clientWriter(2), ...stationIds.map(stationWriter)];
    for (let w = 1; w <= (opts.noticeWriters ?? 5); w++) writers.push(noticeWriter(w));

    // --- the killer and restarter ---
    const events = [];
    for (let i = 0; i < opts.kills; i++) events.push('sgz');
    for (let i = 0; i < (opts.pgKills || 0); i++) events.push('pg');
    for (let i = events.length - 1; i > 0; i--) {  // shuffle
      const j = Math.floor(R.next() * (i + 1));
      [events[i], events[j]] = [events[j], events[i]];
    }
    let k = 0;
    for (const ev of events) {
      k++;
      await sleep(R.between(opts.minUpMs ?? 300, opts.maxUpMs ?? 1500));
      if (ev === 'sgz') {
        const early = R.chance(0.1);
        const killAt = Date.now();
        await srv.kill();
        if (early) {
          // Kill the next one again during its start-up.
          await srv.startAndKillSoon(R.between(0, 150));
        }
        await srv.start();
        const e = { at: killAt, early, restartMs: Date.now() - killAt };
        // Sessions live in the database: the same cookie still works.
        const p = await call(srv.base, 'GET', '/api/v1/session', undefined, auth);
        e.session = p.status;
        if (p.status !== 200) {
          ctx.violations.push(`after sgz restart ${k}: GET /api/v1/session answered ${p.status || p.error} (${p.text?.slice(0, 200)}), expected 200: the session did not survive the restart`);
        }
        ctx.sgzEvents.push(e);
      } else {
        const mode = R.chance(0.5) ? 'sigkill' : 'immediate';
        // A quiet outage: no request reaches sgz while PostgreSQL is down,
        // so every pooled connection is dead when it is back.
        const quiet = R.chance(0.5);
        if (quiet) {
          paused = true;
          while (inFlight > 0) await sleep(10);
        }
        const downAt = Date.now();
        await pg.crash(mode);
        let outageProbe = null;
        if (!quiet) {
          // A request during the outage: a 5xx or no connection, never
          // a 2xx, and never a 401 (the session is not gone).
          const during = await call(srv.base, 'GET', '/api/v1/session', undefined, auth, 8000);
          outageProbe = { status: during.status, error: during.error, text: during.text?.slice(0, 200) };
          if (during.status >= 500 && during.status !== 503) {
            ctx.internal.push(`PostgreSQL down (${mode}): GET /api/v1/session answered ${during.status} ${during.text?.slice(0, 120)}`);
          }
          if (during.outcome === 'ok') {
            ctx.pgProblems.auth.push(`PostgreSQL down (${mode}): GET /api/v1/session answered ${during.status}; expected a 5xx or no connection`);
          } else if (during.outcome === 'rejected') {
            ctx.pgProblems.auth.push(`PostgreSQL down (${mode}): GET /api/v1/session with a valid session answered ${during.status} ${during.text?.slice(0, 120)}; expected 503`);
          }
        }
        await sleep(R.between(200, 2000));
        const upAt = Date.now();
        await pg.start();
        const backAt = Date.now();
        // sgz is not restarted: it must recover its connections.
        const answers = [];
        let recoveredMs = null;
        while (Date.now() - backAt < 20000) {
          const p = await call(srv.base, 'GET', '/api/v1/session', undefined, auth, 8000);
          answers.push(p.status || p.error);
          if (p.status === 200) { recoveredMs = Date.now() - backAt; break; }
          await sleep(100);
        }
        paused = false;
        const failures = answers.filter((a) => a !== 200);
        for (const f of failures.filter((a) => typeof a === 'number' && a >= 500 && a !== 503)) {
          ctx.internal.push(`PostgreSQL back after crash #${ctx.pgEvents.length + 1} (${mode}): GET /api/v1/session answered ${f}`);
        }
        const e = { mode, quiet, downMs: upAt - downAt, pgStartMs: backAt - upAt, recoveredMs, failuresAfterBack: failures, outageProbe, downAt: downAt - t0, backAt: backAt - t0 };
        ctx.pgEvents.push(e);
        const n = ctx.pgEvents.length;
        const what = `PostgreSQL crash #${n} (${mode}${quiet ? ', no traffic during the outage' : ''})`;
        if (recoveredMs === null) {
          ctx.pgProblems.recovery.push(`${what}: sgz did not answer GET /api/v1/session with 200 within 20 s after PostgreSQL was back (answers: ${failures.slice(0, 10).join(', ')}…)`);
        }
        const bad = failures.filter((f) => f === 401 || f === 403);
        if (bad.length) {
          ctx.pgProblems.auth.push(`${what}: after PostgreSQL was back, GET /api/v1/session with a valid session answered ${answers.join(', ')}: ${bad[0]} for a database failure`);
        }
        if (failures.length) {
          ctx.pgProblems.stale.push(`${what}: the first requests after PostgreSQL was back answered ${answers.join(', ')}; expected 200 at once`);
        }
      }
      if (k % 10 === 0) log(`${k}/${events.length} events, ${ctx.ledger.length} writes so far`);
    }
    // Let the writers see a steady server once more, then stop them.
    await sleep(500);
    stop = true;
    await Promise.all(writers);

    // The server works after it all: one more write must succeed.
    const last = await call(srv.base, 'POST', '/api/v1/notices', { title: 'dur-final', body: 'after the last kill' }, auth);
    record({ kind: 'notice', marker: 'dur-final', outcome: last.outcome, status: last.status, error: last.error, id: last.body?.id, t0: last.t0, t1: last.t1, text: last.text?.slice(0, 300) });
    if (last.outcome !== 'ok') ctx.violations.push(`a write after the last restart failed: ${last.status || last.error} ${last.text?.slice(0, 200)}`);
    const list = await call(srv.base, 'GET', '/api/v1/notices?limit=1', undefined, auth);
    ctx.apiNoticeTotal = list.body?.total;

    const end = await srv.stop();
    ctx.finalStop = { code: end.code, signal: end.signal, log: end.log.slice(-4000) };
    ctx.chaosMs = Date.now() - t0;
    return ctx;
  } catch (e) {
    ctx.error = e;
    if (ctx.srv) await ctx.srv.stop().catch(() => {});
    return ctx;
  }
}

/** Reads what the database holds of the run's writes. */
export function readBack(ctx) {
  const q = ctx.backend === 'postgres' ? (sql) => ctx.pg.query(ctx.url, sql) : (sql) => sqliteQuery(ctx.url, sql);
  const notices = q("SELECT id, title FROM notices WHERE title LIKE 'dur-%'");
  const users = q("SELECT id, username FROM users WHERE username LIKE 'dur-u%'");
  const clients = q("SELECT id, name FROM clients WHERE name LIKE 'dur-c%'");
  const audit = q("SELECT id, action, entity, entity_id, CASE WHEN action = 'station.update' THEN detail ELSE '' END FROM audit_log WHERE action IN ('notice.create', 'user.create', 'client.create', 'station.update') ORDER BY id");
  const ids = Object.keys(ctx.stations).join(',');
  const stations = q(`SELECT id, address, version FROM stations WHERE id IN (${ids})`);
  const allNotices = q('SELECT id FROM notices');
  const allUsers = q('SELECT id FROM users');
  const allClients = q('SELECT id FROM clients');
  return { notices, users, clients, audit, stations, allNotices, allUsers, allClients };
}

/** Integrity of the database file/cluster: [] when sound, else problems. */
export function integrity(ctx) {
  const problems = [];
  if (ctx.backend === 'postgres') {
    const q = (sql) => ctx.pg.query(ctx.url, sql);
    try {
      q('CREATE EXTENSION IF NOT EXISTS amcheck');
      // B-tree structure, and that every heap tuple is in its indexes.
      q(`SELECT bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE a.amname = 'btree' AND n.nspname = 'public'`);
      const heap = q(`SELECT c.relname, v.blkno, v.msg FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
         LATERAL verify_heapam(c.oid) v WHERE c.relkind = 'r' AND n.nspname = 'public'`);
      for (const r of heap) problems.push(`verify_heapam ${r[0]} block ${r[1]}: ${r[2]}`);
      // A full read of every table, TOAST included.
      for (const [t] of q("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
        q(`SELECT count(*), sum(length(t::text)) FROM "${t}" t`);
      }
    } catch (e) {
      problems.push(`PostgreSQL check failed: ${String(e.stderr || e.message).slice(0, 500)}`);
    }
  } else {
    try {
      const r = sqliteQuery(ctx.url, 'PRAGMA integrity_check');
      if (!(r.length === 1 && r[0][0] === 'ok')) problems.push('PRAGMA integrity_check: ' + r.map((x) => x.join(' ')).join('; ').slice(0, 500));
      const fk = sqliteQuery(ctx.url, 'PRAGMA foreign_key_check');
      if (fk.length) problems.push('PRAGMA foreign_key_check: ' + fk.map((x) => x.join(' ')).join('; ').slice(0, 500));
    } catch (e) {
      problems.push(`sqlite3 failed: ${String(e.stderr || e.message).slice(0, 500)}`);
    }
  }
  return problems;
}

/** `sgz audit verify`: { ok, output }. */
export function auditVerify(ctx) {
  const r = cli(ctx.bin, ['audit', 'verify'], ctx.env);
  return { ok: r.status === 0, output: (r.stdout + r.stderr).trim() };
}

/**
 * Compares the ledger with the database. Returns { acknowledged, absent,
 * unknown, stations, summary } where each is a list of problems (empty
 * when the rule holds) and summary counts what happened.
 */
export function check(ctx, db) {
  const out = { acknowledged: [], unanswered: [], rejected: [], stations: [], phantom: [], summary: {} };
  const byKind = (k) => ctx.ledger.filter((e) => e.kind === k);
  const count = (rows, i) => {
    const m = new Map();
    for (const r of rows) m.set(r[i], (m.get(r[i]) || 0) + 1);
    return m;
  };
  const auditOf = (action) => db.audit.filter((a) => a[1] === action);

  const rowKinds = [
    { kind: 'notice', rows: db.notices, action: 'notice.create', all: new Set(db.allNotices.map((r) => r[0])) },
    { kind: 'user', rows: db.users, action: 'user.create', all: new Set(db.allUsers.map((r) => r[0])) },
    { kind: 'client', rows: db.clients, action: 'client.create', all: new Set(db.allClients.map((r) => r[0])) },
  ];
  for (const { kind, rows, action, all } of rowKinds) {
    const ledger = byKind(kind);
    const byMarker = new Map(ledger.map((e) => [e.marker, e]));
    const stored = count(rows, 1);
    const idOf = new Map(rows.map((r) => [r[1], r[0]]));
    const audits = count(auditOf(action), 3);
    const s = { requests: ledger.length, ok: 0, rejected: 0, error: 0, none: 0, refused: 0, unknownLanded: 0, unknownAbsent: 0 };
    for (const e of ledger) {
      s[e.outcome] = (s[e.outcome] || 0) + 1;
      const n = stored.get(e.marker) || 0;
      const id = idOf.get(e.marker);
      if (n > 1) out.acknowledged.push(`${kind} ${e.marker} (${e.outcome} ${e.status || e.error}) is stored ${n} times`);
      if (e.outcome === 'ok') {
        if (n === 0) out.acknowledged.push(`${kind} ${e.marker} got ${e.status} (id ${e.id}) but is not in the database`);
        else if (String(e.id) !== id) out.acknowledged.push(`${kind} ${e.marker} got ${e.status} with id ${e.id} but is stored as id ${id}`);
      } else if (e.outcome === 'rejected' || e.outcome === 'refused') {
        if (n > 0) out.rejected.push(`${kind} ${e.marker} got ${e.status || e.error} but is in the database (id ${id})`);
      } else if (n > 0) {
        s.unknownLanded++;
        if (e.outcome === 'error') s.errorLanded = (s.errorLanded || 0) + 1;
      } else {
        s.unknownAbsent++;
      }
      // Whole or not at all: a stored row has exactly one audit row.
      if (n === 1) {
        const a = audits.get(id) || 0;
        if (a !== 1) {
          const list = e.outcome === 'ok' ? out.acknowledged : out.unanswered;
          list.push(`${kind} ${e.marker} (${e.outcome} ${e.status || e.error}, id ${id}) has ${a} ${action} audit rows, expected exactly 1`);
        }
      }
    }
    for (const [marker] of stored) {
      if (!byMarker.has(marker)) out.phantom.push(`${kind} ${marker} is in the database but was never sent`);
    }
    // Audit rows whose record is not there: half a write.
    for (const [id, n] of audits) {
      if (!all.has(id)) out.unanswered.push(`${action} audit row for ${kind} id ${id} but no such ${kind} (half a write)`);
      else if (n > 1) out.unanswered.push(`${n} ${action} audit rows for ${kind} id ${id}`);
    }
    out.summary[kind] = s;
  }

  // Stations: the audit rows of each station, in order, are the updates
  // that were applied. Each carries its address marker.
  const ups = auditOf('station.update');
  for (const [sid, st] of Object.entries(ctx.stations)) {
    const ledger = byKind('station').filter((e) => String(e.station) === sid);
    const s = { requests: ledger.length, ok: 0, rejected: 0, error: 0, none: 0, refused: 0, unknownLanded: 0, unknownAbsent: 0 };
    const applied = [];
    for (const a of ups.filter((x) => x[3] === sid)) {
      let addr;
      try { addr = JSON.parse(a[4]).after.address; } catch { addr = `(unreadable detail: ${a[4].slice(0, 80)})`; }
      applied.push(addr);
    }
    const appliedCount = count(applied.map((x) => [x]), 0);
    const order = new Map(ledger.map((e, i) => [e.marker, i]));
    for (const e of ledger) {
      s[e.outcome] = (s[e.outcome] || 0) + 1;
      const n = appliedCount.get(e.marker) || 0;
      if (n > 1) out.stations.push(`station ${sid}: ${e.marker} applied ${n} times`);
      if (e.outcome === 'ok' && n === 0) out.stations.push(`station ${sid}: ${e.marker} got ${e.status} but no audit row records it`);
      if ((e.outcome === 'rejected' || e.outcome === 'refused') && n > 0) out.stations.push(`station ${sid}: ${e.marker} got ${e.status || e.error} but was applied`);
      if (e.outcome === 'error' || e.outcome === 'none') s[n > 0 ? 'unknownLanded' : 'unknownAbsent']++;
    }
    let prev = -1;
    for (const m of applied) {
      if (!order.has(m)) { out.stations.push(`station ${sid}: applied update ${m} was never sent`); continue; }
      if (order.get(m) < prev) out.stations.push(`station ${sid}: update ${m} applied out of order`);
      prev = order.get(m);
    }
    const row = db.stations.find((r) => r[0] === sid);
    const expectAddr = applied.length ? applied[applied.length - 1] : st.initialAddress;
    const expectVersion = st.initialVersion + applied.length;
    if (!row) out.stations.push(`station ${sid} is gone`);
    else {
      if ((row[1] || '') !== (expectAddr || '')) out.stations.push(`station ${sid}: address is ${row[1]}, but the last applied update (audit) set ${expectAddr}`);
      if (Number(row[2]) !== expectVersion) out.stations.push(`station ${sid}: version ${row[2]}, expected ${expectVersion} (${st.initialVersion} + ${applied.length} applied updates)`);
      // The latest acknowledged address is the stored one or an earlier
      // one than an unacknowledged later write that landed.
      const acked = ledger.filter((e) => e.outcome === 'ok');
      const lastAck = acked[acked.length - 1];
      if (lastAck && row[1] !== lastAck.marker) {
        const storedIdx = order.get(row[1]);
        const later = storedIdx !== undefined && storedIdx > order.get(lastAck.marker) && ['none', 'error'].includes(ledger[storedIdx].outcome);
        if (!later) out.stations.push(`station ${sid}: stored address ${row[1]} is neither the last acknowledged ${lastAck.marker} nor a later unanswered write`);
      }
      // Each acknowledged update reported the version it made.
      for (const e of ledger) {
        if (e.outcome === 'ok') {
          const idx = applied.indexOf(e.marker);
          if (idx >= 0 && e.version !== st.initialVersion + idx + 1) out.stations.push(`station ${sid}: ${e.marker} answered version ${e.version}, but it was update ${idx + 1} (version ${st.initialVersion + idx + 1})`);
        }
      }
    }
    out.summary[`station ${sid}`] = s;
  }
  return out;
}

/** Statuses of every answer, e.g. { 201: 900, 503: 3, none: 40 }. */
export function statusCounts(ledger) {
  const m = {};
  for (const e of ledger) {
    const k = e.status ? String(e.status) : e.outcome === 'refused' ? 'refused' : `no answer (${e.error})`;
    m[k] = (m[k] || 0) + 1;
  }
  return m;
}

export function writeReport(file, obj) {
  try { writeFileSync(file, JSON.stringify(obj, null, 2)); } catch { /* best effort */ }
}

export function cleanup(ctx) {
  if (ctx.srv) live.servers.delete(ctx.srv);
  live.dirs.delete(ctx.dir);
  if (ctx.pg) ctx.pg.destroy();
  if (ctx.dir && existsSync(ctx.dir)) rmSync(ctx.dir, { recursive: true, force: true });
}

