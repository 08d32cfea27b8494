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
  assert.equal(r.body.error.message, '李国强：已在李国强户中：如已迁入本户，请确认移入(将从原户移出)');
  assert.equal(r.body.error.existing_id, first.body.id, 'the household she is in, for the form to offer the move');
  const en = await api(srv.base, 'POST', '/api/v1/households', { station_id: 2, name: '刘大山户',
    members: [{ client_id: other.body.id, relation: 'head' }, { client_id: head.body.id, relation: 'sibling' }] },
  { 'accept-language': 'en' }, as.w2);
  assert.equal(en.body.error.message, '李国强: already in household 李国强户; confirm the move if she now lives here (she leaves that household)');
});

test('移入: a member moved in leaves her household in the same write; its head moves only alone, and an emptied household is removed', async () => {
  const people = [];
  for (const [name, birth] of [['周大福', '1950-04-04'], ['周小红', '1980-05-05'], ['吴长青', '1955-06-06'], ['吴老太', '1935-07-07']]) {
    const x = await client(name, birth);
    assert.equal(x.status, 201, x.text);
    people.push(x.body.id);
  }
  const [zhou, daughter, wu, granny] = people;
  const household = async (name, members) => {
    const r = await api(srv.base, 'POST', '/api/v1/households', { station_id: 2, name, members }, {}, as.w2);
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const zhouHh = await household('周大福户', [{ client_id: zhou, relation: 'head' }, { client_id: daughter, relation: 'child' },
    { name: '周小明', relation: 'grandchild' }]);
  const grannyHh = await household('吴老太户', [{ client_id: granny, relation: 'head' }]);
  const count = async () => (await api(srv.base, 'GET', '/api/v1/households?station_id=2&limit=1', undefined, {}, as.w2)).body.total;
  const before_ = await count();

  // The head of a household with others: refused, nothing written.
  let r = await api(srv.base, 'POST', '/api/v1/households', { station_id: 2, name: '周家新户',
    members: [{ client_id: zhou, relation: 'head', move: true }] }, {}, as.w2);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'members[0].client_id');
  assert.equal(r.body.error.message, '周大福是周大福户的户主，该户还有其他成员：请先为该户另定户主，再移入本户');
  assert.equal(r.body.error.existing_id, zhouHh.id);
  assert.equal(await count(), before_);

  // The daughter marries into 吴长青's household: she leaves her
  // father's, whose other members stay as they were.
  r = await api(srv.base, 'POST', '/api/v1/households', { station_id: 2, name: '吴长青户',
    members: [{ client_id: wu, relation: 'head' }, { client_id: daughter, relation: 'spouse', move: true }] }, {}, as.w2);
  assert.equal(r.status, 201, r.text);
  const wuHh = r.body;
  assert.deepEqual(wuHh.members.map((m) => [m.client_id, m.relation]), [[wu, 'head'], [daughter, 'spouse']]);
  const left = (await api(srv.base, 'GET', `/api/v1/households/${zhouHh.id}`, undefined, {}, as.w2)).body;
  assert.deepEqual(left.members.map((m) => [m.client_id, m.name, m.relation]), [[zhou, '周大福', 'head'], [null, '周小明', 'grandchild']]);
  assert.equal(left.version, zhouHh.version + 1, 'an edit read before the move is refused');
  const [row] = await rows('household.update', zhouHh.id);
  const detail = JSON.parse(row.detail);
  assert.equal(detail.reason, 'member_moved');
  assert.equal(detail.client_id, daughter);
  assert.equal(detail.moved_to, '吴长青户');
  assert.equal(detail.before.members.length, 3);
  assert.equal(detail.after.members.length, 2);
  assert.ok(row.detail_lines.some((l) => /成员迁入其他家庭/.test(l.after)), JSON.stringify(row.detail_lines));
  assert.equal((await api(srv.base, 'GET', `/api/v1/clients/${daughter}`, undefined, {}, as.w2)).body.household.id, wuHh.id);
  // The household she joined says where she came from.
  const [joined] = await rows('household.create', wuHh.id);
  assert.deepEqual(JSON.parse(joined.detail).moved_in, [{ client_id: daughter, name: '周小红', moved_from: '周大福户', household_id: zhouHh.id }]);
  assert.ok(joined.detail_lines.some((l) => l.label === '移入成员' && /姓名：周小红/.test(l.after) && /原家庭：周大福户/.test(l.after)),
    JSON.stringify(joined.detail_lines));

  // 吴老太, alone in hers, moves in with her son: hers is removed.
  r = await api(srv.base, 'PATCH', `/api/v1/households/${wuHh.id}`, { members: [...wuHh.members.map(({ client_id, relation }) => ({ client_id, relation })),
    { client_id: granny, relation: 'parent', move: true }] }, { 'if-match': String(wuHh.version) }, as.w2);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.members.length, 3);
  assert.equal((await api(srv.base, 'GET', `/api/v1/households/${grannyHh.id}`, undefined, {}, as.w2)).status, 404);
  const [gone] = await rows('household.delete', grannyHh.id);
  assert.equal(gone.action, 'household.delete');
  assert.deepEqual(JSON.parse(gone.detail).before.members, [{ client_id: granny, name: '吴老太', relation: 'head' }]);
  assert.equal(JSON.parse(gone.detail).moved_to, '吴长青户');
  const [took] = await rows('household.update', wuHh.id);
  assert.deepEqual(JSON.parse(took.detail).moved_in, [{ client_id: granny, name: '吴老太', moved_from: '吴老太户', household_id: grannyHh.id }]);
  // move on a member in no other household, or already in this one, changes nothing else.
  const now = (await api(srv.base, 'GET', `/api/v1/households/${wuHh.id}`, undefined, {}, as.w2)).body;
  r = await api(srv.base, 'PATCH', `/api/v1/households/${wuHh.id}`, { notes: '三代同住', members: now.members.map(({ client_id, relation }) => ({ client_id, relation, move: true })) },
    { 'if-match': String(now.version) }, as.w2);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.members.length, 3);
  // move is a boolean.
  r = await api(srv.base, 'PATCH', `/api/v1/households/${wuHh.id}`, { members: [{ client_id: wu, relation: 'head', move: 'yes' }] },
    { 'if-match': String(r.body.version) }, as.w2);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'members[0].move');

  // A whole household moving in together, its head listed first: she
  // leaves no one behind, so hers goes with them.
  const pair = [];
  for (const [name, birth] of [['郑老汉', '1945-08-08'], ['郑大嫂', '1947-09-09'], ['孙新户', '1975-10-10']]) {
    const x = await client(name, birth);
    assert.equal(x.status, 201, x.text);
    pair.push(x.body.id);
  }
  const zhengHh = await household('郑老汉户', [{ client_id: pair[0], relation: 'head' }, { client_id: pair[1], relation: 'spouse' }]);
  r = await api(srv.base, 'POST', '/api/v1/households', { station_id: 2, name: '孙新户户', members: [{ client_id: pair[2], relation: 'head' },
    { client_id: pair[0], relation: 'parent', move: true }, { client_id: pair[1], relation: 'parent', move: true }] }, {}, as.w2);
  assert.equal(r.status, 201, r.text);
  assert.equal((await api(srv.base, 'GET', `/api/v1/households/${zhengHh.id}`, undefined, {}, as.w2)).status, 404);
  assert.deepEqual((await rows('household.delete', zhengHh.id)).map((x) => JSON.parse(x.detail).client_id), [pair[1]]);
});

// A member who dies stays in her household (its history is hers too),
// and the household says so beside her name; a name alone has no status.
test('a member who died stays in her household with her status; one who died joins none', async () => {
  const head = await client('刘守田', '1940-02-02');
  const wife = await client('陈桂兰', '1942-03-03');
  const hh = await api(srv.base, 'POST', '/api/v1/households', { station_id: 2, name: '刘守田户',
    members: [{ client_id: head.body.id, relation: 'head' }, { client_id: wife.body.id, relation: 'spouse' }, { name: '刘小军', relation: 'child' }] }, {}, as.w2);
  assert.equal(hh.status, 201, hh.text);
  const died = await api(srv.base, 'PATCH', `/api/v1/clients/${wife.body.id}`, { status: 'deceased', status_reason: '病故', status_on: '2026-05-01', version: wife.body.version }, {}, as.w2);
  assert.equal(died.status, 200, died.text);
  const got = (await api(srv.base, 'GET', `/api/v1/households/${hh.body.id}`, undefined, {}, as.w2)).body;
  assert.deepEqual(got.members.map((m) => [m.name, m.status]), [['刘守田', 'active'], ['陈桂兰', 'deceased'], ['刘小军', null]]);
  // The household is still edited with her in it.
  const r = await patch(hh.body.id, { notes: '老伴已去世，独居' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.members[1].status, 'deceased');
  // Someone who died is not added to a household.
  const other = await client('赵老三', '1939-04-04');
  const gone = await api(srv.base, 'PATCH', `/api/v1/clients/${other.body.id}`, { status: 'deceased', status_reason: '病故', status_on: '2026-05-02', version: other.body.version }, {}, as.w2);
  assert.equal(gone.status, 200, gone.text);
  const add = await patch(hh.body.id, { members: [...got.members.map((m) => (m.client_id ? { client_id: m.client_id, relation: m.relation } : { name: m.name, relation: m.relation })),
    { client_id: other.body.id, relation: 'other' }] });
  assert.equal(add.status, 400, add.text);
  assert.equal(add.body.error.field, 'members[3].client_id');
});
