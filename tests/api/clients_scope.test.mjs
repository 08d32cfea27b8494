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
