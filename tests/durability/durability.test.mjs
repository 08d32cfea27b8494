// Crash durability of sgz on the backend SGZ_TEST_BACKEND (sqlite or
// postgres): concurrent writers (notices, users, station updates), the
// server SIGKILLed at random moments DURABILITY_KILLS times (default 20)
// and restarted on the same database and port; on PostgreSQL the database
// server is also crashed DURABILITY_PG_KILLS times (default 40% of the
// kills) and restarted under the running sgz. Then every write's answer is
// held against what the database holds. See tests/durability/README.md.
//
// This suite runs its own PostgreSQL cluster (it kills it), never the
// shared one of tests/run.sh.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BACKEND } from '../api/lib.mjs';
import { run, readBack, integrity, auditVerify, check, statusCounts, writeReport, cleanup } from './harness.mjs';

const KILLS = Number(process.env.DURABILITY_KILLS || 20);
const PG_KILLS = BACKEND === 'postgres' ? Number(process.env.DURABILITY_PG_KILLS ?? Math.ceil(KILLS * 0.4)) : 0;
const SEED = Number(process.env.DURABILITY_SEED || Math.floor(Math.random() * 2 ** 31));
const OUT = process.env.SGZ_TEST_OUT || new URL('../out', import.meta.url).pathname;

const fmt = (list, n = 15) => (list.length ? `${list.length} problem(s):\n  ${list.slice(0, n).join('\n  ')}${list.length > n ? '\n  …' : ''}` : '');

describe(`crash durability on ${BACKEND}: ${KILLS} sgz kills${PG_KILLS ? `, ${PG_KILLS} PostgreSQL crashes` : ''} (seed ${SEED})`, () => {
  let ctx;
  let db;
  let res;
  let integ;
  let audit;

  before(async () => {
    const log = (m) => process.stderr.write(`durability (${BACKEND}): ${m}\n`);
    log(`seed ${SEED}, ${KILLS} sgz kills, ${PG_KILLS} PostgreSQL crashes`);
    ctx = await run({ backend: BACKEND, kills: KILLS, pgKills: PG_KILLS, seed: SEED, log });
    if (ctx.error) return;
    db = readBack(ctx);
    res = check(ctx, db);
    integ = integrity(ctx);
    audit = auditVerify(ctx);
    const restarts = ctx.srv.startMs;
    const summary = {
      backend: BACKEND,
      seed: SEED,
      seconds: Math.round(ctx.chaosMs / 100) / 10,
      sgzKills: ctx.sgzEvents.length,
      killedDuringStartup: ctx.sgzEvents.filter((e) => e.early).length,
      sgzStartMs: { median: median(restarts), max: Math.max(...restarts) },
      slowStarts: ctx.srv.slowStarts,
      pgCrashes: ctx.pgEvents.map((e) => ({ mode: e.mode, quiet: e.quiet, downAt: e.downAt, backAt: e.backAt, downMs: e.downMs, pgStartMs: e.pgStartMs, recoveredMs: e.recoveredMs, failuresAfterBack: e.failuresAfterBack, outageProbe: e.outageProbe?.status || e.outageProbe?.error })),
      writes: res.summary,
      statuses: statusCounts(ctx.ledger),
      integrity: integ.length ? integ : 'ok',
      auditVerify: audit.output,
      violations: ctx.violations,
      pgProblems: ctx.pgProblems,
      internal: ctx.internal,
    };
    try {
      mkdirSync(OUT, { recursive: true });
      // The ledger without the acknowledged writes (the bulk, and each
      // one that went missing is named by the failing test).
      writeReport(join(OUT, `durability-${BACKEND}.json`), { ...summary, ledger: ctx.ledger.filter((e) => e.outcome !== 'ok') });
    } catch { /* best effort */ }
    log(JSON.stringify(summary, null, 1).replace(/\n\s*/g, ' '));
  }, { timeout: (120 + KILLS * 10 + PG_KILLS * 30) * 1000 });  // a hang fails, bounded

  after(() => { if (ctx) cleanup(ctx); });

  const ran = () => {
    if (ctx.error) throw ctx.error;
  };

  test('the run completed: every kill was followed by a restart, nothing crashed on its own, the last stop was clean', () => {
    ran();
    assert.equal(ctx.sgzEvents.length, KILLS);
    assert.equal(ctx.pgEvents.length, PG_KILLS);
    assert.deepEqual(ctx.srv.startFailures.map((f) => `start ${f.generation} failed:\n${f.log}`), [], 'sgz serve failed to start on a database a crash left behind');
    assert.deepEqual(ctx.srv.unexpected.map((u) => `process ${u.generation} exited by itself (${u.code}/${u.signal}):\n${u.log}`), []);
    assert.equal(ctx.finalStop.code, 0, 'SIGTERM must stop the server with 0: ' + ctx.finalStop.log);
    assert.doesNotMatch(ctx.finalStop.log, /AddressSanitizer|runtime error|LeakSanitizer/);
    assert.ok(ctx.ledger.filter((e) => e.outcome === 'ok').length > 50, 'too few acknowledged writes to prove anything');
  });

  test('every acknowledged (2xx) write is in the database exactly once, with the id it was given', () => {
    ran();
    assert.equal(res.acknowledged.length, 0, fmt(res.acknowledged));
  });

  test('a write that got no answer is whole (row and audit row) or absent', () => {
    ran();
    assert.equal(res.unanswered.length, 0, fmt(res.unanswered));
  });

  test('a write refused a connection or answered 4xx is absent; nothing is stored that was never sent', () => {
    ran();
    const bad = [...res.rejected, ...res.phantom];
    assert.equal(bad.length, 0, fmt(bad));
  });

  test('no write was answered 4xx: the session and versions held across every crash', () => {
    ran();
    const rejected = ctx.ledger.filter((e) => e.outcome === 'rejected')
      .map((e) => `${e.kind} ${e.marker}: ${e.status} ${e.text || ''}`);
    assert.equal(rejected.length, 0, fmt(rejected));
  });

  test('no 500: a failure is a 503 or no answer', () => {
    ran();
    const internal = ctx.ledger.filter((e) => e.status >= 500 && e.status !== 503)
      .map((e) => `${e.kind} ${e.marker}: ${e.status} ${e.text || ''}`).concat(ctx.internal);
    assert.equal(internal.length, 0, fmt(internal));
  });

  test('station updates: applied in order, once each; version and address agree with them', () => {
    ran();
    assert.equal(res.stations.length, 0, fmt(res.stations));
  });

  test('sessions live in the database: the same cookie works after every restart', () => {
    ran();
    const lost = ctx.sgzEvents.map((e, i) => [i + 1, e.session]).filter(([, s]) => s !== 200);
    assert.deepEqual(lost, []);
  });

  if (BACKEND === 'postgres') {
    test('PostgreSQL down: a valid session is answered 503, never 401/403 (a database failure is not a logout)', () => {
      ran();
      assert.equal(ctx.pgProblems.auth.length, 0, fmt(ctx.pgProblems.auth));
    });

    test('PostgreSQL back: sgz recovers without a restart, within 20 s', () => {
      ran();
      assert.equal(ctx.pgProblems.recovery.length, 0, fmt(ctx.pgProblems.recovery));
    });

    test('PostgreSQL back: the first request succeeds (dead pooled connections are replaced before use)', () => {
      ran();
      assert.equal(ctx.pgProblems.stale.length, 0, fmt(ctx.pgProblems.stale));
    });
  }

  test('the list API agrees with the database', () => {
    ran();
    assert.equal(ctx.apiNoticeTotal, db.allNotices.length);
  });

  test(BACKEND === 'postgres' ? 'the database passes amcheck (B-trees, heap) and a full read' : 'PRAGMA integrity_check is ok', () => {
    ran();
    assert.deepEqual(integ, []);
  });

  test('the audit hash chain survived the kills (sgz audit verify)', () => {
    ran();
    assert.ok(audit.ok, audit.output);
  });

  test('no other problem was seen during the run', () => {
    ran();
    const other = ctx.violations.filter((m) => !m.startsWith('after sgz restart'));
    assert.deepEqual(other, []);
  });
});

function median(a) {
  if (!a.length) return null;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}
