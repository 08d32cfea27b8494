// A user's range decides how the service records' list is read
// (service_store.c): a county, a township or listed stations station by
// station, a city or everything by the index of start times. Whichever
// way, a list must be the whole list cut to the user's stations: the
// same records, newest first, the same pages and totals, for every filter.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session } from './lib.mjs';
import { idNumber, cityRanges } from './helpers_extra.mjs';

let srv;
let as; // user -> session
let ranges; // user -> the station ids it sees

before(async () => {
  // 株洲市: 攸县 (430223) and the city's other counties and districts.
  srv = await startServer({ region: '4302' });
  let youxian, other;
  ({ as, ranges, youxian, other } = await cityRanges(srv));
  const [a, b, c] = youxian;
  const [d, e] = other;
  // Records are a worker's to write: one who works at all five.
  addUser(srv, 'writer', 'social_worker', `stations:${[a, b, c, d, e].map((s) => s.id).join(',')}`);
  as.writer = await session(srv.base, 'writer');

  // A client at each of five stations, then 25 records over them: two
  // types (consultations and resources linked), three months, some
  // starting at the same minute (the id then orders them).
  const stations = [a, b, c, d, e];
  const clients = [];
  for (let i = 0; i < stations.length; i++) {
    const s = stations[i];
    const r = await api(srv.base, 'POST', '/api/v1/clients', {
      station_id: s.id, name: `服务对象${i}`, id_number: idNumber(`${s.region_code.slice(0, 6)}195001${11 + i}10${i}`),
    });
    assert.equal(r.status, 201, r.text);
    clients.push(r.body.id);
  }
  for (let i = 0; i < 25; i++) {
    const k = i % stations.length;
    const month = 4 + (i % 3);
    const day = 10 + (i % 4);
    const r = await api(srv.base, 'POST', '/api/v1/services', {
      station_id: stations[k].id, type: i % 2 ? 'consultation' : 'resource_link',
      ...(i % 2 ? {} : { resource_kind: 'goods', resource_value: 100 * (i + 1), resource_source: '县慈善总会' }),
      started_at: `2026-0${month}-${day}T09:00`, ended_at: `2026-0${month}-${day}T09:30`,
      area: 'social_assistance', content: `第${i}次服务`, clients: [clients[k]],
    }, {}, as.writer);
    assert.equal(r.status, 201, r.text);
  }
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const QUERIES = ['', 'type=resource_link', 'type=consultation', 'from=2026-05-01', 'to=2026-05-31',
  'from=2026-04-11&to=2026-05-12', 'type=resource_link&from=2026-06-01'];

const list = async (q, auth) => {
  const r = await api(srv.base, 'GET', `/api/v1/services?${q.replace(/^&/, '')}`, undefined, {}, auth);
  assert.equal(r.status, 200, r.text);
  return r.body;
};

test('every range lists exactly its stations\' records, newest first, page by page', async () => {
  for (const q of QUERIES) {
    const whole = (await list(`${q}&limit=200`)).items;
    assert.ok(whole.length > 0, `[${q}] finds records`);
    for (const user of Object.keys(ranges)) {
      const want = whole.filter((x) => ranges[user].includes(x.station_id)).map((x) => x.id);
      const got = await list(`${q}&limit=200`, as[user]);
      assert.deepEqual(got.items.map((x) => x.id), want, `${user} [${q}]`);
      assert.equal(got.total, want.length, `${user} [${q}] total`);
      const pages = [];
      for (let p = 1; p <= Math.ceil(want.length / 4) + 1; p++) {
        const r = await list(`${q}&limit=4&page=${p}`, as[user]);
        assert.equal(r.total, want.length, `${user} [${q}] page ${p} total`);
        pages.push(...r.items.map((x) => x.id));
      }
      assert.deepEqual(pages, want, `${user} [${q}] by pages of 4`);
    }
  }
  // Newest first, and the ranges are not empty and narrower than the city's.
  const all = (await list('limit=200', as.city)).items;
  for (let i = 1; i < all.length; i++) {
    assert.ok(all[i - 1].started_at > all[i].started_at ||
      (all[i - 1].started_at === all[i].started_at && all[i - 1].id > all[i].id), 'newest first, then by id');
  }
  assert.ok((await list('limit=200', as.town)).total > 0);
  assert.ok((await list('limit=200', as.county)).total < all.length);
});
