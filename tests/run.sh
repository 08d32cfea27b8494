#!/usr/bin/env bash
# Runs every test: the cmocka unit tests, then the API tests against the
# sanitizer build of sgz on SQLite and on a throwaway PostgreSQL cluster.
# Ends with the line "N passed, N failed"; exits 1 when anything failed.
set -u
cd "$(dirname "$0")/.." || exit 1
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export SGZ_BIN=${SGZ_BIN:-$PWD/build-asan/sgz}
out=${SGZ_TEST_OUT:-$PWD/tests/out}
mkdir -p "$out"

# shellcheck source=tests/suites.sh
. tests/suites.sh

pgdir=$(mktemp -d /tmp/sgz-pg.XXXXXX)
cleanup() { tests/pg.sh stop "$pgdir"; }
trap cleanup EXIT
if ! SGZ_TEST_PG=$(tests/pg.sh start "$pgdir"); then
    echo "run.sh: could not start PostgreSQL; its tests count as failed" >&2
    SGZ_TEST_PG=""
    count 0 1
fi
export SGZ_TEST_PG

# Unit tests: each binary prints cmocka's summary.
for t in build-asan/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    unit_suite "unit $name" "$out/$name.log" "$t"
done

# API tests, once per backend.
node_suite api-sqlite "api (sqlite)" tests/api/ SGZ_TEST_BACKEND=sqlite
if [ -n "$SGZ_TEST_PG" ]; then
    node_suite api-postgres "api (postgres)" tests/api/ \
        SGZ_TEST_BACKEND=postgres
fi

# Crash durability, short form (docs/reliability.md): sgz SIGKILLed 20
# times per backend; on PostgreSQL also 8 crashes of a private cluster.
for backend in sqlite postgres; do
    node_suite "durability-$backend" "durability ($backend)" \
        tests/durability/ SGZ_TEST_BACKEND=$backend SGZ_TEST_OUT="$out"
done

# Attack tools, short form (tests/security/README.md): sqlmap on a fixed
# sample of routes with a planted-injection control, then slowloris and
# slow-body attacks while a client from 127.0.0.2 must still be served.
log="$out/security.log"
tests/security/run.sh --short >"$log" 2>&1
rc=$?
p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$log" | tail -n 1)
f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$log" | tail -n 1)
p=${p:-0}
f=${f:-0}
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
echo "security (short): $p passed, $f failed"
[ "$f" -eq 0 ] || sed 's/^/    /' "$log" | tail -40
count "$p" "$f"

# Browser tests: Debian's Chromium driving the UI the binary serves
# (screenshots in $out/screenshots). The client register's and its
# import wizard's also on PostgreSQL (issue 5); the whole suite passes
# there too, but twice would add some five minutes to every run.
node_suite e2e-sqlite "e2e (sqlite)" tests/e2e/ SGZ_TEST_BACKEND=sqlite
if [ -n "$SGZ_TEST_PG" ]; then
    node_suite e2e-postgres "e2e clients (postgres)" \
        tests/e2e/clients.test.mjs SGZ_TEST_BACKEND=postgres \
        SGZ_SCREENSHOTS="$out/screenshots-postgres"
    node_suite e2e-import-postgres "e2e client import (postgres)" \
        tests/e2e/client_import.test.mjs SGZ_TEST_BACKEND=postgres \
        SGZ_SCREENSHOTS="$out/screenshots-postgres"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
