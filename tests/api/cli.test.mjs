// The command line: exit codes (0 ok, 1 runtime, 2 usage), init, demo
// and its profile choice, profile validation with the path of the bad
// key, refusing a newer database, the audit chain, and where settings
// come from (flag > environment > config file).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, readdirSync, statSync, openSync, closeSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, basename } from 'node:path';
import { createHash, createHmac } from 'node:crypto';
import {
  freshDatabase, BACKEND, FIXED_NOW, startServer, api, addUser, session, sgz, login, TEST_PASSWORD2, BIN,
} from './lib.mjs';
import {
  run, assertNoSanitizer, spawnServe, rawRequest, profileFile, PROFILES_DIR, divisions, isZone,
} from './helpers_extra.mjs';

const tmp = mkdtempSync(join(tmpdir(), 'sgz-cli-'));
const dbs = [];
const hasSqlite3 = spawnSync('sqlite3', ['-version']).status === 0;

/** A fresh database and the environment that points sgz at it. */
function newDb() {
  const db = freshDatabase();
  dbs.push(db);
  return { db, env: { SGZ_DB: db.url, SGZ_KEY_FILE: join(db.dir, 'test.key'), SGZ_LISTEN: '', SGZ_CONFIG: '' } };
}

/** Runs SQL against a test database with the backend's own client. */
function sql(db, text) {
  if (BACKEND === 'postgres') return execFileSync('psql', [db.url, '-qAtc', text], { encoding: 'utf8' });
  return execFileSync('sqlite3', [db.url, text], { encoding: 'utf8' });
}
const canSql = BACKEND === 'postgres' || hasSqlite3;

let A; // initialised with the youxian profile active
let F; // demo 3501, made by its test and reused (audit chain, newer schema) after it
let latestSchema;

before(() => {
  A = newDb();
  const r = run(['init', '--profile', 'youxian'], A.env);
  assert.equal(r.status, 0, r.stderr);
  assertNoSanitizer(r);
  latestSchema = Number(/\(schema (\d+)\)/.exec(run(['version']).stdout)[1]);
});
after(() => {
  for (const db of dbs) db.drop();
  rmSync(tmp, { recursive: true, force: true });
});

// ---- exit codes and help ------------------------------------------------

test('sgz version exits 0 and names the version and schema', () => {
  const r = run(['version']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^sgz \d+\.\d+\.\d+ \(schema \d+\)\n$/);
  assert.equal(run(['--version']).stdout, r.stdout);
  assertNoSanitizer(r);
});

test('sgz help and sgz help demo exit 0', () => {
  const h = run(['help']);
  assert.equal(h.status, 0);
  for (const c of ['init', 'serve', 'demo', 'profile', 'audit', 'version']) assert.match(h.stdout, new RegExp(`^  ${c} `, 'm'), c);
  assert.match(h.stdout, /SGZ_LISTEN/);
  assert.match(h.stdout, /--config/);
  const d = run(['help', 'demo']);
  assert.equal(d.status, 0);
  assert.match(d.stdout, /^usage: sgz demo --region CODE \| --profile NAME/);
  assert.equal(run(['--help']).status, 0);
  const n = run(['help', 'nosuch']);
  assert.equal(n.status, 2);
  assert.match(n.stderr, /nosuch/);
});

test('an unknown command, option or missing argument is a usage error (exit 2)', () => {
  const u = run(['frobnicate']);
  assert.equal(u.status, 2);
  assert.match(u.stderr, /frobnicate/);
  assert.equal(run([]).status, 2);
  const o = run(['version', '--frob']);
  assert.equal(o.status, 2);
  assert.match(o.stderr, /--frob/);
  const d = run(['demo'], A.env);
  assert.equal(d.status, 2, 'demo without --region');
  assert.match(d.stderr, /--region/);
  assert.equal(run(['demo', '--region', '4302231'], A.env).status, 2);
  assert.equal(run(['demo', '--region', '430223102'], A.env).status, 2, 'a township is not a demo region');
  assert.equal(run(['demo', '--region'], A.env).status, 2);
  const p = run(['demo', '--profile', 'nosuch'], A.env);
  assert.equal(p.status, 2, 'no built-in profile of that name');
  assert.match(p.stderr, /profile/);
  assert.equal(run(['audit'], A.env).status, 2);
  assert.equal(run(['profile'], A.env).status, 2);
});

// ---- init and opening databases -----------------------------------------

test('sgz init --profile NOSUCH makes nothing, so that init with the right name then works', () => {
  const { env } = newDb();
  const bad = run(['init', '--profile', 'nosuch'], env);
  assert.equal(bad.status, 2, bad.stderr);
  assert.match(bad.stderr, /no profile named nosuch/);
  assert.doesNotMatch(bad.stdout, /password/, 'no administrator was made');
  const ok = run(['init', '--profile', 'fujian'], env);
  assert.equal(ok.status, 0, ok.stderr);
  assertNoSanitizer(ok);
});

test('sgz init twice on the same database: the second exits 1 with one clear line', () => {
  const r = run(['init'], A.env);
  assert.equal(r.status, 1);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /already initialised/);
  assert.ok(lines[0].includes(A.db.url), 'the error names the database');
  assertNoSanitizer(r);
});

test('the SQLite database and its key are readable by sgz\'s user only', { skip: BACKEND === 'postgres' && 'a PostgreSQL database is the server\'s' }, () => {
  const { db, env } = newDb();
  assert.equal(run(['init'], env).status, 0);
  const files = readdirSync(db.dir);
  assert.ok(files.includes(basename(db.url)), files.join());
  for (const f of files) {
    const mode = statSync(join(db.dir, f)).mode & 0o777;
    assert.equal(mode.toString(8), '600', f);
  }
});

test('sgz user keeps 三员分立 and the last active holder of each administrator\'s role, as the API does', () => {
  const { env } = newDb();
  assert.equal(run(['init'], env).status, 0);
  let r = run(['user', 'add', 'both', '--roles', 'sysadmin,auditor', '--range', 'all'], env);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /三员分立/);
  assert.doesNotMatch(run(['user', 'list'], env).stdout, /^both /m, 'nothing was created');
  r = run(['user', 'add', 'aud', '--roles', 'auditor', '--range', 'all'], env);
  assert.equal(r.status, 0, r.stderr);
  r = run(['user', 'roles', 'aud', 'auditor,security_admin'], env);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /三员分立/);
  // The only auditor, the only sysadmin: neither is locked nor loses the role.
  r = run(['user', 'lock', 'aud'], env);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /aud is the last active Auditor/);
  r = run(['user', 'roles', 'aud', 'bureau'], env);
  assert.equal(r.status, 1, r.stderr);
  r = run(['user', 'roles', 'admin', 'bureau'], env);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /last active System administrator/);
  // With a second auditor the first may go.
  assert.equal(run(['user', 'add', 'aud2', '--roles', 'auditor', '--range', 'all'], env).status, 0);
  r = run(['user', 'lock', 'aud'], env);
  assert.equal(r.status, 0, r.stderr);
  const list = run(['user', 'list'], env).stdout;
  assert.match(list, /^aud\s+locked\s+all\s+auditor$/m);
  assert.match(list, /^admin\s+active\s+all\s+sysadmin$/m);
  assertNoSanitizer(r);
});

// make run prints the admin's one-time password beside its label; with
// standard output a file (make run > log, a service's journal) it used to
// come out after the demo's progress and log lines, far below the label.
test('the first admin\'s password follows its label when the output goes to a file', () => {
  const { env } = newDb();
  const out = join(tmp, 'first-admin.log');
  const fd = openSync(out, 'w');
  const r = spawnSync(BIN, ['demo', '--region', '430223'], { env: { ...process.env, SGZ_NOW: FIXED_NOW, ...env }, stdio: ['ignore', fd, fd], timeout: 60000 });
  closeSync(fd);
  assert.equal(r.status, 0, readFileSync(out, 'utf8'));
  assert.match(readFileSync(out, 'utf8'), /system administrator: admin\npassword \(shown once; change it at first login\): \S{12,}\n/);
});

// A demo made in the first days of January has the year's contract, as
// on any other day: signed the December before, not missing until the
// 5th with its money and its findings.
test('a demo made on 2 January has the year\'s contract, signed in December', () => {
  const { env } = newDb();
  const jan2 = String(Date.parse('2027-01-02T10:00:00+08:00') / 1000);
  const r = spawnSync(BIN, ['demo', '--region', '430223', '--clients', '100', '--services', '300'], { env: { ...process.env, ...env, SGZ_NOW: jan2 }, encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^contract 430223-2027-SGZ-01: 攸县 with 17 stations/m);
  assert.match(r.stdout, /^money: .*expenditures and installments of 430223-2027-SGZ-01/m);
  const c = spawnSync(BIN, ['check'], { env: { ...process.env, ...env, SGZ_NOW: jan2 }, encoding: 'utf8' });
  assert.match(c.stdout, /contract 1 430223-2027-SGZ-01 .*station/, 'its findings are there to show');
});

// The auditor reads what the command line gave an account, as she does for
// the web's edits: roles and data range before and after.
test('sgz user add and roles write the access given into the audit row', { skip: !canSql && 'sqlite3 CLI not installed' }, () => {
  const { db, env } = newDb();
  assert.equal(run(['init'], env).status, 0);
  const made = run(['user', 'add', 'aud', '--roles', 'auditor'], env);
  assert.equal(made.status, 0, made.stderr);
  assert.equal(made.stderr, 'data range: self, only the clients the user is responsible for (--range gives another: all, region:CODE or stations:ID,ID)\n',
    'a range left to its default is said');
  assert.equal(run(['user', 'add', 'aud2', '--roles', 'auditor'], env).status, 0);
  // An org_admin's range is her organisation's contracts', not "self".
  assert.equal(run(['demo', '--region', '430223'], env).status, 0);
  const oa = run(['user', 'add', 'oa', '--roles', 'org_admin', '--org', '1'], env);
  assert.equal(oa.status, 0, oa.stderr);
  assert.equal(oa.stderr, "data range: the stations of the organisation's contracts in force\n");
  const r = run(['user', 'roles', 'aud', 'auditor,bureau'], env);
  assert.equal(r.status, 0, r.stderr);
  const rows = sql(db, "SELECT action || '|' || detail FROM audit_log WHERE action IN ('user.create', 'user.roles') ORDER BY id").trim().split('\n');
  const created = JSON.parse(rows.find((x) => x.startsWith('user.create|') && x.includes('"aud"')).split('|')[1]);
  assert.deepEqual(created.after.roles, ['auditor']);
  const changed = JSON.parse(rows.find((x) => x.startsWith('user.roles|')).slice('user.roles|'.length));
  assert.deepEqual(changed.before.roles, ['auditor']);
  assert.deepEqual(changed.after.roles, ['bureau', 'auditor']);
  assert.equal(changed.after.data_range, 'self');
  assertNoSanitizer(r);
});

test('sgz serve --db /nonexistent/dir/x.db exits 1 naming the path', () => {
  const r = run(['serve', '--db', '/nonexistent/dir/x.db', '--listen', '127.0.0.1:0'], {}, 15000);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /\/nonexistent\/dir\/x\.db/);
  assert.doesNotMatch(r.stderr, /listening/);
  assertNoSanitizer(r);
});

test('sgz serve with an access log it cannot write exits 1 naming it, rather than serving without one', () => {
  const r = run(['serve', '--access-log', '/nonexistent/dir/access.log', '--listen', '127.0.0.1:0'], A.env, 15000);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /cannot open access log \/nonexistent\/dir\/access\.log/);
  assert.doesNotMatch(r.stderr, /listening/);
  assertNoSanitizer(r);
});

test('sgz serve on an unreachable PostgreSQL exits 1 within 10 s with a clear error', () => {
  const r = run(['serve', '--db', 'postgres://sgz@127.0.0.1:1/none', '--listen', '127.0.0.1:0'], {}, 20000);
  assert.equal(r.status, 1, r.stderr);
  assert.ok(r.ms < 10000, `took ${r.ms} ms`);
  assert.match(r.stderr, /PostgreSQL|postgres/i);
  assert.match(r.stderr, /127\.0\.0\.1|port 1/);
  assertNoSanitizer(r);
});

// ---- profiles ---------------------------------------------------------------

function writeProfile(name, edit) {
  const p = profileFile('youxian');
  edit(p);
  const file = join(tmp, name + '.json');
  writeFileSync(file, JSON.stringify(p, null, 2));
  return file;
}

test('profile validate: a misspelt key is named by its path', () => {
  const file = writeProfile('misspelt', (p) => {
    const t = p.station_types[0];
    t.region_levle = t.region_level;
    delete t.region_level;
  });
  const r = run(['profile', 'validate', file]);
  assert.equal(r.status, 1);
  assert.ok(r.stderr.includes('station_types[0].region_levle'), r.stderr);
  assert.ok(r.stderr.includes('station_types[0].region_level:'), 'the missing key is named too: ' + r.stderr);
  assertNoSanitizer(r);
});

test('profile validate: a value of the wrong type is named by its path', () => {
  const file = writeProfile('wrongtype', (p) => { p.facilities[3].required = 'yes'; });
  const r = run(['profile', 'validate', file]);
  assert.equal(r.status, 1);
  assert.ok(r.stderr.includes('facilities[3].required'), r.stderr);
  const f2 = writeProfile('wrongtype2', (p) => { p.station_types = { county_center: {} }; });
  const r2 = run(['profile', 'validate', f2]);
  assert.equal(r2.status, 1);
  assert.match(r2.stderr, /station_types/);
});

test('profile validate: impossible values are refused', () => {
  const cases = [
    ['badcode', (p) => { p.jurisdiction.region_code = '4302231'; }, 'jurisdiction.region_code'],
    ['levelmismatch', (p) => { p.jurisdiction.region_code = '43'; }, 'jurisdiction.region_code'],
    ['badlevel', (p) => { p.station_types[1].region_level = 'galaxy'; }, 'station_types[1].region_level'],
    ['badpattern', (p) => { p.station_types[1].name_pattern = '{county}{town}社会工作服务站'; }, 'station_types[1].name_pattern'],
    ['duplicate', (p) => { p.facilities.push({ ...p.facilities[0] }); }, 'facilities'],
    ['missingtype', (p) => { p.station_types = p.station_types.filter((t) => t.code !== 'community_room'); p.station_types.push({ ...p.station_types[0], code: 'extra_type' }); }, 'community_room'],
    ['nofacilities', (p) => { p.facilities = []; }, 'facilities'],
  ];
  for (const [name, edit, path] of cases) {
    const r = run(['profile', 'validate', writeProfile(name, edit)]);
    assert.equal(r.status, 1, `${name}: ${r.stdout}`);
    assert.ok(r.stderr.includes(path), `${name}: ${r.stderr}`);
  }
  const notJson = join(tmp, 'notjson.json');
  writeFileSync(notJson, '{"name": "x",\n  oops }');
  const r = run(['profile', 'validate', notJson]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /line 2/);
  const missing = run(['profile', 'validate', join(tmp, 'no-such-file.json')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no-such-file\.json/);
});

test('all five built-in profiles validate, as files and as shipped in the binary', () => {
  const files = readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual(files, ['dongguan-fulian.json', 'fujian.json', 'youxian.json', 'yuanzhou.json', 'zhuolu.json']);
  for (const f of files) {
    const r = run(['profile', 'validate', PROFILES_DIR + f]);
    assert.equal(r.status, 0, `${f}: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`valid profile ${f.replace('.json', '')}`));
    const show = run(['profile', 'show', f.replace('.json', '')]);
    assert.equal(show.status, 0);
    assert.deepEqual(JSON.parse(show.stdout), JSON.parse(readFileSync(PROFILES_DIR + f, 'utf8')));
  }
});

test('sgz profile list names the five profiles and marks the active one', () => {
  const r = run(['profile', 'list']);
  assert.equal(r.status, 0);
  const rows = r.stdout.split('\n').filter((l) => l.trim());
  assert.equal(rows.length, 5);
  const expect = { 'dongguan-fulian': '4419', fujian: '35', youxian: '430223', yuanzhou: '640402', zhuolu: '130731' };
  for (const [name, code] of Object.entries(expect)) {
    assert.ok(rows.some((l) => new RegExp(`^  ${name}\\s+${code}\\s`).test(l)), `${name} ${code}: ${r.stdout}`);
  }
  const withDb = run(['profile', 'list'], A.env);
  assert.equal(withDb.status, 0);
  const active = withDb.stdout.split('\n').filter((l) => l.startsWith('*'));
  assert.equal(active.length, 1, withDb.stdout);
  assert.match(active[0], /^\* youxian\s/);
});

test('sgz profile use NOSUCH exits 1 and leaves the active profile alone', () => {
  const r = run(['profile', 'use', 'nosuch'], A.env);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /nosuch/);
  assert.match(run(['profile', 'list'], A.env).stdout, /^\* youxian/m);
  assert.equal(run(['profile', 'show', 'nosuch']).status, 1);
});

// A county none of the built-in profiles serves (茶陵县 430224) sets up
// as the README says: init, copy a profile, change its jurisdiction,
// validate, import, use, restart. Before the profile the API says none is
// chosen; after it, list marks the county's own profile and its stations
// are accepted.
test('a county outside the built-in profiles makes its own: list marks it active and serve takes its stations', async () => {
  const { env } = newDb();
  assert.equal(run(['init'], env).status, 0);
  addUser({ env }, 'tester', 'bureau,sysadmin', 'all');
  let s = await spawnServe(['--listen', '127.0.0.1:0'], env);
  try {
    const auth = await session(s.base, 'tester');
    const none = await api(s.base, 'GET', '/api/v1/profile', undefined, {}, auth);
    assert.equal(none.body.error.code, 'no_profile', none.text);
    assert.equal(none.body.error.message, '尚未选择政策配置');
  } finally {
    await s.stop();
  }
  const show = run(['profile', 'show', 'youxian'], env);
  assert.equal(show.status, 0, show.stderr);
  const p = JSON.parse(show.stdout);
  Object.assign(p, { name: 'chaling', title: '茶陵县乡镇(街道)社工站项目', title_en: 'Chaling county township social work stations' });
  Object.assign(p.jurisdiction, { region_code: '430224', name: '茶陵县', purchaser: '茶陵县民政局' });
  const file = join(tmp, 'chaling.json');
  writeFileSync(file, JSON.stringify(p, null, 2));
  for (const step of [['validate', file], ['import', file], ['use', 'chaling']]) {
    const r = run(['profile', ...step], env);
    assert.equal(r.status, 0, `${step.join(' ')}: ${r.stderr}`);
  }
  const list = run(['profile', 'list'], env);
  assert.equal(list.status, 0, list.stderr);
  const rows = list.stdout.split('\n').filter((l) => l.trim());
  assert.equal(rows.length, 6, list.stdout);
  assert.deepEqual(rows.filter((l) => l.startsWith('*')), ['* chaling          430224   茶陵县乡镇(街道)社工站项目']);
  assert.ok(rows.some((l) => /^  youxian\s+430223\s/.test(l)), list.stdout);
  s = await spawnServe(['--listen', '127.0.0.1:0'], env);
  try {
    const auth = await session(s.base, 'tester', TEST_PASSWORD2);
    const st = await api(s.base, 'POST', '/api/v1/stations', { type: 'township_station', region_code: '430224101' }, {}, auth);
    assert.equal(st.status, 201, st.text);
    assert.match(st.body.name, /^茶陵县/);
  } finally {
    await s.stop();
  }
});

// ---- demo -------------------------------------------------------------------

/** The counts in demo's summary line ("… under profile P: N villages;
 *  created C guidance centre(s) and S station(s); E already there"). */
function demoCounts(stdout) {
  const line = stdout.split('\n').find((l) => / under profile /.test(l));
  assert.ok(line, stdout);
  const num = (re) => { const m = re.exec(line); assert.ok(m, `${re} in ${line}`); return Number(m[1]); };
  return {
    profile: / under profile ([a-z-]+)/.exec(line)[1],
    centres: num(/(\d+) guidance centre/),
    stations: num(/(\d+) station/),
    existing: num(/(\d+) already there/),
  };
}

test('sgz demo --region 640402 on an initialised database picks yuanzhou; running it again adds nothing', () => {
  const B = A; // demo completes a database made by init
  const r = run(['demo', '--region', '640402'], B.env, 60000);
  assert.equal(r.status, 0, r.stderr);
  assertNoSanitizer(r);
  const towns = divisions('streets').filter((s) => s.areaCode === '640402' && !isZone(s.code)).length;
  assert.deepEqual(demoCounts(r.stdout), { profile: 'yuanzhou', centres: 1, stations: towns, existing: 0 });
  assert.match(run(['profile', 'list'], B.env).stdout, /^\* yuanzhou/m);
  // Again, and with --profile overriding the choice: nothing new, the
  // named profile active.
  const again = run(['demo', '--region', '640402', '--profile', 'fujian'], B.env, 60000);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(demoCounts(again.stdout), { profile: 'fujian', centres: 0, stations: 0, existing: towns + 1 });
  assert.match(run(['profile', 'list'], B.env).stdout, /^\* fujian/m);
  const none = run(['demo', '--region', '110101'], A.env);
  assert.equal(none.status, 2, 'no built-in profile fits Beijing');
  assert.match(none.stderr, /--profile/);
});

// The whole province (35) takes seconds more under the sanitizers; its
// capital city goes through the same choice (the profile's region code
// is a prefix) and the same county-by-county walk.
test('sgz demo --region 3501 (福州市) picks fujian and makes a station per township', () => {
  F = newDb();
  const r = run(['demo', '--region', '3501'], F.env, 120000);
  assert.equal(r.status, 0, r.stderr);
  const counties = divisions('areas').filter((a) => a.cityCode === '3501').length;
  const towns = divisions('streets').filter((s) => s.cityCode === '3501' && !isZone(s.code)).length;
  assert.match(r.stdout, /^福州市 \(3501\) under profile fujian: /m);
  const c = demoCounts(r.stdout);
  assert.equal(c.profile, 'fujian');
  assert.equal(c.centres, counties, 'a guidance centre per county');
  assert.equal(c.stations, towns, 'a station per township and street, no zones');
  assert.match(run(['profile', 'list'], F.env).stdout, /^\* fujian/m);
});

test('sgz demo --profile NAME alone takes the profile\'s county, or the first county of its province', () => {
  const G = newDb();
  const r = run(['demo', '--profile', 'fujian'], G.env, 120000);
  assert.equal(r.status, 0, r.stderr);
  const first = divisions('areas').filter((a) => a.provinceCode === '35').map((a) => a.code).sort()[0];
  assert.match(r.stdout, new RegExp(`\\(${first}\\) under profile fujian: `));
  const towns = divisions('streets').filter((s) => s.areaCode === first && !isZone(s.code)).length;
  assert.deepEqual(demoCounts(r.stdout), { profile: 'fujian', centres: 1, stations: towns, existing: 0 });
});

// ---- schema version and audit chain -----------------------------------------

test('sgz audit verify passes, then names a row changed by hand', { skip: !canSql && 'sqlite3 CLI not installed' }, () => {
  const E = F || newDb();
  if (!F) assert.equal(run(['demo', '--region', '3501'], E.env, 60000).status, 0);
  const ok = run(['audit', 'verify'], E.env);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /intact/);
  const id = Number(sql(E.db, 'SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 4').trim());
  sql(E.db, `UPDATE audit_log SET actor = 'mallory' WHERE id = ${id}`);
  const bad = run(['audit', 'verify'], E.env);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, new RegExp(`row ${id}\\b: the row was changed`));
  assertNoSanitizer(bad);
});

test('an audit log pruned to nothing chains on from its anchor, numbered after the last row pruned', { skip: !canSql && 'sqlite3 CLI not installed' }, () => {
  const { db, env } = newDb();
  assert.equal(run(['init'], env).status, 0);
  assert.equal(run(['user', 'add', 'early', '--roles', 'bureau'], env).status, 0);
  const last = Number(sql(db, 'SELECT MAX(id) FROM audit_log').trim());
  // Two years on, every row is past the retention.
  const later = { ...env, SGZ_NOW: String(Number(FIXED_NOW) + 730 * 86400) };
  const p = run(['audit', 'prune'], later);
  assert.equal(p.status, 0, p.stderr);
  // What is left is the prune's own row, chained to the anchor.
  assert.equal(sql(db, 'SELECT COUNT(*) FROM audit_log').trim(), '1');
  assert.equal(run(['user', 'add', 'late', '--roles', 'bureau'], later).status, 0);
  const v = run(['audit', 'verify'], later);
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /intact/);
  assert.ok(Number(sql(db, 'SELECT MIN(id) FROM audit_log').trim()) > last, 'no id used twice');
});

test('sgz audit verify notices a removed row', { skip: !canSql && 'sqlite3 CLI not installed' }, () => {
  // Audited changes, so that a row in the middle can go.
  for (const name of ['zhuolu', 'youxian']) assert.equal(run(['profile', 'use', name], A.env).status, 0);
  const id = Number(sql(A.db, 'SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1').trim());
  const next = Number(sql(A.db, `SELECT MIN(id) FROM audit_log WHERE id > ${id}`).trim());
  assert.ok(next > id, 'init wrote at least three audit rows');
  assert.equal(run(['audit', 'verify'], A.env).status, 0);
  const prev = Number(sql(A.db, `SELECT MAX(id) FROM audit_log WHERE id < ${id}`).trim());
  sql(A.db, `DELETE FROM audit_log WHERE id = ${id}`);
  const bad = run(['audit', 'verify'], A.env);
  assert.equal(bad.status, 1);
  // The row after it is whole: said as a removal between the two, not as
  // a change of the row that follows.
  assert.match(bad.stderr, new RegExp(`row ${next}\\b: the row is whole; rows between row ${prev} and it were removed`));
  assert.match(bad.stderr, new RegExp(`or row ${prev} was changed and its hash computed again`));
});

// The newest rows removed together leave a whole chain: only a head kept
// away from the database (sgz audit head, from a timer) shows the cut.
test('sgz audit verify --head notices rows removed from the end, which the chain alone cannot', { skip: !canSql && 'sqlite3 CLI not installed' }, () => {
  const { db, env } = newDb();
  assert.equal(run(['init'], env).status, 0);
  assert.equal(run(['user', 'add', 'kept', '--roles', 'bureau'], env).status, 0);
  const h = run(['audit', 'head'], env);
  assert.equal(h.status, 0, h.stderr);
  const head = h.stdout.trim();
  assert.match(head, /^\d+:[0-9a-f]{64}$/);
  assert.equal(head.split(':')[0], sql(db, 'SELECT MAX(id) FROM audit_log').trim());
  assert.equal(run(['audit', 'verify', '--head', head], env).status, 0);
  // Later rows do not disturb a head kept earlier.
  assert.equal(run(['user', 'add', 'later', '--roles', 'bureau'], env).status, 0);
  assert.equal(run(['audit', 'verify', '--head', head], env).status, 0);
  // The newest three go: the chain alone still reads intact, the head does not.
  sql(db, 'DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log ORDER BY id DESC LIMIT 3)');
  assert.equal(run(['audit', 'verify'], env).status, 0);
  const cut = run(['audit', 'verify', '--head', head], env);
  assert.equal(cut.status, 1);
  assert.match(cut.stderr, new RegExp(`row ${head.split(':')[0]}\\b.*removed from the end`));
  assertNoSanitizer(cut);
  // Every row gone: no chain to break, and still no log an init leaves.
  sql(db, 'DELETE FROM audit_log');
  const empty = run(['audit', 'verify'], env);
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /audit log empty: .*every row was removed/);
  for (const bad of [['audit', 'verify', '--head', 'x'], ['audit', 'verify', '--head', '1:abc'], ['audit', 'head', '--head', head]]) {
    assert.equal(run(bad, env).status, 2, bad.join(' '));
  }
});

// The chain hashes with no key: whoever may write the file can change a
// row and compute the rest again. The chain then reads whole; a head kept
// away shows it, and says so rather than "removed".
test('sgz audit verify --head tells a chain computed again from a row changed', { skip: !canSql && 'sqlite3 CLI not installed' }, () => {
  const { db, env } = newDb();
  assert.equal(run(['init'], env).status, 0);
  assert.equal(run(['user', 'add', 'kept', '--roles', 'bureau'], env).status, 0);
  const head = run(['audit', 'head'], env).stdout.trim();
  const id = head.split(':')[0];
  const cols = ['prev_hash', 'at', 'address', 'action', 'entity', 'entity_id', 'result', 'detail'];
  const obj = BACKEND === 'postgres' ? 'json_build_object' : 'json_object';
  const row = JSON.parse(sql(db, `SELECT ${obj}(${cols.map((c) => `'${c}', ${c}`).join(', ')}) FROM audit_log WHERE id = ${id}`));
  const hash = createHash('sha256').update([row.prev_hash, row.at, 'mallory', row.address, row.action, row.entity, row.entity_id,
    row.result, row.detail].join('\x1f')).digest('hex');
  sql(db, `UPDATE audit_log SET actor = 'mallory', hash = '${hash}' WHERE id = ${id}`);
  assert.equal(run(['audit', 'verify'], env).status, 0, 'the chain alone reads whole');
  const r = run(['audit', 'verify', '--head', head], env);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`audit log rewritten: row ${id}\\b.*another hash`));
  assertNoSanitizer(r);
});

// The server writes the head to its own log (the journal keeps it apart
// from the database): at start, when it moved (here every second), at stop.
test('sgz serve logs the audit head at start, as it moves and at stop; each one verifies', async () => {
  const srv = await startServer({ init: true, anonymous: true, env: { SGZ_AUDIT_HEAD_EVERY: '1' } });
  const heads = (text) => [...text.matchAll(/audit head (\d+:[0-9a-f]{64})/g)].map((m) => m[1]);
  const until = async (ok) => {
    for (let i = 0; i < 50 && !ok(); i++) await new Promise((res) => setTimeout(res, 100));
  };
  let stopped = null;
  try {
    const first = run(['audit', 'head'], srv.env).stdout.trim();
    await until(() => heads(srv.log()).length > 0);
    assert.deepEqual(heads(srv.log()), [first], srv.log());
    // A write by another process: the server reads the head it left.
    assert.equal(run(['user', 'add', 'headed', '--roles', 'bureau'], srv.env).status, 0);
    const moved = run(['audit', 'head'], srv.env).stdout.trim();
    assert.notEqual(moved, first);
    await until(() => heads(srv.log()).includes(moved));
    await new Promise((res) => setTimeout(res, 1500));
    assert.deepEqual(heads(srv.log()), [first, moved], 'logged once when it moved, not every second');
    stopped = await srv.stop({ keepDatabase: true });
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.deepEqual(heads(stopped.stderr), [first, moved], 'at stop only when it moved');
    for (const head of [first, moved]) assert.equal(run(['audit', 'verify', '--head', head], srv.env).status, 0, head);
  } finally {
    if (!stopped) await srv.stop({ keepDatabase: true });
    srv.db.drop();
  }
});

// ---- settings: flag > environment > config file ---------------------------

test('settings come from --config FILE, SGZ_CONFIG, SGZ_LISTEN and flags, in that order of strength', async () => {
  const G = A;
  const conf = join(tmp, 'sgz.conf');
  writeFileSync(conf, `# test settings\ndb = ${G.db.url}\nkey_file = ${G.env.SGZ_KEY_FILE}\nlisten = 127.0.0.2:0\naccess_log = off\nmax_body = 2048\n`);
  const env = { SGZ_DB: '', SGZ_KEY_FILE: '', SGZ_LISTEN: '', SGZ_CONFIG: '', SGZ_MAX_BODY: '', SGZ_ACCESS_LOG: '' };
  const body = JSON.stringify({ type: 'nope', region_code: '430223', address: 'x'.repeat(3000) });
  const probe = async (s) => (await rawRequest(s.base, {
    method: 'POST', path: '/api/v1/stations', headers: { 'content-type': 'application/json' }, body,
  })).status;

  const cases = [
    { args: ['--config', conf], env: {}, host: '127.0.0.2', tooLarge: true },
    { args: [], env: { SGZ_CONFIG: conf }, host: '127.0.0.2', tooLarge: true },
    { args: ['--config', conf], env: { SGZ_LISTEN: '127.0.0.3:0', SGZ_MAX_BODY: '8192' }, host: '127.0.0.3', tooLarge: false },
    { args: ['--config', conf, '--listen', '127.0.0.4:0', '--max-body', '2048'], env: { SGZ_LISTEN: '127.0.0.3:0', SGZ_MAX_BODY: '8192' }, host: '127.0.0.4', tooLarge: true },
    { args: ['--listen', '127.0.0.1:0'], env: { SGZ_DB: G.db.url, SGZ_KEY_FILE: G.env.SGZ_KEY_FILE, SGZ_ACCESS_LOG: 'off' }, host: '127.0.0.1', tooLarge: false },
  ];
  for (const c of cases) {
    const s = await spawnServe(c.args, { ...env, ...c.env });
    try {
      assert.equal(s.host, c.host, JSON.stringify(c));
      assert.ok(s.port > 0);
      // 3000 bytes: over a max_body of 2048, under one of 8192 (then the
      // request goes on, and is refused for having no session).
      const status = await probe(s);
      assert.equal(status === 413, c.tooLarge, `${status}: ${JSON.stringify(c)}`);
      assert.ok(status >= 400 && status < 500);
    } finally {
      const exit = await s.stop();
      assert.equal(exit.code, 0, exit.stderr);
      assert.doesNotMatch(exit.stderr, /AddressSanitizer|runtime error|LeakSanitizer/);
    }
  }
});

test('a bad config file or setting is a usage error naming the file and line', () => {
  const conf = join(tmp, 'bad.conf');
  writeFileSync(conf, 'listen = 127.0.0.1:0\ncolour = red\n');
  const r = run(['version', '--config', conf]);
  assert.equal(r.status, 2);
  assert.ok(r.stderr.includes(`${conf}:2`), r.stderr);
  assert.match(r.stderr, /colour/);
  const n = run(['version'], { SGZ_MAX_BODY: 'lots' });
  assert.equal(n.status, 2);
  assert.match(n.stderr, /SGZ_MAX_BODY/);
  const missing = run(['version', '--config', join(tmp, 'none.conf')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /none\.conf/);
});

// ---- last: a database from the future -------------------------------------

/** The names of a test database's tables, sorted. */
function tableNames(db) {
  const q = BACKEND === 'postgres'
    ? "SELECT tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
    : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1";
  return sql(db, q).split('\n').filter(Boolean);
}

test('admin commands refuse a database that is not an sgz database, and leave it as it was', { skip: !canSql && 'sqlite3 CLI not installed' }, () => {
  const { db, env } = newDb();
  sql(db, 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
  const before = BACKEND === 'postgres' ? '' : sql(db, 'PRAGMA journal_mode').trim();
  for (const args of [['user', 'list'], ['setting', 'list'], ['audit', 'verify'], ['profile', 'use', 'youxian'],
    ['backup', join(db.dir, 'other.bak')]]) {
    const r = run(args, env);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /is not an sgz database/, args.join(' '));
    assertNoSanitizer(r);
  }
  assert.deepEqual(tableNames(db), ['notes'], 'nothing was installed');
  if (BACKEND !== 'postgres') assert.equal(sql(db, 'PRAGMA journal_mode').trim(), before, 'not switched to WAL');
  // and a database that does not exist is not created
  const missing = join(db.dir, 'none.db');
  if (BACKEND !== 'postgres') {
    assert.equal(run(['user', 'list', '--db', missing], env).status, 1);
    assert.throws(() => readFileSync(missing), 'no file created');
  }
});

test('at an older schema, admin commands ask for sgz migrate, and sgz backup copies it without migrating', { skip: !canSql && 'sqlite3 CLI not installed' }, () => {
  const O = newDb();
  assert.equal(run(['init'], O.env).status, 0);
  sql(O.db, `DELETE FROM schema_migrations WHERE version = ${latestSchema}`);
  const r = run(['user', 'list'], O.env);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`is at schema ${latestSchema - 1}, this sgz expects ${latestSchema}: run sgz migrate`));
  assert.ok(r.stderr.includes(O.db.url.replace(/:[^:@/]*@/, ':***@')), 'names the database');
  const b = run(['backup', join(O.db.dir, 'old.bak')], O.env);
  assert.equal(b.status, 0, b.stderr);
  assertNoSanitizer(b);
  assert.equal(sql(O.db, 'SELECT MAX(version) FROM schema_migrations').trim(), String(latestSchema - 1),
    'the backup did not migrate the database');
});

test('sgz stats, report and check speak English unless the locale is Chinese', async () => {
  const srv = await startServer({ full: true });
  try {
    const HAN = /\p{Script=Han}/u;
    const more = sgz(['demo', '--region', '430223', '--clients', '20', '--services', '40'], srv.env);
    assert.equal(more.status, 0, more.stderr);
    const stats = (LANG) => {
      const r = sgz(['stats', '--from', '2024-07', '--to', '2026-06', '--by', 'type', '--measures', 'records,clients_served'],
        { ...srv.env, LANG });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout);
    };
    const en = stats('C.UTF-8');
    assert.ok(en.rows.length > 0, 'the demo has service records');
    for (const m of en.measures) assert.doesNotMatch(m.label + m.unit, HAN, JSON.stringify(m));
    for (const row of en.rows) assert.doesNotMatch(row.type_label, HAN, JSON.stringify(row));
    const zh = stats('zh_CN.UTF-8');
    assert.equal(zh.measures[0].label, '服务记录');
    assert.match(zh.rows[0].type_label, HAN);
    assert.deepEqual(zh.rows.map((x) => x.records), en.rows.map((x) => x.records), 'the same figures');

    // A report frozen in Chinese, exported under each locale.
    addUser(srv, 'lead2', 'station_lead', 'stations:2');
    const lead = await session(srv.base, 'lead2');
    let r = await api(srv.base, 'POST', '/api/v1/reports', { type: 'monthly_brief', station_id: 2, period_from: '2026-05',
      key_work: '走访困难群众' }, {}, lead);
    assert.equal(r.status, 201, r.text);
    r = await api(srv.base, 'POST', `/api/v1/reports/${r.body.id}/submit`, { version: r.body.version }, {}, lead);
    assert.equal(r.status, 200, r.text);
    const id = r.body.id;
    const station = r.body.scope_name;
    const strings = (LANG) => {
      const out = join(tmp, `report-${LANG}.xlsx`);
      const x = sgz(['report', 'export', String(id), '--out', out], { ...srv.env, LANG });
      assert.equal(x.status, 0, x.stderr);
      const part = (p) => execFileSync('unzip', ['-p', out, p], { encoding: 'utf8', maxBuffer: 64 << 20 });
      return part('xl/workbook.xml') + part('xl/sharedStrings.xml');
    };
    // In English but for the names, and the brief's own words.
    const enText = strings('C.UTF-8').split(station).join('').split('走访困难群众').join('');
    const left = enText.match(/[^<>]*\p{Script=Han}[^<>]*/gu) || [];
    assert.deepEqual(left, []);
    assert.match(enText, /Service records/);
    assert.match(strings('zh_CN.UTF-8'), /服务记录/);

    // sgz check reads as the compliance page does in each language.
    const check = (LANG) => {
      const c = sgz(['check'], { ...srv.env, LANG });
      assert.equal(c.status, 0, c.stderr);
      return c.stdout;
    };
    const enCheck = check('C.UTF-8');
    assert.match(enCheck, /^violation +station\.facilities +station \d+ .+: Missing: /m);
    assert.match(enCheck, / budget_year \d+ 20\d\d: 20\d\d: [\d,.]+ yuan/);
    assert.doesNotMatch(enCheck, /政策配置未规定|缺少必备条件|budget_year \d+ \d+年度/);
    const zhCheck = check('zh_CN.UTF-8');
    assert.match(zhCheck, /: 缺少必备条件：/);
    assert.match(zhCheck, / budget_year \d+ 20\d\d年度: /);
    // The demo's override was the command line's: named as the system
    // administrator who runs it, not "cli:…" nor bare jargon.
    assert.match(zhCheck, /经系统管理员特批拨付：/);
    assert.match(enCheck, /paid on the system administrator's override: /);
    assert.doesNotMatch(zhCheck + enCheck, /cli:/);
  } finally {
    const r = await srv.stop();
    assert.equal(r.code, 0, r.stderr);
  }
});

test('a database made by a newer sgz is refused, naming both versions', { skip: !canSql && 'sqlite3 CLI not installed' }, () => {
  const D = F || newDb(); // last: this database is of no use afterwards
  if (!F) assert.equal(run(['init'], D.env).status, 0);
  sql(D.db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0)");
  const r = run(['serve', '--listen', '127.0.0.1:0'], D.env, 15000);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /\b999\b/);
  assert.match(r.stderr, new RegExp(`\\(${latestSchema}\\)|\\b${latestSchema}\\b`));
  assert.doesNotMatch(r.stderr, /listening/);
  assert.equal(run(['migrate'], D.env).status, 1);
  assertNoSanitizer(r);
  const u = run(['user', 'list'], D.env);
  assert.equal(u.status, 1);
  assert.match(u.stderr, new RegExp(`at schema 999, newer than this binary \\(${latestSchema}\\)`));
  // after a binary rollback a backup can still be taken
  const b = run(['backup', join(D.db.dir, 'newer.bak')], D.env);
  assert.equal(b.status, 0, b.stderr);
  assertNoSanitizer(b);
});

// ---- a sysadmin's review of the command line --------------------------------

/** The current code of a TOTP secret (RFC 6238: SHA-1, 30 s, 6 digits). */
function totpCode(secret, at) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30)));
  const h = createHmac('sha1', Buffer.from(bytes)).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// Only a security administrator resets a second factor on the web: the
// sole one, without her authenticator, comes back through the server.
test('sgz user reset-totp gives a sole security administrator who lost her authenticator her way back, audited as the API\'s reset', { skip: !canSql && 'sqlite3 CLI not installed' }, async () => {
  const srv = await startServer({ init: true });
  try {
    addUser(srv, 'sec', 'security_admin', 'all');
    const s = await session(srv.base, 'sec');
    const begin = await api(srv.base, 'POST', '/api/v1/session/totp', {}, {}, s);
    assert.equal(begin.status, 200, begin.text);
    const ok = await api(srv.base, 'POST', '/api/v1/session/totp/confirm', { code: totpCode(begin.body.secret, Number(FIXED_NOW)) }, {}, s);
    assert.equal(ok.status, 200, ok.text);
    assert.equal((await login(srv.base, 'sec', TEST_PASSWORD2)).body.second_factor_required, true);
    // The authenticator is lost. The sysadmin may not reset it on the web,
    // and a new password leaves the second factor on.
    const id = sql(srv.db, "SELECT id FROM users WHERE username = 'sec'").trim();
    assert.equal((await api(srv.base, 'POST', `/api/v1/users/${id}/reset-totp`, {})).status, 403);
    const pw = sgz(['user', 'passwd', 'sec', '--password-stdin'], srv.env, TEST_PASSWORD2 + 'x\n');
    assert.equal(pw.status, 0, pw.stderr);
    assert.equal((await login(srv.base, 'sec', TEST_PASSWORD2 + 'x')).body.second_factor_required, true);

    const r = sgz(['user', 'reset-totp', 'sec'], srv.env);
    assert.equal(r.status, 0, r.stderr);
    assertNoSanitizer(r);
    assert.match(r.stdout, /second factor of sec reset/);
    assert.equal(sql(srv.db, "SELECT totp_enabled FROM users WHERE username = 'sec'").trim().replace(/^f$/, '0'), '0');
    const plain = await login(srv.base, 'sec', TEST_PASSWORD2 + 'x');
    assert.equal(plain.status, 200, JSON.stringify(plain.body));
    assert.equal(plain.body.second_factor_required, false, 'in by password, to set up a new authenticator');
    assert.equal(sql(srv.db, `SELECT actor || '|' || entity || '|' || entity_id FROM audit_log WHERE action = 'totp.reset' AND entity = 'user'`).trim(),
      `cli:${userInfo().username}|user|${id}`);
    const again = sgz(['user', 'reset-totp', 'sec'], srv.env);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /^sgz: sec has no second factor to reset\n$/);
    assert.equal(sgz(['user', 'reset-totp', 'nobody'], srv.env).status, 1);
    assert.match(run(['help', 'user']).stdout, /reset-totp NAME/);
  } finally {
    const r = await srv.stop();
    assert.equal(r.code, 0, r.stderr);
  }
});

test('without --db every command says so, as migrate does, not that "" is not an sgz database', () => {
  const env = { SGZ_DB: '', SGZ_CONFIG: '', SGZ_KEY_FILE: '' };
  const migrate = run(['migrate'], env);
  assert.equal(migrate.stderr, 'sgz: no database given (--db or SGZ_DB)\n');
  for (const args of [['user', 'list'], ['setting', 'list'], ['audit', 'head'], ['audit', 'verify'],
    ['backup', join(tmp, 'nodb.bak')], ['regions', 'import'], ['check']]) {
    const r = run(args, env);
    assert.equal(r.status, migrate.status, args.join(' '));
    assert.equal(r.stderr, migrate.stderr, args.join(' '));
    assertNoSanitizer(r);
  }
  assert.throws(() => statSync(join(tmp, 'nodb.bak')), 'no backup written');
});

test('--help and -h on any command print its help, as sgz help COMMAND does, and exit 0 doing nothing else', () => {
  const { env } = newDb();
  for (const name of ['init', 'user', 'serve', 'backup', 'restore', 'audit', 'demo', 'import', 'version', 'help']) {
    const help = run(['help', name]);
    assert.equal(help.status, 0, name);
    for (const flag of ['--help', '-h']) {
      const r = run([name, flag], env);
      assert.equal(r.status, 0, `${name} ${flag}: ${r.stderr}`);
      assert.equal(r.stderr, '', `${name} ${flag}`);
      assert.equal(r.stdout, help.stdout, `${name} ${flag}`);
    }
  }
  // Wherever it stands, and whatever else is wrong on the line.
  const r = run(['user', 'add', 'x', '--frob', '--help'], env);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^usage: sgz user add NAME/);
  // init --help initialised nothing.
  const init = run(['init'], env);
  assert.equal(init.status, 0, init.stderr);
});

test('sgz audit verify --head with a malformed value says so; a well-formed head of a row that is not there is cut short', () => {
  const { env } = newDb();
  assert.equal(run(['init'], env).status, 0);
  for (const head of ['garbage', '1:abc', '99999:00', `0:${'a'.repeat(64)}`, `1:${'g'.repeat(64)}`]) {
    const r = run(['audit', 'verify', '--head', head], env);
    assert.equal(r.status, 2, head);
    const first = r.stderr.split('\n')[0];
    assert.ok(first.startsWith(`sgz: --head ${head}: `), first);
    assert.match(first, /ID:HASH, a row id and a 64-hex-digit hash/);
    assert.doesNotMatch(r.stderr, /goes with audit verify/);
  }
  const gone = run(['audit', 'verify', '--head', `99999:${'a'.repeat(64)}`], env);
  assert.equal(gone.status, 1, gone.stderr);
  assert.match(gone.stderr, /cut short: row 99999\b/);
  const wrongVerb = run(['audit', 'head', '--head', '1:abc'], env);
  assert.equal(wrongVerb.status, 2);
  assert.match(wrongVerb.stderr, /goes with audit verify/);
});

test('sgz user add names what is wrong: a user name taken, a station or a region that does not exist', () => {
  const { env } = newDb();
  assert.equal(run(['init'], env).status, 0);
  const cases = [
    [['sw3', '--range', 'stations:99'], /^sgz: --range: no station 99\n$/],
    [['sw3', '--range', 'region:999999'], /^sgz: --range: no region 999999 /],
    [['admin', '--range', 'all'], /^sgz: user admin exists already\n$/],
  ];
  for (const [args, re] of cases) {
    const r = run(['user', 'add', ...args, '--roles', 'social_worker'], env);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, re);
    assert.doesNotMatch(r.stderr, /or a station or region named/);
    assertNoSanitizer(r);
  }
  assert.doesNotMatch(run(['user', 'list'], env).stdout, /^sw3 /m, 'nothing was created');
  const r = run(['user', 'add', 'sw3', '--roles', 'social_worker', '--range', 'region:430223'], env);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /data range/, 'a range given is not explained');
});

test('sgz restore of a backup that does not exist says so, before asking for its key file', () => {
  const { db, env } = newDb();
  const r = run(['restore', join(tmp, 'typo.db')], env);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `sgz: backup ${join(tmp, 'typo.db')} does not exist\n`);
  assert.throws(() => statSync(join(db.dir, 'test.key')), 'no key file put in place');
});

test('sgz backup of a database without attachments makes the empty DEST.files it names, and restores', () => {
  const S = newDb();
  const env = { ...S.env, SGZ_FILES_DIR: join(S.db.dir, 'files') };
  assert.equal(run(['init'], env).status, 0);
  const dest = join(S.db.dir, 'e1.db');
  const b = run(['backup', dest], env);
  assert.equal(b.status, 0, b.stderr);
  assertNoSanitizer(b);
  assert.match(b.stdout, new RegExp(`^attachments: ${dest}\\.files \\(0 files\\)$`, 'm'));
  const st = statSync(dest + '.files');
  assert.ok(st.isDirectory());
  assert.equal((st.mode & 0o777).toString(8), '700');
  assert.deepEqual(readdirSync(dest + '.files'), []);
  // A second backup to the same name is refused, the folder included.
  assert.equal(run(['backup', dest], env).status, 1);
  const T = newDb();
  const tenv = { ...T.env, SGZ_FILES_DIR: join(T.db.dir, 'files') };
  const r = run(['restore', dest], tenv);
  assert.equal(r.status, 0, r.stderr);
  assertNoSanitizer(r);
  assert.match(run(['user', 'list'], tenv).stdout, /^admin\s+active/m);
});

// README: an error is one line starting "sgz: " (the one to log); a usage
// error may be followed by the usage and where the help is.
test('an error\'s first line is "sgz: …"; a runtime error is that line alone', () => {
  const { env } = newDb();
  assert.equal(run(['init'], env).status, 0);
  for (const args of [['version', '--frob'], ['user', 'frob', 'x'], ['audit', 'verify', '--head', 'x'], ['demo', '--region'],
    ['user', 'add', 'x', '--roles', 'nosuch']]) {
    const r = run(args, env);
    assert.equal(r.status, 2, args.join(' '));
    const lines = r.stderr.trimEnd().split('\n');
    assert.match(lines[0], /^sgz: \S/, args.join(' '));
    assert.ok(lines.slice(1).every((l) => /^usage: sgz |^\(see: sgz help /.test(l)), r.stderr);
  }
  for (const args of [['user', 'lock', 'nobody'], ['user', 'add', 'admin', '--roles', 'bureau'], ['audit', 'verify', '--head', `9:${'0'.repeat(64)}`]]) {
    const r = run(args, env);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, /^sgz: [^\n]+\n$/, args.join(' '));
  }
});
