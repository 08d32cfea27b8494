# shellcheck shell=bash
# Sourced by tests/run.sh, tests/valgrind/run.sh, tests/durability/run.sh
# and tests/security/run.sh: runs cmocka binaries
# and node:test suites, one summary line each, logs into $out, and keeps
# the totals in $passed and $failed for the final "N passed, N failed".
: "${out:?the caller sets out, the folder for the logs}"
passed=0
failed=0
count() { passed=$((passed + $1)); failed=$((failed + $2)); }
# The failures to count of a runner that exited RC and reported F: one
# that died or exited non-zero without reporting a failure failed once.
#   failures RC F
failures() {
    if [ "$1" -ne 0 ] && [ "$2" -eq 0 ]; then echo 1; else echo "$2"; fi
}

# Runs one cmocka binary, the command in "$@" (the binary, or a wrapper
# and the binary), into LOG and counts it; a crash, or a sanitizer's or
# valgrind's non-zero exit, counts as a failure.
#   unit_suite LABEL LOG COMMAND...
unit_suite() {
    local label=$1 log=$2
    shift 2
    "$@" >"$log" 2>&1
    local rc=$?
    local p f
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    f=$(failures "$rc" "$f")
    echo "$label: $p passed, $f failed"
    [ "$f" -eq 0 ] || sed 's/^/    /' "$log" | tail -40
    count "$p" "$f"
}

# Runs a node:test suite (a folder or a file) with TAP output into
# $out/NAME.tap and counts it.
#   node_suite NAME LABEL PATH [VAR=VALUE ...]
node_suite() {
    local name=$1 label=$2 dir=$3
    shift 3
    local log="$out/$name.tap"
    env "$@" node --test --test-reporter=tap "$dir" >"$log" 2>&1
    local rc=$?
    local p f
    p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    f=$(failures "$rc" "$f")
    echo "$label: $p passed, $f failed"
    if [ "$f" -ne 0 ]; then
        grep -B2 -A25 '^not ok\|^    not ok\|^        not ok' "$log" |
            head -150 | sed 's/^/    /'
    fi
    count "$p" "$f"
}
