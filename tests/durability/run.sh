#!/usr/bin/env bash
# Crash durability (tests/durability/README.md) on each backend, against the
# sanitizer build of sgz (SGZ_BIN, default build-asan/sgz).
#
#   tests/durability/run.sh                  short form: 20 kills per backend
#   tests/durability/run.sh --full           200 kills per backend
#   tests/durability/run.sh sqlite           one backend (sqlite | postgres)
#   DURABILITY_KILLS=N DURABILITY_PG_KILLS=M DURABILITY_SEED=S   by hand
#
# Each backend's node:test output (TAP) goes to tests/out/durability-B.tap
# and its figures, with the ledger of every write not acknowledged, to
# tests/out/durability-B.json.
# Ends with the line "N passed, N failed"; exits 1 when anything failed.
set -u
cd "$(dirname "$0")/../.." || exit 2
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export SGZ_BIN=${SGZ_BIN:-$PWD/build-asan/sgz}
export SGZ_TEST_OUT=${SGZ_TEST_OUT:-$PWD/tests/out}
mkdir -p "$SGZ_TEST_OUT"

backends=()
for a in "$@"; do
    case "$a" in
    --full) export DURABILITY_KILLS=${DURABILITY_KILLS:-200} ;;
    sqlite | postgres) backends+=("$a") ;;
    *)
        echo "usage: tests/durability/run.sh [--full] [sqlite] [postgres]" >&2
        exit 2
        ;;
    esac
done
[ "${#backends[@]}" -gt 0 ] || backends=(sqlite postgres)
[ -x "$SGZ_BIN" ] || {
    echo "run.sh: $SGZ_BIN not built (make SANITIZE=1)" >&2
    exit 2
}

out=$SGZ_TEST_OUT
# shellcheck source=tests/suites.sh
. tests/suites.sh
for backend in "${backends[@]}"; do
    start=$(date +%s)
    node_suite "durability-$backend" "durability ($backend)" \
        tests/durability/ SGZ_TEST_BACKEND="$backend"
    # The run's figures: one line the suite writes to standard error.
    echo "    in $(($(date +%s) - start)) s"
    grep -o 'durability ('"$backend"'): { .*' "$out/durability-$backend.tap" |
        tail -n 1 | cut -c1-2000 | sed 's/^/    /'
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
