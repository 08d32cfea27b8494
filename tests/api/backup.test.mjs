// sgz backup while serving, sgz restore into an empty database, and every
// table compared row by row; the key file travels with the backup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync, rmSync, mkdirSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startServer, api, sgz, freshDatabase, BACKEND, BIN, FIXED_NOW } from './lib.mjs';

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

/** SQL against a test database with the backend's own client. */
function sql(url, text) {
  if (BACKEND === 'postgres') return execFileSync('psql', [url, '-qAtc', text], { encoding: 'utf8' });
  return execFileSync('sqlite3', [url, text], { encoding: 'utf8' });
}

/** Whether a restore target was left untouched: no file, or no table. */
function untouched(target) {
  return BACKEND === 'postgres' ? sql(target.url, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'").trim() === '0'
    : !existsSync(target.url);
}

test('a restore checks the backup before writing anything: its key file, that it is a database, its schema version', () => {
  const dest = join(srv.db.dir, 'nokey.sgz');
  assert.equal(sgz(['backup', dest], srv.env).status, 0);
  rmSync(dest + '.key');
  const target = freshDatabase();
  try {
    const env = { SGZ_DB: target.url, SGZ_KEY_FILE: join(target.dir, 'k.key'), SGZ_FILES_DIR: join(target.dir, 'files') };
    let r = sgz(['restore', dest], env);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.stderr.includes(dest + '.key'), 'names the key file it looked for: ' + r.stderr);
    assert.match(r.stderr, /cannot be decrypted/);
    assert.ok(untouched(target) && !existsSync(env.SGZ_KEY_FILE), 'nothing written');
    // not a database
    const junk = join(srv.db.dir, 'junk.sgz');
    writeFileSync(junk, 'not a database\n'.repeat(100));
    writeFileSync(junk + '.key', 'x\n');
    r = sgz(['restore', junk], env);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(untouched(target) && !existsSync(env.SGZ_KEY_FILE), 'no empty target left behind');
    // a backup of a database newer than this binary
    const newer = freshDatabase();
    try {
      const nenv = { SGZ_DB: newer.url, SGZ_KEY_FILE: join(newer.dir, 'n.key'), SGZ_FILES_DIR: join(newer.dir, 'files') };
      const full = join(srv.db.dir, 'full.sgz');
      assert.equal(sgz(['backup', full], srv.env).status, 0);
      assert.equal(sgz(['restore', full], nenv).status, 0);
      sql(newer.url, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0)");
      const future = join(srv.db.dir, 'future.sgz');
      const b = sgz(['backup', future], nenv);
      assert.equal(b.status, 0, b.stderr);
      r = sgz(['restore', future], env);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /schema 999, newer than this binary/);
      assert.ok(untouched(target) && !existsSync(env.SGZ_KEY_FILE), 'neither the database nor its key copied');
    } finally {
      newer.drop();
    }
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

test('a backup checks DEST, DEST.key and DEST.files before writing anything, and writes them 0600', () => {
  const dir = join(srv.db.dir, 'names');
  mkdirSync(dir);
  // an older backup's key beside the name: no database written next to it
  const a = join(dir, 'a.sgz');
  writeFileSync(a + '.key', 'stale\n');
  let r = sgz(['backup', a], srv.env);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /a\.sgz\.key exists/);
  assert.ok(!existsSync(a), 'no database beside the wrong key');
  assert.equal(readFileSync(a + '.key', 'utf8'), 'stale\n');
  const b = join(dir, 'b.sgz');
  mkdirSync(b + '.files');
  r = sgz(['backup', b], srv.env);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /b\.sgz\.files exists/);
  assert.ok(!existsSync(b) && !existsSync(b + '.key'));
  // never over an existing file, on both backends
  const c = join(dir, 'c.sgz');
  writeFileSync(c, 'precious\n');
  r = sgz(['backup', c], srv.env);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(readFileSync(c, 'utf8'), 'precious\n', 'not overwritten');
  assert.ok(!existsSync(c + '.key'));
  const d = join(dir, 'd.sgz');
  r = sgz(['backup', d], srv.env);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(statSync(d).mode & 0o777, 0o600, 'the backup is readable by its owner only');
  assert.deepEqual(readdirSync(dir).sort(), ['a.sgz.key', 'b.sgz.files', 'c.sgz', 'd.sgz', 'd.sgz.key'].concat(
    existsSync(d + '.files') ? ['d.sgz.files'] : []).sort(), 'no temporary file left');
});

test('a SQLite backup under steady writes completes, whole, with nothing left beside it', { skip: BACKEND === 'postgres' }, async () => {
  const dir = join(srv.db.dir, 'steady');
  mkdirSync(dir);
  // a copy of the served database, written to by another process all along
  const src = join(dir, 'src.db');
  assert.equal(sgz(['backup', src], srv.env).status, 0);
  execFileSync('sqlite3', [src, 'CREATE TABLE t_load (x)']);
  const writer = spawn('sh', ['-c', `while :; do sqlite3 -cmd '.timeout 5000' ${src} "INSERT INTO t_load VALUES (1)"; sleep 0.02; done`],
    { stdio: 'ignore', detached: true });
  const rows = () => Number(execFileSync('sqlite3', ['-cmd', '.timeout 5000', src, 'SELECT COUNT(*) FROM t_load'], { encoding: 'utf8' }));
  // Polled, not slept: the writer is writing before the backup starts,
  // and writes again after it, however slow the machine.
  const until = async (ok) => {
    for (let i = 0; i < 200 && !ok(rows()); i++) await new Promise((res) => setTimeout(res, 50));
    return rows();
  };
  let during;
  try {
    await until((n) => n >= 3);
    const dest = join(dir, 'dest.sgz');
    const child = spawn(BIN, ['backup', dest], {
      env: { ...process.env, SGZ_NOW: FIXED_NOW, SGZ_DB: src, SGZ_KEY_FILE: src + '.key', SGZ_FILES_DIR: join(dir, 'files') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => { stderr += c; });
    const code = await new Promise((res) => {
      const t = setTimeout(() => child.kill('SIGKILL'), 60000);
      child.on('exit', (c) => { clearTimeout(t); res(c); });
    });
    assert.equal(code, 0, stderr);
    assert.equal(execFileSync('sqlite3', [dest, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim(), 'ok');
    assert.equal(statSync(dest).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('dest')).sort(), ['dest.sgz', 'dest.sgz.files', 'dest.sgz.key']);
    const done = rows();
    during = { done, after: await until((n) => n > done + 2) };
  } finally {
    process.kill(-writer.pid, 'SIGKILL');
  }
  assert.ok(during.after > during.done + 2, `the writer kept writing: ${JSON.stringify(during)}`);
});

test('the database password is neither on pg_dump\'s command line nor in any message', { skip: BACKEND !== 'postgres' }, () => {
  const dir = join(srv.db.dir, 'secret');
  mkdirSync(dir);
  // pg_dump and pg_restore, first on PATH, record what they were given
  const real = (name) => execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  for (const name of ['pg_dump', 'pg_restore']) {
    writeFileSync(join(dir, name), `#!/bin/sh\necho "$*" >> ${dir}/args\necho "$PGPASSWORD" >> ${dir}/pw\nexec ${real(name)} "$@"\n`,
      { mode: 0o755 });
  }
  // the test cluster trusts local connections: any password connects
  const withPw = (url) => url.replace('://sgz@', '://sgz:Sekr3t-pw@');
  const env = { ...srv.env, SGZ_DB: withPw(srv.db.url), PATH: `${dir}:${process.env.PATH}` };
  const dest = join(dir, 'pw.sgz');
  const b = sgz(['backup', dest], env);
  assert.equal(b.status, 0, b.stderr);
  const target = freshDatabase();
  try {
    const tenv = { ...env, SGZ_DB: withPw(target.url), SGZ_KEY_FILE: join(target.dir, 'k.key'), SGZ_FILES_DIR: join(target.dir, 'files') };
    const r = sgz(['restore', dest], tenv);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /sgz:\*\*\*@/, 'the database named with the password hidden');
    const again = sgz(['restore', dest], { ...tenv, SGZ_KEY_FILE: join(target.dir, 'k2.key') });
    assert.equal(again.status, 1);
    assert.match(again.stderr, /sgz:\*\*\*@.*is not empty/);
    const init = sgz(['init'], tenv);
    assert.equal(init.status, 1);
    for (const out of [b.stdout, b.stderr, r.stdout, r.stderr, again.stderr, init.stderr]) {
      assert.ok(!out.includes('Sekr3t'), out);
    }
  } finally {
    target.drop();
  }
  const args = readFileSync(join(dir, 'args'), 'utf8');
  assert.match(args, /--dbname=postgres/);
  assert.ok(!args.includes('Sekr3t'), args);
  assert.ok(readFileSync(join(dir, 'pw'), 'utf8').includes('Sekr3t-pw'), 'the password went through the environment');
});

// A backup restored beside another database's key file would serve, fail
// on every sealed field and seal new ones under the wrong key.
test('a key file that is another database\'s is refused by restore (nothing left behind) and by serve', async () => {
  const other = join(srv.db.dir, 'other.key');
  writeFileSync(other, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  // After the command lines above the connection may have idled out: a
  // key lets the write be sent again (lib.mjs api()).
  const made = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '钥匙甲', sex: 'F', birth_date: '1950-02-02', phone: '13907319999' },
    { 'idempotency-key': 'backup-wrong-key-client' });
  assert.equal(made.status, 201, made.text);
  const dest = join(srv.db.dir, 'wrongkey.sgz');
  assert.equal(sgz(['backup', dest], srv.env).status, 0);
  writeFileSync(dest + '.key', readFileSync(other));
  const target = freshDatabase();
  try {
    const env = { SGZ_DB: target.url, SGZ_KEY_FILE: join(target.dir, 'k.key'), SGZ_FILES_DIR: join(target.dir, 'files') };
    const r = sgz(['restore', dest], env);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /does not open the backup's personal data: it is another database's key/);
    assert.ok(!existsSync(env.SGZ_KEY_FILE), 'the wrong key not copied');
    if (BACKEND !== 'postgres') assert.ok(untouched(target), 'nothing restored');
  } finally {
    target.drop();
  }
  const serve = (key) => spawnSync(BIN, ['serve', '--listen', '127.0.0.1:0', '--access-log', 'off'],
    { env: { ...process.env, ...srv.env, SGZ_KEY_FILE: key, SGZ_NOW: FIXED_NOW }, encoding: 'utf8', timeout: 30000 });
  let s = serve(other);
  assert.equal(s.status, 1, s.stderr);
  assert.match(s.stderr, /does not open this database's personal data: it is another database's key/);
  // A database from before the check is judged by its sealed data.
  sql(srv.db.url, "DELETE FROM settings WHERE key = 'key.check'");
  s = serve(other);
  assert.equal(s.status, 1, s.stderr);
  assert.match(s.stderr, /another database's key/);
});

test('the right key is recognised by a long sealed address, and a database with nothing sealed takes its key', () => {
  const db = freshDatabase();
  try {
    const env = { SGZ_DB: db.url, SGZ_KEY_FILE: join(db.dir, 'k.key'), SGZ_FILES_DIR: join(db.dir, 'files') };
    assert.equal(sgz(['demo', '--region', '430223', '--bare'], env).status, 0);
    // Its only sealed value: a 200-character address (600 bytes sealed).
    const file = join(db.dir, 'long.csv');
    writeFileSync(file, `姓名,性别,出生日期,现居住地址\n长地址,女,1950-03-03,${'酒埠江镇'.repeat(50)}\n`);
    let r = sgz(['import', 'clients', file, '--station', '2'], env);
    assert.equal(r.status, 0, r.stderr);
    sql(db.url, "DELETE FROM settings WHERE key = 'key.check'");
    writeFileSync(file, '姓名,性别,出生日期\n第二人,男,1951-04-04\n');
    r = sgz(['import', 'clients', file, '--station', '2'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sql(db.url, "SELECT COUNT(*) FROM settings WHERE key = 'key.check'").trim(), '1', 'the check written again');
  } finally {
    db.drop();
  }
});
