// The command line in the administrator's language: under a Chinese
// locale (LANG=zh_CN.UTF-8) its messages, usage lines and help are
// Chinese; under C they are the English the other tests and scripts read,
// unchanged. LC_ALL, then LC_MESSAGES, then LANG decide, as POSIX says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { freshDatabase } from './lib.mjs';
import { run, assertNoSanitizer } from './helpers_extra.mjs';

const ZH = { LC_ALL: '', LC_MESSAGES: '', LANG: 'zh_CN.UTF-8' };
const EN = { LC_ALL: '', LC_MESSAGES: '', LANG: 'C' };
const dbs = [];
let A; // an initialised database and the environment that points at it

function newDb() {
  const db = freshDatabase();
  dbs.push(db);
  return {
    db,
    env: { SGZ_DB: db.url, SGZ_KEY_FILE: join(db.dir, 'test.key'), SGZ_FILES_DIR: join(db.dir, 'files'), SGZ_LISTEN: '', SGZ_CONFIG: '' },
  };
}

before(() => {
  A = newDb();
  const r = run(['init'], { ...A.env, ...EN });
  assert.equal(r.status, 0, r.stderr);
});
after(() => {
  for (const db of dbs) db.drop();
});

test('backup without a database: Chinese under zh_CN, the English under C', () => {
  const dest = join(A.db.dir, 'nodb.sgz');
  const zh = run(['backup', dest], { ...A.env, SGZ_DB: '', ...ZH });
  assert.equal(zh.status, 1);
  assert.equal(zh.stderr, 'sgz: 未指定数据库（用 --db 或环境变量 SGZ_DB 指定）\n');
  assertNoSanitizer(zh);
  const en = run(['backup', dest], { ...A.env, SGZ_DB: '', ...EN });
  assert.equal(en.status, 1);
  assert.equal(en.stderr, 'sgz: no database given (--db or SGZ_DB)\n');
});

test('a backup and a restore without the key file beside it speak the locale', () => {
  const dest = join(A.db.dir, 'b.sgz');
  const b = run(['backup', dest], { ...A.env, ...ZH });
  assert.equal(b.status, 0, b.stderr);
  assert.match(b.stdout, /^备份：.*\n密钥文件：.*b\.sgz\.key\n附件：.*（0 个文件）\n/);
  assert.match(b.stdout, /没有密钥文件的备份无法解密。\n$/);
  rmSync(dest + '.key');
  const T = newDb();
  const zh = run(['restore', dest], { ...T.env, ...ZH });
  assert.equal(zh.status, 1);
  assert.equal(zh.stderr, `sgz: 备份旁没有密钥文件 ${dest}.key：没有它，备份中的个人信息无法解密；`
    + '请把这份备份的密钥文件放到备份旁，再恢复一次\n');
  const en = run(['restore', dest], { ...T.env, ...EN });
  assert.equal(en.status, 1);
  assert.match(en.stderr, /^sgz: no key file .*b\.sgz\.key beside the backup: without it the personal data in the backup cannot be decrypted/);
  assert.ok(!existsSync(T.env.SGZ_KEY_FILE), 'nothing written');
});

test('sgz help, sgz help CMD and CMD --help in Chinese; the English unchanged under C', () => {
  const h = run(['help'], ZH);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /^用法：sgz 命令 \[选项\]\n\n命令：\n/);
  assert.match(h.stdout, /^ {2}backup {5}在服务运行时备份数据库及其密钥文件$/m);
  assert.match(h.stdout, /^ {2}restore {4}把备份恢复到空数据库$/m);
  // the settings' descriptions and defaults too
  assert.match(h.stdout, /^  --db +SGZ_DB +数据库：SQLite 文件路径/m);
  assert.match(h.stdout, /默认：（无）/);
  assert.doesNotMatch(h.stdout, /default:|commands:/);

  const b = run(['help', 'backup'], ZH);
  assert.equal(b.status, 0);
  assert.match(b.stdout, /^用法：sgz backup DEST\n\n/);
  assert.match(b.stdout, /异地备份/);
  assert.equal(run(['backup', '--help'], ZH).stdout, b.stdout);
  assert.equal(run(['backup', '-h'], ZH).stdout, b.stdout);
  assert.match(run(['help', 'restore'], ZH).stdout, /^用法：sgz restore SRC\n\n把 SRC 载入/);

  const e = run(['help', 'backup'], EN);
  assert.match(e.stdout, /^usage: sgz backup DEST\n\nWrites the database to DEST/);
  assert.doesNotMatch(e.stdout, /用法/);
  assert.match(run(['help'], EN).stdout, /^usage: sgz COMMAND \[options\]\n\ncommands:\n/);
});

test('an unknown command and a wrong argument to user: the error, the usage and where the help is', () => {
  const u = run(['frobnicate'], ZH);
  assert.equal(u.status, 2);
  assert.equal(u.stderr, 'sgz: 没有名为 frobnicate 的命令（见：sgz help）\n');
  assert.equal(run(['frobnicate'], EN).stderr, 'sgz: no command named frobnicate (see: sgz help)\n');
  assert.match(run(['help', 'nosuch'], ZH).stderr, /^sgz: 没有名为 nosuch 的命令/);

  const zh = run(['user', 'frob', 'x'], { ...A.env, ...ZH });
  assert.equal(zh.status, 2);
  const lines = zh.stderr.trimEnd().split('\n');
  assert.equal(lines[0], 'sgz: 应为：add、list、passwd、reset-totp、lock、unlock 或 roles');
  assert.match(lines[1], /^用法：sgz user add NAME --roles R,R/);
  assert.equal(lines[2], '（详见：sgz help user）');
  const en = run(['user', 'frob', 'x'], { ...A.env, ...EN });
  assert.equal(en.stderr.split('\n')[0], 'sgz: expected: add, list, passwd, reset-totp, lock, unlock or roles');
  assert.match(en.stderr, /\n\(see: sgz help user\)\n$/);

  // an option cli_parse does not know, and a user that is not there
  assert.match(run(['user', 'list', '--frob'], { ...A.env, ...ZH }).stderr, /^sgz: 未知选项：--frob\n/);
  const nobody = run(['user', 'lock', 'nobody'], { ...A.env, ...ZH });
  assert.equal(nobody.status, 1);
  assert.equal(nobody.stderr, 'sgz: 没有名为 nobody 的用户\n');
});

test('user add and import speak Chinese; LC_ALL=C wins over a Chinese LANG', () => {
  const r = run(['user', 'add', 'wang', '--roles', 'bureau'], { ...A.env, ...ZH });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^已创建用户 wang；临时密码（只显示这一次，首次登录时须修改）：\S+\n$/);
  const again = run(['user', 'add', 'wang', '--roles', 'bureau'], { ...A.env, ...ZH });
  assert.equal(again.stderr, 'sgz: 用户 wang 已存在\n');
  const c = run(['user', 'add', 'wang', '--roles', 'bureau'], { ...A.env, ...ZH, LC_ALL: 'C' });
  assert.equal(c.stderr, 'sgz: user wang exists already\n');
  const m = run(['user', 'add', 'wang', '--roles', 'bureau'], { ...A.env, ...EN, LC_MESSAGES: 'zh_CN.UTF-8' });
  assert.equal(m.stderr, 'sgz: 用户 wang 已存在\n');

  const missing = join(A.db.dir, 'missing.xlsx');
  const i = run(['import', 'clients', missing], { ...A.env, ...ZH });
  assert.equal(i.status, 1);
  assert.match(i.stderr, new RegExp(`^sgz: 无法读取 ${missing.replace(/[.]/g, '\\.')}：`));
  assert.match(run(['import', 'clients', missing, '--duplicates', 'x'], { ...A.env, ...ZH }).stderr,
    /^sgz: --duplicates 须为 skip（跳过）、update（更新）或 stop（停止）\n用法：sgz import/);
});
