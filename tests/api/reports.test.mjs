// 报告: a station's monthly brief written, submitted, returned, fixed and
// accepted, with its history and frozen figures; the county's quarterly
// report reviewed a level up; the organisation's self-evaluation and
// fund-use statement; the .xlsx read back through LibreOffice; the
// deadline findings; and each bad input refused with its field.
// Clock: 2026-06-15T10:00+08:00, profile youxian (攸县).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, addUser, session, sgz, TEST_PASSWORD, BACKEND } from './lib.mjs';

let srv;
let org;
let contract;
const as = {};
const call = (who, method, path, body) => api(srv.base, method, path, body, {}, as[who]);

before(async () => {
  srv = await startServer();
  addUser(srv, 'lead', 'station_lead', 'stations:2');
  addUser(srv, 'worker', 'social_worker', 'stations:2');
  addUser(srv, 'town', 'township_officer', 'region:430223001');
  addUser(srv, 'town3', 'township_officer', 'region:430223002');
  addUser(srv, 'county', 'bureau', 'region:430223');
  addUser(srv, 'other', 'bureau', 'region:430224');
  addUser(srv, 'city', 'bureau', 'region:4302');
  addUser(srv, 'aud', 'auditor', 'all');
  const o = await api(srv.base, 'POST', '/api/v1/organisations', { name: '攸县阳光社会工作服务中心', credit_code: '91350100M000100Y43' });
  assert.equal(o.status, 201, o.text);
  org = o.body;
  const k = await api(srv.base, 'POST', '/api/v1/contracts', {
    code: 'YX-2026-01', title: '攸县2026年度社工站服务项目', organisation_id: org.id, procurement: 'open_tender', cycle_years: 3,
    cycle_year: 1, amount_fen: 36000000, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-01',
    ends_on: '2026-12-31', stations: [{ station_id: 2, amount_fen: 12000000 }, { station_id: 3, amount_fen: 12000000 }],
  });
  assert.equal(k.status, 201, k.text);
  contract = k.body;
  const u = sgz(['user', 'add', 'orgadm', '--roles', 'org_admin', '--range', 'self', '--org', String(org.id), '--password-stdin'],
    srv.env, TEST_PASSWORD + '\n');
  assert.equal(u.status, 0, u.stderr);
  for (const n of ['lead', 'worker', 'town', 'town3', 'county', 'other', 'city', 'orgadm', 'aud']) as[n] = await session(srv.base, n);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const BRIEF = { type: 'monthly_brief', station_id: 2, period_from: '2026-05', key_work: '入户走访独居老人32户', highlights: '建立邻里守望队',
  typical_cases: '独居老人王某跌倒后及时送医', problems: '=1+1 志愿者不足' + '，'.repeat(4000), next_plan: '开展防诈骗宣传' };

let brief;
let clientId;

async function visit(day, clients) {
  const r = await call('worker', 'POST', '/api/v1/services', { station_id: 2, type: 'home_visit', clients,
    started_at: `${day}T09:00`, ended_at: `${day}T09:30`, area: 'elderly_care', content: '探访',
    visit: { purpose: 'elderly_check', met: '本人' } });
  assert.equal(r.status, 201, r.text);
}

test('the station lead writes a monthly brief with the figures of the month; a second one is refused', async () => {
  const c = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '简报老人', sex: 'F', birth_date: '1940-01-01' });
  assert.equal(c.status, 201, c.text);
  clientId = c.body.id;
  // Two visits in May to one client (2 人次, 1 人数), one in April, one at 07:30 on 1 June (June's).
  await visit('2026-05-03', [clientId]);
  await visit('2026-05-17', [clientId]);
  await visit('2026-04-20', [clientId]);
  await visit('2026-06-01', [clientId]);
  let r = await call('lead', 'POST', '/api/v1/reports', BRIEF);
  assert.equal(r.status, 201, r.text);
  brief = r.body;
  assert.equal(brief.status, 'draft');
  assert.equal(brief.period_to, '2026-05');
  assert.equal(brief.scope_name, '攸县联星街道社会工作服务站');
  assert.equal(brief.type_label, '月度工作简报');
  assert.equal(brief.due_on, '2026-06-05'); // youxian: reports.monthly_brief.due_day 5
  assert.equal(brief.overdue, true); // 15 June, not submitted
  assert.equal(brief.figures_frozen, false);
  assert.equal(brief.figures.available, true);
  const t = brief.figures.total.total;
  assert.equal(t.records, 2);
  assert.equal(t.person_times, 2);
  assert.equal(t.clients_served, 1);
  assert.equal(t.visits, 2);
  assert.equal(t.volunteers, null); // 暂无数据, never 0
  assert.ok(brief.figures.unavailable.includes('volunteers'));
  assert.deepEqual(brief.figures.by_type.rows.map((x) => [x.type, x.records]), [['home_visit', 2]]);
  assert.deepEqual(brief.figures.by_area.rows.map((x) => [x.area, x.records]), [['elderly_care', 2]]);
  assert.equal(brief.figures.by_month, undefined); // one month: no cut by month
  // The same figures as the statistics API for the station and month.
  const st = await api(srv.base, 'GET', '/api/v1/stats?station_id=2&from=2026-05&to=2026-05');
  assert.equal(st.status, 200, st.text);
  for (const m of st.body.measures) assert.equal(t[m.code], st.body.total[m.code], m.code);
  assert.deepEqual(brief.history.map((h) => h.action), ['create']);
  r = await call('lead', 'POST', '/api/v1/reports', BRIEF);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'period_from');
  assert.match(r.body.error.message, /已存在/);
  assert.equal(r.body.error.existing_id, brief.id, 'the report there is, to open');
  // The list by period and status.
  r = await call('lead', 'GET', '/api/v1/reports?from=2026-05&to=2026-05&status=draft');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.items.map((x) => x.id), [brief.id]);
  r = await call('lead', 'GET', '/api/v1/reports?status=accepted');
  assert.equal(r.body.total, 0);
  // A draft is its authors': the township officer who receives it, the
  // county and the station's worker see it only once it is submitted.
  for (const who of ['town', 'county', 'worker']) {
    r = await call(who, 'GET', '/api/v1/reports');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, 0, who);
    assert.deepEqual(r.body.items, [], who);
    r = await call(who, 'GET', `/api/v1/reports/${brief.id}`);
    assert.equal(r.status, 404, `${who}: ${r.text}`);
  }
});

test('bad input: unknown type, bad or future period, someone else\'s station, a worker writing', async () => {
  const cases = [
    [{ ...BRIEF, type: 'weekly' }, 400, 'type'],
    [{ ...BRIEF, period_from: '2026-13' }, 400, 'period_from'],
    [{ ...BRIEF, period_from: '2026-04', period_to: '2026-05' }, 400, 'period_to'],
    [{ ...BRIEF, period_from: '2026-08' }, 400, 'period_from'],
    [{ ...BRIEF, station_id: 3, period_from: '2026-04' }, 400, 'station_id'],
  ];
  for (const [body, status, field] of cases) {
    const r = await call('lead', 'POST', '/api/v1/reports', body);
    assert.equal(r.status, status, r.text);
    assert.equal(r.body.error.field, field, r.text);
    assert.match(r.body.error.message, /[\u4e00-\u9fff]/);
  }
  const r = await call('worker', 'POST', '/api/v1/reports', { ...BRIEF, period_from: '2026-04' });
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.error.code, 'forbidden');
  // A bureau user may write reports, but not a station's brief.
  const b = await call('county', 'POST', '/api/v1/reports', { ...BRIEF, period_from: '2026-04' });
  assert.equal(b.status, 403, b.text);
  assert.equal(b.body.error.field, 'type');
  assert.match(b.body.error.message, /只有站长可以编写和提交此类报告/);
  // A period that ends before it starts says so.
  const backwards = await call('county', 'POST', '/api/v1/reports', { type: 'quarterly', region_code: '430223', period_from: '2026-03',
    period_to: '2026-01', key_work: '季度工作' });
  assert.equal(backwards.status, 400, backwards.text);
  assert.equal(backwards.body.error.field, 'period_to');
  assert.equal(backwards.body.error.message, '报告期止不能早于开始日期');
  // A county outside the deployment's jurisdiction, even for a range "all".
  const far = await api(srv.base, 'POST', '/api/v1/reports', { type: 'quarterly', region_code: '110101', period_from: '2026-01',
    period_to: '2026-03' });
  assert.equal(far.status, 400, far.text);
  assert.equal(far.body.error.field, 'region_code');
  assert.match(far.body.error.message, /不在本系统管辖区域内/);
  // A station or a contract sent with a county's report is refused, not
  // dropped: the author meant a report on that station.
  for (const extra of [{ station_id: 1 }, { contract_id: 1 }]) {
    const odd = await call('county', 'POST', '/api/v1/reports', { type: 'quarterly', region_code: '430223', period_from: '2026-01',
      period_to: '2026-03', ...extra });
    assert.equal(odd.status, 400, odd.text);
    assert.equal(odd.body.error.field, Object.keys(extra)[0]);
    assert.match(odd.body.error.message, /不适用于此类报告/);
  }
  const county = await call('lead', 'POST', '/api/v1/reports', { ...BRIEF, period_from: '2026-04', region_code: '430223' });
  assert.equal(county.status, 400, county.text);
  assert.equal(county.body.error.field, 'region_code');
  // Nothing half-written.
  const list = await call('lead', 'GET', '/api/v1/reports');
  assert.equal(list.body.total, 1);
});

test('submit, return with comments, fix, resubmit and accept, with the history', async () => {
  // A stale version is refused.
  let r = await call('lead', 'PATCH', `/api/v1/reports/${brief.id}`, { key_work: '改', version: brief.version + 5 });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'version_conflict');
  // A worker of the station may not submit.
  r = await call('worker', 'POST', `/api/v1/reports/${brief.id}/submit`, { version: brief.version });
  assert.equal(r.status, 403, r.text);
  r = await call('lead', 'POST', `/api/v1/reports/${brief.id}/submit`, { version: brief.version });
  assert.equal(r.status, 200, r.text);
  let b = r.body;
  assert.equal(b.status, 'submitted');
  assert.equal(b.submitted_on, '2026-06-15');
  assert.equal(b.overdue, false);
  assert.equal(b.figures_frozen, true);
  const frozen = b.figures;
  // Submitted: no more edits.
  r = await call('lead', 'PATCH', `/api/v1/reports/${brief.id}`, { key_work: '改', version: b.version });
  assert.equal(r.status, 409, r.text);
  // Submitted, it reaches its reviewers.
  for (const who of ['town', 'county']) {
    r = await call(who, 'GET', '/api/v1/reports?type=monthly_brief');
    assert.deepEqual(r.body.items.map((x) => x.id), [brief.id], who);
  }
  // Another township's officer cannot see it, nor review it; the other county's bureau neither.
  r = await call('town3', 'POST', `/api/v1/reports/${brief.id}/return`, { comment: '不行', version: b.version });
  assert.equal(r.status, 404, r.text);
  r = await call('other', 'POST', `/api/v1/reports/${brief.id}/accept`, { version: b.version });
  assert.equal(r.status, 404, r.text);
  // A return needs its comments.
  r = await call('town', 'POST', `/api/v1/reports/${brief.id}/return`, { version: b.version });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'comment');
  r = await call('town', 'POST', `/api/v1/reports/${brief.id}/return`, { comment: '典型案例请补充服务过程', version: b.version });
  assert.equal(r.status, 200, r.text);
  b = r.body;
  assert.equal(b.status, 'returned');
  assert.equal(b.review_comment, '典型案例请补充服务过程');
  // The lead fixes it and submits again.
  r = await call('lead', 'PATCH', `/api/v1/reports/${brief.id}`, { typical_cases: '独居老人王某跌倒后，社工联系家属并陪同就医，后续每周探访', version: b.version });
  assert.equal(r.status, 200, r.text);
  r = await call('lead', 'POST', `/api/v1/reports/${brief.id}/submit`, { version: r.body.version });
  assert.equal(r.status, 200, r.text);
  b = r.body;
  // Submitted again, it awaits a review: the return's comment is history
  // (its .xlsx cover no longer shows it as the 审核意见).
  assert.equal(b.review_comment, '');
  assert.equal(b.history.find((h) => h.action === 'return').comment, '典型案例请补充服务过程');
  // The officer accepts; the lead cannot review.
  r = await call('lead', 'POST', `/api/v1/reports/${brief.id}/accept`, { version: b.version });
  assert.equal(r.status, 403, r.text);
  r = await call('town', 'POST', `/api/v1/reports/${brief.id}/accept`, { comment: '同意', version: b.version });
  assert.equal(r.status, 200, r.text);
  b = r.body;
  assert.equal(b.status, 'accepted');
  assert.deepEqual(b.history.map((h) => h.action), ['create', 'submit', 'return', 'submit', 'accept']);
  assert.deepEqual(b.history.map((h) => h.display_name), ['lead', 'lead', 'town', 'lead', 'town'], 'names, the logins here');
  assert.equal(b.history[2].comment, '典型案例请补充服务过程');
  assert.equal(b.history[1].narrative.typical_cases, BRIEF.typical_cases);
  assert.match(b.history[3].narrative.typical_cases, /陪同就医/);
  assert.deepEqual(b.history[1].figures, frozen);
  // Every transition is in the audit log, by whom.
  const audit = await call('aud', 'GET', `/api/v1/audit?entity=report&entity_id=${brief.id}&limit=50`);
  assert.equal(audit.status, 200, audit.text);
  assert.deepEqual(audit.body.items.map((x) => `${x.action} ${x.actor}`).reverse(),
    ['report.create lead', 'report.submit lead', 'report.return town', 'report.update lead', 'report.submit lead',
      'report.accept town']);
  // … each named in words on the auditor's page and sheet.
  assert.deepEqual(audit.body.items.map((x) => x.action_label).reverse(),
    ['新建报告', '提交报告', '退回报告', '修改报告', '提交报告', '通过报告']);
});

test('a submitted report\'s figures do not move when records change later', async () => {
  const before = (await call('lead', 'GET', `/api/v1/reports/${brief.id}`)).body;
  const c = await api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, name: '后来老人', sex: 'F', birth_date: '1940-01-01' });
  assert.equal(c.status, 201, c.text);
  await visit('2026-05-20', [c.body.id]);
  // The live statistics moved …
  const st = await api(srv.base, 'GET', '/api/v1/stats?station_id=2&from=2026-05&to=2026-05');
  assert.equal(st.body.total.records, 3);
  assert.equal(st.body.total.clients_served, 2);
  // … the accepted report's did not.
  const after = (await call('lead', 'GET', `/api/v1/reports/${brief.id}`)).body;
  assert.deepEqual(after.figures, before.figures);
  assert.equal(after.figures.total.total.records, 2);
  assert.equal(after.figures_frozen, true);
});

// Every sheet of an .xlsx, each to its own CSV through LibreOffice (the
// 12th token: -1), by sheet name.
function sheetsOf(xlsx) {
  const dir = mkdtempSync(join(tmpdir(), 'sgz-report-'));
  writeFileSync(join(dir, 'r.xlsx'), xlsx);
  const lo = spawnSync('libreoffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to',
    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', dir, join(dir, 'r.xlsx')],
  { encoding: 'utf8', timeout: 120000 });
  assert.equal(lo.status, 0, lo.stderr);
  const sheets = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.csv'))) sheets[f.replace(/^r-|\.csv$/g, '')] = readFileSync(join(dir, f), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return sheets;
}

test('the .xlsx opens in LibreOffice with the report\'s figures and narrative', async () => {
  const res = await fetch(`${srv.base}/api/v1/reports/${brief.id}.xlsx`, { headers: { cookie: as.lead.cookie } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  const report = (await call('lead', 'GET', `/api/v1/reports/${brief.id}`)).body;
  const xlsx = Buffer.from(await res.arrayBuffer());
  const sheets = sheetsOf(xlsx);
  assert.ok(sheets['封面'], Object.keys(sheets).join(','));
  assert.match(sheets['封面'], /攸县联星街道社会工作服务站 月度工作简报/);
  assert.match(sheets['封面'], /2026-05 — 2026-05/);
  assert.match(sheets['封面'], /已通过/);
  assert.match(sheets['工作总结'], /陪同就医/);
  assert.match(sheets['工作总结'], /下阶段计划,开展防诈骗宣传/);
  // A section that looks like a formula stays text, whole (12 KB): as it
  // is, in the text format, not an apostrophe in its text.
  assert.ok(sheets['工作总结'].includes(`存在问题,=1+1 志愿者不足${'，'.repeat(4000)}\n`), sheets['工作总结'].slice(0, 300));
  const dir = mkdtempSync(join(tmpdir(), 'sgz-report-'));
  writeFileSync(join(dir, 'r.xlsx'), xlsx);
  const part = (name) => spawnSync('unzip', ['-p', join(dir, 'r.xlsx'), name], { encoding: 'utf8' }).stdout;
  const [strings, styles] = [part('xl/sharedStrings.xml'), part('xl/styles.xml')];
  const sheetNames = [...part('xl/workbook.xml').matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
  const summary = part(`xl/worksheets/sheet${sheetNames.indexOf('工作总结') + 1}.xml`);
  rmSync(dir, { recursive: true, force: true });
  const strs = [...strings.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => m[1]);
  const at = strs.findIndex((x) => x.includes('=1+1 志愿者不足'));
  assert.ok(at >= 0 && /<t[^>]*>=1\+1/.test(strs[at]), 'no apostrophe in the cell');
  const cell = summary.match(new RegExp(`<c [^>]*s="(\\d+)"[^>]*t="s"[^>]*><v>${at}</v>`)) || summary.match(new RegExp(`<c [^>]*t="s"[^>]*s="(\\d+)"[^>]*><v>${at}</v>`));
  assert.ok(cell, summary.slice(0, 1500));
  const xfs = [...styles.slice(styles.indexOf('<cellXfs')).matchAll(/<xf [^>]*>/g)].map((m) => m[0]);
  assert.match(xfs[Number(cell[1])], /numFmtId="49"/, 'a text cell');
  // A page printed alone says whose report it is and for when, under its title.
  assert.ok(sheets['主要数据'].startsWith('"主要数据\n攸县联星街道社会工作服务站　2026-05 — 2026-05",,\n'), sheets['主要数据'].slice(0, 80));
  assert.ok(sheets['工作总结'].startsWith('"工作总结\n攸县联星街道社会工作服务站　2026-05 — 2026-05",\n'), sheets['工作总结'].slice(0, 80));
  const figs = sheets['主要数据'].trim().split('\n').slice(1);
  assert.equal(figs[1], '指标,单位,数值');
  assert.equal(report.figures.available, true);
  // Each measure of the report's JSON, with the same value.
  const measures = report.figures.total.measures;
  assert.equal(figs.length, 2 + measures.length);
  const num = (cell) => Number(cell.replace(/[",]/g, ''));
  for (let i = 0; i < measures.length; i++) {
    const line = figs[2 + i];
    assert.ok(line.startsWith(measures[i].label + ','), line);
    const v = report.figures.total.total[measures[i].code];
    const last = line.slice(line.lastIndexOf(',') + 1);
    if (!measures[i].available || v === null) assert.equal(last, '暂无数据', line);
    else assert.equal(num(last), /fen/.test(measures[i].code) ? v / 100 : v, line);
  }
  assert.match(sheets['主要数据'], /服务记录,条,2\n/);
  assert.match(sheets['主要数据'], /服务人数,人,1\n/);
  // The cut by service type: the type's label and its records.
  const byType = sheets['按服务类型'].trim().split('\n').slice(1);
  assert.match(byType[1], /^服务类型,服务记录\(条\)/);
  assert.match(byType[2], /^入户走访,2,2,1,/);
  assert.match(byType.at(-1), /^合计,2,/);
  // The categories' rows need not add up to the total, and the sheet says why.
  assert.match(sheets['按对象类别'] || Object.keys(sheets).join(','), /各类别之和与合计不相等/);
});

test('sgz report: the list with deadlines, a report\'s .xlsx as the API gives it, bad input refused', async () => {
  let r = sgz(['report', 'list', '--type', 'monthly_brief'], srv.env);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], 'id\ttype\tscope\tperiod\tstatus\tdue\tsubmitted\toverdue');
  const row = lines.find((l) => l.startsWith(`${brief.id}\t`));
  assert.ok(row, r.stdout);
  assert.deepEqual(row.split('\t'), [String(brief.id), 'Monthly brief', '攸县联星街道社会工作服务站', '2026-05..2026-05', 'accepted',
    '2026-06-05', '2026-06-15', '']);
  assert.match(lines.at(-1), /^\d+ reports?$/);
  // The type in Chinese under a Chinese locale.
  r = sgz(['report', 'list', '--type', 'monthly_brief'], { ...srv.env, LANG: 'zh_CN.UTF-8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.includes(`\n${brief.id}\t月度工作简报\t`), r.stdout);
  r = sgz(['report', 'list', '--status', 'draft', '--from', '2026-05', '--to', '2026-05'], srv.env);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!r.stdout.includes(`\n${brief.id}\t`), r.stdout);
  // The same sheets as the API's .xlsx, in Chinese under a Chinese locale.
  const dir = mkdtempSync(join(tmpdir(), 'sgz-report-cli-'));
  const out = join(dir, '简报.xlsx');
  r = sgz(['report', 'export', String(brief.id), '--out', out], { ...srv.env, LANG: 'zh_CN.UTF-8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /accepted/);
  const res = await fetch(`${srv.base}/api/v1/reports/${brief.id}.xlsx`, { headers: { cookie: as.lead.cookie } });
  assert.deepEqual(sheetsOf(readFileSync(out)), sheetsOf(Buffer.from(await res.arrayBuffer())));
  // Never over an existing file; an unknown report; bad options.
  r = sgz(['report', 'export', String(brief.id), '--out', out], srv.env);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not overwritten/);
  r = sgz(['report', 'export', '999999', '--out', join(dir, 'x.xlsx')], srv.env);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no report 999999/);
  for (const args of [['list', '--type', 'weekly'], ['list', '--status', 'lost'], ['list', '--from', '2026-13'], ['export', 'abc'],
    ['export', String(brief.id), '--type', 'quarterly'], ['list', '--out', 'x.xlsx'], ['show']]) {
    r = sgz(['report', ...args], srv.env);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
  }
  rmSync(dir, { recursive: true, force: true });
  // The export is audited.
  const audit = await call('aud', 'GET', '/api/v1/audit?action=report.export');
  assert.equal(audit.status, 200, audit.text);
  assert.equal(audit.body.items.filter((x) => x.entity_id === String(brief.id)).length, 1);
});

test('the county\'s quarterly report is reviewed a level up, not by the county itself', async () => {
  let r = await call('county', 'POST', '/api/v1/reports', { type: 'quarterly', region_code: '430223', period_from: '2026-01', period_to: '2026-03' });
  assert.equal(r.status, 201, r.text);
  const q = r.body;
  assert.equal(q.scope_name, '攸县');
  // A quarter begun in February: its first month is the one said wrong.
  r = await call('county', 'POST', '/api/v1/reports', { type: 'quarterly', region_code: '430223', period_from: '2026-02', period_to: '2026-04' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'period_from');
  assert.match(r.body.error.message, /^报告期起：报告期须为整月/);
  // Begun in April and ended in May, its last month.
  r = await call('county', 'POST', '/api/v1/reports', { type: 'quarterly', region_code: '430223', period_from: '2026-04', period_to: '2026-05' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'period_to');
  r = await call('county', 'POST', '/api/v1/reports', { type: 'quarterly', region_code: '430224', period_from: '2026-01', period_to: '2026-03' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'region_code');
  // Figures alone are not a report: the words are the author's.
  r = await call('county', 'POST', `/api/v1/reports/${q.id}/submit`, { version: q.version });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'key_work');
  assert.equal(r.body.error.message, '工作总结还没有填写：请至少填写重点工作、亮点与成效、典型案例、存在问题或下阶段计划中的一项',
    'which parts are meant');
  r = await call('county', 'PATCH', `/api/v1/reports/${q.id}`, { key_work: '　 ', version: q.version });
  assert.equal(r.status, 200, r.text);
  assert.equal((await call('county', 'POST', `/api/v1/reports/${q.id}/submit`, { version: r.body.version })).status, 400, 'spaces are not words');
  r = await call('county', 'PATCH', `/api/v1/reports/${q.id}`, { key_work: '一季度全县社工站运行情况', version: r.body.version });
  assert.equal(r.status, 200, r.text);
  r = await call('county', 'POST', `/api/v1/reports/${q.id}/submit`, { version: r.body.version });
  assert.equal(r.status, 200, r.text);
  r = await call('county', 'POST', `/api/v1/reports/${q.id}/accept`, { version: r.body.version });
  assert.equal(r.status, 403, r.text);
  assert.match(r.body.error.message, /上级民政部门/);
  const v = (await call('city', 'GET', `/api/v1/reports/${q.id}`)).body.version;
  r = await call('city', 'POST', `/api/v1/reports/${q.id}/accept`, { version: v });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'accepted');
  // The station lead does not see the county's report.
  r = await call('lead', 'GET', `/api/v1/reports/${q.id}`);
  assert.equal(r.status, 404);
});

test('the county\'s self-evaluation, the organisation\'s fund-use statement; a final report before its period ends is refused', async () => {
  let r = await call('orgadm', 'POST', '/api/v1/reports', { type: 'final', contract_id: contract.id, period_from: '2026-01', period_to: '2026-06' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'period_to');
  assert.match(r.body.error.message, /尚未结束/);
  r = await call('orgadm', 'POST', '/api/v1/reports', { type: 'midterm', contract_id: contract.id, period_from: '2025-10', period_to: '2026-05' });
  assert.equal(r.status, 400, r.text);
  assert.match(r.body.error.message, /服务期限/);
  // The self-evaluation is the county bureau's, sent up (篇2: 县民政部门……每年11月底前向省民政厅
  // 提交绩效自评报告), not the organisation's of its contract.
  r = await call('orgadm', 'POST', '/api/v1/reports', { type: 'self_evaluation', region_code: '430223', period_from: '2026-01', period_to: '2026-12' });
  assert.equal(r.status, 403, r.text);
  assert.match(r.body.error.message, /民政/);
  r = await call('county', 'POST', '/api/v1/reports', { type: 'self_evaluation', contract_id: contract.id, period_from: '2026-01', period_to: '2026-12' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'contract_id');
  r = await call('county', 'POST', '/api/v1/reports', { type: 'self_evaluation', region_code: '430223', period_from: '2026-01', period_to: '2026-12',
    key_work: '全县社工站项目全年绩效自评' });
  assert.equal(r.status, 201, r.text);
  const se = r.body;
  assert.equal(se.due_on, '2026-11-30');
  assert.equal(se.scope_name, '攸县');
  assert.equal(se.contract_id ?? null, null);
  r = await call('county', 'POST', `/api/v1/reports/${se.id}/submit`, { version: se.version });
  assert.equal(r.status, 200, r.text);
  // Reviewed above the county, as its quarterly report is.
  r = await call('county', 'POST', `/api/v1/reports/${se.id}/accept`, { version: r.body.version });
  assert.equal(r.status, 403, r.text);
  assert.match(r.body.error.message, /上级民政部门/);
  r = await call('city', 'POST', `/api/v1/reports/${se.id}/accept`, { version: se.version + 1 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'accepted');
  // The fund-use statement carries what /fund_use sums for the contract.
  r = await call('orgadm', 'POST', '/api/v1/reports', { type: 'fund_use', contract_id: contract.id, period_from: '2026-01', period_to: '2026-05' });
  assert.equal(r.status, 201, r.text);
  const fu = r.body.figures.fund_use;
  assert.equal(fu.from, '2026-01-01');
  assert.equal(fu.to, '2026-05-31');
  assert.equal(fu.balance_fen, fu.allocated_fen - fu.spent_fen);
});

// The plans ask the mid-term and final reports 按时 without a day: once
// the evaluation they go with is held, one not submitted is a warning.
test('a mid-term evaluation held without the mid-term report submitted is a warning until the report is in', async () => {
  const ev = await call('county', 'POST', '/api/v1/evaluations', { contract_id: contract.id, kind: 'midterm', evaluated_on: '2026-05-20',
    passed: true, grade: 'good', evaluator: '第三方' });
  assert.equal(ev.status, 201, ev.text);
  const mine = async () => (await call('county', 'GET', '/api/v1/compliance?rule=report.overdue&limit=200')).body.items
    .filter((f) => f.entity === 'contract' && f.entity_id === contract.id && /中期/.test(f.message));
  assert.deepEqual((await mine()).map((f) => [f.severity, f.message]), [['warning', '中期评估已于2026-05-20进行，中期工作报告尚未提交']]);
  // Not written: the page may offer its author to write it (the months are hers to pick).
  assert.deepEqual((await mine())[0].report, { type: 'midterm', author_role: 'org_admin', period_from: null, period_to: null });
  let r = await call('orgadm', 'POST', '/api/v1/reports', { type: 'midterm', contract_id: contract.id, period_from: '2026-01', period_to: '2026-05',
    key_work: '上半年服务综述' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await mine()).length, 1, 'a draft is not submitted');
  assert.equal((await mine())[0].report, undefined, 'begun: nothing more to write');
  r = await call('orgadm', 'POST', `/api/v1/reports/${r.body.id}/submit`, { version: r.body.version });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await mine(), []);
});

test('the fund-use statement\'s .xlsx names its sources and expense categories as the dictionary does', async () => {
  const line = await api(srv.base, 'POST', '/api/v1/budget_lines', { region_code: '430223', year: 2026, source: 'hardship_relief',
    title: '困难群众救助补助资金', budget_fen: 50000000 });
  assert.equal(line.status, 201, line.text);
  let r = await api(srv.base, 'POST', '/api/v1/allocations', { budget_line_id: line.body.id, contract_id: contract.id,
    amount_fen: 20000000, allocated_on: '2026-03-05' });
  assert.equal(r.status, 201, r.text);
  for (const [category, amount] of [['wage', 360000], ['income_tax', 12000], ['activity_materials', 45000]]) {
    r = await api(srv.base, 'POST', '/api/v1/expenditures', { contract_id: contract.id, station_id: 2, spent_on: '2026-03-10',
      category, amount_fen: amount, payee: '驻站社工' });
    assert.equal(r.status, 201, r.text);
  }
  // A draft of its own (deleted at the end: the lists below count one).
  r = await call('orgadm', 'POST', '/api/v1/reports', { type: 'fund_use', contract_id: contract.id, period_from: '2026-03', period_to: '2026-05',
    key_work: '资金使用说明' });
  assert.equal(r.status, 201, r.text);
  const rep = r.body;
  const get = async (headers) => {
    const res = await fetch(`${srv.base}/api/v1/reports/${rep.id}.xlsx`, { headers: { cookie: as.orgadm.cookie, ...headers } });
    assert.equal(res.status, 200);
    return sheetsOf(Buffer.from(await res.arrayBuffer()));
  };
  const zh = (await get({}))['资金使用情况'];
  assert.ok(zh, 'a fund-use sheet');
  assert.match(zh, /资金来源,困难群众救助\(补助\)资金,200000\n/);
  assert.match(zh, /支出,工资,3600\n/);
  assert.match(zh, /支出,个人所得税,120\n/);
  assert.match(zh, /支出,活动物资,450\n/);
  assert.doesNotMatch(zh, /hardship_relief|wage|income_tax|activity_materials/);
  const enBook = await get({ 'accept-language': 'en' });
  // The cover's status is a label, as the page's badge reads.
  assert.match(enBook.Cover, /Status,Draft\n/);
  const en = enBook['Fund use'];
  assert.ok(en, 'a fund-use sheet in English');
  assert.match(en, /Allocated,Relief for people in hardship,200000\n/);
  assert.match(en, /Spent,Wages,3600\n/);
  assert.match(en, /Spent,Activity materials,450\n/);
  assert.doesNotMatch(en, /hardship_relief|income_tax|activity_materials/);
  r = await api(srv.base, 'DELETE', `/api/v1/reports/${rep.id}`, undefined, { 'if-match': String(rep.version) }, as.orgadm);
  assert.equal(r.status, 200, r.text);
  // The newest report deleted, its number is not given again: the audit
  // log's 报告 #id names one report (SQLite numbered on from the largest left).
  r = await call('orgadm', 'POST', '/api/v1/reports', { type: 'fund_use', contract_id: contract.id, period_from: '2026-03', period_to: '2026-05' });
  assert.equal(r.status, 201, r.text);
  assert.ok(r.body.id > rep.id, `${r.body.id} after ${rep.id}`);
  r = await api(srv.base, 'DELETE', `/api/v1/reports/${r.body.id}`, undefined, { 'if-match': String(r.body.version) }, as.orgadm);
  assert.equal(r.status, 200, r.text);
});

test('the organisation\'s monthly brief covers its contract\'s stations and is due on the 10th', async () => {
  const overdue = async () => (await call('county', 'GET', '/api/v1/compliance?rule=report.overdue&limit=200')).body.items
    .filter((x) => /^承接机构月度工作简报/.test(x.message)).map((x) => x.message);
  assert.ok((await overdue()).includes('承接机构月度工作简报(2026年5月)应于2026-06-10前报县(区)民政局，已逾期未提交'),
    (await overdue()).join('\n'));
  // The organisation is reminded; the township officer, who reads the
  // contract serving her township but not its reports (the county's), is not.
  const mine = (await call('orgadm', 'GET', '/api/v1/compliance?rule=report.overdue&limit=200')).body.items;
  const may = mine.find((x) => /^承接机构月度工作简报\(2026年5月\)/.test(x.message));
  assert.ok(may, JSON.stringify(mine));
  // What the page needs to open the dialog on it.
  assert.deepEqual([may.entity, may.contract_id, may.report],
    ['contract', contract.id, { type: 'org_monthly_brief', author_role: 'org_admin', period_from: '2026-05', period_to: '2026-05' }]);
  const town = await call('town', 'GET', '/api/v1/compliance?rule=report.overdue&limit=200');
  assert.equal(town.status, 200, town.text);
  assert.equal((await call('town', 'GET', `/api/v1/contracts/${contract.id}`)).status, 200, 'she reads the contract');
  assert.ok(town.body.items.length > 0, 'her stations\' briefs');
  assert.ok(!town.body.items.some((x) => /承接机构|自评/.test(x.message)), JSON.stringify(town.body.items));
  let r = await call('lead', 'POST', '/api/v1/reports', { type: 'org_monthly_brief', contract_id: contract.id, period_from: '2026-05' });
  assert.equal(r.status, 403, r.text);
  r = await call('orgadm', 'POST', '/api/v1/reports', { type: 'org_monthly_brief', contract_id: contract.id, period_from: '2026-05',
    key_work: '两站入户走访' });
  assert.equal(r.status, 201, r.text);
  const ob = r.body;
  // Begun: the finding names the draft, whose id the page links to.
  const begun = (await call('orgadm', 'GET', '/api/v1/compliance?rule=report.overdue&sort=mine&limit=200')).body.items
    .find((x) => /^承接机构月度工作简报\(2026年5月\)/.test(x.message));
  assert.deepEqual([begun.entity, begun.entity_id, begun.report],
    ['report', ob.id, { type: 'org_monthly_brief', author_role: 'org_admin', period_from: '2026-05', period_to: '2026-05', id: ob.id }]);
  assert.equal(ob.due_on, '2026-06-10');
  assert.equal(ob.period_to, '2026-05');
  // The figures of the stations the contract covers: the organisation's range.
  const st = await call('orgadm', 'GET', '/api/v1/stats?from=2026-05&to=2026-05');
  assert.equal(st.status, 200, st.text);
  // The county is more than her stations: not hers to ask for (as on the dashboard).
  assert.equal((await call('orgadm', 'GET', '/api/v1/stats?region=430223&from=2026-05&to=2026-05')).status, 404);
  assert.equal(ob.figures.total.total.records, st.body.total.records);
  assert.equal(ob.figures.total.total.clients_served, st.body.total.clients_served);
  assert.ok(st.body.total.records > 0);
  r = await call('orgadm', 'POST', '/api/v1/reports', { type: 'org_monthly_brief', contract_id: contract.id, period_from: '2026-05' });
  assert.equal(r.status, 409, r.text);
  r = await call('orgadm', 'POST', `/api/v1/reports/${ob.id}/submit`, { version: ob.version });
  assert.equal(r.status, 200, r.text);
  assert.ok(!(await overdue()).some((m) => m.includes('2026年5月')));
  r = await call('county', 'POST', `/api/v1/reports/${ob.id}/accept`, { version: r.body.version });
  assert.equal(r.status, 200, r.text);
});

test('overdue and upcoming reports are compliance findings under the profile\'s deadlines', async () => {
  const r = await api(srv.base, 'GET', '/api/v1/compliance?rule=report.overdue&limit=200');
  assert.equal(r.status, 200, r.text);
  const rule = r.body.rules.find((x) => x.code === 'report.overdue');
  assert.equal(rule.enabled, true);
  const msgs = r.body.items.map((f) => `${f.entity_name}|${f.message}`);
  // 联星街道's May brief was accepted; its April one was never written; 江桥街道 has none.
  assert.ok(!msgs.some((m) => m.startsWith('攸县联星街道社会工作服务站|月度工作简报(2026年5月)')), msgs.join('\n'));
  assert.ok(msgs.includes('攸县联星街道社会工作服务站|月度工作简报(2026年4月)应于2026-05-05前报乡镇(街道)民政办，已逾期未提交'), msgs.join('\n'));
  assert.ok(msgs.some((m) => m.startsWith('攸县江桥街道社会工作服务站|月度工作简报(2026年5月)')), msgs.join('\n'));
  // The county's first quarter was accepted; nothing is overdue for it.
  assert.ok(!msgs.some((m) => /季度/.test(m) && /2026年第1季度/.test(m)), msgs.join('\n'));
  const f = r.body.items.find((x) => x.rule === 'report.overdue' && /^月度/.test(x.message));
  assert.equal(f.severity, 'violation');
  assert.match(f.clause, /^reports\.monthly_brief/);
  // The county's half-years of 2025 are overdue for the county and the city.
  const county = await call('county', 'GET', '/api/v1/compliance?rule=report.overdue&limit=200');
  assert.ok(county.body.items.some((x) => /半年项目实施情况报告\(2025年下半年\)应于2026-01-15前/.test(x.message)));
  // A station lead sees only her station's.
  const mine = await call('lead', 'GET', '/api/v1/compliance?rule=report.overdue&limit=200');
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.body.items.length > 0);
  assert.ok(mine.body.items.every((x) => x.station_id === 2), JSON.stringify(mine.body.items));
});

test('each sees the reports of her range: the organisation its stations\' and its contract\'s', async () => {
  const seen = async (who) => (await call(who, 'GET', '/api/v1/reports?limit=200')).body.items.map((x) => x.type).sort();
  assert.deepEqual(await seen('orgadm'), ['fund_use', 'midterm', 'monthly_brief', 'org_monthly_brief']);
  assert.deepEqual(await seen('lead'), ['monthly_brief']);
  assert.deepEqual(await seen('town3'), []);
  assert.deepEqual(await seen('other'), []);
  // The organisation's fund-use statement is still its draft.
  const funds = (await call('orgadm', 'GET', '/api/v1/reports?type=fund_use')).body.items;
  assert.deepEqual(funds.map((x) => x.status), ['draft']);
  assert.deepEqual(await seen('county'), ['midterm', 'monthly_brief', 'org_monthly_brief', 'quarterly', 'self_evaluation']);
});

test('a report\'s attachments: added while a draft, read in range, locked once submitted', async () => {
  const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
  const upload = (who, id, name) => api(srv.base, 'POST', `/api/v1/reports/${id}/attachments?name=${encodeURIComponent(name)}`,
    new Uint8Array(pdf), { 'content-type': 'application/octet-stream' }, as[who]);
  let r = await call('lead', 'POST', '/api/v1/reports', { ...BRIEF, period_from: '2026-04' });
  assert.equal(r.status, 201, r.text);
  const april = r.body;
  r = await upload('lead', april.id, '四月活动签到表.pdf');
  assert.equal(r.status, 201, r.text);
  const token = r.body.token;
  const fileAs = (who) => fetch(`${srv.base}/api/v1/attachments/${token}`, { headers: { cookie: as[who].cookie } });
  // A draft's files are its authors' too.
  r = await call('town', 'GET', `/api/v1/reports/${april.id}/attachments`);
  assert.equal(r.status, 404, r.text);
  assert.equal((await fileAs('town')).status, 404);
  r = await call('lead', 'POST', `/api/v1/reports/${april.id}/submit`, { version: april.version });
  assert.equal(r.status, 200, r.text);
  r = await call('town', 'GET', `/api/v1/reports/${april.id}/attachments`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.items.map((x) => x.name), ['四月活动签到表.pdf']);
  const file = await fileAs('town');
  assert.equal(file.status, 200);
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), pdf);
  // Out of range: the other township sees neither the list nor the file.
  r = await call('town3', 'GET', `/api/v1/reports/${april.id}/attachments`);
  assert.equal(r.status, 404, r.text);
  assert.equal((await fileAs('town3')).status, 404);
  // Submitted: no more files, none removed.
  r = await upload('lead', april.id, '补充.pdf');
  assert.equal(r.status, 409, r.text);
  r = await call('lead', 'DELETE', `/api/v1/attachments/${token}`);
  assert.equal(r.status, 409, r.text);
  // A county report keeps its files too (with a station of the county).
  const q = (await call('county', 'GET', '/api/v1/reports?type=quarterly')).body.items[0];
  r = await upload('county', q.id, '季度督查照片.pdf');
  assert.equal(r.status, 409, r.text); // accepted already
  r = await call('county', 'POST', '/api/v1/reports', { type: 'half_year', region_code: '430223', period_from: '2025-07', period_to: '2025-12' });
  assert.equal(r.status, 201, r.text);
  const half = r.body;
  r = await upload('county', half.id, '半年督查照片.pdf');
  assert.equal(r.status, 201, r.text);
  const photo = r.body.token;
  // The bureau, which writes no service records, removes its own file
  // under the report's path; not under another report's, and a station
  // lead not at all.
  r = await call('county', 'DELETE', `/api/v1/attachments/${photo}`);
  assert.equal(r.status, 403, r.text);
  r = await call('county', 'DELETE', `/api/v1/reports/${q.id}/attachments/${photo}`);
  assert.equal(r.status, 404, r.text);
  r = await call('lead', 'DELETE', `/api/v1/reports/${half.id}/attachments/${photo}`);
  assert.equal(r.status, 404, r.text);
  r = await call('county', 'DELETE', `/api/v1/reports/${half.id}/attachments/${photo}`);
  assert.equal(r.status, 200, r.text);
  r = await call('county', 'GET', `/api/v1/reports/${half.id}/attachments`);
  assert.deepEqual(r.body.items, []);
  // The station's submitted brief keeps its file under either path.
  r = await call('lead', 'DELETE', `/api/v1/reports/${april.id}/attachments/${token}`);
  assert.equal(r.status, 409, r.text);
});

test('the report types say who writes, who reviews and the deadline', async () => {
  const r = await call('lead', 'GET', '/api/v1/report_types');
  assert.equal(r.status, 200, r.text);
  const by = Object.fromEntries(r.body.items.map((t) => [t.code, t]));
  assert.equal(by.monthly_brief.author_role, 'station_lead');
  assert.equal(by.monthly_brief.reviewer_role, 'township_officer');
  assert.equal(by.monthly_brief.due_day, 5);
  assert.equal(by.self_evaluation.due_month_day, '11-30');
  assert.match(by.self_evaluation.clause, /11月底/);
});

test('a contract past its term stays its organisation\'s: its final report counts its own stations, its December wages are booked', async () => {
  // Last year's contract covered station 4, which this year's does not.
  const k = await api(srv.base, 'POST', '/api/v1/contracts', {
    code: 'YX-2025-01', title: '攸县2025年度社工站服务项目', organisation_id: org.id, procurement: 'open_tender', cycle_years: 1,
    cycle_year: 1, amount_fen: 12000000, signed_on: '2025-01-05', effective_on: '2025-01-05', starts_on: '2025-01-01',
    ends_on: '2025-12-31', stations: [{ station_id: 4, amount_fen: 12000000 }],
  });
  assert.equal(k.status, 201, k.text);
  addUser(srv, 'w4', 'social_worker', 'stations:4');
  as.w4 = await session(srv.base, 'w4');
  for (const day of ['2025-11-10', '2025-12-01']) {
    const v = await call('w4', 'POST', '/api/v1/services', { station_id: 4, type: 'activity', title: '健康讲座', clients: [],
      extra_attendees: 20, started_at: `${day}T09:00`, ended_at: `${day}T10:30`, area: 'elderly_care', content: '讲座' });
    assert.equal(v.status, 201, v.text);
  }
  // The contract, its list and its money, for the organisation.
  assert.equal((await call('orgadm', 'GET', `/api/v1/contracts/${k.body.id}`)).status, 200);
  const listed = await call('orgadm', 'GET', '/api/v1/contracts?limit=200');
  assert.ok(listed.body.items.some((x) => x.id === k.body.id), 'listed');
  const wage = await call('orgadm', 'POST', '/api/v1/expenditures', { contract_id: k.body.id, station_id: 4, spent_on: '2025-12-31',
    category: 'wage', amount_fen: 450000, payee: '社工王某', description: '12月工资' });
  assert.equal(wage.status, 201, wage.text);
  // Not the station's people: those left with the contract.
  const people = await call('orgadm', 'GET', '/api/v1/clients?station_id=4');
  assert.equal(people.status, 200, people.text);
  assert.equal(people.body.total, 0);
  // The final report: the contract's station's records of the year.
  const fin = await call('orgadm', 'POST', '/api/v1/reports', { type: 'final', contract_id: k.body.id, period_from: '2025-01', period_to: '2025-12',
    key_work: '全年服务总结' });
  assert.equal(fin.status, 201, fin.text);
  const st = await call('county', 'GET', '/api/v1/stats?station_id=4&from=2025-01&to=2025-12');
  assert.equal(st.body.total.records, 2);
  assert.equal(fin.body.figures.total.total.records, 2);
  const sub = await call('orgadm', 'POST', `/api/v1/reports/${fin.body.id}/submit`, { version: fin.body.version });
  assert.equal(sub.status, 200, sub.text);
  assert.equal(sub.body.figures.total.total.records, 2, 'frozen as counted');
  // Another organisation's admin sees none of it.
  const o2 = await api(srv.base, 'POST', '/api/v1/organisations', { name: '攸县同心社会工作服务中心', credit_code: '91330100799655058B' });
  assert.equal(o2.status, 201, o2.text);
  const u = sgz(['user', 'add', 'orgadm2', '--roles', 'org_admin', '--range', 'self', '--org', String(o2.body.id), '--password-stdin'],
    srv.env, TEST_PASSWORD + '\n');
  assert.equal(u.status, 0, u.stderr);
  as.orgadm2 = await session(srv.base, 'orgadm2');
  assert.equal((await call('orgadm2', 'GET', `/api/v1/contracts/${k.body.id}`)).status, 404);
  assert.equal((await call('orgadm2', 'GET', `/api/v1/expenditures/${wage.body.id}`)).status, 404);
  assert.equal((await call('orgadm2', 'GET', `/api/v1/reports/${fin.body.id}`)).status, 404);
});

test('a returned report\'s files are its authors\': the reviewer who returned it adds and removes none', async () => {
  const pdf = new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n'));
  const upload = (who, id) => api(srv.base, 'POST', `/api/v1/reports/${id}/attachments?name=${encodeURIComponent('签到表.pdf')}`,
    pdf, { 'content-type': 'application/octet-stream' }, as[who]);
  let r = await call('lead', 'POST', '/api/v1/reports', { ...BRIEF, period_from: '2026-02' });
  assert.equal(r.status, 201, r.text);
  const feb = r.body;
  r = await upload('lead', feb.id);
  assert.equal(r.status, 201, r.text);
  const token = r.body.token;
  r = await call('lead', 'POST', `/api/v1/reports/${feb.id}/submit`, { version: feb.version });
  assert.equal(r.status, 200, r.text);
  r = await call('town', 'POST', `/api/v1/reports/${feb.id}/return`, { comment: '请补充照片', version: r.body.version });
  assert.equal(r.status, 200, r.text);
  r = await upload('town', feb.id);
  assert.equal(r.status, 403, r.text);
  r = await call('town', 'DELETE', `/api/v1/reports/${feb.id}/attachments/${token}`);
  assert.equal(r.status, 403, r.text);
  r = await call('lead', 'GET', `/api/v1/reports/${feb.id}/attachments`);
  assert.deepEqual(r.body.items.map((x) => x.token), [token], 'nothing added, nothing removed');
  r = await upload('lead', feb.id);
  assert.equal(r.status, 201, r.text);
});

test('a contract past its term keeps its filings and work plans for its organisation', async () => {
  const k = (await api(srv.base, 'GET', '/api/v1/contracts?limit=200')).body.items.find((x) => x.code === 'YX-2025-01');
  assert.ok(k, 'the 2025 contract of the test above');
  const f = await api(srv.base, 'POST', '/api/v1/filings', { kind: 'contract_copy', year: 2025, contract_id: k.id });
  assert.equal(f.status, 201, f.text);
  const p = await api(srv.base, 'POST', '/api/v1/work_plans', { kind: 'org_work_plan', year: 2025, title: '2025年度工作计划',
    organisation_id: org.id, contract_id: k.id, milestones: [{ title: '年终总结', due_on: '2025-12-31' }] });
  assert.equal(p.status, 201, p.text);
  assert.equal((await call('orgadm', 'GET', `/api/v1/filings/${f.body.id}`)).status, 200);
  assert.ok((await call('orgadm', 'GET', `/api/v1/filings?contract_id=${k.id}`)).body.items.some((x) => x.id === f.body.id));
  assert.equal((await call('orgadm', 'GET', `/api/v1/work_plans/${p.body.id}`)).status, 200);
  const plans = await call('orgadm', 'GET', '/api/v1/work_plans?year=2025');
  assert.ok(plans.body.items.some((x) => x.id === p.body.id), plans.text);
  // Another organisation sees neither.
  assert.equal((await call('orgadm2', 'GET', `/api/v1/filings/${f.body.id}`)).status, 404);
  assert.equal((await call('orgadm2', 'GET', `/api/v1/work_plans/${p.body.id}`)).status, 404);
  assert.equal((await call('orgadm2', 'GET', '/api/v1/work_plans?year=2025')).body.total, 0);
});

test('a station lead of the organisation reads and writes her own station\'s reports, not the others\'', async () => {
  for (const [name, st] of [['lead2org', 2], ['lead3org', 3]]) {
    const u = sgz(['user', 'add', name, '--roles', 'station_lead', '--range', `stations:${st}`, '--org', String(org.id),
      '--password-stdin'], srv.env, TEST_PASSWORD + '\n');
    assert.equal(u.status, 0, u.stderr);
    as[name] = await session(srv.base, name);
  }
  const r = await call('lead3org', 'POST', '/api/v1/reports', { ...BRIEF, station_id: 3, period_from: '2026-04', problems: '' });
  assert.equal(r.status, 201, r.text);
  const mine = (await call('lead2org', 'GET', '/api/v1/reports?limit=200')).body.items;
  assert.ok(mine.every((x) => x.station_id === 2 || x.station_id === null), JSON.stringify(mine.map((x) => [x.type, x.station_id])));
  assert.equal((await call('lead2org', 'GET', `/api/v1/reports/${r.body.id}`)).status, 404);
  const w = await call('lead2org', 'PATCH', `/api/v1/reports/${r.body.id}`, { key_work: '被其他站改写', version: r.body.version });
  assert.equal(w.status, 404, w.text);
  const s = await call('lead2org', 'POST', `/api/v1/reports/${r.body.id}/submit`, { version: r.body.version });
  assert.equal(s.status, 404, s.text);
  assert.equal((await call('lead3org', 'GET', `/api/v1/reports/${r.body.id}`)).body.key_work, BRIEF.key_work);
  const sent = await call('lead3org', 'POST', `/api/v1/reports/${r.body.id}/submit`, { version: r.body.version });
  assert.equal(sent.status, 200, sent.text);
  assert.equal((await call('orgadm', 'GET', `/api/v1/reports/${r.body.id}`)).status, 200, 'the organisation reads it');
  assert.equal((await call('lead2org', 'GET', `/api/v1/reports/${r.body.id}`)).status, 404);
});

test('a draft made by mistake is deleted by its author, after its files; a submitted report never is', async () => {
  let r = await call('lead', 'POST', '/api/v1/reports', { ...BRIEF, period_from: '2026-01' });
  assert.equal(r.status, 201, r.text);
  const draft = r.body;
  const pdf = new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n'));
  r = await api(srv.base, 'POST', `/api/v1/reports/${draft.id}/attachments?name=x.pdf`, pdf,
    { 'content-type': 'application/octet-stream' }, as.lead);
  assert.equal(r.status, 201, r.text);
  const token = r.body.token;
  // Not by a worker, not out of range, not without the version read.
  assert.equal((await call('worker', 'DELETE', `/api/v1/reports/${draft.id}`)).status, 403);
  assert.equal((await api(srv.base, 'DELETE', `/api/v1/reports/${draft.id}`, undefined, { 'if-match': '1' }, as.lead3org)).status, 404);
  r = await call('lead', 'DELETE', `/api/v1/reports/${draft.id}`);
  assert.equal(r.status, 428, r.text);
  r = await api(srv.base, 'DELETE', `/api/v1/reports/${draft.id}`, undefined, { 'if-match': String(draft.version + 1) }, as.lead);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'version');
  // Its file first: the message says how many.
  r = await api(srv.base, 'DELETE', `/api/v1/reports/${draft.id}`, undefined, { 'if-match': String(draft.version) }, as.lead);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'attachments');
  assert.match(r.body.error.message, /还有1个附件/);
  assert.equal((await call('lead', 'GET', `/api/v1/reports/${draft.id}`)).status, 200, 'nothing removed');
  r = await call('lead', 'DELETE', `/api/v1/reports/${draft.id}/attachments/${token}`);
  assert.equal(r.status, 200, r.text);
  r = await api(srv.base, 'DELETE', `/api/v1/reports/${draft.id}`, undefined, { 'if-match': `"${draft.version}"` }, as.lead);
  assert.equal(r.status, 200, r.text);
  assert.equal((await call('lead', 'GET', `/api/v1/reports/${draft.id}`)).status, 404);
  // The audit log keeps what it was; the period is free again.
  const audit = await call('aud', 'GET', `/api/v1/audit?entity=report&entity_id=${draft.id}&limit=50`);
  const del = audit.body.items.find((x) => x.action === 'report.delete');
  assert.ok(del, audit.text);
  assert.equal(del.actor, 'lead');
  assert.match(JSON.stringify(del.detail), /2026-01/);
  r = await call('lead', 'POST', '/api/v1/reports', { ...BRIEF, period_from: '2026-01' });
  assert.equal(r.status, 201, r.text);
  // Submitted (and later returned or accepted) reports stay: 痕迹管理.
  r = await api(srv.base, 'DELETE', `/api/v1/reports/${brief.id}`, undefined, { 'if-match': String(brief.version) }, as.lead);
  assert.equal(r.status, 409, r.text);
  assert.match(r.body.error.message, /只能删除从未提交过的草稿/);
  assert.equal((await call('lead', 'GET', `/api/v1/reports/${brief.id}`)).status, 200);
});

// A contract's own, for the tests of its one mid-term and one final
// report below (its stations are none of the others' this year).
let nth = 0;
async function ownContract(startsOn, endsOn) {
  nth++;
  const k = await api(srv.base, 'POST', '/api/v1/contracts', {
    code: `YX-ONE-${nth}`, title: `攸县社工站服务项目(${nth})`, organisation_id: org.id, procurement: 'open_tender', cycle_years: 1,
    cycle_year: 1, amount_fen: 1000000, signed_on: startsOn, effective_on: startsOn, starts_on: startsOn,
    ends_on: endsOn, stations: [{ station_id: 4, amount_fen: 1000000 }],
  });
  assert.equal(k.status, 201, k.text);
  return k.body;
}

test('a contract has one final and one mid-term report, whatever their periods; fund-use statements may be several', async () => {
  const k = await ownContract('2025-01-01', '2025-12-31');
  const write = (type, from, to) => call('orgadm', 'POST', '/api/v1/reports', { type, contract_id: k.id, period_from: from, period_to: to });
  let r = await write('final', '2025-01', '2025-12');
  assert.equal(r.status, 201, r.text);
  const fin = r.body;
  // Another first month is not another final report (the reviewer's case).
  for (const from of ['2025-02', '2025-03']) {
    r = await write('final', from, '2025-12');
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.error.field, 'type');
    assert.equal(r.body.error.existing_id, fin.id);
    assert.match(r.body.error.message, /末期工作报告/);
  }
  r = await write('midterm', '2025-01', '2025-06');
  assert.equal(r.status, 201, r.text);
  const mid = r.body;
  r = await write('midterm', '2025-02', '2025-07');
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.existing_id, mid.id);
  // Fund-use statements are sent as often as asked (定期).
  assert.equal((await write('fund_use', '2025-01', '2025-06')).status, 201);
  assert.equal((await write('fund_use', '2025-07', '2025-12')).status, 201);
  // Another organisation's admin is not told which report there is.
  const other = await api(srv.base, 'POST', '/api/v1/reports', { type: 'final', contract_id: k.id, period_from: '2025-02', period_to: '2025-12' },
    {}, as.orgadm2);
  assert.notEqual(other.status, 201, other.text);
  assert.equal(other.body.error.existing_id, undefined);
  // A draft made by mistake, deleted, frees the contract's place.
  r = await api(srv.base, 'DELETE', `/api/v1/reports/${fin.id}`, undefined, { 'if-match': String(fin.version) }, as.orgadm);
  assert.equal(r.status, 200, r.text);
  r = await write('final', '2025-02', '2025-12');
  assert.equal(r.status, 201, r.text);
  const list = (await call('orgadm', 'GET', '/api/v1/reports?type=final&limit=200')).body.items.filter((x) => x.contract_id === k.id);
  assert.deepEqual(list.map((x) => x.id), [r.body.id]);
});

test('a final report sums the term up to its end: its last month, the month it was terminated, or last month while it runs', async () => {
  const k = await ownContract('2025-07-01', '2026-12-31');
  const write = (from, to) => call('orgadm', 'POST', '/api/v1/reports', { type: 'final', contract_id: k.id, period_from: from, period_to: to });
  // Still running (the clock is in June 2026): up to May.
  let r = await write('2025-07', '2026-04');
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'period_to');
  assert.match(r.body.error.message, /末期工作报告须总结至服务期限的最后一个月/);
  // Terminated on 20 March: up to March; earlier is short of it.
  const t = await api(srv.base, 'POST', `/api/v1/contracts/${k.id}/terminate`, { reason: '承接主体严重违约', terminated_on: '2026-03-20',
    version: k.version });
  assert.equal(t.status, 200, t.text);
  r = await write('2025-07', '2026-02');
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'period_to');
  r = await write('2025-07', '2026-03');
  assert.equal(r.status, 201, r.text);
});

test('final and mid-term reports of one contract sent at once: exactly one is made', async () => {
  // A server of its own with more threads than cores, so that the
  // requests do run together (PostgreSQL takes no process-wide write lock).
  const s2 = await startServer({ env: { SGZ_THREADS: '8' } });
  try {
    const o = await api(s2.base, 'POST', '/api/v1/organisations', { name: '攸县并发社会工作服务中心', credit_code: '91350100M000100Y43' });
    assert.equal(o.status, 201, o.text);
    const u = sgz(['user', 'add', 'orgrace', '--roles', 'org_admin', '--range', 'self', '--org', String(o.body.id), '--password-stdin'],
      s2.env, TEST_PASSWORD + '\n');
    assert.equal(u.status, 0, u.stderr);
    const me = await session(s2.base, 'orgrace');
    const send = (method, path, body) => api(s2.base, method, path, body, {}, me);
    for (let round = 0; round < 6; round++) {
      const k = await api(s2.base, 'POST', '/api/v1/contracts', {
        code: `YX-RACE-${round}`, title: `攸县社工站服务项目(并发${round})`, organisation_id: o.body.id, procurement: 'open_tender',
        cycle_years: 1, cycle_year: 1, amount_fen: 1000000, signed_on: '2025-01-01', effective_on: '2025-01-01', starts_on: '2025-01-01',
        ends_on: '2025-12-31', stations: [{ station_id: 2, amount_fen: 1000000 }],
      });
      assert.equal(k.status, 201, k.text);
      const sends = [];
      for (let m = 1; m <= 6; m++) {
        const from = `2025-0${m}`;
        sends.push(send('POST', '/api/v1/reports', { type: 'final', contract_id: k.body.id, period_from: from, period_to: '2025-12' }));
        sends.push(send('POST', '/api/v1/reports', { type: 'midterm', contract_id: k.body.id, period_from: from, period_to: '2025-09' }));
      }
      const got = await Promise.all(sends);
      for (const type of ['final', 'midterm']) {
        const mine = got.filter((_, i) => (i % 2 === 0) === (type === 'final'));
        const made = mine.filter((r) => r.status === 201);
        assert.equal(made.length, 1, `round ${round} ${type}: ${mine.map((r) => r.status).join(',')}`);
        for (const r of mine.filter((x) => x.status !== 201)) {
          assert.equal(r.status, 409, r.text);
          assert.equal(r.body.error.existing_id, made[0].body.id);
        }
        const list = (await send('GET', `/api/v1/reports?type=${type}&limit=200`)).body.items.filter((x) => x.contract_id === k.body.id);
        assert.equal(list.length, 1, JSON.stringify(list.map((x) => [x.id, x.period_from])));
      }
    }
  } finally {
    const r = await s2.stop();
    assert.equal(r.code, 0, r.stderr);
  }
});

// Migration 44 made the self-evaluation the county's; of a county's
// written per contract before it, all but one stay on their contract
// (docs/reports.md). Such a report is read, written and reviewed as a
// contract's: its figures are its contract's stations', and the county
// reviews it (a county's own report would go a level up).
test('a self-evaluation written on a contract before migration 44 stays the contract\'s: the bureau finishes it, the county reviews it', async () => {
  const sql = 'INSERT INTO reports (type, scope_key, region_code, contract_id, organisation_id, period_from, period_to, status, key_work, ' +
    `created_by, created_at, updated_at) VALUES ('self_evaluation', 'c:${contract.id}', '430223', ${contract.id}, ${org.id}, '2025-01', '2025-12', ` +
    "'draft', '机构年度自评（迁移前）', 1, 1, 1)";
  if (BACKEND === 'postgres') execFileSync('psql', [srv.env.SGZ_DB, '-qAtc', sql]);
  else execFileSync('sqlite3', [srv.env.SGZ_DB, sql]);
  const old = (await call('county', 'GET', '/api/v1/reports?type=self_evaluation&limit=200')).body.items.find((x) => x.period_from === '2025-01');
  assert.ok(old, 'the county reads it');
  assert.equal(old.scope_name, 'YX-2026-01 攸县2026年度社工站服务项目');
  assert.equal(old.contract_id, contract.id);
  // The organisation no longer writes the type.
  let r = await call('orgadm', 'PATCH', `/api/v1/reports/${old.id}`, { key_work: '改', version: old.version });
  assert.equal(r.status, 404, r.text); // a draft of a type she does not write is not hers to see
  r = await call('county', 'POST', `/api/v1/reports/${old.id}/submit`, { version: old.version });
  assert.equal(r.status, 200, r.text);
  addUser(srv, 'county2', 'bureau', 'region:430223');
  as.county2 = await session(srv.base, 'county2');
  r = await call('county2', 'POST', `/api/v1/reports/${old.id}/accept`, { version: r.body.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'accepted');
});

test('a contract\'s own reports by contract_id: not its stations\' briefs, not another contract\'s; a malformed id is said', async () => {
  const mine = (await call('county', 'GET', `/api/v1/reports?contract_id=${contract.id}&limit=200`)).body.items;
  assert.ok(mine.length > 0);
  assert.ok(mine.every((x) => x.contract_id === contract.id && x.station_id === null), JSON.stringify(mine));
  assert.ok(mine.some((x) => x.type === 'org_monthly_brief'));
  assert.deepEqual((await call('county', 'GET', '/api/v1/reports?contract_id=999999')).body.items, []);
  const bad = await call('county', 'GET', '/api/v1/reports?contract_id=abc');
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.body.error.field, 'contract_id');
});

test('a county\'s own report is written by its county bureau; the city above reviews it and neither writes it nor reads its draft', async () => {
  const Q4 = { type: 'quarterly', region_code: '430223', period_from: '2025-10', period_to: '2025-12' };
  // 篇2: 县民政部门……向上级民政部门提交; the city, whose range covers the
  // county, and the range "all" are above it.
  for (const who of ['city', undefined]) {
    const r = await api(srv.base, 'POST', '/api/v1/reports', Q4, {}, who && as[who]);
    assert.equal(r.status, 403, r.text);
    assert.equal(r.body.error.field, 'region_code');
    assert.match(r.body.error.message, /^只有攸县民政部门（数据范围为该县）可以编写和提交此类报告/);
  }
  let r = await call('county', 'POST', '/api/v1/reports', Q4);
  assert.equal(r.status, 201, r.text);
  const q = r.body;
  // The draft is the county's: the city neither opens nor lists it.
  assert.equal((await call('city', 'GET', `/api/v1/reports/${q.id}`)).status, 404);
  assert.ok(!(await call('city', 'GET', '/api/v1/reports?type=quarterly&limit=200')).body.items.some((x) => x.id === q.id));
  assert.equal((await call('city', 'PATCH', `/api/v1/reports/${q.id}`, { key_work: '市局代写', version: q.version })).status, 404);
  r = await call('county', 'PATCH', `/api/v1/reports/${q.id}`, { key_work: '四季度全县社工站运行情况', version: q.version });
  assert.equal(r.status, 200, r.text);
  r = await call('county', 'POST', `/api/v1/reports/${q.id}/submit`, { version: r.body.version });
  assert.equal(r.status, 200, r.text);
  r = await call('city', 'POST', `/api/v1/reports/${q.id}/return`, { comment: '请补充典型案例', version: r.body.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'returned');
  // Returned, the city reads it and still does not write it.
  const back = r.body;
  for (const [method, path, body] of [['PATCH', `/api/v1/reports/${q.id}`, { typical_cases: '市局代写', version: back.version }],
    ['POST', `/api/v1/reports/${q.id}/submit`, { version: back.version }]]) {
    r = await call('city', method, path, body);
    assert.equal(r.status, 403, `${method} ${path}: ${r.text}`);
    assert.match(r.body.error.message, /攸县民政部门/);
  }
  r = await call('county', 'PATCH', `/api/v1/reports/${q.id}`, { typical_cases: '独居老人李某获助', version: back.version });
  assert.equal(r.status, 200, r.text);
  r = await call('county', 'POST', `/api/v1/reports/${q.id}/submit`, { version: r.body.version });
  assert.equal(r.status, 200, r.text);
  r = await call('city', 'POST', `/api/v1/reports/${q.id}/accept`, { version: r.body.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.typical_cases, '独居老人李某获助');
});
