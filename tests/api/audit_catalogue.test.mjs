// The audit log is named in two places: the server's table
// (src/core/audit_labels.c), which labels the rows, the .xlsx an
// inspector reads and the operation log's action_label, and the web UI's
// catalogue (web/src/i18n, audit.*) with the action filter's list
// (web/src/utils/auditActions.ts). They are kept by hand; this test keeps
// them the same, so that an action added on one side is neither a bare
// code in the filter nor named two ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('../../', import.meta.url);
const require = createRequire(new URL('web/package.json', root));
const { transformSync } = require('esbuild');

async function tsModule(path) {
  const { code } = transformSync(readFileSync(new URL(path, root), 'utf8'), {
    loader: 'ts', format: 'esm',
  });
  return import('data:text/javascript;base64,' + Buffer.from(code).toString('base64'));
}

// The C table named NAME as [code, zh, en] triples.
function serverTable(name) {
  const c = readFileSync(new URL('src/core/audit_labels.c', root), 'utf8');
  const start = c.indexOf(`audit_label ${name}[] = {`);
  assert.ok(start >= 0, `${name} in audit_labels.c`);
  const end = c.indexOf('{NULL', start);
  const str = '"((?:[^"\\\\]|\\\\.)*)"';
  const row = new RegExp(`\\{\\s*${str},\\s*${str},\\s*${str}\\s*\\}`, 'g');
  const rows = [...c.slice(start, end).matchAll(row)].map((m) =>
    m.slice(1, 4).map((s) => JSON.parse('"' + s + '"')));
  assert.ok(rows.length > 3, `${name} read`);
  return rows;
}

const [zh, en, filter] = await Promise.all([
  tsModule('web/src/i18n/zh-CN.ts'),
  tsModule('web/src/i18n/en.ts'),
  tsModule('web/src/utils/auditActions.ts'),
]);

// The UI keys a code with "_" for "." (vue-i18n reads "." as a path).
function sameLabels(table, ui, what) {
  for (const [lang, cat, col] of [['zh', zh.default, 1], ['en', en.default, 2]]) {
    const labels = ui(cat.audit);
    const wrong = [];
    for (const row of table) {
      const mine = labels[row[0].replace(/\./g, '_')];
      if (mine !== row[col]) wrong.push(`${row[0]}: UI ${JSON.stringify(mine)}, server ${JSON.stringify(row[col])}`);
    }
    assert.deepEqual(wrong, [], `${what} (${lang}) named differently by the UI and the server`);
  }
}

test('every action the server names is in the UI filter, and nothing else is', () => {
  const server = serverTable('audit_actions').map((r) => r[0]);
  const ui = [...filter.LOGIN_ACTIONS, ...filter.OPERATION_ACTIONS];
  assert.deepEqual(ui.filter((a) => !server.includes(a)), [], 'in the filter, unknown to the server');
  assert.deepEqual(server.filter((a) => !ui.includes(a)), [], 'named by the server, missing from the filter');
  assert.equal(new Set(ui).size, ui.length, 'the filter lists an action twice');
});

test('the UI and the server name every action the same, in both languages', () => {
  sameLabels(serverTable('audit_actions'), (a) => a.actions, 'actions');
});

test('the UI and the server name every record kind and result the same', () => {
  sameLabels(serverTable('audit_entities'), (a) => a.entities, 'record kinds');
  sameLabels(serverTable('audit_results'), (a) => a.results, 'results');
});
