// 合规检查 in English: a county officer reading the English page meets
// periods, amounts and units in English; only names (stations, places,
// organisations, people, contracts) stay as they were entered. The
// realistic demo county has failing records on purpose. Clock: 2026-06-15.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from './lib.mjs';

let srv;

before(async () => {
  srv = await startServer({ full: true });
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

const EN = { 'Accept-Language': 'en' };
const HAN = /\p{Script=Han}+/gu;

async function allFindings() {
  const items = [];
  for (let page = 1; ; page++) {
    const r = await api(srv.base, 'GET', `/api/v1/compliance?limit=200&page=${page}`, undefined, EN);
    assert.equal(r.status, 200, r.text);
    items.push(...r.body.items);
    if (items.length >= r.body.total) return items;
  }
}

// Every name the findings may quote: their records' names, the county's
// stations and places, and the dictionary items without an English label.
async function names() {
  const out = new Set();
  for (const f of await allFindings()) out.add(f.entity_name);
  const stations = (await api(srv.base, 'GET', '/api/v1/stations?limit=200')).body.items;
  for (const s of stations) { out.add(s.name); out.add(s.region_name); out.add(s.township_name); }
  return [...out].filter(Boolean).sort((a, b) => b.length - a.length);
}

test('English findings carry no Chinese but names', async () => {
  const items = await allFindings();
  assert.ok(items.length > 10, 'the demo has findings');
  const known = await names();
  const bad = [];
  for (const f of items) {
    // An override's reason is the bureau's own words, quoted.
    let rest = f.message.replace(/override: .*$/, '');
    for (const n of known) rest = rest.split(n).join('');
    const han = rest.match(HAN);
    if (han) bad.push(`${f.rule}: ${f.message} [${han.join(' ')}]`);
  }
  assert.deepEqual(bad, []);
  // Names sgz makes up (a period, a budget year) are English too.
  const made = items.filter((f) => ['report', 'budget_year', 'budget_line'].includes(f.entity));
  assert.ok(made.length > 0, 'the demo has findings on reports or budgets');
  for (const f of made) assert.doesNotMatch(f.entity_name, /[年月度]/, f.entity_name);
  // Amounts read as a refusal writes them: grouped by thousands.
  const money = items.filter((f) => / yuan/.test(f.message));
  assert.ok(money.length > 0, 'the demo has findings on amounts');
  for (const f of money) assert.doesNotMatch(f.message, /\d{4}\.\d\d/, f.message);
  // Each reads as a sentence, and a report's name inside one is not a
  // heading's ("the monthly brief for …", not "the Monthly brief").
  for (const f of items) {
    assert.doesNotMatch(f.message, /^[a-z][a-z'-]*[ ,:;(]/, f.message);
    assert.doesNotMatch(f.message, /\bthe (Monthly|Quarterly|Mid-term|Final|Performance|Organisation's|Half-year)\b/, f.message);
  }
  // A mid-term or final report is owed by its evaluation, not by a day.
  const byEvaluation = (f) => f.entity === 'contract' && / evaluation was held on /.test(f.message);
  for (const f of items.filter((x) => x.rule.startsWith('report.') && byEvaluation(x))) {
    assert.match(f.message, /^The (mid-term|final) evaluation was held on \d{4}-\d\d-\d\d and the (mid-term|final) report is not submitted$/, f.message);
  }
  const periods = items.filter((f) => f.rule.startsWith('report.') && !byEvaluation(f));
  assert.ok(periods.length > 0, 'the demo has reports due');
  for (const f of periods) assert.match(f.message, / for ((Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}|Q\d \d{4}|H[12] \d{4}|\d{4}|\w{3} \d{4} to \w{3} \d{4}) is due on \d{4}-\d\d-\d\d/, f.message);
});
