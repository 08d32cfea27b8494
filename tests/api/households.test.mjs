// 家庭: a household's audit rows keep who its members are (a client by her
// id and her name as registered, a name-only member by her name), their
// relation, and on an edit the before and after, the notes said changed
// (their text is free text, not copied, as a client's notes are not).
// Adding a client who is in another household names that household.
// The server's clock is fixed at 2026-06-15 (Beijing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session } from './lib.mjs';

let srv;
const as = {};

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'aud', 'auditor', 'all');
  for (const u of ['w2', 'aud']) as[u] = await session(srv.base, u);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const client = (name, birth) => api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name, sex: 'M', birth_date: birth }, {}, as.w2);
const rows = async (action, id) =>
  (await api(srv.base, 'GET', `/api/v1/audit?action=${action}&entity_id=${id}`, undefined, {}, as.aud)).body.items;
const patch = async (id, body) => {
  const h = (await api(srv.base, 'GET', `/api/v1/households/${id}`, undefined, {}, as.w2)).body;
  return api(srv.base, 'PATCH', `/api/v1/households/${id}`, body, { 'if-match': String(h.version) }, as.w2);
};

test('a household row names its members, and an edit says what it changed', async () => {
  const head = await client('张建国', '1960-01-01');
  assert.equal(head.status, 201, head.text);
  const hh = await api(srv.base, 'POST', '/api/v1/households', { station_id: 2, name: '张建国户', notes: '儿子在外务工',
    members: [{ client_id: head.body.id, relation: 'head' }, { name: '王小四', relation: 'spouse' }] }, {}, as.w2);
  assert.equal(hh.status, 201, hh.text);
  const [created] = await rows('household.create', hh.body.id);
  let d = JSON.parse(created.detail);
  assert.deepEqual(d.after.members, [{ client_id: head.body.id, name: '张建国', relation: 'head' },
    { name: '王小四', relation: 'spouse' }]);
  assert.doesNotMatch(created.detail, /儿子在外务工/, 'free text is not copied into the log');
  assert.ok(JSON.stringify(created.detail_lines).includes('王小四'), JSON.stringify(created.detail_lines));

  // A name-only member renamed: the row says from what to what.
  let r = await patch(hh.body.id, { members: [{ client_id: head.body.id, relation: 'head' }, { name: '王小五', relation: 'spouse' }] });
  assert.equal(r.status, 200, r.text);
  let [row] = await rows('household.update', hh.body.id);
  d = JSON.parse(row.detail);
  assert.deepEqual(d.before.members[1], { name: '王小四', relation: 'spouse' });
  assert.deepEqual(d.after.members[1], { name: '王小五', relation: 'spouse' });
  assert.deepEqual(d.changed_text, []);
  const line = row.detail_lines.find((l) => l.field === 'members');
  assert.ok(line && line.before.includes('王小四') && line.after.includes('王小五'), JSON.stringify(row.detail_lines));
  // A member's name is her 姓名, not the household's 户名.
  assert.match(line.after, /姓名：王小五/, JSON.stringify(line));
  assert.doesNotMatch(line.after, /户名/, JSON.stringify(line));

  // The notes changed: said so, their text not kept.
  r = await patch(hh.body.id, { notes: '儿子已返乡' });
  assert.equal(r.status, 200, r.text);
  [row] = await rows('household.update', hh.body.id);
  d = JSON.parse(row.detail);
  assert.deepEqual(d.changed_text, ['notes']);
  assert.deepEqual(d.before, d.after);
  assert.doesNotMatch(row.detail, /返乡/);
  assert.ok(row.detail_lines.some((l) => l.field === 'notes' && /已修改/.test(l.after)), JSON.stringify(row.detail_lines));
});

test('a client in another household is refused, naming that household', async () => {
  const head = await client('李国强', '1961-02-02');
  const other = await client('刘大山', '1962-03-03');
  const first = await api(srv.base, 'POST', '/api/v1/households', { station_id: 2, name: '李国强户',
    members: [{ client_id: head.body.id, relation: 'head' }] }, {}, as.w2);
  assert.equal(first.status, 201, first.text);
  const r = await api(srv.base, 'POST', '/api/v1/households', { station_id: 2, name: '刘大山户',
    members: [{ client_id: other.body.id, relation: 'head' }, { client_id: head.body.id, relation: 'sibling' }] }, {}, as.w2);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'members[1].client_id');
  assert.equal(r.body.error.message, '李国强：已在李国强户中，请先将其从该户移出');
  const en = await api(srv.base, 'POST', '/api/v1/households', { station_id: 2, name: '刘大山户',
    members: [{ client_id: other.body.id, relation: 'head' }, { client_id: head.body.id, relation: 'sibling' }] },
  { 'accept-language': 'en' }, as.w2);
  assert.equal(en.body.error.message, '李国强: already in household 李国强户; take her out of it first');
});
