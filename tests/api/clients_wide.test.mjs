// A wide range's client list (a city's inside a province, the whole
// register) with a filter few clients pass is read from that filter's
// own index, or, for a village, from the stations of the village's
// county (client_store.c: drivers, narrow_to_village). Whichever way,
// the list must be the unfiltered list with the filter applied: the
// same rows, in the same order, with the same total, and nothing of a
// station outside the range.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session, sgz } from './lib.mjs';
import { divisions, registerClients, allPages, assertPagesOf20 } from './helpers_extra.mjs';

let srv;
let city; // a session of 福州市's officer (region:3501)
let inCity; // station ids of 福州市
let village; // a village of the first station, where some clients live
let worker; // a worker of two stations, some clients' responsible worker

before(async () => {
  // Fujian's profile serves the province: a station of 厦门市 (3502) can
  // be registered beside 福州市's, so the city officer's range is not
  // the whole register.
  srv = await startServer({ region: '3501', profile: 'fujian' });
  const st = (await api(srv.base, 'GET', '/api/v1/stations?limit=200')).body.items;
  const towns = st.filter((s) => s.type === 'township_station');
  assert.ok(towns.length >= 4, 'the city has several township stations');
  const [a, b, c] = towns;
  const street = divisions('streets').find((t) => t.cityCode === '3502');
  const far = await api(srv.base, 'POST', '/api/v1/stations', { type: 'township_station', region_code: street.code, name: `${street.name}社工站` });
  assert.equal(far.status, 201, far.text);
  inCity = st.map((s) => s.id);
  village = divisions('villages').find((v) => v.code.startsWith(a.region_code)).code;
  addUser(srv, 'fzcity', 'bureau', 'region:3501');
  addUser(srv, 'pairw', 'social_worker', `stations:${a.id},${far.body.id}`);
  city = await session(srv.base, 'fzcity');
  worker = (await api(srv.base, 'GET', '/api/v1/users?limit=200')).body.items.find((u) => u.username === 'pairw').id;

  const names = ['陈明', '林芳', '黄华', '郑强', '王丽', '李娜', '张伟', '刘洋', '吴敏', '周杰',
    '徐静', '孙磊', '胡军', '朱琳', '高峰', '林涛', '何平', '郭勇', '马超', '罗丹'];
  await registerClients(srv, [a, b, c, far.body], names, (i, s) => ({
    ...(s === a && i % 8 === 4 ? { village_code: village } : {}),
    ...((s === a || s === far.body) && i % 8 < 4 ? { worker_id: worker } : {}),
  }));
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const list = async (q, auth) => {
  const r = await api(srv.base, 'GET', `/api/v1/clients?${q.replace(/^&/, '')}`, undefined, {}, auth);
  assert.equal(r.status, 200, r.text);
  return r.body;
};

test('a wide range\'s list by village, worker, age or category is its unfiltered list filtered', async () => {
  const dibao = (x) => x.categories.some((k) => k.code === 'dibao' && k.current);
  const cases = [
    [`village=${village}`, (x) => x.village_code === village],
    [`village=${village.slice(0, 9)}`, (x) => (x.village_code || '').startsWith(village.slice(0, 9))],
    [`worker_id=${worker}`, (x) => x.worker_id === worker],
    [`worker_id=${worker}&category=dibao`, (x) => x.worker_id === worker && dibao(x)],
    ['age_min=82&age_max=84', (x) => x.age >= 82 && x.age <= 84],
    ['age_max=82&order=desc', (x) => x.age <= 82, 'order=desc'],
    ['category=dibao&age_min=83', (x) => x.age >= 83 && dibao(x)],
    ['category=dibao&sort=birth_date', dibao, 'sort=birth_date'],
    ['category=dibao&sort=id&order=desc', dibao, 'sort=id&order=desc'],
    ['age_min=100', () => false],
  ];
  for (const who of ['all', 'city']) {
    const auth = who === 'all' ? undefined : city;
    for (const [q, keep, order] of cases) {
      const whole = (await list(`limit=200&${order || ''}`, auth)).items;
      const want = whole.filter(keep).map((x) => x.id);
      const got = await list(`${q}&limit=200`, auth);
      assert.deepEqual(got.items.map((x) => x.id), want, `${who} [${q}]`);
      assert.equal(got.total, want.length, `${who} [${q}] total`);
      assert.ok(want.length > 0 || q === 'age_min=100', `${who} [${q}] finds someone`);
      // Page by page, as the list shows them.
      const pages = [];
      for (let p = 1; p <= Math.ceil(want.length / 2); p++) {
        const r = await list(`${q}&limit=2&page=${p}`, auth);
        assert.equal(r.total, want.length, `${who} [${q}] page ${p} total`);
        pages.push(...r.items.map((x) => x.id));
      }
      assert.deepEqual(pages, want, `${who} [${q}] by pages of 2`);
    }
  }
});

test('the city officer sees none of 厦门市\'s clients, whichever filter reads the list', async () => {
  for (const q of ['', `worker_id=${worker}`, 'age_min=80', 'category=dibao', 'category=dibao&sort=birth_date']) {
    const all = (await list(`${q}&limit=200`)).items;
    const mine = (await list(`${q}&limit=200`, city)).items;
    assert.ok(all.some((x) => !inCity.includes(x.station_id)), `[${q}] the register holds 厦门市's clients`);
    assert.deepEqual(mine.map((x) => x.id), all.filter((x) => inCity.includes(x.station_id)).map((x) => x.id), `[${q}]`);
  }
});

test('a city\'s pages past the 20th, its counts and its export, with 1,200 clients more', async () => {
  // Deep pages and counts of a city's list are read station by station
  // (client_store.c, by_station); its export likewise.
  const d = sgz(['demo', '--region', '3501', '--profile', 'fujian', '--clients', '1200'], srv.env);
  assert.equal(d.status, 0, d.stderr);
  const everything = (q, auth) => allPages(srv.base, '/api/v1/clients', q, auth);
  for (const q of ['', 'age_min=60', 'age_min=18&sort=birth_date', 'sort=id&order=desc']) {
    const want = (await everything(q)).filter((x) => inCity.includes(x.station_id)).map((x) => x.id);
    assert.ok(want.length > 500, `[${q}] ${want.length} in the city`);
    const mine = await everything(q, city);
    assert.deepEqual(mine.map((x) => x.id), want, `[${q}] in pages of 200`);
    await assertPagesOf20(srv.base, '/api/v1/clients', q, want, [1, 2, 25, Math.ceil(want.length / 20)], city);
  }
  const names = (await everything('', city)).map((x) => x.name);
  const e = await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', columns: ['name'] }, {}, city);
  assert.equal(e.status, 200, e.text);
  assert.deepEqual(e.text.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1), names);
});
