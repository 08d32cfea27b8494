// 需求调研 and 年度服务计划: a station's needs survey, the yearly plan built
// from it, what the records have done against each planned quantity, and
// the bureau reading it. Clock: 2026-06-15T10:00+08:00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, addUser, session } from './lib.mjs';

let srv;
const as = {};
const call = (method, path, body, auth = as.w2) => api(srv.base, method, path, body, {}, auth);
function idn(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, ch, i) => a + Number(ch) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

before(async () => {
  srv = await startServer();
  addUser(srv, 'w2', 'social_worker', 'stations:2');
  addUser(srv, 'w3', 'social_worker', 'stations:3');
  addUser(srv, 'county', 'bureau', 'region:430223');
  addUser(srv, 'lead2', 'station_lead', 'stations:2');
  for (const u of ['w2', 'w3', 'county', 'lead2']) as[u] = await session(srv.base, u);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const SURVEY = { station_id: 2, title: '2026年联星街道需求调研', method: 'questionnaire', conducted_on: '2026-01-10', respondents: 120,
  findings: [{ target_group: 'elderly_alone', respondents: 40, findings: '独居老人缺少日常照料', needs: '助餐、探访' },
    { target_group: 'general', findings: '居民不了解救助政策', needs: '政策宣传' }] };

test('a survey, the plan built from it, and progress from the records', async () => {
  let r = await call('POST', '/api/v1/needs_surveys', SURVEY);
  assert.equal(r.status, 201, r.text);
  const survey = r.body;
  assert.equal(survey.findings.length, 2);
  // The total lowered under a group's kept findings (40 of 120): refused.
  const fewer = await call('PATCH', `/api/v1/needs_surveys/${survey.id}`, { respondents: 10, version: survey.version });
  assert.equal(fewer.status, 400, fewer.text);
  assert.equal(fewer.body.error.field, 'findings[0].respondents');
  r = await call('POST', '/api/v1/station_plans', { station_id: 2, year: 2026, summary: '围绕独居老人照料和政策宣传',
    survey_ids: [survey.id], items: [
      { area: 'elderly_care', type: 'home_visit', quantity: 4, note: '每月探访' },
      { area: 'social_assistance', type: 'publicity', quantity: 2 }] });
  assert.equal(r.status, 201, r.text);
  let plan = r.body;
  assert.equal(plan.status, 'draft');
  assert.deepEqual(plan.survey_ids, [survey.id]);
  assert.equal(plan.progress, 0);
  // The records of the year count against the plan.
  const client = await call('POST', '/api/v1/clients', { station_id: 2, name: '计划老人', id_number: idn('43022319400101009') }, undefined);
  assert.equal(client.status, 201, client.text);
  for (const day of ['2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01', '2026-06-02']) {
    const v = await call('POST', '/api/v1/services', { station_id: 2, type: 'home_visit', clients: [client.body.id], started_at: `${day}T09:00`,
      ended_at: `${day}T09:30`, area: 'elderly_care', content: '探访', visit: { purpose: 'elderly_check', met: '本人' } });
    assert.equal(v.status, 201, v.text);
  }
  const pub = await call('POST', '/api/v1/services', { station_id: 2, type: 'publicity', title: '低保政策宣传', clients: [], extra_attendees: 60,
    started_at: '2026-05-10T09:00', ended_at: '2026-05-10T11:00', area: 'social_assistance', content: '宣传' });
  assert.equal(pub.status, 201, pub.text);
  plan = (await call('GET', `/api/v1/station_plans/${plan.id}`)).body;
  assert.deepEqual(plan.items.map((i) => `${i.area}/${i.type}:${i.done}/${i.quantity}`),
    ['elderly_care/home_visit:5/4', 'social_assistance/publicity:1/2']);
  assert.equal(plan.progress, 83, '(4 capped + 1) of 6');
  // The bureau reads it; another station does not.
  assert.equal((await call('GET', `/api/v1/station_plans/${plan.id}`, undefined, as.county)).status, 200);
  assert.equal((await call('GET', `/api/v1/station_plans/${plan.id}`, undefined, as.w3)).status, 404);
  const list = await call('GET', '/api/v1/station_plans?year=2026', undefined, as.county);
  assert.equal(list.body.total, 1);
  // Submitted by the station lead, not a worker: final.
  r = await call('POST', `/api/v1/station_plans/${plan.id}/submit`, { version: plan.version });
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.error.message, '只有站长可以提交年度服务计划');
  r = await call('POST', `/api/v1/station_plans/${plan.id}/submit`, { version: plan.version }, as.lead2);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'submitted');
  assert.equal(r.body.submitted_on, '2026-06-15');
  r = await call('PATCH', `/api/v1/station_plans/${plan.id}`, { summary: '改', version: r.body.version });
  assert.equal(r.status, 409);
});

test('plans and surveys refuse bad input on its field', async () => {
  const surveys = [
    [{ ...SURVEY, conducted_on: '2026-06-16' }, 'conducted_on'],
    [{ ...SURVEY, method: 'guess' }, 'method'],
    [{ ...SURVEY, method: '' }, 'method'],
    [{ ...SURVEY, title: ' \u3000 ' }, 'title'],
    [{ ...SURVEY, respondents: 0 }, 'respondents'],
    [{ ...SURVEY, findings: [{ target_group: 'martians', findings: 'x' }] }, 'findings[0].target_group'],
    [{ ...SURVEY, findings: [] }, 'findings'],
    // 50 of a group when 1 was asked in all; one group twice.
    [{ ...SURVEY, respondents: 1, findings: [{ target_group: 'dibao', respondents: 50, findings: 'f' }] }, 'findings[0].respondents'],
    [{ ...SURVEY, findings: [SURVEY.findings[0], SURVEY.findings[0]] }, 'findings[1].target_group'],
    [{ ...SURVEY, station_id: 3 }, 'station_id'],
  ];
  for (const [body, field] of surveys) {
    const r = await call('POST', '/api/v1/needs_surveys', body);
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  // A missing field is named as the form names it.
  const untitled = await call('POST', '/api/v1/needs_surveys', { station_id: 2, method: 'questionnaire' });
  assert.equal(untitled.status, 400);
  assert.equal(untitled.body.error.field, 'title');
  assert.equal(untitled.body.error.message, '调研名称不能为空');
  const other = await call('POST', '/api/v1/needs_surveys', { ...SURVEY, station_id: 3 }, as.w3);
  assert.equal(other.status, 201);
  const plans = [
    [{ station_id: 2, year: 2026, items: [] }, 'year', 409],
    [{ station_id: 2, year: 2028, items: [] }, 'year', 400],
    [{ station_id: 2, year: 2025, items: [{ area: 'x', type: 'home_visit', quantity: 1 }] }, 'items[0].area', 400],
    [{ station_id: 2, year: 2025, items: [{ area: 'elderly_care', type: 'nap', quantity: 1 }] }, 'items[0].type', 400],
    [{ station_id: 2, year: 2025, items: [{ area: 'elderly_care', type: 'home_visit', quantity: 1 }, { area: 'elderly_care', type: 'home_visit', quantity: 2 }] }, 'items[1]', 400],
    [{ station_id: 2, year: 2025, survey_ids: [other.body.id] }, 'survey_ids[0]', 400],
  ];
  for (const [body, field, status] of plans) {
    const r = await call('POST', '/api/v1/station_plans', body);
    assert.equal(r.status, status, `${field}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  // A year too far says which is the last (the clock: 2026).
  const far = await call('POST', '/api/v1/station_plans', { station_id: 2, year: 2099, items: [] });
  assert.equal(far.body.error.message, '计划年度（最晚为2027年）超出允许范围');
  const empty = await call('POST', '/api/v1/station_plans', { station_id: 2, year: 2025 });
  assert.equal(empty.status, 201);
  const submit = await call('POST', `/api/v1/station_plans/${empty.body.id}/submit`, { version: 1 }, as.lead2);
  assert.equal(submit.status, 400, 'an empty plan is not submitted');
});
