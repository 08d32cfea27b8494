// Health, version, the OpenAPI document, and a clean stop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, BACKEND } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, 'server must exit 0 on SIGTERM: ' + r.stderr);
  assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error|LeakSanitizer/);
});

test('health reports the database and its schema version', async () => {
  const r = await api(srv.base, 'GET', '/api/v1/health');
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'ok');
  assert.equal(r.body.database, BACKEND === 'postgres' ? 'postgres' : 'sqlite');
  assert.ok(r.body.schema_version >= 1);
});

test('version names the binary and the schema it expects', async () => {
  const r = await api(srv.base, 'GET', '/api/v1/version');
  assert.equal(r.status, 200);
  assert.equal(r.body.name, 'sgz');
  assert.match(r.body.version, /^\d+\.\d+\.\d+$/);
  const h = await api(srv.base, 'GET', '/api/v1/health');
  assert.equal(r.body.schema_version, h.body.schema_version);
});

test('openapi.json lists exactly the routes the router has', async () => {
  const r = await api(srv.base, 'GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.equal(r.body.openapi, '3.0.3');
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  const documented = [];
  for (const [path, ops] of Object.entries(r.body.paths)) {
    for (const m of Object.keys(ops)) {
      assert.ok(methods.includes(m), `${path}: unexpected key ${m}`);
      assert.ok(ops[m]['x-permission'], `${m} ${path} declares no permission`);
      documented.push(`${m.toUpperCase()} ${path}`);
    }
  }
  // Every documented operation is served: a made-up id resolves to a
  // handler (anything but the router's own 404 "no such endpoint"/405).
  for (const op of documented) {
    const [method, path] = op.split(' ');
    const concrete = path.replace('{id}', '999999').replace('{code}', '430223');
    const res = await api(srv.base, method, concrete, method === 'GET' ? undefined : {});
    assert.notEqual(res.status, 405, `${op} is documented but the router refuses the method`);
    assert.ok(!(res.status === 404 && res.body?.error?.message === '接口不存在'), `${op} is documented but not routed`);
  }
  // And nothing is routed that is not documented: every method the
  // router announces in Allow for a documented path is documented.
  for (const path of Object.keys(r.body.paths)) {
    const concrete = path.replace('{id}', '999999').replace('{code}', '430223');
    const res = await api(srv.base, 'OPTIONS', concrete);
    assert.equal(res.status, 405);
    for (const m of res.headers.get('allow').split(', ')) {
      assert.ok(documented.includes(`${m} ${path}`), `${m} ${path} is routed but not documented`);
    }
  }
});

test('openapi.json names the body fields in the reader\'s language', async () => {
  const field = (doc) => doc.paths['/api/v1/stations'].post.requestBody.content['application/json'].schema.properties.name.title;
  const zh = (await api(srv.base, 'GET', '/api/v1/openapi.json')).body;
  const en = (await api(srv.base, 'GET', '/api/v1/openapi.json', undefined, { 'accept-language': 'en' })).body;
  assert.match(zh.info.title, /社工站/);
  assert.doesNotMatch(en.info.title, /[\u4e00-\u9fff]/);
  assert.match(field(zh), /[\u4e00-\u9fff]/);
  assert.doesNotMatch(field(en), /[\u4e00-\u9fff]/);
});

test('openapi.json gives summaries and query parameters in the reader\'s language', async () => {
  const get = async (lang) => (await api(srv.base, 'GET', '/api/v1/openapi.json', undefined, { 'accept-language': lang })).body;
  const zh = await get('zh-CN');
  const en = await get('en');
  const op = (doc) => doc.paths['/api/v1/stations'].get;
  const param = (doc, name) => op(doc).parameters.find((p) => p.name === name).description;
  assert.equal(op(zh).summary, '调用者数据范围内的站点，可筛选，分页');
  assert.equal(op(en).summary, 'Stations in the caller\'s range, filtered and paged');
  assert.equal(param(zh, 'page'), '页码，从 1 开始');
  assert.equal(param(en, 'page'), 'page number from 1');
  assert.equal(param(zh, 'status'), 'active（运行中）或 inactive（已停用）');
  assert.equal(param(en, 'status'), 'active or inactive');
  // Every summary and query parameter is Chinese to a Chinese reader;
  // no summary reads the same to an English one.
  for (const [path, ops] of Object.entries(zh.paths)) {
    for (const [m, o] of Object.entries(ops)) {
      assert.match(o.summary, /[\u4e00-\u9fff]/, `${m} ${path}: summary not in Chinese`);
      assert.notEqual(en.paths[path][m].summary, o.summary, `${m} ${path}: the same summary in both languages`);
      for (const p of o.parameters.filter((x) => x.in === 'query')) {
        assert.match(p.description, /[\u4e00-\u9fff]/, `${m} ${path} ?${p.name}: description not in Chinese`);
      }
    }
  }
});

test('unknown routes are a JSON 404, wrong methods a 405 with Allow', async () => {
  const r = await api(srv.base, 'GET', '/api/v1/nothing-here');
  assert.equal(r.status, 404);
  assert.equal(r.body.error.code, 'not_found');
  const m = await api(srv.base, 'DELETE', '/api/v1/stations');
  assert.equal(m.status, 405);
  assert.equal(m.body.error.code, 'method_not_allowed');
  assert.equal(m.headers.get('allow'), 'GET, POST');
});

test('errors speak English when asked', async () => {
  const r = await api(srv.base, 'GET', '/api/v1/nothing-here', undefined, { 'accept-language': 'en-US,en;q=0.9' });
  assert.equal(r.body.error.message, 'No such endpoint');
  const z = await api(srv.base, 'GET', '/api/v1/nothing-here', undefined, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
  assert.equal(z.body.error.message, '接口不存在');
});
