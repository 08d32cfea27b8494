// Period labels and the English statistics (docs/statistics.md, "Periods
// cut short" and "Languages"): a quarter or a year that the query's
// from/to cuts says which days it covers, in the API, the dashboard and a
// report; whole periods keep their plain names; with Accept-Language: en
// the measures, units and the labels of time, type, area and category are
// English in the statistics, the dashboard, a report's figures and its
// .xlsx — only the names of places and people stay Chinese.
// Clock: 2026-06-15T10:00+08:00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, addUser, session } from './lib.mjs';
import { idNumber as idn } from './helpers_extra.mjs';

let srv;
const as = {};
const EN = { 'accept-language': 'en-GB,en;q=0.9' };
const HAN = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

const stats = (q, headers = {}) => api(srv.base, 'GET', `/api/v1/stats?${q}`, undefined, headers);
const labels = async (q, dim, headers = {}) => {
  const r = await stats(q, headers);
  assert.equal(r.status, 200, r.text);
  return r.body.rows.map((x) => x[`${dim}_label`]);
};

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'lead2', 'station_lead', 'stations:2');
  addUser(srv, 'county', 'bureau', 'region:430223');
  for (const u of ['w2', 'lead2', 'county']) as[u] = await session(srv.base, u);
  const c = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '甲', id_number: idn('43022319450101001'),
    categories: [{ code: 'dibao', started_on: '2026-01-01' }] });
  assert.equal(c.status, 201, c.text);
  for (const day of ['2026-02-10', '2026-05-12']) {
    const r = await api(srv.base, 'POST', '/api/v1/services', { station_id: 2, type: 'consultation', started_at: `${day}T09:00`,
      ended_at: `${day}T10:00`, area: 'social_assistance', content: '咨询', clients: [c.body.id] }, {}, as.w2);
    assert.equal(r.status, 201, r.text);
  }
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

test('quarters cut at either end say the days they cover; whole quarters keep their name', async () => {
  assert.deepEqual(await labels('by=quarter&from=2026-02&to=2026-05', 'quarter'),
    ['2026年第1季度（2026-02-01至2026-03-31）', '2026年第2季度（2026-04-01至2026-05-31）']);
  assert.deepEqual(await labels('by=quarter&from=2026-01&to=2026-06', 'quarter'), ['2026年第1季度', '2026年第2季度']);
  // Inside one quarter, cut at both ends.
  assert.deepEqual(await labels('by=quarter&from=2026-05&to=2026-05', 'quarter'), ['2026年第2季度（2026-05-01至2026-05-31）']);
  assert.deepEqual(await labels('by=quarter&from=2026-02&to=2026-05', 'quarter', EN),
    ['Q1 2026 (2026-02-01 to 2026-03-31)', 'Q2 2026 (2026-04-01 to 2026-05-31)']);
  assert.deepEqual(await labels('by=quarter&from=2026-01&to=2026-06', 'quarter', EN), ['Q1 2026', 'Q2 2026']);
});

test('years cut at either end say the days they cover; a whole year keeps its name', async () => {
  assert.deepEqual(await labels('by=year&from=2025-11&to=2026-02', 'year'),
    ['2025年（2025-11-01至2025-12-31）', '2026年（2026-01-01至2026-02-28）']);
  assert.deepEqual(await labels('by=year&from=2025-01&to=2025-12', 'year'), ['2025年']);
  assert.deepEqual(await labels('by=year&from=2026-03&to=2026-03', 'year', EN), ['2026 (2026-03-01 to 2026-03-31)']);
  assert.deepEqual(await labels('by=year&from=2025-01&to=2025-12', 'year', EN), ['2025']);
});

test('months are whole: their names stay plain, and a period starting mid-month is refused', async () => {
  assert.deepEqual(await labels('by=month&from=2026-01-01&to=2026-03-31', 'month'), ['2026年1月', '2026年2月', '2026年3月']);
  assert.deepEqual(await labels('by=month&from=2026-01&to=2026-02', 'month', EN), ['Jan 2026', 'Feb 2026']);
  const mid = await stats('by=month&from=2026-02-15&to=2026-03-31');
  assert.equal(mid.status, 400, mid.text);
  assert.equal(mid.body.error.field, 'from');
  const end = await stats('by=quarter&from=2026-01&to=2026-03-20');
  assert.equal(end.status, 400, end.text);
  assert.equal(end.body.error.field, 'to');
});

test('a place that did nothing in a quarter cut short carries the same label', async () => {
  const r = await stats('by=station,quarter&from=2026-02&to=2026-03');
  assert.equal(r.status, 200, r.text);
  const labelsSeen = new Set(r.body.rows.map((x) => x.quarter_label));
  assert.deepEqual([...labelsSeen], ['2026年第1季度（2026-02-01至2026-03-31）']);
});

test('in English the statistics have English measures, units and labels of time, type, area and category', async () => {
  for (const by of ['type,month', 'area,quarter', 'category,year', 'station']) {
    const r = await stats(`by=${by}&from=2026-01&to=2026-06`, EN);
    assert.equal(r.status, 200, r.text);
    for (const m of r.body.measures) {
      assert.doesNotMatch(m.label, HAN, JSON.stringify(m));
      assert.doesNotMatch(m.unit, HAN, JSON.stringify(m));
    }
    for (const row of r.body.rows) {
      for (const d of by.split(',').filter((x) => x !== 'station')) {
        assert.doesNotMatch(row[`${d}_label`], HAN, `${d}: ${JSON.stringify(row)}`);
      }
    }
  }
  const t = await stats('by=type&from=2026-01&to=2026-06', EN);
  assert.deepEqual(t.body.rows.map((x) => [x.type, x.type_label]), [['consultation', 'Consultation']]);
  assert.equal(t.body.measures.find((m) => m.code === 'records').unit, 'records');
  // Chinese stays the default, with both names of a measure given.
  const zh = await stats('by=type&from=2026-01&to=2026-06');
  assert.equal(zh.body.rows[0].type_label, '咨询');
  const rec = zh.body.measures.find((m) => m.code === 'records');
  assert.deepEqual([rec.label, rec.label_en, rec.unit, rec.unit_en], ['服务记录', 'Service records', '条', 'records']);
});

test('in English the dashboard\'s figures, months and units are English', async () => {
  const r = await api(srv.base, 'GET', '/api/v1/dashboard?region=430223&year=2026', undefined, EN);
  assert.equal(r.status, 200, r.text);
  const f = r.body.services;
  for (const m of f.measures) assert.doesNotMatch(m.label + m.unit, HAN, JSON.stringify(m));
  assert.deepEqual(r.body.by_month.rows.slice(0, 2).map((x) => x.label), ['Jan 2026', 'Feb 2026']);
  const zh = await api(srv.base, 'GET', '/api/v1/dashboard?region=430223&year=2026');
  assert.deepEqual(zh.body.by_month.rows.slice(0, 2).map((x) => x.label), ['2026年1月', '2026年2月']);
  const s = await api(srv.base, 'GET', '/api/v1/dashboard?station_id=2&from=2026-05&to=2026-05', undefined, EN);
  assert.equal(s.status, 200, s.text);
  for (const cut of ['by_type', 'by_category']) {
    for (const row of s.body[cut].rows) assert.doesNotMatch(row.label, HAN, `${cut}: ${JSON.stringify(row)}`);
  }
});

// The text of an .xlsx: its file name, its sheet names and its strings.
async function xlsxText(path, auth, headers) {
  const res = await fetch(srv.base + path, { headers: { cookie: auth.cookie, ...headers } });
  assert.equal(res.status, 200);
  const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition'))[1]);
  const dir = mkdtempSync(join(tmpdir(), 'sgz-xlsx-'));
  writeFileSync(join(dir, 'x.xlsx'), Buffer.from(await res.arrayBuffer()));
  const part = (p) => execFileSync('unzip', ['-p', join(dir, 'x.xlsx'), p], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const text = `${name}\n${part('xl/workbook.xml')}${part('xl/sharedStrings.xml')}`;
  rmSync(dir, { recursive: true, force: true });
  return text;
}

test('in English a report\'s figures, frozen in Chinese, and its .xlsx are English but for the names', async () => {
  let r = await api(srv.base, 'POST', '/api/v1/reports', { type: 'monthly_brief', station_id: 2, period_from: '2026-05',
    key_work: 'Consultations on assistance' }, {}, as.lead2);
  assert.equal(r.status, 201, r.text);
  r = await api(srv.base, 'POST', `/api/v1/reports/${r.body.id}/submit`, { version: r.body.version }, {}, as.lead2);
  assert.equal(r.status, 200, r.text);
  const rep = r.body;
  const name = rep.scope_name;
  assert.ok(rep.figures_frozen);
  assert.equal(rep.figures.by_type.rows[0].type_label, '咨询');
  const en = await api(srv.base, 'GET', `/api/v1/reports/${rep.id}`, undefined, EN, as.lead2);
  assert.equal(en.status, 200, en.text);
  const fig = en.body.figures;
  for (const cut of ['total', 'by_type', 'by_area', 'by_category']) {
    for (const m of fig[cut].measures) assert.doesNotMatch(m.label + m.unit, HAN, `${cut}: ${JSON.stringify(m)}`);
    const dim = fig[cut].by[0];
    for (const row of fig[cut].rows) if (dim) assert.doesNotMatch(row[`${dim}_label`], HAN, `${cut}: ${JSON.stringify(row)}`);
  }
  assert.equal(fig.by_type.rows[0].type_label, 'Consultation');
  // The figures kept in its history read the same.
  const kept = en.body.history.filter((h) => h.figures);
  assert.ok(kept.length > 0, JSON.stringify(en.body.history));
  for (const h of kept) assert.equal(h.figures.by_type.rows[0].type_label, 'Consultation');
  // The frozen values are those frozen.
  assert.deepEqual(fig.total.total, rep.figures.total.total);
  const text = await xlsxText(`/api/v1/reports/${rep.id}.xlsx`, as.lead2, EN);
  assert.ok(text.includes('Consultation'), text.slice(0, 500));
  assert.ok(text.startsWith(`${name} Monthly`) && text.includes('(2026-05).xlsx\n'), text.slice(0, 200));
  assert.doesNotMatch(text.split(name).join(''), HAN);
  const zh = await xlsxText(`/api/v1/reports/${rep.id}.xlsx`, as.lead2, {});
  assert.ok(zh.includes('咨询') && zh.includes('主要数据'));
});

test('a county\'s report over several months labels its months in English', async () => {
  const r = await api(srv.base, 'POST', '/api/v1/reports', { type: 'quarterly', region_code: '430223', period_from: '2026-01',
    period_to: '2026-03' }, {}, as.county);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.figures.by_month.rows.map((x) => x.month_label), ['2026年1月', '2026年2月', '2026年3月']);
  const en = await api(srv.base, 'GET', `/api/v1/reports/${r.body.id}`, undefined, EN, as.county);
  assert.deepEqual(en.body.figures.by_month.rows.map((x) => x.month_label), ['Jan 2026', 'Feb 2026', 'Mar 2026']);
  const text = await xlsxText(`/api/v1/reports/${r.body.id}.xlsx`, as.county, EN);
  assert.ok(text.includes('Feb 2026') && text.includes('By month'), text.slice(0, 500));
  assert.doesNotMatch(text.split(r.body.scope_name).join(''), HAN);
});
