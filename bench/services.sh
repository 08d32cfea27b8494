#!/usr/bin/env bash
# `make bench`, third part: service records at a province's scale
# (docs/performance.md, issue 6). A demo of Hunan with BENCH_SERVICES_CLIENTS
# clients (default 1,000,000) and, made by `sgz demo --services N`, 1,000,000
# and BENCH_SERVICES (default 10,000,000) service records, each cached in
# build/bench/services/ and rebuilt when the counts or the binary's version
# change. Then, on 127.0.0.1 with wrk next to the servers, for each size:
#   ceiling        bench/ceiling.c: the empty reply, in the same pass
#   timeline       GET /clients/{id}/timeline (first page, 20), a random
#                  client of 5,000 with at least one record, a bureau
#                  session (range all)
#   timeline full  the same for clients whose first page is full (at least
#                  20 records): the same work per request at every size
#   tasks          GET /tasks (default: mine) as one of 16 random demo
#                  workers (range: the worker's station)
# each as requests/s, p99 and ratio to the ceiling, the server's CPU time
# per request, the load average and the share of the CPU other work took;
# then the largest size against 1,000,000. BENCH_ROUNDS passes (default 2)
# alternate the sizes; the figures are the medians.
#   BENCH_SERVICES  BENCH_SERVICES_CLIENTS  BENCH_SECONDS (10)
#   BENCH_CONNS (32)  BENCH_THREADS (2)  BENCH_ROUNDS (2)  BENCH_WORKERS (16)
#   BENCH_SGZ (build/sgz)  BENCH_SERVICES_SMALL (1000000, the reference)
#   BENCH_SERVICES_OUT (build/bench/services, the cache)
# A measurement, not a test: exits non-zero only when the measurement is
# broken (a server did not start, the demo failed, wrk failed, errors or
# non-2xx answers, keep-alive lost).
set -eu
set -o pipefail
cd "$(dirname "$0")/.."

BIG=${BENCH_SERVICES:-10000000}
CLIENTS=${BENCH_SERVICES_CLIENTS:-1000000}
DURATION=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNS:-32}
THREADS=${BENCH_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-2}
NWORKERS=${BENCH_WORKERS:-16}
SGZ=${BENCH_SGZ:-build/sgz}
OUT=${BENCH_SERVICES_OUT:-build/bench/services}
REGION=43
SMALL=${BENCH_SERVICES_SMALL:-1000000}
PASSWORD1=Bench-first-1
# A new password each run: the password history refuses the last five.
PASSWORD2=Bench-run-$(date +%s)

die() {
    echo "bench services: $*" >&2
    exit 1
}
for cmd in wrk curl cc sqlite3 pkg-config; do
    command -v "$cmd" >/dev/null || die "$cmd not found (scripts/deps.sh)"
done
mkdir -p "$OUT"
if [ ! -x "$SGZ" ]; then
    [ "$SGZ" = build/sgz ] || die "$SGZ: no such program"
    make all
fi
# shellcheck disable=SC2046
cc -O2 -std=c11 -Wall -Wextra -Werror -o "$OUT/ceiling" bench/ceiling.c \
    $(pkg-config --cflags --libs libmicrohttpd)

SIZES=("$SMALL")
[ "$BIG" = "$SMALL" ] || SIZES+=("$BIG")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sgz-bench-services.XXXXXX")
pids=()
cleanup() {
    for p in "${pids[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the databases ----------------------------------------------------------
version=$("$SGZ" version | head -n 1)
BASE=$OUT/base.db
stamp="$CLIENTS $version"
if [ ! -f "$BASE" ] || [ "$(cat "$OUT/base.stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -f "$BASE" "$BASE"-* "$BASE.key"
    if [ "$(cat build/bench/clients/stamp 2>/dev/null)" = "$stamp" ] &&
        [ "$CLIENTS" = 1000000 ]; then
        echo "bench services: the clients benchmark's register as the base"
        sqlite3 build/bench/clients/demo.db ".backup '$BASE'"
        cp build/bench/clients/demo.db.key "$BASE.key"
    else
        echo "bench services: generating $CLIENTS clients over Hunan (once)"
        "$SGZ" demo --db "$BASE" --region "$REGION" --clients "$CLIENTS" \
            >"$OUT/base.log" 2>&1 ||
            { tail "$OUT/base.log" >&2; die "the demo failed"; }
    fi
    echo "$stamp" >"$OUT/base.stamp"
fi
declare -A GEN
for n in "${SIZES[@]}"; do
    db=$OUT/s$n.db
    stamp="$CLIENTS $n $version"
    if [ ! -f "$db" ] || [ "$(cat "$OUT/s$n.stamp" 2>/dev/null)" != "$stamp" ]; then
        rm -f "$db" "$db"-* "$db.key" "$OUT/s$n".*.ids
        echo "bench services: generating $n service records (once)"
        cp "$BASE" "$db"
        cp "$BASE.key" "$db.key"
        load=$(cut -d' ' -f1-3 /proc/loadavg)
        t0=$(date +%s.%N)
        "$SGZ" demo --db "$db" --region "$REGION" --services "$n" \
            >"$OUT/s$n.log" 2>&1 ||
            { tail "$OUT/s$n.log" >&2; die "the demo of $n records failed"; }
        t1=$(date +%s.%N)
        awk -v a="$t0" -v b="$t1" -v l="$load" \
            'BEGIN { printf "%.0f s (load before: %s)\n", b - a, l }' \
            >"$OUT/s$n.gen"
        echo "$stamp" >"$OUT/s$n.stamp"
    fi
    "$SGZ" migrate --db "$db" >/dev/null
    GEN[$n]=$(cat "$OUT/s$n.gen" 2>/dev/null || echo "?")
    # The clients to ask for: 5,000 with records, and 5,000 whose first
    # page is full; with how full their first page is (services only).
    if [ ! -s "$OUT/s$n.any.ids" ]; then
        sqlite3 "$db" "WITH p AS (SELECT id FROM clients c WHERE EXISTS
            (SELECT 1 FROM service_clients x WHERE x.client_id = c.id)
            ORDER BY random() LIMIT 5000) SELECT id, MIN(20, (SELECT COUNT(*)
            FROM service_clients x WHERE x.client_id = p.id)) FROM p" \
            >"$OUT/s$n.any.ids"
        sqlite3 "$db" "SELECT client_id, 20 FROM service_clients GROUP BY
            client_id HAVING COUNT(*) >= 20 ORDER BY random() LIMIT 5000" \
            >"$OUT/s$n.full.ids"
    fi
    [ -s "$OUT/s$n.any.ids" ] || die "no client with records in $db"
done

# --- servers and sessions -----------------------------------------------------
port_of() {
    local log=$1 port="" i
    for ((i = 0; i < 100; i++)); do
        port=$(sed -n 's|.*listening on http://[^ ]*:\([0-9][0-9]*\).*|\1|p' \
            "$log" | head -n 1)
        [ -n "$port" ] && { echo "$port"; return 0; }
        sleep 0.1
    done
    cat "$log" >&2
    die "a server did not start"
}
"$OUT/ceiling" 0 2>"$tmp/ceiling.log" &
pids+=($!)
ceiling_pid=$!
CEILING_URL=http://127.0.0.1:$(port_of "$tmp/ceiling.log")

# session DB URL NAME: a fresh password set by the administrator, the
# first login and the change it demands; prints the cookie.
session() {
    local db=$1 url=$2 name=$3 login csrf code
    printf '%s\n' "$PASSWORD1" | "$SGZ" user passwd "$name" \
        --password-stdin --db "$db" >/dev/null
    login=$(curl -s -c "$tmp/$name.jar" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$name\",\"password\":\"$PASSWORD1\"}" \
        "$url/api/v1/session")
    csrf=$(sed -n 's/.*"csrf_token":"\([A-Za-z0-9_-]*\)".*/\1/p' <<<"$login")
    [ -n "$csrf" ] || die "login $name: $login"
    code=$(curl -s -o "$tmp/pw.json" -w '%{http_code}' -b "$tmp/$name.jar" \
        -c "$tmp/$name.jar" -H 'Content-Type: application/json' \
        -H "X-CSRF-Token: $csrf" \
        -d "{\"current_password\":\"$PASSWORD1\",\"new_password\":\"$PASSWORD2\"}" \
        "$url/api/v1/session/password")
    [ "$code" = 200 ] || die "password change $name: $code $(cat "$tmp/pw.json")"
    awk '$6 == "sgz_session" { print $6 "=" $7 }' "$tmp/$name.jar"
}

declare -A URL PID BUREAU TASKS_ALL FILL_ANY
for n in "${SIZES[@]}"; do
    db=$OUT/s$n.db
    "$SGZ" serve --db "$db" --listen 127.0.0.1:0 --access-log off \
        --per-ip-connections 1000 2>"$tmp/sgz-$n.log" &
    pids+=($!)
    PID[$n]=$!
    URL[$n]=http://127.0.0.1:$(port_of "$tmp/sgz-$n.log")
    printf '%s\n' "$PASSWORD1" | "$SGZ" user add bench_bureau --roles bureau \
        --range all --password-stdin --db "$db" >/dev/null 2>&1 || true
    BUREAU[$n]=$(session "$db" "${URL[$n]}" bench_bureau)
    cookies=()
    total=0
    for w in $(sqlite3 "$db" "SELECT username FROM users WHERE username
            LIKE 'sw%' ORDER BY random() LIMIT $NWORKERS"); do
        c=$(session "$db" "${URL[$n]}" "$w")
        cookies+=("$c")
        body=$(curl -s -H "Cookie: $c" "${URL[$n]}/api/v1/tasks")
        all=$(sed -n 's/.*"all":\([0-9]*\).*/\1/p' <<<"$body")
        [ -n "$all" ] || die "tasks of $w: $body"
        total=$((total + all))
    done
    [ "${#cookies[@]}" -gt 0 ] || die "no demo workers in $db"
    TASKS_ALL[$n]=$(awk -v t="$total" -v k="${#cookies[@]}" \
        'BEGIN { printf "%.0f", t / k }')
    FILL_ANY[$n]=$(awk -F'|' '{ s += $2 } END { printf "%.1f", s / NR }' \
        "$OUT/s$n.any.ids")
    # The wrk scripts: a random id, or a random worker's session.
    for set in any full; do
        {
            echo 'local ids = {'
            awk -F'|' '{ printf "%s,", $1 } NR % 20 == 0 { print "" }' \
                "$OUT/s$n.$set.ids"
            echo '}'
            cat <<'LUA'
function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end
request = function()
  return wrk.format("GET", "/api/v1/clients/" ..
                    ids[math.random(#ids)] .. "/timeline")
end
LUA
        } >"$tmp/timeline-$n-$set.lua"
    done
    {
        echo 'local cookies = {'
        printf '"%s",\n' "${cookies[@]}"
        echo '}'
        cat <<'LUA'
function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end
request = function()
  return wrk.format("GET", "/api/v1/tasks",
                    { ["Cookie"] = cookies[math.random(#cookies)] })
end
LUA
    } >"$tmp/tasks-$n.lua"
    # Every request answers 200 before it is worth measuring.
    first=$(head -n 1 "$OUT/s$n.any.ids" | cut -d'|' -f1)
    code=$(curl -s -o "$tmp/check.json" -w '%{http_code}' \
        -H "Cookie: ${BUREAU[$n]}" "${URL[$n]}/api/v1/clients/$first/timeline")
    [ "$code" = 200 ] || die "timeline $first answers $code: $(cat "$tmp/check.json")"
    trace=$(curl -sv -o /dev/null -o /dev/null -H "Cookie: ${BUREAU[$n]}" \
        "${URL[$n]}/api/v1/clients/$first/timeline" \
        "${URL[$n]}/api/v1/clients/$first/timeline" 2>&1 || true)
    case "$trace" in
    *"Re-using existing connection"*) ;;
    *) die "keep-alive lost: sgz closed the connection after one reply" ;;
    esac
done

# --- measuring ----------------------------------------------------------------
HZ=$(getconf CLK_TCK)
machine_ticks() { # busy total
    awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9,
                         $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat
}
process_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

# run NAME PID URL [LUA] [COOKIE]: one wrk run; sets RATE, P99 (ms), CPU
# (the server's µs per request), LOAD (1-minute load average before) and
# OTHER (per cent of the machine's CPU that neither wrk nor the server
# used).
run() {
    local name=$1 pid=$2 url=$3 lua=${4:-} cookie=${5:-} f m0 m1 p0 p1 w
    local -a args=(-t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency)
    [ -z "$cookie" ] || args+=(-H "Cookie: $cookie")
    [ -z "$lua" ] || args+=(-s "$lua")
    f=$OUT/wrk-$name.txt
    LOAD=$(cut -d' ' -f1 /proc/loadavg)
    m0=$(machine_ticks)
    p0=$(process_ticks "$pid")
    (wrk "${args[@]}" "$url" >"$f" 2>&1 && times >"$f.times") ||
        { cat "$f" >&2; die "wrk $name"; }
    p1=$(process_ticks "$pid")
    m1=$(machine_ticks)
    if grep -qE '^ *(Socket errors|Non-2xx)' "$f"; then
        cat "$f" >&2
        die "$name: errors or non-2xx answers"
    fi
    w=$(awk -v hz="$HZ" 'NR == 2 { t = 0
            for (i = 1; i <= 2; i++) {
                split($i, a, "m"); sub(/s$/, "", a[2]); t += a[1] * 60 + a[2]
            }
            printf "%.0f", t * hz }' "$f.times")
    OTHER=$(awk -v m0="$m0" -v m1="$m1" -v p="$((p1 - p0))" -v w="$w" '
        BEGIN { split(m0, a, " "); split(m1, b, " ")
                busy = b[1] - a[1]; total = b[2] - a[2]
                o = total > 0 ? 100 * (busy - p - w) / total : 0
                printf "%.0f", (o < 0 ? 0 : o) }')
    RATE=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f")
    P99=$(awk '$1 == "99%" {
            v = $2; u = v; sub(/^[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
            f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1
            printf "%.2f", v * f }' "$f")
    CPU=$(awk -v t="$((p1 - p0))" -v hz="$HZ" '/ requests in / {
            n = $1; if (n > 0) printf "%.1f", t * 1e6 / hz / n }' "$f")
    [ -n "$RATE" ] && [ -n "$P99" ] && [ -n "$CPU" ] ||
        { cat "$f" >&2; die "cannot read wrk's figures for $name"; }
}

declare -A R
MEASURES=(ceiling timeline timeline_full tasks)
for ((round = 1; round <= ROUNDS; round++)); do
    for n in "${SIZES[@]}"; do
        echo "bench services: round $round, $n records"
        # A second of each first, so that no run pays for a cold start.
        wrk -t"$THREADS" -c"$CONNS" -d1s "$CEILING_URL/" >/dev/null
        wrk -t"$THREADS" -c"$CONNS" -d2s -H "Cookie: ${BUREAU[$n]}" \
            -s "$tmp/timeline-$n-any.lua" "${URL[$n]}/" >/dev/null
        wrk -t"$THREADS" -c"$CONNS" -d2s -s "$tmp/tasks-$n.lua" \
            "${URL[$n]}/" >/dev/null
        run "ceiling-$n-$round" "$ceiling_pid" "$CEILING_URL/"
        R[$n,ceiling,$round]="$RATE $P99 $CPU $LOAD $OTHER"
        run "timeline-$n-$round" "${PID[$n]}" "${URL[$n]}/" \
            "$tmp/timeline-$n-any.lua" "${BUREAU[$n]}"
        R[$n,timeline,$round]="$RATE $P99 $CPU $LOAD $OTHER"
        if [ -s "$OUT/s$n.full.ids" ]; then
            run "timeline-full-$n-$round" "${PID[$n]}" "${URL[$n]}/" \
                "$tmp/timeline-$n-full.lua" "${BUREAU[$n]}"
            R[$n,timeline_full,$round]="$RATE $P99 $CPU $LOAD $OTHER"
        fi
        run "tasks-$n-$round" "${PID[$n]}" "${URL[$n]}/" "$tmp/tasks-$n.lua"
        R[$n,tasks,$round]="$RATE $P99 $CPU $LOAD $OTHER"
    done
done

# median N MEASURE FIELD (1 req/s, 2 p99, 3 cpu, 4 load, 5 other)
median() {
    local r vals=()
    for ((r = 1; r <= ROUNDS; r++)); do
        [ -n "${R[$1,$2,$r]:-}" ] || continue
        vals+=("$(cut -d' ' -f"$3" <<<"${R[$1,$2,$r]}")")
    done
    [ "${#vals[@]}" -gt 0 ] || { echo "-"; return; }
    printf '%s\n' "${vals[@]}" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR % 2) print v[(NR + 1) / 2]
        else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'
}
{
    echo "bench services: $CLIENTS clients, $(nproc) cores, wrk -t$THREADS" \
        "-c$CONNS -d${DURATION}s, medians of $ROUNDS rounds; $version"
    for n in "${SIZES[@]}"; do
        echo "  $n records: generated in ${GEN[$n]}; timeline pages hold" \
            "${FILL_ANY[$n]} records on average (full set: 20); a worker's" \
            "task list ${TASKS_ALL[$n]} tasks on average"
    done
    printf '%-10s %-14s %9s %7s %7s %8s %6s %6s %s\n' records measure "req/s" \
        "x ceil" "p99 ms" "cpu us" load other target
    for n in "${SIZES[@]}"; do
        ceil=$(median "$n" ceiling 1)
        for m in "${MEASURES[@]}"; do
            rate=$(median "$n" "$m" 1)
            [ "$rate" != "-" ] || continue
            p99=$(median "$n" "$m" 2)
            x=$(ratio "$rate" "$ceil")
            verdict=-
            if [ "$m" != ceiling ]; then
                verdict=$(awk -v x="$x" -v p="$p99" 'BEGIN {
                    print (x >= 0.15 && p <= 10) ? "PASS" : "MISS" }')
                verdict=">= 0.15, p99 <= 10 ms: $verdict"
            fi
            printf '%-10s %-14s %9.0f %7s %7.2f %8.1f %6.2f %5.0f%% %s\n' \
                "$n" "$m" "$rate" "$x" "$p99" "$(median "$n" "$m" 3)" \
                "$(median "$n" "$m" 4)" "$(median "$n" "$m" 5)" "$verdict"
        done
    done
    if [ "${#SIZES[@]}" -gt 1 ]; then
        echo
        echo "$BIG against $SMALL records (target: within 20 %):"
        printf '%-14s %9s %9s %9s %s\n' measure "req/s" "x ceil" "p99" verdict
        for m in timeline timeline_full tasks; do
            a=$(median "$SMALL" "$m" 1)
            b=$(median "$BIG" "$m" 1)
            [ "$a" != "-" ] && [ "$b" != "-" ] || continue
            rr=$(ratio "$b" "$a")
            xr=$(ratio "$(ratio "$b" "$(median "$BIG" ceiling 1)")" \
                "$(ratio "$a" "$(median "$SMALL" ceiling 1)")")
            pr=$(ratio "$(median "$BIG" "$m" 2)" "$(median "$SMALL" "$m" 2)")
            verdict=$(awk -v r="$rr" -v p="$pr" 'BEGIN {
                print (r >= 0.8 && p <= 1.2) ? "PASS" : "MISS" }')
            printf '%-14s %9s %9s %9s %s\n' "$m" "$rr" "$xr" "$pr" "$verdict"
        done
    fi
    echo "x ceil: req/s over the ceiling's in the same round; cpu us: the"
    echo "  server's CPU time per request; load: 1-minute load average before"
    echo "  the run; other: CPU time neither wrk nor the server used"
} | tee "$OUT/summary.txt"
