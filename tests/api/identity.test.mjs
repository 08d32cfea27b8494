// Logins, passwords, lockout, sessions, user administration, the audit
// log's login view: the identity issue's rules and its bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, api, addUser, login, session, sgz, BACKEND, FIXED_NOW, TEST_PASSWORD, TEST_PASSWORD2 } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error|LeakSanitizer/);
});

const post = (path, body, auth) => api(srv.base, 'POST', path, body, {}, auth);

test('the first login forces a password change; nothing else works until then', async () => {
  addUser(srv, 'newbie', 'social_worker', 'stations:2');
  const l = await login(srv.base, 'newbie', TEST_PASSWORD);
  assert.equal(l.status, 200);
  assert.equal(l.body.user.must_change_password, true);
  assert.match(l.headers.get('set-cookie'), /HttpOnly/);
  assert.match(l.headers.get('set-cookie'), /SameSite=Strict/);
  const auth = { cookie: l.cookie, csrf: l.csrf };
  const blocked = await api(srv.base, 'GET', '/api/v1/stations', undefined, {}, auth);
  assert.equal(blocked.status, 403);
  assert.equal(blocked.body.error.code, 'password_change_required');
  const me = await api(srv.base, 'GET', '/api/v1/session', undefined, {}, auth);
  assert.equal(me.status, 200);
  const changed = await post('/api/v1/session/password', { current_password: TEST_PASSWORD, new_password: TEST_PASSWORD2 }, auth);
  assert.equal(changed.status, 200);
  assert.equal(changed.body.user.must_change_password, false);
  const ok = await api(srv.base, 'GET', '/api/v1/stations', undefined, {}, auth);
  assert.equal(ok.status, 200);
  assert.equal((await login(srv.base, 'newbie', TEST_PASSWORD)).status, 401);
  assert.equal((await login(srv.base, 'newbie', TEST_PASSWORD2)).status, 200);
});

test('password policy: length, classes, not the user name, not one of the last five', async () => {
  addUser(srv, 'policy', 'social_worker', 'self');
  const auth = await session(srv.base, 'policy');   // now TEST_PASSWORD2
  const cases = [
    ['Ab1!', 'weak_password'],          // too short
    ['abcdefghij', 'weak_password'],    // one class
    ['abcdefgh12', 'weak_password'],    // two classes
    ['Policy', 'weak_password'],
  ];
  for (const [pw, code] of cases) {
    const r = await post('/api/v1/session/password', { current_password: TEST_PASSWORD2, new_password: pw }, auth);
    assert.equal(r.status, 400, pw);
    assert.equal(r.body.error.code, code, pw);
    assert.equal(r.body.error.field, 'new_password');
  }
  addUser(srv, 'samename1', 'social_worker', 'self');
  const s2 = await session(srv.base, 'samename1');
  const same = await post('/api/v1/session/password', { current_password: TEST_PASSWORD2, new_password: 'SameName1' }, s2);
  assert.equal(same.status, 400);
  assert.match(same.body.error.message, /用户名/);
  // reuse: the current one and the initial one are both refused
  for (const old of [TEST_PASSWORD2, TEST_PASSWORD]) {
    const r = await post('/api/v1/session/password', { current_password: TEST_PASSWORD2, new_password: old }, auth);
    assert.equal(r.status, 400, old);
    assert.match(r.body.error.message, /最近5次/);
  }
  const wrong = await post('/api/v1/session/password', { current_password: 'Nope-Passw0rd', new_password: 'Brand-New-9x' }, auth);
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.error.field, 'current_password');
  // Every refused change is in the login log, with why (等保).
  addUser(srv, 'aud.policy', 'auditor', 'all');
  const aud = await session(srv.base, 'aud.policy');
  const log = (await api(srv.base, 'GET', '/api/v1/audit?kind=login&actor=policy&action=password.change&limit=50', undefined, {}, aud)).body.items;
  assert.deepEqual(log.map((x) => `${x.result} ${x.detail ? JSON.parse(x.detail).reason : ''}`), ['failed ', 'failed password_reused',
    'failed password_reused', 'failed password_rules', 'failed password_rules', 'failed password_rules', 'failed password_rules', 'ok ']);
  assert.ok(log[1].detail_lines.some((l) => l.after === '新密码与近期用过的密码相同'), JSON.stringify(log[1].detail_lines));
  assert.ok(log[3].detail_lines.some((l) => l.after === '新密码不符合密码规则'), JSON.stringify(log[3].detail_lines));
});

test('a wrong password and an unknown user get the same answer', async () => {
  addUser(srv, 'victim', 'social_worker', 'self');
  const a = await login(srv.base, 'victim', 'Wrong-Passw0rd');
  const b = await login(srv.base, 'no-such-user', 'Wrong-Passw0rd');
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.deepEqual(a.body, b.body);
  assert.equal(a.body.error.message, '用户名或密码错误');
});

test('five failures lock the account; the right password is refused while locked', async () => {
  addUser(srv, 'locky', 'social_worker', 'self');
  const replies = [];
  for (let i = 0; i < 7; i++) replies.push(await login(srv.base, 'locky', 'Wrong-Passw0rd'));
  // A guesser is told nothing an unknown name would not tell her: which
  // names are accounts is not hers to learn from the lock.
  const ghost = await login(srv.base, 'no-such-user', 'Wrong-Passw0rd');
  for (const r of replies) {
    assert.equal(r.status, 401);
    assert.deepEqual(r.body, ghost.body);
  }
  const right = await login(srv.base, 'locky', TEST_PASSWORD);
  assert.equal(right.status, 423);
  assert.equal(right.body.error.code, 'account_locked');
  assert.match(right.body.error.message, /15分钟/);
  assert.ok(Number(right.headers.get('retry-after')) > 0);
});

test('a user locked out by failed logins says so, until when, and is unlocked by the administrator', async () => {
  addUser(srv, 'locked.out', 'social_worker', 'self');
  for (let i = 0; i < 5; i++) await login(srv.base, 'locked.out', 'Wrong-Passw0rd');
  assert.equal((await login(srv.base, 'locked.out', TEST_PASSWORD)).status, 423);
  const list = await api(srv.base, 'GET', '/api/v1/users?q=locked.out');
  const u = list.body.items.find((x) => x.username === 'locked.out');
  // Her status stays active (no administrator locked her); the lockout is its own field, in Beijing time.
  const until = new Date((Number(FIXED_NOW) + 15 * 60 + 8 * 3600) * 1000).toISOString().slice(0, 19) + '+08:00';
  assert.deepEqual([u.status, u.locked_until], ['active', until]);
  assert.equal((await api(srv.base, 'GET', `/api/v1/users/${u.id}`)).body.locked_until, until);
  const un = await api(srv.base, 'POST', `/api/v1/users/${u.id}/unlock`, {});
  assert.equal(un.status, 200, un.text);
  assert.equal(un.body.locked_until, null);
  assert.equal((await login(srv.base, 'locked.out', TEST_PASSWORD)).status, 200);
});

// DESIGN.md §1: lockout is the security administrator's policy, so she
// lifts it; a lock the sysadmin set is the sysadmin's to lift.
test('the security administrator lifts a lockout after failed logins, not a lock the sysadmin set', async () => {
  addUser(srv, 'sec.unlock', 'security_admin', 'all');
  const sec = await session(srv.base, 'sec.unlock');
  addUser(srv, 'out.twice', 'social_worker', 'self');
  addUser(srv, 'held', 'social_worker', 'self');
  for (let i = 0; i < 5; i++) await login(srv.base, 'out.twice', 'Wrong-Passw0rd');
  const users = (await api(srv.base, 'GET', '/api/v1/users?limit=200', undefined, {}, sec)).body.items;
  const [out, held] = ['out.twice', 'held'].map((n) => users.find((x) => x.username === n));
  assert.ok(out.locked_until, JSON.stringify(out));
  assert.equal(out.totp_enabled, false, 'the list says who has a second factor');
  const un = await api(srv.base, 'POST', `/api/v1/users/${out.id}/unlock`, {}, {}, sec);
  assert.equal(un.status, 200, un.text);
  assert.equal(un.body.locked_until, null);
  assert.equal((await login(srv.base, 'out.twice', TEST_PASSWORD)).status, 200);
  const lock = await api(srv.base, 'POST', `/api/v1/users/${held.id}/lock`, {});
  assert.equal(lock.status, 200, lock.text);
  const refused = await api(srv.base, 'POST', `/api/v1/users/${held.id}/unlock`, {}, {}, sec);
  assert.equal(refused.status, 403, refused.text);
  assert.match(refused.body.error.message, /由系统管理员锁定/);
  assert.equal((await api(srv.base, 'GET', `/api/v1/users/${held.id}`)).body.status, 'locked');
  // Locking is still the sysadmin's alone.
  assert.equal((await api(srv.base, 'POST', `/api/v1/users/${out.id}/lock`, {}, {}, sec)).status, 403);
});

test('logout ends the session on the server', async () => {
  addUser(srv, 'leaver', 'social_worker', 'self');
  const auth = await session(srv.base, 'leaver');
  assert.equal((await api(srv.base, 'DELETE', '/api/v1/session', undefined, {}, auth)).status, 200);
  const after = await api(srv.base, 'GET', '/api/v1/session', undefined, {}, auth);
  assert.equal(after.status, 401);
});

test('forged and malformed session cookies are 401', async () => {
  for (const cookie of ['sgz_session=' + 'A'.repeat(43), 'sgz_session=short', 'sgz_session=' + '%'.repeat(43), 'other=1']) {
    const r = await api(srv.base, 'GET', '/api/v1/session', undefined, {}, { cookie, csrf: 'x' });
    assert.equal(r.status, 401, cookie);
  }
});

test('my sessions: listed, and one can be ended', async () => {
  addUser(srv, 'twodevices', 'social_worker', 'self');
  const one = await session(srv.base, 'twodevices');
  const two = await login(srv.base, 'twodevices', TEST_PASSWORD2);
  const list = await api(srv.base, 'GET', '/api/v1/session/sessions', undefined, {}, one);
  assert.equal(list.status, 200);
  assert.equal(list.body.items.length, 2);
  const other = list.body.items.find((s) => !s.current);
  assert.equal((await api(srv.base, 'DELETE', `/api/v1/session/sessions/${other.id}`, undefined, {}, one)).status, 200);
  assert.equal((await api(srv.base, 'GET', '/api/v1/session', undefined, {}, { cookie: two.cookie })).status, 401);
  assert.equal((await api(srv.base, 'GET', '/api/v1/session', undefined, {}, one)).status, 200);
});

test('user administration: create, reset, lock, last sysadmin protected', async () => {
  const created = await post('/api/v1/users', { username: 'li.na', display_name: '李娜', roles: ['station_lead'], data_range: 'stations', stations: [2] });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.body.user.username, 'li.na');
  assert.equal(created.body.user.must_change_password, true);
  const temp = created.body.temporary_password;
  assert.ok(temp.length >= 12);
  const first = await login(srv.base, 'li.na', temp);
  assert.equal(first.status, 200);
  const id = created.body.user.id;
  const dup = await post('/api/v1/users', { username: 'li.na', roles: ['station_lead'] });
  assert.equal(dup.status, 409);
  // A phone is checked as everywhere else: a mobile or a landline with its area code.
  for (const [phone, message] of [['abc', '手机号不是有效的电话号码'], ['１３８００１３８０００', '手机号含有全角字符，请用半角数字和-']]) {
    const bad = await post('/api/v1/users', { username: 'phone.bad', roles: ['station_lead'], phone });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.error.field, 'phone');
    assert.equal(bad.body.error.message, message);
  }
  const landline = await api(srv.base, 'PATCH', `/api/v1/users/${id}`, { phone: '0731-22334455', version: created.body.user.version });
  assert.equal(landline.status, 200, landline.text);
  const reset = await post(`/api/v1/users/${id}/reset-password`, {});
  assert.equal(reset.status, 200);
  assert.notEqual(reset.body.temporary_password, temp);
  assert.equal((await api(srv.base, 'GET', '/api/v1/session', undefined, {}, { cookie: first.cookie })).status, 401,
    'a reset ends the user\'s sessions');
  const again = await login(srv.base, 'li.na', reset.body.temporary_password);
  assert.equal(again.status, 200);
  const lock = await post(`/api/v1/users/${id}/lock`, {});
  assert.equal(lock.body.status, 'locked');
  assert.equal((await api(srv.base, 'GET', '/api/v1/session', undefined, {}, { cookie: again.cookie })).status, 401);
  const refused = await login(srv.base, 'li.na', reset.body.temporary_password);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.message, '账号已被管理员锁定，请联系管理员解锁', 'locked, not "disabled"');
  assert.equal((await post(`/api/v1/users/${id}/unlock`, {})).body.status, 'active');

  const users = await api(srv.base, 'GET', '/api/v1/users?limit=200');
  const admin = users.body.items.find((u) => u.username === 'admin');
  // "tester" is a sysadmin too: demote it, then the admin is the last one
  const tester = users.body.items.find((u) => u.username === 'tester');
  assert.equal((await api(srv.base, 'PATCH', `/api/v1/users/${admin.id}`, { roles: ['bureau'], version: admin.version })).status, 200);
  const last = await api(srv.base, 'PATCH', `/api/v1/users/${tester.id}`, { roles: ['bureau'], version: tester.version });
  assert.equal(last.status, 409);
  assert.match(last.body.error.message, /最后一位在用的系统管理员/);
  assert.equal((await post(`/api/v1/users/${tester.id}/lock`, {})).status, 409);
});

test('三员分立: one account holds one administrator\'s role; nobody changes her own access; the last active of each stays', async () => {
  const mk = (username, roles) => post('/api/v1/users', { username, display_name: username, roles, data_range: 'all' });
  let r = await mk('two_hats', ['sysadmin', 'auditor']);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'roles');
  assert.match(r.body.error.message, /三员分立/);
  // The security administrator's and the auditor's accounts are not the
  // sysadmin's: she neither makes one, nor grants the role, nor locks,
  // resets or edits one (a password she resets is one she knows).
  for (const roles of [['security_admin'], ['auditor']]) {
    r = await mk(`new_${roles[0]}`, roles);
    assert.equal(r.status, 403, r.text);
    assert.match(r.body.error.message, /三员分立.*sgz user/);
  }
  addUser(srv, 'sec_only', 'security_admin', 'all');
  addUser(srv, 'aud_only', 'auditor', 'all');
  addUser(srv, 'plain_bur', 'bureau', 'all');
  const byName = async (n) => (await api(srv.base, 'GET', `/api/v1/users?q=${n}`)).body.items.find((u) => u.username === n);
  const [sec, aud, bur] = [await byName('sec_only'), await byName('aud_only'), await byName('plain_bur')];
  for (const u of [sec, aud]) {
    for (const [path, body] of [[`/api/v1/users/${u.id}/lock`, {}], [`/api/v1/users/${u.id}/unlock`, {}], [`/api/v1/users/${u.id}/reset-password`, {}]]) {
      r = await post(path, body);
      assert.equal(r.status, 403, `${path}: ${r.text}`);
    }
    r = await api(srv.base, 'PATCH', `/api/v1/users/${u.id}`, { display_name: '改名', version: u.version });
    assert.equal(r.status, 403, r.text);
    assert.equal((await byName(u.username)).status, 'active');
  }
  r = await api(srv.base, 'PATCH', `/api/v1/users/${bur.id}`, { roles: ['bureau', 'auditor'], version: bur.version });
  assert.equal(r.status, 403, 'nor granted by an edit: ' + r.text);
  // Each refusal is a denial in the log.
  const audSession = await session(srv.base, 'aud_only');
  const denials = (await api(srv.base, 'GET', '/api/v1/audit?result=denied&action=user.manage&limit=200', undefined, {}, audSession)).body.items;
  assert.ok(denials.some((x) => x.entity_id === `POST /api/v1/users/${aud.id}/reset-password`), JSON.stringify(denials.map((x) => x.entity_id)));
  // The sysadmin (tester) cannot widen or change her own access.
  const me = (await api(srv.base, 'GET', '/api/v1/users?q=tester')).body.items.find((u) => u.username === 'tester');
  r = await api(srv.base, 'PATCH', `/api/v1/users/${me.id}`, { roles: ['bureau', 'sysadmin', 'supervisor'], version: me.version });
  assert.equal(r.status, 403, r.text);
  assert.match(r.body.error.message, /不能修改本人的角色/);
  r = await api(srv.base, 'PATCH', `/api/v1/users/${me.id}`, { phone: '13700137000', display_name: '测试管理员', version: me.version });
  assert.equal(r.status, 200, 'her name and phone she may: ' + r.text);
  r = await api(srv.base, 'PATCH', `/api/v1/users/${me.id}`,
    { display_name: '测试管理员甲', roles: [...me.roles].reverse(), data_range: me.data_range, stations: me.stations, version: r.body.version });
  assert.equal(r.status, 200, 'a form that sends her access as it is: ' + r.text);
  // Her try at a second hat is refused, and logged as a denial.
  const mine = async () => (await api(srv.base, 'GET', '/api/v1/audit?result=denied&action=user.manage&limit=200', undefined, {},
    audSession)).body.items.filter((x) => x.entity_id === `PATCH /api/v1/users/${me.id}`).length;
  const tries = await mine();
  r = await api(srv.base, 'PATCH', `/api/v1/users/${me.id}`, { roles: ['sysadmin', 'auditor'], version: r.body.version });
  assert.equal(r.status, 400, r.text);
  assert.match(r.body.error.message, /三员分立/);
  assert.equal(await mine(), tries + 1);
});

test('user administration refuses bad input and changes nothing', async () => {
  const before = (await api(srv.base, 'GET', '/api/v1/users?limit=200')).body.total;
  const cases = [
    [{ username: 'x'.repeat(65), roles: ['bureau'] }, 'username'],
    [{ username: 'Bad Name', roles: ['bureau'] }, 'username'],
    [{ username: 'ok1', roles: ['emperor'] }, 'roles[0]'],
    [{ username: 'ok2', roles: [] }, 'roles'],
    [{ username: 'ok3', roles: ['bureau'], data_range: 'region', range_region: '990000' }, 'range_region'],
    [{ username: 'ok4', roles: ['bureau'], data_range: 'stations', stations: [99999] }, 'stations[0]'],
    [{ username: 'ok5', roles: ['bureau'], data_range: 'galaxy' }, 'data_range'],
  ];
  for (const [body, field] of cases) {
    const r = await post('/api/v1/users', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error.field, field, JSON.stringify(body));
  }
  // A name the rule refuses is told the rule, as the form's hint says it.
  for (const username of ['zhang san', '😀abc', 'ZhangSan']) {
    const r = await post('/api/v1/users', { username, display_name: 'x', roles: ['bureau'] });
    assert.equal(r.body.error.message, '用户名须为 2–64 位小写字母、数字或 . _ -，以字母或数字开头', username);
  }
  // A real county, but another's: an officer there would read nothing here.
  const far = await post('/api/v1/users', { username: 'ok6', display_name: 'ok6', roles: ['bureau'], data_range: 'region', range_region: '110101' });
  assert.equal(far.status, 400, far.text);
  assert.equal(far.body.error.field, 'range_region');
  assert.match(far.body.error.message, /^数据范围区划不在本系统管辖区域（.+）内$/);
  const bad = await fetch(srv.base + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","password":"x"}')]),
  });
  assert.equal(bad.status, 400);
  const long = await login(srv.base, 'u'.repeat(65), 'x');
  assert.equal(long.status, 400);
  assert.equal(long.body.error.field, 'username');
  assert.equal((await api(srv.base, 'GET', '/api/v1/users?limit=200')).body.total, before);
  // Above the jurisdiction is a wider officer's (a city's, on a county's server).
  const wide = await post('/api/v1/users', { username: 'city_officer', display_name: '市局', roles: ['bureau'], data_range: 'region', range_region: '4302' });
  assert.equal(wide.status, 201, wide.text);
});

test('the login log: auditor only, with failures and lockouts', async () => {
  addUser(srv, 'aud', 'auditor', 'all');
  const a = await session(srv.base, 'aud');
  const logins = await api(srv.base, 'GET', '/api/v1/audit?kind=login&actor=locky', undefined, {}, a);
  assert.equal(logins.status, 200);
  const results = logins.body.items.map((r) => r.result);
  assert.ok(results.includes('failed'));
  assert.ok(results.includes('locked'));
  const ops = await api(srv.base, 'GET', '/api/v1/audit?kind=operation&action=user.create', undefined, {}, a);
  assert.ok(ops.body.items.some((r) => r.actor === 'tester'));
  assert.equal((await api(srv.base, 'GET', '/api/v1/audit')).status, 403, 'the sysadmin cannot read the audit log');
  const bad = await api(srv.base, 'GET', '/api/v1/audit?from=2026-02-30', undefined, {}, a);
  assert.equal(bad.status, 400);
  const inverted = await api(srv.base, 'GET', '/api/v1/audit?from=2026-06-02&to=2026-06-01', undefined, {}, a);
  assert.equal(inverted.status, 400);
  // A result the log never writes is a mistake to be told of, not an empty page.
  const bogus = await api(srv.base, 'GET', '/api/v1/audit?result=bogus', undefined, {}, a);
  assert.equal(bogus.status, 400, bogus.text);
  assert.equal(bogus.body.error.field, 'result');
  const denied = await api(srv.base, 'GET', '/api/v1/audit?result=denied', undefined, {}, a);
  assert.equal(denied.status, 200, denied.text);
  assert.ok(denied.body.items.length > 0 && denied.body.items.every((x) => x.result === 'denied'), 'the sysadmin\'s refused read is there');
  assert.equal(sgz(['audit', 'verify'], srv.env).status, 0);
});

test('online users: the security administrator can force a logout', async () => {
  addUser(srv, 'sec', 'security_admin', 'all');
  const s = await session(srv.base, 'sec');
  addUser(srv, 'kicked', 'social_worker', 'self');
  const k = await session(srv.base, 'kicked');
  const online = await api(srv.base, 'GET', '/api/v1/online', undefined, {}, s);
  assert.equal(online.status, 200);
  const entry = online.body.items.find((x) => x.username === 'kicked');
  assert.ok(entry);
  assert.equal((await api(srv.base, 'DELETE', `/api/v1/online/${entry.id}`, undefined, {}, s)).status, 200);
  assert.equal((await api(srv.base, 'GET', '/api/v1/session', undefined, {}, k)).status, 401);
  // A User-Agent of bytes that are not UTF-8 is kept as '?': the login
  // works on both backends and the page's JSON stays valid.
  addUser(srv, 'oddagent', 'social_worker', 'self');
  await session(srv.base, 'oddagent');
  const status = await new Promise((resolve, reject) => {
    const body = Buffer.from(JSON.stringify({ username: 'oddagent', password: TEST_PASSWORD2 }));
    const head = Buffer.from(`POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${body.length}\r\nConnection: close\r\nUser-Agent: Mozilla/5.0 `, 'latin1');
    const sock = net.connect(srv.port, '127.0.0.1', () => sock.write(Buffer.concat([head, Buffer.from([0xff, 0xc3, 0x28]), Buffer.from('\r\n\r\n'), body])));
    let answer = '';
    sock.on('data', (d) => { answer += d.toString('latin1'); });
    sock.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1])));
    sock.on('error', reject);
  });
  assert.equal(status, 200);
  const agents = (await api(srv.base, 'GET', '/api/v1/online', undefined, {}, s)).body.items
    .filter((x) => x.username === 'oddagent').map((x) => x.user_agent);
  assert.ok(agents.includes('Mozilla/5.0 ??('), agents.join(' | '));
});

test('online users come in pages, and a user\'s sessions are found by her username or name', async () => {
  addUser(srv, 'sec_pages', 'security_admin', 'all');
  const s = await session(srv.base, 'sec_pages');
  addUser(srv, 'pager.one', 'social_worker', 'self');
  const own = await session(srv.base, 'pager.one');
  for (let i = 0; i < 2; i++) assert.equal((await login(srv.base, 'pager.one', TEST_PASSWORD2)).status, 200);
  const all = await api(srv.base, 'GET', '/api/v1/online?limit=200', undefined, {}, s);
  assert.equal(all.status, 200, all.text);
  assert.equal(all.body.total, all.body.items.length);
  const p1 = await api(srv.base, 'GET', '/api/v1/online?limit=2&page=1', undefined, {}, s);
  const p2 = await api(srv.base, 'GET', '/api/v1/online?limit=2&page=2', undefined, {}, s);
  assert.deepEqual([p1.body.items.length, p2.body.items.length, p1.body.total], [2, 2, all.body.total]);
  assert.equal(new Set([...p1.body.items, ...p2.body.items].map((x) => x.id)).size, 4, 'pages do not overlap');
  const mine = await api(srv.base, 'GET', '/api/v1/online?q=pager.', undefined, {}, s);
  assert.equal(mine.body.total, 3, mine.text);
  assert.ok(mine.body.items.every((x) => x.username === 'pager.one'));
  // A % or _ in the box is a character, not a wildcard.
  assert.equal((await api(srv.base, 'GET', '/api/v1/online?q=%25', undefined, {}, s)).body.total, 0);
  assert.equal((await api(srv.base, 'GET', `/api/v1/online?q=${'x'.repeat(65)}`, undefined, {}, s)).status, 400);
  assert.equal((await api(srv.base, 'GET', '/api/v1/online?limit=0', undefined, {}, s)).status, 400);
  // Her own sessions page is paged the same way.
  const list = await api(srv.base, 'GET', '/api/v1/session/sessions?limit=1', undefined, {}, own);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual([list.body.items.length, list.body.total], [1, 3]);
});

test('logins per address are limited; the limit answers 429 with Retry-After', async () => {
  const own = await startServer({ anonymous: true, keepLimits: true });
  try {
    let limited = null;
    for (let i = 0; i < 40 && !limited; i++) {
      const r = await login(own.base, 'nobody', 'x');
      if (r.status === 429) limited = r;
    }
    assert.ok(limited, 'no 429 within 40 attempts');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  } finally {
    await own.stop();
  }
});

test('参数设置: the security administrator changes the lockout threshold, checked and applied at once', async () => {
  addUser(srv, 'sec2', 'security_admin', 'all');
  const s = await session(srv.base, 'sec2');
  const list = await api(srv.base, 'GET', '/api/v1/settings', undefined, {}, s);
  assert.equal(list.status, 200);
  const th = list.body.items.find((x) => x.key === 'login.lockout_threshold');
  assert.equal(th.value, 5);
  assert.equal((await api(srv.base, 'PUT', '/api/v1/settings/login.lockout_threshold', { value: 2 }, {}, s)).status, 400);
  assert.equal((await api(srv.base, 'PUT', '/api/v1/settings/login.lockout_threshold', { value: '3' }, {}, s)).status, 400);
  assert.equal((await api(srv.base, 'PUT', '/api/v1/settings/no.such', { value: 3 }, {}, s)).status, 404);
  assert.equal((await api(srv.base, 'PUT', '/api/v1/settings/login.lockout_threshold', { value: 3 })).status, 403,
    'the sysadmin does not set security policy');
  const ok = await api(srv.base, 'PUT', '/api/v1/settings/login.lockout_threshold', { value: 3 }, {}, s);
  assert.equal(ok.status, 200);
  addUser(srv, 'three', 'social_worker', 'self');
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await login(srv.base, 'three', 'Wrong-Passw0rd')).status);
  assert.deepEqual(statuses, [401, 401, 401]);
  assert.equal((await login(srv.base, 'three', TEST_PASSWORD)).status, 423, 'locked at the third');
  await api(srv.base, 'PUT', '/api/v1/settings/login.lockout_threshold', { value: 5 }, {}, s);
});

test('参数设置: the security administrator sets the security settings, the system administrator the business ones (三员分立)', async () => {
  addUser(srv, 'sec_split', 'security_admin', 'all');
  addUser(srv, 'sys_split', 'sysadmin', 'all');
  const sec = await session(srv.base, 'sec_split');
  const sys = await session(srv.base, 'sys_split');
  const put = (key, value, who) => api(srv.base, 'PUT', `/api/v1/settings/${key}`, { value }, {}, who);
  const items = (await api(srv.base, 'GET', '/api/v1/settings', undefined, {}, sys)).body.items;
  const security = Object.fromEntries(items.map((x) => [x.key, x.security]));
  for (const k of ['login.lockout_threshold', 'session.idle_minutes', 'password.min_length', 'token.max_days',
    'login.totp_mandatory', 'audit.retention_days', 'audit.export_max_rows']) assert.equal(security[k], true, k);
  for (const k of ['service.edit_days', 'attachment.max_mb', 'client.export_max_rows', 'ledger.export_max_rows']) {
    assert.equal(security[k], false, k);
  }
  // Each refused the other's key, in words naming it.
  const r1 = await put('service.edit_days', 10, sec);
  assert.equal(r1.status, 403, r1.text);
  assert.match(r1.body.error.message, /服务记录可直接修改的天数.*业务参数，由系统管理员修改/);
  const r2 = await put('session.idle_minutes', 20, sys);
  assert.equal(r2.status, 403, r2.text);
  assert.match(r2.body.error.message, /会话空闲超时.*安全参数，由安全管理员修改/);
  // And each sets its own.
  assert.equal((await put('service.edit_days', 10, sys)).status, 200);
  assert.equal((await put('service.edit_days', 7, sys)).status, 200);
  assert.equal((await put('session.idle_minutes', 20, sec)).status, 200);
  assert.equal((await put('session.idle_minutes', 30, sec)).status, 200);
  // An auditor neither.
  addUser(srv, 'aud_split', 'auditor', 'all');
  const aud = await session(srv.base, 'aud_split');
  assert.equal((await put('service.edit_days', 10, aud)).status, 403);
  // Each refusal is in the log as a denial of the permission lacked.
  const denials = (await api(srv.base, 'GET', '/api/v1/audit?result=denied&limit=200', undefined, {}, aud)).body.items
    .filter((x) => x.entity_id?.startsWith('PUT /api/v1/settings/'));
  const seen = denials.map((x) => `${x.actor} ${x.action} ${x.entity_id}`);
  assert.ok(seen.includes('sec_split setting.manage_system PUT /api/v1/settings/service.edit_days'), seen.join('\n'));
  assert.ok(seen.includes('sys_split setting.manage PUT /api/v1/settings/session.idle_minutes'), seen.join('\n'));
  // Named in words, as the permission it lacked.
  assert.equal(denials.find((x) => x.action === 'setting.manage').action_label, '拒绝：修改安全参数');
});

test('参数设置: the password length, the password history and the token lifetime are settings the forms learn', async () => {
  addUser(srv, 'secpw', 'security_admin', 'all');
  const s = await session(srv.base, 'secpw');
  const put = (key, value) => api(srv.base, 'PUT', `/api/v1/settings/${key}`, { value }, {}, s);
  const list = await api(srv.base, 'GET', '/api/v1/settings', undefined, {}, s);
  const value = (key) => list.body.items.find((x) => x.key === key)?.value;
  assert.deepEqual([value('password.min_length'), value('password.history'), value('token.max_days')], [8, 5, 366]);
  // DESIGN.md's 8 characters is a floor; temporary passwords have 16.
  assert.equal((await put('password.min_length', 7)).status, 400);
  assert.equal((await put('password.min_length', 17)).status, 400);
  assert.equal((await put('password.history', 0)).status, 400);
  assert.equal((await put('token.max_days', 0)).status, 400);
  addUser(srv, 'longpw', 'bureau', 'all');
  const u = await session(srv.base, 'longpw');   // now TEST_PASSWORD2
  try {
    assert.equal((await put('password.min_length', 12)).status, 200);
    assert.equal((await put('password.history', 2)).status, 200);
    assert.equal((await put('token.max_days', 30)).status, 200);
    const me = await api(srv.base, 'GET', '/api/v1/session', undefined, {}, u);
    assert.deepEqual(me.body.policy, { password_min_length: 12, password_history: 2, token_max_days: 30, idempotency_key_hours: 168 });
    const change = (current, fresh) => post('/api/v1/session/password', { current_password: current, new_password: fresh }, u);
    const short = await change(TEST_PASSWORD2, 'Eleven-Ch1');   // 10 characters, 3 classes
    assert.equal(short.status, 400);
    assert.equal(short.body.error.field, 'new_password');
    assert.match(short.body.error.message, /至少12位/);
    // Twelve characters counted as characters, not bytes: 社工 are two.
    const third = '社工-Twelve-99';
    assert.equal([...third].length, 12);
    assert.equal((await change(TEST_PASSWORD2, third)).status, 200);
    // With a history of 2 the current password and the one before it are
    // refused; the one before those is allowed again.
    assert.equal((await change(third, TEST_PASSWORD2 + 'xy')).status, 200);
    const back = await change(TEST_PASSWORD2 + 'xy', third);
    assert.equal(back.status, 400);
    assert.match(back.body.error.message, /最近2次/);
    assert.equal((await change(TEST_PASSWORD2 + 'xy', 'Init-Passw0rd-12')).status, 200);
    assert.equal((await change('Init-Passw0rd-12', TEST_PASSWORD2 + 'xy')).status, 400, 'one back');
    assert.equal((await change('Init-Passw0rd-12', third)).status, 200, 'two back: allowed again');
    // Tokens: the server's day is 2026-06-15 (SGZ_NOW).
    const token = (expires_on) => api(srv.base, 'POST', '/api/v1/session/tokens',
      { name: '对接', permissions: ['station.read'], expires_on }, {}, u);
    const far = await token('2026-07-16');
    assert.equal(far.status, 400);
    assert.equal(far.body.error.field, 'expires_on');
    assert.match(far.body.error.message, /30天内/);
    assert.equal((await token('2026-07-15')).status, 201);
  } finally {
    await put('password.min_length', 8);
    await put('password.history', 5);
    await put('token.max_days', 366);
  }
  const me = await api(srv.base, 'GET', '/api/v1/session', undefined, {}, u);
  assert.deepEqual(me.body.policy, { password_min_length: 8, password_history: 5, token_max_days: 366, idempotency_key_hours: 168 });
});

test('字典管理: every list for every user; the sysadmin extends client categories', async () => {
  addUser(srv, 'reader', 'social_worker', 'self');
  const w = await session(srv.base, 'reader');
  const all = await api(srv.base, 'GET', '/api/v1/dictionaries', undefined, {}, w);
  assert.equal(all.status, 200);
  for (const kind of ['role', 'data_range', 'station_type', 'client_category', 'service_area']) {
    assert.ok(Array.isArray(all.body[kind]) && all.body[kind].length > 0, kind);
  }
  assert.ok(all.body.client_category.some((c) => c.code === 'dibao' || c.label.includes('低保')));
  assert.equal((await api(srv.base, 'POST', '/api/v1/dictionaries/client_category',
    { code: 'returnee', label: '返乡人员', label_en: 'Returnee' }, {}, w)).status, 403);
  const add = await api(srv.base, 'POST', '/api/v1/dictionaries/client_category',
    { code: 'returnee', label: '返乡人员', label_en: 'Returnee' });
  assert.equal(add.status, 201);
  assert.equal((await api(srv.base, 'POST', '/api/v1/dictionaries/client_category',
    { code: 'returnee', label: 'x', label_en: 'x' })).status, 409);
  assert.equal((await api(srv.base, 'POST', '/api/v1/dictionaries/role',
    { code: 'king', label: '王', label_en: 'King' })).status, 404, 'fixed lists cannot be extended');
  assert.equal((await api(srv.base, 'POST', '/api/v1/dictionaries/client_category',
    { code: 'Bad Code', label: 'x', label_en: 'x' })).status, 400);
  const off = await api(srv.base, 'PATCH', '/api/v1/dictionaries/client_category/returnee', { active: false });
  assert.equal(off.status, 200);
  assert.equal(off.body.active, false);
  const one = await api(srv.base, 'GET', '/api/v1/dictionaries?kind=client_category', undefined, {}, w);
  assert.deepEqual(Object.keys(one.body), ['client_category']);
  assert.equal(one.body.client_category.find((c) => c.code === 'returnee').active, false);
});

test('通知公告: the bureau publishes to a township; its station reads it; receipts are kept', async () => {
  addUser(srv, 'st102', 'station_lead', 'stations:6');   // 酒埠江镇 is station 6 in code order
  addUser(srv, 'st001', 'station_lead', 'stations:2');   // 联星街道
  const s102 = await session(srv.base, 'st102');
  const s001 = await session(srv.base, 'st001');
  const station6 = await api(srv.base, 'GET', '/api/v1/stations/6');
  const region = station6.body.region_code;
  const made = await api(srv.base, 'POST', '/api/v1/notices',
    { title: '关于报送11月工作简报的通知', body: '请于12月5日前报送。\n谢谢。', region });
  assert.equal(made.status, 201, made.text);
  const id = made.body.id;
  assert.equal((await api(srv.base, 'POST', '/api/v1/notices', { title: 'x', body: 'y' }, {}, s102)).status, 403);
  const mine = await api(srv.base, 'GET', '/api/v1/notices', undefined, {}, s102);
  assert.ok(mine.body.items.some((n) => n.id === id && n.read === false));
  const others = await api(srv.base, 'GET', '/api/v1/notices', undefined, {}, s001);
  assert.ok(!others.body.items.some((n) => n.id === id), 'another township does not see it');
  assert.equal((await api(srv.base, 'GET', `/api/v1/notices/${id}`, undefined, {}, s001)).status, 404);
  const read = await api(srv.base, 'GET', `/api/v1/notices/${id}`, undefined, {}, s102);
  assert.equal(read.status, 200);
  assert.equal(read.body.body, '请于12月5日前报送。\n谢谢。');
  const receipts = await api(srv.base, 'GET', `/api/v1/notices/${id}/reads`);
  assert.deepEqual(receipts.body.items.map((x) => x.username), ['st102']);
  // Read once, it reads as read (a boolean from PostgreSQL too).
  assert.equal((await api(srv.base, 'GET', `/api/v1/notices/${id}`, undefined, {}, s102)).body.read, true);
  assert.ok((await api(srv.base, 'GET', '/api/v1/notices', undefined, {}, s102)).body.items.some((n) => n.id === id && n.read === true));
  assert.equal((await api(srv.base, 'POST', '/api/v1/notices', { title: '', body: 'y' })).status, 400);
  const blank = await api(srv.base, 'POST', '/api/v1/notices', { title: '通知', body: '  \n\n  ' });
  assert.equal(blank.status, 400, blank.text);
  assert.equal(blank.body.error.field, 'body');
  assert.equal((await api(srv.base, 'POST', '/api/v1/notices', { title: 't', body: 'y', region: '4302231' })).status, 400);
  // Well formed, but no such division: it would reach nobody.
  const nowhere = await api(srv.base, 'POST', '/api/v1/notices', { title: 't', body: 'y', region: '999999' });
  assert.equal(nowhere.status, 400, nowhere.text);
  assert.equal(nowhere.body.error.field, 'region');
  assert.match(nowhere.body.error.message, /行政区划不存在/);
  assert.equal((await api(srv.base, 'POST', `/api/v1/notices/${id}/withdraw`, {})).status, 200);
  // Withdrawn twice: the same answer, and the log says it once.
  assert.equal((await api(srv.base, 'POST', `/api/v1/notices/${id}/withdraw`, {})).status, 200);
  addUser(srv, 'noticeaud', 'auditor', 'all');
  const na = await session(srv.base, 'noticeaud');
  const rows = await api(srv.base, 'GET', `/api/v1/audit?action=notice.withdraw&entity_id=${id}`, undefined, {}, na);
  assert.equal(rows.body.items.length, 1, rows.text);
  const gone = await api(srv.base, 'GET', '/api/v1/notices', undefined, {}, s102);
  assert.ok(!gone.body.items.some((n) => n.id === id));
  // A county's officer: a notice left without a region goes to her
  // county, not to everyone; she reaches no further, and may neither
  // withdraw nor read the receipts of a notice reaching beyond her.
  addUser(srv, 'cb', 'bureau', 'region:430223');
  const cb = await session(srv.base, 'cb');
  const hers = await api(srv.base, 'POST', '/api/v1/notices', { title: '县内通知', body: '内容' }, {}, cb);
  assert.equal(hers.status, 201, hers.text);
  assert.equal(hers.body.region, '430223');
  const wide = await api(srv.base, 'POST', '/api/v1/notices', { title: '全省', body: '内容', region: '43' }, {}, cb);
  assert.equal(wide.status, 400, wide.text);
  assert.equal(wide.body.error.field, 'region');
  assert.equal(wide.body.error.message, '发送范围：不在您的数据范围内');
  const everyone = (await api(srv.base, 'POST', '/api/v1/notices', { title: '全体', body: '内容' })).body;
  assert.equal(everyone.region, '');
  assert.equal((await api(srv.base, 'GET', `/api/v1/notices/${everyone.id}/reads`, undefined, {}, cb)).status, 403);
  assert.equal((await api(srv.base, 'POST', `/api/v1/notices/${everyone.id}/withdraw`, {}, {}, cb)).status, 403);
  const township = (await api(srv.base, 'POST', '/api/v1/notices', { title: '乡镇', body: '内容', region })).body;
  assert.equal((await api(srv.base, 'POST', `/api/v1/notices/${township.id}/withdraw`, {}, {}, cb)).status, 200,
    'a notice within her county is hers to manage');
  assert.equal((await api(srv.base, 'POST', `/api/v1/notices/${hers.body.id}/withdraw`, {}, {}, cb)).status, 200);
  assert.equal((await api(srv.base, 'POST', `/api/v1/notices/${everyone.id}/withdraw`, {})).status, 200);
});

test('通知公告 reach an organisation where its contracts run, whatever data range its org_admin was given', async () => {
  const orgA = await api(srv.base, 'POST', '/api/v1/organisations', { name: '通知测试社工中心', credit_code: '91330100799655058B' });
  assert.equal(orgA.status, 201, orgA.text);
  const orgB = await api(srv.base, 'POST', '/api/v1/organisations', { name: '无协议社工中心', credit_code: '9144030071526726XG' });
  assert.equal(orgB.status, 201, orgB.text);
  const k = await api(srv.base, 'POST', '/api/v1/contracts', {
    code: 'TZ-2026-01', title: '通知测试服务项目', organisation_id: orgA.body.id, procurement: 'open_tender', cycle_years: 1,
    cycle_year: 1, amount_fen: 12000000, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-01',
    ends_on: '2026-12-31', stations: [{ station_id: 2, amount_fen: 12000000 }],
  });
  assert.equal(k.status, 201, k.text);
  // Stored with range "all": an org_admin's reach is its contracts'.
  addUser(srv, 'orgnotice-a', 'org_admin', 'all', undefined, orgA.body.id);
  addUser(srv, 'orgnotice-b', 'org_admin', 'all', undefined, orgB.body.id);
  const a = await session(srv.base, 'orgnotice-a');
  const b = await session(srv.base, 'orgnotice-b');
  const region2 = (await api(srv.base, 'GET', '/api/v1/stations/2')).body.region_code;
  const region6 = (await api(srv.base, 'GET', '/api/v1/stations/6')).body.region_code;
  const post = async (title, region) => {
    const r = await api(srv.base, 'POST', '/api/v1/notices', { title, body: '内容', region });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  };
  const county = await post('全县社工站年度考核通知', '430223');
  const town2 = await post('联星街道通知', region2);
  const town6 = await post('酒埠江镇通知', region6);
  const all = await post('全体通知', '');
  const seen = async (who) => (await api(srv.base, 'GET', '/api/v1/notices?limit=100', undefined, {}, who)).body.items.map((n) => n.id);
  const ofA = await seen(a);
  assert.ok(ofA.includes(county) && ofA.includes(town2) && ofA.includes(all), JSON.stringify(ofA));
  assert.ok(!ofA.includes(town6), 'not a township where it runs nothing');
  const ofB = await seen(b);
  assert.ok(ofB.includes(all));
  assert.ok(!ofB.includes(county) && !ofB.includes(town2) && !ofB.includes(town6), JSON.stringify(ofB));
  assert.equal((await api(srv.base, 'GET', `/api/v1/notices/${town6}`, undefined, {}, a)).status, 404);
  assert.equal((await api(srv.base, 'GET', `/api/v1/notices/${county}`, undefined, {}, b)).status, 404);
  assert.equal((await api(srv.base, 'GET', `/api/v1/notices/${county}`, undefined, {}, a)).status, 200);
  for (const id of [county, town2, town6, all]) {
    assert.equal((await api(srv.base, 'POST', `/api/v1/notices/${id}/withdraw`, {})).status, 200);
  }
});

// RFC 6238 in a few lines, to play the authenticator app.
import { createHmac } from 'node:crypto';
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}
function totp(secret, at) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30)));
  const h = createHmac('sha1', base32(secret)).update(counter).digest();
  const o = h[h.length - 1] & 15;
  const n = (h.readUInt32BE(o) & 0x7fffffff) % 1000000;
  return String(n).padStart(6, '0');
}

test('用户管理 ties an org_admin to its organisation; an edit\'s audit row says what access changed', async () => {
  const o = await post('/api/v1/organisations', { name: '攸县启明社会工作服务中心', credit_code: '91350100M000100Y43' });
  assert.equal(o.status, 201, o.text);
  const base = { username: 'orgnew', display_name: '机构管理员甲', roles: ['org_admin'], data_range: 'self' };
  let r = await post('/api/v1/users', base);
  assert.equal(r.status, 400, 'an org_admin without an organisation would see nothing');
  assert.equal(r.body.error.field, 'organisation_id');
  assert.match(r.body.error.message, /承接机构/);
  r = await post('/api/v1/users', { ...base, organisation_id: 999999 });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'organisation_id');
  r = await post('/api/v1/users', { ...base, username: 'orgworker', roles: ['social_worker'], organisation_id: 999999 });
  assert.equal(r.status, 400, 'an organisation that does not exist, whatever the role');
  assert.equal(r.body.error.field, 'organisation_id');
  r = await post('/api/v1/users', { ...base, organisation_id: o.body.id });
  assert.equal(r.status, 201, r.text);
  const u = r.body.user;
  assert.deepEqual([u.organisation_id, u.organisation_name], [o.body.id, '攸县启明社会工作服务中心']);
  const found = await api(srv.base, 'GET', '/api/v1/users?q=orgnew&role=org_admin');
  assert.deepEqual(found.body.items.map((x) => [x.username, x.organisation_name]), [['orgnew', '攸县启明社会工作服务中心']]);
  r = await api(srv.base, 'PATCH', `/api/v1/users/${u.id}`, { roles: ['org_admin'], organisation_id: null, version: u.version });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'organisation_id');
  r = await api(srv.base, 'PATCH', `/api/v1/users/${u.id}`, { roles: ['org_admin', 'supervisor'], version: u.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.organisation_id, o.body.id, 'kept when not sent');
  addUser(srv, 'aud_ident', 'auditor', 'all');
  const aud = await session(srv.base, 'aud_ident');
  const rows = await api(srv.base, 'GET', `/api/v1/audit?entity=user&entity_id=${u.id}&action=user.update`, undefined, {}, aud);
  assert.equal(rows.status, 200, rows.text);
  const d = JSON.parse(rows.body.items[0].detail);
  assert.deepEqual([d.before.roles, d.after.roles], [['org_admin'], ['supervisor', 'org_admin']]);
  assert.equal(d.after.organisation_id, o.body.id);
  assert.ok(!('phone' in d.after), 'the phone stays out of the log');
});

test('user.create is audited with the access granted: roles, range, stations, organisation (not the phone)', async () => {
  const r = await api(srv.base, 'POST', '/api/v1/users', { username: 'granted1', display_name: '新社工', phone: '13800138000',
    roles: ['social_worker', 'station_lead'], data_range: 'stations', stations: [2, 3] });
  assert.equal(r.status, 201, r.text);
  addUser(srv, 'aud_create', 'auditor', 'all');
  const aud = await session(srv.base, 'aud_create');
  const rows = await api(srv.base, 'GET', `/api/v1/audit?entity=user&entity_id=${r.body.user.id}&action=user.create`, undefined, {}, aud);
  assert.equal(rows.status, 200, rows.text);
  assert.equal(rows.body.items.length, 1);
  const d = JSON.parse(rows.body.items[0].detail);
  assert.ok(!('before' in d), 'nothing before a creation');
  assert.deepEqual(d.after, { display_name: '新社工', roles: ['social_worker', 'station_lead'], data_range: 'stations',
    range_region: null, stations: [2, 3], organisation_id: null });
});

test('second factor: enrol, then every login needs a code; codes work once; the security admin can reset it', async () => {
  addUser(srv, 'twofa', 'bureau', 'all');
  const s = await session(srv.base, 'twofa');
  const begin = await api(srv.base, 'POST', '/api/v1/session/totp', {}, {}, s);
  assert.equal(begin.status, 200);
  assert.match(begin.body.uri, /^otpauth:\/\/totp\/sgz:twofa\?secret=[A-Z2-7]+&issuer=sgz/);
  const now = Number(FIXED_NOW);
  assert.equal((await api(srv.base, 'POST', '/api/v1/session/totp/confirm', { code: '000000' }, {}, s)).status, 400);
  assert.equal((await api(srv.base, 'POST', '/api/v1/session/totp/confirm', { code: 'abc' }, {}, s)).status, 400);
  const ok = await api(srv.base, 'POST', '/api/v1/session/totp/confirm', { code: totp(begin.body.secret, now) }, {}, s);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.second_factor_enabled, true);

  const l = await login(srv.base, 'twofa', TEST_PASSWORD2);
  assert.equal(l.status, 200);
  assert.equal(l.body.second_factor_required, true);
  const half = { cookie: l.cookie, csrf: l.csrf };
  const blocked = await api(srv.base, 'GET', '/api/v1/stations', undefined, {}, half);
  assert.equal(blocked.status, 403);
  assert.equal(blocked.body.error.code, 'second_factor_required');
  assert.equal((await api(srv.base, 'POST', '/api/v1/session/totp/verify', { code: '123456' }, {}, half)).status, 400);
  const code = totp(begin.body.secret, now + 30);
  const done = await api(srv.base, 'POST', '/api/v1/session/totp/verify', { code }, {}, half);
  assert.equal(done.status, 200, done.text);
  assert.equal((await api(srv.base, 'GET', '/api/v1/stations', undefined, {}, half)).status, 200);

  const again = await login(srv.base, 'twofa', TEST_PASSWORD2);
  const replay = await api(srv.base, 'POST', '/api/v1/session/totp/verify', { code }, {}, { cookie: again.cookie, csrf: again.csrf });
  assert.equal(replay.status, 400, 'a code cannot be used twice');
  // Said as spent, not as wrong: the user waits for the next one.
  assert.equal(replay.body.error.code, 'second_factor_used');
  assert.match(replay.body.error.message, /已使用过.*下一个验证码/);

  addUser(srv, 'sec3', 'security_admin', 'all');
  const sec = await session(srv.base, 'sec3');
  const users = await api(srv.base, 'GET', '/api/v1/users?limit=200');
  const id = users.body.items.find((u) => u.username === 'twofa').id;
  assert.equal((await api(srv.base, 'POST', `/api/v1/users/${id}/reset-totp`, {})).status, 403, 'not the sysadmin');
  assert.equal((await api(srv.base, 'POST', `/api/v1/users/${id}/reset-totp`, {}, {}, sec)).status, 200);
  const plain = await login(srv.base, 'twofa', TEST_PASSWORD2);
  assert.equal(plain.body.second_factor_required, false);
});

test('codes cannot be guessed four at a time: a right password does not clear the count before the code; the lock ends the sessions', async () => {
  addUser(srv, 'guess', 'bureau', 'all');
  const s = await session(srv.base, 'guess');
  const begin = await api(srv.base, 'POST', '/api/v1/session/totp', {}, {}, s);
  const now = Number(FIXED_NOW);
  assert.equal((await api(srv.base, 'POST', '/api/v1/session/totp/confirm', { code: totp(begin.body.secret, now) }, {}, s)).status, 200);
  const wrong = (c) => {
    const good = new Set([-1, 0, 1].map((k) => totp(begin.body.secret, now + 30 * k)));
    for (let i = 0; ; i++) { const x = String(100000 + i * 7919).slice(-6); if (!good.has(x)) return x; }
  };
  let statuses = [];
  for (let round = 0; round < 3; round++) {
    const l = await login(srv.base, 'guess', TEST_PASSWORD2);
    if (l.status !== 200) { statuses.push(l.status); break; }
    const half = { cookie: l.cookie, csrf: l.csrf };
    for (let i = 0; i < 2; i++) {
      statuses.push((await api(srv.base, 'POST', '/api/v1/session/totp/verify', { code: wrong() }, {}, half)).status);
    }
  }
  // Five failures lock (the default threshold), whatever logins came between.
  // The fifth is told the account is now locked (423, as a login is).
  assert.deepEqual(statuses.slice(0, 5), [400, 400, 400, 400, 423], statuses.join());
  assert.equal(statuses[5], 401, 'the fifth wrong code locked the account and ended the half-open session');
  const locked = await login(srv.base, 'guess', TEST_PASSWORD2);
  assert.equal(locked.status, 423, 'the right password does not open a locked account');
  // The session of a password change typed wrong five times ends too.
  addUser(srv, 'stolen', 'social_worker', 'self');
  const t = await session(srv.base, 'stolen');
  for (let i = 0; i < 5; i++) {
    const r = await api(srv.base, 'POST', '/api/v1/session/password', { current_password: 'Wrong-Passw0rd' + i, new_password: 'Another-Passw0rd9' }, {}, t);
    assert.equal(r.status, i < 4 ? 400 : 423, r.text);
  }
  await new Promise((res) => setTimeout(res, 50));
  assert.equal((await api(srv.base, 'GET', '/api/v1/session', undefined, {}, t)).status, 401, 'the lock ends the session');
  assert.equal((await login(srv.base, 'stolen', TEST_PASSWORD2)).status, 423);
});

test('a setting makes the second factor mandatory for the bureau and administrators', async () => {
  addUser(srv, 'sec4', 'security_admin', 'all');
  const sec = await session(srv.base, 'sec4');
  addUser(srv, 'must2fa', 'bureau', 'all');
  addUser(srv, 'worker2fa', 'social_worker', 'self');
  const b = await session(srv.base, 'must2fa');
  const w = await session(srv.base, 'worker2fa');
  addUser(srv, 'aud2fa', 'auditor', 'all');
  const aud = await session(srv.base, 'aud2fa');
  const early = await api(srv.base, 'POST', '/api/v1/session/tokens',
    { name: '早前的令牌', permissions: ['station.read'], expires_on: '2026-12-31' }, {}, b);
  assert.equal(early.status, 201, early.text);
  const bearer = { authorization: `Bearer ${early.body.token}` };
  const refused = await api(srv.base, 'PUT', '/api/v1/settings/login.totp_mandatory', { value: 1 }, {}, sec);
  assert.equal(refused.status, 409, 'not before the security admin has a second factor herself');
  assert.equal(refused.body.error.field, 'value');
  assert.match(refused.body.error.message, /请先为本人启用双因素认证/);
  const begin = await api(srv.base, 'POST', '/api/v1/session/totp', {}, {}, sec);
  const code = totp(begin.body.secret, Number(FIXED_NOW));
  assert.equal((await api(srv.base, 'POST', '/api/v1/session/totp/confirm', { code }, {}, sec)).status, 200);
  assert.equal((await api(srv.base, 'PUT', '/api/v1/settings/login.totp_mandatory', { value: 1 }, {}, sec)).status, 200);
  try {
    assert.equal((await api(srv.base, 'GET', '/api/v1/online', undefined, {}, sec)).status, 200, 'she is not shut out');
    const r = await api(srv.base, 'GET', '/api/v1/stations', undefined, {}, b);
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'second_factor_enrolment_required');
    const viaToken = await api(srv.base, 'GET', '/api/v1/stations', undefined, bearer, null);
    assert.equal(viaToken.status, 403, 'a token is no way around it');
    assert.equal(viaToken.body.error.code, 'second_factor_enrolment_required');
    const made = await api(srv.base, 'POST', '/api/v1/session/tokens',
      { name: '新令牌', permissions: ['station.read'], expires_on: '2026-12-31' }, {}, b);
    assert.equal(made.status, 403, 'nor a token made before enrolling');
    assert.equal((await api(srv.base, 'POST', '/api/v1/session/totp', {}, {}, b)).status, 200, 'enrolling stays possible');
    assert.equal((await api(srv.base, 'GET', '/api/v1/stations', undefined, {}, w)).status, 200, 'workers are not concerned');
    const audit = await api(srv.base, 'GET', '/api/v1/audit', undefined, {}, aud);
    assert.equal(audit.status, 403, 'the auditor is one of the three administrators');
    assert.equal(audit.body.error.code, 'second_factor_enrolment_required');
  } finally {
    const off = await api(srv.base, 'PUT', '/api/v1/settings/login.totp_mandatory', { value: 0 }, {}, sec);
    assert.equal(off.status, 200, off.text);
  }
});

test('API tokens: a subset of my permissions, shown once, audited when used, revocable', async () => {
  addUser(srv, 'machine', 'bureau', 'all');
  const m = await session(srv.base, 'machine');
  const bad = await api(srv.base, 'POST', '/api/v1/session/tokens',
    { name: 'x', permissions: ['user.manage'], expires_on: '2026-12-31' }, {}, m);
  assert.equal(bad.status, 400, 'a bureau user cannot grant user.manage');
  const far = await api(srv.base, 'POST', '/api/v1/session/tokens',
    { name: 'x', permissions: ['station.read'], expires_on: '2030-01-01' }, {}, m);
  assert.equal(far.status, 400, 'more than a year');
  assert.match(far.body.error.message, /有效期\(\d+天内\)超出允许范围/);
  // A day gone by is said to be gone, not out of a range.
  const past = await api(srv.base, 'POST', '/api/v1/session/tokens',
    { name: 'x', permissions: ['station.read'], expires_on: '2026-01-01' }, {}, m);
  assert.equal(past.status, 400, 'in the past');
  assert.equal(past.body.error.field, 'expires_on');
  assert.match(past.body.error.message, /有效期至不能早于今天/);
  const made = await api(srv.base, 'POST', '/api/v1/session/tokens',
    { name: '统计对接', permissions: ['station.read', 'region.read'], expires_on: '2026-12-31', region: '430223102' }, {}, m);
  assert.equal(made.status, 201, made.text);
  assert.match(made.body.token, /^sgz_[A-Za-z0-9_-]{43}$/);
  const bearer = { authorization: `Bearer ${made.body.token}` };
  const list = await api(srv.base, 'GET', '/api/v1/stations', undefined, bearer, null);
  assert.equal(list.status, 200);
  assert.ok(list.body.items.length >= 1);
  for (const s of list.body.items) assert.ok(s.region_code.startsWith('430223102'));
  assert.equal((await api(srv.base, 'PATCH', '/api/v1/stations/6', { address: 'x', version: 1 }, bearer, null)).status, 403,
    'station.update was not granted');
  assert.equal((await api(srv.base, 'GET', '/api/v1/session/tokens', undefined, bearer, null)).status, 403,
    'a token cannot manage tokens');
  // The code lists and the calendar, to read what it is given, whatever
  // its actions; a person's notices (read receipts) stay the session's.
  const dicts = await api(srv.base, 'GET', '/api/v1/dictionaries', undefined, bearer, null);
  assert.equal(dicts.status, 200, dicts.text);
  assert.ok(dicts.body.client_category.length > 0);
  assert.equal((await api(srv.base, 'GET', '/api/v1/calendar/deadline?from=2026-06-01&days=15', undefined, bearer, null)).status, 200);
  assert.equal((await api(srv.base, 'GET', '/api/v1/notices', undefined, bearer, null)).status, 403);
  const listed = await api(srv.base, 'GET', '/api/v1/session/tokens', undefined, {}, m);
  assert.equal(listed.body.items[0].token, undefined, 'never shown again');
  assert.ok(listed.body.items[0].last_used_at);
  addUser(srv, 'aud2', 'auditor', 'all');
  const a = await session(srv.base, 'aud2');
  const used = await api(srv.base, 'GET', '/api/v1/audit?action=token.use', undefined, {}, a);
  assert.ok(used.body.items.length >= 1);
  addUser(srv, 'machine2', 'bureau', 'all');
  const other = await session(srv.base, 'machine2');
  assert.equal((await api(srv.base, 'DELETE', `/api/v1/session/tokens/${made.body.id}`, undefined, {}, other)).status, 404,
    'another user cannot revoke it as her own');
  assert.equal((await api(srv.base, 'GET', '/api/v1/stations', undefined, bearer, null)).status, 200, 'it still works');
  assert.equal((await api(srv.base, 'DELETE', `/api/v1/session/tokens/${made.body.id}`, undefined, {}, m)).status, 200);
  const revoked = await api(srv.base, 'GET', `/api/v1/audit?action=token.revoke&entity_id=${made.body.id}`, undefined, {}, a);
  assert.equal(revoked.body.items.length, 1, 'one audit row, for the owner\'s revoke');
  assert.equal((await api(srv.base, 'GET', '/api/v1/stations', undefined, bearer, null)).status, 401);
  assert.equal((await api(srv.base, 'GET', '/api/v1/stations', undefined, { authorization: 'Bearer sgz_' + 'x'.repeat(43) }, null)).status, 401);
});

test('接口令牌: the security administrator sees every user\'s tokens and revokes one; nobody else may', async () => {
  addUser(srv, 'tok.owner', 'bureau', 'all');
  addUser(srv, 'sec.tokens', 'security_admin', 'all');
  addUser(srv, 'aud.tokens', 'auditor', 'all');
  const owner = await session(srv.base, 'tok.owner');
  const sec = await session(srv.base, 'sec.tokens');
  const make = async (name) => {
    const r = await api(srv.base, 'POST', '/api/v1/session/tokens',
      { name, permissions: ['station.read'], expires_on: '2026-12-31' }, {}, owner);
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const a = await make('甲对接');
  const b = await make('乙对接');
  const list = await api(srv.base, 'GET', '/api/v1/tokens?q=tok.owner', undefined, {}, sec);
  assert.equal(list.status, 200, list.text);
  assert.equal(list.body.total, 2);
  assert.deepEqual(list.body.items.map((t) => [t.name, t.username, t.state]), [['乙对接', 'tok.owner', 'active'], ['甲对接', 'tok.owner', 'active']]);
  for (const t of list.body.items) {
    assert.equal(t.token, undefined, 'the secret is never shown');
    assert.equal(t.token_hash, undefined);
  }
  // Not the owner's to list this way, nor the sysadmin's (三员分立).
  assert.equal((await api(srv.base, 'GET', '/api/v1/tokens', undefined, {}, owner)).status, 403);
  assert.equal((await api(srv.base, 'GET', '/api/v1/tokens')).status, 403);
  assert.equal((await api(srv.base, 'DELETE', `/api/v1/tokens/${a.id}`)).status, 403);
  assert.equal((await api(srv.base, 'GET', '/api/v1/tokens?state=lost', undefined, {}, sec)).status, 400);
  // Revoked: the program using it is refused at once; a second time is 404.
  const bearer = { authorization: `Bearer ${a.token}` };
  assert.equal((await api(srv.base, 'GET', '/api/v1/stations', undefined, bearer, null)).status, 200);
  assert.equal((await api(srv.base, 'DELETE', `/api/v1/tokens/${a.id}`, undefined, {}, sec)).status, 200);
  assert.equal((await api(srv.base, 'GET', '/api/v1/stations', undefined, bearer, null)).status, 401);
  assert.equal((await api(srv.base, 'DELETE', `/api/v1/tokens/${a.id}`, undefined, {}, sec)).status, 404);
  assert.equal((await api(srv.base, 'DELETE', '/api/v1/tokens/999999', undefined, {}, sec)).status, 404);
  const revoked = (await api(srv.base, 'GET', '/api/v1/tokens?q=tok.owner&state=revoked', undefined, {}, sec)).body.items;
  assert.deepEqual(revoked.map((t) => t.id), [a.id]);
  const active = (await api(srv.base, 'GET', '/api/v1/tokens?q=tok.owner&state=active', undefined, {}, sec)).body.items;
  assert.deepEqual(active.map((t) => t.id), [b.id]);
  // The owner sees it revoked in her own list; the auditor reads whose it was.
  const own = (await api(srv.base, 'GET', '/api/v1/session/tokens', undefined, {}, owner)).body.items;
  assert.equal(own.find((t) => t.id === a.id).revoked, true);
  const aud = await session(srv.base, 'aud.tokens');
  const rows = (await api(srv.base, 'GET', '/api/v1/audit?action=token.revoke&actor=sec.tokens', undefined, {}, aud)).body.items;
  assert.equal(rows.length, 1, JSON.stringify(rows));
  assert.deepEqual(JSON.parse(rows[0].detail), { user: 'tok.owner', name: '甲对接' });
  assert.equal(rows[0].entity_id, String(a.id));
});

// A second server on the same database with its clock moved on: sessions
// live in the database, so it judges them as the first would later.
import { spawn } from 'node:child_process';
import { BIN } from './lib.mjs';
async function serverAt(env, now) {
  const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--access-log', 'off'],
    { env: { ...process.env, ...env, SGZ_NOW: String(now) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const port = await new Promise((resolve, reject) => {
    child.stderr.on('data', (c) => { err += c; const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err); if (m) resolve(Number(m[1])); });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  child.removeAllListeners('exit');
  return { base: `http://127.0.0.1:${port}`, stop: () => new Promise((res) => { child.on('exit', res); child.kill('SIGTERM'); }) };
}

test('a session ends after 30 idle minutes and after 12 hours whatever happens', async () => {
  addUser(srv, 'clock', 'social_worker', 'self');
  const idle = await session(srv.base, 'clock');
  const busy = await login(srv.base, 'clock', TEST_PASSWORD2);
  const t0 = Number(FIXED_NOW);
  const later = await serverAt(srv.env, t0 + 29 * 60);
  try {
    assert.equal((await api(later.base, 'GET', '/api/v1/session', undefined, {}, { cookie: busy.cookie })).status, 200,
      '29 idle minutes: still logged in (and seen now)');
  } finally { await later.stop(); }
  const much = await serverAt(srv.env, t0 + 31 * 60);
  try {
    assert.equal((await api(much.base, 'GET', '/api/v1/session', undefined, {}, idle)).status, 401, '31 idle minutes: over');
    assert.equal((await api(much.base, 'GET', '/api/v1/session', undefined, {}, { cookie: busy.cookie })).status, 200,
      'the other one was used two minutes ago');
  } finally { await much.stop(); }
  // Idle time allowed up to 8 hours: only the 12-hour lifetime can end it.
  assert.equal(sgz(['setting', 'set', 'session.idle_minutes', '480'], srv.env).status, 0);
  try {
    const day = await serverAt(srv.env, t0 + 8 * 3600);
    try {
      assert.equal((await api(day.base, 'GET', '/api/v1/session', undefined, {}, { cookie: busy.cookie })).status, 200,
        'eight hours on, used again: still logged in');
    } finally { await day.stop(); }
    const night = await serverAt(srv.env, t0 + 12 * 3600 + 60);
    try {
      assert.equal((await api(night.base, 'GET', '/api/v1/session', undefined, {}, { cookie: busy.cookie })).status, 401,
        'twelve hours: over, though it was used four hours ago');
    } finally { await night.stop(); }
  } finally {
    sgz(['setting', 'set', 'session.idle_minutes', '30'], srv.env);
  }
});

test('settings changed at the same moment all take effect on the running server', async () => {
  addUser(srv, 'sec_many', 'security_admin', 'all');
  const sec = await session(srv.base, 'sec_many');
  const want = {
    'login.lockout_minutes': 20, 'session.idle_minutes': 45, 'audit.retention_days': 400,
    'audit.export_max_rows': 1000, 'token.max_days': 200, 'password.history': 6,
  };
  const before = Object.fromEntries((await api(srv.base, 'GET', '/api/v1/settings', undefined, {}, sec)).body.items.map((x) => [x.key, x.value]));
  try {
    const puts = await Promise.all(Object.entries(want).map(([k, v]) => api(srv.base, 'PUT', `/api/v1/settings/${k}`, { value: v }, {}, sec)));
    assert.ok(puts.every((p) => p.status === 200), puts.map((p) => p.status).join());
    const now = Object.fromEntries((await api(srv.base, 'GET', '/api/v1/settings', undefined, {}, sec)).body.items.map((x) => [x.key, x.value]));
    for (const [k, v] of Object.entries(want)) assert.equal(now[k], v, k);
  } finally {
    for (const k of Object.keys(want)) await api(srv.base, 'PUT', `/api/v1/settings/${k}`, { value: before[k] }, {}, sec);
  }
});

test('a token\'s region gives no more than the user\'s range of today', async () => {
  addUser(srv, 'narrowed', 'bureau', 'region:430223');
  const s = await session(srv.base, 'narrowed');
  const made = await api(srv.base, 'POST', '/api/v1/session/tokens',
    { name: '区县对接', permissions: ['station.read'], expires_on: '2026-12-31', region: '430223' }, {}, s);
  assert.equal(made.status, 201, made.text);
  // A division outside her county is said to be outside her range.
  const far = await api(srv.base, 'POST', '/api/v1/session/tokens',
    { name: '越界', permissions: ['station.read'], expires_on: '2026-12-31', region: '430102' }, {}, s);
  assert.equal(far.status, 400, far.text);
  assert.equal(far.body.error.message, '数据范围区划：不在您的数据范围内');
  const bearer = { authorization: `Bearer ${made.body.token}` };
  const wide = (await api(srv.base, 'GET', '/api/v1/stations?limit=200', undefined, bearer, null)).body;
  assert.ok(wide.total > 1);
  const u = (await api(srv.base, 'GET', '/api/v1/users?q=narrowed')).body.items[0];
  const r = await api(srv.base, 'PATCH', `/api/v1/users/${u.id}`, { data_range: 'stations', stations: [2], version: u.version });
  assert.equal(r.status, 200, r.text);
  const station2 = (await api(srv.base, 'GET', '/api/v1/stations/2')).body.name;
  assert.deepEqual(r.body.station_names, [station2], 'the user pages name the stations');
  // A range of stations has no division to narrow a new token by: said so.
  const byRegion = await api(srv.base, 'POST', '/api/v1/session/tokens',
    { name: '站点对接', permissions: ['station.read'], expires_on: '2026-12-31', region: '430223001' }, {}, s);
  assert.equal(byRegion.status, 400, byRegion.text);
  assert.match(byRegion.body.error.message, /^数据范围区划：您的数据范围是所在站点/);
  addUser(srv, 'sec_names', 'security_admin', 'all');
  const sec = await session(srv.base, 'sec_names');
  const listed = (await api(srv.base, 'GET', '/api/v1/users?q=narrowed', undefined, {}, sec)).body.items[0];
  assert.deepEqual(listed.station_names, [station2], 'for a security admin, who cannot read stations');
  const narrow = (await api(srv.base, 'GET', '/api/v1/stations?limit=200', undefined, bearer, null)).body;
  assert.deepEqual(narrow.items.map((x) => x.id), [2]);
});

test('one code opens one session, even sent twice at the same moment', async () => {
  addUser(srv, 'racer', 'bureau', 'all');
  const s = await session(srv.base, 'racer');
  const begin = await api(srv.base, 'POST', '/api/v1/session/totp', {}, {}, s);
  const now = Number(FIXED_NOW);
  assert.equal((await api(srv.base, 'POST', '/api/v1/session/totp/confirm', { code: totp(begin.body.secret, now) }, {}, s)).status, 200);
  const halves = [];
  for (let i = 0; i < 2; i++) {
    const l = await login(srv.base, 'racer', TEST_PASSWORD2);
    halves.push({ cookie: l.cookie, csrf: l.csrf });
  }
  const code = totp(begin.body.secret, now + 30);
  const got = await Promise.all(halves.map((h) => api(srv.base, 'POST', '/api/v1/session/totp/verify', { code }, {}, h)));
  assert.deepEqual(got.map((r) => r.status).sort(), [200, 400], got.map((r) => r.text).join(' | '));
});

test('an administrator\'s password reset ends the account\'s API tokens with its sessions', async () => {
  addUser(srv, 'tokreset', 'bureau', 'all');
  const m = await session(srv.base, 'tokreset');
  const made = await api(srv.base, 'POST', '/api/v1/session/tokens',
    { name: '统计对接', permissions: ['station.read'], expires_on: '2026-12-31' }, {}, m);
  assert.equal(made.status, 201, made.text);
  const bearer = { authorization: `Bearer ${made.body.token}` };
  assert.equal((await api(srv.base, 'GET', '/api/v1/stations', undefined, bearer, null)).status, 200);
  const me = (await api(srv.base, 'GET', '/api/v1/session', undefined, {}, m)).body.user;
  const reset = await api(srv.base, 'POST', `/api/v1/users/${me.id}/reset-password`, {});
  assert.equal(reset.status, 200, reset.text);
  assert.equal((await api(srv.base, 'GET', '/api/v1/stations', undefined, bearer, null)).status, 401, 'the token ended');
  assert.equal((await api(srv.base, 'GET', '/api/v1/session', undefined, {}, m)).status, 401, 'the session too');
});

test('a password reset on the command line ends the account\'s API tokens too', async () => {
  addUser(srv, 'tokreset2', 'bureau', 'all');
  const m = await session(srv.base, 'tokreset2');
  const made = await api(srv.base, 'POST', '/api/v1/session/tokens',
    { name: '统计对接', permissions: ['station.read'], expires_on: '2026-12-31' }, {}, m);
  assert.equal(made.status, 201, made.text);
  const bearer = { authorization: `Bearer ${made.body.token}` };
  assert.equal((await api(srv.base, 'GET', '/api/v1/stations', undefined, bearer, null)).status, 200);
  const r = sgz(['user', 'passwd', 'tokreset2', '--password-stdin'], srv.env, 'Reset-Passw0rd-9\n');
  assert.equal(r.status, 0, r.stderr);
  // The server caches a token's owner for two seconds.
  await new Promise((res) => setTimeout(res, 2100));
  assert.equal((await api(srv.base, 'GET', '/api/v1/stations', undefined, bearer, null)).status, 401, 'the token ended');
  // A display name from the command line is checked as the API checks it.
  const bad = sgz(['user', 'add', 'badname', '--roles', 'bureau', '--name', 'a\x01b', '--password-stdin'], srv.env, 'Init-Passw0rd\n');
  assert.equal(bad.status, 2, bad.stderr);
  assert.equal(sgz(['user', 'add', 'badname', '--roles', 'bureau', '--name', 'x'.repeat(41), '--password-stdin'], srv.env, 'Init-Passw0rd\n').status, 2);
  assert.equal(sgz(['user', 'add', 'badname', '--roles', 'bureau', '--name', '   ', '--password-stdin'], srv.env, 'Init-Passw0rd\n').status, 2);
});

test('an API token refused the session routes is an operation-log refusal named in Chinese, never a login', async () => {
  addUser(srv, 'tok.session', 'bureau', 'all');
  const owner = await session(srv.base, 'tok.session');
  const made = await api(srv.base, 'POST', '/api/v1/session/tokens',
    { name: '对接', permissions: ['station.read'], expires_on: '2026-12-31' }, {}, owner);
  assert.equal(made.status, 201, made.text);
  const bearer = { authorization: `Bearer ${made.body.token}` };
  const tried = [['GET', '/api/v1/session/tokens'], ['POST', '/api/v1/session/tokens'], ['GET', '/api/v1/session'], ['DELETE', '/api/v1/session']];
  for (const [method, path] of tried) {
    const body = method === 'POST' ? { name: 'x', permissions: ['station.read'], expires_on: '2026-12-31' } : undefined;
    assert.equal((await api(srv.base, method, path, body, bearer, null)).status, 403, `${method} ${path}`);
  }
  addUser(srv, 'aud.session', 'auditor', 'all');
  const aud = await session(srv.base, 'aud.session');
  const actor = encodeURIComponent('tok.session');
  const logins = (await api(srv.base, 'GET', `/api/v1/audit?kind=login&actor=${actor}`, undefined, {}, aud)).body.items;
  // Her login and first password change; no refusal reads as a login.
  assert.deepEqual(logins.map((x) => `${x.action} ${x.entity} ${x.result}`), ['password.change user ok', 'login user ok']);
  const refused = (await api(srv.base, 'GET', `/api/v1/audit?kind=operation&actor=${actor}&result=denied`, undefined, {}, aud)).body.items;
  assert.deepEqual(refused.map((x) => x.entity_id).sort(), tried.map(([m, p]) => `${m} ${p}`).sort());
  for (const x of refused) {
    assert.equal(x.entity, 'route');
    assert.equal(x.action, 'session');
    assert.equal(x.action_label, '拒绝：访问本人会话、密码和令牌');
  }
  const en = (await api(srv.base, 'GET', `/api/v1/audit?kind=operation&actor=${actor}&result=denied`, undefined, { 'accept-language': 'en' }, aud)).body.items;
  assert.equal(en[0].action_label, 'Refused: Use own session, password and tokens');
  // The file for an inspector says the same.
  const x = await fetch(`${srv.base}/api/v1/audit.xlsx?kind=operation&actor=${actor}&result=denied`, { headers: { cookie: aud.cookie } });
  assert.equal(x.status, 200);
  const bytes = Buffer.from(await x.arrayBuffer());
  const dir = mkdtempSync(join(tmpdir(), 'sgz-audit-'));
  writeFileSync(join(dir, 'a.xlsx'), bytes);
  const sheet = execFileSync('unzip', ['-p', join(dir, 'a.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(sheet.split('拒绝：访问本人会话、密码和令牌').length - 1, tried.length, sheet);
  assert.doesNotMatch(sheet, /拒绝：(session|登录)/);
});

test('a token\'s session call refused by an older version (logged under "login") reads as an operation, not a login', async () => {
  addUser(srv, 'tok.older', 'bureau', 'all');
  const owner = await session(srv.base, 'tok.older');
  const made = await api(srv.base, 'POST', '/api/v1/session/tokens',
    { name: '旧版', permissions: ['station.read'], expires_on: '2026-12-31' }, {}, owner);
  assert.equal(made.status, 201, made.text);
  const bearer = { authorization: `Bearer ${made.body.token}` };
  assert.equal((await api(srv.base, 'GET', '/api/v1/session', undefined, bearer, null)).status, 403);
  // As the row stood before: the refusal's action was "login".
  const sql = "UPDATE audit_log SET action = 'login' WHERE actor LIKE 'tok.older(token %' AND entity = 'route'";
  if (BACKEND === 'postgres') execFileSync('psql', [srv.env.SGZ_DB, '-qAtc', sql]);
  else execFileSync('sqlite3', [srv.env.SGZ_DB, sql]);
  addUser(srv, 'aud.older', 'auditor', 'all');
  const aud = await session(srv.base, 'aud.older');
  const logins = (await api(srv.base, 'GET', '/api/v1/audit?kind=login&actor=tok.older', undefined, {}, aud)).body;
  assert.deepEqual(logins.items.map((x) => `${x.action} ${x.entity}`), ['password.change user', 'login user']);
  assert.equal(logins.total, 2);
  const ops = (await api(srv.base, 'GET', '/api/v1/audit?kind=operation&actor=tok.older&result=denied', undefined, {}, aud)).body.items;
  assert.deepEqual(ops.map((x) => `${x.action} ${x.entity_id}`), ['login GET /api/v1/session']);
  assert.equal(ops[0].action_label, '拒绝：访问本人会话、密码和令牌');
});
