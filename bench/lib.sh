# Shared by the benchmarks that load one sgz with wrk (bench/services.sh,
# bench/stats.sh): a server's port, a session, one wrk run with the CPU it
# took, and the medians of several rounds. The caller sets OUT, tmp, SGZ,
# THREADS, CONNS, DURATION, ROUNDS, PASSWORD1, PASSWORD2, defines die()
# and keeps its results in the associative array R[size,measure,round].

# bench_start NAME: the ceiling server built into $OUT, a temporary
# directory ($tmp) and the servers started later ($pids), both cleaned up
# on exit.
bench_start() {
    for cmd in wrk curl cc sqlite3 pkg-config; do
        command -v "$cmd" >/dev/null || die "$cmd not found (scripts/deps.sh)"
    done
    mkdir -p "$OUT"
    # shellcheck disable=SC2046
    cc -O2 -std=c11 -Wall -Wextra -Werror -o "$OUT/ceiling" bench/ceiling.c \
        $(pkg-config --cflags --libs libmicrohttpd)
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/sgz-bench-$1.XXXXXX")
    pids=()
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}
bench_cleanup() {
    for p in "${pids[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$tmp"
}

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

HZ=$(getconf CLK_TCK)
machine_ticks() { # busy total
    awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9,
                         $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat
}
process_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

# percentile FILE P: wrk's latency at P per cent, in ms.
percentile() {
    awk -v p="$2%" '$1 == p {
            v = $2; u = v; sub(/^[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
            f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1
            printf "%.2f", v * f }' "$1"
}

# run NAME PID URL [LUA] [COOKIE]: one wrk run (RUN_CONNS and RUN_THREADS
# override CONNS and THREADS); sets RATE, P50 and P99
# (ms), CPU (the server's µs per request), LOAD (1-minute load average
# before) and OTHER (per cent of the machine's CPU that neither wrk nor
# the server used).
run() {
    local name=$1 pid=$2 url=$3 lua=${4:-} cookie=${5:-} f m0 m1 p0 p1 w
    local -a args=(-t"${RUN_THREADS:-$THREADS}" -c"${RUN_CONNS:-$CONNS}"
        -d"${DURATION}s" --latency)
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
    P99=$(percentile "$f" 99)
    P50=$(percentile "$f" 50)
    CPU=$(awk -v t="$((p1 - p0))" -v hz="$HZ" '/ requests in / {
            n = $1; if (n > 0) printf "%.1f", t * 1e6 / hz / n }' "$f")
    [ -n "$RATE" ] && [ -n "$P99" ] && [ -n "$CPU" ] ||
        { cat "$f" >&2; die "cannot read wrk's figures for $name"; }
}

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
