// The web UI the binary carries: index.html for the UI's routes, hashed
// assets cached for a year, the right types, the security headers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;
before(async () => { srv = await startServer({ anonymous: true }); });
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});

test('index.html at / and at every UI route, never cached, with a strict CSP', async () => {
  for (const path of ['/', '/stations', '/system/users', '/login?redirect=%2Fstations']) {
    const r = await fetch(srv.base + path);
    assert.equal(r.status, 200, path);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.equal(r.headers.get('cache-control'), 'no-cache');
    const csp = r.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    const html = await r.text();
    assert.match(html, /<script type="module" crossorigin src="\/assets\/[^"]+\.js"><\/script>/);
    assert.doesNotMatch(html.replace(/<script[^>]*src=[^>]*><\/script>/g, ''), /<script/, 'no inline script');
  }
});

test('hashed assets: their MIME type and a year of caching; a missing one is 404', async () => {
  const html = await (await fetch(srv.base + '/')).text();
  const js = /src="(\/assets\/[^"]+\.js)"/.exec(html)[1];
  const css = /href="(\/assets\/[^"]+\.css)"/.exec(html)[1];
  const a = await fetch(srv.base + js);
  assert.equal(a.status, 200);
  assert.match(a.headers.get('content-type'), /^text\/javascript/);
  assert.match(a.headers.get('cache-control'), /max-age=31536000, immutable/);
  const c = await fetch(srv.base + css);
  assert.match(c.headers.get('content-type'), /^text\/css/);
  assert.equal((await fetch(srv.base + '/assets/no-such-file.js')).status, 404);
  assert.equal((await fetch(srv.base + '/favicon.svg')).headers.get('content-type'), 'image/svg+xml');
});

test('the API keeps its JSON 404 and the UI never answers for /api', async () => {
  const r = await fetch(srv.base + '/api/v1/no-such-thing');
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type'), /application\/json/);
  const post = await fetch(srv.base + '/stations', { method: 'POST' });
  assert.equal(post.status, 404, 'the UI answers GET and HEAD only');
});
