// A client category's age limit (适用年龄上限): orphans, children in
// difficulty and children without a de-facto carer are under 18, left-behind
// children under 16 (国发〔2016〕13号). Such a category starts before the
// limit birthday and ends by it; an open one is refused once it has come.
// The sysadmin sets or clears the limit of any category in 字典管理. The
// same rule refuses a create, an update and an import's row.
// The server's clock is fixed at 2026-06-15 (Beijing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session, sgz } from './lib.mjs';
import { idNumber } from './helpers_extra.mjs';

let srv;
const as = {};

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  as.w2 = await session(srv.base, 'w2');
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const post = (body, headers = {}) => api(srv.base, 'POST', '/api/v1/clients', { station_id: 2, ...body }, headers, as.w2);
const get = async (id) => (await api(srv.base, 'GET', `/api/v1/clients/${id}`, undefined, {}, as.w2)).body;
const patch = async (id, body) => {
  const c = await get(id);
  return api(srv.base, 'PATCH', `/api/v1/clients/${id}`, body, { 'if-match': `"${c.version}"` }, as.w2);
};
const setLimit = (code, body) => api(srv.base, 'PATCH', `/api/v1/dictionaries/client_category/${code}`, body);
const count = async (q) => (await api(srv.base, 'GET', `/api/v1/clients?${q}&status=&limit=1`, undefined, {}, as.w2)).body.total;

const ADULT = idNumber('43022319660305001'); // 60, turned 18 on 1984-03-05
const TEEN = idNumber('43022320090305002'); // 17, turned 16 on 2025-03-05
const CHILD = idNumber('43022320160410003'); // 10
const CHILD_BASIS = { lawful_basis: 'statutory_duty', statutory_duty: 'child_protection' };

test('the dictionary gives the child categories their age limits, the others none', async () => {
  const d = await api(srv.base, 'GET', '/api/v1/dictionaries?kind=client_category');
  assert.equal(d.status, 200, d.text);
  const limit = Object.fromEntries(d.body.client_category.map((x) => [x.code, x.age_limit]));
  assert.deepEqual([limit.orphan, limit.de_facto_orphan, limit.vulnerable_child, limit.left_behind_child], [18, 18, 18, 16]);
  assert.equal(limit.dibao, null);
  assert.equal(limit.elderly_alone, null);
  // Only client categories carry the member.
  const areas = await api(srv.base, 'GET', '/api/v1/dictionaries?kind=service_area');
  assert.equal('age_limit' in areas.body.service_area[0], false);
});

test('a 60-year-old orphan is refused on the category, with the day the limit was reached', async () => {
  const before0 = await count('category=orphan');
  let r = await post({ name: '老孤儿', id_number: ADULT, categories: [{ code: 'orphan', started_on: '2026-01-01' }] });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.code, 'validation_failed');
  assert.equal(r.body.error.field, 'categories[0].code');
  assert.equal(r.body.error.message, '「孤儿」仅适用于未满18周岁的服务对象，该对象于1984-03-05已满18周岁');
  r = await post({ name: '老孤儿', id_number: ADULT, categories: [{ code: 'dibao', started_on: '2020-01-01' }, { code: 'de_facto_orphan', started_on: '2026-01-01' }] },
    { 'accept-language': 'en' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[1].code');
  assert.equal(r.body.error.message, '"De facto unsupported child" applies only to clients under 18; this client turned 18 on 1984-03-05');
  // Even one that ended long ago started after the limit.
  r = await post({ name: '老孤儿', id_number: ADULT, categories: [{ code: 'vulnerable_child', started_on: '1990-01-01', ended_on: '1991-01-01' }] });
  assert.equal(r.body.error.field, 'categories[0].code');
  assert.equal(await count('category=orphan'), before0);
  assert.equal(await count(`q=${encodeURIComponent('老孤儿')}`), 0);
  // Without the child category the same person is registered.
  r = await post({ name: '老孤儿', id_number: ADULT, categories: [{ code: 'dibao', started_on: '2020-01-01' }] });
  assert.equal(r.status, 201, r.text);
});

test('a 10-year-old left-behind child is accepted; a 17-year-old only with the category ended by the 16th birthday', async () => {
  let r = await post({ name: '小留守', id_number: CHILD, ...CHILD_BASIS, categories: [{ code: 'left_behind_child', started_on: '2024-09-01' }] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.age, 10);
  const open = { code: 'left_behind_child', started_on: '2020-09-01' };
  r = await post({ name: '大留守', id_number: TEEN, categories: [open] });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[0].ended_on');
  assert.equal(r.body.error.message, '「农村留守儿童」仅适用于未满16周岁的服务对象，该对象于2025-03-05已满16周岁，请填写该类别的结束日期');
  for (const end of ['2025-03-06', '2025-03-05']) {
    r = await post({ name: '大留守', id_number: TEEN, categories: [{ ...open, ended_on: end }] });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.field, 'categories[0].ended_on');
    assert.equal(r.body.error.message, '「农村留守儿童」仅适用于未满16周岁的服务对象，该对象于2025-03-05已满16周岁，该类别的结束日期须早于该日', end);
  }
  r = await post({ name: '大留守', id_number: TEEN, categories: [{ code: 'left_behind_child', started_on: '2025-03-05', ended_on: '2025-03-05' }] });
  assert.equal(r.body.error.field, 'categories[0].code', 'started on the birthday');
  // Still under 18: a child in difficulty may stay open.
  r = await post({ name: '大留守', id_number: TEEN, categories: [{ ...open, ended_on: '2025-03-04' }, { code: 'vulnerable_child', started_on: '2025-03-05' }] });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.categories.map((k) => [k.code, k.ended_on, k.current]),
    [['left_behind_child', '2025-03-04', false], ['vulnerable_child', null, true]]);
});

test('an update is refused likewise, and leaves the record as it was', async () => {
  const teen = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('大留守')}`, undefined, {}, as.w2)).body.items[0];
  const was = await get(teen.id);
  let r = await patch(teen.id, { categories: [{ code: 'left_behind_child', started_on: '2020-09-01' }] });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[0].ended_on');
  assert.equal(r.body.error.message, '「农村留守儿童」仅适用于未满16周岁的服务对象，该对象于2025-03-05已满16周岁，请填写该类别的结束日期');
  const adult = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('老孤儿')}`, undefined, {}, as.w2)).body.items[0];
  r = await patch(adult.id, { categories: [{ code: 'dibao', started_on: '2020-01-01' }, { code: 'orphan', started_on: '2026-06-01' }] });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[1].code');
  assert.equal(r.body.error.message, '「孤儿」仅适用于未满18周岁的服务对象，该对象于1984-03-05已满18周岁');
  const now = await get(teen.id);
  assert.equal(now.version, was.version);
  assert.deepEqual(now.categories, was.categories);
  r = await patch(teen.id, { categories: [{ code: 'left_behind_child', started_on: '2020-09-01', ended_on: '2025-03-04' }] });
  assert.equal(r.status, 200, r.text);
});

test('the sysadmin sets an age limit on a custom category, and the rule then applies; cleared, it no longer does', async () => {
  let r = await api(srv.base, 'POST', '/api/v1/dictionaries/client_category', { code: 'young_carer', label: '青少年照料者', label_en: 'Young carer' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.age_limit, null);
  // Held open by a 30-year-old, before there was a limit.
  const held = await post({ name: '照料者甲', sex: 'F', birth_date: '1996-01-20', categories: [{ code: 'young_carer', started_on: '2010-01-01' }] });
  assert.equal(held.status, 201, held.text);
  r = await setLimit('young_carer', { age_limit: 25 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.age_limit, 25);
  const d = await api(srv.base, 'GET', '/api/v1/dictionaries?kind=client_category');
  assert.equal(d.body.client_category.find((x) => x.code === 'young_carer').age_limit, 25);
  r = await post({ name: '照料者乙', sex: 'M', birth_date: '1996-02-02', categories: [{ code: 'young_carer', started_on: '2026-01-01' }] });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[0].code');
  assert.equal(r.body.error.message, '「青少年照料者」仅适用于未满25周岁的服务对象，该对象于2021-02-02已满25周岁');
  // The compliance check lists the record held from before, for those who
  // may read it, with the day the limit was reached; not the one refused.
  const ageFindings = async (auth) => (await api(srv.base, 'GET', '/api/v1/compliance?rule=client.category_age&limit=200', undefined, {}, auth)).body.items;
  let found = await ageFindings();
  assert.deepEqual(found.map((f) => [f.entity, f.entity_id, f.entity_name, f.severity, f.station_id]),
    [['client', held.body.id, '照料者甲', 'violation', 2]]);
  assert.equal(found[0].message, '「青少年照料者」仅适用于未满25周岁的服务对象，该对象于2021-01-20已满25周岁，请填写该类别的结束日期');
  addUser(srv, 'lead2age', 'station_lead', 'stations:2');
  addUser(srv, 'lead3age', 'station_lead', 'stations:3');
  assert.equal((await ageFindings(await session(srv.base, 'lead2age'))).length, 1, 'the station\'s lead sees it');
  assert.equal((await ageFindings(await session(srv.base, 'lead3age'))).length, 0, 'another station\'s lead does not');
  const cli = sgz(['check'], srv.env);
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /client\.category_age.*照料者甲/);
  // The record held from before: any change asks for the end date.
  r = await patch(held.body.id, { notes: '改电话' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[0].ended_on');
  assert.match(r.body.error.message, /该对象于2021-01-20已满25周岁，请填写该类别的结束日期$/);
  r = await patch(held.body.id, { notes: '改电话', categories: [{ code: 'young_carer', started_on: '2010-01-01', ended_on: '2021-01-19' }] });
  assert.equal(r.status, 200, r.text);
  found = await ageFindings();
  assert.deepEqual(found, [], 'ended before the limit: nothing to find');
  // Cleared: any age again.
  r = await setLimit('young_carer', { age_limit: null });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.age_limit, null);
  r = await post({ name: '照料者乙', sex: 'M', birth_date: '1996-02-02', categories: [{ code: 'young_carer', started_on: '2026-01-01' }] });
  assert.equal(r.status, 201, r.text);
  // Given when the category is added.
  r = await api(srv.base, 'POST', '/api/v1/dictionaries/client_category', { code: 'school_dropout', label: '辍学儿童', label_en: 'School dropout', age_limit: 16 });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.age_limit, 16);
  r = await post({ name: '辍学', id_number: idNumber('43022320090305004'), categories: [{ code: 'school_dropout', started_on: '2026-01-01' }] });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.message, '「辍学儿童」仅适用于未满16周岁的服务对象，该对象于2025-03-05已满16周岁');
});

test('bad age limits are refused with the field named', async () => {
  for (const v of [0, 151, -3, 17.5, '16', true]) {
    const r = await setLimit('dibao', { age_limit: v });
    assert.equal(r.status, 400, `${JSON.stringify(v)}: ${r.text}`);
    assert.equal(r.body.error.field, 'age_limit', JSON.stringify(v));
    assert.match(r.body.error.message, /^适用年龄上限/, JSON.stringify(v));
  }
  let r = await api(srv.base, 'POST', '/api/v1/dictionaries/client_category', { code: 'too_old', label: '过大', label_en: 'Too old', age_limit: 200 });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'age_limit');
  assert.equal(r.body.error.message, '适用年龄上限超出允许范围');
  // Service areas have no age limit.
  const area = (await api(srv.base, 'GET', '/api/v1/dictionaries?kind=service_area')).body.service_area[0].code;
  r = await api(srv.base, 'PATCH', `/api/v1/dictionaries/service_area/${area}`, { age_limit: 18 });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'age_limit');
  // Only the sysadmin changes the dictionary.
  r = await api(srv.base, 'PATCH', '/api/v1/dictionaries/client_category/dibao', { age_limit: 18 }, {}, as.w2);
  assert.equal(r.status, 403, r.text);
  const d = await api(srv.base, 'GET', '/api/v1/dictionaries?kind=client_category');
  assert.equal(d.body.client_category.find((x) => x.code === 'dibao').age_limit, null, 'nothing changed');
});

// ---- the import --------------------------------------------------------------

const upload = (data, query) =>
  api(srv.base, 'POST', `/api/v1/client_imports?${query}`, data, { 'content-type': 'text/csv' }, as.w2);

async function run(data, query) {
  const r = await upload(data, query);
  assert.equal(r.status, 202, r.text);
  for (let i = 0; i < 600; i++) {
    const j = await api(srv.base, 'GET', `/api/v1/client_imports/${r.body.id}`, undefined, {}, as.w2);
    assert.equal(j.status, 200, j.text);
    if (j.body.status !== 'running') return j.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('the import did not finish');
}

test('an import with one adult orphan among good rows: the dry run names that row and column, the import writes the rest and none of it', async () => {
  const rows = ['姓名,身份证号,人员类别,类别开始日期,合法性基础,法定职责'];
  for (let i = 0; i < 40; i++) rows.push(`导入甲${i},${idNumber(`4302231950${String(1 + (i % 12)).padStart(2, '0')}01${String(100 + i)}`)},最低生活保障对象,2024-01-01,,`);
  rows.push(`导入童,${idNumber('43022320150708201')},农村留守儿童,2024-01-01,履行法定职责,儿童保护走访`);
  rows.push(`导入少,${idNumber('43022320090101202')},困境儿童,2024-01-01,,`); // 17: under 18
  rows.splice(7, 0, `导入老孤,${idNumber('43022319700101203')},孤儿,,,`); // line 8, since today
  const data = Buffer.from(rows.join('\r\n'));
  const orphans = await count('category=orphan');
  const dry = await run(data, 'mode=dry_run&station_id=2');
  assert.equal(dry.status, 'done', JSON.stringify(dry));
  assert.deepEqual(dry.result.errors.map((e) => [e.line, e.column, e.message]),
    [[8, '人员类别', '「孤儿」仅适用于未满18周岁的服务对象，该对象于1988-01-01已满18周岁']]);
  assert.deepEqual([dry.result.rows, dry.result.valid, dry.result.bad], [43, 42, 1]);
  const job = await run(data, 'mode=import&station_id=2');
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.deepEqual([job.result.inserted, job.result.bad], [42, 1]);
  assert.equal(await count(`q=${encodeURIComponent('导入老孤')}`), 0, 'the bad row is not written, not even without its category');
  assert.equal(await count('category=orphan'), orphans);
  assert.equal(await count(`q=${encodeURIComponent('导入甲')}`), 40);
  const child = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('导入童')}`, undefined, {}, as.w2)).body.items[0];
  assert.deepEqual((await get(child.id)).categories.map((k) => k.code), ['left_behind_child']);
});

// ---- the lower bound (适用年龄下限) ---------------------------------------------
// 老年人权益保障法 art. 2: 老年人 are those aged 60 and over. An elderly
// category applies from the 60th birthday on: it may not start before it.

const ELDER = idNumber('43022319660502005'); // turned 60 on 2026-05-02
const MIDDLE = idNumber('43022319710502006'); // 55, turns 60 on 2031-05-02
const SMALL = idNumber('43022320210502007'); // 5
const setAges = setLimit;

test('the dictionary gives the elderly categories a lower bound of 60, the others none', async () => {
  const d = await api(srv.base, 'GET', '/api/v1/dictionaries?kind=client_category');
  assert.equal(d.status, 200, d.text);
  const from = Object.fromEntries(d.body.client_category.map((x) => [x.code, x.age_from]));
  assert.deepEqual([from.poor_elderly, from.elderly_alone], [60, 60]);
  for (const code of ['dibao', 'tekun', 'orphan', 'left_behind_child', 'severe_disability']) assert.equal(from[code], null, code);
  const areas = await api(srv.base, 'GET', '/api/v1/dictionaries?kind=service_area');
  assert.equal('age_from' in areas.body.service_area[0], false);
});

test('a 5-year-old or a 55-year-old 困难老人 is refused on the category, with the day the person turns 60', async () => {
  const held = await count('category=poor_elderly');
  let r = await post({ name: '小老人', id_number: SMALL, ...CHILD_BASIS, categories: [{ code: 'poor_elderly', started_on: '2026-01-01' }] });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.code, 'validation_failed');
  assert.equal(r.body.error.field, 'categories[0].code');
  assert.equal(r.body.error.message, '「困难老人」仅适用于年满60周岁的服务对象，该对象于2081-05-02年满60周岁，该类别的开始日期不得早于该日');
  r = await post({ name: '中年人', id_number: MIDDLE, categories: [{ code: 'dibao', started_on: '2020-01-01' }, { code: 'poor_elderly', started_on: '2026-01-01' }] });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[1].code');
  assert.equal(r.body.error.message, '「困难老人」仅适用于年满60周岁的服务对象，该对象于2031-05-02年满60周岁，该类别的开始日期不得早于该日');
  // Ended, it still started too young; in English too.
  r = await post({ name: '中年人', id_number: MIDDLE, categories: [{ code: 'elderly_alone', started_on: '2020-01-01', ended_on: '2021-01-01' }] },
    { 'accept-language': 'en' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[0].code');
  assert.equal(r.body.error.message, '"Elderly person living alone" applies only to clients aged 60 or over; this client reaches 60 on 2031-05-02: the category cannot start before that day');
  assert.equal(await count('category=poor_elderly'), held);
  assert.equal(await count(`q=${encodeURIComponent('小老人')}`), 0);
  assert.equal(await count(`q=${encodeURIComponent('中年人')}`), 0);
});

test('a category starting on the 60th birthday is accepted, one day before refused', async () => {
  let r = await post({ name: '刚满六十', id_number: ELDER, categories: [{ code: 'poor_elderly', started_on: '2026-05-01' }] });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[0].code');
  assert.equal(r.body.error.message, '「困难老人」仅适用于年满60周岁的服务对象，该对象于2026-05-02年满60周岁，该类别的开始日期不得早于该日');
  r = await post({ name: '刚满六十', id_number: ELDER, categories: [{ code: 'poor_elderly', started_on: '2026-05-02' }] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.age, 60);
  assert.deepEqual(r.body.categories.map((k) => [k.code, k.started_on, k.current]), [['poor_elderly', '2026-05-02', true]]);
});

test('an update that starts an elderly category too early is refused, and leaves the record as it was', async () => {
  const elder = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('刚满六十')}`, undefined, {}, as.w2)).body.items[0];
  const was = await get(elder.id);
  let r = await patch(elder.id, { categories: [{ code: 'poor_elderly', started_on: '2026-05-01' }] });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[0].code');
  assert.equal(r.body.error.message, '「困难老人」仅适用于年满60周岁的服务对象，该对象于2026-05-02年满60周岁，该类别的开始日期不得早于该日');
  r = await patch(elder.id, { categories: [{ code: 'poor_elderly', started_on: '2026-05-02' }, { code: 'elderly_alone', started_on: '2025-12-31', ended_on: '2026-06-01' }] });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[1].code');
  const now = await get(elder.id);
  assert.equal(now.version, was.version);
  assert.deepEqual(now.categories, was.categories);
  r = await patch(elder.id, { categories: [{ code: 'poor_elderly', started_on: '2026-05-02' }, { code: 'elderly_alone', started_on: '2026-05-02' }] });
  assert.equal(r.status, 200, r.text);
  // A 55-year-old registered without it cannot be given it.
  r = await post({ name: '中年乙', id_number: MIDDLE, categories: [{ code: 'dibao', started_on: '2020-01-01' }] });
  assert.equal(r.status, 201, r.text);
  r = await patch(r.body.id, { categories: [{ code: 'dibao', started_on: '2020-01-01' }, { code: 'elderly_alone', started_on: '2026-06-01' }] });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[1].code');
  assert.match(r.body.error.message, /该对象于2031-05-02年满60周岁，该类别的开始日期不得早于该日$/);
});

test('the sysadmin sets a lower bound on a custom category, and the rule then applies; cleared, it no longer does', async () => {
  let r = await api(srv.base, 'POST', '/api/v1/dictionaries/client_category', { code: 'senior_volunteer', label: '低龄老年志愿者', label_en: 'Young-old volunteer', age_from: 55, age_limit: 70 });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.body.age_from, r.body.age_limit], [55, 70]);
  r = await post({ name: '志愿者甲', sex: 'F', birth_date: '1980-03-01', categories: [{ code: 'senior_volunteer', started_on: '2026-01-01' }] });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[0].code');
  assert.equal(r.body.error.message, '「低龄老年志愿者」仅适用于年满55周岁的服务对象，该对象于2035-03-01年满55周岁，该类别的开始日期不得早于该日');
  r = await post({ name: '志愿者乙', sex: 'M', birth_date: '1965-03-01', categories: [{ code: 'senior_volunteer', started_on: '2026-01-01' }] });
  assert.equal(r.status, 201, r.text);
  r = await setAges('senior_volunteer', { age_from: null });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.body.age_from, r.body.age_limit], [null, 70]);
  const d = await api(srv.base, 'GET', '/api/v1/dictionaries?kind=client_category');
  assert.equal(d.body.client_category.find((x) => x.code === 'senior_volunteer').age_from, null);
  r = await post({ name: '志愿者甲', sex: 'F', birth_date: '1980-03-01', categories: [{ code: 'senior_volunteer', started_on: '2026-01-01' }] });
  assert.equal(r.status, 201, r.text);
});

test('bad lower bounds are refused with the field named; a bound at or above the limit too', async () => {
  for (const v of [0, 151, -3, 59.5, '60', true]) {
    const r = await setAges('dibao', { age_from: v });
    assert.equal(r.status, 400, `${JSON.stringify(v)}: ${r.text}`);
    assert.equal(r.body.error.field, 'age_from', JSON.stringify(v));
    assert.match(r.body.error.message, /^适用年龄下限/, JSON.stringify(v));
  }
  let r = await api(srv.base, 'POST', '/api/v1/dictionaries/client_category', { code: 'no_age', label: '无年龄', label_en: 'No age', age_from: 16, age_limit: 16 });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'age_from');
  assert.equal(r.body.error.message, '适用年龄下限须小于适用年龄上限');
  // Against the stored limit (orphans: under 18) or the stored bound (60).
  r = await setAges('orphan', { age_from: 18 });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'age_from');
  r = await setAges('poor_elderly', { age_limit: 60 });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'age_from');
  r = await api(srv.base, 'PATCH', '/api/v1/dictionaries/client_category/poor_elderly', { age_limit: 60 }, { 'accept-language': 'en' });
  assert.equal(r.body.error.message, 'lower age bound must be below the age limit');
  r = await setAges('orphan', { age_from: 6 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.body.age_from, r.body.age_limit], [6, 18]);
  r = await setAges('orphan', { age_from: null });
  assert.equal(r.status, 200, r.text);
  // Service areas have no lower bound; only the sysadmin changes one.
  const area = (await api(srv.base, 'GET', '/api/v1/dictionaries?kind=service_area')).body.service_area[0].code;
  r = await api(srv.base, 'PATCH', `/api/v1/dictionaries/service_area/${area}`, { age_from: 60 });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'age_from');
  r = await api(srv.base, 'PATCH', '/api/v1/dictionaries/client_category/poor_elderly', { age_from: null }, {}, as.w2);
  assert.equal(r.status, 403, r.text);
  const d = await api(srv.base, 'GET', '/api/v1/dictionaries?kind=client_category');
  const byCode = Object.fromEntries(d.body.client_category.map((x) => [x.code, x]));
  assert.deepEqual([byCode.poor_elderly.age_from, byCode.poor_elderly.age_limit, byCode.dibao.age_from, byCode.orphan.age_from], [60, null, null, null]);
});

test('an import with elderly categories: the dry run names the too-young rows and their column, the 60th birthday is accepted', async () => {
  const rows = ['姓名,身份证号,人员类别,类别开始日期,合法性基础,法定职责'];
  for (let i = 0; i < 30; i++) rows.push(`长者${i},${idNumber(`4302231940${String(1 + (i % 12)).padStart(2, '0')}01${String(300 + i)}`)},独居老人,2024-01-01,,`);
  rows.push(`长者生日,${idNumber('43022319660310331')},困难老人,2026-03-10,,`); // line 33: on the 60th birthday
  rows.push(`长者前日,${idNumber('43022319660310332')},困难老人,2026-03-09,,`); // line 34: the day before
  rows.splice(11, 0, `长者幼,${idNumber('43022320200101333')},独居老人,2026-01-01,履行法定职责,儿童保护走访`); // line 12: a child
  const data = Buffer.from(rows.join('\r\n'));
  const dry = await run(data, 'mode=dry_run&station_id=2');
  assert.equal(dry.status, 'done', JSON.stringify(dry));
  assert.deepEqual(dry.result.errors.map((e) => [e.line, e.column, e.message]), [
    [12, '人员类别', '「独居老人」仅适用于年满60周岁的服务对象，该对象于2080-01-01年满60周岁，该类别的开始日期不得早于该日'],
    [34, '人员类别', '「困难老人」仅适用于年满60周岁的服务对象，该对象于2026-03-10年满60周岁，该类别的开始日期不得早于该日'],
  ]);
  assert.deepEqual([dry.result.rows, dry.result.valid, dry.result.bad], [33, 31, 2]);
  const job = await run(data, 'mode=import&station_id=2');
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.deepEqual([job.result.inserted, job.result.bad], [31, 2]);
  assert.equal(await count(`q=${encodeURIComponent('长者幼')}`), 0);
  assert.equal(await count(`q=${encodeURIComponent('长者前日')}`), 0);
  const onBirthday = (await api(srv.base, 'GET', `/api/v1/clients?q=${encodeURIComponent('长者生日')}`, undefined, {}, as.w2)).body.items[0];
  assert.deepEqual((await get(onBirthday.id)).categories.map((k) => [k.code, k.started_on]), [['poor_elderly', '2026-03-10']]);
});

test('the compliance check lists a record held from before its category had a lower bound; corrected, it no longer does', async () => {
  let r = await api(srv.base, 'POST', '/api/v1/dictionaries/client_category', { code: 'midlife_carer', label: '中年照护者', label_en: 'Midlife carer' });
  assert.equal(r.status, 201, r.text);
  const held = await post({ name: '照护者丙', sex: 'F', birth_date: '1980-04-10', categories: [{ code: 'midlife_carer', started_on: '2015-01-01' }] });
  assert.equal(held.status, 201, held.text);
  r = await setAges('midlife_carer', { age_from: 40 });
  assert.equal(r.status, 200, r.text);
  const ageFindings = async () => (await api(srv.base, 'GET', '/api/v1/compliance?rule=client.category_age&limit=200')).body.items;
  let found = await ageFindings();
  assert.deepEqual(found.map((f) => [f.entity_id, f.entity_name, f.severity, f.station_id]), [[held.body.id, '照护者丙', 'violation', 2]]);
  assert.equal(found[0].message, '「中年照护者」仅适用于年满40周岁的服务对象，该对象于2020-04-10年满40周岁，该类别的开始日期不得早于该日');
  const cli = sgz(['check'], srv.env);
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /client\.category_age.*照护者丙/);
  // Any change asks for a start on or after the 40th birthday.
  r = await patch(held.body.id, { notes: '改电话' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'categories[0].code');
  r = await patch(held.body.id, { notes: '改电话', categories: [{ code: 'midlife_carer', started_on: '2020-04-10' }] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await ageFindings(), []);
  r = await setAges('midlife_carer', { age_from: null });
  assert.equal(r.status, 200, r.text);
});
