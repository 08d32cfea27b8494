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
# then the largest size against 1,000,000. BENCH_ROUNDS passes (default 3)
# alternate the sizes; the figures are the medians.
#   BENCH_SERVICES  BENCH_SERVICES_CLIENTS  BENCH_SECONDS (10)
#   BENCH_CONNS (32)  BENCH_THREADS (2)  BENCH_ROUNDS (3)  BENCH_WORKERS (16)
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
ROUNDS=${BENCH_ROUNDS:-3}
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
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_start services
if [ ! -x "$SGZ" ]; then
    [ "$SGZ" = build/sgz ] || die "$SGZ: no such program"
    make all
fi

SIZES=("$SMALL")
[ "$BIG" = "$SMALL" ] || SIZES+=("$BIG")


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
"$OUT/ceiling" 0 2>"$tmp/ceiling.log" &
pids+=($!)
ceiling_pid=$!
CEILING_URL=http://127.0.0.1:$(port_of "$tmp/ceiling.log")

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
