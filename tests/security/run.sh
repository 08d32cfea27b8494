#!/usr/bin/env bash
# Attack tools against a loopback server (see tests/security/README.md).
#
#   tests/security/run.sh --short   a fixed sample of routes for sqlmap and
#                                   a 30-second slow attack (make test)
#   tests/security/run.sh --full    sqlmap on every route of openapi.json on
#                                   SQLite and PostgreSQL, every slow attack,
#                                   and the bad-input and header suites
#                                   (make security; as long as it takes)
#
# Needs the sanitizer build (make SANITIZE=1 all), node, curl, sqlmap and
# slowhttptest. All traffic goes to 127.0.0.0/8. Output goes to
# tests/out/security/. Ends with "N passed, N failed"; exits 1 when
# anything failed.
set -u
cd "$(dirname "$0")/../.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export SGZ_BIN=${SGZ_BIN:-$PWD/build-asan/sgz}

mode=short
case ${1:-} in
--short | "") mode=short ;;
--full) mode=full ;;
*) echo "usage: $0 [--short|--full]" >&2; exit 2 ;;
esac
out=${SGZ_TEST_OUT:-$PWD/tests/out}/security
mkdir -p "$out"

# shellcheck source=tests/suites.sh
. tests/suites.sh
# tally LOG PREFIX RC: adds the "PREFIX: N passed, N failed" line of LOG.
tally() {
    local log=$1 prefix=$2 rc=$3 p f
    p=$(sed -n "s/^$prefix: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p" "$log" | tail -n 1)
    f=$(sed -n "s/^$prefix: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p" "$log" | tail -n 1)
    count "${p:-0}" "$(failures "$rc" "${f:-0}")"
}

missing=
for tool in node curl sqlmap slowhttptest; do
    command -v "$tool" >/dev/null || missing="$missing $tool"
done
if [ -n "$missing" ] || [ ! -x "$SGZ_BIN" ]; then
    [ -n "$missing" ] && echo "security: missing tools:$missing (scripts/deps.sh installs them)"
    [ -x "$SGZ_BIN" ] || echo "security: $SGZ_BIN is missing (make SANITIZE=1 all)"
    echo "0 passed, 1 failed"
    exit 1
fi

t0=$SECONDS

# sqlmap: SQLite; in --full also PostgreSQL.
backends=sqlite
pgdir=
if [ "$mode" = full ]; then
    pgdir=$(mktemp -d /tmp/sgz-pg.XXXXXX)
    trap 'tests/pg.sh stop "$pgdir"' EXIT
    if SGZ_TEST_PG=$(tests/pg.sh start "$pgdir"); then
        export SGZ_TEST_PG
        backends="sqlite postgres"
    else
        echo "security: could not start PostgreSQL; sqlmap on PostgreSQL counts as failed"
        count 0 1
    fi
fi
for backend in $backends; do
    log=$out/sqlmap-$backend.log
    s=$SECONDS
    SGZ_TEST_BACKEND=$backend node tests/security/sqlmap.mjs "--$mode" \
        --out "$out/sqlmap-$backend" >"$log" 2>&1
    rc=$?
    echo "sqlmap ($backend, --$mode): $(tail -n 1 "$log") [$((SECONDS - s)) s]"
    grep '^FAIL' -A1 "$log" | sed 's/^/    /'
    tally "$log" sqlmap "$rc"
done

# Slow HTTP attacks.
log=$out/slow.log
s=$SECONDS
tests/security/slow.sh "--$mode" --out "$out/slow" >"$log" 2>&1
rc=$?
echo "slowhttptest (--$mode): $(tail -n 1 "$log") [$((SECONDS - s)) s]"
grep '^FAIL\|^note' "$log" | sed 's/^/    /'
tally "$log" slow "$rc"

# The bad-input and header suites (make test runs them with the API tests).
if [ "$mode" = full ]; then
    for backend in $backends; do
        log=$out/api-$backend.tap
        s=$SECONDS
        SGZ_TEST_BACKEND=$backend node --test --test-reporter=tap \
            tests/api/bad_everywhere.test.mjs tests/api/headers.test.mjs >"$log" 2>&1
        rc=$?
        p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -n 1)
        f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -n 1)
        p=${p:-0}
        f=$(failures "$rc" "${f:-0}")
        echo "bad input and headers ($backend): $p passed, $f failed [$((SECONDS - s)) s]"
        [ "$f" -eq 0 ] || grep -B2 -A25 '^not ok' "$log" | head -80 | sed 's/^/    /'
        count "$p" "$f"
    done
fi

echo "security (--$mode) took $((SECONDS - t0)) s; logs in $out"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
