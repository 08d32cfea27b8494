// Stations: the demo's stations for 攸县 and 涿鹿县, listing (filters,
// paging, stable sort), create, read with the facilities checklist,
// optimistic locking on change, deactivate/activate, and the conflicts
// and validation a user runs into.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session } from './lib.mjs';
import {
  stopChecked, assertError, stationTotal, allStations, divisions, isZone, profileFile,
} from './helpers_extra.mjs';

const J = { 'content-type': 'application/json' };
let srv; // 攸县, profile youxian
let zl; // 涿鹿县, profile zhuolu

before(async () => {
  [srv, zl] = await Promise.all([startServer(), startServer({ region: '130731' })]);
});
after(async () => {
  await stopChecked(srv);
  await stopChecked(zl);
});

/** The real townships of a county as the division data has them. */
function townships(county) {
  return divisions('streets').filter((r) => r.areaCode === county && r.code.startsWith(county));
}

async function get(id) {
  const r = await api(srv.base, 'GET', `/api/v1/stations/${id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

// ---- the demo ----------------------------------------------------------

test('demo 430223: 17 township stations (4 streets + 13 towns, no parks) and 1 county centre', async () => {
  const real = townships('430223');
  assert.equal(real.length, 19, 'the data has 19 township-level units under 攸县');
  const expected = real.filter((r) => !isZone(r.code));
  assert.equal(expected.length, 17);
  assert.equal(expected.filter((r) => r.code.slice(6, 7) === '0').length, 4, '4 streets');
  assert.equal(expected.filter((r) => r.code.slice(6, 7) === '1').length, 13, '13 towns');

  const all = await allStations(srv.base);
  assert.equal(all.length, 18);
  const ts = all.filter((s) => s.type === 'township_station');
  const cc = all.filter((s) => s.type === 'county_center');
  assert.equal(ts.length, 17);
  assert.equal(cc.length, 1);
  assert.equal(cc[0].region_code, '430223');
  assert.equal(cc[0].name, '攸县社会工作服务指导中心');
  assert.deepEqual(ts.map((s) => s.region_code).sort(), expected.map((r) => r.code).sort());
  for (const code of ['430223400', '430223401']) {
    assert.ok(!all.some((s) => s.region_code === code), `${code} is an industrial park, not a station`);
  }
  // Signage pattern: 攸县××镇(街道)社会工作服务站.
  for (const r of expected) {
    const s = ts.find((x) => x.region_code === r.code);
    assert.equal(s.name, `攸县${r.name}社会工作服务站`);
    assert.equal(s.region_name, r.name);
    assert.equal(s.status, 'active');
    assert.equal(s.version, 1);
    assert.equal(s.type_label, '乡镇(街道)社会工作服务站');
  }
  assert.equal(ts.find((s) => s.region_code === '430223102').name, '攸县酒埠江镇社会工作服务站');
  // Timestamps follow the fixed clock, in Beijing time.
  assert.equal(ts[0].created_at, '2026-06-15T10:00:00+08:00');
});

test('GET /profile returns the active youxian profile as shipped', async () => {
  const r = await api(srv.base, 'GET', '/api/v1/profile');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, profileFile('youxian'));
});

// ---- listing -------------------------------------------------------------

test('list filters by region prefix', async () => {
  assert.equal(await stationTotal(srv.base, 'region=43'), 18);
  assert.equal(await stationTotal(srv.base, 'region=4302'), 18);
  assert.equal(await stationTotal(srv.base, 'region=430223'), 18);
  assert.equal(await stationTotal(srv.base, 'region=130731'), 0);
  const r = await api(srv.base, 'GET', '/api/v1/stations?region=430223102');
  assert.equal(r.status, 200);
  assert.ok(r.body.items.length >= 1);
  for (const s of r.body.items) assert.ok(s.region_code.startsWith('430223102'), s.region_code);
  assert.ok(r.body.items.some((s) => s.name === '攸县酒埠江镇社会工作服务站'));
  // Not a prefix of 430223102: 43022310 is no division code at all.
  assertError(await api(srv.base, 'GET', '/api/v1/stations?region=43022310'), 400, 'validation_failed', 'region');
  assertError(await api(srv.base, 'GET', '/api/v1/stations?region=43%25'), 400, 'validation_failed', 'region');
});

test('list filters by type and status', async () => {
  assert.equal(await stationTotal(srv.base, 'type=township_station'), 17);
  assert.equal(await stationTotal(srv.base, 'type=county_center'), 1);
  assert.equal(await stationTotal(srv.base, 'type=county_center&region=430223001'), 0);
  assert.equal(await stationTotal(srv.base, 'status=active&type=township_station'), 17);
  assert.equal(await stationTotal(srv.base, 'status=inactive&type=township_station'), 0);
  assertError(await api(srv.base, 'GET', '/api/v1/stations?type=district_branch'), 400, 'validation_failed', 'type');
  assertError(await api(srv.base, 'GET', '/api/v1/stations?status=closed'), 400, 'validation_failed', 'status');
  assertError(await api(srv.base, 'GET', '/api/v1/stations?sort=created'), 400, 'validation_failed', 'sort');
  assertError(await api(srv.base, 'GET', '/api/v1/stations?order=up'), 400, 'validation_failed', 'order');
});

test('paging: limit/page/total; pages do not overlap and cover everything', async () => {
  const all = await allStations(srv.base);
  const n = all.length;
  const seen = [];
  for (let page = 1; ; page++) {
    const r = await api(srv.base, 'GET', `/api/v1/stations?limit=5&page=${page}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.total, n);
    assert.equal(r.body.limit, 5);
    assert.equal(r.body.page, page);
    if (page <= Math.floor(n / 5)) assert.equal(r.body.items.length, 5);
    if (r.body.items.length === 0) break;
    seen.push(...r.body.items.map((s) => s.id));
    assert.ok(page < 100);
  }
  assert.equal(seen.length, n);
  assert.equal(new Set(seen).size, n, 'no station on two pages');
  assert.deepEqual(seen, all.map((s) => s.id), 'pages concatenate to the whole list');
  const beyond = await api(srv.base, 'GET', '/api/v1/stations?limit=5&page=100');
  assert.equal(beyond.status, 200);
  assert.deepEqual(beyond.body.items, []);
  assert.equal(beyond.body.total, n);
  const dflt = await api(srv.base, 'GET', '/api/v1/stations');
  assert.equal(dflt.body.limit, 20);
  assert.equal(dflt.body.page, 1);
});

function cpCompare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
function sortedBy(list, cmp) {
  for (let i = 1; i < list.length; i++) if (cmp(list[i - 1], list[i]) > 0) return false;
  return true;
}

test('sort=region|name|id with order=asc|desc is stable and complete', async () => {
  const ids = (await allStations(srv.base)).map((s) => s.id).sort((a, b) => a - b);
  for (const sort of ['region', 'name', 'id']) {
    for (const order of ['asc', 'desc']) {
      const q = `sort=${sort}&order=${order}`;
      const a = await allStations(srv.base, q);
      const b = await allStations(srv.base, q);
      assert.deepEqual(a.map((s) => s.id), b.map((s) => s.id), `${q}: two identical requests, one order`);
      assert.deepEqual(a.map((s) => s.id).sort((x, y) => x - y), ids, `${q}: every station once`);
      // Small pages give the same sequence as one big page.
      const paged = [];
      for (let p = 1; p <= Math.ceil(ids.length / 4); p++) {
        const r = await api(srv.base, 'GET', `/api/v1/stations?${q}&limit=4&page=${p}`);
        paged.push(...r.body.items.map((s) => s.id));
      }
      assert.deepEqual(paged, a.map((s) => s.id), `${q}: pages agree with the whole list`);
      const sign = order === 'asc' ? 1 : -1;
      if (sort === 'id') {
        assert.ok(sortedBy(a, (x, y) => sign * (x.id - y.id)), q);
      } else if (sort === 'region') {
        assert.ok(sortedBy(a, (x, y) => sign * (cpCompare(x.region_code, y.region_code) || x.id - y.id)), q);
      }
    }
  }
  // By name is the register's order (core/pinyin.h): by each character's
  // reading, the same reading's characters together (皇 and 黄, huang),
  // not by code point, which would put 春 after 皇 and 社 after 网.
  const YOUXIAN = ['菜花坪镇', '春联街道', '皇图岭镇', '黄丰桥镇', '江桥街道', '酒埠江镇', '联星街道', '莲塘坳镇', '渌田镇',
    '鸾山镇', '宁家坪镇', '', '石羊塘镇', '谭桥街道', '桃水镇', '网岭镇', '新市镇', '丫江桥镇']
    .map((t) => (t ? `攸县${t}社会工作服务站` : '攸县社会工作服务指导中心'));
  const names = (await allStations(srv.base, 'sort=name')).map((s) => s.name).filter((n) => YOUXIAN.includes(n));
  assert.deepEqual(names, YOUXIAN);
  const namesDesc = (await allStations(srv.base, 'sort=name&order=desc')).map((s) => s.name).filter((n) => YOUXIAN.includes(n));
  assert.deepEqual(namesDesc, [...YOUXIAN].reverse());
  const region = (await allStations(srv.base, 'sort=region')).map((s) => s.id);
  const name = (await allStations(srv.base, 'sort=name')).map((s) => s.id);
  assert.notDeepEqual(region, name, 'sort=name is not the region order');
  const dflt = (await allStations(srv.base)).map((s) => s.id);
  assert.deepEqual(dflt, region, 'the default sort is region');
  const desc = (await allStations(srv.base, 'sort=id&order=desc')).map((s) => s.id);
  assert.deepEqual(desc, [...ids].reverse());
});

// ---- one station -----------------------------------------------------------

test('GET /stations/{id}: facilities checklist of the youxian profile and a standards summary', async () => {
  const prof = profileFile('youxian');
  const list = await api(srv.base, 'GET', '/api/v1/stations?type=township_station&region=430223102');
  const s = await get(list.body.items[0].id);
  assert.equal(s.name, '攸县酒埠江镇社会工作服务站');
  assert.equal(s.region_code, '430223102');
  assert.deepEqual(s.facilities.map((f) => f.code), prof.facilities.map((f) => f.code));
  for (const f of s.facilities) {
    const p = prof.facilities.find((x) => x.code === f.code);
    assert.equal(f.required, p.required, f.code);
    assert.equal(f.label, p.label, f.code);
    assert.equal(f.group, p.group, f.code);
    assert.equal(f.met, false, f.code);
  }
  const required = prof.facilities.filter((f) => f.required).length;
  assert.deepEqual(s.standards, {
    total: prof.facilities.length, met: 0, required, required_met: 0, all_required_met: false,
  });
  const en = await api(srv.base, 'GET', `/api/v1/stations/${s.id}`, undefined, { 'accept-language': 'en' });
  assert.equal(en.body.facilities[0].label, prof.facilities[0].label_en);
  assert.equal(en.body.type_label, 'Township station');
  assertError(await api(srv.base, 'GET', '/api/v1/stations/999999'), 404, 'not_found');
  assertError(await api(srv.base, 'GET', '/api/v1/stations/abc'), 404, 'not_found');
  assertError(await api(srv.base, 'GET', '/api/v1/stations/0'), 404, 'not_found');
});

test('create a community_room on a village of 430223102: 201 with the default name', async () => {
  const villages = await api(srv.base, 'GET', '/api/v1/regions?parent=430223102');
  assert.equal(villages.status, 200);
  const v = villages.body.items[0];
  assert.equal(v.code.length, 12);
  const before = await stationTotal(srv.base);
  const r = await api(srv.base, 'POST', '/api/v1/stations', { type: 'community_room', region_code: v.code });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.type, 'community_room');
  assert.equal(r.body.region_code, v.code);
  assert.equal(r.body.name, `酒埠江镇${v.name}社会工作室`);
  assert.equal(r.body.status, 'active');
  assert.equal(r.body.version, 1);
  assert.equal(r.body.facilities.length, profileFile('youxian').facilities.length);
  assert.equal(await stationTotal(srv.base), before + 1);
  assert.deepEqual(await get(r.body.id), r.body, 'what was created is what is read');
  assert.equal(await stationTotal(srv.base, 'type=community_room&region=430223102'), 1);
  // Address, phone, opening date and facilities given at creation are kept.
  const v2 = villages.body.items[1];
  const r2 = await api(srv.base, 'POST', '/api/v1/stations', {
    type: 'community_room', region_code: v2.code, name: '东田社区社工室(测试)', address: '酒埠江镇东田路1号',
    phone: '0731-24212345', opened_on: '2026-03-01', facilities: [{ code: 'office', met: true, note: '两间' }],
  });
  assert.equal(r2.status, 201, JSON.stringify(r2.body));
  assert.equal(r2.body.name, '东田社区社工室(测试)');
  assert.equal(r2.body.address, '酒埠江镇东田路1号');
  assert.equal(r2.body.phone, '0731-24212345');
  assert.equal(r2.body.opened_on, '2026-03-01');
  const office = r2.body.facilities.find((f) => f.code === 'office');
  assert.equal(office.met, true);
  assert.equal(office.note, '两间');
  assert.equal(r2.body.standards.met, 1);
});

test('PATCH marks facilities met and the standards summary follows', async () => {
  const prof = profileFile('youxian');
  const required = prof.facilities.filter((f) => f.required).map((f) => f.code);
  const optional = prof.facilities.filter((f) => !f.required).map((f) => f.code);
  const s = await get((await api(srv.base, 'GET', '/api/v1/stations?region=430223103')).body.items[0].id);
  const v = s.version;
  const half = required.slice(0, 5).map((code) => ({ code, met: true }));
  let r = await api(srv.base, 'PATCH', `/api/v1/stations/${s.id}`, { version: v, facilities: half });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.version, v + 1);
  assert.equal(r.body.standards.met, 5);
  assert.equal(r.body.standards.required_met, 5);
  assert.equal(r.body.standards.all_required_met, false);
  const everything = [...required, optional[0]].map((code) => ({ code, met: true }));
  r = await api(srv.base, 'PATCH', `/api/v1/stations/${s.id}`, { facilities: everything }, { 'if-match': `"${v + 1}"` });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.version, v + 2);
  assert.deepEqual(r.body.standards, {
    total: prof.facilities.length, met: required.length + 1, required: required.length,
    required_met: required.length, all_required_met: true,
  });
  const back = await get(s.id);
  assert.deepEqual(back.standards, r.body.standards, 'the summary is stored, not just echoed');
  for (const f of back.facilities) assert.equal(f.met, required.includes(f.code) || f.code === optional[0], f.code);
  // A facility marked not met counts as not met.
  r = await api(srv.base, 'PATCH', `/api/v1/stations/${s.id}`, {
    version: v + 2, facilities: [...required.slice(1), required[0]].map((code, i) => ({ code, met: i !== required.length - 1 })),
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.standards.all_required_met, false);
  assert.equal(r.body.standards.required_met, required.length - 1);
  assert.equal(r.body.facilities.find((f) => f.code === required[0]).met, false);
});

test('PATCH changes fields and bumps the version; name, address, phone, opened_on', async () => {
  const s = await get((await api(srv.base, 'GET', '/api/v1/stations?region=430223106')).body.items[0].id);
  const r = await api(srv.base, 'PATCH', `/api/v1/stations/${s.id}`, {
    version: s.version, address: '网岭镇人民政府院内', phone: '13812345678', opened_on: '2021-06-01',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.address, '网岭镇人民政府院内');
  assert.equal(r.body.phone, '13812345678');
  assert.equal(r.body.opened_on, '2021-06-01');
  assert.equal(r.body.name, s.name, 'fields not sent stay as they were');
  assert.equal(r.body.version, s.version + 1);
  const back = await get(s.id);
  assert.equal(back.address, '网岭镇人民政府院内');
  assert.equal(back.version, s.version + 1);
});

test('PATCH without If-Match or version is 428; a stale version is 409 and writes nothing', async () => {
  const s = await get((await api(srv.base, 'GET', '/api/v1/stations?region=430223109')).body.items[0].id);
  const r428 = await api(srv.base, 'PATCH', `/api/v1/stations/${s.id}`, { address: '不应写入' });
  assertError(r428, 428, undefined, 'version');
  assert.deepEqual(await get(s.id), s, 'nothing written without a version');

  const ok = await api(srv.base, 'PATCH', `/api/v1/stations/${s.id}`, { version: s.version, address: '第一次' });
  assert.equal(ok.status, 200);
  const now = await get(s.id);
  // Someone still holding the old version loses: body version and If-Match.
  const stale = await api(srv.base, 'PATCH', `/api/v1/stations/${s.id}`, { version: s.version, address: '第二次' });
  assertError(stale, 409, 'version_conflict');
  const staleHeader = await api(srv.base, 'PATCH', `/api/v1/stations/${s.id}`, { address: '第三次' }, { 'if-match': String(s.version) });
  assertError(staleHeader, 409, 'version_conflict');
  const ahead = await api(srv.base, 'PATCH', `/api/v1/stations/${s.id}`, { version: now.version + 5, address: '第四次' });
  assertError(ahead, 409, 'version_conflict');
  assert.deepEqual(await get(s.id), now, 'a refused change writes nothing');
  assertError(await api(srv.base, 'PATCH', `/api/v1/stations/${s.id}`, { address: 'x' }, { 'if-match': 'W/"abc"' }), 400, 'validation_failed', 'If-Match');
  assertError(await api(srv.base, 'PATCH', '/api/v1/stations/999999', { version: 1, address: 'x' }), 404, 'not_found');
});

test('deactivate and activate change the status, need the version, and show in the list', async () => {
  const s = await get((await api(srv.base, 'GET', '/api/v1/stations?region=430223115')).body.items[0].id);
  const inactiveBefore = await stationTotal(srv.base, 'status=inactive');
  assertError(await api(srv.base, 'POST', `/api/v1/stations/${s.id}/deactivate`, { reason: '撤并' }), 428, undefined, 'version');
  assertError(await api(srv.base, 'POST', `/api/v1/stations/${s.id}/deactivate`, { version: s.version + 1 }), 409, 'version_conflict');
  assert.equal((await get(s.id)).status, 'active');

  const d = await api(srv.base, 'POST', `/api/v1/stations/${s.id}/deactivate`, { version: s.version, reason: '撤并' });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  assert.equal(d.body.status, 'inactive');
  assert.equal(d.body.version, s.version + 1);
  assert.equal((await get(s.id)).status, 'inactive');
  assert.equal(await stationTotal(srv.base, 'status=inactive'), inactiveBefore + 1);
  const listed = await allStations(srv.base, 'status=inactive');
  assert.ok(listed.some((x) => x.id === s.id));
  assert.ok(!(await allStations(srv.base, 'status=active')).some((x) => x.id === s.id));

  const a = await api(srv.base, 'POST', `/api/v1/stations/${s.id}/activate`, { version: s.version + 1 });
  assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.equal(a.body.status, 'active');
  assert.equal(a.body.version, s.version + 2);
  assert.equal(await stationTotal(srv.base, 'status=inactive'), inactiveBefore);
});

test('a station lead edits her station but does not stop it: that is the bureau\'s decision', async () => {
  const s = await get((await api(srv.base, 'GET', '/api/v1/stations?region=430223115')).body.items[0].id);
  addUser(srv, 'lead_stop', 'station_lead', `stations:${s.id}`);
  const lead = await session(srv.base, 'lead_stop');
  const r = await api(srv.base, 'POST', `/api/v1/stations/${s.id}/deactivate`, { version: s.version, reason: '自行停用' }, {}, lead);
  assert.equal(r.status, 403, r.text);
  assert.equal((await get(s.id)).status, 'active');
  const e = await api(srv.base, 'PATCH', `/api/v1/stations/${s.id}`, { phone: '0731-24000000', version: s.version }, {}, lead);
  assert.equal(e.status, 200, 'her station\'s details she keeps: ' + e.text);
});

test('deactivate accepts If-Match with no body at all', async () => {
  const s = await get((await api(srv.base, 'GET', '/api/v1/stations?region=430223118')).body.items[0].id);
  const r = await api(srv.base, 'POST', `/api/v1/stations/${s.id}/deactivate`, undefined, { 'if-match': `"${s.version}"` });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'inactive');
  const back = await api(srv.base, 'POST', `/api/v1/stations/${s.id}/activate`, undefined, { 'if-match': `"${s.version + 1}"` });
  assert.equal(back.status, 200, JSON.stringify(back.body));
  assert.equal(back.body.status, 'active');
});

// ---- conflicts and validation ----------------------------------------------

test('a second station of the same type on the same region is 409, whatever its name', async () => {
  const before = await stationTotal(srv.base);
  const named = await api(srv.base, 'POST', '/api/v1/stations', { type: 'township_station', region_code: '430223102', name: '酒埠江第二社工站' });
  const e = assertError(named, 409, 'conflict', 'region_code');
  assert.equal(e.message, '该区划已有同类型站点');
  // With the default name the duplicate is still a duplicate of type and region.
  const unnamed = await api(srv.base, 'POST', '/api/v1/stations', { type: 'township_station', region_code: '430223102' });
  const e2 = assertError(unnamed, 409, 'conflict', 'region_code');
  assert.equal(e2.message, '该区划已有同类型站点');
  assert.equal(await stationTotal(srv.base), before);
});

test('a name already in use is 409 on create and on change', async () => {
  const before = await stationTotal(srv.base);
  const v = (await api(srv.base, 'GET', '/api/v1/regions?parent=430223103')).body.items[0];
  const r = await api(srv.base, 'POST', '/api/v1/stations', { type: 'community_room', region_code: v.code, name: '攸县酒埠江镇社会工作服务站' });
  const e = assertError(r, 409, 'conflict', 'name');
  assert.equal(e.message, '站点名称已被使用');
  assert.equal(await stationTotal(srv.base), before);
  const s = await get((await api(srv.base, 'GET', '/api/v1/stations?region=430223119')).body.items[0].id);
  const p = await api(srv.base, 'PATCH', `/api/v1/stations/${s.id}`, { version: s.version, name: '攸县酒埠江镇社会工作服务站' });
  assertError(p, 409, 'conflict', 'name');
  assert.deepEqual(await get(s.id), s);
});

test('type and region must fit: wrong level, unknown type, absent region, unknown facility', async () => {
  const before = await stationTotal(srv.base);
  const cases = [
    [{ type: 'township_station', region_code: '430223' }, 400, 'region_code'],
    [{ type: 'county_center', region_code: '430223102' }, 400, 'region_code'],
    [{ type: 'community_room', region_code: '430223103' }, 400, 'region_code'],
    [{ type: 'district_branch', region_code: '430223' }, 400, 'type'],
    [{ type: 'no_such_type', region_code: '430223102' }, 400, 'type'],
    [{ type: 'township_station', region_code: '430223999' }, 400, 'region_code'],
    [{ type: 'community_room', region_code: '430223102999' }, 400, 'region_code'],
    [{ type: 'township_station', region_code: '4302231' }, 400, 'region_code'],
    [{ type: 'community_room', region_code: '430223103201', facilities: [{ code: 'helipad', met: true }] }, 400, 'facilities[0].code'],
    [{ type: 'community_room', region_code: '430223103201', facilities: [{ code: 'office', met: true }, { code: 'helipad', met: false }] }, 400, 'facilities[1].code'],
  ];
  for (const [body, status, field] of cases) {
    const r = await api(srv.base, 'POST', '/api/v1/stations', body);
    assertError(r, status, 'validation_failed', field);
  }
  assert.equal(await stationTotal(srv.base), before, 'nothing was created');
  const s = await get((await api(srv.base, 'GET', '/api/v1/stations?region=430223120')).body.items[0].id);
  const p = await api(srv.base, 'PATCH', `/api/v1/stations/${s.id}`, { version: s.version, facilities: [{ code: 'helipad', met: true }] });
  assertError(p, 400, 'validation_failed', 'facilities[0].code');
  assert.deepEqual(await get(s.id), s);
});

test('a station outside the profile\'s jurisdiction (攸县 430223) is refused', async () => {
  const before = await stationTotal(srv.base);
  // A street in Beijing and a district of 株洲市 next door: real
  // divisions, but not this deployment's.
  assertError(await api(srv.base, 'POST', '/api/v1/stations', { type: 'township_station', region_code: '110101001' }),
    400, 'validation_failed', 'region_code');
  assertError(await api(srv.base, 'POST', '/api/v1/stations', { type: 'county_center', region_code: '430202' }),
    400, 'validation_failed', 'region_code');
  // 茶陵县, a county running another county's profile, is told which
  // county the system serves, in both languages.
  const chaling = await api(srv.base, 'POST', '/api/v1/stations', { type: 'township_station', region_code: '430224101' });
  assertError(chaling, 400, 'validation_failed', 'region_code');
  assert.equal(chaling.body.error.message, '所在区划不在本系统管辖区域（攸县）内');
  const en = await api(srv.base, 'POST', '/api/v1/stations', { type: 'township_station', region_code: '430224101' },
    { ...J, 'accept-language': 'en' });
  assertError(en, 400, 'validation_failed', 'region_code', 'en');
  assert.equal(en.body.error.message, 'The division is outside this deployment\'s jurisdiction (430223)');
  assert.equal(await stationTotal(srv.base), before);
  assert.equal(await stationTotal(srv.base, 'region=11'), 0);
});

test('errors speak English when asked', async () => {
  const r = await api(srv.base, 'POST', '/api/v1/stations', { type: 'no_such_type', region_code: '430223102' },
    { ...J, 'accept-language': 'en' });
  assertError(r, 400, 'validation_failed', 'type', 'en');
});

// ---- 涿鹿县 (zhuolu) ----------------------------------------------------------

test('demo 130731 (zhuolu): one township station per real township, a county hub, the district_branch type', async () => {
  const real = townships('130731').filter((r) => !isZone(r.code));
  assert.equal(real.length, 17, '涿鹿县 has 17 townships in the data, as the plan says');
  const prof = await api(zl.base, 'GET', '/api/v1/profile');
  assert.equal(prof.status, 200);
  assert.equal(prof.body.name, 'zhuolu');
  assert.deepEqual(prof.body, profileFile('zhuolu'));
  assert.ok(prof.body.station_types.some((t) => t.code === 'district_branch'));
  const all = await allStations(zl.base);
  const ts = all.filter((s) => s.type === 'township_station');
  assert.equal(ts.length, 17);
  assert.deepEqual(ts.map((s) => s.region_code).sort(), real.map((r) => r.code).sort());
  for (const r of real) assert.equal(ts.find((s) => s.region_code === r.code).name, `涿鹿县${r.name}社会工作服务站`);
  const hub = all.filter((s) => s.type === 'county_center');
  assert.equal(hub.length, 1);
  assert.equal(hub[0].name, '涿鹿县社会工作服务总站');
  assert.equal(all.length, 18);
  assert.equal(await stationTotal(zl.base, 'type=district_branch'), 0);
});

test('zhuolu: a station of another type on the same region is allowed; the same type twice is not', async () => {
  const r = await api(zl.base, 'POST', '/api/v1/stations', { type: 'district_branch', region_code: '130731' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.name, '涿鹿县区民政分局社会工作站点');
  assert.equal(r.body.type_label, '区民政分局社工站点');
  assert.equal(await stationTotal(zl.base, 'region=130731&type=district_branch'), 1);
  assert.equal(await stationTotal(zl.base, 'type=county_center'), 1);
  const dup = await api(zl.base, 'POST', '/api/v1/stations', { type: 'district_branch', region_code: '130731', name: '另一个分局站点' });
  assertError(dup, 409, 'conflict', 'region_code');
  assert.equal(await stationTotal(zl.base), 19);
});
