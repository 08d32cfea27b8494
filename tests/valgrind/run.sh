#!/usr/bin/env bash
# `make valgrind`: the release build under valgrind's memcheck (the
# sanitizer build is what `make test` runs; valgrind sees what they do not:
# uninitialised reads, and the release optimisations). Every unit test,
# then API suites whose server (`sgz serve`) runs under valgrind: sensitive
# reads (the audit writer thread and suspended connections), the client
# register and its imports (a background job writing in batches), HTTP
# limits and logins. A definite leak or any memory error
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

# shellcheck source=tests/suites.sh
. tests/suites.sh

for t in build/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    unit_suite "valgrind unit $name" "$out/$name.log" "${VG[@]}" "$t"
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
for suite in sensitive clients import http_limits identity; do
    node_suite "$suite" "valgrind api $suite" "tests/api/$suite.test.mjs" \
        SGZ_BIN="$wrapper"
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
