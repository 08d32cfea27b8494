// The audit log is named in two places: the server's table
// (src/core/audit_labels.c and audit_detail.c), which labels the rows, the .xlsx an
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
  const c = ['audit_labels.c', 'audit_detail.c'].map((f) => readFileSync(new URL(`src/core/${f}`, root), 'utf8')).join('\n');
  const start = c.indexOf(`audit_label ${name}[] = {`);
  assert.ok(start >= 0, `${name} in audit_labels.c or audit_detail.c`);
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

// A detail's fields: the UI names them (audit.fields, a client's by the
// register's names) and so does the server for the file an inspector
// reads; a field the UI names, the server names the same way.
test('the server names every detail field the UI names, the same way; a client\'s by the register\'s names', () => {
  for (const [lang, cat, col] of [['zh', zh.default, 1], ['en', en.default, 2]]) {
    const wrong = [];
    const server = new Map(serverTable('audit_fields').map((r) => [r[0], r[col]]));
    for (const [k, label] of Object.entries(cat.audit.fields)) {
      if (server.get(k) !== label) wrong.push(`${k}: UI ${JSON.stringify(label)}, server ${JSON.stringify(server.get(k))}`);
    }
    const client = { ...cat.client.exportCol, ...cat.client.historyField };
    for (const row of serverTable('audit_client_fields')) {
      const [k, mine] = [row[0], row[col]];
      if (client[k] !== undefined && client[k] !== mine) wrong.push(`client ${k}: UI ${JSON.stringify(client[k])}, server ${JSON.stringify(mine)}`);
    }
    assert.deepEqual(wrong, [], `fields (${lang}) named differently by the UI and the server`);
  }
  const client = serverTable('audit_client_fields');
  assert.equal(client.find((r) => r[0] === 'name')[1], '姓名', 'a client\'s name is her 姓名');
  // Every label in Chinese, and in English.
  for (const t of ['audit_fields', 'audit_client_fields']) {
    for (const [k, z, e] of serverTable(t)) {
      assert.match(z, /[\u4e00-\u9fff]/, `${t} ${k}`);
      assert.ok(e && !/[\u4e00-\u9fff]/.test(e), `${t} ${k} in English`);
    }
  }
});

// An export's row lists its columns by code; the server names them as
// the export's own catalogue does (src/api/api_*_export.c cols).
test('the columns an export lists are named as the export names them', () => {
  for (const kind of ['client', 'service', 'case', 'group']) {
    const c = readFileSync(new URL(`src/api/api_${kind}_export.c`, root), 'utf8');
    const start = c.indexOf('static const struct export_col cols[COL_COUNT] = {');
    assert.ok(start >= 0, kind);
    const body = c.slice(start, c.indexOf('\n};', start));
    const cols = [...body.matchAll(/\{\s*"([a-z_]+)",\s*"([^"]*)",\s*"([^"]*)"/g)].map((m) => m.slice(1, 4));
    assert.deepEqual(serverTable(`audit_${kind}_columns`), cols, kind);
    // The export dialog's checkboxes name each column as the file does
    // (LedgerExport labels them client.exportCol.*): none left as its key.
    if (kind === 'client') {
      for (const [lang, cat, col] of [['zh', zh.default, 1], ['en', en.default, 2]]) {
        const wrong = cols.filter((c) => cat.client.exportCol[c[0]] !== c[col]).map((c) => `${c[0]}: ${cat.client.exportCol[c[0]]}`);
        assert.deepEqual(wrong, [], `client export columns (${lang})`);
      }
    }
  }
});

// The demo's rows (sgz demo, src/cli/demo_*.c) are the first an auditor
// reads on a demonstration: each field they hold is named, none left as
// its key ("records", "organisations").
test('every field of the demo\'s rows is named', () => {
  const named = new Set([...serverTable('audit_fields'), ...serverTable('audit_visit_fields'), ...serverTable('audit_crisis_fields')].map((r) => r[0]));
  const keys = new Set();
  for (const f of ['cmd_demo.c', 'demo_services.c', 'demo_staff.c']) {
    const c = readFileSync(new URL(`src/cli/${f}`, root), 'utf8');
    for (const m of c.matchAll(/\\"([a-z_]+)\\":/g)) keys.add(m[1]);
  }
  assert.ok(keys.has('records') && keys.has('organisations'), [...keys].join());
  assert.deepEqual([...keys].filter((k) => !named.has(k)), []);
});
