#!/usr/bin/env bash
# `make soak`: a bounded soak of the release build. Starts sgz serve on a
# demo database (攸县), logs users in, drives the mix of bench/soak.lua
# (station lists and reads, regions, session, dictionaries, notices read
# and written, logins) with wrk for SOAK_SECONDS, and samples the server's
# memory every second.
#
#   SOAK_SECONDS      length of the wrk run (default 60)
#   SOAK_BACKEND      sqlite (default) or postgres (a throwaway cluster from
#                     tests/pg.sh)
#   SOAK_THREADS      wrk threads (default 2)
#   SOAK_CONNS        wrk connections (default 16)
#   SOAK_SESSIONS     logged-in users the connections share (default 4)
#   SOAK_LOGIN_INTERVAL  seconds between the logins of each wrk thread
#                     (default 2: with 2 threads, a login a second)
#   SOAK_MAX_GROWTH_MIB  allowed growth of the resident set from the end of
#                     warm-up (the first fifth of the run, at least 5 s) to
#                     the end (default 8)
#   SOAK_SGZ          the binary (default build/sgz, built when missing)
#   SOAK_OUT          folder for wrk's output, the memory samples and the
#                     server's log (default build/soak)
#
# Memory is VmRSS from /proc/PID/status. Password hashing (Argon2id, 64 MiB
# a login) makes the resident set jump while a login is being checked, so
# each figure is the smallest of the samples in a 5-second window around
# it; the peak (VmHWM) is reported beside them.
#
# Fails (exit 1) when any answer is not 2xx, wrk saw socket errors, the
# server died, or the resident set grew by more than SOAK_MAX_GROWTH_MIB
# after warm-up. Exit 2 when the soak could not be set up.
set -eu
set -o pipefail

cd "$(dirname "$0")/.."

SECONDS_=${SOAK_SECONDS:-60}
BACKEND=${SOAK_BACKEND:-sqlite}
THREADS=${SOAK_THREADS:-2}
CONNS=${SOAK_CONNS:-16}
NSESS=${SOAK_SESSIONS:-4}
LOGIN_INTERVAL=${SOAK_LOGIN_INTERVAL:-2}
MAX_GROWTH=${SOAK_MAX_GROWTH_MIB:-8}
SGZ=${SOAK_SGZ:-build/sgz}
OUT=${SOAK_OUT:-build/soak}
REGION=430223
PASSWORD0='Init-Passw0rd'
PASSWORD='Soak-Passw0rd-1'

die() {
    echo "soak: $*" >&2
    exit 2
}

for cmd in wrk curl awk; do
    command -v "$cmd" >/dev/null 2>&1 ||
        die "$cmd not found (scripts/deps.sh installs it)"
done
case "$BACKEND" in sqlite | postgres) ;; *) die "SOAK_BACKEND: sqlite or postgres" ;; esac
if [ ! -x "$SGZ" ]; then
    [ "$SGZ" = build/sgz ] || die "$SGZ: no such program"
    make all
fi
SGZ=$(cd "$(dirname "$SGZ")" && pwd)/$(basename "$SGZ")
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sgz-soak.XXXXXX")
pgdir=""
pid=""
sampler=""

cleanup() {
    [ -z "$sampler" ] || kill "$sampler" 2>/dev/null || true
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    [ -z "$pgdir" ] || tests/pg.sh stop "$pgdir"
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the database ------------------------------------------------------------

if [ "$BACKEND" = postgres ]; then
    pgdir=$(mktemp -d "${TMPDIR:-/tmp}/sgz-soakpg.XXXXXX")
    admin=$(tests/pg.sh start "$pgdir") || die "could not start PostgreSQL"
    psql "$admin" -qAtc "CREATE DATABASE sgz_soak" >/dev/null
    export SGZ_DB=${admin%/*}/sgz_soak
else
    export SGZ_DB=$tmp/soak.db
fi
export SGZ_KEY_FILE=$tmp/soak.key
unset SGZ_NOW

echo "soak: demo database for $REGION on $BACKEND"
"$SGZ" demo --region "$REGION" >"$tmp/demo.log" 2>&1 || {
    cat "$tmp/demo.log" >&2
    die "sgz demo failed"
}
"$SGZ" setting set login.per_address_per_minute 100000 >/dev/null ||
    die "setting login.per_address_per_minute failed"
users=()
for ((i = 1; i <= NSESS; i++)); do
    users+=("soak$i")
done
users+=(soaklogin)
for u in "${users[@]}"; do
    printf '%s\n' "$PASSWORD0" |
        "$SGZ" user add "$u" --roles bureau --range all --password-stdin \
            >/dev/null || die "user add $u failed"
done

# --- the server ------------------------------------------------------------------

"$SGZ" serve --listen 127.0.0.1:0 --access-log "$tmp/access.log" \
    --per-ip-connections 1000 2>"$OUT/sgz.log" &
pid=$!
port=""
for ((i = 0; i < 200; i++)); do
    kill -0 "$pid" 2>/dev/null || {
        cat "$OUT/sgz.log" >&2
        die "the server exited at start-up"
    }
    port=$(sed -n 's|.*listening on http://[^ ]*:\([0-9][0-9]*\).*|\1|p' \
        "$OUT/sgz.log" | head -n 1)
    [ -z "$port" ] || break
    sleep 0.1
done
[ -n "$port" ] || die "the server did not start within 20 s"
URL=http://127.0.0.1:$port

# login USER PASSWORD: prints "cookie|csrf".
login() {
    local resp cookie csrf
    resp=$(curl -sS -i -H 'content-type: application/json' \
        -d "{\"username\":\"$1\",\"password\":\"$2\"}" "$URL/api/v1/session")
    cookie=$(printf '%s' "$resp" | tr -d '\r' |
        sed -n 's/^[Ss]et-[Cc]ookie: \(sgz_session=[^;]*\).*/\1/p' | head -n 1)
    csrf=$(printf '%s' "$resp" |
        sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' | head -n 1)
    if [ -z "$cookie" ] || [ -z "$csrf" ]; then
        die "login $1 failed: $(printf '%s' "$resp" | tail -n 1)"
    fi
    printf '%s|%s' "$cookie" "$csrf"
}

# The first login must change the temporary password.
sessions=""
for u in "${users[@]}"; do
    s=$(login "$u" "$PASSWORD0")
    code=$(curl -sS -o "$tmp/pw.json" -w '%{http_code}' \
        -H "cookie: ${s%%|*}" -H "x-csrf-token: ${s#*|}" \
        -H 'content-type: application/json' \
        -d "{\"current_password\":\"$PASSWORD0\",\"new_password\":\"$PASSWORD\"}" \
        "$URL/api/v1/session/password")
    [ "$code" = 200 ] || die "password change of $u: $code $(cat "$tmp/pw.json")"
    [ "$u" = soaklogin ] && continue
    sessions="$sessions${sessions:+;}$s"
done
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "cookie: ${sessions%%|*}" \
    "$URL/api/v1/stations")
[ "$code" = 200 ] || die "GET /api/v1/stations with a session answered $code"

# --- the soak ----------------------------------------------------------------------

kib() { awk "/^$1:/ { print \$2 }" "/proc/$pid/status"; }
# One line a second: "elapsed VmRSS VmHWM" (KiB).
(
    start=$(date +%s.%N)
    while kill -0 "$pid" 2>/dev/null; do
        now=$(date +%s.%N)
        printf '%s %s %s\n' "$(awk -v a="$start" -v b="$now" 'BEGIN { printf "%.1f", b - a }')" \
            "$(kib VmRSS)" "$(kib VmHWM)"
        sleep 1
    done
) >"$OUT/memory.txt" 2>/dev/null &
sampler=$!
rss_before=$(kib VmRSS)
# CPU ticks (user + system) of the server so far.
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat"; }
ticks0=$(ticks)
load0=$(cut -d' ' -f1 /proc/loadavg)
: >"$tmp/access.log"

echo "soak: wrk -t$THREADS -c$CONNS -d${SECONDS_}s, $NSESS sessions," \
    "a login every ${LOGIN_INTERVAL}s per wrk thread, on $URL"
echo "soak: $(nproc) cores shared by wrk and the server; $("$SGZ" version 2>&1 | head -n 1)"
set +e
SOAK_SESSIONS=$sessions SOAK_LOGIN_USER=soaklogin SOAK_LOGIN_PASSWORD=$PASSWORD \
    SOAK_LOGIN_INTERVAL=$LOGIN_INTERVAL SOAK_REGION=$REGION \
    wrk -t"$THREADS" -c"$CONNS" -d"${SECONDS_}s" --timeout 10s --latency \
    -s bench/soak.lua "$URL" >"$OUT/wrk.txt" 2>&1
wrk_rc=$?
set -e
sleep 1
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
sampler=""

alive=yes
kill -0 "$pid" 2>/dev/null || alive=no
final_hwm=""
rss_after=""
cpu_s=""
load1=$(cut -d' ' -f1 /proc/loadavg)
if [ "$alive" = yes ]; then
    final_hwm=$(kib VmHWM)
    rss_after=$(kib VmRSS)
    cpu_s=$(awk -v a="$ticks0" -v b="$(ticks)" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { printf "%.1f", (b - a) / hz }')
fi

# --- figures ---------------------------------------------------------------------

problems=()
[ "$wrk_rc" -eq 0 ] || problems+=("wrk exited with $wrk_rc")
[ "$alive" = yes ] || problems+=("the server died during the soak")
summary=$(grep '^soak-summary ' "$OUT/wrk.txt" || true)
if [ -z "$summary" ]; then
    cat "$OUT/wrk.txt" >&2
    die "wrk printed no summary"
fi
field() { printf '%s\n' "$summary" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
requests=$(field requests)
non2xx=$(field non2xx)
sockerr=$(($(field connect) + $(field read) + $(field write) + $(field timeout)))
rate=$(awk -v n="$requests" -v s="$(field seconds)" 'BEGIN { printf "%.0f", n / s }')

# The smallest VmRSS of the samples within 2.5 s of time T, in KiB.
rss_at() {
    awk -v t="$1" '$2 != "" && $1 >= t - 2.5 && $1 <= t + 2.5 {
            if (m == "" || $2 < m) m = $2 } END { print m }' "$OUT/memory.txt"
}
last_t=$(awk '$2 != "" { t = $1 } END { print t + 0 }' "$OUT/memory.txt")
warm=$(awk -v d="$SECONDS_" 'BEGIN { w = d / 5; if (w < 5) w = 5; print w }')
rss_warm=$(rss_at "$warm")
rss_mid=$(rss_at "$(awk -v a="$warm" -v b="$last_t" 'BEGIN { print (a + b) / 2 }')")
rss_end=$(rss_at "$(awk -v t="$last_t" 'BEGIN { print t - 2.5 }')")
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
growth=$(awk -v a="$rss_warm" -v b="$rss_end" 'BEGIN { printf "%.1f", (b - a) / 1024 }')
# Bytes kept per request after warm-up, were the growth a leak.
per_req=$(awk -v a="$rss_warm" -v b="$rss_end" -v n="$requests" -v w="$warm" \
    -v t="$last_t" 'BEGIN { r = n * (t - 2.5 - w) / t; g = (b - a) * 1024
        printf "%.1f", (r > 0 && g > 0) ? g / r : 0 }')

echo
echo "soak ($BACKEND, ${SECONDS_}s, wrk -t$THREADS -c$CONNS):"
printf '  requests   %s (%s/s)\n' "$requests" "$rate"
printf '  non-2xx    %s\n' "$non2xx"
printf '  socket errors %s\n' "$sockerr"
printf '  latency    p50 %s ms, p90 %s ms, p99 %s ms, max %s ms\n' \
    "$(field p50_ms)" "$(field p90_ms)" "$(field p99_ms)" "$(field max_ms)"
printf '  statuses   %s\n' "$(sed -n 's/^soak-status //p' "$OUT/wrk.txt" | tr '\n' ',' | sed 's/,$//; s/,/, /g')"
printf '  mix        %s\n' "$(sed -n 's/^soak-kind //p' "$OUT/wrk.txt" | tr '|\n' ' ,' | sed 's/,$//; s/,/, /g')"
printf '  memory     VmRSS before %s MiB; under load (smallest sample within 2.5 s): after warm-up (%ss) %s MiB, middle %s MiB, end %s MiB; after %s MiB\n' \
    "$(mib "$rss_before")" "$warm" "$(mib "$rss_warm")" "$(mib "$rss_mid")" \
    "$(mib "$rss_end")" "$(mib "${rss_after:-0}")"
printf '             growth after warm-up %s MiB (limit %s MiB; %s bytes a request were it a leak); peak VmHWM %s MiB\n' \
    "$growth" "$MAX_GROWTH" "$per_req" "$(mib "${final_hwm:-0}")"
printf '  machine    server CPU %s s over the run; load average %s before, %s after (%s cores, shared with wrk)\n' \
    "${cpu_s:-?}" "$load0" "$load1" "$(nproc)"
# The server's own time per request (access log, µs from the request's
# headers to its reply), by endpoint: what wrk's figures are made of.
if command -v node >/dev/null 2>&1; then
    echo "  server-side latency by endpoint (access log):"
    # shellcheck disable=SC2016 # JavaScript, not shell
    node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n");
const g = new Map();
for (const l of lines) {
  let d; try { d = JSON.parse(l); } catch { continue; }
  const k = d.method + " " + d.path.replace(/\?.*/, "").replace(/\/\d+$/, "/{id}");
  if (!g.has(k)) g.set(k, []);
  g.get(k).push(d.us);
}
for (const [k, v] of [...g].sort()) {
  v.sort((a, b) => a - b);
  const p = (q) => (v[Math.min(v.length - 1, Math.floor(v.length * q))] / 1000).toFixed(2);
  console.log(`    ${k.padEnd(30)} n ${String(v.length).padStart(7)}  p50 ${p(0.5).padStart(8)}  p99 ${p(0.99).padStart(8)}  max ${p(1).padStart(8)} ms`);
}' "$tmp/access.log" | tee "$OUT/endpoints.txt"
fi
echo "  (wrk output, memory samples, latency by endpoint and the server log: $OUT)"

if [ "$non2xx" -ne 0 ]; then
    problems+=("$non2xx answers were not 2xx")
    sed -n 's/^soak-bad /    /p' "$OUT/wrk.txt" >&2
fi
[ "$sockerr" -eq 0 ] || problems+=("$sockerr socket errors (connect/read/write/timeout)")
if awk -v g="$growth" -v m="$MAX_GROWTH" 'BEGIN { exit !(g > m) }'; then
    problems+=("the resident set grew by $growth MiB after warm-up (limit $MAX_GROWTH MiB)")
fi

# The server must still stop cleanly.
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
pid=""
[ "$rc" -eq 0 ] || problems+=("the server exited with $rc on SIGTERM")

if [ "${#problems[@]}" -gt 0 ]; then
    echo "FAIL:" >&2
    for p in "${problems[@]}"; do
        echo "  $p" >&2
    done
    exit 1
fi
echo "PASS: 0 errors, memory flat after warm-up"
