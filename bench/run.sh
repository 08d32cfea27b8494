#!/usr/bin/env bash
# `make bench`: requests/s, p99 latency, CPU time per request and memory of
# sgz's read endpoints next to a bare libmicrohttpd server (bench/ceiling.c)
# measured in the same run, with wrk, keep-alive, all on 127.0.0.1.
#
# Three servers run side by side on one demo database (攸县):
#   ceiling         bench/ceiling.c, {"status":"ok"} for every request
#   sgz             the release binary, access log on, a logged-in session
#   sgz, no auth    built with -DSGZ_BENCH_NO_AUTH, which skips the session
#                   check for reads of regions and stations: the difference
#                   is what the session check costs
#
#   BENCH_SECONDS   seconds per wrk run (default 10)
#   BENCH_THREADS   wrk threads (default 2)
#   BENCH_CONNS     wrk connections (default 32)
#   BENCH_ROUNDS    ceiling/health pairs, run back to back (default 3)
#   BENCH_ATTEMPTS  runs of one measurement at most while other work
#                   takes over 10% of the machine's CPU (default 3)
#   BENCH_SGZ       the sgz binary to measure (default build/sgz, built
#                   with `make all` when missing)
#   BENCH_SGZ_NOAUTH  its -DSGZ_BENCH_NO_AUTH twin (default: built into
#                   build-bench/ with make; one level deep, as the
#                   generated embedded.c expects)
#
# A benchmark is a measurement, not a test: it exits 0 whether or not the
# health target (>= 0.8 x the ceiling's requests/s) is met, and non-zero
# only when the measurement itself is broken (a server did not start, wrk
# failed, errors or non-2xx answers, keep-alive lost).
# The raw wrk output of the last run is kept in build/bench/.
set -eu
set -o pipefail

cd "$(dirname "$0")/.."

DURATION=${BENCH_SECONDS:-10}
WRK_THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNS:-32}
ROUNDS=${BENCH_ROUNDS:-3}
ATTEMPTS=${BENCH_ATTEMPTS:-3}
SGZ=${BENCH_SGZ:-build/sgz}
NOAUTH=${BENCH_SGZ_NOAUTH:-build-bench/sgz}
CEILING=build/bench/ceiling
OUT=build/bench
REGION=430223 # 攸县, Hunan
USER_NAME=bench
# Meets the password policy (8 characters, 3 kinds); the first login must
# change it, as for every new account.
PASSWORD1=Bench-first-1
PASSWORD2=Bench-second-2

die() {
    echo "bench: $*" >&2
    exit 1
}

for cmd in wrk curl cc pkg-config make; do
    command -v "$cmd" >/dev/null 2>&1 ||
        die "$cmd not found (scripts/deps.sh installs it)"
done

mkdir -p "$OUT"
if [ ! -x "$SGZ" ]; then
    [ "$SGZ" = build/sgz ] || die "$SGZ: no such program"
    make all
fi
if [ -z "${BENCH_SGZ_NOAUTH:-}" ]; then
    echo "bench: building $NOAUTH (-DSGZ_BENCH_NO_AUTH)"
    make --no-print-directory BUILD="${NOAUTH%/sgz}" \
        EXTRA_CFLAGS=-DSGZ_BENCH_NO_AUTH all >"$OUT/noauth-build.log" 2>&1 ||
        {
            tail -n 20 "$OUT/noauth-build.log" >&2
            die "building $NOAUTH failed (see $OUT/noauth-build.log)"
        }
fi
[ -x "$NOAUTH" ] || die "$NOAUTH: no such program"
# shellcheck disable=SC2046
cc -O2 -std=c11 -Wall -Wextra -Werror -o "$CEILING" bench/ceiling.c \
    $(pkg-config --cflags --libs libmicrohttpd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sgz-bench.XXXXXX")
sgz_pid=""
noauth_pid=""
ceiling_pid=""

# Stops a server with SIGTERM and waits for it (SIGKILL after 20 s).
stop() {
    local pid=$1 i
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 200; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "bench: pid $pid ignored SIGTERM, killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    stop "$sgz_pid"
    stop "$noauth_pid"
    stop "$ceiling_pid"
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Waits until the server writing LOG has said which port it listens on and
# answers PATH there; prints the port.
wait_for() {
    local pid=$1 log=$2 path=$3 port="" i
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || {
            cat "$log" >&2
            die "server (pid $pid) exited at start-up"
        }
        port=$(sed -n 's|.*listening on http://[^ ]*:\([0-9][0-9]*\).*|\1|p' \
            "$log" | head -n 1)
        if [ -n "$port" ] &&
            curl -sf -o /dev/null "http://127.0.0.1:$port$path"; then
            echo "$port"
            return 0
        fi
        sleep 0.1
    done
    cat "$log" >&2
    die "server (pid $pid) did not answer $path within 10 s"
}

# Sockets in TIME_WAIT on the server's side of PORT. The side that closes
# first keeps TIME_WAIT: with keep-alive only wrk closes (at the end of its
# run), so the server's count stays flat; a server that closes after each
# reply leaves one per request. Counted per port, other traffic on the
# machine does not disturb it.
time_wait() {
    awk -v port="$(printf '%04X' "$1")" '$4 == "06" {
            split($2, a, ":"); if (a[2] == port) n++ }
        END { print n + 0 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# "VmRSS VmHWM Private_Dirty" of PID, in KiB.
memory_kib() {
    local pid=$1 rss hwm dirty
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
    hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
    dirty=$(awk '/^Private_Dirty:/ { print $2 }' "/proc/$pid/smaps_rollup" \
        2>/dev/null || echo "?")
    echo "$rss $hwm ${dirty:-?}"
}

mib() {
    case "$1" in
    '?') echo "?" ;;
    *) awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }' ;;
    esac
}

HZ=$(getconf CLK_TCK)

# "busy total" clock ticks of the whole machine since boot.
machine_ticks() {
    awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9,
                         $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat
}

# Clock ticks PID has run (user + system).
process_ticks() {
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# --- the demo database, a user and the servers ------------------------------

echo "bench: demo database for $REGION in $tmp"
if ! "$SGZ" demo --db "$tmp/bench.db" --region "$REGION" \
    >"$tmp/setup.log" 2>&1 ||
    ! "$SGZ" user add "$USER_NAME" --roles bureau --range all \
        --password-stdin --db "$tmp/bench.db" <<<"$PASSWORD1" \
        >>"$tmp/setup.log" 2>&1; then
    cat "$tmp/setup.log" >&2
    die "creating the demo database failed"
fi

# Logging stays on: writing the access log is part of the measured cost.
"$SGZ" serve --db "$tmp/bench.db" --listen 127.0.0.1:0 \
    --access-log "$tmp/access.log" --per-ip-connections 1000 \
    2>"$tmp/sgz.log" &
sgz_pid=$!
"$NOAUTH" serve --db "$tmp/bench.db" --listen 127.0.0.1:0 \
    --access-log "$tmp/access-noauth.log" --per-ip-connections 1000 \
    2>"$tmp/noauth.log" &
noauth_pid=$!
"$CEILING" 0 2>"$tmp/ceiling.log" &
ceiling_pid=$!

sgz_port=$(wait_for "$sgz_pid" "$tmp/sgz.log" /api/v1/health)
noauth_port=$(wait_for "$noauth_pid" "$tmp/noauth.log" /api/v1/health)
ceiling_port=$(wait_for "$ceiling_pid" "$tmp/ceiling.log" /)
SGZ_URL="http://127.0.0.1:$sgz_port"
NOAUTH_URL="http://127.0.0.1:$noauth_port"
CEILING_URL="http://127.0.0.1:$ceiling_port"

# Logs in and changes the password, as a first login must; the session's
# cookie then goes with every request to the release binary.
login=$(curl -s -c "$tmp/jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$USER_NAME\",\"password\":\"$PASSWORD1\"}" \
    "$SGZ_URL/api/v1/session")
csrf=$(sed -n 's/.*"csrf_token":"\([A-Za-z0-9_-]*\)".*/\1/p' <<<"$login")
[ -n "$csrf" ] || die "login failed: $login"
code=$(curl -s -o "$tmp/passwd.json" -w '%{http_code}' -b "$tmp/jar" \
    -c "$tmp/jar" -H 'Content-Type: application/json' \
    -H "X-CSRF-Token: $csrf" \
    -d "{\"current_password\":\"$PASSWORD1\",\"new_password\":\"$PASSWORD2\"}" \
    "$SGZ_URL/api/v1/session/password")
[ "$code" = 200 ] || die "password change: $code $(cat "$tmp/passwd.json")"
COOKIE=$(awk '$6 == "sgz_session" { print $6 "=" $7 }' "$tmp/jar")
[ -n "$COOKIE" ] || die "no session cookie after logging in"

problems=()
noisy=()

PATHS=(/api/v1/stations "/api/v1/stations?region=$REGION&limit=20"
    "/api/v1/regions?parent=$REGION")

# Every URL must answer 200 before it is worth measuring.
for path in "${PATHS[@]}"; do
    for target in "$SGZ_URL$path" "$NOAUTH_URL$path"; do
        code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" \
            "$target")
        [ "$code" = 200 ] || die "$target answers $code, not 200"
    done
done

# Keep-alive, checked once with curl: two requests, one connection.
for target in "$CEILING_URL/" "$SGZ_URL/api/v1/health" \
    "$SGZ_URL/api/v1/stations"; do
    trace=$(curl -sv -o /dev/null -o /dev/null -H "Cookie: $COOKIE" \
        "$target" "$target" 2>&1 || true)
    case "$trace" in
    *"Re-using existing connection"*) ;;
    *) problems+=("curl: $target closed the connection after one reply") ;;
    esac
done

# --- measuring -------------------------------------------------------------

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "bench: $(nproc) cores (${cpu:-unknown CPU}), wrk -t$WRK_THREADS" \
    "-c$CONNS -d${DURATION}s on the same machine as the servers"
echo "bench: libmicrohttpd $(pkg-config --modversion libmicrohttpd)," \
    "SQLite $(pkg-config --modversion sqlite3), $("$SGZ" version 2>&1 |
        head -n 1)"

# One second of load on each server first, so that none is measured
# opening its database connections or faulting in its first pages.
for target in "$CEILING_URL/" "$SGZ_URL/api/v1/health" \
    "$NOAUTH_URL/api/v1/health"; do
    wrk -t"$WRK_THREADS" -c"$CONNS" -d1s "$target" >/dev/null
done

# measure_once PID URL [HEADER]: one wrk run; sets M_RATE (requests/s),
# M_P99 (ms), M_CPU (the server's CPU time per request, microseconds),
# M_MEM ("VmRSS VmHWM Private_Dirty" in KiB, after the run) and M_OTHER
# (the share of the machine's CPU time that neither wrk nor the server
# used: other work, which lowers the figures), and adds to problems what
# makes the figures unsound.
run_no=0
measure_once() {
    local pid=$1 url=$2 file port before after closed errs m0 m1 p0 p1 w
    local -a hdr=()
    [ -z "${3:-}" ] || hdr=(-H "$3")
    run_no=$((run_no + 1))
    file="$OUT/wrk-$run_no.txt"
    port=${url#http://127.0.0.1:}
    port=${port%%/*}
    echo "bench: wrk $url"
    before=$(time_wait "$port")
    m0=$(machine_ticks)
    p0=$(process_ticks "$pid")
    # The subshell's `times` reports its only child's CPU time: wrk's.
    if ! (wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --latency \
        "${hdr[@]}" "$url" >"$file" 2>&1 && times >"$file.times"); then
        cat "$file" >&2
        die "wrk failed on $url"
    fi
    p1=$(process_ticks "$pid")
    m1=$(machine_ticks)
    after=$(time_wait "$port")
    closed=$((after - before))
    w=$(awk -v hz="$HZ" 'NR == 2 {
            t = 0
            for (i = 1; i <= 2; i++) {
                split($i, a, "m"); sub(/s$/, "", a[2]); t += a[1] * 60 + a[2]
            }
            printf "%.0f", t * hz }' "$file.times")
    M_OTHER=$(awk -v m0="$m0" -v m1="$m1" -v p="$((p1 - p0))" -v w="$w" '
        BEGIN { split(m0, a, " "); split(m1, b, " ")
                busy = b[1] - a[1]; total = b[2] - a[2]
                o = total > 0 ? 100 * (busy - p - w) / total : 0
                printf "%.0f", (o < 0 ? 0 : o) }')
    M_RATE=$(awk '/^Requests\/sec:/ { print $2 }' "$file")
    # The server's CPU time per request is not moved much by other work.
    M_CPU=$(awk -v t="$((p1 - p0))" -v hz="$HZ" '/ requests in / {
            n = $1; if (n > 0) printf "%.1f", t * 1e6 / hz / n }' "$file")
    # wrk prints the percentile with its own unit (us, ms or s).
    M_P99=$(awk '$1 == "99%" {
            v = $2; u = v; sub(/^[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
            f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1
            printf "%.2f", v * f }' "$file")
    if [ -z "$M_RATE" ] || [ -z "$M_P99" ] || [ -z "$M_CPU" ]; then
        cat "$file" >&2
        die "cannot read wrk's figures for $url"
    fi
    errs=$(grep -E '^ *(Socket errors|Non-2xx)' "$file" || true)
    if [ -n "$errs" ]; then
        problems+=("$url: $(echo "$errs" | tr -s ' \n' ' ')")
    fi
    if [ "$closed" -gt "$CONNS" ]; then
        problems+=("$url: keep-alive lost, the server closed $closed
    connections during the run")
    fi
    M_MEM=$(memory_kib "$pid")
}

# measure PID URL [HEADER]: measure_once, again (up to ATTEMPTS runs in
# all) while other work took more than 10% of the CPU; the figures of the
# quietest run are kept.
measure() {
    local attempt best_other=101 b_rate b_p99 b_mem b_cpu
    for ((attempt = 1; attempt <= ATTEMPTS; attempt++)); do
        measure_once "$@"
        if [ "$M_OTHER" -lt "$best_other" ]; then
            best_other=$M_OTHER
            b_rate=$M_RATE
            b_p99=$M_P99
            b_mem=$M_MEM
            b_cpu=$M_CPU
        fi
        [ "$M_OTHER" -gt 10 ] || break
        echo "bench:   other work took ${M_OTHER}% of the CPU"
    done
    M_RATE=$b_rate
    M_P99=$b_p99
    M_MEM=$b_mem
    M_CPU=$b_cpu
    M_OTHER=$best_other
    if [ "$M_OTHER" -gt 10 ]; then
        noisy+=("$2: ${M_OTHER}% of the CPU went to other work")
    fi
}

median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR % 2) print v[(NR + 1) / 2]
        else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

# The ceiling and health alternate, so that both of a pair see the same
# machine (other work on it moves both); the target is judged on the
# median of the pairs' ratios.
c_rates=()
c_p99s=()
c_others=()
c_cpus=()
h_rates=()
h_p99s=()
h_others=()
h_cpus=()
pair_ratios=()
for ((round = 1; round <= ROUNDS; round++)); do
    measure "$ceiling_pid" "$CEILING_URL/"
    c_rates+=("$M_RATE")
    c_p99s+=("$M_P99")
    c_others+=("$M_OTHER")
    c_cpus+=("$M_CPU")
    c_mem=$M_MEM
    measure "$sgz_pid" "$SGZ_URL/api/v1/health"
    h_rates+=("$M_RATE")
    h_p99s+=("$M_P99")
    h_others+=("$M_OTHER")
    h_cpus+=("$M_CPU")
    h_mem=$M_MEM
    pair_ratios+=("$(ratio "$M_RATE" "${c_rates[-1]}")")
done

names=("ceiling /" "/api/v1/health")
auths=("-" "public")
rates=("$(median "${c_rates[@]}")" "$(median "${h_rates[@]}")")
p99s=("$(median "${c_p99s[@]}")" "$(median "${h_p99s[@]}")")
mems=("$c_mem" "$h_mem")
others=("$(median "${c_others[@]}")" "$(median "${h_others[@]}")")
cpus=("$(median "${c_cpus[@]}")" "$(median "${h_cpus[@]}")")

record() {
    names+=("$1")
    auths+=("$2")
    rates+=("$M_RATE")
    p99s+=("$M_P99")
    mems+=("$M_MEM")
    others+=("$M_OTHER")
    cpus+=("$M_CPU")
}

for path in "${PATHS[@]}"; do
    measure "$sgz_pid" "$SGZ_URL$path" "Cookie: $COOKIE"
    record "$path" session
    measure "$noauth_pid" "$NOAUTH_URL$path"
    record "$path" none
done

# --- the table ---------------------------------------------------------------

health_ratio=$(ratio "$(median "${pair_ratios[@]}")" 1)
echo
printf '%-40s %-7s %8s %6s %7s %6s %7s %7s %7s %5s\n' endpoint auth \
    'req/s' 'x ceil' 'p99 ms' 'cpu us' 'RSS' 'peak' 'dirty' 'other'
for i in "${!names[@]}"; do
    read -r rss hwm dirty <<<"${mems[$i]}"
    x=$(ratio "${rates[$i]}" "${rates[0]}")
    [ "$i" -ne 1 ] || x=$health_ratio
    printf '%-40s %-7s %8.0f %6s %7.2f %6.1f %7s %7s %7s %4.0f%%\n' \
        "${names[$i]}" "${auths[$i]}" "${rates[$i]}" "$x" "${p99s[$i]}" \
        "${cpus[$i]}" "$(mib "$rss")" "$(mib "$hwm")" "$(mib "$dirty")" \
        "${others[$i]}"
done
echo
echo "ceiling and health: medians of $ROUNDS alternating runs; health's"
echo "  x ceil is the median of the pairs' ratios"
printf '  ceiling req/s: %s\n' "$(printf '%.0f ' "${c_rates[@]}")"
printf '  health  req/s: %s\n' "$(printf '%.0f ' "${h_rates[@]}")"
printf '  health / ceiling per pair: %s\n' "${pair_ratios[*]}"
echo "auth: session = a logged-in user's cookie (release binary); none ="
echo "  the -DSGZ_BENCH_NO_AUTH binary, which skips the session check"
echo "cpu us: the server's CPU time (user + system) per request"
echo "RSS, peak, dirty (MiB): VmRSS and VmHWM (/proc/PID/status) and"
echo "  Private_Dirty (/proc/PID/smaps_rollup) of the server after the run"
echo "other: CPU time of the machine used by neither wrk nor the server"
echo "wrk shares the machine's $(nproc) cores with the server under test"
echo

verdict=FAIL
if awk -v r="$health_ratio" 'BEGIN { exit !(r >= 0.8) }'; then
    verdict=PASS
fi
echo "$verdict: /api/v1/health at $health_ratio x the ceiling's requests/s" \
    "(target >= 0.8)"
echo "  by the server's CPU time per request: at" \
    "$(ratio "${cpus[0]}" "${cpus[1]}") x the ceiling"
worst=$(printf '%s\n' "${c_others[@]}" "${h_others[@]}" | sort -n | tail -n 1)
if [ "$worst" -gt 10 ]; then
    echo "  not reliable: other work took up to $worst% of the CPU during" \
        "these runs; the CPU time per request is the steadier figure"
fi

if [ "${#noisy[@]}" -gt 0 ]; then
    echo
    echo "Warning: other work on the machine lowered these figures:"
    for p in "${noisy[@]}"; do
        echo "  $p"
    done
fi

# Identity: a burst of simultaneous logins while another user works.
echo
echo "Login burst (bench/login_burst.mjs):"
if ! SGZ_BIN="$SGZ" node bench/login_burst.mjs "${BENCH_LOGINS:-200}"; then
    problems+=("the login burst could not run")
fi

if [ "${#problems[@]}" -gt 0 ]; then
    echo >&2
    echo "The measurement is not sound:" >&2
    for p in "${problems[@]}"; do
        echo "  $p" >&2
    done
    exit 1
fi
