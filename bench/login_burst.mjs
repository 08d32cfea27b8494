// make bench, identity part: a burst of simultaneous logins by different
// users while other users keep working. Reports the burst's duration, the
// 429s and their retries, the server's peak memory, and the p99 of the
// other users' requests during the burst.
//   node bench/login_burst.mjs [USERS]     (uses build/sgz, the release build)
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = process.env.SGZ_BIN || new URL('../build/sgz', import.meta.url).pathname;
const USERS = Number(process.argv[2] || 200);
const QUEUE = process.env.BENCH_HASH_QUEUE || '256';
const dir = mkdtempSync(join(tmpdir(), 'sgz-login-bench-'));
const env = { ...process.env, SGZ_DB: join(dir, 'b.db'), SGZ_KEY_FILE: join(dir, 'b.key') };
const run = (args, input) => execFileSync(BIN, args, { env, input, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });

const PW = 'Bench-Passw0rd';
run(['demo', '--region', '430223']);
run(['setting', 'set', 'login.per_address_per_minute', '100000']);
const t0 = Date.now();
for (let i = 0; i < USERS + 1; i++) run(['user', 'add', `u${i}`, '--roles', 'social_worker', '--range', 'all', '--password-stdin'], PW + '\n');
console.log(`created ${USERS + 1} users in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const server = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--access-log', 'off', '--hash-queue', QUEUE,
  '--per-ip-connections', '1000', '--max-connections', '2000'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
const port = await new Promise((resolve, reject) => {
  let err = '';
  server.stderr.on('data', (c) => { err += c; const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err); if (m) resolve(Number(m[1])); });
  server.on('exit', () => reject(new Error(err)));
});
const base = `http://127.0.0.1:${port}`;
const rss = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024;

async function login(name) {
  let tries = 0;
  let retried = 0;
  for (;;) {
    tries++;
    const r = await fetch(base + '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: name, password: PW }) });
    const body = await r.json();
    if (r.status === 200) return { ok: true, retried, cookie: /sgz_session=[^;]*/.exec(r.headers.get('set-cookie'))[0], csrf: body.csrf_token };
    if (r.status !== 429 || tries > 100) return { ok: false, status: r.status, retried };
    retried++;
    await new Promise((res) => setTimeout(res, Number(r.headers.get('retry-after') || 1) * 1000));
  }
}

// The other user: logged in before, working through the burst. A first
// login must change its password; one change, then only reads.
const other = await login(`u${USERS}`);
await fetch(base + '/api/v1/session/password', { method: 'POST', headers: { 'content-type': 'application/json', cookie: other.cookie, 'x-csrf-token': other.csrf },
  body: JSON.stringify({ current_password: PW, new_password: 'Other-Passw0rd' }) });
const latencies = [];
let working = true;
const worker = (async () => {
  while (working) {
    const t = performance.now();
    const r = await fetch(base + '/api/v1/stations?limit=20', { headers: { cookie: other.cookie } });
    await r.arrayBuffer();
    latencies.push(performance.now() - t);
    if (r.status !== 200) throw new Error(`other user got ${r.status}`);
    // a person clicking through pages, not a loop: 50 requests a second
    await new Promise((res) => setTimeout(res, 20));
  }
})();
await new Promise((res) => setTimeout(res, 300));
const rssBefore = rss('VmRSS');

const start = performance.now();
const results = await Promise.all(Array.from({ length: USERS }, (_, i) => login(`u${i}`)));
const seconds = (performance.now() - start) / 1000;
working = false;
await worker;
const peak = rss('VmHWM');
server.kill('SIGTERM');
await new Promise((res) => server.on('exit', res));
rmSync(dir, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const p99 = latencies[Math.floor(latencies.length * 0.99)] || 0;
const failed = results.filter((r) => !r.ok).length;
const retried = results.filter((r) => r.retried > 0).length;
console.log(`logins: ${USERS} simultaneous, ${USERS - failed} succeeded, ${failed} failed, ${retried} told 429 and succeeded on retry`);
console.log(`burst: ${seconds.toFixed(1)} s (target ≤ 60 s)`);
console.log(`server memory: ${rssBefore.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB (target < 300 MB)`);
console.log(`other user's requests during the burst: ${latencies.length}, p99 ${p99.toFixed(1)} ms (target < 100 ms)`);
const pass = failed === 0 && seconds <= 60 && peak < 300 && p99 < 100;
console.log(`login burst: ${pass ? 'PASS' : 'FAIL'}`);
