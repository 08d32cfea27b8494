#!/usr/bin/env bash
# Slow HTTP attacks (slowhttptest) against a sanitizer-built server on
# loopback while a normal client, connecting from another loopback
# address (curl --interface 127.0.0.2, so that the per-address limit
# treats it as another machine), asks GET /api/v1/health every second.
# Every one of its requests must succeed (200) within 2 s, and the server
# must stay healthy and stop cleanly (exit 0, no sanitizer report).
#
#   tests/security/slow.sh [--short|--full] [--out DIR]
#
# --short (make test): slowloris (-H) and slow body (-B) at once, 250
#   connections each, 30 s, against the default limits (--per-ip-
#   connections 64, --timeout 30).
# --full (make security): the same, then slowloris, slow body and slow
#   read (-X) one at a time with 1000 connections for 120 s each, and, as
#   information only, slowloris with the per-address limit raised to
#   2000 (what a distributed attacker would see).
#
# Ends with "slow: N passed, N failed"; exits 1 when anything failed.
set -u
cd "$(dirname "$0")/../.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export SGZ_BIN=${SGZ_BIN:-$PWD/build-asan/sgz}

mode=short
out=$PWD/tests/out/security/slow
while [ $# -gt 0 ]; do
    case $1 in
    --short) mode=short ;;
    --full) mode=full ;;
    --out) out=$2; shift ;;
    *) echo "usage: $0 [--short|--full] [--out DIR]" >&2; exit 2 ;;
    esac
    shift
done
rm -rf "$out"
mkdir -p "$out"

passed=0
failed=0
ok() { echo "ok    $*"; passed=$((passed + 1)); }
bad() { echo "FAIL  $*"; failed=$((failed + 1)); }
note() { echo "note  $*"; }

for tool in slowhttptest curl node; do
    if ! command -v "$tool" >/dev/null; then
        bad "$tool is not installed (apt-get install slowhttptest curl)"
        echo "slow: $passed passed, $failed failed"
        exit 1
    fi
done
# slowhttptest keeps one descriptor per connection.
ulimit -n 8192 2>/dev/null || true

srvpid=
base=
# start_server NAME [sgz serve args…]: sets base and srvpid.
start_server() {
    local name=$1
    shift
    SGZ_SERVER_LOG=$out/$name.server.log node tests/security/serve.mjs "$@" \
        >"$out/$name.serve.out" 2>&1 &
    srvpid=$!
    base=
    for _ in $(seq 1 300); do
        base=$(sed -n 's/^base //p' "$out/$name.serve.out")
        [ -n "$base" ] && return 0
        kill -0 "$srvpid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$out/$name.serve.out" >&2
    return 1
}

# stop_server NAME: counts a clean stop as a pass.
stop_server() {
    local name=$1
    kill -TERM "$srvpid" 2>/dev/null
    wait "$srvpid"
    local rc=$?
    if [ "$rc" -eq 0 ]; then
        ok "$name: the server stopped cleanly (exit 0, no sanitizer report)"
    else
        bad "$name: the server did not stop cleanly: $(grep '^server' "$out/$name.serve.out" | tr '\n' ' ') (see $out/$name.server.log)"
    fi
}

# client FILE SECONDS ADDRESS: GET /api/v1/health every second from
# ADDRESS; one line per request: "HTTP_CODE SECONDS".
client() {
    local file=$1 seconds=$2 addr=$3
    local end=$((SECONDS + seconds))
    : >"$file"
    while [ "$SECONDS" -lt "$end" ]; do
        curl --interface "$addr" -s -o /dev/null --max-time 2 \
            -w '%{http_code} %{time_total}\n' "$base/api/v1/health" >>"$file" 2>/dev/null ||
            true
        sleep 1
    done
}

# verdict NAME FILE: the normal client's requests all 200 within 2 s?
verdict() {
    local name=$1 file=$2
    local total good slowest
    total=$(wc -l <"$file")
    good=$(awk '$1 == 200 && $2 < 2.0' "$file" | wc -l)
    slowest=$(awk 'BEGIN {m = 0} {if ($2 > m) m = $2} END {printf "%.3f", m}' "$file")
    if [ "$total" -ge 5 ] && [ "$good" -eq "$total" ]; then
        ok "$name: the client from 127.0.0.2 got $good/$total answers, all 200, slowest ${slowest} s"
    else
        bad "$name: the client from 127.0.0.2 got $good/$total good answers (slowest ${slowest} s; codes: $(cut -d' ' -f1 "$file" | sort | uniq -c | tr -s ' ' | tr '\n' ','))"
    fi
}

# summary FILE: slowhttptest's last status block, on one line.
summary() {
    sed 's/\x1b\[[0-9;]*m//g' "$1" |
        awk '/slow HTTP test status on/ {block = ""} /^(initializing|pending|connected|error|closed|service available):/ {gsub(/ +/, " "); block = block $0 "; "} END {print block}'
}

# attack NAME SECONDS CLIENT_ADDR SERVER_ARGS -- SLOWHTTPTEST_RUNS…
# Each run is one quoted string of slowhttptest options (without -u, -l,
# -o); they run at the same time against the server's URL + their path.
attack() {
    local name=$1 seconds=$2 addr=$3 sargs=$4
    shift 4
    [ "$1" = -- ] && shift
    # shellcheck disable=SC2086
    if ! start_server "$name" $sargs; then
        bad "$name: the server did not start"
        return
    fi
    local pids=() i=0
    for run in "$@"; do
        local path=${run##* }
        local opts=${run% *}
        # shellcheck disable=SC2086
        slowhttptest $opts -l "$seconds" -u "$base$path" -g -o "$out/$name.$i" \
            >"$out/$name.$i.txt" 2>&1 &
        pids+=($!)
        i=$((i + 1))
    done
    sleep 3 # let the attack take hold
    client "$out/$name.client.txt" $((seconds - 5)) "$addr" &
    local cpid=$!
    # The attacker's own address, for information: the per-address limit
    # is meant to refuse it.
    client "$out/$name.same-address.txt" $((seconds - 5)) 127.0.0.1 &
    local spid=$!
    wait "$cpid" "$spid"
    for p in "${pids[@]}"; do wait "$p"; done
    verdict "$name" "$out/$name.client.txt"
    note "$name: a client from 127.0.0.1 (the attacker's address) got $(awk '$1 == 200 && $2 < 2.0' "$out/$name.same-address.txt" | wc -l)/$(wc -l <"$out/$name.same-address.txt") answers"
    i=0
    for run in "$@"; do
        note "$name: slowhttptest ${run% *} → $(summary "$out/$name.$i.txt")"
        i=$((i + 1))
    done
    local h
    h=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base/api/v1/health")
    if [ "$h" = 200 ]; then
        ok "$name: healthy after the attack"
    else
        bad "$name: GET /api/v1/health after the attack: $h"
    fi
    stop_server "$name"
}

LORIS='-H -i 10 -r 100 -p 3 -x 24'
BODY='-B -i 10 -r 100 -p 3 -x 24 -s 65536 -f application/json'
t0=$SECONDS
if [ "$mode" = short ]; then
    attack slowloris+slowbody 30 127.0.0.2 "" -- \
        "$LORIS -c 250 /api/v1/health" "$BODY -c 250 /api/v1/session"
else
    attack slowloris+slowbody 60 127.0.0.2 "" -- \
        "$LORIS -c 500 /api/v1/health" "$BODY -c 500 /api/v1/session"
    attack slowloris 120 127.0.0.2 "" -- "$LORIS -c 1000 /api/v1/health"
    attack slowbody 120 127.0.0.2 "" -- "$BODY -c 1000 /api/v1/session"
    attack slowread 120 127.0.0.2 "" -- \
        "-X -r 200 -w 512 -y 1024 -n 5 -z 32 -k 3 -p 3 -c 1000 /api/v1/openapi.json"
    # Information only: many attacking addresses, as the per-address limit
    # would see them. Counted in neither column.
    p=$passed f=$failed
    attack distributed-slowloris 60 127.0.0.2 "--per-ip-connections 2000" -- \
        "$LORIS -c 1500 /api/v1/health"
    note "distributed-slowloris: information only, not counted (results above)"
    passed=$p failed=$f
fi
echo "slow attacks took $((SECONDS - t0)) s; files in $out"
echo "slow: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
