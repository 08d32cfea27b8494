// 字典管理 in the audit log (DESIGN.md §5): every write of a dictionary
// item (add, change, deactivate) keeps its columns before and after, as a
// client edit does; a refused edit leaves no row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session, sgz } from './lib.mjs';

let srv;
const as = {};

before(async () => {
  srv = await startServer();
  addUser(srv, 'aud', 'auditor', 'all');
  as.aud = await session(srv.base, 'aud');
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error|LeakSanitizer/);
});

// The item's audit rows, oldest first, their detail parsed.
async function rows(entityId) {
  const r = await api(srv.base, 'GET', `/api/v1/audit?kind=operation&entity=dictionary&entity_id=${encodeURIComponent(entityId)}`,
    undefined, {}, as.aud);
  assert.equal(r.status, 200, r.text);
  return r.body.items.map((x) => ({ ...x, detail: x.detail ? JSON.parse(x.detail) : null }))
    .sort((a, b) => a.id - b.id);
}

test('adding, changing and deactivating a client category log its columns before and after', async () => {
  let r = await api(srv.base, 'POST', '/api/v1/dictionaries/client_category',
    { code: 'audit_cat', label: '审计类别', label_en: 'Audited', sort_order: 500, age_limit: 18 });
  assert.equal(r.status, 201, r.text);
  const twice = await api(srv.base, 'POST', '/api/v1/dictionaries/client_category', { code: 'audit_cat', label: '重复', label_en: 'Again' });
  assert.equal(twice.status, 409);
  assert.equal(twice.body.error.field, 'code');
  assert.equal(twice.body.error.message, '编码“audit_cat”已存在');
  // A county's own category needs no English name: it reads as the Chinese one.
  const plain = await api(srv.base, 'POST', '/api/v1/dictionaries/client_category', { code: 'no_english', label: '无英文名' });
  assert.equal(plain.status, 201, plain.text);
  assert.equal(plain.body.label_en, '无英文名');
  r = await api(srv.base, 'PATCH', '/api/v1/dictionaries/client_category/audit_cat',
    { label: '审计类别二', label_en: 'Audited II', sort_order: 600, sensitive: true, age_limit: null, age_from: 5 });
  assert.equal(r.status, 200, r.text);
  r = await api(srv.base, 'PATCH', '/api/v1/dictionaries/client_category/audit_cat', { active: false });
  assert.equal(r.status, 200, r.text);

  const log = await rows('client_category/audit_cat');
  assert.deepEqual(log.map((x) => x.action), ['dictionary.create', 'dictionary.update', 'dictionary.update']);
  const first = { label: '审计类别', label_en: 'Audited', sort_order: 500, active: true, sensitive: false, source: 'custom', age_limit: 18, age_from: null };
  assert.equal(log[0].detail.before, undefined);
  assert.deepEqual(log[0].detail.after, first);
  const second = { label: '审计类别二', label_en: 'Audited II', sort_order: 600, active: true, sensitive: true, source: 'custom', age_limit: null, age_from: 5 };
  assert.deepEqual(log[1].detail.before, first);
  assert.deepEqual(log[1].detail.after, second);
  assert.deepEqual(log[2].detail.before, second);
  assert.deepEqual(log[2].detail.after, { ...second, active: false });
  assert.ok(log.every((x) => x.actor === 'tester' && x.result === 'ok'));
  assert.equal(sgz(['audit', 'verify'], srv.env).status, 0);
});

test('a seeded item and a list without age limits are logged the same way', async () => {
  const d = await api(srv.base, 'GET', '/api/v1/dictionaries?kind=service_area');
  const area = d.body.service_area[0];
  let r = await api(srv.base, 'PATCH', `/api/v1/dictionaries/service_area/${area.code}`, { sort_order: area.sort_order + 1 });
  assert.equal(r.status, 200, r.text);
  // A refused edit (an age limit on a list that has none) logs nothing.
  r = await api(srv.base, 'PATCH', `/api/v1/dictionaries/service_area/${area.code}`, { age_limit: 10 });
  assert.equal(r.status, 400, r.text);
  const log = await rows(`service_area/${area.code}`);
  assert.equal(log.length, 1);
  const { before: b, after: a } = log[0].detail;
  assert.deepEqual(b, { label: area.label, label_en: area.label_en, sort_order: area.sort_order, active: true, sensitive: false, source: 'profile' });
  assert.deepEqual(a, { ...b, sort_order: area.sort_order + 1 });
});

test('a second item under a name the list has already is refused, on adding and on renaming, and logs nothing', async () => {
  const d = await api(srv.base, 'GET', '/api/v1/dictionaries?kind=client_category');
  const dibao = d.body.client_category.find((x) => x.code === 'dibao');
  let r = await api(srv.base, 'POST', '/api/v1/dictionaries/client_category', { code: 'dibao2', label: dibao.label, label_en: 'Another' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'label');
  assert.match(r.body.error.message, /dibao/, 'the message names the item that has the name');
  assert.equal((await rows('client_category/dibao2')).length, 0);
  r = await api(srv.base, 'POST', '/api/v1/dictionaries/client_category', { code: 'dibao2', label: '低保边缘', label_en: 'Near dibao' });
  assert.equal(r.status, 201, r.text);
  r = await api(srv.base, 'PATCH', '/api/v1/dictionaries/client_category/dibao2', { label: dibao.label });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'label');
  // Its own name again, or another field alone, is no conflict.
  r = await api(srv.base, 'PATCH', '/api/v1/dictionaries/client_category/dibao2', { label: '低保边缘', sort_order: 990 });
  assert.equal(r.status, 200, r.text);
  // The same name in another list is another thing.
  r = await api(srv.base, 'POST', '/api/v1/dictionaries/service_area', { code: 'dibao_area', label: dibao.label, label_en: 'Dibao' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await rows('client_category/dibao2')).length, 2, 'the add and the one edit that went through');
});
