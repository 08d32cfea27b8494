// 承接机构: organisations with a checked 统一社会信用代码 (GB 32100), one
// name and one code each, a rating, and a status that needs a reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session } from './lib.mjs';

let srv;
const as = {};
// A real code (GB 32100's own example) and its variants.
const CODE = '91350100M000100Y43';

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  as.w2 = await session(srv.base, 'w2');
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const ORG = { name: '攸县阳光社会工作服务中心', credit_code: CODE, legal_rep: '李明', rating: '4A', rated_on: '2025-06-01',
  party_org: true, supervisor_quals: '中级社会工作师2名', registered_on: '2018-03-15', region_code: '430223', phone: '0731-24212345' };

test('an organisation with a valid code is registered; every kind of bad code is named', async () => {
  const bad = [
    ['91350100M000100Y4', /18位/],
    ['91350100M000100Y4O', /大写字母/],
    ['91350100m000100Y43', /大写字母/],
    ['913501X0M000100Y43', /行政区划码/],
    ['91350100M000100Z43', /大写字母/],
    ['91350100M000101Y43', /组织机构代码/],
    ['91350100M000100Y44', /校验位错误/],
  ];
  for (const [code, message] of bad) {
    const r = await api(srv.base, 'POST', '/api/v1/organisations', { ...ORG, credit_code: code });
    assert.equal(r.status, 400, `${code}: ${r.text}`);
    assert.equal(r.body.error.field, 'credit_code');
    assert.match(r.body.error.message, message, code);
  }
  const ok = await api(srv.base, 'POST', '/api/v1/organisations', { ...ORG, credit_code: CODE });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.rated_3a_or_above, true);
  assert.equal(ok.body.region_name, '攸县');
  const twice = await api(srv.base, 'POST', '/api/v1/organisations', { ...ORG, name: '另一个机构', credit_code: CODE });
  assert.equal(twice.status, 409);
  assert.equal(twice.body.error.field, 'credit_code');
  const sameName = await api(srv.base, 'POST', '/api/v1/organisations', { ...ORG, credit_code: '9144030071526726XG' });
  assert.equal(sameName.status, 409);
  assert.equal(sameName.body.error.field, 'name');
  const list = await api(srv.base, 'GET', '/api/v1/organisations?q=攸县阳光', undefined, {}, as.w2);
  assert.equal(list.body.total, 1, 'readable by the stations');
  const denied = await api(srv.base, 'POST', '/api/v1/organisations', { ...ORG, name: 'x机构', credit_code: '91330100799655058B' }, {}, as.w2);
  assert.equal(denied.status, 403);
});

test('a suspension needs its reason; a stale version is refused', async () => {
  const o = (await api(srv.base, 'GET', '/api/v1/organisations?q=攸县阳光')).body.items[0];
  let r = await api(srv.base, 'PATCH', `/api/v1/organisations/${o.id}`, { status: 'suspended', version: o.version });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'status_reason');
  r = await api(srv.base, 'PATCH', `/api/v1/organisations/${o.id}`, { status: 'suspended', status_reason: '年检不合格', version: o.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'suspended');
  r = await api(srv.base, 'PATCH', `/api/v1/organisations/${o.id}`, { rating: '3A', version: o.version });
  assert.equal(r.status, 409);
  r = await api(srv.base, 'PATCH', `/api/v1/organisations/${o.id}`, { rated_on: '2026-07-01', version: o.version + 1 });
  assert.equal(r.status, 400, 'a rating in the future');
  r = await api(srv.base, 'PATCH', `/api/v1/organisations/${o.id}`, { status: 'active', rating: '2A', version: o.version + 1 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status_reason, '');
  assert.equal(r.body.rated_3a_or_above, false);
});

test('the list is in the register\'s name order, by pinyin', async () => {
  // By code point 张 (U+5F20) comes before 爱 (U+7231) and 阳 (U+9633).
  const made = [];
  for (const [name, code] of [['张家社会工作服务中心', '524302235081234587'], ['爱心社会工作服务社', '524302235081234662'],
    ['阳光助老社会工作服务中心', '52430223508123474W']]) {
    const r = await api(srv.base, 'POST', '/api/v1/organisations', { ...ORG, name, credit_code: code, rating: '' });
    assert.equal(r.status, 201, r.text);
    made.push(r.body.id);
  }
  const names = (await api(srv.base, 'GET', '/api/v1/organisations?limit=100')).body.items.map((o) => o.name);
  assert.deepEqual(names.filter((n) => /^(张家|爱心|阳光助老)/.test(n)), ['爱心社会工作服务社', '阳光助老社会工作服务中心', '张家社会工作服务中心']);
  // A new name takes its new place.
  const o = (await api(srv.base, 'GET', `/api/v1/organisations/${made[0]}`)).body;
  const r = await api(srv.base, 'PATCH', `/api/v1/organisations/${o.id}`, { name: '安康社会工作服务中心', version: o.version });
  assert.equal(r.status, 200, r.text);
  const after = (await api(srv.base, 'GET', '/api/v1/organisations?limit=100')).body.items.map((x) => x.name);
  assert.deepEqual(after.filter((n) => /^(安康|爱心|阳光助老)/.test(n)), ['爱心社会工作服务社', '安康社会工作服务中心', '阳光助老社会工作服务中心']);
});
