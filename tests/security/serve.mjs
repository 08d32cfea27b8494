// Starts a sanitizer-built server for the shell drivers (slow.sh) the way
// tests/api/lib.mjs does (demo database in a temporary directory, SQLite
// unless SGZ_TEST_BACKEND=postgres, fixed clock), with extra `sgz serve`
// arguments from the command line, e.g.
//
//   node tests/security/serve.mjs --per-ip-connections 64 --timeout 30
//
// Prints "base http://127.0.0.1:PORT" on stdout once it listens; on
// SIGTERM or SIGINT stops the server and prints "server exit CODE" and,
// when the sanitizers reported anything, "server sanitizer report"; the
// server's stderr goes to $SGZ_SERVER_LOG when set. Exits 0 only when
// the server stopped with 0 and no report.
import { writeFileSync } from 'node:fs';
import { startServer } from '../api/lib.mjs';

const srv = await startServer({ anonymous: true, args: process.argv.slice(2) });
console.log(`base ${srv.base}`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  const r = await srv.stop();
  if (process.env.SGZ_SERVER_LOG) writeFileSync(process.env.SGZ_SERVER_LOG, r.stderr);
  const report = /AddressSanitizer|runtime error|LeakSanitizer/.test(r.stderr);
  console.log(`server exit ${r.code === null ? 'signal ' + r.signal : r.code}`);
  if (report) console.log('server sanitizer report');
  process.exit(r.code === 0 && !report ? 0 : 1);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Stay alive until told to stop (at most a day).
setTimeout(stop, 24 * 3600 * 1000);
