#!/usr/bin/env bash
# make bench, identity part: what checking a session costs. The same
# request, GET /api/v1/stations/2, against the release binary with a
# session cookie and against a second build (-DSGZ_BENCH_NO_AUTH) that
# skips the check for reads; target: the check costs at most 20 %.
set -eu
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-10}
make -s all
make -s BUILD=build-bench EXTRA_CFLAGS=-DSGZ_BENCH_NO_AUTH all
tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
export SGZ_DB=$tmp/s.db SGZ_KEY_FILE=$tmp/s.key
build/sgz demo --region 430223 >/dev/null 2>&1
build/sgz setting set login.per_address_per_minute 100000
echo 'Bench-Passw0rd' | build/sgz user add reader --roles bureau --range all --password-stdin >/dev/null

start() { # binary port
    "$1" serve --listen "127.0.0.1:$2" --access-log "$tmp/access-$2.log" \
        --per-ip-connections 1000 2>"$tmp/serve-$2.log" &
    pids+=($!)
    for _ in $(seq 50); do
        curl -sf "127.0.0.1:$2/api/v1/health" >/dev/null && return 0
        sleep 0.1
    done
    echo "server on $2 did not start" >&2
    return 1
}
start build/sgz 18701
start build-bench/sgz 18702

login=$(curl -s -i -XPOST 127.0.0.1:18701/api/v1/session \
    -H 'content-type: application/json' \
    -d '{"username":"reader","password":"Bench-Passw0rd"}')
cookie=$(printf '%s' "$login" | sed -n 's/^[Ss]et-[Cc]ookie: \(sgz_session=[^;]*\).*/\1/p')
csrf=$(printf '%s' "$login" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
curl -sf -XPOST 127.0.0.1:18701/api/v1/session/password -H "cookie: $cookie" \
    -H "x-csrf-token: $csrf" -H 'content-type: application/json' \
    -d '{"current_password":"Bench-Passw0rd","new_password":"Other-Passw0rd1"}' >/dev/null

measure() { # url [cookie]
    local out
    if [ -n "${2:-}" ]; then
        out=$(wrk -t2 -c32 -d"${secs}s" --latency -H "Cookie: $2" "$1")
    else
        out=$(wrk -t2 -c32 -d"${secs}s" --latency "$1")
    fi
    local rps p99
    rps=$(printf '%s\n' "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(printf '%s\n' "$out" | awk '$1 == "99%" {print $2}')
    echo "$rps $p99"
}
read -r with_rps with_p99 < <(measure http://127.0.0.1:18701/api/v1/stations/2 "$cookie")
read -r without_rps without_p99 < <(measure http://127.0.0.1:18702/api/v1/stations/2)
cost=$(awk -v a="$with_rps" -v b="$without_rps" 'BEGIN {printf "%.1f", (1 - a / b) * 100}')
printf '%-44s %10s req/s  p99 %s\n' "GET /stations/2 with the session check" "$with_rps" "$with_p99"
printf '%-44s %10s req/s  p99 %s\n' "GET /stations/2 without it" "$without_rps" "$without_p99"
verdict=$(awk -v c="$cost" 'BEGIN {print (c <= 20) ? "PASS" : "FAIL"}')
echo "session check costs ${cost} % of the request (target ≤ 20 %): $verdict"
