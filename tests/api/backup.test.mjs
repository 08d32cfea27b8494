// sgz backup while serving, sgz restore into an empty database, and every
// table compared row by row; the key file travels with the backup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, sgz, freshDatabase, BACKEND } from './lib.mjs';

let srv;
before(async () => {
  srv = await startServer();
  // Populate a little of everything.
  await api(srv.base, 'PATCH', '/api/v1/stations/2', { address: '联星街道办事处二楼', version: 1,
    facilities: [{ code: 'office', met: true, note: '已配备' }] });
  await api(srv.base, 'POST', '/api/v1/notices', { title: '备份测试', body: '内容' });
  await api(srv.base, 'POST', '/api/v1/users', { username: 'bk.user', roles: ['social_worker'], data_range: 'stations', stations: [2] });
});
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

function tables(url) {
  if (BACKEND === 'postgres') {
    return execFileSync('psql', [url, '-At', '-c', "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"],
      { encoding: 'utf8' }).trim().split('\n');
  }
  return execFileSync('sqlite3', [url, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1"],
    { encoding: 'utf8' }).trim().split('\n');
}

function rows(url, table) {
  let lines;
  if (BACKEND === 'postgres') {
    lines = execFileSync('psql', [url, '-At', '-c', `SELECT row_to_json(t)::text FROM ${table} t`],
      { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } else {
    const out = execFileSync('sqlite3', ['-json', url, `SELECT * FROM ${table}`], { encoding: 'utf8', maxBuffer: 1 << 28 });
    lines = out.trim() ? JSON.parse(out) : [];
  }
  // Both dialects: compare values as text, rows in a stable order.
  return lines.map((r) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])))
    .sort();
}

test('a backup taken while serving restores to an identical database, with its key', async () => {
  const dest = join(srv.db.dir, 'backup.sgz');
  const b = sgz(['backup', dest], srv.env);
  assert.equal(b.status, 0, b.stderr);
  assert.ok(existsSync(dest));
  assert.equal(statSync(dest + '.key').mode & 0o777, 0o600);
  assert.match(b.stdout, /cannot be decrypted/);
  // the server kept serving
  assert.equal((await api(srv.base, 'GET', '/api/v1/health')).status, 200);
  assert.equal(sgz(['backup', dest], srv.env).status, 1, 'never overwrites');

  const target = freshDatabase();
  try {
    const env = { SGZ_DB: target.url, SGZ_KEY_FILE: join(target.dir, 'restored.key') };
    const r = sgz(['restore', dest], env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /with its key file/);
    const want = tables(srv.db.url);
    assert.deepEqual(tables(target.url), want);
    assert.ok(want.includes('stations') && want.includes('audit_log'));
    for (const t of want) {
      // the restore itself appends one audit row: compare what was backed up
      const a = rows(srv.db.url, t);
      const b2 = rows(target.url, t);
      if (t === 'audit_log') {
        assert.ok(b2.length >= a.length - 2, 'audit rows restored');
        continue;
      }
      assert.deepEqual(b2, a, `table ${t} differs after restore`);
    }
    assert.equal(sgz(['audit', 'verify'], env).status, 0, 'the restored audit chain verifies');
    assert.equal(sgz(['restore', dest], env).status, 1, 'never into a database in use');
  } finally {
    target.drop();
  }
});

test('a restore without the key file warns that personal data cannot be decrypted', () => {
  const dest = join(srv.db.dir, 'nokey.sgz');
  assert.equal(sgz(['backup', dest], srv.env).status, 0);
  rmSync(dest + '.key');
  const target = freshDatabase();
  try {
    const r = sgz(['restore', dest], { SGZ_DB: target.url, SGZ_KEY_FILE: join(target.dir, 'k.key') });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /WITHOUT its key file/);
  } finally {
    target.drop();
  }
});

test('a restore into a database in use is refused and changes nothing', () => {
  const dest = join(srv.db.dir, 'into-used.sgz');
  assert.equal(sgz(['backup', dest], srv.env).status, 0);
  const before = tables(srv.db.url);
  const r = sgz(['restore', dest], { ...srv.env, SGZ_KEY_FILE: join(srv.db.dir, 'other.key') });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, BACKEND === 'postgres' ? /is not empty/ : /exists/);
  assert.deepEqual(tables(srv.db.url), before, 'no table dropped or added');
  assert.ok(before.includes('schema_migrations'));
  const m = sgz(['migrate'], srv.env);
  assert.equal(m.status, 0, m.stderr);
  assert.equal(sgz(['user', 'list'], srv.env).status, 0);
});
