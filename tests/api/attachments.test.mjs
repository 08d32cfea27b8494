// 附件: photos and documents of records — the type checked by content,
// the size limit, content-addressed storage with thumbnails, reads only
// through the owner's range, removal by the uploader, and backups that
// carry the files. Clock: 2026-06-15T10:00+08:00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startServer, api, addUser, session, sgz, BACKEND } from './lib.mjs';
import { spawnServe } from './helpers_extra.mjs';

const FIX = new URL('../fixtures/', import.meta.url).pathname;
const JPEG = readFileSync(FIX + 'photo.jpg');
const PNG = readFileSync(FIX + 'photo.png');
let srv;
const as = {};
const ids = {};
const call = (method, path, body, auth = as.w2, headers = {}) => api(srv.base, method, path, body, headers, auth);
const upload = (kind, id, name, bytes, auth = as.w2) => call('POST',
  `/api/v1/attachments?owner_kind=${kind}&owner_id=${id}&name=${encodeURIComponent(name)}`,
  new Uint8Array(bytes), auth, { 'content-type': 'application/octet-stream' });
function idn(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, ch, i) => a + Number(ch) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}
/** Every file in a file store (two levels of directories). */
function stored(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(f));
}

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'w2b', 'social_worker', 'stations:2');
  addUser(srv, 'w3', 'social_worker', 'stations:3');
  addUser(srv, 'eval', 'evaluator', 'all');
  addUser(srv, 'sys', 'sysadmin', 'all');
  for (const u of ['w2', 'w2b', 'w3', 'eval', 'sys']) as[u] = await session(srv.base, u);
  const c = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '附件老人', id_number: idn('43022319400101001') });
  assert.equal(c.status, 201, c.text);
  const v = await call('POST', '/api/v1/services', { station_id: 2, type: 'home_visit', clients: [c.body.id], started_at: '2026-06-14T09:00',
    ended_at: '2026-06-14T09:30', area: 'elderly_care', content: '探访', visit: { purpose: 'elderly_check', met: '本人' } });
  assert.equal(v.status, 201, v.text);
  ids.service = v.body.id;
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

test('a photo is stored once by its hash, with a thumbnail, and read back only in range', async () => {
  const r = await upload('service', ids.service, '入户照片.jpg', JPEG);
  assert.equal(r.status, 201, r.text);
  const a = r.body;
  assert.equal(a.mime, 'image/jpeg');
  assert.equal(a.size, JPEG.length);
  assert.match(a.token, /^[A-Za-z0-9_-]{22}$/, 'a random token, not an id');
  assert.ok(a.thumbnail_url);
  const file = await fetch(srv.base + a.url, { headers: { cookie: as.w2.cookie } });
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'image/jpeg');
  assert.equal(file.headers.get('x-content-type-options'), 'nosniff');
  assert.match(file.headers.get('content-disposition'), /filename\*=UTF-8''%E5%85%A5/);
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), JPEG);
  const thumb = await fetch(srv.base + a.thumbnail_url, { headers: { cookie: as.w2.cookie } });
  assert.equal(thumb.status, 200);
  const t = Buffer.from(await thumb.arrayBuffer());
  assert.equal(t[0], 0xff);
  assert.equal(t[1], 0xd8);
  // The SOF0 frame of the thumbnail: 320 × 240.
  const sof = t.indexOf(Buffer.from([0xff, 0xc0]));
  assert.equal(t.readUInt16BE(sof + 7), 320);
  assert.equal(t.readUInt16BE(sof + 5), 240);
  const files = stored(join(srv.db.dir, 'files'));
  const again = await upload('service', ids.service, '同一张.jpg', JPEG);
  assert.equal(again.status, 201);
  assert.deepEqual(stored(join(srv.db.dir, 'files')).sort(), files.sort(), 'the same bytes are kept once');
  assert.equal(files.length, 2, 'the photo and its thumbnail');
  const list = await call('GET', `/api/v1/attachments?owner_kind=service&owner_id=${ids.service}`);
  assert.equal(list.body.items.length, 2);
  assert.ok(list.body.items.every((x) => x.mine === true));
  // Another station: as if it did not exist.
  const other = await fetch(srv.base + a.url, { headers: { cookie: as.w3.cookie } });
  assert.equal(other.status, 404);
  assert.equal((await call('GET', `/api/v1/attachments?owner_kind=service&owner_id=${ids.service}`, undefined, as.w3)).status, 404);
  assert.equal((await fetch(srv.base + '/api/v1/attachments/' + 'A'.repeat(22), { headers: { cookie: as.w2.cookie } })).status, 404);
  assert.equal((await fetch(srv.base + a.url)).status, 401, 'never without a session');
  // The evaluator reads the record with personal data masked: its files
  // (a photo of the client) are withheld from her, and the list says so.
  assert.equal((await call('GET', `/api/v1/services/${ids.service}`, undefined, as.eval)).status, 200);
  const ev = await call('GET', `/api/v1/attachments?owner_kind=service&owner_id=${ids.service}`, undefined, as.eval);
  assert.equal(ev.status, 200, ev.text);
  assert.deepEqual(ev.body.items, []);
  assert.equal(ev.body.masked, true);
  assert.equal((await fetch(srv.base + a.url, { headers: { cookie: as.eval.cookie } })).status, 404);
  assert.equal((await fetch(srv.base + a.thumbnail_url, { headers: { cookie: as.eval.cookie } })).status, 404);
});

test('what a file claims must be what it is; too large is refused; nothing is written', async () => {
  const before_ = (await call('GET', `/api/v1/attachments?owner_kind=service&owner_id=${ids.service}`)).body.items.length;
  const cases = [
    ['not-a-photo.jpg', Buffer.from('这不是照片'), 415],
    ['photo.jpg', PNG, 415],
    ['photo.png', JPEG, 415],
    ['truncated.jpg', JPEG.subarray(0, 200), 415],
    ['script.exe', Buffer.from('MZ\x90\x00'), 415],
    ['fake.docx', Buffer.from('PK\x03\x04 not office'), 415],
    ['a/b.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'), 400],
    ['', Buffer.from('%PDF-1.4\n%%EOF\n'), 400],
  ];
  for (const [name, bytes, status] of cases) {
    const r = await upload('service', ids.service, name, bytes);
    assert.equal(r.status, status, `${name}: ${r.text}`);
    assert.match(r.body.error.message, /[\u4e00-\u9fff]/);
  }
  assert.equal((await upload('service', 999999, 'x.pdf', Buffer.from('%PDF-1.4\n'))).status, 404);
  assert.equal((await upload('visit', ids.service, 'x.pdf', Buffer.from('%PDF-1.4\n'))).status, 400);
  const pdf = await upload('service', ids.service, '评估报告.PDF', Buffer.from('%PDF-1.4\n1 0 obj\n%%EOF\n'));
  assert.equal(pdf.status, 201, pdf.text);
  assert.equal(pdf.body.thumbnail_url, null);
  // The limit is a setting: 1 MB.
  let s = await call('PUT', '/api/v1/settings/attachment.max_mb', { value: 1 }, as.sys);
  assert.equal(s.status, 200, s.text);
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1024 * 1024)]);
  const r = await upload('service', ids.service, 'big.pdf', big);
  assert.equal(r.status, 413, r.text);
  s = await call('PUT', '/api/v1/settings/attachment.max_mb', { value: 20 }, as.sys);
  assert.equal(s.status, 200);
  const after_ = (await call('GET', `/api/v1/attachments?owner_kind=service&owner_id=${ids.service}`)).body.items;
  assert.equal(after_.length, before_ + 1, 'only the good PDF was added');
});

test('only the uploader removes an attachment, and a removed photo leaves no file', async () => {
  const png = await upload('service', ids.service, 'wrong.png', PNG);
  assert.equal(png.status, 201);
  const dir = join(srv.db.dir, 'files');
  const n = stored(dir).length;
  let r = await call('DELETE', `/api/v1/attachments/${png.body.token}`, undefined, as.w2b);
  assert.equal(r.status, 403);
  r = await call('DELETE', `/api/v1/attachments/${png.body.token}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(stored(dir).length, n - 2, 'the photo and its thumbnail are gone');
  assert.equal((await fetch(srv.base + png.body.url, { headers: { cookie: as.w2.cookie } })).status, 404);
});

test('a backup carries the file store, and a restore brings it back', { skip: BACKEND === 'postgres' && 'the SQLite path is enough here; pg_dump is tested in backup.test.mjs' }, () => {
  const dest = mkdtempSync(join(tmpdir(), 'sgz-bk-'));
  const r = sgz(['backup', join(dest, 'b.db')], srv.env);
  assert.equal(r.status, 0, r.stderr);
  const files = stored(join(srv.db.dir, 'files'));
  assert.deepEqual(stored(join(dest, 'b.db.files')).sort(), files.sort());
  const target = mkdtempSync(join(tmpdir(), 'sgz-rs-'));
  const env = { SGZ_DB: join(target, 'r.db'), SGZ_KEY_FILE: join(target, 'r.key'), SGZ_FILES_DIR: join(target, 'files') };
  const rs = sgz(['restore', join(dest, 'b.db')], env);
  assert.equal(rs.status, 0, rs.stderr);
  assert.deepEqual(stored(join(target, 'files')).sort(), files.sort());
});

test('a contract\'s document and an expenditure\'s voucher are removed by their uploader under the contract and money permissions', async () => {
  // The suite's administrator (bureau and sysadmin) writes contracts and money.
  const admin = (method, path, body, headers = {}) => api(srv.base, method, path, body, headers);
  const org = await admin('POST', '/api/v1/organisations', { name: '附件测试社工中心', credit_code: '91430223MA4L000113' });
  assert.equal(org.status, 201, org.text);
  const k = await admin('POST', '/api/v1/contracts', {
    code: 'FJ-2026-01', title: '附件测试服务项目', organisation_id: org.body.id, procurement: 'open_tender', cycle_years: 1,
    cycle_year: 1, amount_fen: 12000000, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-01',
    ends_on: '2026-12-31', stations: [{ station_id: 2, amount_fen: 12000000 }],
  });
  assert.equal(k.status, 201, k.text);
  const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
  const file = (path, name, bytes) => admin('POST', `${path}?name=${encodeURIComponent(name)}`, new Uint8Array(bytes),
    { 'content-type': 'application/octet-stream' });
  const doc = await file(`/api/v1/contracts/${k.body.id}/documents`, '协议文本.pdf', pdf);
  assert.equal(doc.status, 201, doc.text);
  // Not through the service records' route (the bureau writes none).
  assert.equal((await admin('DELETE', `/api/v1/attachments/${doc.body.token}`)).status, 403);
  assert.equal((await admin('DELETE', `/api/v1/contracts/${k.body.id + 1000}/documents/${doc.body.token}`)).status, 404);
  let r = await admin('DELETE', `/api/v1/contracts/${k.body.id}/documents/${doc.body.token}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual((await admin('GET', `/api/v1/contracts/${k.body.id}/documents`)).body.items, []);
  const e = await admin('POST', '/api/v1/expenditures', { contract_id: k.body.id, spent_on: '2026-03-01', category: 'office',
    amount_fen: 12300, payee: '文具店' });
  assert.equal(e.status, 201, e.text);
  const v = await file(`/api/v1/expenditures/${e.body.id}/vouchers`, '发票.jpg', JPEG);
  assert.equal(v.status, 201, v.text);
  // A station's worker holds no money permission.
  assert.equal((await call('DELETE', `/api/v1/expenditures/${e.body.id}/vouchers/${v.body.token}`)).status, 403);
  r = await admin('DELETE', `/api/v1/expenditures/${e.body.id}/vouchers/${v.body.token}`);
  assert.equal(r.status, 200, r.text);
  assert.equal((await admin('GET', `/api/v1/expenditures/${e.body.id}`)).body.vouchers, 0);
});

test('two nodes sharing the files folder: a removal on one and an upload of the same bytes on the other keep the new file', async () => {
  const other = await spawnServe(['--listen', '127.0.0.1:0', '--access-log', 'off'], srv.env);
  try {
    for (let i = 0; i < 20; i++) {
      const bytes = Buffer.from(`%PDF-1.4\n%two nodes ${i}\n%%EOF\n`);
      const first = await upload('service', ids.service, `节点${i}.pdf`, bytes);
      assert.equal(first.status, 201, first.text);
      const [gone, again] = await Promise.all([
        call('DELETE', `/api/v1/attachments/${first.body.token}`),
        api(other.base, 'POST', `/api/v1/attachments?owner_kind=service&owner_id=${ids.service}&name=again.pdf`,
          new Uint8Array(bytes), { 'content-type': 'application/octet-stream' }, as.w2)]);
      assert.equal(gone.status, 200, gone.text);
      assert.equal(again.status, 201, again.text);
      const read = await call('GET', `/api/v1/attachments/${again.body.token}`);
      assert.equal(read.status, 200, `round ${i}: the second node's upload lost its file`);
      assert.equal((await call('DELETE', `/api/v1/attachments/${again.body.token}`)).status, 200);
    }
  } finally {
    const r = await other.stop();
    assert.equal(r.code, 0, r.stderr);
  }
});
