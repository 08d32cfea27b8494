// PIPL sensitive personal information: children under 14 and the client
// categories the sysadmin marks sensitive in 字典管理 (health, disability,
// victims … by default) are flagged, and every read of such a record is
// audited (DESIGN.md §5). Clock: 2026-06-15T10:00+08:00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { startServer, api, addUser, session, sgz } from './lib.mjs';

let srv;
const as = {};
function idn(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, ch, i) => a + Number(ch) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'aud', 'auditor', 'all');
  for (const u of ['w2', 'aud']) as[u] = await session(srv.base, u);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const reads = async (id) => (await api(srv.base, 'GET', `/api/v1/audit?action=client.read&entity_id=${id}`, undefined, {}, as.aud)).body.items.length;

test('the dictionary marks categories sensitive, and the sysadmin can mark more', async () => {
  const d = await api(srv.base, 'GET', '/api/v1/dictionaries?kind=client_category');
  const byCode = Object.fromEntries(d.body.client_category.map((x) => [x.code, x]));
  assert.equal(byCode.severe_disability.sensitive, true);
  assert.equal(byCode.left_behind_child.sensitive, false);
  const adult = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '成年人', id_number: idn('43022319500101001'), // 76: 独居老人 is from 60
    categories: [{ code: 'elderly_alone', started_on: '2020-01-01' }] });
  assert.equal(adult.status, 201, adult.text);
  assert.equal(adult.body.sensitive, false);
  const r = await api(srv.base, 'PATCH', '/api/v1/dictionaries/client_category/elderly_alone', { sensitive: true });
  assert.equal(r.status, 200, r.text);
  const again = await api(srv.base, 'GET', `/api/v1/clients/${adult.body.id}`, undefined, {}, as.w2);
  assert.equal(again.body.sensitive, true);
  const list = await api(srv.base, 'GET', '/api/v1/clients?station_id=2', undefined, {}, as.w2);
  assert.equal(list.body.items.find((c) => c.id === adult.body.id).sensitive, true);
  const custom = await api(srv.base, 'POST', '/api/v1/dictionaries/client_category', { code: 'hiv_patient', label: '艾滋病患者', label_en: 'Living with HIV', sensitive: true });
  assert.equal(custom.status, 201, custom.text);
  assert.equal(custom.body.sensitive, true);
});

test('reading a sensitive record is audited; an ordinary one is not', async () => {
  const child = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '小朋友', id_number: idn('43022320180101002'),
    lawful_basis: 'statutory_duty', statutory_duty: 'child_protection' });
  assert.equal(child.status, 201, child.text);
  assert.equal(child.body.sensitive, true);
  const plain = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '普通人', id_number: idn('43022319700101003') });
  assert.equal(plain.status, 201, plain.text);
  for (let i = 0; i < 2; i++) {
    assert.equal((await api(srv.base, 'GET', `/api/v1/clients/${child.body.id}`, undefined, {}, as.w2)).status, 200);
    assert.equal((await api(srv.base, 'GET', `/api/v1/clients/${plain.body.id}`, undefined, {}, as.w2)).status, 200);
  }
  assert.equal(await reads(child.body.id), 2);
  assert.equal(await reads(plain.body.id), 0);
  const row = (await api(srv.base, 'GET', `/api/v1/audit?action=client.read&entity_id=${child.body.id}`, undefined, {}, as.aud)).body.items[0];
  assert.equal(row.actor, 'w2');
  // Her timeline and her history tell what her record tells: read alone
  // (through the API, a token), each is audited as a read, naming which.
  for (const view of ['timeline', 'history']) {
    for (const c of [child, plain]) {
      const r = await api(srv.base, 'GET', `/api/v1/clients/${c.body.id}/${view}`, undefined, {}, as.w2);
      assert.equal(r.status, 200, r.text);
    }
    const last = (await api(srv.base, 'GET', `/api/v1/audit?action=client.read&entity_id=${child.body.id}&limit=1`, undefined, {}, as.aud)).body.items[0];
    assert.equal(last.actor, 'w2');
    assert.deepEqual(JSON.parse(last.detail), { view });
  }
  assert.equal(await reads(child.body.id), 4);
  assert.equal(await reads(plain.body.id), 0);
  // Outside her range: no record, no row.
  addUser(srv, 'w9', 'social_worker', 'stations:1');
  const w9 = await session(srv.base, 'w9');
  assert.equal((await api(srv.base, 'GET', `/api/v1/clients/${child.body.id}/timeline`, undefined, {}, w9)).status, 404);
  assert.equal(await reads(child.body.id), 4);
});

test('a list by a sensitive category is audited with the clients it showed; one by another category is not', async () => {
  const r = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '残疾人甲', id_number: idn('43022319600101007'),
    categories: [{ code: 'severe_disability', started_on: '2020-01-01' }] });
  assert.equal(r.status, 201, r.text);
  const listed = async (q) => (await api(srv.base, 'GET', `/api/v1/audit?action=client.list_sensitive${q}`, undefined, {}, as.aud)).body.items;
  const before = (await listed('')).length;
  const l = await api(srv.base, 'GET', '/api/v1/clients?category=severe_disability&station_id=2', undefined, {}, as.w2);
  assert.equal(l.status, 200, l.text);
  assert.ok(l.body.items.some((c) => c.id === r.body.id));
  const rows = await listed('&entity_id=severe_disability');
  assert.equal(rows.length, before + 1);
  const row = rows[0];
  assert.equal(row.actor, 'w2');
  assert.equal(row.entity, 'client_category');
  assert.ok(JSON.parse(row.detail).client_ids.includes(r.body.id), row.detail);
  assert.equal(row.action_label, '按敏感类别查询服务对象');
  // Not for a category that is not sensitive, nor for a page that found nobody.
  assert.equal((await api(srv.base, 'GET', '/api/v1/clients?category=dibao', undefined, {}, as.w2)).status, 200);
  assert.equal((await api(srv.base, 'GET', '/api/v1/clients?category=severe_disability&q=无此人', undefined, {}, as.w2)).status, 200);
  assert.equal((await listed('')).length, before + 1);
});

test('sensitive reads arriving together share commits: every one is in the log, the chain intact', async () => {
  const kids = [];
  for (let i = 0; i < 4; i++) {
    const k = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: `并发${'甲乙丙丁'[i]}`, id_number: idn(`4302232019010100${i + 4}`),
      lawful_basis: 'statutory_duty', statutory_duty: 'child_protection' });
    assert.equal(k.status, 201, k.text);
    kids.push(k.body.id);
  }
  // 48 reads at once over 4 records: each answered only after its row.
  const got = await Promise.all(Array.from({ length: 48 }, (_, i) => api(srv.base, 'GET', `/api/v1/clients/${kids[i % 4]}`, undefined, {}, as.w2)));
  assert.ok(got.every((g) => g.status === 200), got.map((g) => g.status).join(','));
  for (const id of kids) assert.equal(await reads(id), 12, `reads of ${id}`);
  const v = sgz(['audit', 'verify'], srv.env);
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /intact/);
});

test('the auditor exports the log as .xlsx with the list\'s filters, page after page; past audit.export_max_rows it is refused', async () => {
  const kid = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '导出甲', id_number: idn('43022320190101009'),
    lawful_basis: 'statutory_duty', statutory_duty: 'child_protection' });
  assert.equal(kid.status, 201, kid.text);
  // 1,050 audited reads: more than one page of the export's reading.
  for (let i = 0; i < 1050; i += 25) {
    const got = await Promise.all(Array.from({ length: 25 }, () => api(srv.base, 'GET', `/api/v1/clients/${kid.body.id}`, undefined, {}, as.w2)));
    assert.ok(got.every((g) => g.status === 200));
  }
  const q = `action=client.read&entity_id=${kid.body.id}`;
  const list = (await api(srv.base, 'GET', `/api/v1/audit?${q}&limit=1`, undefined, {}, as.aud)).body;
  assert.equal(list.total, 1050);
  const res = await fetch(`${srv.base}/api/v1/audit.xlsx?${q}`, { headers: { cookie: as.aud.cookie } });
  assert.equal(res.status, 200, await res.clone().text());
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  assert.match(res.headers.get('content-disposition'), /%E5%AE%A1%E8%AE%A1/, '审计日志.xlsx');
  const dir = mkdtempSync(join(tmpdir(), 'sgz-audit-'));
  writeFileSync(join(dir, 'x.xlsx'), Buffer.from(await res.arrayBuffer()));
  const sheet = execFileSync('unzip', ['-p', join(dir, 'x.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  rmSync(dir, { recursive: true, force: true });
  const body = [...sheet.matchAll(/<row [^>]*>(.*?)<\/row>/g)].map((m) => m[1]).filter((r) => r.includes('查阅敏感对象记录'));
  assert.equal(body.length, 1050, 'every row once, none twice across pages');
  // The export is itself in the log; a worker may not export.
  const logged = (await api(srv.base, 'GET', '/api/v1/audit?action=audit.export', undefined, {}, as.aud)).body.items[0];
  assert.equal(JSON.parse(logged.detail).rows, 1050);
  assert.equal((await fetch(`${srv.base}/api/v1/audit.xlsx`, { headers: { cookie: as.w2.cookie } })).status, 403);
  // Over the limit: refused with the limit named, nothing written.
  addUser(srv, 'sec', 'security_admin', 'all');
  const sec = await session(srv.base, 'sec');
  assert.equal((await api(srv.base, 'PUT', '/api/v1/settings/audit.export_max_rows', { value: 1000 }, {}, sec)).status, 200);
  const over = await api(srv.base, 'GET', `/api/v1/audit.xlsx?${q}`, undefined, {}, as.aud);
  assert.equal(over.status, 400, over.text);
  assert.match(over.body.error.message, /上限1000/);
});

/** GET /api/v1/audit.xlsx?q as the auditor: its sheet's rows, each cell's text. */
async function auditSheet(q) {
  const res = await fetch(`${srv.base}/api/v1/audit.xlsx?${q}`, { headers: { cookie: as.aud.cookie } });
  assert.equal(res.status, 200, await res.clone().text());
  const dir = mkdtempSync(join(tmpdir(), 'sgz-audit-'));
  writeFileSync(join(dir, 'x.xlsx'), Buffer.from(await res.arrayBuffer()));
  const sheet = execFileSync('unzip', ['-p', join(dir, 'x.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  const text = (inner) => (/<t[^>]*>([^<]*)<\/t>/.exec(inner)?.[1] ?? /<v>([^<]*)<\/v>/.exec(inner)?.[1] ?? '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const rows = [...sheet.matchAll(/<row [^>]*>(.*?)<\/row>/g)].map((m) => [...m[1].matchAll(/<c [^>]*>(.*?)<\/c>/g)].map(([, inner]) => text(inner)));
  return rows.slice(rows.findIndex((r) => r[0] === '时间'));   // from the header, past the title
}

test('the exported log is in words for an inspector: time, action, record kind, result and detail, no codes', async () => {
  assert.equal((await api(srv.base, 'PUT', '/api/v1/settings/service.edit_days', { value: 10 })).status, 200);
  const u = await api(srv.base, 'POST', '/api/v1/users', { username: 'xlsx.user', display_name: '导出检查', roles: ['social_worker'],
    data_range: 'stations', stations: [2] });
  assert.equal(u.status, 201, u.text);
  const made = await api(srv.base, 'POST', '/api/v1/dictionaries/client_category', { code: 'xlsx_cat', label: '导出类别', label_en: 'Export' });
  assert.equal(made.status, 201, made.text);
  const upd = await api(srv.base, 'PATCH', '/api/v1/dictionaries/client_category/xlsx_cat', { label: '导出类别二' });
  assert.equal(upd.status, 200, upd.text);
  const st = (await api(srv.base, 'GET', '/api/v1/stations?region=430223115')).body.items[0];
  const off = await api(srv.base, 'POST', `/api/v1/stations/${st.id}/deactivate`, { version: st.version, reason: '撤并到邻镇' });
  assert.equal(off.status, 200, off.text);
  try {
    const [head, setting] = await auditSheet('action=setting.update&entity_id=service.edit_days');
    assert.deepEqual(head, ['时间', '操作人', '地址', '操作', '对象类型', '对象编号', '结果', '详情', '日志编号']);
    // The row's own number, as sgz audit verify names a broken one.
    const log = (await api(srv.base, 'GET', '/api/v1/audit?action=setting.update&entity_id=service.edit_days', undefined, {}, as.aud)).body.items;
    assert.equal(String(setting[8]), String(log[0].id));
    assert.match(setting[0], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // The setting by its name, not only its key.
    assert.deepEqual([setting[3], setting[4], setting[5], setting[6], setting[7]], ['修改参数', '系统设置',
      'service.edit_days（服务记录可直接修改的天数(之后须写明更正理由)）', '成功', '服务记录可直接修改的天数(之后须写明更正理由)：7 → 10']);
    const [, created] = await auditSheet(`action=user.create&entity_id=${u.body.user.id}`);
    assert.deepEqual([created[3], created[4]], ['新增用户', '用户']);
    assert.equal(created[7], '姓名：导出检查；角色：社工；数据范围：指定站点；所辖区划：—；指定站点：2；机构：—');
    const [, dict] = await auditSheet('action=dictionary.update&entity_id=client_category/xlsx_cat');
    assert.deepEqual([dict[3], dict[4], dict[5]], ['修改字典项', '字典', 'client_category/xlsx_cat（服务对象类别：导出类别二）']);
    assert.match(dict[7], /名称：导出类别 → 导出类别二/);
    // What a change says of itself beside before and after is kept.
    const [, station] = await auditSheet(`action=station.deactivate&entity_id=${st.id}`);
    assert.match(station[7], /理由：撤并到邻镇/, station[7]);
  } finally {
    const again = (await api(srv.base, 'GET', `/api/v1/stations/${st.id}`)).body;
    await api(srv.base, 'POST', `/api/v1/stations/${st.id}/activate`, { version: again.version });
    await api(srv.base, 'PUT', '/api/v1/settings/service.edit_days', { value: 7 });
  }
});
