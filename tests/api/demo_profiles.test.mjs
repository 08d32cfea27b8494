// Issue 7's "done when": for each county and provincial profile, `sgz demo
// --profile NAME` makes a county whose compliance findings (`sgz check`)
// show both passing and failing records in every domain — stations, staff,
// contracts, money and payments — and dongguan-fulian, bought by a women's
// federation with few checkable rules, says which rules it turns off and
// why. The real clock: the demo is made for today.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { freshDatabase, sgz, BACKEND, startServer, api } from './lib.mjs';

const dbs = [];
after(() => dbs.forEach((d) => d.drop()));

/** A demo county of a profile and its `sgz check`, read into rules
 *  (code → {on, findings, off}) and findings ({severity, rule, entity,
 *  id}). */
function demoCheck(profile) {
  const db = freshDatabase();
  dbs.push(db);
  const env = { SGZ_DB: db.url, SGZ_KEY_FILE: join(db.dir, 'test.key'), SGZ_FILES_DIR: join(db.dir, 'files') };
  const d = sgz(['demo', '--profile', profile], env);
  assert.equal(d.status, 0, d.stderr);
  const again = sgz(['demo', '--profile', profile], env);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /created 0 guidance centre\(s\) and 0 station\(s\)/, 'a second run adds nothing');
  const c = sgz(['check'], { ...env, LANG: 'zh_CN.UTF-8' });
  assert.equal(c.status, 0, c.stderr);
  const rules = {};
  const findings = [];
  for (const line of c.stdout.split('\n')) {
    let m = /^ {2}(\S+)\s+on: (\d+) findings?$/.exec(line);
    if (m) { rules[m[1]] = { on: true, findings: Number(m[2]) }; continue; }
    m = /^ {2}(\S+)\s+off: (.+)$/.exec(line);
    if (m) { rules[m[1]] = { on: false, off: m[2] }; continue; }
    m = /^(violation|warning|info)\s+(\S+)\s+(\S+) (\d+) /.exec(line);
    if (m) findings.push({ severity: m[1], rule: m[2], entity: m[3], id: Number(m[4]) });
  }
  assert.equal(findings.length, Number(/(\d+) findings\s*$/.exec(c.stdout)[1]), 'every finding read');
  return { rules, findings, stdout: c.stdout, env };
}

const DOMAINS = ['station.', 'staff.', 'contract.', 'money.', 'payment.'];

for (const profile of ['youxian', 'yuanzhou', 'zhuolu', 'fujian']) {
  test(`${profile}: the demo county's compliance page has passing and failing records in every domain`, () => {
    const { rules, findings } = demoCheck(profile);
    assert.ok(findings.some((f) => f.severity === 'violation'), 'some violations');
    for (const d of DOMAINS) {
      const on = Object.entries(rules).filter(([code, r]) => code.startsWith(d) && r.on);
      assert.ok(on.length > 0, `${profile}: a ${d} rule is on`);
      assert.ok(on.some(([, r]) => r.findings === 0), `${profile}: a ${d} rule passes`);
      if (d !== 'money.') assert.ok(on.some(([, r]) => r.findings > 0), `${profile}: a ${d} rule finds something`);
    }
    // Most stations meet their checklist; some do not.
    const short = new Set(findings.filter((f) => f.rule === 'station.facilities').map((f) => f.id));
    assert.ok(short.size > 0, 'a station short of a required item');
    assert.ok(!short.has(1), 'the guidance centre (the first station made) is complete');
    // Every rule a profile turns off says which clause it lacks.
    for (const [code, r] of Object.entries(rules)) if (!r.on) assert.match(r.off, /政策配置未规定/, code);
  });
}

test('yuanzhou: the demo files what its plan asks (the organisation\'s work plan, with the plan\'s offices), not another county\'s filings', () => {
  const { env } = demoCheck('yuanzhou');
  const query = 'SELECT kind, filed_with FROM filings ORDER BY id';
  const out = BACKEND === 'postgres'
    ? execFileSync('psql', [env.SGZ_DB, '-qAtc', query], { encoding: 'utf8' })
    : execFileSync('sqlite3', [env.SGZ_DB, query], { encoding: 'utf8' });
  assert.deepEqual(out.trim().split('\n'), ['org_work_plan|自治区民政厅慈善事业促进和社会工作处、固原市民政局']);
});

test('zhuolu: the plan\'s own numbers show — age 35, certificates within 2 years, the wage at 1.1 × the minimum', () => {
  const { rules } = demoCheck('zhuolu');
  for (const code of ['staff.age_at_hire', 'staff.certificate_deadline', 'staff.min_wage', 'money.personnel_share']) {
    assert.equal(rules[code]?.on, true, code);
  }
  assert.ok(rules['staff.min_wage'].findings > 0, 'a wage under 1.1 × the county minimum');
});

test('dongguan-fulian loads and says which rules it turns off, and why', () => {
  const { rules, stdout } = demoCheck('dongguan-fulian');
  assert.match(stdout, /^profile dongguan-fulian, /m);
  const off = Object.entries(rules).filter(([, r]) => !r.on);
  for (const code of ['staff.workers_per_station', 'staff.age_at_hire', 'staff.education', 'contract.filing_deadline',
    'contract.min_station_amount', 'money.assistance_share', 'money.personnel_share']) {
    assert.equal(rules[code]?.on, false, `${code} is off under dongguan-fulian`);
  }
  assert.ok(off.length >= 10, `${off.length} rules off`);
  // What needs no clause of the profile stays on.
  for (const code of ['station.facilities', 'staff.one_station', 'calendar.year_loaded']) assert.equal(rules[code]?.on, true, code);
});

// A demo made on 20 January: the year's contract began on the 1st. Its
// evaluation is held 150 days in; none is made up on the term's
// twentieth day, and the payment it would release waits.
test('a demo made in January holds no evaluation yet, and pays nothing on one', async () => {
  const srv = await startServer({ full: true, env: { SGZ_NOW: '1800410400' } });
  try {
    const [k] = (await api(srv.base, 'GET', '/api/v1/contracts?limit=200')).body.items;
    assert.equal(k.starts_on, '2027-01-01');
    assert.equal((await api(srv.base, 'GET', `/api/v1/evaluations?contract_id=${k.id}`)).body.total, 0);
    const pays = (await api(srv.base, 'GET', `/api/v1/contracts/${k.id}/payments`)).body.items;
    assert.ok(pays.length >= 2, JSON.stringify(pays));
    assert.ok(pays.every((p) => !p.paid_on), JSON.stringify(pays));
  } finally {
    const r = await srv.stop();
    assert.equal(r.code, 0, r.stderr);
  }
});
