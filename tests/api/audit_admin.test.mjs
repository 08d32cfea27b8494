// The audit log as an auditor reads it: a refusal named as one, a
// user's rows found with her API tokens' rows, and a password change that
// locks the account saying so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, api, addUser, login, session, sgz, FIXED_NOW, TEST_PASSWORD, TEST_PASSWORD2 } from './lib.mjs';
import { idNumber } from './helpers_extra.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error|LeakSanitizer/);
});

const get = (path, auth, headers = {}) => api(srv.base, 'GET', path, undefined, headers, auth);

test('a refused request is labelled as the refusal of the permission, not as the action that permission names', async () => {
  addUser(srv, 'aud_refused', 'auditor', 'all');
  const aud = await session(srv.base, 'aud_refused');
  // An auditor may not read clients: refused, and logged under client.read.
  assert.equal((await get('/api/v1/clients', aud)).status, 403);
  const rows = (await get('/api/v1/audit?action=client.read&result=denied&actor=aud_refused', aud)).body.items;
  assert.equal(rows.length, 1, JSON.stringify(rows));
  assert.equal(rows[0].entity, 'route');
  assert.equal(rows[0].action_label, '拒绝：查看服务对象');
  assert.doesNotMatch(rows[0].action_label, /敏感/);
  const en = (await get('/api/v1/audit?action=client.read&result=denied&actor=aud_refused', aud, { 'accept-language': 'en' })).body.items;
  assert.equal(en[0].action_label, 'Refused: View clients');
  // A row that is not a refusal keeps its action's name.
  const logins = (await get('/api/v1/audit?action=login&actor=aud_refused', aud)).body.items;
  assert.equal(logins[0].action_label, '登录');
});

test('filtering by actor finds what she did with her API tokens, and only hers', async () => {
  addUser(srv, 'tok_a', 'bureau', 'all');
  addUser(srv, 'tokxa', 'bureau', 'all');
  addUser(srv, 'tok_a2', 'bureau', 'all');
  addUser(srv, 'aud_tok', 'auditor', 'all');
  const aud = await session(srv.base, 'aud_tok');
  const made = async (who) => {
    const s = await session(srv.base, who);
    const t = await api(srv.base, 'POST', '/api/v1/session/tokens',
      { name: '对接', permissions: ['station.read'], expires_on: '2026-12-31' }, {}, s);
    assert.equal(t.status, 201, t.text);
    const r = await get('/api/v1/stations', null, { authorization: `Bearer ${t.body.token}` });
    assert.equal(r.status, 200, r.text);
  };
  for (const who of ['tok_a', 'tokxa', 'tok_a2']) await made(who);
  const actors = async (actor) => (await get(`/api/v1/audit?action=token.use&actor=${encodeURIComponent(actor)}`, aud)).body.items
    .map((x) => x.actor);
  const mine = await actors('tok_a');
  assert.equal(mine.length, 1, mine.join());
  assert.match(mine[0], /^tok_a\(token \d+\)$/);
  // Her own rows too, not only her tokens'.
  const all = (await get('/api/v1/audit?actor=tok_a&limit=200', aud)).body.items.map((x) => x.actor);
  assert.ok(all.includes('tok_a') && all.includes(mine[0]), all.join());
  // The exact token's actor still finds its rows.
  assert.deepEqual(await actors(mine[0]), mine);
  // _ is a letter of a name, not a pattern; a prefix of a name is not her.
  assert.deepEqual(await actors('tok'), []);
  assert.deepEqual(await actors('tok_'), []);
  assert.equal((await actors('tokxa')).length, 1);
});

test('the auditor reads who did it and whom it was about by name, not only by login and number', async () => {
  addUser(srv, 'named_aud', 'auditor', 'all');
  // Her name is set where a security administrator's account is made:
  // on the server, not by the sysadmin.
  const made = sgz(['user', 'add', 'named_sec', '--roles', 'security_admin', '--range', 'all', '--name', '安全员小林',
    '--password-stdin'], srv.env, TEST_PASSWORD + '\n');
  assert.equal(made.status, 0, made.stderr);
  addUser(srv, 'named_sw', 'social_worker', 'all');
  const users = (await get('/api/v1/users?q=named_&limit=50')).body.items;
  const of = (u) => users.find((x) => x.username === u);
  const r = await api(srv.base, 'PATCH', `/api/v1/users/${of('named_sw').id}`, { display_name: '社工小周', version: of('named_sw').version });
  assert.equal(r.status, 200, r.text);
  // The security administrator lifts the worker's lockout: a row about user #N.
  const sec = await session(srv.base, 'named_sec');
  const sw = of('named_sw');
  for (let i = 0; i < 5; i++) await login(srv.base, 'named_sw', 'Wrong-Passw0rd');
  const un = await api(srv.base, 'POST', `/api/v1/users/${sw.id}/unlock`, {}, {}, sec);
  assert.equal(un.status, 200, un.text);
  const aud = await session(srv.base, 'named_aud');
  const rows = (await get(`/api/v1/audit?actor=named_sec&entity=user&entity_id=${sw.id}`, aud)).body.items;
  assert.ok(rows.length >= 1, JSON.stringify(rows));
  assert.equal(rows[0].actor, 'named_sec');
  assert.equal(rows[0].actor_name, '安全员小林');
  assert.equal(rows[0].entity_name, '社工小周');
  // A login that names nobody (a mistyped user name) has no name to show.
  assert.equal((await login(srv.base, 'no_such_person', 'Whatever-Passw0rd')).status, 401);
  const failed = (await get('/api/v1/audit?actor=no_such_person', aud)).body.items;
  assert.equal(failed.length, 1, JSON.stringify(failed));
  assert.equal(failed[0].actor_name, '');
  // The exported sheet for an inspection names them too.
  const x = await fetch(`${srv.base}/api/v1/audit.xlsx?actor=named_sec&entity=user&entity_id=${sw.id}`, { headers: { cookie: aud.cookie } });
  assert.equal(x.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'sgz-audit-'));
  writeFileSync(join(dir, 'a.xlsx'), Buffer.from(await x.arrayBuffer()));
  const strings = execFileSync('unzip', ['-p', join(dir, 'a.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  assert.ok(strings.includes('安全员小林（named_sec）'), strings);
  assert.ok(strings.includes(`${sw.id}（社工小周）`), strings);
});

test('the wrong current password that locks the account says it is locked, and for how long', async () => {
  addUser(srv, 'pw_locked', 'social_worker', 'self');
  addUser(srv, 'aud_pw', 'auditor', 'all');
  const aud = await session(srv.base, 'aud_pw');
  const s = await session(srv.base, 'pw_locked');
  const replies = [];
  for (let i = 0; i < 5; i++) {
    replies.push(await api(srv.base, 'POST', '/api/v1/session/password',
      { current_password: 'Wrong-Passw0rd' + i, new_password: 'Another-Passw0rd9' }, {}, s));
  }
  for (const r of replies.slice(0, 4)) {
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.field, 'current_password');
  }
  const last = replies[4];
  assert.equal(last.status, 423, last.text);
  assert.equal(last.body.error.code, 'account_locked');
  assert.match(last.body.error.message, /账号已锁定，请\d+分钟后再试/);
  // The same words a login gives.
  const l = await login(srv.base, 'pw_locked', TEST_PASSWORD2);
  assert.equal(l.status, 423);
  // The log says the fifth locked it.
  const rows = (await get('/api/v1/audit?action=password.change&actor=pw_locked', aud)).body.items;
  assert.deepEqual(rows.map((x) => x.result).slice(0, 5), ['locked', 'failed', 'failed', 'failed', 'failed']);
});

// RFC 6238, to play the authenticator app.
function totp(secret, at) {
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

test('the login log: a password without its second factor is pending, a wrong code is there, a login is one row', async () => {
  addUser(srv, 'twostep', 'bureau', 'all');
  addUser(srv, 'aud_2fa', 'auditor', 'all');
  const aud = await session(srv.base, 'aud_2fa');
  const s = await session(srv.base, 'twostep');
  const now = Number(FIXED_NOW);
  const begin = await api(srv.base, 'POST', '/api/v1/session/totp', {}, {}, s);
  assert.equal((await api(srv.base, 'POST', '/api/v1/session/totp/confirm', { code: totp(begin.body.secret, now) }, {}, s)).status, 200);
  const logins = async () => (await get('/api/v1/audit?kind=login&actor=twostep&limit=200', aud)).body.items;
  const before = (await logins()).length;
  // The password, then a wrong code: she never came in.
  const half = await login(srv.base, 'twostep', TEST_PASSWORD2);
  assert.equal(half.status, 200);
  assert.equal(half.body.second_factor_required, true);
  const auth = { cookie: half.cookie, csrf: half.csrf };
  assert.equal((await api(srv.base, 'POST', '/api/v1/session/totp/verify', { code: '000000' }, {}, auth)).status, 400);
  let rows = (await logins()).slice(0, (await logins()).length - before);
  assert.deepEqual(rows.map((x) => `${x.action} ${x.result}`), ['totp.check failed', 'login pending']);
  const zh = (await get('/api/v1/audit?kind=login&actor=twostep&result=pending', aud)).body.items;
  assert.equal(zh.length, 1);
  // Then the right code: one login, ok.
  const ok = await api(srv.base, 'POST', '/api/v1/session/totp/verify', { code: totp(begin.body.secret, now + 30) }, {}, auth);
  assert.equal(ok.status, 200, ok.text);
  rows = (await logins()).slice(0, 3);
  assert.deepEqual(rows.map((x) => `${x.action} ${x.result}`), ['login ok', 'totp.check failed', 'login pending']);
  // Not in the operation log.
  const ops = (await get('/api/v1/audit?kind=operation&actor=twostep&action=totp.check', aud)).body.items;
  assert.equal(ops.length, 0);
});

// The .xlsx of GET /api/v1/audit.xlsx?query as rows of text cells (the
// title, the filter line and the header first).
async function auditSheet(query, auth, headers = {}) {
  const res = await fetch(`${srv.base}/api/v1/audit.xlsx?${query}`, { headers: { cookie: auth.cookie, ...headers } });
  assert.equal(res.status, 200, await res.clone().text());
  const dir = mkdtempSync(join(tmpdir(), 'sgz-audit-'));
  writeFileSync(join(dir, 'a.xlsx'), Buffer.from(await res.arrayBuffer()));
  const sheet = execFileSync('unzip', ['-p', join(dir, 'a.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  rmSync(dir, { recursive: true, force: true });
  const text = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  // Cells by their column (an empty one is not written).
  return [...sheet.matchAll(/<row [^>]*>(.*?)<\/row>/gs)].map((m) => {
    const row = [];
    for (const [, attrs, inner] of m[1].matchAll(/<c ([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
      const col = /r="([A-Z])\d+"/.exec(attrs)[1].charCodeAt(0) - 65;
      const t = /<t[^>]*>([^<]*)<\/t>/.exec(inner || '');
      row[col] = t ? text(t[1]) : '';
    }
    return Array.from(row, (x) => x ?? '');
  });
}

// Every key a detail holds, its members' and a visit form's (kept as the
// text of its JSON) included.
function detailKeys(v, out = new Set()) {
  if (typeof v === 'string' && v.startsWith('{')) {
    try { return detailKeys(JSON.parse(v), out); } catch { return out; }
  }
  if (Array.isArray(v)) for (const x of v) detailKeys(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k !== 'before' && k !== 'after' && k !== 'changed_text') out.add(k);
      detailKeys(x, out);
    }
  }
  return out;
}

test('the exported operation log names every field and code of a record\'s rows as the page does: no raw key or code left', async () => {
  addUser(srv, 'w_named', 'social_worker', 'stations:2');
  const w = await session(srv.base, 'w_named');
  const ok = (r, status = 201) => { assert.equal(r.status, status, r.text); return r.body; };
  // A client, registered and changed.
  const client = ok(await api(srv.base, 'POST', '/api/v1/clients', {
    station_id: 2, name: '张老汉', id_number: idNumber('43022319500303001'), ethnicity: '01', risk_level: 'medium',
    self_care: 'partial', living: 'alone', categories: [{ code: 'dibao', started_on: '2024-01-01' }],
  }));
  const cur = ok(await api(srv.base, 'GET', `/api/v1/clients/${client.id}`), 200);
  ok(await api(srv.base, 'PATCH', `/api/v1/clients/${client.id}`, { risk_level: 'high', version: cur.version }), 200);
  // An organisation, its worker and a contract with it; then suspended.
  const org = ok(await api(srv.base, 'POST', '/api/v1/organisations', { name: '攸县审计社会工作服务中心', credit_code: '52430223MJJ0000040', rating: '4A' }));
  const worker = ok(await api(srv.base, 'POST', '/api/v1/staff', {
    name: '周晓梅', role: 'resident', birth_date: '1995-04-12', sex: 'F', education: 'bachelor', major: '社会工作', certificate: 'assistant',
    certified_on: '2021-06-20', hukou_local: true, hired_on: '2024-03-01', wage_fen: 260000, phone: '13812345678', organisation_id: org.id,
  }));
  // A worker's edit: the log says what changed, by her form's names.
  ok(await api(srv.base, 'PATCH', `/api/v1/staff/${worker.id}`, { name: '周晓敏', wage_fen: 280000, education: 'master', phone: '13812345679', version: worker.version }), 200);
  ok(await api(srv.base, 'POST', '/api/v1/contracts', {
    code: 'AUD-2026-01', title: '审计测试服务项目', organisation_id: org.id, procurement: 'open_tender', cycle_years: 1, cycle_year: 1,
    amount_fen: 12000000, signed_on: '2026-01-05', effective_on: '2026-01-06', starts_on: '2026-01-06', ends_on: '2027-01-05',
    stations: [{ station_id: 2, amount_fen: 12000000 }],
  }));
  ok(await api(srv.base, 'PATCH', `/api/v1/organisations/${org.id}`, { status: 'suspended', status_reason: '年检不合格', version: org.version }), 200);
  // A user, made and changed; a station changed.
  const u = ok(await api(srv.base, 'POST', '/api/v1/users', { username: 'named_new', display_name: '新社工', roles: ['social_worker'], data_range: 'stations', stations: [2] })).user;
  ok(await api(srv.base, 'PATCH', `/api/v1/users/${u.id}`, { roles: ['social_worker', 'station_lead'], version: u.version }), 200);
  const st = ok(await api(srv.base, 'GET', '/api/v1/stations/2'), 200);
  ok(await api(srv.base, 'PATCH', '/api/v1/stations/2', { phone: '0731-24200000', facilities: [{ code: st.facilities?.[0]?.code ?? 'office', met: true }], version: st.version }), 200);
  // A home visit with its form, corrected and removed; a case; a group.
  const visit = {
    purpose: 'dibao_check', met: '本人', housing: { type: 'own', area_m2: 80, condition: 'poor' },
    survey: { household_size: 1, incomes: [{ member: '张老汉', source: 'pension', yearly: 1200000 }], assets: [{ kind: 'house', value: 5000000 }],
      expenses: [{ kind: 'medical', yearly: 600000 }], conclusion: 'eligible' },
  };
  const sv = ok(await api(srv.base, 'POST', '/api/v1/services', { station_id: 2, type: 'home_visit', started_at: '2026-06-14T09:00', ended_at: '2026-06-14T09:40',
    area: 'social_assistance', content: '入户核查', satisfaction: 'satisfied', clients: [client.id], visit }, {}, w));
  ok(await api(srv.base, 'PATCH', `/api/v1/services/${sv.id}`, { outcome: '已核查', version: 1 }, {}, w), 200);
  ok(await api(srv.base, 'DELETE', `/api/v1/services/${sv.id}`, undefined, { 'if-match': '2' }, w), 200);
  // A crisis with its form, removed too.
  const cr = ok(await api(srv.base, 'POST', '/api/v1/services', { station_id: 2, type: 'crisis', started_at: '2026-06-14T10:00', ended_at: '2026-06-14T11:00',
    area: 'social_assistance', content: '独居老人摔倒', clients: [client.id], crisis: { kind: 'accident_illness', risk_level: 'high',
      measures: '送医', notified: ['medical', 'family'], result: 'resolved' } }, {}, w));
  ok(await api(srv.base, 'DELETE', `/api/v1/services/${cr.id}`, undefined, { 'if-match': '1' }, w), 200);
  ok(await api(srv.base, 'POST', '/api/v1/cases', { client_id: client.id, source: 'visit', problem: '独居', opened_on: '2026-06-10' }, {}, w));
  ok(await api(srv.base, 'POST', '/api/v1/groups', { station_id: 2, name: '长者互助小组', area: 'elderly_care', target: '独居老人', goals: '互助',
    planned_sessions: 6, starts_on: '2026-06-01', ends_on: '2026-07-31', members: [client.id] }, {}, w));

  addUser(srv, 'aud_named', 'auditor', 'all');
  const aud = await session(srv.base, 'aud_named');
  const entities = ['client', 'organisation', 'station', 'contract', 'service', 'case', 'group', 'staff', 'user'];
  const list = [];
  for (let page = 1; ; page++) {
    const r = await get(`/api/v1/audit?kind=operation&limit=200&page=${page}`, aud);
    list.push(...r.body.items);
    if (r.body.items.length < 200) break;
  }
  const rows = (await auditSheet('kind=operation', aud)).slice(2);
  assert.equal(rows.length, list.length, 'the file holds the rows the list shows');
  const seen = new Set();
  const names = new Set((await get('/api/v1/users?limit=200')).body.items.map((x) => x.username));
  for (let i = 0; i < list.length; i++) {
    const row = list[i];
    assert.equal(rows[i][3], row.action_label, `row ${i}: the file's rows are the list's`);
    if (!entities.includes(row.entity)) continue;
    seen.add(row.entity);
    const cell = rows[i][7] ?? '';
    const what = `${row.action} #${row.entity_id}: ${cell}`;
    // No key as the log keeps it, at the top or inside a member.
    assert.doesNotMatch(cell, /(^|[；（，、 ])[a-z][a-z0-9_]*：/, what);
    for (const k of detailKeys(row.detail)) assert.ok(!cell.includes(`${k}：`), `${k} unnamed in ${what}`);
    // The page (detail_lines) reads the same words as the file.
    if (row.detail_lines?.length) {
      const text = row.detail_lines.map((l) => `${l.label}：${'before' in l ? `${l.before} → ` : ''}${l.after}`).join('；');
      assert.equal(text, cell, what);
    }
    // No value that is a code (a lower-case identifier, a sex's letter).
    for (const seg of cell.split(/[；（），、]/)) {
      const v = seg.split('：').slice(1).join('：');
      for (const part of v.split(' → ').map((x) => x.trim())) {
        // A name: a user's made on the command line is her login.
        if (!names.has(part)) assert.doesNotMatch(part, /^([a-z][a-z0-9_]*|[MF])$/, `code ${part} in ${what}`);
      }
    }
  }
  assert.deepEqual([...seen].sort(), [...entities].sort(), 'a row of each record kind');
  const cellOf = (action, entityId) => rows[list.findIndex((x) => x.action === action && x.entity_id === String(entityId))][7];
  const reg = cellOf('client.create', client.id);
  for (const s of ['姓名：张老汉', '性别：男', '民族：汉族', '状态：在册', '自理能力：部分自理', '居住状况：独居', '对象类别：最低生活保障对象（2024-01-01 起）']) {
    assert.ok(reg.includes(s), `${s} in ${reg}`);
  }
  assert.ok(!reg.includes('名称'), reg);
  assert.match(cellOf('client.update', client.id), /^风险等级：中 → 高/);
  const made = cellOf('organisation.create', org.id);
  for (const s of ['机构名称：攸县审计社会工作服务中心', '统一社会信用代码：52430223MJJ0000040', '评估等级：4A', '状态：正常']) {
    assert.ok(made.includes(s), `${s} in ${made}`);
  }
  assert.equal(cellOf('organisation.update', org.id), '状态：正常 → 暂停承接；状态原因：— → 年检不合格');
  assert.ok(cellOf('staff.create', worker.id).startsWith('姓名：周晓梅；性别：女；出生日期：1995-04-12；岗位：驻站社工；'), cellOf('staff.create', worker.id));
  // Her phone is sealed: not in the log, before or after.
  assert.equal(cellOf('staff.update', worker.id), '姓名：周晓梅 → 周晓敏；学历：本科 → 硕士研究生；月工资（元）：2600.00 → 2800.00');
  // A row about a worker, an organisation or a contract names it, as
  // one about a user or a client does.
  const named = (action, id) => list.find((x) => x.action === action && x.entity_id === String(id)).entity_name;
  assert.equal(named('staff.update', worker.id), '周晓敏');
  assert.equal(named('organisation.update', org.id), '攸县审计社会工作服务中心');
  assert.equal(list.find((x) => x.action === 'contract.create').entity_name, 'AUD-2026-01');
  assert.match(cellOf('user.update', u.id), /角色：社工 → 社工、站长/);
  const removed = cellOf('service.delete', sv.id);
  for (const s of ['服务类型：入户走访', '走访目的：低保核查', '住房类型：', '收入来源：', '年收入（元）：12000.00', '核查结论：']) {
    assert.ok(removed.includes(s), `${s} in ${removed}`);
  }
  const crisis = cellOf('service.delete', cr.id);
  for (const s of ['服务类型：危机介入', '危机介入记录：（', '危机类型：意外伤害或突发疾病', '风险等级：高', '联动单位：医疗机构、家属或监护人', '处置结果：已化解']) {
    assert.ok(crisis.includes(s), `${s} in ${crisis}`);
  }
  // In English too.
  const en = (await auditSheet(`kind=operation&action=client.create&entity_id=${client.id}`, aud, { 'accept-language': 'en' })).slice(2);
  assert.match(en[0][7], /Name: 张老汉; ID number: .*; Sex: Male; .*Categories: .* \(from 2024-01-01\)/);
  assert.doesNotMatch(en[0][7], /[\u4e00-\u9fff]+：/);
});

// The auditor may not open a client (403): a row about one names her,
// as she was named when it was written and as she is now, and a filter
// by her record finds what was merged into it, as her history does.
test('a client\'s rows name her, as she was and as she is; her record\'s filter finds the merges into it', async () => {
  addUser(srv, 'aud_cl', 'auditor', 'all');
  const aud = await session(srv.base, 'aud_cl');
  const ok = (r, status = 201) => { assert.equal(r.status, status, r.text); return r.body; };
  const c = ok(await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '张晓雨', sex: 'F', birth_date: '1960-02-03' }));
  ok(await api(srv.base, 'POST', `/api/v1/clients/${c.id}/reveal`, { reason: '核对证件号码' }), 200);
  let cur = ok(await api(srv.base, 'GET', `/api/v1/clients/${c.id}`), 200);
  ok(await api(srv.base, 'PATCH', `/api/v1/clients/${c.id}`, { name: '张小雨', version: cur.version }), 200);
  ok(await api(srv.base, 'POST', `/api/v1/clients/${c.id}/reveal`, { reason: '更名后核对' }), 200);
  // A duplicate of her, merged into her record.
  const dup = ok(await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '张小雨', sex: 'F', birth_date: '1960-02-03' }));
  ok(await api(srv.base, 'POST', `/api/v1/clients/${dup.id}/merge`, { into: c.id }), 200);

  const rows = (await get(`/api/v1/audit?entity=client&entity_id=${c.id}`, aud)).body.items;
  const of = (action, id = c.id) => rows.filter((x) => x.action === action && x.entity_id === String(id));
  assert.equal(of('client.create')[0].entity_name, '张晓雨，现名张小雨', JSON.stringify(rows));
  const reveals = of('client.reveal');
  assert.equal(reveals.length, 2);
  assert.deepEqual(reveals.map((x) => x.entity_name), ['张小雨', '张晓雨，现名张小雨']);
  assert.equal(of('client.update')[0].entity_name, '张小雨');
  // The merge is the merged record's row, found by the survivor's id.
  const merged = of('client.merge', dup.id);
  assert.equal(merged.length, 1, JSON.stringify(rows.map((x) => [x.action, x.entity_id])));
  assert.equal(merged[0].entity_name, '张小雨');
  // A filter by the merged record alone still finds it, and nothing of hers.
  const alone = (await get(`/api/v1/audit?entity=client&entity_id=${dup.id}`, aud)).body.items;
  assert.deepEqual(alone.map((x) => x.entity_id).filter((x) => x !== String(dup.id)), []);
  // In English.
  const en = (await get(`/api/v1/audit?entity=client&entity_id=${c.id}&action=client.create`, aud, { 'accept-language': 'en' })).body.items;
  assert.equal(en.find((x) => x.entity_id === String(c.id)).entity_name, '张晓雨, now 张小雨');
  // The file for an inspection: the same rows, named, its filter naming the merged record.
  const sheet = await auditSheet(`entity=client&entity_id=${c.id}`, aud);
  assert.match(sheet[0][0], new RegExp(`对象编号：${c.id}（含并入的 ${dup.id}）`), sheet[0][0]);
  const body = sheet.slice(2);
  assert.equal(body.length, rows.length);
  assert.ok(body.some((x) => x[5] === `${c.id}（张晓雨，现名张小雨）`), JSON.stringify(body));
  assert.ok(body.some((x) => x[3] === '合并重复记录' && x[5] === `${dup.id}（张小雨）`), JSON.stringify(body));
  // The export is itself a row: of the audit log (named), with the filter it applied.
  const exp = (await get('/api/v1/audit?action=audit.export&actor=aud_cl', aud)).body.items;
  assert.equal(exp.length, 1);
  const d = JSON.parse(exp[0].detail);
  assert.match(d.filter, new RegExp(`对象类型：服务对象；对象编号：${c.id}`));
  assert.equal(exp[0].detail_lines.find((l) => l.field === 'filter').label, '范围');
  const again = await auditSheet('action=audit.export&actor=aud_cl', aud);
  assert.equal(again[2][4], '审计日志');
});

// A page or a file names its clients a batch at a time: more than one
// batch (32) of clients, each renamed once, each row named as it was.
test('a page and a file of many clients name each one as she was and as she is', async () => {
  addUser(srv, 'aud_many', 'auditor', 'all');
  const aud = await session(srv.base, 'aud_many');
  const made = [];
  for (let i = 0; i < 40; i++) {
    const c = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: `批量${i}号`, sex: 'M', birth_date: '1950-01-01' });
    assert.equal(c.status, 201, c.text);
    made.push(c.body);
  }
  // Every third renamed: her create row names her as she was, and now.
  for (const c of made.filter((_, i) => i % 3 === 0)) {
    const r = await api(srv.base, 'PATCH', `/api/v1/clients/${c.id}`, { name: `${c.name}改`, version: c.version });
    assert.equal(r.status, 200, r.text);
  }
  const want = (c, i) => (i % 3 === 0 ? `${c.name}，现名${c.name}改` : c.name);
  const rows = (await get('/api/v1/audit?action=client.create&limit=100', aud)).body.items;
  made.forEach((c, i) => {
    const row = rows.find((x) => x.entity_id === String(c.id));
    assert.ok(row, `row of ${c.id}`);
    assert.equal(row.entity_name, want(c, i));
  });
  const body = (await auditSheet('action=client.create', aud)).slice(2);
  made.forEach((c, i) => {
    assert.ok(body.some((x) => x[5] === `${c.id}（${want(c, i)}）`), `${c.id} ${want(c, i)}`);
  });
});

test('a setting\'s row names the setting, a dictionary item\'s its list and itself', async () => {
  addUser(srv, 'aud_set', 'auditor', 'all');
  const aud = await session(srv.base, 'aud_set');
  let r = await api(srv.base, 'PUT', '/api/v1/settings/ledger.export_max_rows', { value: 5000 });
  assert.equal(r.status, 200, r.text);
  r = await api(srv.base, 'PATCH', '/api/v1/dictionaries/client_category/dibao', { label: '城乡低保对象' });
  assert.equal(r.status, 200, r.text);
  const set = (await get('/api/v1/audit?action=setting.update&entity_id=ledger.export_max_rows', aud)).body.items[0];
  assert.equal(set.entity_name, '服务记录、个案和小组台账单次导出行数上限');
  assert.deepEqual(set.detail_lines, [{ field: 'value', label: '服务记录、个案和小组台账单次导出行数上限', before: '200000', after: '5000' }]);
  const dict = (await get('/api/v1/audit?action=dictionary.update&entity_id=client_category/dibao', aud)).body.items[0];
  assert.equal(dict.entity_name, '服务对象类别：城乡低保对象');
  const sheet = (await auditSheet('entity=setting&entity_id=ledger.export_max_rows', aud)).slice(2);
  assert.equal(sheet[0][5], 'ledger.export_max_rows（服务记录、个案和小组台账单次导出行数上限）');
  assert.equal(sheet[0][7], '服务记录、个案和小组台账单次导出行数上限：200000 → 5000');
  const en = (await get('/api/v1/audit?action=setting.update&entity_id=ledger.export_max_rows', aud, { 'accept-language': 'en' })).body.items[0];
  assert.equal(en.detail_lines[0].label, 'most rows in one export of the service, case or group ledger');
  r = await api(srv.base, 'PUT', '/api/v1/settings/ledger.export_max_rows', { value: 200000 });
  assert.equal(r.status, 200, r.text);
});
