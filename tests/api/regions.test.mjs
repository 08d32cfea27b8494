// Administrative divisions: the tree from provinces down to the demo
// county's villages, cursor paging, one division with its ancestors,
// and bad or absent codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from './lib.mjs';
import { stopChecked, assertError, divisions } from './helpers_extra.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await stopChecked(srv); });

async function children(parent, extra = '') {
  const q = parent === undefined ? '' : `parent=${parent}`;
  const r = await api(srv.base, 'GET', `/api/v1/regions?${q}${extra}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

function codes(items) { return items.map((g) => g.code); }

test('GET /regions lists the 31 provinces in code order', async () => {
  const r = await children();
  const expected = divisions('provinces');
  assert.equal(expected.length, 31);
  assert.equal(r.items.length, 31);
  assert.equal(r.next, null, 'one page holds them all');
  assert.deepEqual(codes(r.items), expected.map((p) => p.code).sort());
  const hunan = r.items.find((g) => g.code === '43');
  assert.deepEqual(hunan, { code: '43', name: '湖南省', level: 'province', parent: null });
  const empty = await children('');
  assert.deepEqual(codes(empty.items), codes(r.items), 'an empty parent means the provinces');
});

test('?parent=43 lists the cities of Hunan', async () => {
  const r = await children('43');
  const expected = divisions('cities').filter((c) => c.provinceCode === '43');
  assert.equal(expected.length, 14);
  assert.deepEqual(codes(r.items), expected.map((c) => c.code).sort());
  assert.equal(r.next, null);
  const zz = r.items.find((g) => g.code === '4302');
  assert.deepEqual(zz, { code: '4302', name: '株洲市', level: 'city', parent: '43' });
  const counties = await children('4302');
  assert.ok(counties.items.some((g) => g.code === '430223' && g.name === '攸县' && g.level === 'county'));
});

test('?parent=430223 lists all 19 township-level units, parks included', async () => {
  const r = await children('430223');
  const expected = divisions('streets').filter((s) => s.areaCode === '430223');
  assert.equal(expected.length, 19);
  assert.deepEqual(codes(r.items), expected.map((s) => s.code).sort());
  for (const g of r.items) {
    assert.equal(g.level, 'township');
    assert.equal(g.parent, '430223');
    assert.equal(g.name, expected.find((s) => s.code === g.code).name);
  }
  // Regions are reference data: the industrial parks are kept even
  // though they get no station.
  assert.equal(r.items.find((g) => g.code === '430223400').name, '攸县工业园');
  assert.equal(r.items.find((g) => g.code === '430223401').name, '攸县网岭循环经济园');
  assert.equal(r.next, null);
});

test('?parent=430223102 lists the villages of 酒埠江镇', async () => {
  const r = await children('430223102');
  const expected = divisions('villages').filter((v) => v.streetCode === '430223102');
  assert.ok(expected.length > 0);
  assert.deepEqual(codes(r.items), expected.map((v) => v.code).sort());
  for (const g of r.items) {
    assert.equal(g.level, 'village');
    assert.equal(g.parent, '430223102');
    assert.equal(g.code.length, 12);
  }
});

test('paging: limit + next/after walks the whole list without gaps or repeats', async () => {
  const whole = codes((await children('430223')).items);
  for (const limit of [1, 5, 18, 19]) {
    const walked = [];
    let after = '';
    for (let i = 0; i < 50; i++) {
      const r = await children('430223', `&limit=${limit}${after ? '&after=' + after : ''}`);
      assert.ok(r.items.length <= limit);
      walked.push(...codes(r.items));
      if (r.next === null) break;
      assert.equal(r.items.length, limit, 'only the last page is short');
      assert.equal(r.next, r.items[r.items.length - 1].code);
      after = r.next;
    }
    assert.deepEqual(walked, whole, `limit=${limit}`);
  }
  // A full last page says there is nothing more (no empty extra page).
  assert.equal((await children('430223', '&limit=19')).next, null);
  assert.equal((await children('430223', '&limit=18')).next, whole[17]);
  // Provinces page too.
  const p1 = await children(undefined, 'limit=10');
  assert.equal(p1.items.length, 10);
  const p2 = await children(undefined, `limit=10&after=${p1.next}`);
  assert.equal(p2.items[0].code > p1.items[9].code, true);
  // After the last code: empty, no next.
  const end = await children('430223', `&after=${whole[whole.length - 1]}`);
  assert.deepEqual(end.items, []);
  assert.equal(end.next, null);
});

test('GET /regions/430223102 gives the division with its ancestors, province first', async () => {
  const r = await api(srv.base, 'GET', '/api/v1/regions/430223102');
  assert.equal(r.status, 200);
  assert.equal(r.body.code, '430223102');
  assert.equal(r.body.name, '酒埠江镇');
  assert.equal(r.body.level, 'township');
  assert.equal(r.body.parent, '430223');
  assert.deepEqual(r.body.path, [
    { code: '43', name: '湖南省', level: 'province', parent: null },
    { code: '4302', name: '株洲市', level: 'city', parent: '43' },
    { code: '430223', name: '攸县', level: 'county', parent: '4302' },
  ]);
  const prov = await api(srv.base, 'GET', '/api/v1/regions/43');
  assert.equal(prov.status, 200);
  assert.deepEqual(prov.body.path, []);
  const v = (await children('430223102')).items[0];
  const village = await api(srv.base, 'GET', `/api/v1/regions/${v.code}`);
  assert.equal(village.status, 200);
  assert.equal(village.body.level, 'village');
  assert.deepEqual(codes(village.body.path), ['43', '4302', '430223', '430223102']);
});

test('bad and absent codes', async () => {
  assertError(await api(srv.base, 'GET', '/api/v1/regions?parent=4302231'), 400, 'validation_failed', 'parent');
  assertError(await api(srv.base, 'GET', '/api/v1/regions?parent=abc'), 400, 'validation_failed', 'parent');
  assertError(await api(srv.base, 'GET', '/api/v1/regions?parent=43%25'), 400, 'validation_failed', 'parent');
  assertError(await api(srv.base, 'GET', '/api/v1/regions?parent=990000'), 404, undefined, 'parent');
  assertError(await api(srv.base, 'GET', '/api/v1/regions?parent=430223999'), 404, undefined, 'parent');
  assertError(await api(srv.base, 'GET', '/api/v1/regions/99'), 404, 'not_found');
  assertError(await api(srv.base, 'GET', '/api/v1/regions/430223999'), 404, 'not_found');
  assertError(await api(srv.base, 'GET', '/api/v1/regions/abc'), 404, 'not_found');
  assertError(await api(srv.base, 'GET', '/api/v1/regions?parent=430223&after=xyz'), 400, 'validation_failed', 'after');
  assertError(await api(srv.base, 'GET', '/api/v1/regions?parent=430223&limit=0'), 400, 'validation_failed', 'limit');
  assertError(await api(srv.base, 'GET', '/api/v1/regions?parent=430223&limit=201'), 400, 'validation_failed', 'limit');
  assertError(await api(srv.base, 'GET', '/api/v1/regions?level=county'), 400, 'validation_failed', 'level');
  assert.equal((await children('430223', '&limit=200')).items.length, 19);
});
