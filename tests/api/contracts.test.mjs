// 服务协议: contracts between the county and an organisation — validation
// of every field, the stations' shares, range and roles, versions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session } from './lib.mjs';

let srv;
const as = {};
let org;
let stations; // township stations of 攸县, by id

before(async () => {
  srv = await startServer();
  const r = await api(srv.base, 'POST', '/api/v1/organisations',
    { name: '攸县同心社会工作服务中心', credit_code: '91350100M000100Y43', rating: '4A' });
  assert.equal(r.status, 201, r.text);
  org = r.body;
  stations = (await api(srv.base, 'GET', '/api/v1/stations?type=township_station&limit=200&sort=id')).body.items;
  addUser(srv, 'tw', 'township_officer', `stations:${stations[0].id}`);
  addUser(srv, 'ev', 'evaluator', 'region:430223');
  addUser(srv, 'sw', 'social_worker', 'all');
  addUser(srv, 'tw2', 'township_officer', `stations:${stations[5].id}`);
  for (const u of ['tw', 'ev', 'sw', 'tw2']) as[u] = await session(srv.base, u);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

function body(extra = {}) {
  return {
    code: 'YX-2026-001', title: '攸县2026年度乡镇社工站服务项目', organisation_id: org.id, procurement: 'open_tender',
    cycle_years: 3, cycle_year: 1, amount_fen: 36000000, signed_on: '2026-01-05', effective_on: '2026-01-06',
    starts_on: '2026-01-06', ends_on: '2027-01-05',
    stations: [{ station_id: stations[0].id, amount_fen: 12000000 }, { station_id: stations[1].id, amount_fen: 12000000 },
      { station_id: stations[2].id, amount_fen: 12000000 }],
    requirements: '每站不少于2名社工', liability: '违约按合同法处理', ...extra,
  };
}

test('a valid contract is created with the county as region and purchaser; readable by the roles that read', async () => {
  const r = await api(srv.base, 'POST', '/api/v1/contracts', body());
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.region_code, '430223');
  assert.equal(r.body.region_name, '攸县');
  assert.ok(r.body.purchaser.includes('攸县'), r.body.purchaser);
  assert.equal(r.body.organisation_name, org.name);
  assert.equal(r.body.stations.length, 3);
  assert.equal(r.body.status, 'active');
  assert.equal(r.body.previous_id, null);
  assert.equal(r.body.filed_on, null);
  const again = await api(srv.base, 'POST', '/api/v1/contracts', body());
  assert.equal(again.status, 409);
  assert.equal(again.body.error.field, 'code');
  // township officer of a covered station and the county's evaluator read it
  let g = await api(srv.base, 'GET', `/api/v1/contracts/${r.body.id}`, undefined, {}, as.tw);
  assert.equal(g.status, 200, g.text);
  g = await api(srv.base, 'GET', '/api/v1/contracts', undefined, {}, as.ev);
  assert.equal(g.body.total, 1);
  // a station outside it: not found; a social worker: no permission
  g = await api(srv.base, 'GET', `/api/v1/contracts/${r.body.id}`, undefined, {}, as.tw2);
  assert.equal(g.status, 404);
  g = await api(srv.base, 'GET', '/api/v1/contracts', undefined, {}, as.sw);
  assert.equal(g.status, 403);
  const w = await api(srv.base, 'POST', '/api/v1/contracts', body({ code: 'X-1' }), {}, as.tw);
  assert.equal(w.status, 403);
});

test('each bad field is refused with its name', async () => {
  const cases = [
    [{ procurement: 'lottery' }, 'procurement'],
    [{ cycle_years: 0 }, 'cycle_years'],
    [{ cycle_year: 4 }, 'cycle_year'],
    [{ cycle_year: 0 }, 'cycle_year'],
    [{ amount_fen: 0 }, 'amount_fen'],
    [{ effective_on: '2026-01-04' }, 'effective_on'],
    [{ ends_on: '2026-01-06' }, 'ends_on'],
    [{ signed_on: '2026-07-01', effective_on: '2026-07-01' }, 'signed_on'],
    [{ organisation_id: 999999 }, 'organisation_id'],
    [{ stations: [] }, 'stations'],
    [{ stations: [{ station_id: 999999, amount_fen: 1 }] }, 'stations[0].station_id'],
    [{ stations: [{ station_id: stations[0].id, amount_fen: 1 }, { station_id: stations[0].id, amount_fen: 1 }] }, 'stations[1].station_id'],
    [{ amount_fen: 20000000 }, 'stations'],
    [{ region_code: '430223102' }, 'region_code'],
    [{ region_code: '640402' }, 'stations[0].station_id'],
    [{ previous_id: 999999 }, 'previous_id'],
  ];
  for (const [extra, field] of cases) {
    const r = await api(srv.base, 'POST', '/api/v1/contracts', body({ code: 'BAD-1', ...extra }));
    assert.equal(r.status, 400, `${JSON.stringify(extra)}: ${r.text}`);
    assert.equal(r.body.error.field, field, JSON.stringify(extra));
  }
  const en = await api(srv.base, 'POST', '/api/v1/contracts', body({ code: 'BAD-1', amount_fen: 20000000 }), { 'Accept-Language': 'en' });
  assert.match(en.body.error.message, /exceed/);
});

test('an inactive organisation or station cannot be contracted', async () => {
  const o = await api(srv.base, 'POST', '/api/v1/organisations',
    { name: '暂停机构', credit_code: '91330100799655058B', status: 'suspended', status_reason: '年检未通过' });
  assert.equal(o.status, 201, o.text);
  let r = await api(srv.base, 'POST', '/api/v1/contracts', body({ code: 'BAD-2', organisation_id: o.body.id }));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'organisation_id');
  assert.match(r.body.error.message, /正常状态/);
  const s = stations[10];
  r = await api(srv.base, 'POST', `/api/v1/stations/${s.id}/deactivate`, { reason: '撤并', version: s.version });
  assert.equal(r.status, 200, r.text);
  r = await api(srv.base, 'POST', '/api/v1/contracts', body({ code: 'BAD-3', stations: [{ station_id: s.id, amount_fen: 1 }] }));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'stations[0].station_id');
});

test('changes need the version; stations given replace the list; filters', async () => {
  const c = (await api(srv.base, 'GET', '/api/v1/contracts?year=2026')).body.items[0];
  let r = await api(srv.base, 'PATCH', `/api/v1/contracts/${c.id}`, { filed_on: '2026-01-20' });
  assert.equal(r.status, 428);
  r = await api(srv.base, 'PATCH', `/api/v1/contracts/${c.id}`, { filed_on: '2026-01-20', staff_in_place_on: '2026-02-01', version: c.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.filed_on, '2026-01-20');
  assert.equal(r.body.stations.length, 3, 'stations kept');
  r = await api(srv.base, 'PATCH', `/api/v1/contracts/${c.id}`, { notes: '旧版本', version: c.version });
  assert.equal(r.status, 409);
  // What a contract must have is not emptied by a change either.
  r = await api(srv.base, 'PATCH', `/api/v1/contracts/${c.id}`, { procurement: '', version: c.version + 1 });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'procurement');
  assert.match(r.body.error.message, /采购方式/);
  r = await api(srv.base, 'PATCH', `/api/v1/contracts/${c.id}`,
    { stations: [{ station_id: stations[0].id, amount_fen: 12000000 }, { station_id: stations[3].id, amount_fen: 10000000 }], version: c.version + 1 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.stations.map((s) => s.station_id).sort(), [stations[0].id, stations[3].id].sort());
  const next = await api(srv.base, 'POST', '/api/v1/contracts', body({ code: 'YX-2027-001', cycle_year: 2, signed_on: '2026-06-01',
    effective_on: '2026-06-01', starts_on: '2027-01-06', ends_on: '2028-01-05', previous_id: c.id }));
  assert.equal(next.status, 201, next.text);
  assert.equal(next.body.previous_id, c.id);
  // A term cannot precede its own previous one, nor loop back to it.
  const cur = (await api(srv.base, 'GET', `/api/v1/contracts/${c.id}`)).body;
  const loop = await api(srv.base, 'PATCH', `/api/v1/contracts/${c.id}`, { previous_id: next.body.id, version: cur.version });
  assert.equal(loop.status, 400, loop.text);
  assert.equal(loop.body.error.field, 'previous_id');
  assert.match(loop.body.error.message, /上一期协议须为同一县\(区\)在本期之前开始的协议/);
  const list = async (q) => (await api(srv.base, 'GET', `/api/v1/contracts?${q}`)).body;
  assert.equal((await list('year=2026')).total, 1, 'terms overlapping the year');
  assert.equal((await list('year=2027')).total, 2);
  assert.equal((await list('year=2028')).total, 1);
  assert.equal((await list('year=2025')).total, 0);
  assert.equal((await list(`station_id=${stations[3].id}`)).total, 1);
  assert.equal((await list(`station_id=${stations[2].id}`)).total, 1);
  assert.equal((await list(`organisation_id=${org.id}`)).total, 2);
  assert.equal((await list('status=terminated')).total, 0);
  const first = await list('limit=1');
  assert.equal(first.items[0].code, 'YX-2027-001', 'newest term first');
  r = await api(srv.base, 'GET', '/api/v1/contracts?status=ended');
  assert.equal(r.status, 400);
  r = await api(srv.base, 'GET', '/api/v1/contracts?year=abc');
  assert.equal(r.status, 400);
});
