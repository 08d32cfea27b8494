// Merging a duplicate record: the survivor holds both records' categories
// and keeps its own birth date (or takes the merged one's with its ID
// number), so the merge is refused, and nothing of it kept, when the result
// breaks a rule an update of the survivor would refuse: a category past its
// age limit (core/category_age.h), one the dictionary no longer offers, a
// child kept on no lawful basis. A survivor without a basis takes the merged
// record's; a category both hold for the same days is kept once. Two
// records holding different ID numbers are two people, never merged; what
// the survivor lacks (phone, addresses, worker…) it takes from the merged
// record, and the merge's audit row says what it took.
// The server's clock is fixed at 2026-06-15 (Beijing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session } from './lib.mjs';
import { idNumber } from './helpers_extra.mjs';

let srv;
const as = {};

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  as.w2 = await session(srv.base, 'w2');
  addUser(srv, 'aud', 'auditor', 'all');
  as.aud = await session(srv.base, 'aud');
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const post = (body) => api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, ...body }, {}, as.w2);
const get = async (id) => (await api(srv.base, 'GET', `/api/v1/clients/${id}`)).body;
const patch = async (id, body) => {
  const c = await get(id);
  return api(srv.base, 'PATCH', `/api/v1/clients/${id}`, body, { 'if-match': `"${c.version}"` }, as.w2);
};
const merge = (from, into, headers = {}) => api(srv.base, 'POST', `/api/v1/clients/${from}/merge`, { into }, headers);
const merges = async (id) =>
  (await api(srv.base, 'GET', `/api/v1/audit?action=client.merge&entity_id=${id}`, undefined, {}, as.aud)).body.items.length;

const ADULT = idNumber('43022319660305001'); // 60, turned 16 on 1982-03-05
const TEEN = idNumber('43022320090305002'); // 17, turned 16 on 2025-03-05
const CHILD = idNumber('43022320160410003'); // 10
const CHILD2 = idNumber('43022320170512004'); // 9
const CHILD_BASIS = { lawful_basis: 'statutory_duty', statutory_duty: 'child_protection' };

test('a duplicate holding a child category is not merged into an adult record', async () => {
  const kept = await post({ name: '赵大', id_number: ADULT, categories: [{ code: 'dibao', started_on: '2020-01-01' }] });
  assert.equal(kept.status, 201, kept.text);
  // The duplicate was registered as a child, without the ID number.
  const dup = await post({ name: '赵大', sex: 'M', birth_date: '2016-04-10', ...CHILD_BASIS,
    categories: [{ code: 'left_behind_child', started_on: '2024-09-01' }] });
  assert.equal(dup.status, 201, dup.text);
  const version = (await get(kept.body.id)).version;

  let r = await merge(dup.body.id, kept.body.id);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.code, 'validation_failed');
  assert.equal(r.body.error.field, 'into');
  // The category started when the survivor's person was long past 16.
  assert.equal(r.body.error.message, '「农村留守儿童」仅适用于未满16周岁的服务对象，该对象于1982-03-05已满16周岁');
  r = await merge(dup.body.id, kept.body.id, { 'accept-language': 'en' });
  assert.equal(r.status, 400, r.text);
  assert.match(r.body.error.message, /applies only to clients under 16; this client turned 16 on 1982-03-05/);

  // Nothing of the merge was kept.
  const d = await get(dup.body.id);
  assert.equal(d.status, 'active');
  assert.equal(d.merged_into, undefined);
  assert.deepEqual(d.categories.map((k) => k.code), ['left_behind_child']);
  const k = await get(kept.body.id);
  assert.equal(k.version, version);
  assert.deepEqual(k.categories.map((x) => x.code), ['dibao']);
  assert.equal(await merges(dup.body.id), 0);

  // Ended, it still started after the 16th birthday: refused the same way.
  r = await patch(dup.body.id, { categories: [{ code: 'left_behind_child', started_on: '2024-09-01', ended_on: '2025-09-01' }] });
  assert.equal(r.status, 200, r.text);
  r = await merge(dup.body.id, kept.body.id);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.message, '「农村留守儿童」仅适用于未满16周岁的服务对象，该对象于1982-03-05已满16周岁');

  // Without it, the duplicate merges.
  r = await patch(dup.body.id, { categories: [] });
  assert.equal(r.status, 200, r.text);
  r = await merge(dup.body.id, kept.body.id);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.categories.map((x) => x.code), ['dibao']);
  assert.equal(await merges(dup.body.id), 1);
});

test('a category left open past the survivor\'s limit birthday asks for its end date', async () => {
  const kept = await post({ name: '周四', id_number: TEEN });
  const dup = await post({ name: '周四', sex: 'M', birth_date: '2012-05-05', ...CHILD_BASIS,
    categories: [{ code: 'left_behind_child', started_on: '2020-09-01' }] });
  assert.equal(dup.status, 201, dup.text);
  let r = await merge(dup.body.id, kept.body.id);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.message,
    '「农村留守儿童」仅适用于未满16周岁的服务对象，该对象于2025-03-05已满16周岁，请填写该类别的结束日期');
  r = await patch(dup.body.id, { categories: [{ code: 'left_behind_child', started_on: '2020-09-01', ended_on: '2025-03-04' }] });
  assert.equal(r.status, 200, r.text);
  r = await merge(dup.body.id, kept.body.id);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.categories.map((x) => [x.code, x.ended_on]), [['left_behind_child', '2025-03-04']]);
});

test('the rule is judged on the birth date the survivor ends with', async () => {
  // The survivor has no ID number: it takes the child's, and its birth date.
  const kept = await post({ name: '钱小', sex: 'M', birth_date: '1996-01-01' });
  assert.equal(kept.status, 201, kept.text);
  const dup = await post({ name: '钱小', id_number: CHILD, ...CHILD_BASIS,
    categories: [{ code: 'left_behind_child', started_on: '2024-09-01' }] });
  assert.equal(dup.status, 201, dup.text);
  const r = await merge(dup.body.id, kept.body.id);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.birth_date, '2016-04-10');
  assert.deepEqual(r.body.categories.map((x) => x.code), ['left_behind_child']);
  // A child now, the survivor keeps the child's lawful basis too.
  assert.equal(r.body.lawful_basis, 'statutory_duty');
  assert.equal(r.body.statutory_duty, 'child_protection');
  const k = await get(kept.body.id);
  assert.equal(k.lawful_basis, 'statutory_duty');
  // An update of the survivor is accepted as it stands.
  assert.equal((await patch(kept.body.id, { notes: '合并后核对' })).status, 200);
});

test('a survivor that becomes a child on a basis that is not complete is refused', async () => {
  // An adult's record may carry a basis nobody completed: no child needs it.
  const kept = await post({ name: '吴六', sex: 'F', birth_date: '1990-07-07', lawful_basis: 'guardian_consent' });
  assert.equal(kept.status, 201, kept.text);
  const dup = await post({ name: '吴六', id_number: CHILD2, ...CHILD_BASIS });
  assert.equal(dup.status, 201, dup.text);
  let r = await merge(dup.body.id, kept.body.id);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'into');
  assert.match(r.body.error.message, /监护人同意/);
  assert.equal((await get(dup.body.id)).status, 'active');
  assert.equal((await get(kept.body.id)).birth_date, '1990-07-07');
  assert.equal(await merges(dup.body.id), 0);
  // With the basis cleared the survivor takes the child's.
  r = await patch(kept.body.id, { lawful_basis: '' });
  assert.equal(r.status, 200, r.text);
  r = await merge(dup.body.id, kept.body.id);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.lawful_basis, 'statutory_duty');
});

test('a survivor that becomes a child keeps a consent only when one of the guardians she ends with gave it', async () => {
  const CHILD3 = idNumber('43022320180620005'); // 7
  const kept = await post({ name: '郭小', sex: 'F', birth_date: '1992-02-02', lawful_basis: 'guardian_consent', consent_by: '郭梅',
    consent_on: '2026-05-01', consent_method: 'written' });
  assert.equal(kept.status, 201, 'an adult\'s record may name anyone: ' + kept.text);
  const dup = await post({ name: '郭小', id_number: CHILD3, ...CHILD_BASIS });
  assert.equal(dup.status, 201, dup.text);
  let r = await merge(dup.body.id, kept.body.id);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'into');
  assert.equal(r.body.error.message, '监护人同意的同意人：须为已登记的监护人之一，请先在监护人中登记');
  assert.equal((await get(kept.body.id)).birth_date, '1992-02-02');
  // The merged record's guardians join the survivor's: hers counts.
  r = await patch(dup.body.id, { guardians: [{ name: '郭梅', relation: 'mother' }] });
  assert.equal(r.status, 200, r.text);
  r = await merge(dup.body.id, kept.body.id);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.body.lawful_basis, r.body.consent_by, r.body.guardians.map((g) => g.name)], ['guardian_consent', '郭梅', ['郭梅']]);
});

test('a category both records hold for the same days is kept once', async () => {
  const k = [{ code: 'dibao', started_on: '2021-03-01' }, { code: 'severe_disability', started_on: '2019-01-01', ended_on: '2022-12-31' }];
  const kept = await post({ name: '郑七', sex: 'M', birth_date: '1958-08-08', categories: k });
  assert.equal(kept.status, 201, kept.text);
  const dup = await post({ name: '郑七', sex: 'M', birth_date: '1958-08-08',
    categories: [...k, { code: 'dibao', started_on: '2018-01-01', ended_on: '2020-12-31' }] });
  assert.equal(dup.status, 201, dup.text);
  const r = await merge(dup.body.id, kept.body.id);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.categories.map((x) => [x.code, x.started_on, x.ended_on ?? null]), [
    ['dibao', '2018-01-01', '2020-12-31'],
    ['severe_disability', '2019-01-01', '2022-12-31'],
    ['dibao', '2021-03-01', null],
  ]);
});

test('a category the dictionary no longer offers is named', async () => {
  let r = await api(srv.base, 'POST', '/api/v1/dictionaries/client_category', { code: 'merge_gone', label: '待撤销类别', label_en: 'Withdrawn' });
  assert.equal(r.status, 201, r.text);
  const kept = await post({ name: '孙三', sex: 'F', birth_date: '1970-02-02' });
  const dup = await post({ name: '孙三', sex: 'F', birth_date: '1970-02-02', categories: [{ code: 'merge_gone', started_on: '2021-01-01' }] });
  assert.equal(dup.status, 201, dup.text);
  r = await api(srv.base, 'PATCH', '/api/v1/dictionaries/client_category/merge_gone', { active: false });
  assert.equal(r.status, 200, r.text);
  r = await merge(dup.body.id, kept.body.id);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'into');
  assert.equal(r.body.error.message, '对象类别「待撤销类别」已停用，不能新增此类别的时段');
  assert.equal((await get(dup.body.id)).status, 'active');
  // The duplicate itself keeps its period of the stopped category: it is
  // edited, and the period ended, as before; a new period is refused.
  r = await patch(dup.body.id, { notes: '核对' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.categories.map((k) => [k.code, k.started_on]), [['merge_gone', '2021-01-01']]);
  r = await patch(dup.body.id, { categories: [{ code: 'merge_gone', started_on: '2021-01-01', ended_on: '2026-06-01' }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.categories[0].ended_on, '2026-06-01');
  r = await patch(dup.body.id, { categories: [{ code: 'merge_gone', started_on: '2021-01-01', ended_on: '2026-06-01' },
    { code: 'merge_gone', started_on: '2026-06-10' }] });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[1].code');
  assert.equal(r.body.error.message, '对象类别已停用，不能新增此类别的时段');
  // Nor does another client take it.
  r = await post({ name: '孙四', sex: 'F', birth_date: '1971-02-02', categories: [{ code: 'merge_gone', started_on: '2026-01-01' }] });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[0].code');
});

test("the survivor's history holds the merged records' own, a merge of a merge too", async () => {
  const a = await post({ name: '冯八', sex: 'M', birth_date: '1961-01-01', phone: '13800138001' });
  const b = await post({ name: '冯八', sex: 'M', birth_date: '1961-01-01' });
  const c = await post({ name: '冯八', sex: 'M', birth_date: '1961-01-01' });
  for (const r of [a, b, c]) assert.equal(r.status, 201, r.text);
  assert.equal((await patch(b.body.id, { notes: '第二条记录的备注' })).status, 200);
  assert.equal((await merge(c.body.id, b.body.id)).status, 200);
  assert.equal((await merge(b.body.id, a.body.id)).status, 200);
  const h = (await api(srv.base, 'GET', `/api/v1/clients/${a.body.id}/history`, undefined, {}, as.w2)).body;
  const seen = h.items.map((x) => [x.client_id, x.action]);
  // Newest first: both merges, b's edit, then the three creations.
  assert.deepEqual(seen, [
    [b.body.id, 'client.merge'],
    [c.body.id, 'client.merge'],
    [b.body.id, 'client.update'],
    [c.body.id, 'client.create'],
    [b.body.id, 'client.create'],
    [a.body.id, 'client.create'],
  ]);
  assert.equal(h.total, 6);
  // Who did it, by name as well as login.
  const w2row = h.items.find((x) => x.action === 'client.update');
  assert.equal(w2row.actor, 'w2');
  assert.equal(typeof w2row.actor_name, 'string');
  assert.ok(w2row.actor_name.length > 0);
  // Whose the merged record was; a took b's notes (named, not copied),
  // b took nothing of c's.
  assert.deepEqual(h.items[0].detail.changed_text, ['notes']);
  assert.deepEqual([h.items[0].detail.from, h.items[0].detail.into, h.items[0].detail.name], [b.body.id, a.body.id, '冯八']);
  assert.ok(!JSON.stringify(h.items[0].detail).includes('第二条记录的备注'));
  assert.deepEqual(h.items[1].detail, { from: c.body.id, into: b.body.id, name: '冯八' });
  // Paged like any list.
  const p2 = (await api(srv.base, 'GET', `/api/v1/clients/${a.body.id}/history?limit=4&page=2`, undefined, {}, as.w2)).body;
  assert.deepEqual(p2.items.map((x) => x.client_id), [b.body.id, a.body.id]);
  // The merged record keeps its own, and what was merged into it.
  const hb = (await api(srv.base, 'GET', `/api/v1/clients/${b.body.id}/history`, undefined, {}, as.w2)).body;
  assert.equal(hb.total, 5);
  const hc = (await api(srv.base, 'GET', `/api/v1/clients/${c.body.id}/history`, undefined, {}, as.w2)).body;
  assert.deepEqual(hc.items.map((x) => x.action), ['client.merge', 'client.create']);
});

test('two records that hold different ID numbers are two people, and are not merged', async () => {
  const kept = await post({ name: '陈九', id_number: idNumber('43022319700101005') });
  const dup = await post({ name: '陈九', id_number: idNumber('43022319700101007') });
  assert.equal(kept.status, 201, kept.text);
  assert.equal(dup.status, 201, dup.text);
  const version = (await get(kept.body.id)).version;
  let r = await merge(dup.body.id, kept.body.id);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'conflict');
  assert.equal(r.body.error.field, 'into');
  assert.equal(r.body.error.message, '两条记录的身份证号不同，是两个人，不能合并');
  r = await merge(dup.body.id, kept.body.id, { 'accept-language': 'en' });
  assert.equal(r.status, 409, r.text);
  assert.match(r.body.error.message, /different ID numbers/);
  // Nothing of it kept: each still holds her own.
  const d = await get(dup.body.id);
  assert.equal(d.status, 'active');
  assert.equal(d.id_number, dup.body.id_number);
  const k = await get(kept.body.id);
  assert.equal(k.version, version);
  assert.equal(k.id_number, kept.body.id_number);
  assert.equal(await merges(dup.body.id), 0);
  // A record without one is merged into either, or takes theirs.
  const bare = await post({ name: '陈九', sex: 'M', birth_date: '1970-01-01' });
  assert.equal(bare.status, 201, bare.text);
  r = await merge(bare.body.id, kept.body.id);
  assert.equal(r.status, 200, r.text);
  const bare2 = await post({ name: '陈九', sex: 'M', birth_date: '1970-01-01' });
  r = await merge(dup.body.id, bare2.body.id);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.id_number, dup.body.id_number);
});

test('the survivor takes what it lacks from the merged record, keeps what it has, and the audit row says what it took', async () => {
  const w2 = (await api(srv.base, 'GET', '/api/v1/users?q=w2')).body.items.find((u) => u.username === 'w2');
  const kept = await post({ name: '蒋十', sex: 'F', birth_date: '1948-02-02', address: '湖南省株洲市攸县联星街道永佳社区5组1号',
    dibao_cert: 'DB-2020-001', tekun_cert: 'TK-01' });
  assert.equal(kept.status, 201, kept.text);
  const dup = await post({ name: '蒋十', sex: 'F', birth_date: '1948-02-02', phone: '13900139001',
    address: '湖南省株洲市攸县联星街道另一处8号', hukou_address: '湖南省株洲市攸县联星街道永佳社区',
    village_code: '430223001001', worker_id: w2.id, ethnicity: '01', dibao_cert: 'DB-2020-001', dibao_since: '2020-03-01',
    tekun_cert: 'TK-07', tekun_since: '2021-05-01', self_care: 'partial', living: 'alone', risk_level: 'high',
    tags: ['独居'], notes: '耳背，需大声说话' });
  assert.equal(dup.status, 201, dup.text);
  const r = await merge(dup.body.id, kept.body.id);
  assert.equal(r.status, 200, r.text);
  const c = r.body;
  assert.equal(c.phone, '139****9001');
  assert.equal(c.hukou_address, dup.body.hukou_address);
  assert.equal(c.address, kept.body.address, 'its own address stays');
  assert.equal(c.village_code, '430223001001');
  assert.equal(c.worker_id, w2.id);
  assert.deepEqual([c.ethnicity, c.self_care, c.living, c.risk_level, c.notes], ['01', 'partial', 'alone', 'high', '耳背，需大声说话']);
  assert.deepEqual(c.tags, ['独居']);
  // Its 低保 certificate is the merged record's: it takes that one's date;
  // its 特困 certificate is another: not that one's date.
  assert.deepEqual([c.dibao_cert, c.dibao_since], ['DB-2020-001', '2020-03-01']);
  assert.equal(c.tekun_cert, 'TK-01');
  assert.ok(!c.tekun_since, c.tekun_since);
  // The phone and address open as what was typed.
  const shown = await api(srv.base, 'POST', `/api/v1/clients/${kept.body.id}/reveal`, { reason: '核对合并后的联系方式' });
  assert.equal(shown.status, 200, shown.text);
  assert.equal(shown.body.phone, '13900139001');
  assert.equal(shown.body.address, '湖南省株洲市攸县联星街道永佳社区5组1号');
  // Found by the phone it took.
  const found = await api(srv.base, 'GET', '/api/v1/clients?q=13900139001');
  assert.deepEqual(found.body.items.map((x) => x.id), [kept.body.id]);
  // One version for the merge: the form opened before it is stale.
  let p = await api(srv.base, 'PATCH', `/api/v1/clients/${kept.body.id}`, { notes: '旧表单' }, { 'if-match': `"${kept.body.version}"` }, as.w2);
  assert.equal(p.status, 409, p.text);

  // The row says whose record went, and what the survivor took, masked.
  const rows = (await api(srv.base, 'GET', `/api/v1/audit?action=client.merge&entity_id=${dup.body.id}`, undefined, {}, as.aud)).body.items;
  assert.equal(rows.length, 1);
  const d = JSON.parse(rows[0].detail);
  assert.deepEqual([d.from, d.into, d.name], [dup.body.id, kept.body.id, '蒋十']);
  assert.deepEqual([d.before.phone, d.after.phone], ['', '139****9001']);
  assert.deepEqual([d.before.worker_id, d.after.worker_id], [0, w2.id]);
  assert.deepEqual([d.before.dibao_since, d.after.dibao_since], [null, '2020-03-01']);
  assert.equal(d.after.address, d.before.address);
  assert.deepEqual(d.changed_text, ['notes']);
  for (const secret of ['13900139001', '另一处8号', '耳背']) assert.ok(!rows[0].detail.includes(secret), secret);
  const lines = Object.fromEntries(rows[0].detail_lines.map((l) => [l.field, l]));
  assert.equal(lines.phone.label, '联系电话');
  assert.equal(lines.phone.after, '139****9001');
  assert.equal(lines.notes.after, '已修改（内容不记入日志）');
  assert.equal(lines.name.label, '姓名');
  assert.equal(lines.name.after, '蒋十');
  assert.ok(!lines.address, 'the address the survivor kept is no change');
  // The survivor's history holds it with the same detail.
  const h = (await api(srv.base, 'GET', `/api/v1/clients/${kept.body.id}/history`, undefined, {}, as.w2)).body;
  const row = h.items.find((x) => x.action === 'client.merge');
  assert.equal(row.client_id, dup.body.id);
  assert.equal(row.detail.after.phone, '139****9001');
  // The survivor edits on from the merge's version.
  p = await api(srv.base, 'PATCH', `/api/v1/clients/${kept.body.id}`, { notes: '合并后核对' }, { 'if-match': `"${c.version}"` }, as.w2);
  assert.equal(p.status, 200, p.text);
});

test('a merge keeps households whole: two households refused, the head kept, the change audited', async () => {
  const hh = (name, members) => api(srv.base, 'POST', '/api/v1/households', { station_id: 2, name, members }, {}, as.w2);
  const house = async (id) => (await api(srv.base, 'GET', `/api/v1/households/${id}`)).body;
  const rows = async (id) => (await api(srv.base, 'GET', `/api/v1/audit?action=household.update&entity_id=${id}`,
    undefined, {}, as.aud)).body.items;
  // The true 王德明 heads his household; a duplicate of him heads another.
  const kept = await post({ name: '王德明', sex: 'M', birth_date: '1958-03-03' });
  const wife = await post({ name: '李秀英', sex: 'F', birth_date: '1960-06-06' });
  const dup = await post({ name: '王德明', sex: 'M', birth_date: '1958-03-03' });
  const a = await hh('王德明户', [{ client_id: kept.body.id, relation: 'head' }, { client_id: wife.body.id, relation: 'spouse' }]);
  const b = await hh('王德明二户', [{ client_id: dup.body.id, relation: 'head' }, { name: '王小四', relation: 'child' }]);
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  let r = await merge(dup.body.id, kept.body.id);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'into');
  assert.equal(r.body.error.message, '两条记录分属不同的家庭（王德明户、王德明二户）：请先调整家庭成员，再合并');
  // Nor a member of one into the head of another: she is not silently dropped.
  r = await merge(wife.body.id, dup.body.id);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.message, '两条记录分属不同的家庭（王德明二户、王德明户）：请先调整家庭成员，再合并');
  assert.equal((await get(dup.body.id)).status, 'active');
  assert.equal((await house(a.body.id)).version, a.body.version);
  assert.equal((await house(b.body.id)).version, b.body.version);
  assert.equal(await merges(dup.body.id), 0);

  // Both in one household, the merged record its head: the survivor heads
  // it in her place, her own row gone; the household goes on being edited.
  const son = await post({ name: '王小二', sex: 'M', birth_date: '1985-01-01' });
  const sonDup = await post({ name: '王小二', sex: 'M', birth_date: '1985-01-01' });
  const c = await hh('王小二户', [{ client_id: sonDup.body.id, relation: 'head' }, { name: '王小五', relation: 'spouse' },
    { client_id: son.body.id, relation: 'child' }]);
  assert.equal(c.status, 201, c.text);
  r = await merge(sonDup.body.id, son.body.id);
  assert.equal(r.status, 200, r.text);
  let h = await house(c.body.id);
  assert.deepEqual(h.members.map((m) => [m.client_id, m.name, m.relation]),
    [[son.body.id, '王小二', 'head'], [null, '王小五', 'spouse']]);
  assert.ok(h.version > c.body.version);
  assert.equal((await get(son.body.id)).household.relation, 'head');
  r = await api(srv.base, 'PATCH', `/api/v1/households/${c.body.id}`, { name: '王小二户（合并后）' },
    { 'if-match': String(h.version) }, as.w2);
  assert.equal(r.status, 200, r.text);
  // Its history says which record went and who it has now.
  let row = (await rows(c.body.id)).find((x) => JSON.parse(x.detail).reason === 'client_merged');
  assert.ok(row, 'a household row for the merge');
  let d = JSON.parse(row.detail);
  assert.equal(d.client_id, sonDup.body.id);
  assert.equal(d.into, son.body.id);
  assert.deepEqual(d.before.members, [{ client_id: sonDup.body.id, name: '王小二', relation: 'head' },
    { name: '王小五', relation: 'spouse' }, { client_id: son.body.id, name: '王小二', relation: 'child' }]);
  assert.deepEqual(d.after.members, [{ client_id: son.body.id, name: '王小二', relation: 'head' },
    { name: '王小五', relation: 'spouse' }]);

  // A member merged into the head of the same household: only her row goes.
  const aunt = await post({ name: '王三妹', sex: 'F', birth_date: '1962-02-02' });
  h = await house(a.body.id);
  r = await api(srv.base, 'PATCH', `/api/v1/households/${a.body.id}`, { members: [...h.members.map((m) => ({ client_id: m.client_id, relation: m.relation })),
    { client_id: aunt.body.id, relation: 'other' }] }, { 'if-match': String(h.version) }, as.w2);
  assert.equal(r.status, 200, r.text);
  r = await merge(aunt.body.id, wife.body.id);
  assert.equal(r.status, 200, r.text);
  h = await house(a.body.id);
  assert.deepEqual(h.members.map((m) => [m.client_id, m.relation]), [[kept.body.id, 'head'], [wife.body.id, 'spouse']]);
  d = JSON.parse((await rows(a.body.id)).find((x) => JSON.parse(x.detail).reason === 'client_merged').detail);
  assert.deepEqual(d.after.members.map((m) => m.client_id), [kept.body.id, wife.body.id]);

  // Only the merged record in a household: the survivor takes her place.
  const lone = await post({ name: '赵孤', sex: 'M', birth_date: '1950-01-01' });
  const loneDup = await post({ name: '赵孤', sex: 'M', birth_date: '1950-01-01' });
  const e = await hh('赵孤户', [{ client_id: loneDup.body.id, relation: 'head' }]);
  r = await merge(loneDup.body.id, lone.body.id);
  assert.equal(r.status, 200, r.text);
  h = await house(e.body.id);
  assert.deepEqual(h.members.map((m) => [m.client_id, m.relation]), [[lone.body.id, 'head']]);
  assert.ok(h.version > e.body.version);
  d = JSON.parse((await rows(e.body.id)).find((x) => JSON.parse(x.detail).reason === 'client_merged').detail);
  assert.deepEqual(d.after.members, [{ client_id: lone.body.id, name: '赵孤', relation: 'head' }]);
});
