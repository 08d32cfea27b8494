// 绩效评估 by indicators (DESIGN.md §6): the tree the sysadmin keeps
// (一级指标 grouping scored 二级指标), an evaluation scored on every
// indicator in use, whose total's share of the full points decides its
// grade and whether it passed by the bands; past scores keep the
// indicator's name and points; one organisation cannot read another's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, api, addUser, session, sgz, BACKEND } from './lib.mjs';

let srv;
const as = {};
const ids = {};
let tree;
const call = (method, path, body, auth, headers = {}) => api(srv.base, method, path, body, headers, auth);

before(async () => {
  srv = await startServer();
  for (const [k, name, code] of [['org1', '攸县同心社会工作服务中心', '91350100M000100Y43'],
    ['org2', '攸县启明社会工作服务中心', '91330100799655058B']]) {
    const r = await call('POST', '/api/v1/organisations', { name, credit_code: code, rating: '4A' });
    assert.equal(r.status, 201, r.text);
    ids[k] = r.body.id;
  }
  const st = (await call('GET', '/api/v1/stations?type=township_station&limit=200&sort=id')).body.items;
  const k = await call('POST', '/api/v1/contracts', {
    code: 'E1', title: '协议E1', organisation_id: ids.org1, procurement: 'open_tender', cycle_years: 3, cycle_year: 1,
    amount_fen: 12000000, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-01',
    ends_on: '2026-12-31', stations: [{ station_id: st[0].id, amount_fen: 12000000 }],
  });
  assert.equal(k.status, 201, k.text);
  ids.k = k.body.id;
  for (const [name, org] of [['oa1', ids.org1], ['oa2', ids.org2]]) {
    const r = sgz(['user', 'add', name, '--roles', 'org_admin', '--range', 'all', '--org', String(org), '--password-stdin'],
      srv.env, 'Init-Passw0rd\n');
    assert.equal(r.status, 0, r.stderr);
  }
  addUser(srv, 'bur', 'bureau', 'all');
  addUser(srv, 'ev', 'evaluator', 'all');
  addUser(srv, 'ev2', 'evaluator', 'all');
  addUser(srv, 'sys', 'sysadmin', 'all');
  addUser(srv, 'sw', 'social_worker', `stations:${st[0].id}`);
  for (const u of ['oa1', 'oa2', 'bur', 'ev', 'ev2', 'sys', 'sw']) as[u] = await session(srv.base, u);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const leaves = () => tree.items.flatMap((d) => d.children);
// A score for every indicator in use: its points less `less` each, the
// first one taking what is left of `off`.
function scores(total) {
  const all = leaves();
  let missing = all.reduce((s, c) => s + c.max_score * 10, 0) - Math.round(total * 10);
  return all.map((c) => {
    const take = Math.min(missing, c.max_score * 10);
    missing -= take;
    return { indicator_id: c.id, score: (c.max_score * 10 - take) / 10, comment: `${c.name}情况良好` };
  });
}
const evaluate = (body, auth) => call('POST', '/api/v1/evaluations',
  { contract_id: ids.k, kind: 'midterm', evaluated_on: '2026-06-01', evaluator: '湘评社会工作评估中心', ...body }, auth);

test('the tree: four first-level indicators of 100 points in all, graded at 90, 80 and 60', async () => {
  const r = await call('GET', '/api/v1/evaluation_indicators', undefined, as.bur);
  assert.equal(r.status, 200, r.text);
  tree = r.body;
  assert.deepEqual(tree.items.map((d) => d.name), ['项目管理', '服务数量', '服务质量', '资金使用']);
  assert.equal(tree.max_score, 100);
  for (const d of tree.items) {
    assert.equal(d.parent_id, null);
    assert.equal(d.max_score, d.children.reduce((s, c) => s + c.max_score, 0), d.name);
  }
  assert.deepEqual(tree.bands, { excellent: 90, good: 80, pass: 60, version: 1 });
  assert.equal((await call('GET', '/api/v1/evaluation_indicators', undefined, as.oa1)).status, 200);
  assert.equal((await call('GET', '/api/v1/evaluation_indicators', undefined, as.sw)).status, 403);
});

test('scored on every indicator within its points; the total decides grade and passed', async () => {
  const count = async () => (await call('GET', `/api/v1/evaluations?contract_id=${ids.k}`)).body.total;
  const before = await count();
  const full = scores(85.5);
  const refused = [
    [{ scores: full.slice(1) }, 'scores', new RegExp(`${leaves()[0].name}：尚未评分`)],
    [{ scores: [{ ...full[0], score: leaves()[0].max_score + 0.5 }, ...full.slice(1)] }, 'scores[0].score', /得分须在0到该项分值之间/],
    [{ scores: [{ ...full[0], score: 3.25 }, ...full.slice(1)] }, 'scores[0].score', /最多保留一位小数/],
    [{ scores: [{ ...full[0], score: 1e-7 }, ...full.slice(1)] }, 'scores[0].score', /最多保留一位小数/],
    [{ scores: [{ ...full[0], score: -1 }, ...full.slice(1)] }, 'scores[0].score', /超出允许范围/],
    [{ scores: [...full, { ...full[2] }] }, `scores[${full.length}].indicator_id`, /重复列入/],
    [{ scores: [{ ...full[0], indicator_id: tree.items[0].id }, ...full.slice(1)] }, 'scores[0].indicator_id', /在用的二级指标/],
    [{ scores: full, grade: 'excellent' }, 'grade', /等次与按评分得出的等次不一致/],
    [{ scores: full, passed: false }, 'passed', /不一致/],
    [{ scores: [] }, 'scores', /./],
    // A result names who judged, scored or entered from the paper.
    [{ scores: full, evaluator: undefined }, 'evaluator', /^评估机构不能为空$/],
    [{ scores: full, evaluator: '　 ' }, 'evaluator', /^评估机构不能为空$/],
    [{ passed: true, grade: 'good', evaluator: undefined }, 'evaluator', /^评估机构不能为空$/],
    [{ passed: false, evaluator: '' }, 'evaluator', /^评估机构不能为空$/],
  ];
  for (const [body, field, message] of refused) {
    const r = await evaluate(body, as.ev);
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    assert.equal(r.body.error.field, field, r.text);
    assert.match(r.body.error.message, message);
  }
  assert.equal(await count(), before, 'nothing half-written');
  // The third-party evaluator scores; the grade and passed follow.
  const good = await evaluate({ scores: full, grade: 'good' }, as.ev);
  assert.equal(good.status, 201, good.text);
  assert.equal(good.body.total_score, 85.5);
  assert.equal(good.body.max_score, 100);
  assert.equal(good.body.grade, 'good');
  assert.equal(good.body.passed, true);
  assert.deepEqual(good.body.scores.map((s) => s.name), leaves().map((c) => c.name), 'in the tree\'s order');
  assert.equal(good.body.scores[0].dimension, '项目管理');
  assert.equal(good.body.scores[0].comment, `${leaves()[0].name}情况良好`);
  assert.equal(good.body.scores.reduce((s, c) => s + c.score * 10, 0), 855);
  ids.good = good.body.id;
  const fail = await evaluate({ scores: scores(59.9) }, as.bur);
  assert.equal(fail.status, 201, fail.text);
  assert.deepEqual([fail.body.grade, fail.body.passed, fail.body.total_score], ['fail', false, 59.9]);
  const top = await evaluate({ scores: scores(90) }, as.bur);
  assert.deepEqual([top.body.grade, top.body.passed], ['excellent', true]);
  const list = (await call('GET', `/api/v1/evaluations?contract_id=${ids.k}`)).body.items;
  assert.deepEqual(list.find((e) => e.id === ids.good).total_score, 85.5);
  // A result recorded from a paper report still needs passed, and has
  // no score.
  assert.equal((await evaluate({ grade: 'pass' })).body.error.field, 'passed');
  const paper = await evaluate({ passed: true, grade: 'pass' });
  assert.equal(paper.status, 201, paper.text);
  assert.equal(paper.body.total_score, null);
  assert.deepEqual(paper.body.scores, []);
});

test('an organisation reads its own contract\'s evaluations only', async () => {
  const own = await call('GET', `/api/v1/evaluations/${ids.good}`, undefined, as.oa1);
  assert.equal(own.status, 200, own.text);
  assert.equal(own.body.scores.length, leaves().length);
  assert.equal((await call('GET', `/api/v1/evaluations/${ids.good}`, undefined, as.oa2)).status, 404);
  assert.equal((await call('GET', `/api/v1/evaluations/${ids.good}`, undefined, as.sw)).status, 403);
  assert.equal((await evaluate({ scores: scores(80) }, as.oa1)).status, 403);
});

test('the sysadmin keeps the tree; past scores keep their names and points', async () => {
  const quality = tree.items.find((d) => d.name === '服务质量');
  const add = { parent_id: quality.id, name: '服务创新', max_score: 5, guidance: '有特色服务项目' };
  assert.equal((await call('POST', '/api/v1/evaluation_indicators', add, as.bur)).status, 403);
  const bad = [
    [{ name: '党建引领', max_score: 10 }, 'max_score', /一级指标的分值是其二级指标分值之和/],
    [{ ...add, parent_id: quality.children[0].id }, 'parent_id', /须是一项在用的一级指标/],
    [{ ...add, max_score: 0 }, 'max_score', /超出允许范围/],
    [{ ...add, max_score: 2.55 }, 'max_score', /最多保留一位小数/],
    [{ ...add, name: '' }, 'name', /./],
  ];
  for (const [body, field, message] of bad) {
    const r = await call('POST', '/api/v1/evaluation_indicators', body, as.sys);
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    assert.equal(r.body.error.field, field);
    assert.match(r.body.error.message, message);
  }
  const made = await call('POST', '/api/v1/evaluation_indicators', add, as.sys);
  assert.equal(made.status, 201, made.text);
  assert.equal(made.body.max_score, 5);
  // Rename a scored indicator and change its points.
  const first = leaves()[0];
  const ren = await call('PATCH', `/api/v1/evaluation_indicators/${first.id}`,
    { name: '站点建设', max_score: 12.5, version: first.version }, as.sys);
  assert.equal(ren.status, 200, ren.text);
  const stale = await call('PATCH', `/api/v1/evaluation_indicators/${first.id}`, { name: '又改', version: first.version }, as.sys);
  assert.equal(stale.status, 409);
  tree = (await call('GET', '/api/v1/evaluation_indicators')).body;
  assert.equal(tree.max_score, 107.5);
  const past = (await call('GET', `/api/v1/evaluations/${ids.good}`)).body;
  assert.equal(past.scores[0].name, first.name, 'the name it was scored under');
  assert.equal(past.scores[0].max_score, first.max_score);
  assert.deepEqual([past.total_score, past.max_score], [85.5, 100]);
  // The new indicator must now be scored too; 86 of 107.5 is 80 %.
  const old = (await evaluate({ scores: full85() }, as.ev));
  assert.equal(old.status, 400);
  assert.match(old.body.error.message, /服务创新：尚未评分/);
  const now = await evaluate({ scores: scores(86) }, as.ev);
  assert.equal(now.status, 201, now.text);
  assert.deepEqual([now.body.grade, now.body.max_score], ['good', 107.5]);
  // A first-level indicator is stopped after what is under it.
  const renamedDim = await call('PATCH', `/api/v1/evaluation_indicators/${quality.id}`, { name_en: 'Quality', version: quality.version }, as.sys);
  assert.equal(renamedDim.status, 200, renamedDim.text);
  assert.equal(renamedDim.body.max_score, 30, 'a first-level indicator\'s points are its indicators\', as in the list');
  quality.version = renamedDim.body.version;
  const stop = await call('PATCH', `/api/v1/evaluation_indicators/${quality.id}`, { active: false, version: quality.version }, as.sys);
  assert.equal(stop.status, 409);
  assert.match(stop.body.error.message, /请先停用这项一级指标下的二级指标/);
  const inno = tree.items.find((d) => d.id === quality.id).children.find((c) => c.name === '服务创新');
  const off = await call('PATCH', `/api/v1/evaluation_indicators/${inno.id}`, { active: false, version: inno.version }, as.sys);
  assert.equal(off.status, 200, off.text);
  tree = (await call('GET', '/api/v1/evaluation_indicators')).body;
  assert.equal(tree.max_score, 102.5);
  const all = (await call('GET', '/api/v1/evaluation_indicators?all=true')).body;
  assert.ok(all.items.find((d) => d.id === quality.id).children.some((c) => c.id === inno.id && !c.active));
  // Scoring a stopped indicator is refused.
  const withStopped = await evaluate({ scores: [...scores(90), { indicator_id: inno.id, score: 1 }] }, as.ev);
  assert.equal(withStopped.status, 400);
  assert.equal(withStopped.body.error.field, `scores[${leaves().length}].indicator_id`);
});

function full85() {
  // The scores of the tree before the sysadmin's changes: the new
  // indicator is not among them.
  return scores(85).filter((s) => s.indicator_id !== leaves().find((c) => c.name === '服务创新')?.id);
}

test('bands: in order, set by the sysadmin, grading what is scored after', async () => {
  const bad = await call('PUT', '/api/v1/evaluation_bands', { excellent: 80, good: 80, pass: 60, version: 1 }, as.sys);
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /优秀 > 良好 > 合格/);
  assert.equal((await call('PUT', '/api/v1/evaluation_bands', { excellent: 85, good: 75, pass: 60, version: 1 }, as.bur)).status, 403);
  assert.equal((await call('PUT', '/api/v1/evaluation_bands', { excellent: 85, good: 75, pass: 60 }, as.sys)).status, 428,
    'the version read is required');
  const ok = await call('PUT', '/api/v1/evaluation_bands', { excellent: 85, good: 75, pass: 60, version: 1 }, as.sys);
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.body.bands, { excellent: 85, good: 75, pass: 60, version: 2 });
  const lost = await call('PUT', '/api/v1/evaluation_bands', { excellent: 95, good: 85, pass: 70, version: 1 }, as.sys);
  assert.equal(lost.status, 409, 'another\'s change is not overwritten');
  const r = await evaluate({ scores: scores(tree.max_score * 0.8) }, as.ev);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.grade, 'good');
  const past = (await call('GET', `/api/v1/evaluations/${ids.good}`)).body;
  assert.equal(past.grade, 'good', 'a past grade stays');
});

test('the results as published: a year\'s evaluations as .xlsx with contract, organisation, score and grade, audited', async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const get = (q) => fetch(`${srv.base}/api/v1/evaluations.xlsx?${q}`, { headers: { cookie: as.bur.cookie } });
  const res = await get('year=2026');
  assert.equal(res.status, 200, await res.clone().text());
  assert.match(res.headers.get('content-disposition'), /%E7%BB%A9%E6%95%88%E8%AF%84%E4%BC%B0%E7%BB%93%E6%9E%9C/, 'named 绩效评估结果');
  const dir = mkdtempSync(join(tmpdir(), 'sgz-ev-'));
  writeFileSync(join(dir, 'x.xlsx'), Buffer.from(await res.arrayBuffer()));
  const sheet = execFileSync('unzip', ['-p', join(dir, 'x.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  const rows = [...sheet.matchAll(/<row [^>]*>(.*?)<\/row>/g)].map((m) => [...m[1].matchAll(/<c ([^>]*)>(.*?)<\/c>/g)]
    .map(([, attrs, inner]) => (/t="inlineStr"/.test(attrs) ? /<t[^>]*>([^<]*)<\/t>/.exec(inner)?.[1] ?? '' : Number(/<v>([^<]*)<\/v>/.exec(inner)[1]))));
  const list = (await call('GET', `/api/v1/evaluations?year=2026&limit=200`, undefined, as.bur)).body;
  const body = rows.filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(r[0]));
  assert.equal(body.length, list.total, 'a row an evaluation of the year');
  const good = body.find((r) => r[6] === 85.5);
  assert.deepEqual(good.slice(0, 10), ['2026-06-01', 'E1', '协议E1', '攸县同心社会工作服务中心', '中期评估', '湘评社会工作评估中心', 85.5, 100, '良好', '合格']);
  assert.equal((await call('GET', '/api/v1/evaluations?year=2025')).body.total, 0, 'the year filters');
  assert.equal((await get('year=20x6')).status, 400);
  addUser(srv, 'audev', 'auditor', 'all');
  const aud = await session(srv.base, 'audev');
  const logged = (await call('GET', '/api/v1/audit?action=evaluation.export', undefined, aud)).body;
  assert.ok(logged.items.length >= 1, 'audited');
});

test('an evaluation recorded by mistake is voided with its reason; one an installment was paid on stays', async () => {
  const st = (await call('GET', '/api/v1/stations?type=township_station&limit=5&sort=id')).body.items;
  const k = await call('POST', '/api/v1/contracts', {
    code: 'E2', title: '协议E2', organisation_id: ids.org1, procurement: 'open_tender', cycle_years: 3, cycle_year: 1,
    amount_fen: 12000000, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-01',
    ends_on: '2026-12-31', stations: [{ station_id: st[1].id, amount_fen: 12000000 }],
  });
  assert.equal(k.status, 201, k.text);
  const g = await call('POST', `/api/v1/contracts/${k.body.id}/payments`, { schedule: [
    { percent: 50, trigger: 'effective', working_days: 15 }, { percent: 50, trigger: 'midterm_passed', working_days: 15 }] });
  assert.equal(g.status, 201, g.text);
  const second = () => call('GET', `/api/v1/contracts/${k.body.id}/payments`).then((r) => r.body.items[1]);
  const wrong = await call('POST', '/api/v1/evaluations', { contract_id: k.body.id, kind: 'midterm', evaluated_on: '2026-06-01',
    passed: false, grade: 'fail', evaluator: '录错了' });
  assert.equal(wrong.status, 201, wrong.text);
  assert.equal((await second()).evaluation_failed, true);
  const voidIt = (id, body, auth) => call('POST', `/api/v1/evaluations/${id}/void`, body, auth);
  assert.equal((await voidIt(wrong.body.id, {}, as.bur)).status, 400, 'the reason is required');
  assert.equal((await voidIt(wrong.body.id, { reason: '录入错误' }, as.oa1)).status, 403);
  const v = await voidIt(wrong.body.id, { reason: '录入错误，应为另一协议' }, as.bur);
  assert.equal(v.status, 200, v.text);
  assert.ok(v.body.voided_at);
  assert.equal(v.body.voided_reason, '录入错误，应为另一协议');
  assert.equal((await voidIt(wrong.body.id, { reason: '再次' }, as.bur)).status, 409);
  assert.equal((await second()).evaluation_failed, false, 'a voided evaluation counts for nothing');
  const listed = (await call('GET', `/api/v1/evaluations?contract_id=${k.body.id}`)).body.items;
  assert.deepEqual(listed.map((e) => Boolean(e.voided_at)), [true], 'still on the list, as voided');
  // Passed and paid on: it stays.
  const ok = await call('POST', '/api/v1/evaluations', { contract_id: k.body.id, kind: 'midterm', evaluated_on: '2026-06-02',
    passed: true, grade: 'good', evaluator: '第三方' });
  assert.equal(ok.status, 201, ok.text);
  const p2 = await second();
  const paid = await call('POST', `/api/v1/payments/${p2.id}/pay`, { paid_on: '2026-06-10', version: p2.version });
  assert.equal(paid.status, 200, paid.text);
  const kept = await voidIt(ok.body.id, { reason: '想作废' }, as.bur);
  assert.equal(kept.status, 409, kept.text);
  assert.match(kept.body.error.message, /已依据这次评估拨付款项，不能作废/);
  // A pass recorded after the payment was not its ground: entered wrong,
  // it is voided, and then no longer offered for voiding.
  const later = await call('POST', '/api/v1/evaluations', { contract_id: k.body.id, kind: 'midterm', evaluated_on: '2026-06-12',
    passed: true, grade: 'good', evaluator: '第三方' });
  assert.equal(later.status, 201, later.text);
  assert.equal(later.body.voidable, true);
  const gone = await voidIt(later.body.id, { reason: '重复录入' }, as.bur);
  assert.equal(gone.status, 200, gone.text);
  assert.equal(gone.body.voidable, false, 'voided: not offered again');
});

test('a scored evaluation saved before the evaluator was required still reads, lists and exports', async () => {
  const made = await evaluate({ kind: 'annual', evaluated_on: '2026-06-03', scores: scores(88) }, as.ev);
  assert.equal(made.status, 201, made.text);
  // As a database from before the rule holds it: no evaluator.
  const sql = `UPDATE evaluations SET evaluator = '' WHERE id = ${made.body.id}`;
  if (BACKEND === 'postgres') execFileSync('psql', [srv.env.SGZ_DB, '-qAtc', sql]);
  else execFileSync('sqlite3', [srv.env.SGZ_DB, sql]);
  const one = await call('GET', `/api/v1/evaluations/${made.body.id}`, undefined, as.bur);
  assert.equal(one.status, 200, one.text);
  assert.deepEqual([one.body.evaluator, one.body.total_score, one.body.scores.length], ['', 88, leaves().length]);
  const listed = (await call('GET', `/api/v1/evaluations?contract_id=${ids.k}&limit=200`, undefined, as.oa1)).body.items;
  assert.equal(listed.find((e) => e.id === made.body.id).evaluator, '');
  const x = await fetch(`${srv.base}/api/v1/evaluations.xlsx?year=2026`, { headers: { cookie: as.bur.cookie } });
  assert.equal(x.status, 200);
});

test('an evaluation is not changed in place: no PATCH or PUT, it is voided and recorded again', async () => {
  const r = await call('POST', '/api/v1/evaluations', { contract_id: ids.k, kind: 'annual', evaluated_on: '2026-06-03',
    passed: true, grade: 'good', evaluator: '第三方评估机构' }, as.bur);
  assert.equal(r.status, 201, r.text);
  for (const method of ['PATCH', 'PUT']) {
    const w = await call(method, `/api/v1/evaluations/${r.body.id}`, { grade: 'excellent', version: 1 }, as.bur, { 'If-Match': '"1"' });
    assert.equal(w.status, 405, `${method}: ${w.text}`);
  }
  const kept = await call('GET', `/api/v1/evaluations/${r.body.id}`, undefined, as.bur);
  assert.equal(kept.body.grade, 'good', 'unchanged');
  const v = await call('POST', `/api/v1/evaluations/${r.body.id}/void`, { reason: '等次录错，应为优秀' }, as.bur);
  assert.equal(v.status, 200, v.text);
  const again = await call('POST', '/api/v1/evaluations', { contract_id: ids.k, kind: 'annual', evaluated_on: '2026-06-03',
    passed: true, grade: 'excellent', evaluator: '第三方评估机构' }, as.bur);
  assert.equal(again.status, 201, again.text);
  const listed = (await call('GET', `/api/v1/evaluations?contract_id=${ids.k}&limit=100`, undefined, as.bur)).body.items
    .filter((e) => e.id >= r.body.id);
  assert.deepEqual(listed.map((e) => [e.grade, Boolean(e.voided_at)]).sort(), [['excellent', false], ['good', true]]);
});

test('an evaluation is voided by whoever recorded it or by the bureau, never by another evaluator', async () => {
  const rec = (auth, evaluated_on) => call('POST', '/api/v1/evaluations', { contract_id: ids.k, kind: 'annual', evaluated_on,
    passed: false, grade: 'fail', evaluator: '第三方评估机构' }, auth);
  const voidIt = (id, auth) => call('POST', `/api/v1/evaluations/${id}/void`, { reason: '录入错误' }, auth);
  const a = await rec(as.ev, '2026-06-05');
  assert.equal(a.status, 201, a.text);
  assert.equal(a.body.voidable, true, 'her own');
  const seen = await call('GET', `/api/v1/evaluations/${a.body.id}`, undefined, as.ev2);
  assert.equal(seen.body.voidable, false, "another evaluator's");
  const other = await voidIt(a.body.id, as.ev2);
  assert.equal(other.status, 403, other.text);
  assert.match(other.body.error.message, /录入该评估结果的人员或民政局/);
  assert.equal((await call('GET', `/api/v1/evaluations/${a.body.id}`, undefined, as.bur)).body.voided_at, null, 'still in force');
  assert.equal((await voidIt(a.body.id, as.ev)).status, 200, 'the one who recorded it');
  const b = await rec(as.ev2, '2026-06-06');
  assert.equal(b.status, 201, b.text);
  assert.equal((await voidIt(b.body.id, as.bur)).status, 200, 'the bureau');
});

// An evaluation judges the service given: one dated before the term starts
// would release the installment waiting on it for work not yet done.
test('a mid-term evaluation dated before the service term starts is refused; the installment stays waiting', async () => {
  const st = (await call('GET', '/api/v1/stations?type=township_station&limit=5&sort=id')).body.items;
  const k = await call('POST', '/api/v1/contracts', {
    code: 'E-EARLY', title: '协议早评', organisation_id: ids.org1, procurement: 'open_tender', cycle_years: 1, cycle_year: 1,
    amount_fen: 6000000, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-05-01',
    ends_on: '2027-04-30', stations: [{ station_id: st[2].id, amount_fen: 6000000 }],
  });
  assert.equal(k.status, 201, k.text);
  const g = await call('POST', `/api/v1/contracts/${k.body.id}/payments`, { schedule: [
    { percent: 50, trigger: 'effective', working_days: 15 }, { percent: 50, trigger: 'midterm_passed', working_days: 15 }] });
  assert.equal(g.status, 201, g.text);
  for (const kind of ['midterm', 'final', 'annual']) {
    const r = await call('POST', '/api/v1/evaluations', { contract_id: k.body.id, kind, evaluated_on: '2026-04-20',
      passed: true, grade: 'good', evaluator: '第三方机构' });
    assert.equal(r.status, 400, `${kind}: ${r.text}`);
    assert.equal(r.body.error.field, 'evaluated_on');
    assert.match(r.body.error.message, /评估日期不能早于协议服务期限的开始日期/);
  }
  const second = (await call('GET', `/api/v1/contracts/${k.body.id}/payments`)).body.items[1];
  assert.equal(second.due_on ?? null, null, 'still waiting on its evaluation');
  const ok = await call('POST', '/api/v1/evaluations', { contract_id: k.body.id, kind: 'midterm', evaluated_on: '2026-06-01',
    passed: true, grade: 'good', evaluator: '第三方机构' });
  assert.equal(ok.status, 201, ok.text);
});

// A supplementary agreement's new amount moves the installments not yet
// paid: the auditor reads the old amount and the new, the contract's and
// each installment's, in their histories.
test('a contract\'s new amount is audited before and after, and each installment it moved in its own history', async () => {
  const st = (await call('GET', '/api/v1/stations?type=township_station&limit=5&sort=id')).body.items;
  const k = await call('POST', '/api/v1/contracts', {
    code: 'E-AMEND', title: '协议变更金额', organisation_id: ids.org1, procurement: 'open_tender', cycle_years: 1, cycle_year: 1,
    amount_fen: 10000000, signed_on: '2026-01-05', effective_on: '2026-01-05', starts_on: '2026-01-01',
    ends_on: '2026-12-31', stations: [{ station_id: st[3].id, amount_fen: 10000000 }],
  });
  assert.equal(k.status, 201, k.text);
  const g = await call('POST', `/api/v1/contracts/${k.body.id}/payments`, { schedule: [
    { percent: 40, trigger: 'effective', working_days: 15 }, { percent: 60, trigger: 'midterm_passed', working_days: 15 }] });
  assert.equal(g.status, 201, g.text);
  const before = (await call('GET', `/api/v1/contracts/${k.body.id}/payments`)).body.items;
  const version = (await call('GET', `/api/v1/contracts/${k.body.id}`)).body.version;
  const r = await call('PATCH', `/api/v1/contracts/${k.body.id}`, { amount_fen: 8000000, version,
    stations: [{ station_id: st[3].id, amount_fen: 8000000 }] });
  assert.equal(r.status, 200, r.text);
  addUser(srv, 'aud', 'auditor', 'all');
  const aud = await session(srv.base, 'aud');
  const rows = (await call('GET', `/api/v1/audit?entity=contract&entity_id=${k.body.id}&limit=50`, undefined, aud)).body.items;
  const upd = rows.find((a) => a.action === 'contract.update');
  assert.ok(upd, JSON.stringify(rows.map((a) => a.action)));
  const d = typeof upd.detail === 'string' ? JSON.parse(upd.detail) : upd.detail;
  assert.equal(d.before.amount_fen, 10000000);
  assert.equal(d.after.amount_fen, 8000000);
  assert.deepEqual(d.before.stations, [{ station_id: st[3].id, amount_fen: 10000000 }]);
  assert.deepEqual(d.after.stations, [{ station_id: st[3].id, amount_fen: 8000000 }]);
  for (const p of before) {
    const hist = (await call('GET', `/api/v1/audit?entity=payment&entity_id=${p.id}&limit=50`, undefined, aud)).body.items;
    const moved = hist.find((a) => a.action === 'payment.rescale');
    assert.ok(moved, `installment ${p.seq}: ${JSON.stringify(hist.map((a) => a.action))}`);
    const m = typeof moved.detail === 'string' ? JSON.parse(moved.detail) : moved.detail;
    assert.equal(m.before.amount_fen, p.amount_fen);
    assert.equal(m.after.amount_fen, p.amount_fen * 8 / 10);
  }
});
