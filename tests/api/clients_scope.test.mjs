// A user's range decides how the client list is read (client_store.c):
// a county, a township or a list of stations station by station, a city
// or the whole register by the register's own indexes. Whichever way,
// a list must be the whole register's list cut to the user's stations:
// the same rows, order, pages and totals, for every search and sort.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from './lib.mjs';
import { cityRanges, divisions, registerClients } from './helpers_extra.mjs';

let srv;
let as; // user -> session
let ranges; // user -> the station ids it sees
let village; // a village of the first station, some clients live in
let worker; // the user id of "pair", some clients' responsible worker

before(async () => {
  // 株洲市: 攸县 (430223) and the city's other counties and districts.
  srv = await startServer({ region: '4302' });
  let youxian, other;
  ({ as, ranges, youxian, other } = await cityRanges(srv));
  const [a, b, c] = youxian;
  const [d, e] = other;
  village = divisions('villages').find((v) => v.code.startsWith(a.region_code)).code;
  worker = (await api(srv.base, 'GET', '/api/v1/users?limit=200')).body.items.find((u) => u.username === 'pair').id;

  // Names that share pinyin, initials and surnames, over five stations,
  // some born on the same day, some 低保.
  const names = ['张三', '张三丰', '赵四', '周树', '曾思远', '王芳', '王五', '李四', '刘星', '陆小',
    '吕雪', '张华', '邹华', '阿依·古丽', '郑顺', '朱森', '左思', '王芳', '张三', '林晓'];
  await registerClients(srv, [a, b, c, d, e], names, (i, s) => ({
    ...(s === a && i % 4 === 0 ? { village_code: village } : {}),
    ...((s === a || s === d) && i % 2 === 0 ? { worker_id: worker } : {}),
  }));
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

// A wide range's list by a village, a worker, an age range or a
// category is read from that filter's own index (client_store.c,
// drivers) or a village's county; the others as before.
const queries = () => ['', 'q=zs', 'q=zh', 'q=z', 'q=wang', `q=${encodeURIComponent('王')}`,
  `q=${encodeURIComponent('张三')}`, 'category=dibao', 'q=zh&category=dibao', 'sort=id&order=desc',
  'sort=id', 'sort=birth_date', 'sort=birth_date&order=desc&category=dibao', 'order=desc',
  'q=zs&order=desc', 'age_min=80', 'status=active', 'age_min=82&age_max=84',
  'age_max=83&sort=birth_date&order=desc', 'category=dibao&age_min=83&sort=id', `village=${village}`,
  `village=${village.slice(0, 9)}&sort=birth_date`, `worker_id=${worker}`, `worker_id=${worker}&sort=id&order=desc`];

const list = async (q, auth) => {
  const r = await api(srv.base, 'GET', `/api/v1/clients?${q.replace(/^&/, '')}`, undefined, {}, auth);
  assert.equal(r.status, 200, r.text);
  return r.body;
};

test('every range lists exactly its stations\' part of the register, in the same order, page by page', async () => {
  for (const q of queries()) {
    const whole = (await list(`${q}&limit=200`)).items;
    for (const user of Object.keys(ranges)) {
      const want = whole.filter((x) => ranges[user].includes(x.station_id)).map((x) => x.id);
      const got = await list(`${q}&limit=200`, as[user]);
      assert.deepEqual(got.items.map((x) => x.id), want, `${user} [${q}]`);
      assert.equal(got.total, want.length, `${user} [${q}] total`);
      const pages = [];
      for (let p = 1; p <= Math.ceil(want.length / 3) + 1; p++) {
        const r = await list(`${q}&limit=3&page=${p}`, as[user]);
        assert.equal(r.total, want.length, `${user} [${q}] page ${p} total`);
        pages.push(...r.items.map((x) => x.id));
      }
      assert.deepEqual(pages, want, `${user} [${q}] by pages of 3`);
    }
  }
  // The ranges are not empty, and narrower than the city's.
  assert.ok((await list('limit=200', as.town)).total > 0);
  assert.ok((await list('limit=200', as.county)).total < (await list('limit=200', as.city)).total);
});

test('a narrow range\'s station filter and a station outside it', async () => {
  const [a] = ranges.pair;
  const mine = await list(`station_id=${a}&limit=200`, as.pair);
  assert.ok(mine.total > 0);
  assert.ok(mine.items.every((x) => x.station_id === a));
  const outside = ranges.city.find((id) => !ranges.county.includes(id) && !ranges.pair.includes(id));
  const none = await list(`station_id=${outside}&limit=200`, as.county);
  assert.equal(none.total, 0);
  assert.deepEqual(none.items, []);
});

test('for_station lists the clients a record of that station may serve, in the caller\'s range', async () => {
  const stations = (await api(srv.base, 'GET', '/api/v1/stations?limit=200')).body.items;
  const region = new Map(stations.map((s) => [s.id, s.region_code]));
  // A township station serves its township's clients; a county centre its
  // county's (service_record.c, check_clients).
  const reach = (s) => s.region_code.slice(0, s.type === 'county_center' ? 6 : 9);
  const picked = [...new Set([...ranges.pair, ...ranges.county.slice(0, 2),
    ...stations.filter((s) => s.type === 'county_center').map((s) => s.id).slice(0, 1)])];
  let seen = 0;
  for (const id of picked) {
    const s = stations.find((x) => x.id === id);
    for (const q of ['', 'q=zs', `q=${encodeURIComponent('王')}`, 'sort=id&order=desc', 'category=dibao']) {
      const whole = (await list(`${q}&limit=200`)).items;
      for (const user of Object.keys(ranges)) {
        if (!ranges[user].includes(id)) {
          const r = await api(srv.base, 'GET', `/api/v1/clients?for_station=${id}`, undefined, {}, as[user]);
          assert.equal(r.status, 400, `${user}: a station outside the range`);
          assert.equal(r.body.error.field, 'for_station');
          continue;
        }
        const want = whole.filter((x) => ranges[user].includes(x.station_id) &&
          region.get(x.station_id).startsWith(reach(s))).map((x) => x.id);
        const got = await list(`${q}&for_station=${id}&limit=200`, as[user]);
        assert.deepEqual(got.items.map((x) => x.id), want, `${user} [${q}] for station ${id}`);
        assert.equal(got.total, want.length, `${user} [${q}] for station ${id}: total`);
        seen += want.length;
      }
    }
  }
  assert.ok(seen > 0, 'some station serves someone');
  // "pair" works at a station of 攸县 and one of another county: a record
  // of the first serves none of the second's clients.
  const [a, d] = ranges.pair;
  const got = await list(`for_station=${a}&limit=200`, as.pair);
  assert.ok(got.total > 0);
  assert.ok(got.items.every((x) => x.station_id !== d));
});
