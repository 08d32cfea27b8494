// Browser-test helpers: Debian's Chromium driven by playwright-core (from
// web/node_modules, so that no second npm project is needed), screenshots
// under tests/out/screenshots/, and checks every page must pass: no
// script errors, no CSP violations, nothing wider than the viewport.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

export const CHROMIUM = process.env.SGZ_CHROMIUM || '/usr/bin/chromium';
export const SHOTS = process.env.SGZ_SCREENSHOTS ||
  join(process.env.SGZ_TEST_OUT || new URL('../out', import.meta.url).pathname, 'screenshots');
mkdirSync(SHOTS, { recursive: true });

export const DESKTOP = { viewport: { width: 1366, height: 800 } };
export const PHONE = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36',
};

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/**
 * A fresh context (own cookies) and page. page.problems collects script
 * errors and CSP violations; expectClean(page) asserts there were none.
 */
export async function open(browser, base, device = DESKTOP, locale = 'zh-CN') {
  const context = await browser.newContext({ ...device, locale, baseURL: base });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.problems = [];
  page.warnings = [];
  page.on('pageerror', (e) => page.problems.push('pageerror: ' + e.message));
  page.on('console', (m) => {
    if (m.type() === 'warning') page.warnings.push(m.text());
    if (m.type() !== 'error') return;
    const text = m.text();
    // The browser logs every non-2xx reply; the UI shows those itself.
    if (/Failed to load resource: the server responded with a status of (401|403|404|409|422|423|429|400)/.test(text)) return;
    page.problems.push('console: ' + text);
  });
  return page;
}

export function expectClean(page) {
  assert.deepEqual(page.problems, [], 'script errors or CSP violations on the page');
}

/** No console.warn since the page opened (or since page.warnings was
 *  emptied): Element Plus logs, for example, every field check that fails
 *  on its own (see web/src/utils/formCheck.ts). */
export function expectNoWarnings(page, what = '') {
  assert.deepEqual(page.warnings, [], `console warnings ${what}`);
}

export async function shot(page, name) {
  await page.waitForTimeout(250); // transitions settle
  await page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: true });
}

/** Whether table data-test=name shows all its columns without scrolling. */
export function fitsWidth(page, name) {
  return page.evaluate((n) => {
    const wrap = document.querySelector(`[data-test=${n}] .el-table__body-wrapper .el-scrollbar__wrap`);
    return wrap.scrollWidth <= wrap.clientWidth;
  }, name);
}

/** Nothing may be wider than the viewport (the page must not scroll sideways). */
export async function expectNoOverflow(page, what = '') {
  const r = await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
      const b = el.getBoundingClientRect();
      if (b.width === 0 || b.height === 0) continue;
      const cs = getComputedStyle(el);
      if (cs.visibility === 'hidden' || cs.display === 'none') continue;
      // Content inside a horizontally scrolling container is fine.
      let p = el.parentElement;
      let clipped = false;
      while (p && p !== document.body) {
        const ps = getComputedStyle(p);
        if (ps.overflowX === 'auto' || ps.overflowX === 'scroll' || ps.overflowX === 'hidden') { clipped = true; break; }
        p = p.parentElement;
      }
      if (!clipped && b.right > vw + 1) wide.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(b.right)}`);
    }
    return { vw, sw: document.documentElement.scrollWidth, wide: wide.slice(0, 5) };
  });
  assert.ok(r.sw <= r.vw + 1 && r.wide.length === 0,
    `page ${what} is wider than the viewport (${r.sw} > ${r.vw}): ${r.wide.join(', ')}`);
}

/** Fills the login form and submits it. */
export async function submitLogin(page, username, password) {
  await page.locator('[data-test=login-form] input[name=username]').fill(username);
  await page.locator('[data-test=login-form] input[name=password]').fill(password);
  await page.locator('[data-test=login-submit]').click();
}

/** Logs in through the UI as a user whose password is already changed,
 *  and waits for the home page. */
export async function loginAs(page, username, password) {
  await page.goto('/login');
  await submitLogin(page, username, password);
  await page.locator('[data-test=welcome]').waitFor();
}

/** Opens a page from a group of the side menu. A group's title opens the
 *  group on one click and closes it on the next, and the menu opens the
 *  group of the page on show by itself, so the title is clicked only
 *  while the entry is hidden. An entry is still drawn while its group
 *  folds away, hence the waits for the fold to end. */
export async function openFromMenu(page, group, item) {
  const menu = page.locator('[data-test=side-menu]');
  const folding = menu.locator('.el-collapse-transition-enter-active, .el-collapse-transition-leave-active').first();
  const entry = menu.getByText(item, { exact: true });
  await folding.waitFor({ state: 'detached' });
  if (!(await entry.isVisible())) {
    await menu.getByText(group, { exact: true }).click();
    await folding.waitFor({ state: 'detached' });
  }
  await entry.click();
}

/** The bureau's 按指标评分 dialog on a contract's evaluations, as user
 *  (password already changed) on device, the kind chosen by its label and
 *  the day typed; the page and the dialog. */
export async function openScoring(browser, base, { contract, user, password, device = DESKTOP, kind, day }) {
  const page = await open(browser, base, device);
  await loginAs(page, user, password);
  await page.goto(`/contracts/${contract}/payments?tab=evaluations`);
  await page.locator('[data-test=ev-score]').click();
  const d = page.locator('[data-test=ev-score-dialog]');
  await d.getByText('资金使用').first().waitFor();
  await d.locator('[data-test=evs-kind]').click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').getByText(kind, { exact: true }).click();
  const date = d.locator('[data-test=evs-date] input, input[data-test=evs-date]').first();
  await date.click();
  await date.fill(day);
  await date.press('Enter');
  return { page, d };
}

/** Waits until every Element Plus select's list has folded. Now and then,
 * on a loaded machine, a filterable select keeps its list open after an
 * option was clicked, though the value is taken (seen in full runs, never
 * alone); its input losing focus folds it, as Element Plus closes a select
 * on blur. A list that folds on its own is waited for first. */
export async function selectsFolded(page) {
  const folded = () => ![...document.querySelectorAll('.el-select__popper')].some((p) => p.style.display !== 'none');
  try {
    await page.waitForFunction(folded, undefined, { timeout: 3000 });
  } catch {
    await page.evaluate(() => document.activeElement?.blur());
    await page.waitForFunction(folded);
  }
}

/** Chooses the option text of the select whose list is open, then waits
 * for the list to fold: a list still fading out would lend the next
 * choice its items. */
export async function choose(page, text) {
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').getByText(text, { exact: true }).first().click();
  await selectsFolded(page);
}
