// A city officer's service records inside a province (service_store.c):
// the first page walks the index of start times, the count and the pages
// past the 20th read the city's stations one by one, and a period is a
// range the index begins and ends at. Whichever way, the list must be
// the whole list cut to the city's stations, newest first, with the
// same totals, and a station of another city never shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session, sgz } from './lib.mjs';
import { idNumber, divisions, allPages, assertPagesOf20 } from './helpers_extra.mjs';

let srv;
let city; // a session of 福州市's officer (region:3501)
let inCity; // station ids of 福州市

before(async () => {
  // Fujian's profile serves the province: a station of 厦门市 beside
  // 福州市's makes the city officer's range narrower than the register.
  srv = await startServer({ region: '3501', profile: 'fujian' });
  inCity = (await api(srv.base, 'GET', '/api/v1/stations?limit=200')).body.items.map((s) => s.id);
  const street = divisions('streets').find((t) => t.cityCode === '3502');
  const far = await api(srv.base, 'POST', '/api/v1/stations', { type: 'township_station', region_code: street.code, name: `${street.name}社工站` });
  assert.equal(far.status, 201, far.text);
  addUser(srv, 'fzcity', 'bureau', 'region:3501');
  addUser(srv, 'xmwriter', 'social_worker', `stations:${far.body.id}`);
  city = await session(srv.base, 'fzcity');
  const writer = await session(srv.base, 'xmwriter');
  const c = await api(srv.base, 'POST', '/api/v1/clients', {
    station_id: far.body.id, name: '厦门对象', id_number: idNumber(`${street.code.slice(0, 6)}19500111101`),
  });
  assert.equal(c.status, 201, c.text);
  // Records of 厦门市 interleaved in time with the city's.
  for (let i = 0; i < 12; i++) {
    const day = `2026-0${1 + (i % 5)}-${10 + i}`;
    const r = await api(srv.base, 'POST', '/api/v1/services', {
      station_id: far.body.id, type: 'consultation', started_at: `${day}T09:00`, ended_at: `${day}T09:30`,
      area: 'social_assistance', content: `厦门第${i}次服务`, clients: [c.body.id],
    }, {}, writer);
    assert.equal(r.status, 201, r.text);
  }
  const d = sgz(['demo', '--region', '3501', '--profile', 'fujian', '--clients', '300', '--services', '900'], srv.env);
  assert.equal(d.status, 0, d.stderr);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const everything = (q, auth) => allPages(srv.base, '/api/v1/services', q, auth);

test('a city officer\'s records are the whole list cut to the city, page by page and deep', async () => {
  for (const q of ['', 'type=home_visit', 'from=2026-02-01&to=2026-04-30', 'to=2026-03-31', 'type=consultation&from=2026-01-15']) {
    const whole = await everything(q);
    const want = whole.filter((v) => inCity.includes(v.station_id)).map((v) => v.id);
    if (!q.includes('home_visit')) assert.ok(whole.length > want.length, `[${q}] 厦门市's records are in the whole list`);
    assert.ok(want.length > 0, `[${q}] the city has records`);
    const mine = await everything(q, city);
    assert.deepEqual(mine.map((v) => v.id), want, `[${q}] in pages of 200`);
    await assertPagesOf20(srv.base, '/api/v1/services', q, want, [1, 2, 22, Math.ceil(want.length / 20)], city);
    // The ledger's export reads the same way (service_store_each): the
    // same records, in the same order.
    const body = { format: 'csv', columns: ['id'], ...Object.fromEntries(new URLSearchParams(q)) };
    const e = await api(srv.base, 'POST', '/api/v1/service_exports', body, {}, city);
    assert.equal(e.status, 200, e.text);
    assert.deepEqual(e.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n').slice(1).map(Number), want, `[${q}] the export`);
  }
  // Each record's clients and workers, read for a run of records at a
  // time, are that record's, as the list gives them.
  const all = await everything('', city);
  const names = (xs) => xs.map((x) => x.name).join('、');
  assert.ok(all.length > 600 && all.every((v) => v.workers.length), `${all.length} records, each with its workers`);
  const e = await api(srv.base, 'POST', '/api/v1/service_exports', { format: 'csv', columns: ['id', 'clients', 'workers'] }, {}, city);
  assert.equal(e.status, 200, e.text);
  assert.deepEqual(e.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n').slice(1), all.map((v) => `${v.id},${names(v.clients)},${names(v.workers)}`));
});

test('a period is the records started in it, for the city and the whole list', async () => {
  const all = await everything('');
  const from = Date.parse('2026-02-01T00:00:00+08:00') / 1000;
  const to = Date.parse('2026-05-01T00:00:00+08:00') / 1000;
  const started = (v) => Date.parse(v.started_at.length === 16 ? `${v.started_at}:00+08:00` : v.started_at) / 1000;
  const inPeriod = all.filter((v) => started(v) >= from && started(v) < to).map((v) => v.id);
  assert.ok(inPeriod.length > 0 && inPeriod.length < all.length);
  assert.deepEqual((await everything('from=2026-02-01&to=2026-04-30')).map((v) => v.id), inPeriod);
  assert.deepEqual((await everything('from=2026-02-01&to=2026-04-30', city)).map((v) => v.id),
    all.filter((v) => inPeriod.includes(v.id) && inCity.includes(v.station_id)).map((v) => v.id));
});
