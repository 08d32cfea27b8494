// Bad input, one case per test: each gets the right status, the JSON
// error model {"error":{"code","message","field"?}} with a Chinese
// message, and writes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session } from './lib.mjs';
import { stopChecked, assertError, stationTotal, rawRequest, asApi, authFor } from './helpers_extra.mjs';

let srv;
let station; // a demo station that PATCH cases aim at
let village; // a village with no station yet
let total; // stations in the database, which no case may change
let auth; // for requests made without api()

before(async () => {
  srv = await startServer();
  auth = await authFor(srv.base);
  const l = await api(srv.base, 'GET', '/api/v1/stations?region=430223102&type=township_station');
  station = (await api(srv.base, 'GET', `/api/v1/stations/${l.body.items[0].id}`)).body;
  village = (await api(srv.base, 'GET', '/api/v1/regions?parent=430223102')).body.items[0].code;
  total = await stationTotal(srv.base);
});
after(async () => { await stopChecked(srv); });

/** Nothing was written: the same number of stations, the target unchanged. */
async function assertNothingWritten() {
  assert.equal(await stationTotal(srv.base), total, 'no station was created');
  const now = await api(srv.base, 'GET', `/api/v1/stations/${station.id}`);
  assert.deepEqual(now.body, station, 'the station is unchanged');
}

const J = { 'content-type': 'application/json' };
const post = (body, headers = J) => api(srv.base, 'POST', '/api/v1/stations', body, headers);
const patch = (body, headers = J) => api(srv.base, 'PATCH', `/api/v1/stations/${station.id}`, body, headers);
const valid = () => ({ type: 'community_room', region_code: village });

test('malformed JSON is 400 invalid_json', async () => {
  assertError(await post('{"type":"community_room","region_code":'), 400, 'invalid_json');
  assertError(await patch('{"version":1,"address":"x"'), 400, 'invalid_json');
  assertError(await post("{'type':'community_room'}"), 400, 'invalid_json');
  await assertNothingWritten();
});

test('a JSON array body is 400: the body must be an object', async () => {
  const e = assertError(await post(JSON.stringify([valid()])), 400, 'invalid_json');
  assert.equal(e.message, '请求内容必须是JSON对象');
  assertError(await post('"community_room"'), 400, 'invalid_json');
  assertError(await post('null'), 400, 'invalid_json');
  await assertNothingWritten();
});

test('wrong type: type is a number', async () => {
  const e = assertError(await post({ ...valid(), type: 5 }), 400, 'validation_failed', 'type');
  assert.match(e.message, /站点类型/);
  await assertNothingWritten();
});

test('wrong type: phone is a boolean', async () => {
  assertError(await post({ ...valid(), phone: true }), 400, 'validation_failed', 'phone');
  assertError(await patch({ version: station.version, phone: true }), 400, 'validation_failed', 'phone');
  await assertNothingWritten();
});

test('wrong type: facilities is a string, or holds wrong shapes', async () => {
  assertError(await post({ ...valid(), facilities: 'x' }), 400, 'validation_failed', 'facilities');
  assertError(await post({ ...valid(), facilities: ['office'] }), 400, 'validation_failed', 'facilities[0]');
  assertError(await post({ ...valid(), facilities: [{ code: 'office', met: 'yes' }] }), 400, 'validation_failed', 'facilities[0].met');
  assertError(await patch({ version: station.version, facilities: 'x' }), 400, 'validation_failed', 'facilities');
  await assertNothingWritten();
});

test('an unknown field is refused and named', async () => {
  const e = assertError(await post({ ...valid(), colour: 'red' }), 400, 'unknown_field', 'colour');
  assert.match(e.message, /colour/);
  assertError(await patch({ version: station.version, region_code: '430223103' }), 400, 'unknown_field', 'region_code');
  assertError(await post({ ...valid(), facilities: [{ code: 'office', met: true, extra: 1 }] }), 400, 'unknown_field', 'facilities[0].extra');
  await assertNothingWritten();
});

test('a body over the limit (1 MiB by default) is 413', async () => {
  const big = JSON.stringify({ ...valid(), address: 'x'.repeat(1024 * 1024) });
  // Refused on its Content-Length, before a byte of it is read. Without
  // Expect: 100-continue the client may still be sending when the server
  // answers and closes, and lose the answer to EPIPE.
  const r = await rawRequest(srv.base, { method: 'POST', path: '/api/v1/stations', headers: J, body: big, auth, expectContinue: true });
  assertError(asApi(r), 413, 'payload_too_large');
  await assertNothingWritten();
});

test('invalid UTF-8 bytes in a string are refused, the field named', async () => {
  // Text pasted from a file saved as GBK: the form is told which field.
  for (const bytes of [[0xff, 0xfe], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe6, 0xb5]]) {
    const body = Buffer.concat([
      Buffer.from(`{"type":"community_room","region_code":"${village}","name":"站`),
      Buffer.from(bytes),
      Buffer.from('点"}'),
    ]);
    const r = await rawRequest(srv.base, { method: 'POST', path: '/api/v1/stations', headers: J, body, auth });
    const e = assertError(asApi(r), 400, 'validation_failed', 'name');
    assert.equal(e.message, '站点名称含有无效字符(须为UTF-8文本)');
  }
  // Inside an array's object, the path says which one.
  const nested = Buffer.concat([
    Buffer.from(`{"type":"community_room","region_code":"${village}","name":"站点","facilities":[{"code":"office","met":true},{"code":"`),
    Buffer.from([0xb0, 0xec]),
    Buffer.from('"}]}'),
  ]);
  const r = await rawRequest(srv.base, { method: 'POST', path: '/api/v1/stations', headers: J, body: nested, auth });
  assertError(asApi(r), 400, 'validation_failed', 'facilities[1].code');
  // In a member's name no field can be named.
  const inKey = Buffer.concat([Buffer.from('{"na'), Buffer.from([0xff]), Buffer.from('me":"站点"}')]);
  const k = assertError(asApi(await rawRequest(srv.base, { method: 'POST', path: '/api/v1/stations', headers: J, body: inKey, auth })), 400, 'validation_failed');
  assert.equal(k.field, undefined);
  assert.equal(k.message, '请求内容含有无效字符(须为UTF-8文本)');
  await assertNothingWritten();
});

test('NUL (\\u0000) and control characters in a string are refused, the field named', async () => {
  // Text pasted from a PDF can hold a NUL: the form is told which field.
  const nul = assertError(await post(`{"type":"community_room","region_code":"${village}","name":"站\\u0000点"}`), 400, 'validation_failed', 'name');
  assert.match(JSON.stringify(nul), /名称含有不可见的控制字符/);
  assertError(await post({ ...valid(), name: '站\u0007点名' }), 400, 'validation_failed', 'name');
  assertError(await post({ ...valid(), name: '站点\n名称' }), 400, 'validation_failed', 'name');
  assertError(await patch(`{"version":${station.version},"address":"a\\u0000b"}`), 400, 'validation_failed', 'address');
  // Not in a member's name: that is not JSON sgz reads.
  assertError(await post(`{"na\\u0000me":"站点"}`), 400, 'invalid_json');
  await assertNothingWritten();
});

test('10-level nesting where a string belongs is a type error', async () => {
  const deep = '['.repeat(10) + '"x"' + ']'.repeat(10);
  assertError(await post(`{"type":"community_room","region_code":"${village}","name":${deep}}`), 400, 'validation_failed', 'name');
  await assertNothingWritten();
});

test('100-level nesting is refused before parsing', async () => {
  const deep = '{"a":'.repeat(100) + '1' + '}'.repeat(100);
  assertError(await post(`{"type":"community_room","region_code":"${village}","name":${deep}}`), 400, 'invalid_json');
  assertError(await post('['.repeat(100) + ']'.repeat(100)), 400, 'invalid_json');
  await assertNothingWritten();
});

test('an empty body is 400 where fields are required; an empty change still needs a version', async () => {
  assertError(await post(''), 400, 'invalid_json');
  const p = await patch('');
  assert.ok([400, 428].includes(p.status), JSON.stringify(p.body));
  assertError(p, p.status, undefined);
  const none = await rawRequest(srv.base, { method: 'POST', path: '/api/v1/stations', headers: {}, auth });
  assertError(asApi(none), 400, undefined);
  await assertNothingWritten();
});

test('a content type other than JSON is 415', async () => {
  const body = JSON.stringify(valid());
  assertError(await post(body, { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
  assertError(await post(body, { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
  assertError(await patch(JSON.stringify({ version: station.version, address: 'x' }), { 'content-type': 'text/json' }), 415, 'unsupported_media_type');
  const ok = await post(JSON.stringify({ ...valid(), name: 'x' }), { 'content-type': 'application/json; charset=utf-8' });
  assertError(ok, 400, 'validation_failed', 'name'); // charset is fine: it reached validation (name too short)
  await assertNothingWritten();
});

test('a name of 10,000 characters is too long', async () => {
  const e = assertError(await post({ ...valid(), name: '站'.repeat(10000) }), 400, 'validation_failed', 'name');
  assert.match(e.message, /太长，最多60个字$/); // the limit, stated
  assertError(await post({ ...valid(), name: '站'.repeat(61) }), 400, 'validation_failed', 'name');
  const a = assertError(await patch({ version: station.version, address: 'a'.repeat(201) }), 400, 'validation_failed', 'address');
  assert.match(a.message, /太长，最多200个字$/);
  await assertNothingWritten();
});

test('an invalid phone number is refused', async () => {
  for (const phone of ['12345', '1381234567', '23812345678', '0731-1234567', 'abcdefghijk', '0731-24212345-']) {
    const e = assertError(await post({ ...valid(), phone }), 400, 'validation_failed', 'phone');
    assert.match(e.message, /电话/);
  }
  assertError(await patch({ version: station.version, phone: '12345' }), 400, 'validation_failed', 'phone');
  await assertNothingWritten();
});

test('an impossible date (2026-02-30) is refused', async () => {
  for (const d of ['2026-02-30', '2026-13-01', '2026-2-3', '20260203', '2025-02-29']) {
    assertError(await post({ ...valid(), opened_on: d }), 400, 'validation_failed', 'opened_on');
  }
  assertError(await patch({ version: station.version, opened_on: '2026-02-30' }), 400, 'validation_failed', 'opened_on');
  await assertNothingWritten();
});

test('a negative, zero, fractional, string or huge version is refused', async () => {
  for (const version of [-1, 0, 1.5, '1', true]) {
    assertError(await patch({ version, address: 'x' }), 400, 'validation_failed', 'version');
  }
  // Larger than any version: refused, as a conflict or as invalid.
  const huge = await patch('{"version":9223372036854775807,"address":"x"}');
  assert.ok([400, 409].includes(huge.status), JSON.stringify(huge.body));
  assertError(huge, huge.status, undefined);
  const overflow = await patch('{"version":99999999999999999999999,"address":"x"}');
  assert.match(assertError(overflow, 400, 'validation_failed', 'version').message, /超出允许范围/);
  assertError(await patch('{"address":"x", "version": -1e999 }'), 400, 'validation_failed', 'version');
  assertError(await patch({ address: 'x' }, { ...J, 'if-match': '-1' }), 400, 'validation_failed', 'If-Match');
  assertError(await patch({ address: 'x' }, { ...J, 'if-match': '99999999999999999999' }), 400, 'validation_failed', 'If-Match');
  await assertNothingWritten();
});

test('a region that does not exist is refused', async () => {
  const e = assertError(await post({ type: 'township_station', region_code: '430223999' }), 400, 'validation_failed', 'region_code');
  assert.match(e.message, /行政区划不存在/);
  assertError(await post({ type: 'community_room', region_code: '430223102999' }), 400, 'validation_failed', 'region_code');
  assertError(await post({ type: 'township_station', region_code: '43022310x' }), 400, 'validation_failed', 'region_code');
  await assertNothingWritten();
});

test('a station type that does not fit its region is refused', async () => {
  const e = assertError(await post({ type: 'township_station', region_code: '430223' }), 400, 'validation_failed', 'region_code');
  assert.match(e.message, /区划级别/);
  assertError(await post({ type: 'community_room', region_code: '430223102' }), 400, 'validation_failed', 'region_code');
  await assertNothingWritten();
});

test('a duplicate station is 409', async () => {
  const r = await post({ type: 'township_station', region_code: '430223102', name: '重复的酒埠江镇社工站' });
  assertError(r, 409, 'conflict', 'region_code');
  await assertNothingWritten();
});

test('duplicate keys in one object are refused', async () => {
  assertError(await post(`{"type":"community_room","region_code":"${village}","name":"甲站点","name":"乙站点"}`), 400, 'invalid_json');
  await assertNothingWritten();
});

test('query strings: unknown parameters are named; limit and page are bounded', async () => {
  const e = assertError(await api(srv.base, 'GET', '/api/v1/stations?colour=red'), 400, 'validation_failed', 'colour');
  assert.match(e.message, /colour/);
  assertError(await api(srv.base, 'GET', '/api/v1/stations?limit=0'), 400, 'validation_failed', 'limit');
  assertError(await api(srv.base, 'GET', '/api/v1/stations?limit=201'), 400, 'validation_failed', 'limit');
  assertError(await api(srv.base, 'GET', '/api/v1/stations?limit=abc'), 400, 'validation_failed', 'limit');
  assertError(await api(srv.base, 'GET', '/api/v1/stations?page=-1'), 400, 'validation_failed', 'page');
  assertError(await api(srv.base, 'GET', '/api/v1/stations?page=0'), 400, 'validation_failed', 'page');
  assertError(await api(srv.base, 'GET', '/api/v1/stations?page=1.5'), 400, 'validation_failed', 'page');
  assertError(await api(srv.base, 'GET', '/api/v1/health?verbose=1'), 400, 'validation_failed', 'verbose');
  assert.equal((await api(srv.base, 'GET', '/api/v1/stations?limit=200')).status, 200);
  assert.equal((await api(srv.base, 'GET', '/api/v1/stations?limit=1&page=1')).status, 200);
  // A stray '&' names no parameter: the others still count.
  for (const q of ['?&limit=1', '?limit=1&&page=1', '?limit=1&', '?&']) {
    const r = await api(srv.base, 'GET', `/api/v1/stations${q}`);
    assert.equal(r.status, 200, `${q}: ${r.text}`);
    if (q !== '?&') assert.equal(r.body.items.length, 1, q);
  }
  assertError(await api(srv.base, 'GET', '/api/v1/stations?&colour=red'), 400, 'validation_failed', 'colour');
});

test('a bad query parameter is named in Chinese by its name, not its code; in English by its code', async () => {
  addUser(srv, 'auditor1', 'auditor', 'all');
  const aud = await session(srv.base, 'auditor1');
  const get = (path, headers, auth) => api(srv.base, 'GET', path, undefined, headers, auth);
  let e = assertError(await get('/api/v1/audit?from=2026-12-04&to=2026-12-01', {}, aud), 400, 'validation_failed', 'to');
  assert.equal(e.message, '结束日期不能早于开始日期');
  e = assertError(await get('/api/v1/audit?from=2026-13-01', {}, aud), 400, 'validation_failed', 'from');
  assert.equal(e.message, '查询参数开始日期的取值无效');
  for (const [path, field, zh] of [['/api/v1/services?from=2026-03', 'from', '开始日期'], ['/api/v1/services?to=x', 'to', '结束日期'],
    ['/api/v1/services?station_id=abc', 'station_id', '站点'], ['/api/v1/evaluations?year=abc', 'year', '年度'],
    ['/api/v1/dashboard?region=430223&year=x', 'year', '年度']]) {
    e = assertError(await get(path), 400, 'validation_failed', field);
    assert.equal(e.message, `查询参数${zh}的取值无效`, path);
    e = assertError(await get(path, { 'accept-language': 'en' }), 400, 'validation_failed', field, 'en');
    assert.equal(e.message, `Query parameter ${field} has an invalid value`, path);
  }
  e = assertError(await get('/api/v1/stations?page=0'), 400, 'validation_failed', 'page');
  assert.equal(e.message, '分页参数页码无效');
  e = assertError(await get('/api/v1/stations?limit=0'), 400, 'validation_failed', 'limit');
  assert.equal(e.message, '分页参数每页条数(1–200)无效');
});

test('errors are in English with Accept-Language: en', async () => {
  const e = assertError(await post({ ...valid(), phone: '12345' }, { ...J, 'accept-language': 'en' }), 400, 'validation_failed', 'phone', 'en');
  assert.match(e.message, /phone/i);
  // A field known by its member's name reads as words: "Region code is
  // required", not "region_code is required".
  const m = assertError(await post({ type: 'community_room' }, { ...J, 'accept-language': 'en' }), 400, 'validation_failed', 'region_code', 'en');
  assert.equal(m.message, 'Region code is required');
  await assertNothingWritten();
});

test('an item listed twice is said on the second, not taken for another error; missing group fields named as the form names them', async () => {
  let r = await api(srv.base, 'POST', '/api/v1/users', { username: 'twice-listed', display_name: '重复', roles: ['social_worker'],
    data_range: 'stations', stations: [station.id, station.id] });
  assertError(r, 400, 'validation_failed', 'stations[1]');
  assert.equal(r.body.error.message, '数据范围站点：重复列入');
  r = await api(srv.base, 'POST', '/api/v1/users', { username: 'twice-listed', display_name: '重复', roles: ['social_worker', 'social_worker'],
    data_range: 'stations', stations: [station.id] });
  assertError(r, 400, 'validation_failed', 'roles[1]');
  assert.equal((await api(srv.base, 'GET', '/api/v1/users?q=twice-listed')).body.items?.length ?? 0, 0, 'no user made');
  addUser(srv, 'planlead', 'station_lead', `stations:${station.id}`);
  const lead = await session(srv.base, 'planlead');
  r = await api(srv.base, 'POST', '/api/v1/station_plans', { station_id: station.id, year: 2027, survey_ids: [null] }, {}, lead);
  assertError(r, 400, 'validation_failed', 'survey_ids[0]');
  assert.match(r.body.error.message, /^依据的需求调研/);
  r = await api(srv.base, 'POST', '/api/v1/station_plans', { station_id: station.id, year: 2027, survey_ids: [1, 1] }, {}, lead);
  assertError(r, 400, 'validation_failed', 'survey_ids[1]');
  r = await api(srv.base, 'POST', '/api/v1/groups', { station_id: station.id, name: '小组', goals: '目标', starts_on: '2026-06-01' }, {}, lead);
  assertError(r, 400, 'validation_failed', 'area');
  assert.deepEqual(r.body.error.details.map((d) => d.message), ['服务领域不能为空', '计划节数不能为空']);
  await assertNothingWritten();
});

test('a name that shows nothing, or holds characters that hide or turn text around, is refused with the field named', async () => {
  addUser(srv, 'namelead', 'station_lead', `stations:${station.id}`);
  const lead = await session(srv.base, 'namelead');
  const group = (name) => api(srv.base, 'POST', '/api/v1/groups', { station_id: station.id, name, goals: '目标', starts_on: '2026-06-01', area: 'elderly_care', planned_sessions: 4 }, {}, lead);
  const staff = (name) => api(srv.base, 'POST', '/api/v1/staff', { name, role: 'resident', birth_date: '1995-04-12', sex: 'F', education: 'bachelor', hired_on: '2024-03-01' });
  const cases = [
    ['\u200b\u200b', '不能为空'],            // zero-width spaces: blank
    ['\u2060\ufeff\u200d', '不能为空'],      // word joiner, BOM, ZWJ
    ['\u2003', '不能为空'],                  // an em space
    ['张\uffff三', '非字符'],                 // noncharacters
    ['张\u{10FFFF}', '非字符'],
    ['张\ufdd0', '非字符'],
    ['\u202e三张', '文字显示方向'],            // right-to-left override
    ['张\u2066三\u2069', '文字显示方向'],       // isolates
    ['张\u2028三', '单行文本'],               // line and paragraph separators
    ['张\u2029三', '单行文本'],
    ['张\u0085三', '控制字符'],               // NEL, a C1 control
    ['周\u200b敏', '看不见的字符'],            // a zero-width space inside: 周敏 to the eye
    ['李\u00ad四', '看不见的字符'],            // a soft hyphen
    ['\ufeff李四', '看不见的字符'],            // a byte-order mark pasted in front
    ['李\u200e四', '文字显示方向'],            // a left-to-right mark
  ];
  for (const [name, why] of cases) {
    for (const [what, label, send] of [['group', '小组名称', group], ['staff', '姓名', staff]]) {
      const r = await send(name);
      const e = assertError(r, 400, 'validation_failed');
      const d = (e.details || [e]).find((x) => x.field === 'name');
      assert.ok(d, `${what} ${JSON.stringify(name)}: the name is named: ${r.text}`);
      assert.ok(d.message.startsWith(label) && d.message.includes(why), `${what} ${JSON.stringify(name)}: ${d.message}`);
    }
  }
  // English too.
  const en = await api(srv.base, 'POST', '/api/v1/staff', { name: '\u202e三张' }, { 'accept-language': 'en' });
  const d = (en.body.error.details || [en.body.error]).find((x) => x.field === 'name');
  assert.match(d.message, /changes the text direction/);
  // Multiline text keeps its line breaks, U+2028 among them; a name with a
  // zero-width joiner inside (an emoji sequence) is text.
  const ok = await group('\u{1F468}\u200d\u{1F469}小组');
  assert.ok(!(ok.body.error?.details || [ok.body.error || {}]).some((x) => x.field === 'name'), ok.text);
  await assertNothingWritten();
});

test('query filters: inverted ranges, codes no dictionary has, control characters are 400 naming the parameter', async () => {
  const get = (path, headers) => api(srv.base, 'GET', path, undefined, headers);
  let r = await get('/api/v1/services?from=2026-12-31&to=2026-01-01');
  let e = assertError(r, 400, 'validation_failed', 'to');
  assert.equal(e.message, '结束日期不能早于开始日期');
  assert.equal((await get('/api/v1/services?from=2026-06-01&to=2026-06-01')).status, 200, 'one day is a range');
  r = await get('/api/v1/reports?from=2026-12&to=2026-01');
  e = assertError(r, 400, 'validation_failed', 'to');
  assert.equal(e.message, '结束月份不能早于开始月份');
  assert.equal((await get('/api/v1/reports?from=2026-01&to=2026-01')).status, 200);
  for (const [path, field] of [['/api/v1/services?area=zzz', 'area'], ['/api/v1/services?type=zzz', 'type'], ['/api/v1/clients?category=zzz', 'category'],
    ['/api/v1/compliance?rule=zzz', 'rule']]) {
    e = assertError(await get(path), 400, 'validation_failed', field);
    assert.equal(e.message, `查询参数${{ area: '服务领域', type: '类型', category: '服务对象类别', rule: '规则' }[field]}不是字典中的代码`, path);
  }
  e = assertError(await get('/api/v1/clients?category=zzz', { 'accept-language': 'en' }), 400, 'validation_failed', 'category', 'en');
  assert.equal(e.message, 'Query parameter category is not a code of its dictionary');
  e = assertError(await api(srv.base, 'POST', '/api/v1/client_exports', { format: 'csv', category: 'zzz' }), 400, 'validation_failed', 'category');
  assert.equal(e.message, '对象类别不在可选项中');
  e = assertError(await api(srv.base, 'POST', '/api/v1/service_exports', { format: 'csv', area: 'zzz' }), 400, 'validation_failed', 'area');
  assert.equal(e.message, '服务领域不在可选项中');
  // Codes the dictionary has filter, one since disabled too (its old
  // records keep it); a rule the profile has filters.
  assert.equal((await get('/api/v1/services?area=elderly_care')).status, 200);
  assert.equal((await get('/api/v1/clients?category=dibao')).status, 200);
  const rules = (await get('/api/v1/compliance')).body.rules;
  assert.equal((await get(`/api/v1/compliance?rule=${rules[0].code}`)).status, 200);
  r = await api(srv.base, 'POST', '/api/v1/dictionaries/service_area', { code: 'old_area', label: '旧领域', label_en: 'Old area' });
  assert.equal(r.status, 201, r.text);
  r = await api(srv.base, 'PATCH', '/api/v1/dictionaries/service_area/old_area', { active: false });
  assert.equal(r.status, 200, r.text);
  assert.equal((await get('/api/v1/services?area=old_area')).status, 200, 'a disabled code still filters');
  const ex = await api(srv.base, 'POST', '/api/v1/service_exports', { format: 'csv', area: 'old_area' });
  assert.equal(ex.status, 200, ex.text);
  // A NUL or another control character in a value: not read as empty.
  for (const q of ['%00', 'a%00b', '%01', '%1b', '%7f', '%C2%85', '%E2%80%AE']) {
    e = assertError(await get(`/api/v1/clients?q=${q}`), 400, 'validation_failed', 'q');
    assert.match(e.message, /查询参数搜索关键词的取值无效/);
  }
  assertError(await get('/api/v1/clients?%00=1'), 400);
  assert.equal((await get('/api/v1/clients?q=%E5%BC%A0')).status, 200, 'a name is a query');
});
