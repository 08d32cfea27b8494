#!/usr/bin/env bash
# `make valgrind`: the release build under valgrind's memcheck (the
# sanitizer build is what `make test` runs; valgrind sees what they do not:
# uninitialised reads, and the release optimisations). Every unit test,
# then API suites whose server (`sgz serve`) runs under valgrind: sensitive
# reads (the audit writer thread and suspended connections), the client
# register, HTTP limits and logins. A definite leak or any memory error
# fails the suite. Ends with "N passed, N failed"; exits 1 when anything
# failed. SQLite only.
set -u
cd "$(dirname "$0")/../.." || exit 1
out=${SGZ_TEST_OUT:-$PWD/tests/out}/valgrind
rm -rf "$out"
mkdir -p "$out"
command -v valgrind >/dev/null || { echo "valgrind not found: scripts/deps.sh valgrind" >&2; exit 1; }
VG=(valgrind -q --error-exitcode=9 --leak-check=full
    --errors-for-leak-kinds=definite --show-leak-kinds=definite)

passed=0
failed=0
count() { passed=$((passed + $1)); failed=$((failed + $2)); }

for t in build/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    "${VG[@]}" "$t" >"$out/$name.log" 2>&1
    rc=$?
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out/$name.log" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out/$name.log" | awk '{s+=$1} END {print s+0}')
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # a memory error (exit 9) or a crash
    fi
    echo "valgrind unit $name: $p passed, $f failed"
    [ "$f" -eq 0 ] || tail -40 "$out/$name.log" | sed 's/^/    /'
    count "$p" "$f"
done

# The API suites' sgz: `serve` under valgrind, every other command as is.
wrapper=$out/sgz
cat >"$wrapper" <<WRAP
#!/usr/bin/env bash
if [ "\$1" = serve ]; then
    exec ${VG[*]} --log-file=$out/serve-%p.log $PWD/build/sgz "\$@"
fi
exec $PWD/build/sgz "\$@"
WRAP
chmod +x "$wrapper"
for suite in sensitive clients http_limits identity; do
    log=$out/$suite.tap
    SGZ_BIN=$wrapper node --test --test-reporter=tap \
        "tests/api/$suite.test.mjs" >"$log" 2>&1
    rc=$?
    p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
    fi
    echo "valgrind api $suite: $p passed, $f failed"
    [ "$f" -eq 0 ] || grep -E '^not ok|error:' "$log" | head -20 | sed 's/^/    /'
    count "$p" "$f"
done
# A server that stopped with an error (exit 9) fails its suite's after();
# the logs say what valgrind saw.
for l in "$out"/serve-*.log; do
    [ -s "$l" ] || continue
    echo "valgrind: $l is not empty:" >&2
    head -40 "$l" | sed 's/^/    /' >&2
    count 0 1
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
