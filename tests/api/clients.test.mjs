// 服务对象: the client register. ID numbers (GB 11643), derived sex and
// birth date, masking and sealing at rest, the lawful basis for children,
// duplicates, scope, search by pinyin, reveal with audit, merge.
// The server's clock is fixed at 2026-06-15 (Beijing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, api, addUser, session, BACKEND } from './lib.mjs';
import { idNumber } from './helpers_extra.mjs';

let srv;
const as = {};
const ADULT = '430223198001010019'; // male, 1980-01-01
const CHILD = '430223201506010027'; // female, 2015-06-01: 11
const OLD_COUNTY = '430299197001010011'; // no county 430299 today

before(async () => {
  srv = await startServer();
  // A worker of station 2 (联星街道), one of station 3 (江桥街道), one
  // whose range is "self" at station 2, an evaluator, an auditor.
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'w3', 'social_worker', 'stations:3');
  addUser(srv, 'wself', 'social_worker', 'self');
  addUser(srv, 'eval', 'evaluator', 'all');
  addUser(srv, 'aud', 'auditor', 'all');
  for (const u of ['w2', 'w3', 'wself', 'eval', 'aud']) as[u] = await session(srv.base, u);
  // "self" is a list of stations too: give wself station 2.
  const users = await api(srv.base, 'GET', '/api/v1/users?q=wself');
  const u = users.body.items[0];
  const r = await api(srv.base, 'PATCH', `/api/v1/users/${u.id}`, { stations: [2], version: u.version });
  assert.equal(r.status, 200, r.text);
  as.wself = await session(srv.base, 'wself', 'Daily-Passw0rd');
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const post = (body, auth) => api(srv.base, 'POST', '/api/v1/clients', body, {}, auth);
const base = (extra = {}) => ({ station_id: 2, name: '张三', id_number: ADULT, ...extra });

test('a client saved with an ID number gets sex, birth date and age from it, masked everywhere', async () => {
  const r = await post(base({
    phone: '13800138000', address: '湖南省株洲市攸县联星街道永佳社区3组12号', hukou_address: '湖南省株洲市攸县联星街道永佳社区',
    village_code: '430223001001', ethnicity: '01', categories: [{ code: 'dibao', started_on: '2020-01-01' }],
    tags: ['独居', '高龄'], self_care: 'partial', living: 'alone', risk_level: 'high',
  }));
  assert.equal(r.status, 201, r.text);
  const c = r.body;
  assert.equal(c.sex, 'M');
  assert.equal(c.birth_date, '1980-01-01');
  assert.equal(c.age, 46);
  assert.equal(c.id_number, '4302**********0019');
  assert.equal(c.phone, '138****8000');
  assert.match(c.address, /^湖南省株洲市\*+$/);
  assert.equal(c.village_name, '永佳社区');
  assert.deepEqual(c.tags, ['独居', '高龄']);
  assert.deepEqual(c.warnings, []);
  for (const secret of [ADULT, '13800138000', '3组12号']) {
    assert.ok(!r.text.includes(secret), `the answer shows ${secret}`);
  }
  const list = await api(srv.base, 'GET', '/api/v1/clients?q=zs');
  assert.equal(list.status, 200);
  assert.ok(!list.text.includes(ADULT) && !list.text.includes('13800138000'));
});

test('personal data is sealed in the database, not kept in clear', async () => {
  let text;
  if (BACKEND === 'postgres') {
    const q = spawnSync('psql', [srv.db.url, '-At', '-c',
      'SELECT id_number_enc, phone_enc, address_enc, id_blind FROM clients'], { encoding: 'utf8' });
    assert.equal(q.status, 0, q.stderr);
    text = q.stdout;
  } else {
    const dir = srv.db.dir;
    text = readdirSync(dir).filter((f) => f.includes('.db'))
      .map((f) => readFileSync(join(dir, f)).toString('latin1')).join('');
  }
  assert.ok(text.length > 0);
  assert.ok(!text.includes(ADULT), 'the ID number is in clear');
  assert.ok(!text.includes('13800138000'), 'the phone is in clear');
});

test('bad ID numbers are refused with the exact reason on the id_number field', async () => {
  const cases = [
    ['430223198001010018', '校验位'],
    ['430223202102290012', '出生日期不存在'],
    ['43022319800101001', '18位'],
    ['4302231980010100190', '18位'],
    ['４３0223198001010019', '全角'],
    ['430223198001010019 ', '空格'],
    ['990223198001010019', '省级代码'],
    ['43022319800101001Y', '数字'],
  ];
  for (const [id, words] of cases) {
    const r = await post(base({ name: '错号', id_number: id }));
    assert.equal(r.status, 400, `${id}: ${r.text}`);
    assert.equal(r.body.error.field, 'id_number', id);
    assert.ok(r.body.error.message.includes(words), `${id}: ${r.body.error.message}`);
  }
  // A birth date after today (2026-06-15).
  const r = await post(base({ name: '未来', id_number: '430223202612010015' }));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'id_number');
});

test('an unknown county is a warning, and a 15-digit number is stored as 18', async () => {
  const r = await post({ station_id: 2, name: '老县人', id_number: OLD_COUNTY });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.warnings.length, 1);
  assert.equal(r.body.warnings[0].field, 'id_number');
  assert.match(r.body.warnings[0].message, /^身份证号的发证地代码\d{6}不在现行区划中/, 'names the code it doubts');
  const old = await post({ station_id: 2, name: '旧证', id_number: '430223500505003' });
  assert.equal(old.status, 201, old.text);
  assert.equal(old.body.birth_date, '1950-05-05');
  assert.equal(old.body.sex, 'M');
  const rev = await api(srv.base, 'POST', `/api/v1/clients/${old.body.id}/reveal`, { reason: '核对证件号码' });
  assert.equal(rev.status, 200, rev.text);
  assert.equal(rev.body.id_number.length, 18);
  assert.equal(rev.body.id_number.slice(6, 14), '19500505');
});

test('sex or birth date that disagree with the ID number are errors', async () => {
  let r = await post(base({ name: '性别错', id_number: '430223199005050020', sex: 'M' }));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'sex');
  r = await post(base({ name: '生日错', id_number: '430223199005050020', birth_date: '1990-05-06' }));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'birth_date');
  // Both wrong: both said at once.
  r = await post(base({ name: '都错', id_number: '430223199005050020', sex: 'M', birth_date: '1990-05-06' }));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'sex');
  assert.deepEqual(r.body.error.details.map((d) => [d.field, d.message]),
    [['sex', '性别与身份证号不一致'], ['birth_date', '出生日期与身份证号不一致']]);
  // Without an ID number both are required, and the message says why.
  r = await post({ station_id: 2, name: '无证' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'sex');
  assert.deepEqual(r.body.error.details.map((d) => [d.field, d.message]),
    [['sex', '没有身份证号时须填写性别'], ['birth_date', '没有身份证号时须填写出生日期']]);
  r = await post({ station_id: 2, name: '无证', sex: 'F' });
  assert.equal(r.body.error.field, 'birth_date');
  assert.equal(r.body.error.message, '没有身份证号时须填写出生日期');
});

test('phones, villages, categories and statuses are checked', async () => {
  const bad = [
    [{ phone: '23800138000' }, 'phone'],
    [{ phone: '138 0013 8000' }, 'phone'],
    [{ village_code: '430223002001' }, 'village_code'], // 江桥街道's, not 联星's
    [{ village_code: '4302230010' }, 'village_code'],
    [{ categories: [{ code: 'no_such', started_on: '2020-01-01' }] }, 'categories[0].code'],
    [{ categories: [{ code: 'dibao', started_on: '2020-01-01', ended_on: '2019-01-01' }] }, 'categories[0].ended_on'],
    [{ status: 'deceased' }, 'status_reason'],
    [{ status: 'merged' }, 'status'],
    [{ ethnicity: '57' }, 'ethnicity'],
    [{ station_id: 999 }, 'station_id'],
    // The ID column's digits typed into the name's, a dash for a name.
    [{ name: '43022319' }, 'name'],
    [{ name: '——' }, 'name'],
    [{ guardians: [{ name: '123', relation: 'mother' }] }, 'guardians[0].name'],
    // A formula or a tag pasted for a name.
    [{ name: '=HYPERLINK("http://x")' }, 'name'],
    [{ name: '<b>x</b>' }, 'name'],
    [{ name: '@SUM(1)' }, 'name'],
    [{ name: ' -张三' }, 'name'],
    [{ guardians: [{ name: '+李四', relation: 'mother' }] }, 'guardians[0].name'],
  ];
  for (const [extra, field] of bad) {
    const r = await post(base({ name: '检查', id_number: undefined, sex: 'F', birth_date: '1970-01-01', ...extra }));
    assert.equal(r.status, 400, `${JSON.stringify(extra)}: ${r.text}`);
    assert.equal(r.body.error.field, field, JSON.stringify(extra));
    assert.match(r.body.error.message, /[\u4e00-\u9fff]/);
  }
  const later = await post(base({ name: '检查', id_number: undefined, sex: 'F', birth_date: '1970-01-01',
    categories: [{ code: 'dibao', started_on: '2030-01-01' }] }));
  assert.equal(later.body.error?.field, 'categories[0].started_on');
  assert.equal(later.body.error?.message, '开始日期不能晚于今天');
  const unborn = await post(base({ name: '检查', id_number: undefined, sex: 'F', birth_date: '2027-01-01' }));
  assert.equal(unborn.body.error?.message, '出生日期不能晚于今天');
  const formula = await post(base({ name: '=A1+1', id_number: undefined, sex: 'F', birth_date: '1970-01-01' }));
  assert.equal(formula.body.error?.message, '姓名不能以=、+、-、@开头，也不能含有<>|{}#$%&*;等符号');
  // A phone typed with spaces or by a Chinese input method says which.
  for (const [phone, message] of [
    ['138 0013 8000', '联系电话含有空格，请删除空格'],
    ['\uFF11\uFF13\uFF18\uFF10\uFF10\uFF11\uFF13\uFF18\uFF10\uFF10\uFF10', '联系电话含有全角字符，请用半角数字和-'],
    ['0731\uFF0D22123456', '联系电话含有全角字符，请用半角数字和-'],
    ['23800138000', '联系电话不是有效的电话号码'],
    ['138-0013-8000', '联系电话：手机号码请连续填写11位数字，不要加“-”'],
  ]) {
    const r = await post(base({ name: '检查', id_number: undefined, sex: 'F', birth_date: '1970-01-01', phone }));
    assert.equal(r.body.error?.message, message, phone);
  }
});

test('a name or an address typed over two lines is said to be so, not "invalid characters"', async () => {
  for (const [extra, field, message] of [
    [{ name: '张\n三' }, 'name', '姓名须为单行文本，不能换行'],
    [{ address: '联星街道\r\n一号' }, 'address', '现居住地址须为单行文本，不能换行'],
  ]) {
    const r = await post(base({ name: '检查', id_number: undefined, sex: 'F', birth_date: '1970-01-01', ...extra }));
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.field, field);
    assert.equal(r.body.error.message, message);
  }
});

test('a child under 14 needs a recorded lawful basis', async () => {
  let r = await post({ station_id: 2, name: '小红', id_number: CHILD });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'lawful_basis');
  // The message names the field; its reason alone is for under the field.
  assert.equal(r.body.error.message, '合法性基础：未满14周岁，须记录监护人同意或法定职责依据');
  assert.equal(r.body.error.reason, '未满14周岁，须记录监护人同意或法定职责依据');
  const en = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '小红', id_number: CHILD }, { 'accept-language': 'en' });
  assert.match(en.body.error.message, /: under 14, a guardian's consent or the statutory duty must be recorded$/);
  assert.equal(en.body.error.reason, "Under 14, a guardian's consent or the statutory duty must be recorded");
  // A message that is a sentence about its field has no separate reason.
  const blank = await post({ station_id: 2, name: '' });
  assert.equal(blank.body.error.field, 'name');
  assert.match(blank.body.error.message, /^姓名/);
  assert.equal(blank.body.error.reason, undefined);
  // Who, when and how: the first one missing is the field named.
  const consent = { station_id: 2, name: '小红', id_number: CHILD, lawful_basis: 'guardian_consent' };
  for (const [extra, field, message] of [
    [{}, 'consent_by', '同意人不能为空'],
    [{ consent_by: '李梅', consent_method: 'written' }, 'consent_on', '同意日期不能为空'],
    [{ consent_by: '李梅', consent_on: '2026-06-01' }, 'consent_method', '同意方式不能为空'],
  ]) {
    r = await post({ ...consent, ...extra });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.field, field);
    assert.equal(r.body.error.message, message);
  }
  r = await post({
    station_id: 2, name: '小红', id_number: CHILD, lawful_basis: 'guardian_consent', consent_by: '李梅',
    consent_on: '2026-06-01', consent_method: 'written',
    categories: [{ code: 'left_behind_child', started_on: '2026-01-01' }],
    guardians: [{ name: '李梅', relation: 'mother', phone: '13900139000' }],
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.sensitive, true);
  assert.equal(r.body.age, 11);
  assert.equal(r.body.guardians[0].phone, '139****9000');
  // A guardian's name corrected on the form, which shows her phone only
  // masked and so sends none: the phone on record stays with her.
  const child = r.body;
  assert.equal(typeof child.guardians[0].id, 'number');
  const renamed = await api(srv.base, 'PATCH', `/api/v1/clients/${child.id}`, {
    version: child.version, consent_by: '李美',
    guardians: [{ id: child.guardians[0].id, name: '李美', relation: 'mother' }, { name: '王强', relation: 'father' }],
  });
  assert.equal(renamed.status, 200, renamed.text);
  assert.deepEqual(renamed.body.guardians.map((x) => [x.name, x.phone]), [['李美', '139****9000'], ['王强', '']]);
  const shown = await api(srv.base, 'POST', `/api/v1/clients/${child.id}/reveal`, { reason: '核对监护人电话' });
  assert.deepEqual(shown.body.guardian_phones, ['13900139000', '']);
  // An id that is none of hers is refused, not read as a new guardian.
  const stray = await api(srv.base, 'PATCH', `/api/v1/clients/${child.id}`, {
    version: renamed.body.version, guardians: [{ id: 999999999, name: '李美', relation: 'mother' }],
  });
  assert.equal(stray.status, 400, stray.text);
  assert.equal(stray.body.error.field, 'guardians[0].id');
  assert.match(stray.body.error.message, /不是该服务对象在册的监护人/);
  // Read before somebody else saved her (every save gives guardians new
  // ids): the version conflict, not an unknown guardian.
  const stale = await api(srv.base, 'PATCH', `/api/v1/clients/${child.id}`, {
    version: child.version, guardians: [{ id: child.guardians[0].id, name: '李美', relation: 'mother' }],
  });
  assert.equal(stale.status, 409, stale.text);
  // An orphan: the statutory duty, the bureau as guardian.
  r = await post({
    station_id: 2, name: '小明', sex: 'M', birth_date: '2018-03-03', lawful_basis: 'statutory_duty',
    statutory_duty: 'child_protection', guardians: [{ name: '攸县民政局', relation: 'bureau' }],
  });
  assert.equal(r.status, 201, r.text);
  // A guardian who is a client is one the worker may see: not another
  // station's, not nobody, not the child herself.
  const far = await post({ station_id: 3, name: '钱外婆', sex: 'F', birth_date: '1960-05-05' }, as.w3);
  assert.equal(far.status, 201, far.text);
  const orphan = r.body;
  for (const id of [far.body.id, 999999999, orphan.id]) {
    const g = await api(srv.base, 'PATCH', `/api/v1/clients/${orphan.id}`,
      { version: orphan.version, guardians: [{ name: '钱外婆', relation: 'grandparent', client_id: id }] }, {}, as.w2);
    assert.equal(g.status, 400, `${id}: ${g.text}`);
    assert.equal(g.body.error.field, 'guardians[0].client_id');
    assert.equal(g.body.error.message, '监护人：服务对象不存在或不在您的数据范围内');
  }
  const near = await post({ station_id: 2, name: '钱外公', sex: 'M', birth_date: '1958-06-06' }, as.w2);
  const g = await api(srv.base, 'PATCH', `/api/v1/clients/${orphan.id}`,
    { version: orphan.version, guardians: [{ name: '钱外公', relation: 'grandparent', client_id: near.body.id }] }, {}, as.w2);
  assert.equal(g.status, 200, g.text);
  assert.equal(g.body.guardians[0].client_id, near.body.id);
  // A link is that person: her name, alive, and 16 or over (Civil Code
  // art. 18); a minor or the dead is no one's guardian.
  const kid = await post({ station_id: 2, name: '钱小妹', sex: 'F', birth_date: '2018-01-01', lawful_basis: 'statutory_duty', statutory_duty: 'child_protection' }, as.w2);
  assert.equal(kid.status, 201, kid.text);
  const gone = await post({ station_id: 2, name: '钱老太', sex: 'F', birth_date: '1940-01-01', status: 'deceased', status_reason: '病故', status_on: '2026-01-01' }, as.w2);
  assert.equal(gone.status, 201, gone.text);
  const ward2 = (await post({ station_id: 2, name: '钱某', sex: 'M', birth_date: '1995-01-01' }, as.w2)).body;
  for (const [name, id, field, message] of [
    ['钱外婆', near.body.id, 'guardians[0].name', `监护人姓名与所关联的服务对象钱外公（#${near.body.id}）不一致，请核对是否关联错了人`],
    ['钱小妹', kid.body.id, 'guardians[0].client_id', `所关联的服务对象钱小妹（#${kid.body.id}）未满16周岁，不能作为监护人`],
    ['钱老太', gone.body.id, 'guardians[0].client_id', `所关联的服务对象钱老太（#${gone.body.id}）已死亡，不能作为监护人`]]) {
    const bad = await api(srv.base, 'PATCH', `/api/v1/clients/${ward2.id}`,
      { version: ward2.version, guardians: [{ name, relation: 'grandparent', client_id: id }] }, {}, as.w2);
    assert.equal(bad.status, 400, `${name}: ${bad.text}`);
    assert.equal(bad.body.error.field, field, name);
    assert.equal(bad.body.error.message, message);
  }
  const spaced = await api(srv.base, 'PATCH', `/api/v1/clients/${ward2.id}`,
    { version: ward2.version, guardians: [{ name: '钱 外公', relation: 'grandparent', client_id: near.body.id }] }, {}, as.w2);
  assert.equal(spaced.status, 200, 'the same name written with a space: ' + spaced.text);
  // A link on record stays editable by one who cannot see the guardian
  // (a transferred case, a worker keeping only her own clients).
  const ward = await post({ station_id: 2, name: '自己的外孙', sex: 'M', birth_date: '1990-02-02' }, as.wself);
  assert.equal(ward.status, 201, ward.text);
  const linked = await api(srv.base, 'PATCH', `/api/v1/clients/${ward.body.id}`,
    { version: ward.body.version, guardians: [{ name: '钱外公', relation: 'grandparent', client_id: near.body.id }] });
  assert.equal(linked.status, 200, linked.text);
  const kept = await api(srv.base, 'PATCH', `/api/v1/clients/${ward.body.id}`, { version: linked.body.version, notes: '每月探访' }, {}, as.wself);
  assert.equal(kept.status, 200, kept.text);
  assert.equal(kept.body.guardians[0].client_id, near.body.id);
  // Handed back, so that wself's own list stays as a later test expects it.
  const back = await api(srv.base, 'PATCH', `/api/v1/clients/${ward.body.id}`, { version: kept.body.version, worker_id: null });
  assert.equal(back.status, 200, back.text);
});

/** A statement run with the backend's own client, beside the server. */
function sql(text) {
  if (BACKEND === 'postgres') return execFileSync('psql', [srv.env.SGZ_DB, '-qAtc', text], { encoding: 'utf8' });
  return execFileSync('sqlite3', [srv.env.SGZ_DB, text], { encoding: 'utf8' });
}

// A name stored before the symbols rule (a register copied from a masked
// list: 李*华) does not block an edit of something else; a new one is checked.
test('a name the record already holds stands, even with a symbol; a new one is checked', async () => {
  const made = await post({ station_id: 2, name: '星号甲', sex: 'F', birth_date: '1960-01-01',
    guardians: [{ name: '星号监护', relation: 'relative' }] });
  assert.equal(made.status, 201, made.text);
  sql(`UPDATE clients SET name = '李*华' WHERE id = ${made.body.id}`);
  sql(`UPDATE client_guardians SET name = '王*' WHERE client_id = ${made.body.id}`);
  let c = (await api(srv.base, 'GET', `/api/v1/clients/${made.body.id}`)).body;
  assert.equal(c.name, '李*华');
  // The form sends every name again.
  let r = await api(srv.base, 'PATCH', `/api/v1/clients/${c.id}`, { version: c.version, name: '李*华', phone: '13800138000',
    guardians: c.guardians.map((g) => ({ id: g.id, name: g.name, relation: g.relation })) });
  assert.equal(r.status, 200, r.text);
  r = await api(srv.base, 'PATCH', `/api/v1/clients/${c.id}`, { version: r.body.version, name: '李*芳' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'name');
  c = (await api(srv.base, 'GET', `/api/v1/clients/${c.id}`)).body;
  r = await api(srv.base, 'PATCH', `/api/v1/clients/${c.id}`, { version: c.version,
    guardians: [...c.guardians.map((g) => ({ id: g.id, name: g.name, relation: g.relation })), { name: '#新监护', relation: 'other' }] });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'guardians[1].name');
});

test('a child\'s guardian consent is given by one of her guardians as she is saved with them', async () => {
  const KID = idNumber('43022320170203004'); // a girl of nine
  const consent = { station_id: 2, name: '符小雪', id_number: KID, lawful_basis: 'guardian_consent', consent_on: '2026-06-01', consent_method: 'written' };
  const refused = (r, what) => {
    assert.equal(r.status, 400, `${what}: ${r.text}`);
    assert.equal(r.body.error.field, 'consent_by', what);
    assert.equal(r.body.error.message, '同意人：须为已登记的监护人之一，请先在监护人中登记', what);
    assert.equal(r.body.error.reason, '须为已登记的监护人之一，请先在监护人中登记', what);
  };
  // A name on no record, or the child herself.
  refused(await post({ ...consent, consent_by: '符梅' }), 'no guardian at all');
  refused(await post({ ...consent, consent_by: '本人', guardians: [{ name: '符梅', relation: 'mother' }] }), '本人');
  const en = await api(srv.base, 'POST', '/api/v1/clients', { ...consent, consent_by: '符梅' }, { 'accept-language': 'en' });
  assert.match(en.body.error.message, /: must be one of the child's recorded guardians; record the guardian first$/);
  // One of them, written with a register's spaces: the name as kept.
  let r = await post({ ...consent, consent_by: '符　梅', guardians: [{ name: '符强', relation: 'father' }, { name: '符梅', relation: 'mother' }] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.consent_by, '符梅');
  const kid = r.body;
  const patch = (body) => api(srv.base, 'PATCH', `/api/v1/clients/${kid.id}`, { version: kid.version, ...body });
  const mother = { id: kid.guardians[1].id, name: '符美', relation: 'mother' };
  const father = { id: kid.guardians[0].id, name: '符强', relation: 'father' };
  // Her guardian renamed, or taken off, away from the one who consented.
  refused(await patch({ guardians: [father, mother] }), 'renamed');
  refused(await patch({ guardians: [father] }), 'taken off');
  refused(await patch({ consent_by: '符强强' }), 'another consenter');
  // Renamed with her consent: the consent follows.
  r = await patch({ guardians: [father, mother], consent_by: '符美' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.consent_by, '符美');
  // A record kept before the rule, its consent by a name on no record,
  // still takes a new phone or a note: the consent is judged again only
  // when its basis, its consenter or her guardians change.
  sql(`UPDATE clients SET consent_by = '本人' WHERE id = ${kid.id}`);
  let v = r.body.version;
  r = await api(srv.base, 'PATCH', `/api/v1/clients/${kid.id}`, { version: v, phone: '13900139002', notes: '电话已更正' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.consent_by, '本人');
  v = r.body.version;
  // The same guardians sent back as the form sends them are no change.
  r = await api(srv.base, 'PATCH', `/api/v1/clients/${kid.id}`, { version: v, risk_level: 'low', consent_by: '本人',
    guardians: r.body.guardians.map((g) => ({ id: g.id, name: g.name, relation: g.relation })) });
  assert.equal(r.status, 200, r.text);
  v = r.body.version;
  const more = await api(srv.base, 'PATCH', `/api/v1/clients/${kid.id}`, { version: v,
    guardians: [...r.body.guardians.map((g) => ({ id: g.id, name: g.name, relation: g.relation })), { name: '符奶奶', relation: 'grandparent' }] });
  refused(more, 'an old record whose guardians change');
});

test('the same ID number twice: named when visible, only "elsewhere" when not', async () => {
  const first = (await api(srv.base, 'GET', '/api/v1/clients?q=0019')).body.items[0];
  let r = await post(base({ name: '张三重复' }));
  assert.equal(r.status, 409);
  assert.equal(r.body.error.existing_id, first.id);
  assert.equal(r.body.error.message, `该身份证号已登记为服务对象：${first.name} (#${first.id})`, 'named, not a bare number');
  r = await post({ station_id: 3, name: '张三', id_number: ADULT }, as.w3);
  assert.equal(r.status, 409);
  assert.equal(r.body.error.message, '该身份证号已在其他站点登记');
  assert.equal(r.body.error.existing_id, undefined);
  // Asked before saving.
  r = await api(srv.base, 'POST', '/api/v1/client_duplicates', { name: '张三', id_number: ADULT }, {}, as.w3);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.id_number_taken.message.includes('其他站点'));
  assert.equal(r.body.id_number_taken.id, undefined);
  // Asked by one who may see her: named as the save's refusal names her.
  r = await api(srv.base, 'POST', '/api/v1/client_duplicates', { name: '张三', id_number: ADULT });
  assert.deepEqual(r.body.id_number_taken, { id: first.id, name: first.name,
    message: `该身份证号已登记为服务对象：${first.name} (#${first.id})` });
  r = await api(srv.base, 'POST', '/api/v1/client_duplicates', { name: '张三', birth_date: '1980-01-01' });
  assert.equal(r.body.similar.length, 1);
  assert.equal(r.body.similar[0].id, first.id);
  r = await api(srv.base, 'POST', '/api/v1/client_duplicates', { name: '张三', phone: '13800138000' });
  assert.equal(r.body.similar.length, 1);
});

test('a worker sees only her stations, and "self" only her own clients', async () => {
  const c = await post({ station_id: 3, name: '江桥对象', sex: 'F', birth_date: '1960-01-01' }, as.w3);
  assert.equal(c.status, 201, c.text);
  assert.equal((await api(srv.base, 'GET', `/api/v1/clients/${c.body.id}`, undefined, {}, as.w2)).status, 404);
  const mine = await api(srv.base, 'GET', '/api/v1/clients?limit=200', undefined, {}, as.w3);
  assert.ok(mine.body.items.every((x) => x.station_id === 3));
  assert.equal((await post({ station_id: 3, name: '越权', sex: 'F', birth_date: '1960-01-01' }, as.w2)).body.error.field, 'station_id');
  const own = await post({ station_id: 2, name: '自己的', sex: 'M', birth_date: '1955-01-01' }, as.wself);
  assert.equal(own.status, 201, own.text);
  assert.ok(own.body.worker_id > 0);
  const seen = await api(srv.base, 'GET', '/api/v1/clients?limit=200', undefined, {}, as.wself);
  assert.deepEqual(seen.body.items.map((x) => x.name), ['自己的']);
  assert.equal((await api(srv.base, 'GET', '/api/v1/clients?limit=200', undefined, {}, as.w2)).body.total > 1, true);
});

test('search by name, pinyin, initials and the ID number\'s last 4; filters and paging', async () => {
  await post({ station_id: 2, name: '张三丰', sex: 'M', birth_date: '1940-01-01' });
  await post({ station_id: 2, name: '李四', sex: 'F', birth_date: '1990-01-01', categories: [{ code: 'tekun', started_on: '2026-01-01' }] });
  const names = async (q) => (await api(srv.base, 'GET', `/api/v1/clients?${q}`)).body.items.map((x) => x.name);
  assert.deepEqual(await names('q=zs'), ['张三', '张三丰']);
  assert.deepEqual(await names('q=zhangsan'), ['张三', '张三丰']);
  // Typed with spaces between the syllables, or around the word.
  assert.deepEqual(await names('q=zhang%20san'), ['张三', '张三丰']);
  assert.deepEqual(await names('q=%20zhang%20san%20feng%20'), ['张三丰']);
  assert.deepEqual(await names('q=%E5%BC%A0%E4%B8%89%20'), ['张三', '张三丰'], 'a name with a space after it');
  assert.deepEqual(await names('q=ZSF'), ['张三丰']);
  // A compound surname is read as one: 尉迟 yu chi, not wei chi.
  await post({ station_id: 2, name: '尉迟敬', sex: 'M', birth_date: '1945-02-02' });
  assert.deepEqual(await names('q=ycj'), ['尉迟敬']);
  assert.deepEqual(await names('q=yuchi'), ['尉迟敬']);
  assert.deepEqual(await names('q=weichi'), []);
  assert.deepEqual(await names(`q=${encodeURIComponent('尉')}`), ['尉迟敬'], 'its first character alone');
  // Pinyin and initials at once: 张三 and 张三丰 by pinyin (zhang…), 邹华
  // by initials alone (zh, zouhua), 张华 both ways (zhanghua, zh): once.
  await post({ station_id: 2, name: '邹华', sex: 'M', birth_date: '1950-05-05' });
  await post({ station_id: 2, name: '张华', sex: 'F', birth_date: '1951-06-06' });
  assert.deepEqual(await names('q=zh'), ['张华', '张三', '张三丰', '邹华']);
  const z = await names('q=Z&limit=200');
  assert.ok(['张华', '张三', '张三丰', '邹华'].every((x) => z.includes(x)) && !z.includes('李四'), z.join());
  // The same, a page at a time and backwards: each page and total agree.
  for (const [order, want] of [['asc', ['张华', '张三', '张三丰', '邹华']], ['desc', ['邹华', '张三丰', '张三', '张华']]]) {
    const pages = [];
    for (let p = 1; p <= 5; p++) {
      const r = (await api(srv.base, 'GET', `/api/v1/clients?q=zh&order=${order}&limit=1&page=${p}`)).body;
      assert.equal(r.total, 4, `${order} page ${p}`);
      pages.push(...r.items.map((x) => x.name));
    }
    assert.deepEqual(pages, want, order);
  }
  assert.deepEqual(await names('q=zouh'), ['邹华']);
  assert.deepEqual(await names(`q=${encodeURIComponent('张三')}`), ['张三', '张三丰']);
  assert.deepEqual(await names('q=0019'), ['张三']);
  // As a Chinese input method types them: full-width digits and letters,
  // an ideographic space between syllables.
  assert.deepEqual(await names(`q=${encodeURIComponent('００１９')}`), ['张三']);
  assert.deepEqual(await names(`q=${encodeURIComponent('ｚｏｕ\u3000ｈｕａ')}`), ['邹华']);
  assert.deepEqual(await names('category=tekun'), ['李四']);
  assert.deepEqual(await names('q=zs&age_min=80'), ['张三丰']);
  assert.deepEqual(await names('q=zs&age_max=46'), ['张三']);
  assert.deepEqual(await names('q=zs&age_max=45'), []);
  // Pinyin order, stable paging.
  const all = await api(srv.base, 'GET', '/api/v1/clients?limit=200');
  const paged = [];
  for (let p = 1; p <= Math.ceil(all.body.total / 3); p++) {
    paged.push(...(await api(srv.base, 'GET', `/api/v1/clients?limit=3&page=${p}`)).body.items.map((x) => x.id));
  }
  assert.deepEqual(paged, all.body.items.map((x) => x.id));
  // Every page tells the same total: a full one (counted), a short last
  // one past the first (its own rows tell it) and one past the end.
  const t = all.body.total;
  assert.ok(t >= 3 && t < 200, `total ${t}`);
  for (const [limit, page, rows] of [[3, 1, 3], [t - 1, 2, 1], [3, Math.ceil(t / 3) + 1, 0]]) {
    const r = await api(srv.base, 'GET', `/api/v1/clients?limit=${limit}&page=${page}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.items.length, rows, `limit ${limit} page ${page}`);
    assert.equal(r.body.total, t, `limit ${limit} page ${page}`);
  }
  for (const q of ['limit=0', 'limit=201', 'status=merged2', 'age_min=-1', 'sort=name;', `q=${'x'.repeat(41)}`, 'station_id=abc']) {
    const r = await api(srv.base, 'GET', `/api/v1/clients?${q}`);
    assert.equal(r.status, 400, q);
  }
  // A refused parameter is named in words, its code in `field`.
  for (const [q, field, message] of [['sort=name;', 'sort', '查询参数排序方式的取值无效'], ['order=up', 'order', '查询参数排序方向的取值无效']]) {
    const r = await api(srv.base, 'GET', `/api/v1/clients?${q}`);
    assert.equal(r.body.error.field, field, q);
    assert.equal(r.body.error.message, message);
  }
});

test('categories keep their history: an ended one is not held today', async () => {
  const c = (await api(srv.base, 'GET', '/api/v1/clients?q=ls')).body.items[0];
  const full = (await api(srv.base, 'GET', `/api/v1/clients/${c.id}`)).body;
  const r = await api(srv.base, 'PATCH', `/api/v1/clients/${c.id}`, {
    categories: [{ code: 'tekun', started_on: '2026-01-01', ended_on: '2026-05-31' }, { code: 'dibao', started_on: '2026-06-01' }],
  }, { 'if-match': `"${full.version}"` });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.categories.map((k) => [k.code, k.current]), [['tekun', false], ['dibao', true]]);
  assert.equal((await api(srv.base, 'GET', '/api/v1/clients?category=tekun')).body.total, 0);
  // The stale version is refused.
  const stale = await api(srv.base, 'PATCH', `/api/v1/clients/${c.id}`, { notes: '晚了' }, { 'if-match': `"${full.version}"` });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.field, 'version');
  const none = await api(srv.base, 'PATCH', `/api/v1/clients/${c.id}`, { notes: '无版本' });
  assert.equal(none.status, 428);
  // Oldest first whatever order they were given in; of two that started
  // the same day, the one given first.
  const now = (await api(srv.base, 'GET', `/api/v1/clients/${c.id}`)).body;
  const mixed = await api(srv.base, 'PATCH', `/api/v1/clients/${c.id}`, {
    categories: [
      { code: 'temp_assistance', started_on: '2026-06-01' },
      { code: 'tekun', started_on: '2026-01-01', ended_on: '2026-05-31' },
      { code: 'dibao', started_on: '2026-06-01' },
      { code: 'disaster_victim', started_on: '2025-03-01', ended_on: '2025-12-31' }, // 李四 is 36: not 困难老人
    ],
  }, { 'if-match': `"${now.version}"` });
  assert.equal(mixed.status, 200, mixed.text);
  const order = ['disaster_victim', 'tekun', 'temp_assistance', 'dibao'];
  assert.deepEqual(mixed.body.categories.map((k) => k.code), order);
  const again = (await api(srv.base, 'GET', `/api/v1/clients/${c.id}`)).body;
  assert.deepEqual(again.categories.map((k) => k.code), order);
});

test('seeing the data in full needs the permission and a reason, and is audited', async () => {
  const c = (await api(srv.base, 'GET', '/api/v1/clients?q=0019')).body.items[0];
  assert.equal((await api(srv.base, 'POST', `/api/v1/clients/${c.id}/reveal`, { reason: '核对' }, {}, as.eval)).status, 403);
  const noReason = await api(srv.base, 'POST', `/api/v1/clients/${c.id}/reveal`, {});
  assert.equal(noReason.status, 400);
  assert.equal(noReason.body.error.field, 'reason');
  // A reason too short says how long it must be.
  const short = await api(srv.base, 'POST', `/api/v1/clients/${c.id}/reveal`, { reason: '核对' });
  assert.equal(short.status, 400);
  assert.equal(short.body.error.field, 'reason');
  assert.equal(short.body.error.message, '查看原因太短，至少4个字');
  const r = await api(srv.base, 'POST', `/api/v1/clients/${c.id}/reveal`, { reason: '入户走访需要联系' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.id_number, ADULT);
  assert.equal(r.body.phone, '13800138000');
  const log = await api(srv.base, 'GET', `/api/v1/audit?action=client.reveal&entity_id=${c.id}`, undefined, {}, as.aud);
  assert.equal(log.status, 200, log.text);
  assert.ok(log.body.items.some((x) => x.detail.includes('入户走访需要联系') && x.actor === 'tester'));
  assert.ok(!log.text.includes(ADULT));
  // The evaluator reads the register, masked.
  const ev = await api(srv.base, 'GET', `/api/v1/clients/${c.id}`, undefined, {}, as.eval);
  assert.equal(ev.status, 200);
  assert.equal(ev.body.id_number, '4302**********0019');
});

test('a sysadmin merges a duplicate, keeping both histories', async () => {
  const a = await post({ station_id: 2, name: '王五', sex: 'M', birth_date: '1945-03-03', categories: [{ code: 'dibao', started_on: '2019-01-01' }] });
  const b = await post({ station_id: 2, name: '王五', id_number: '430223194503030046', categories: [{ code: 'tekun', started_on: '2022-01-01' }] });
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  assert.equal((await api(srv.base, 'POST', `/api/v1/clients/${a.body.id}/merge`, { into: a.body.id })).status, 400);
  assert.equal((await api(srv.base, 'POST', `/api/v1/clients/${a.body.id}/merge`, { into: b.body.id }, {}, as.w2)).status, 403);
  const r = await api(srv.base, 'POST', `/api/v1/clients/${b.body.id}/merge`, { into: a.body.id });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.categories.map((k) => k.code).sort(), ['dibao', 'tekun']);
  assert.equal(r.body.id_number, '4302**********0046'); // the survivor took the ID number
  const merged = await api(srv.base, 'GET', `/api/v1/clients/${b.body.id}`);
  assert.equal(merged.body.status, 'merged');
  assert.equal(merged.body.merged_into, a.body.id);
  const list = await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('王五')}`);
  assert.deepEqual(list.body.items.map((x) => x.id), [a.body.id]);
  assert.equal((await api(srv.base, 'PATCH', `/api/v1/clients/${b.body.id}`, { notes: 'x', version: merged.body.version })).status, 409);
});

test('the register exports as CSV and .xlsx, masked, formulas neutralised, audited', async () => {
  // A name cannot be a formula (refused above); free text may start like one.
  for (const [name, notes] of [['公式甲', '=A1+2'], ['公式乙', '@SUM(A1)']]) {
    const formula = await post({ station_id: 2, name, sex: 'F', birth_date: '1961-01-01', notes });
    assert.equal(formula.status, 201, formula.text);
  }
  const res = await fetch(srv.base + '/api/v1/client_exports', {
    method: 'POST',
    headers: { cookie: as.w2.cookie, 'x-csrf-token': as.w2.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ format: 'csv', columns: ['name', 'id_number', 'phone', 'categories', 'notes'] }),
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/csv/);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="clients-2026-06-15.csv"; filename\*=UTF-8''%E6%9C%8D/);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8');
  assert.match(text, /^\uFEFF姓名,身份证号,联系电话,对象类别,备注\r\n/);
  assert.ok(text.includes('张三,4302**********0019,138****8000'));
  assert.ok(text.includes(",'=A1+2\r\n"), 'a formula is neutralised');
  assert.ok(text.includes(",'@SUM(A1)\r\n"));
  assert.ok(!text.includes(ADULT));
  // In full: the permission and a reason.
  const bad = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', full: true });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'reason');
  const ev = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv' }, {}, as.eval);
  assert.equal(ev.status, 403);
  const fullRes = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', full: true, reason: '民政局年度核查', columns: ['name', 'id_number'] });
  assert.equal(fullRes.status, 200);
  assert.ok(fullRes.text.includes(`张三,${ADULT}`));
  const log = await api(srv.base, 'GET', '/api/v1/audit?action=client.export&result=ok', undefined, {}, as.aud);
  assert.equal(log.body.items.length, 2);
  assert.ok(log.body.items[0].detail.includes('民政局年度核查'));
  assert.ok(log.body.items[0].detail.includes('"full":true'));
  assert.ok(log.body.items[1].detail.includes('"rows":'));
});

// An export is read beside the list it came from: in the list's order,
// for any filter the list takes (a township's code as the village).
test('the register exports in the list\'s order, with the filters the list takes', async () => {
  const csvNames = async (body) => {
    const r = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', columns: ['name', 'birth_date'], station_id: 2, ...body });
    assert.equal(r.status, 200, r.text);
    return r.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n').slice(1).map((l) => l.split(',')[0]);
  };
  for (const [sort, order] of [['birth_date', 'asc'], ['birth_date', 'desc'], ['name', 'desc'], ['id', 'asc']]) {
    const list = (await api(srv.base, 'GET', `/api/v1/clients?station_id=2&sort=${sort}&order=${order}&limit=200`)).body;
    assert.ok(list.total > 2 && list.total === list.items.length, JSON.stringify(list.total));
    assert.deepEqual(await csvNames({ sort, order }), list.items.map((c) => c.name), `${sort} ${order}`);
  }
  const township = (await api(srv.base, 'GET', '/api/v1/clients?station_id=2&village=430223001&limit=200')).body;
  assert.ok(township.total > 0);
  assert.deepEqual(await csvNames({ village: '430223001' }), township.items.map((c) => c.name));
  const bad = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', sort: 'age' });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.body.error.field, 'sort');
});

// After a leak the auditor must know whose ID numbers left: the row names
// the filter the file's title states, not only its size.
test('a merge takes the day of death the survivor did not know', async () => {
  const a = await post({ station_id: 2, name: '赵六', sex: 'M', birth_date: '1938-08-08', status: 'deceased', status_reason: '病故' });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.body.status_on, '2026-06-15', 'set without a day: today');
  const unknown = await api(srv.base, 'PATCH', `/api/v1/clients/${a.body.id}`, { status_on: null, version: a.body.version });
  assert.equal(unknown.status, 200, unknown.text);
  assert.equal(unknown.body.status_on, null);
  const b = await post({ station_id: 2, name: '赵六', sex: 'M', birth_date: '1938-08-08', status: 'deceased', status_reason: '病故', status_on: '2026-05-20' });
  assert.equal(b.status, 201, b.text);
  const r = await api(srv.base, 'POST', `/api/v1/clients/${b.body.id}/merge`, { into: a.body.id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status_on, '2026-05-20');
  // The register's export carries the day, for an inspection of deaths.
  const res = await fetch(srv.base + '/api/v1/client_exports', {
    method: 'POST',
    headers: { cookie: as.w2.cookie, 'x-csrf-token': as.w2.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ format: 'csv', q: '赵六', columns: ['name', 'status', 'status_reason', 'status_on'] }),
  });
  assert.equal(res.status, 200);
  // Its headers are the import's: the sheet reads back with its statuses.
  const csv = (await res.text()).replace(/^\ufeff/, '').trim().split(/\r?\n/);
  assert.deepEqual(csv, ['姓名,状态,状态原因,状态变更日期', '赵六,死亡,病故,2026-05-20']);
});

test('a full export\'s audit row names the station and filter it covered', async () => {
  const st = (await api(srv.base, 'GET', '/api/v1/stations/2')).body;
  const r = await api(srv.base, 'POST', '/api/v1/client_exports',
    { format: 'csv', full: true, reason: '督查抽查本站身份信息', columns: ['name', 'id_number'], station_id: 2, age_min: 18 });
  assert.equal(r.status, 200, r.text);
  const log = await api(srv.base, 'GET', '/api/v1/audit?action=client.export&result=ok&limit=1', undefined, {}, as.aud);
  const d = JSON.parse(log.body.items[0].detail);
  assert.equal(d.reason, '督查抽查本站身份信息');
  assert.ok(d.filter.includes(st.name), d.filter);
  assert.match(d.filter, /18/);
});

test('the .xlsx export opens in LibreOffice with the same rows', async () => {
  const res = await fetch(srv.base + '/api/v1/client_exports', {
    method: 'POST',
    headers: { cookie: as.w2.cookie, 'x-csrf-token': as.w2.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ format: 'xlsx', columns: ['name', 'id_number', 'sex', 'categories'], q: 'zs' }),
  });
  assert.equal(res.status, 200);
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'sgz-xlsx-'));
  writeFileSync(join(dir, 'export.xlsx'), Buffer.from(await res.arrayBuffer()));
  const lo = spawnSync('libreoffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76',
    '--outdir', dir, join(dir, 'export.xlsx')], { encoding: 'utf8', timeout: 120000 });
  assert.equal(lo.status, 0, lo.stderr);
  const text = readFileSync(join(dir, 'export.csv'), 'utf8').trim();
  rmSync(dir, { recursive: true, force: true });
  // The title cell holds two lines, the second naming the search.
  const title = text.match(/^"([^"]*)",*\n/);
  assert.ok(title, JSON.stringify(text.slice(0, 200)));
  assert.equal(title[1], '服务对象台账（2026-06-15）·脱敏\n筛选条件　所属站点：攸县联星街道社会工作服务站；查找：“zs”');
  const csv = text.slice(title[0].length).split('\n');
  assert.equal(csv[0], "姓名,身份证号,性别,对象类别");
  assert.equal(csv[1], '张三,4302**********0019,男,最低生活保障对象');
  assert.equal(csv[2], '张三丰,,男,');
  assert.equal(csv.length, 3);
});

test('a full CSV export keeps every digit of an ID number when a spreadsheet opens it', async () => {
  const res = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', full: true, reason: '民政局年度核查', columns: ['name', 'id_number', 'phone'], q: '张三' });
  assert.equal(res.status, 200, res.text);
  // A trailing tab makes 18 digits text, not 4.30223E+17 (or ...0000).
  assert.ok(res.text.includes(`张三,${ADULT}\t,`), res.text);
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'sgz-csv-'));
  writeFileSync(join(dir, 'full.csv'), res.text);
  // Opened as a spreadsheet opens a .csv, saved again as .xlsx, read back as text.
  const lo = spawnSync('libreoffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--infilter=CSV:44,34,76,1',
    '--convert-to', 'xlsx', '--outdir', dir, join(dir, 'full.csv')], { encoding: 'utf8', timeout: 120000 });
  assert.equal(lo.status, 0, lo.stderr);
  const x = spawnSync('unzip', ['-p', join(dir, 'full.xlsx'), 'xl/sharedStrings.xml'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  assert.match(x.stdout, new RegExp(`<t[^>]*>${ADULT}&#9;</t>`), 'the ID number is a text cell with its 18 digits');
});

test('a household: one head, members who are clients of the station or just names', async () => {
  const head = await post({ station_id: 2, name: '户主甲', sex: 'M', birth_date: '1950-01-01' });
  const wife = await post({ station_id: 2, name: '配偶乙', sex: 'F', birth_date: '1952-01-01' });
  const far = await post({ station_id: 3, name: '别站丙', sex: 'F', birth_date: '1952-01-01' }, as.w3);
  const hh = (members, extra = {}) => api(srv.base, 'POST', '/api/v1/households', { station_id: 2, name: '甲户', members, ...extra });
  let r = await hh([{ client_id: head.body.id, relation: 'spouse' }]);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'members');
  r = await hh([{ client_id: head.body.id, relation: 'head' }, { client_id: far.body.id, relation: 'spouse' }]);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'members[1].client_id');
  r = await hh([{ client_id: head.body.id, relation: 'head' }, { relation: 'child' }]);
  assert.equal(r.body.error.field, 'members[1].name');
  r = await hh([{ client_id: head.body.id, relation: 'head' }, { client_id: wife.body.id, relation: 'spouse' }, { name: '甲小儿', relation: 'child' }]);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.members.map((m) => [m.name, m.relation]), [['户主甲', 'head'], ['配偶乙', 'spouse'], ['甲小儿', 'child']]);
  const detail = await api(srv.base, 'GET', `/api/v1/clients/${wife.body.id}`);
  assert.deepEqual(detail.body.household, { id: r.body.id, name: '甲户', relation: 'spouse' });
  // In one household only.
  const again = await hh([{ client_id: wife.body.id, relation: 'head' }], { name: '乙户' });
  assert.equal(again.status, 409);
  // Out of range for another station's worker.
  assert.equal((await api(srv.base, 'GET', `/api/v1/households/${r.body.id}`, undefined, {}, as.w3)).status, 404);
  const upd = await api(srv.base, 'PATCH', `/api/v1/households/${r.body.id}`, { members: [{ client_id: head.body.id, relation: 'head' }] }, { 'if-match': String(r.body.version) });
  assert.equal(upd.status, 200, upd.text);
  assert.equal((await api(srv.base, 'GET', `/api/v1/clients/${wife.body.id}`)).body.household, null);
  // The station's households, all and by the start of a name, on both
  // backends whatever the database's locale (tests/pg.sh: zh_CN.UTF-8).
  const other = await hh([{ name: '乙户主', relation: 'head' }], { name: '甲村乙户' });
  assert.equal(other.status, 201, other.text);
  const list = async (q) => {
    const l = await api(srv.base, 'GET', `/api/v1/households?station_id=2${q ? `&q=${encodeURIComponent(q)}` : ''}`);
    assert.equal(l.status, 200, l.text);
    return [l.body.total, l.body.items.map((h) => h.name).sort()];
  };
  assert.deepEqual(await list(''), [2, ['甲户', '甲村乙户']]);
  assert.deepEqual(await list('甲'), [2, ['甲户', '甲村乙户']]);
  assert.deepEqual(await list('甲村'), [1, ['甲村乙户']]);
  assert.deepEqual(await list('乙'), [0, []]);
  assert.deepEqual((await api(srv.base, 'GET', '/api/v1/households?station_id=2', undefined, {}, as.w3)).body.items, []);
  // A worker who keeps only her own clients ("self") sees the households
  // one of her clients is in, and makes none without one.
  const mine = await post({ station_id: 2, name: '自己户主', sex: 'M', birth_date: '1951-01-01' }, as.wself);
  assert.equal(mine.status, 201, mine.text);
  const selfHh = (members, name) => api(srv.base, 'POST', '/api/v1/households', { station_id: 2, name, members }, {}, as.wself);
  const namesOnly = await selfHh([{ name: '某户主', relation: 'head' }], '无对象户');
  assert.equal(namesOnly.status, 400, namesOnly.text);
  assert.equal(namesOnly.body.error.field, 'members');
  assert.equal(namesOnly.body.error.message, '家庭成员须包含至少一名由您负责的服务对象');
  const own = await selfHh([{ client_id: mine.body.id, relation: 'head' }, { name: '自己配偶', relation: 'spouse' }], '自己户');
  assert.equal(own.status, 201, own.text);
  const seen = await api(srv.base, 'GET', '/api/v1/households?station_id=2', undefined, {}, as.wself);
  assert.deepEqual(seen.body.items.map((h) => h.name), ['自己户']);
  assert.equal(seen.body.total, 1);
  assert.equal((await api(srv.base, 'GET', `/api/v1/households/${other.body.id}`, undefined, {}, as.wself)).status, 404);
  assert.equal((await api(srv.base, 'GET', `/api/v1/households/${own.body.id}`, undefined, {}, as.wself)).status, 200);
});

test('a form saved as it was opened changes nothing: same version, no row in the history', async () => {
  const c = await post({ station_id: 2, name: '原样乙', sex: 'M', birth_date: '1948-02-02', phone: '13700137001', address: '攸县城关镇东街3号',
    self_care: 'partial', living: 'alone', notes: '耳背', categories: [{ code: 'dibao', started_on: '2024-01-01' }, { code: 'elderly_alone', started_on: '2023-05-01' }] });
  assert.equal(c.status, 201, c.text);
  const g = (await api(srv.base, 'GET', `/api/v1/clients/${c.body.id}`)).body;
  // What the web form sends back unchanged: every plain field, the
  // categories as shown, and none of the sealed ones (never held).
  const form = {
    name: g.name, station_id: g.station_id, village_code: g.village_code || null, worker_id: g.worker_id, ethnicity: g.ethnicity,
    categories: g.categories.map((k) => ({ code: k.code, started_on: k.started_on, ended_on: k.ended_on })),
    self_care: g.self_care, living: g.living, risk_level: g.risk_level, dibao_cert: g.dibao_cert, tekun_cert: g.tekun_cert,
    status: g.status, status_reason: g.status_reason, notes: g.notes, lawful_basis: g.lawful_basis, consent_by: g.consent_by,
    consent_on: g.consent_on, consent_method: g.consent_method, statutory_duty: g.statutory_duty, guardians: [],
    sex: g.sex, birth_date: g.birth_date,
  };
  const same = await api(srv.base, 'PATCH', `/api/v1/clients/${c.body.id}`, form, { 'if-match': `"${g.version}"` });
  assert.equal(same.status, 200, same.text);
  assert.equal(same.body.version, g.version, 'nothing changed, the version stays');
  const h = await api(srv.base, 'GET', `/api/v1/clients/${c.body.id}/history`);
  assert.deepEqual(h.body.items.map((x) => x.action), ['client.create']);
  const stale = await api(srv.base, 'PATCH', `/api/v1/clients/${c.body.id}`, form, { 'if-match': `"${g.version + 1}"` });
  assert.equal(stale.status, 409, 'a stale version is still refused: ' + stale.text);
  const changed = await api(srv.base, 'PATCH', `/api/v1/clients/${c.body.id}`, { ...form, notes: '耳背，需大声说话' }, { 'if-match': `"${g.version}"` });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.version, g.version + 1);
  const phone = await api(srv.base, 'PATCH', `/api/v1/clients/${c.body.id}`, { phone: '13700137002' }, { 'if-match': `"${changed.body.version}"` });
  assert.equal(phone.body.version, changed.body.version + 1, 'a sealed field typed anew is a change');
});

test('a record\'s history: created, changed, revealed, for those who may read it', async () => {
  const c = await post({ station_id: 2, name: '历史甲', sex: 'F', birth_date: '1940-04-04', phone: '13700137000' });
  assert.equal(c.status, 201, c.text);
  const up = await api(srv.base, 'PATCH', `/api/v1/clients/${c.body.id}`, { status: 'moved', status_reason: '随子女迁居长沙' }, { 'if-match': '1' });
  assert.equal(up.status, 200, up.text);
  await api(srv.base, 'POST', `/api/v1/clients/${c.body.id}/reveal`, { reason: '电话回访' });
  const h = await api(srv.base, 'GET', `/api/v1/clients/${c.body.id}/history`, undefined, {}, as.w2);
  assert.equal(h.status, 200, h.text);
  assert.deepEqual(h.body.items.map((x) => x.action), ['client.reveal', 'client.update', 'client.create']);
  assert.equal(h.body.items[0].detail.reason, '电话回访');
  assert.equal(h.body.items[1].detail.before.status, 'active');
  assert.equal(h.body.items[1].detail.after.status, 'moved');
  assert.ok(!h.text.includes('13700137000'), 'the history shows the phone masked');
  assert.equal((await api(srv.base, 'GET', `/api/v1/clients/${c.body.id}/history`, undefined, {}, as.w3)).status, 404);
  // Who registered the record and when, on the record itself: an imported
  // one has no create row of its own in the history.
  const me = (await api(srv.base, 'GET', '/api/v1/session')).body.user;
  const got = await api(srv.base, 'GET', `/api/v1/clients/${c.body.id}`, undefined, {}, as.w2);
  assert.equal(got.body.created_by, me.id);
  assert.equal(got.body.created_by_name, me.display_name);
  assert.match(got.body.created_at, /^2026-06-15T/);
  // Every structured field is logged before and after; the notes only as
  // changed, never their text; secrets only masked.
  const up2 = await api(srv.base, 'PATCH', `/api/v1/clients/${c.body.id}`, {
    self_care: 'partial', living: 'alone', address: '湖南省攸县城关镇新街12号', notes: '老人耳背，需大声说话',
    categories: [{ code: 'dibao', started_on: '2026-01-01', ended_on: '2026-06-30' }],
  }, { 'if-match': `"${up.body.version}"` });
  assert.equal(up2.status, 200, up2.text);
  const h2 = await api(srv.base, 'GET', `/api/v1/clients/${c.body.id}/history`);
  const d = h2.body.items[0].detail;
  assert.equal(h2.body.items[0].action, 'client.update');
  assert.deepEqual([d.before.self_care, d.after.self_care], ['', 'partial']);
  assert.deepEqual([d.before.living, d.after.living], ['', 'alone']);
  assert.deepEqual(d.after.categories, [['dibao', '2026-01-01', '2026-06-30']]);
  assert.notEqual(d.after.address, d.before.address);
  assert.deepEqual(d.changed_text, ['notes']);
  assert.ok(!h2.text.includes('耳背'), 'the notes stay out of the log');
  assert.ok(!h2.text.includes('新街12号'), 'the address is logged masked');
  assert.equal(d.after.notes, undefined);
});

test('creates arriving together commit together: one ID number wins once, the rest stand, a key replays', async () => {
  // Twelve new clients at once, two of them with the same ID number: the
  // group commit writes them in one transaction, and the loser's failure
  // undoes only its own rows.
  const twin = idNumber('43022319560707' + '031');
  const bodies = Array.from({ length: 12 }, (_, i) => ({
    station_id: 2, name: `并发${i}`, id_number: i < 2 ? twin : idNumber(`4302231956070${7 + (i % 3)}` + String(100 + i)),
  }));
  const rs = await Promise.all(bodies.map((b) => post(b)));
  assert.deepEqual(rs.map((r) => r.status).sort(), [...Array(11).fill(201), 409].sort(), rs.map((r) => r.text).join('\n'));
  const ids = rs.filter((r) => r.status === 201).map((r) => r.body.id);
  assert.equal(new Set(ids).size, 11);
  for (const r of rs.filter((x) => x.status === 201)) {
    const got = await api(srv.base, 'GET', `/api/v1/clients/${r.body.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.name, r.body.name);
  }
  const h = await api(srv.base, 'GET', `/api/v1/clients/${ids[0]}/history`);
  assert.deepEqual(h.body.items.map((x) => x.action), ['client.create']);
  const found = await api(srv.base, 'GET', `/api/v1/clients?q=${twin.slice(-4)}`);
  assert.equal(found.body.items.filter((c) => c.name.startsWith('并发')).length, 1, 'the loser left no row');
  // An Idempotency-Key: the retry gets the first answer, and no second record.
  const key = 'client-create-0001-abcdef';
  const body = { station_id: 2, name: '幂等甲', sex: 'F', birth_date: '1950-05-05' };
  const first = await post(body, undefined);
  assert.equal(first.status, 201);
  const k1 = await api(srv.base, 'POST', '/api/v1/clients', { ...body, name: '幂等乙' }, { 'idempotency-key': key });
  assert.equal(k1.status, 201, k1.text);
  const k2 = await api(srv.base, 'POST', '/api/v1/clients', { ...body, name: '幂等乙' }, { 'idempotency-key': key });
  assert.equal(k2.status, 201);
  assert.equal(k2.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual(k2.body, k1.body);
  const list = await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('幂等乙')}`);
  assert.equal(list.body.items.length, 1);
  // A refused create releases its key: the corrected request runs.
  const key2 = 'client-create-0002-abcdef';
  const bad = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '幂等丙', id_number: twin }, { 'idempotency-key': key2 });
  assert.equal(bad.status, 409);
  const again = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '幂等丙', id_number: twin }, { 'idempotency-key': key2 });
  assert.equal(again.status, 409, 'checked again, not replayed');
  assert.equal(again.headers.get('idempotent-replayed'), null);
});

/** The reply column of every kept Idempotency-Key, with the backend's own client. */
function keptReplies() {
  const text = 'SELECT state, reply FROM idempotency_keys';
  if (BACKEND === 'postgres') return execFileSync('psql', [srv.env.SGZ_DB, '-qAtc', text], { encoding: 'utf8' });
  return execFileSync('sqlite3', [srv.env.SGZ_DB, text], { encoding: 'utf8' });
}

test('a reply that shows a secret is never kept for an Idempotency-Key: a retry is told it was done', async () => {
  const c = (await api(srv.base, 'GET', '/api/v1/clients?q=0019')).body.items[0];
  const keyed = (method, path, body, key) => api(srv.base, method, path, body, { 'idempotency-key': key });
  // Personal data in full.
  const r1 = await keyed('POST', `/api/v1/clients/${c.id}/reveal`, { reason: '电话回访' }, 'reveal-0001-abcdef');
  assert.equal(r1.status, 200, r1.text);
  assert.equal(r1.body.id_number, ADULT);
  const r2 = await keyed('POST', `/api/v1/clients/${c.id}/reveal`, { reason: '电话回访' }, 'reveal-0001-abcdef');
  assert.equal(r2.status, 409);
  assert.equal(r2.body.error.code, 'idempotency_completed');
  assert.ok(!r2.text.includes(ADULT));
  // An export in full: a file, and the register in clear.
  const e1 = await keyed('POST', '/api/v1/client_exports', { format: 'csv', full: true, reason: '民政局年度核查', columns: ['name', 'id_number'] }, 'export-0001-abcdef');
  assert.equal(e1.status, 200);
  assert.ok(e1.text.includes(ADULT));
  const e2 = await keyed('POST', '/api/v1/client_exports', { format: 'csv', full: true, reason: '民政局年度核查', columns: ['name', 'id_number'] }, 'export-0001-abcdef');
  assert.equal(e2.status, 409);
  assert.equal(e2.body.error.code, 'idempotency_completed');
  // An API token and a new user's temporary password, shown once.
  const t1 = await keyed('POST', '/api/v1/session/tokens', { name: '对接', permissions: ['station.read'], expires_on: '2026-12-31' }, 'token-0001-abcdef');
  assert.equal(t1.status, 201, t1.text);
  const u1 = await keyed('POST', '/api/v1/users', { username: 'idem.user', roles: ['social_worker'], data_range: 'stations', stations: [2] }, 'user-0001-abcdef');
  assert.equal(u1.status, 201, u1.text);
  assert.ok(u1.body.temporary_password);
  const u2 = await keyed('POST', '/api/v1/users', { username: 'idem.user', roles: ['social_worker'], data_range: 'stations', stations: [2] }, 'user-0001-abcdef');
  assert.equal(u2.status, 409);
  assert.equal(u2.body.error.code, 'idempotency_completed', 'the deferred create marked its key');
  const kept = keptReplies();
  for (const secret of [ADULT, '13800138000', t1.body.token, u1.body.temporary_password]) {
    assert.ok(!kept.includes(secret), `a kept reply holds ${secret}`);
  }
});

test('a list by name keeps each surname together; a pinyin search keeps the order of its pinyin', async () => {
  // By the run-together pinyin 程静 (chengjing) fell between 陈安 (chenan)
  // and 陈阳 (chenyang), and 梁 and 林 among the 李.
  const made = ['程静', '陈阳', '刘洋', '陈安', '沉香', '李冰', '梁红', '李安', '林涛', '黎明'];
  for (const name of made) {
    const r = await post({ station_id: 3, name, sex: 'F', birth_date: '1925-03-03' }, as.w3);
    assert.equal(r.status, 201, r.text);
  }
  const names = async (q) => (await api(srv.base, 'GET', `/api/v1/clients?station_id=3&age_min=100&limit=50&${q}`, undefined, {}, as.w3)).body.items.map((x) => x.name);
  const register = ['沉香', '陈安', '陈阳', '程静', '李安', '李冰', '黎明', '梁红', '林涛', '刘洋'];
  assert.deepEqual(await names('sort=name'), register);
  assert.deepEqual(await names('sort=name&order=desc'), [...register].reverse());
  // Page by page, the same order.
  const pages = [];
  for (let p = 1; p <= 4; p++) {
    pages.push(...(await api(srv.base, 'GET', `/api/v1/clients?station_id=3&age_min=100&limit=3&page=${p}`, undefined, {}, as.w3)).body.items.map((x) => x.name));
  }
  assert.deepEqual(pages, register);
  // A name's first characters: the register's order too.
  assert.deepEqual(await names(`q=${encodeURIComponent('李')}`), ['李安', '李冰']);
  // Typed pinyin matches 陈 and 程 alike ("chen" begins "cheng"); its
  // results come in the order of the pinyin typed against.
  assert.deepEqual(await names('q=chen'), ['陈安', '程静', '沉香', '陈阳']);
});

test('a search across stations by initials or a name\'s first characters: the pinyin\'s order, every page and total as one list would give', async () => {
  // Initials "zs…" in the initials' own order (zs, zsf, zsy) are not the
  // pinyin's: the province-wide search ranks its matches itself.
  const made = [['周树', 2], ['张三', 3], ['曾思远', 2], ['赵四', 3], ['朱森', 2], ['张三丰', 3], ['左思', 2], ['郑顺', 3]];
  for (const [name, station] of made) {
    const r = await post({ station_id: station, name, sex: 'M', birth_date: '1920-02-02', categories: station === 2 ? [{ code: 'dibao', started_on: '2020-01-01' }] : [] });
    assert.equal(r.status, 201, r.text);
  }
  const pinyin = ['曾思远', '张三', '张三丰', '赵四', '郑顺', '周树', '朱森', '左思'];
  const list = async (q, auth) => (await api(srv.base, 'GET', `/api/v1/clients?age_min=106&${q}`, undefined, {}, auth)).body;
  const names = async (q, auth) => (await list(q, auth)).items.map((x) => x.name);
  assert.deepEqual(await names('q=zs&limit=50'), pinyin);
  assert.deepEqual(await names('q=zs&limit=50&order=desc'), [...pinyin].reverse());
  for (const [order, want] of [['asc', pinyin], ['desc', [...pinyin].reverse()]]) {
    for (const limit of [1, 3]) {
      const pages = [];
      for (let p = 1; p <= Math.ceil(pinyin.length / limit) + 1; p++) {
        const r = await list(`q=zs&order=${order}&limit=${limit}&page=${p}`);
        assert.equal(r.total, pinyin.length, `${order} ${limit} page ${p}`);
        assert.equal(r.total_more, false);
        pages.push(...r.items.map((x) => x.name));
      }
      assert.deepEqual(pages, want, `${order} by ${limit}`);
    }
  }
  // Filters and the caller's range still apply; none found is an empty page.
  assert.deepEqual(await names('q=zs&limit=50&category=dibao'), ['曾思远', '周树', '朱森', '左思']);
  assert.deepEqual(await names('q=zs&limit=50', as.w3), ['张三', '张三丰', '赵四', '郑顺']);
  assert.equal((await list('q=zs&limit=2', as.w3)).total, 4);
  assert.deepEqual(await names('q=zsy&limit=50'), ['曾思远']);
  assert.deepEqual(await list('q=zsq&limit=50'), { items: [], total: 0, total_more: false, page: 1, limit: 50 });
  // Pinyin and initials at once ("ze": 曾思远 by pinyin, 左恩 by initials).
  assert.equal((await post({ station_id: 3, name: '左恩', sex: 'M', birth_date: '1920-02-02' })).status, 201);
  assert.deepEqual(await names('q=ze&limit=50'), ['曾思远', '左恩']);
  assert.deepEqual(await names('q=ze&limit=50&order=desc'), ['左恩', '曾思远']);
  assert.equal((await list('q=ze&limit=1&page=2')).total, 2);

  // A name's first characters, across stations, in the register's order:
  // 曾 read as the surname zeng; separators are not part of the match.
  for (const [name, station] of [['曾山', 3], ['阿依·古丽', 2], ['阿依江', 3], ['张A丽', 2]]) {
    const r = await post({ station_id: station, name, sex: 'F', birth_date: '1920-02-02' });
    assert.equal(r.status, 201, r.text);
  }
  assert.deepEqual(await names(`q=${encodeURIComponent('曾')}`), ['曾山', '曾思远']);
  assert.deepEqual(await names(`q=${encodeURIComponent('曾')}&order=desc`), ['曾思远', '曾山']);
  assert.deepEqual(await names(`q=${encodeURIComponent('阿依')}`), ['阿依·古丽', '阿依江']);
  assert.deepEqual(await names(`q=${encodeURIComponent('阿依·')}`), ['阿依·古丽', '阿依江']);
  assert.deepEqual(await names(`q=${encodeURIComponent('张三')}`), ['张三', '张三丰']);
  assert.deepEqual(await names(`q=${encodeURIComponent('张a')}`), ['张A丽']);
  assert.deepEqual(await names(`q=${encodeURIComponent('张三')}&station_id=3`), ['张三', '张三丰']);
  assert.deepEqual(await names(`q=${encodeURIComponent('阿依')}&station_id=2`), ['阿依·古丽']);
  assert.deepEqual(await names(`q=${encodeURIComponent('曾山')}`, as.w2), []);
});

test('a household: who may take a member off, and who may join', async () => {
  // A worker who keeps only her own clients cannot drop a colleague's
  // client she cannot see; one who moved away joins no household.
  const hers = await post({ station_id: 2, name: '自己户主乙', sex: 'M', birth_date: '1951-02-01' }, as.wself);
  assert.equal(hers.status, 201, hers.text);
  const colleague = await post({ station_id: 2, name: '同事对象', sex: 'F', birth_date: '1953-02-01' });
  const gone = await post({ station_id: 2, name: '已迁出者', sex: 'F', birth_date: '1955-02-01' });
  const g = (await api(srv.base, 'GET', `/api/v1/clients/${gone.body.id}`)).body;
  assert.equal((await api(srv.base, 'PATCH', `/api/v1/clients/${gone.body.id}`, { status: 'moved', status_reason: '外出务工' },
    { 'if-match': String(g.version) })).status, 200);
  const hh = await api(srv.base, 'POST', '/api/v1/households', { station_id: 2, name: '混合户',
    members: [{ client_id: hers.body.id, relation: 'head' }, { client_id: colleague.body.id, relation: 'spouse' }] });
  assert.equal(hh.status, 201, hh.text);
  const patch = (members, auth) => api(srv.base, 'PATCH', `/api/v1/households/${hh.body.id}`, { members },
    { 'if-match': String(hh.body.version) }, auth);
  let r = await patch([{ client_id: hers.body.id, relation: 'head' }], as.wself);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'members');
  assert.match(r.body.error.message, /同事对象/);
  r = await patch([{ client_id: hers.body.id, relation: 'head' }, { client_id: colleague.body.id, relation: 'spouse' },
    { client_id: gone.body.id, relation: 'child' }]);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'members[2].client_id');
  assert.match(r.body.error.message, /迁出/);
  // Renaming the household, both members kept, is hers to do.
  r = await api(srv.base, 'PATCH', `/api/v1/households/${hh.body.id}`, { name: '混合户（改名）',
    members: [{ client_id: hers.body.id, relation: 'head' }, { client_id: colleague.body.id, relation: 'spouse' }] },
  { 'if-match': String(hh.body.version) }, as.wself);
  assert.equal(r.status, 200, r.text);
  hh.body.version = r.body.version;
  r = await patch([{ client_id: hers.body.id, relation: 'head' }]);
  assert.equal(r.status, 200, 'a user who sees both may');
  assert.equal(r.body.members.length, 1);
});

// The masked ID number keeps its first and last four characters; with
// the whole birth date beside it only the county's two digits would be
// missing, and those are the station's more often than not. So the
// birth date is whole only for those who may reveal the number, and a
// masked sheet gives its year.
test('the birth date is whole only for those who may reveal the ID number, and by its year in a masked sheet', async () => {
  addUser(srv, 'sysx', 'sysadmin', 'all');
  const sys = await session(srv.base, 'sysx');
  const c = await post({ station_id: 2, name: '贺全', id_number: '43022319520304001X', categories: [{ code: 'dibao', started_on: '2020-01-01' }] });
  assert.equal(c.status, 201, c.text);
  const one = async (who) => (await api(srv.base, 'GET', `/api/v1/clients/${c.body.id}`, undefined, {}, who)).body;
  const listed = async (who) => (await api(srv.base, 'GET', '/api/v1/clients?q=%E8%B4%BA&station_id=2', undefined, {}, who)).body.items
    .find((x) => x.id === c.body.id);
  for (const who of [sys, as.eval]) {
    assert.deepEqual([(await one(who)).birth_date, (await one(who)).age], ['1952', 74]);
    assert.equal((await listed(who)).birth_date, '1952');
  }
  assert.equal((await one(sys)).id_number, '4302**********001X');
  assert.equal((await one(as.w2)).birth_date, '1952-03-04', 'a worker, who may reveal the number, reads the whole date');
  assert.equal((await listed(as.w2)).birth_date, '1952-03-04');
  const sheet = async (extra) => {
    const r = await api(srv.base, 'POST', '/api/v1/client_exports',
      { format: 'csv', columns: ['name', 'id_number', 'birth_date', 'age'], q: '贺全', ...extra }, {}, as.w2);
    assert.equal(r.status, 200, r.text);
    return r.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n')[1];
  };
  // Her history's rows (the record as created, and a change) likewise.
  const changed = await api(srv.base, 'PATCH', `/api/v1/clients/${c.body.id}`, { risk_level: 'high', version: c.body.version });
  assert.equal(changed.status, 200, changed.text);
  const births = async (who) => {
    const r = await api(srv.base, 'GET', `/api/v1/clients/${c.body.id}/history?reads=exclude`, undefined, {}, who);
    assert.equal(r.status, 200, r.text);
    return [...JSON.stringify(r.body.items.map((i) => i.detail)).matchAll(/"birth_date":"([^"]*)"/g)].map((m) => m[1]);
  };
  const whole = await births(as.w2);
  assert.ok(whole.length >= 2 && whole.every((b) => b === '1952-03-04'), JSON.stringify(whole));
  assert.deepEqual(await births(sys), whole.map(() => '1952'));
  assert.equal(await sheet({}), '贺全,4302**********001X,1952,74');
  assert.equal(await sheet({ full: true, reason: '县民政局入户核查' }), '贺全,43022319520304001X\t,1952-03-04,74');
});

test('the evaluator reads names masked: the client, her guardians, her household and its members, her history', async () => {
  const kid = await post({
    station_id: 2, name: '欧阳小雨', sex: 'F', birth_date: '2016-02-02', lawful_basis: 'guardian_consent', consent_by: '欧阳梅',
    consent_on: '2026-06-01', consent_method: 'written', notes: '母亲在广东务工',
    guardians: [{ name: '欧阳梅', relation: 'mother', phone: '13900139001' }],
  });
  assert.equal(kid.status, 201, kid.text);
  const hh = await api(srv.base, 'POST', '/api/v1/households', {
    station_id: 2, name: '欧阳家', notes: '租住在镇上', members: [{ client_id: kid.body.id, relation: 'head' }, { name: '欧阳奶奶', relation: 'other' }],
  });
  assert.equal(hh.status, 201, hh.text);
  const upd = await api(srv.base, 'PATCH', `/api/v1/clients/${kid.body.id}`, { name: '欧阳小语', version: kid.body.version });
  assert.equal(upd.status, 200, upd.text);

  const ev = (await api(srv.base, 'GET', `/api/v1/clients/${kid.body.id}`, undefined, {}, as.eval)).body;
  assert.equal(ev.name, '欧***');
  assert.equal(ev.consent_by, '欧**');
  assert.deepEqual(ev.guardians.map((g) => [g.name, g.relation, g.phone]), [['欧**', 'mother', '139****9001']]);
  assert.equal(ev.notes, '', 'free notes about the person are left out');
  assert.equal(ev.household.name, '欧**');
  assert.equal(ev.birth_date, '2016', 'the year: with the masked ID number\'s ends a whole date would spell the number');
  // A name of one character: its first character is all of it.
  const one = await post({ station_id: 2, name: '王', sex: 'F', birth_date: '1960-07-07' });
  assert.equal(one.status, 201, one.text);
  assert.equal((await api(srv.base, 'GET', `/api/v1/clients/${one.body.id}`, undefined, {}, as.eval)).body.name, '*');
  const cert = await post({ station_id: 2, name: '曹低保', sex: 'F', birth_date: '1960-07-07', dibao_cert: '湘株攸低字第2023051234号',
    categories: [{ code: 'dibao', started_on: '2023-05-01' }] });
  assert.equal(cert.status, 201, cert.text);
  const evCert = (await api(srv.base, 'GET', `/api/v1/clients/${cert.body.id}`, undefined, {}, as.eval)).body;
  assert.ok(!evCert.dibao_cert.includes('2023051234'), evCert.dibao_cert);
  assert.match(evCert.dibao_cert, /\*{4}$/);
  // A whole ID number looked up would confirm a guess.
  const byId = (who) => api(srv.base, 'GET', `/api/v1/clients?q=${ADULT}`, undefined, {}, who);
  assert.equal((await byId(as.eval)).status, 400);
  assert.equal((await byId(as.w2)).body.total, 1, 'a worker, who may reveal it, finds her');
  // So would a whole name: the evaluator searches by a surname.
  const byName = (q) => api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(q)}`, undefined, {}, as.eval);
  const whole = await byName('欧阳小语');
  assert.equal(whole.status, 400, whole.text);
  assert.equal(whole.body.error.field, 'q');
  assert.match(whole.body.error.message, /只能按姓氏检索/);
  const surname = await byName('欧');
  assert.equal(surname.status, 200, surname.text);
  assert.ok(surname.body.items.some((c) => c.id === kid.body.id));
  // A household is named after people too.
  const houses = (q) => api(srv.base, 'GET', `/api/v1/households?q=${encodeURIComponent(q)}`, undefined, {}, as.eval);
  assert.equal((await houses('欧阳家')).status, 400);
  assert.equal((await houses('欧')).status, 200);
  const list = (await api(srv.base, 'GET', `/api/v1/clients?station_id=2&limit=200`, undefined, {}, as.eval)).body;
  assert.ok(list.items.length > 3);
  assert.ok(list.items.every((c) => /^(.\*+|\*)$/u.test(c.name)), 'every name in the list is masked');
  const house = (await api(srv.base, 'GET', `/api/v1/households/${hh.body.id}`, undefined, {}, as.eval)).body;
  assert.deepEqual(house.members.map((m) => m.name), ['欧***', '欧***']);
  assert.equal(house.notes, '');
  const history = (await api(srv.base, 'GET', `/api/v1/clients/${kid.body.id}/history`, undefined, {}, as.eval)).body;
  assert.ok(history.items.length >= 2);
  assert.ok(history.items.every((x) => x.detail === null), 'the log\'s before and after name people');
  assert.ok(!JSON.stringify(history).includes('欧阳'));
  const timeline = await api(srv.base, 'GET', `/api/v1/clients/${kid.body.id}/timeline`, undefined, {}, as.eval);
  assert.equal(timeline.status, 200, timeline.text);
  assert.equal(timeline.body.client_name, '欧***');

  // Everyone else who reads the register sees the names.
  const w = (await api(srv.base, 'GET', `/api/v1/clients/${kid.body.id}`, undefined, {}, as.w2)).body;
  assert.deepEqual([w.name, w.consent_by, w.guardians[0].name, w.notes], ['欧阳小语', '欧阳梅', '欧阳梅', '母亲在广东务工']);
  const hist = (await api(srv.base, 'GET', `/api/v1/clients/${kid.body.id}/history`, undefined, {}, as.w2)).body;
  assert.ok(hist.items.some((x) => x.detail?.after?.name === '欧阳小语'));
  // The evaluator's reads of a child's history and timeline are in it.
  assert.deepEqual(hist.items.filter((x) => x.detail?.view).map((x) => [x.actor, x.action, x.detail.view]),
    [['eval', 'client.read', 'timeline'], ['eval', 'client.read', 'history']]);
});

test('one category cannot hold two periods that share days; a merge makes such periods one', async () => {
  let r = await post({ station_id: 2, name: '钱多', sex: 'M', birth_date: '1950-05-05',
    categories: [{ code: 'dibao', started_on: '2020-01-01' }, { code: 'dibao', started_on: '2024-01-01' }] });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[1].started_on');
  assert.match(r.body.error.message, /重叠/);
  r = await post({ station_id: 2, name: '钱多', sex: 'M', birth_date: '1950-05-05',
    categories: [{ code: 'dibao', started_on: '2020-01-01', ended_on: '2023-12-31' }, { code: 'dibao', started_on: '2024-01-01' }] });
  assert.equal(r.status, 201, 'one period after another: ' + r.text);
  // Two records of one person, each with 低保 from its own date.
  const a = await post({ station_id: 2, name: '孙少', sex: 'M', birth_date: '1951-06-06', categories: [{ code: 'dibao', started_on: '2021-01-01', ended_on: '2025-06-30' }] });
  const b = await post({ station_id: 2, name: '孙少', sex: 'M', birth_date: '1951-06-06', categories: [{ code: 'dibao', started_on: '2023-01-01' }, { code: 'tekun', started_on: '2020-01-01', ended_on: '2020-12-31' }] });
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  const m = await api(srv.base, 'POST', `/api/v1/clients/${b.body.id}/merge`, { into: a.body.id });
  assert.equal(m.status, 200, m.text);
  const got = (await api(srv.base, 'GET', `/api/v1/clients/${a.body.id}`)).body.categories
    .map((k) => `${k.code}:${k.started_on}:${k.ended_on ?? ''}`).sort();
  assert.deepEqual(got, ['dibao:2021-01-01:', 'tekun:2020-01-01:2020-12-31']);
});

test('a day the record states as past is not after today, nor before her birth: a category, 低保 and 特困 since, consent, a case', async () => {
  const kid = { station_id: 2, name: '肖翠', sex: 'F', birth_date: '2015-06-01', lawful_basis: 'statutory_duty', statutory_duty: 'child_protection' };
  const bad = async (extra, field, message) => {
    const r = await post({ ...kid, ...extra });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.field, field);
    if (message) assert.equal(r.body.error.message, message);
  };
  await bad({ categories: [{ code: 'orphan', started_on: '2015-05-31' }] }, 'categories[0].started_on', '开始日期不能早于出生日期');
  await bad({ dibao_since: '2015-05-31' }, 'dibao_since', '低保起始日期不能早于出生日期');
  await bad({ tekun_since: '2027-01-01' }, 'tekun_since', '特困供养起始日期不能晚于当前时间');
  const adult = await post({ station_id: 2, name: '肖大', sex: 'M', birth_date: '1954-01-01' });
  assert.equal(adult.status, 201, adult.text);
  const later = await api(srv.base, 'PATCH', `/api/v1/clients/${adult.body.id}`,
    { version: adult.body.version, dibao_since: '2099-01-01' });
  assert.equal(later.status, 400, later.text);
  assert.equal(later.body.error.field, 'dibao_since');
  const consent = await api(srv.base, 'PATCH', `/api/v1/clients/${adult.body.id}`,
    { version: adult.body.version, consent_on: '2099-01-01', lawful_basis: 'guardian_consent', consent_by: '本人', consent_method: 'written' });
  assert.equal(consent.status, 400, consent.text);
  assert.equal(consent.body.error.field, 'consent_on');
  const r = await post({ ...kid, categories: [{ code: 'orphan', started_on: '2015-06-01' }], dibao_since: '2015-06-01' });
  assert.equal(r.status, 201, 'her birthday itself: ' + r.text);
  const k = await api(srv.base, 'POST', '/api/v1/cases', { client_id: r.body.id, source: 'visit', problem: '无人照料', opened_on: '2010-01-01' }, {}, as.w2);
  assert.equal(k.status, 400, k.text);
  assert.equal(k.body.error.field, 'opened_on');
  assert.equal(k.body.error.message, '接案日期不能早于出生日期');
});

test('a client moved to another station, by her record or by a merge, leaves her old household as a name; both stations can go on', async () => {
  const head = await post({ station_id: 2, name: '迁居户主', sex: 'F', birth_date: '1950-05-05' });
  const spouse = await post({ station_id: 2, name: '留守配偶', sex: 'M', birth_date: '1949-04-04' });
  const dup = await post({ station_id: 2, name: '重复登记', sex: 'F', birth_date: '1970-07-07' });
  const hh = await api(srv.base, 'POST', '/api/v1/households', { station_id: 2, name: '迁居户',
    members: [{ client_id: head.body.id, relation: 'head' }, { client_id: spouse.body.id, relation: 'spouse' },
      { client_id: dup.body.id, relation: 'child' }] });
  assert.equal(hh.status, 201, hh.text);
  // Her record says she lives at station 3 now.
  const c = (await api(srv.base, 'GET', `/api/v1/clients/${head.body.id}`)).body;
  let r = await api(srv.base, 'PATCH', `/api/v1/clients/${head.body.id}`, { station_id: 3 }, { 'if-match': String(c.version) });
  assert.equal(r.status, 200, r.text);
  let h = (await api(srv.base, 'GET', `/api/v1/households/${hh.body.id}`)).body;
  assert.deepEqual(h.members.map((m) => [m.client_id, m.name, m.relation]),
    [[null, '迁居户主', 'head'], [spouse.body.id, '留守配偶', 'spouse'], [dup.body.id, '重复登记', 'child']],
    'the family keeps its head, as a name');
  assert.ok(h.version > hh.body.version);
  assert.equal((await api(srv.base, 'GET', `/api/v1/clients/${head.body.id}`, undefined, {}, as.w3)).body.household, null);
  // Station 2 still edits its household; station 3 takes her into one of its own.
  r = await api(srv.base, 'PATCH', `/api/v1/households/${hh.body.id}`, { name: '迁居户（留守）',
    members: h.members.map((m) => (m.client_id ? { client_id: m.client_id, relation: m.relation } : { name: m.name, relation: m.relation })) },
  { 'if-match': String(h.version) }, as.w2);
  assert.equal(r.status, 200, r.text);
  r = await api(srv.base, 'POST', '/api/v1/households', { station_id: 3, name: '新居户',
    members: [{ client_id: head.body.id, relation: 'head' }] }, {}, as.w3);
  assert.equal(r.status, 201, r.text);
  // The household's history says who left, and where to.
  const audit = (await api(srv.base, 'GET', `/api/v1/audit?action=household.update&entity_id=${hh.body.id}`, undefined, {}, as.aud)).body.items
    .map((x) => (typeof x.detail === 'string' ? JSON.parse(x.detail) : x.detail));
  const moved = audit.find((d) => d && d.reason === 'client_moved');
  assert.ok(moved, JSON.stringify(audit));
  assert.deepEqual([moved.client_id, moved.from_station_id, moved.station_id], [head.body.id, 2, 3]);
  // Its before and after, as an edit's: the head kept as a name.
  assert.deepEqual(moved.before.members[0], { client_id: head.body.id, name: '迁居户主', relation: 'head' });
  assert.deepEqual(moved.after.members[0], { name: '迁居户主', relation: 'head' });
  // A duplicate at station 2 merged into her record at station 3: the
  // survivor is not handed station 2's household place.
  const into = await post({ station_id: 3, name: '重复登记', sex: 'F', birth_date: '1970-07-07' }, as.w3);
  assert.equal(into.status, 201, into.text);
  r = await api(srv.base, 'POST', `/api/v1/clients/${dup.body.id}/merge`, { into: into.body.id });
  assert.equal(r.status, 200, r.text);
  h = (await api(srv.base, 'GET', `/api/v1/households/${hh.body.id}`)).body;
  assert.deepEqual(h.members.map((m) => [m.client_id, m.name]), [[null, '迁居户主'], [spouse.body.id, '留守配偶'], [null, '重复登记']]);
  assert.equal((await api(srv.base, 'GET', `/api/v1/clients/${into.body.id}`, undefined, {}, as.w3)).body.household, null);
  r = await api(srv.base, 'POST', '/api/v1/households', { station_id: 3, name: '重复户',
    members: [{ client_id: into.body.id, relation: 'head' }] }, {}, as.w3);
  assert.equal(r.status, 201, r.text);
});

test('a guardian\'s own record says whose guardian she is, within the reader\'s range', async () => {
  const nan = await post({ station_id: 2, name: '孙奶奶', sex: 'F', birth_date: '1956-04-04' }, as.w2);
  assert.equal(nan.status, 201, nan.text);
  const child = (station, name, auth) => post({
    station_id: station, name, sex: 'M', birth_date: '2017-08-08', lawful_basis: 'guardian_consent', consent_by: '孙奶奶',
    consent_on: '2026-06-01', consent_method: 'written',
    guardians: [{ name: '孙奶奶', relation: 'grandparent', client_id: nan.body.id }, { name: '孙父', relation: 'father' }],
  }, auth);
  const near = await child(2, '孙小明', as.w2);
  assert.equal(near.status, 201, near.text);
  // The county's worker links a child at another station to her.
  const far = await child(3, '孙小亮');
  assert.equal(far.status, 201, far.text);
  const wards = async (id, auth) => api(srv.base, 'GET', `/api/v1/clients/${id}/wards`, undefined, {}, auth);

  let r = await wards(nan.body.id);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.items.map((c) => [c.id, c.name, c.relation, c.station_id]),
    [[near.body.id, '孙小明', 'grandparent', 2], [far.body.id, '孙小亮', 'grandparent', 3]]);
  assert.equal(r.body.total, 2);
  // The station's worker sees her own station's ward only, and nothing
  // says there is another.
  r = await wards(nan.body.id, as.w2);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.items.map((c) => c.id), [near.body.id]);
  assert.equal(r.body.total, 1);
  // Another station's worker cannot read the guardian at all.
  r = await wards(nan.body.id, as.w3);
  assert.equal(r.status, 404, r.text);
  // The evaluator reads them masked, as the list shows them.
  r = await wards(nan.body.id, as.eval);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.items.map((c) => c.name), ['孙**', '孙**']);
  // A guardian no longer recorded is not a ward's guardian.
  const moved = await api(srv.base, 'PATCH', `/api/v1/clients/${far.body.id}`, {
    version: far.body.version, consent_by: '孙父', guardians: [{ name: '孙父', relation: 'father' }],
  });
  assert.equal(moved.status, 200, moved.text);
  r = await wards(nan.body.id);
  assert.deepEqual(r.body.items.map((c) => c.id), [near.body.id]);
  // A client who looks after nobody: an empty list.
  r = await wards(near.body.id);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.items, []);
});

test('names come in with blanks at their ends and leave without them; a number typed in groups is found whole', async () => {
  const r = await post({
    station_id: 2, name: '\u3000 钱二\u00a0 ', sex: 'F', birth_date: '2016-09-09', phone: '13907312345', lawful_basis: 'guardian_consent',
    consent_by: ' 钱大 ', consent_on: '2026-06-01', consent_method: 'written', guardians: [{ name: '钱大\u3000', relation: 'father' }],
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.name, '钱二');
  assert.equal(r.body.consent_by, '钱大');
  assert.equal(r.body.guardians[0].name, '钱大');
  // The duplicate check reads a name typed so the same way.
  const dup = await api(srv.base, 'POST', '/api/v1/client_duplicates', { name: '钱二 ', birth_date: '2016-09-09' });
  assert.equal(dup.status, 200, dup.text);
  assert.deepEqual(dup.body.similar.map((c) => c.id), [r.body.id]);
  for (const q of ['139 0731 2345', '139-0731-2345', ' 1390731 2345 ']) {
    const found = await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent(q)}`);
    assert.equal(found.status, 200, found.text);
    assert.deepEqual(found.body.items.map((c) => c.id), [r.body.id], q);
  }
});

// Her categories are not ended by her death: they say what she was. Her
// page, the list and the export read them, as her age, on her last day:
// 低保 ended on the 12th, after she died on the 10th, is still hers.
test('one who died holds the categories she had on her last day', async () => {
  const c = await post({ station_id: 2, name: '类别亡甲', sex: 'F', birth_date: '1940-02-02',
    categories: [{ code: 'dibao', started_on: '2020-01-01', ended_on: '2026-06-12' }, { code: 'elderly_alone', started_on: '2026-06-11' }] }, as.w2);
  assert.equal(c.status, 201, c.text);
  const cur = (body) => body.categories.filter((k) => k.current).map((k) => k.code);
  assert.deepEqual(cur(c.body), ['elderly_alone'], 'alive on the 15th: 低保 ended on the 12th, 独居 since the 11th');
  const r = await api(srv.base, 'PATCH', `/api/v1/clients/${c.body.id}`, { status: 'deceased', status_reason: '病故', status_on: '2026-06-10', version: c.body.version }, {}, as.w2);
  assert.equal(r.status, 200, r.text);
  const page = (await api(srv.base, 'GET', `/api/v1/clients/${c.body.id}`, undefined, {}, as.w2)).body;
  assert.deepEqual(cur(page), ['dibao']);
  const list = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('类别亡甲')}&status=`, undefined, {}, as.w2)).body;
  assert.deepEqual(list.items[0].categories.map((k) => k.code), ['dibao']);
  const res = await fetch(srv.base + '/api/v1/client_exports', {
    method: 'POST',
    headers: { cookie: as.w2.cookie, 'x-csrf-token': as.w2.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ format: 'csv', q: '类别亡甲', status: 'deceased', columns: ['name', 'categories', 'status'] }),
  });
  assert.equal(res.status, 200);
  const csv = (await res.text()).replace(/^\ufeff/, '').trim().split(/\r?\n/);
  assert.deepEqual(csv, ['姓名,对象类别,状态', '类别亡甲,最低生活保障对象,死亡']);
  // A child who died at 10 with a category for those under 16 is not
  // held to it as if she had lived on: her record saves as it is.
  const young = await post({ station_id: 2, name: '夭折甲', sex: 'F', birth_date: '2009-05-01',
    lawful_basis: 'statutory_duty', statutory_duty: 'child_protection', status: 'deceased', status_reason: '病故', status_on: '2020-01-01',
    categories: [{ code: 'left_behind_child', started_on: '2015-01-01' }] }, as.w2);
  assert.equal(young.status, 201, young.text);
  assert.equal(young.body.age, 10);
});

// A child whose guardian on the register dies: her record says so, for
// the station to see who looks after her now.
test('a child\'s guardian on the register carries her status and its day', async () => {
  const gran = await post({ station_id: 2, name: '监护奶奶', sex: 'F', birth_date: '1950-03-03' }, as.w2);
  assert.equal(gran.status, 201, gran.text);
  const child = await post({ station_id: 2, name: '留守小童', sex: 'M', birth_date: '2016-04-04',
    lawful_basis: 'statutory_duty', statutory_duty: 'child_protection',
    guardians: [{ name: '监护奶奶', relation: 'grandparent', client_id: gran.body.id }, { name: '在外父亲', relation: 'father' }] }, as.w2);
  assert.equal(child.status, 201, child.text);
  const r = await api(srv.base, 'PATCH', `/api/v1/clients/${gran.body.id}`, { status: 'deceased', status_reason: '病故', status_on: '2026-06-01', version: gran.body.version }, {}, as.w2);
  assert.equal(r.status, 200, r.text);
  const got = (await api(srv.base, 'GET', `/api/v1/clients/${child.body.id}`, undefined, {}, as.w2)).body;
  assert.deepEqual(got.guardians.map((g) => [g.name, g.client_status, g.client_status_on]),
    [['监护奶奶', 'deceased', '2026-06-01'], ['在外父亲', undefined, undefined]]);
  // An evaluator reads no client's day of death, a guardian's neither.
  const ev = (await api(srv.base, 'GET', `/api/v1/clients/${child.body.id}`, undefined, {}, as.eval)).body;
  assert.deepEqual([ev.guardians[0].client_status, ev.guardians[0].client_status_on], ['deceased', null]);
});
