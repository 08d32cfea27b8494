#!/usr/bin/env bash
# `make bench`, second part: the client register at a province's scale
# (docs/performance.md). A demo of Hunan (~1,900 townships) with
# BENCH_CLIENTS clients (default 1,000,000), cached in build/bench/clients/
# and rebuilt when the count or the binary's version changes, then:
#   import    sgz import clients of the demo's CSV into the same stations,
#             next to sqlite3's own .import of the same file, and to
#             SQLite copying the rows the import wrote into the same tables
#   list      one station, one category, a name prefix, 20 rows, a station
#             worker's session, masked; next to bench/ceiling.c
#   search    pinyin initials across the province, a bureau session
#   get       a random client by id
#   create    POST /clients with its audit row, durable; next to
#             bench/insert.c writing the same rows
# and the server's private memory while serving the list. The list and get
# are against the higher of two ceiling runs, before and after them.
#   BENCH_CLIENTS  BENCH_SECONDS (10)  BENCH_CONNS (32)  BENCH_THREADS (2)
# A measurement, not a test: exits non-zero only when the measurement is
# broken (a server did not start, wrk failed, errors or non-2xx answers).
set -eu
set -o pipefail
cd "$(dirname "$0")/.."

CLIENTS=${BENCH_CLIENTS:-1000000}
DURATION=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNS:-32}
THREADS=${BENCH_THREADS:-2}
SGZ=build/sgz
OUT=build/bench/clients
REGION=43
PASSWORD1=Bench-first-1
PASSWORD2=Bench-second-2

die() {
    echo "bench clients: $*" >&2
    exit 1
}
for cmd in wrk curl cc sqlite3 pkg-config; do
    command -v "$cmd" >/dev/null || die "$cmd not found (scripts/deps.sh)"
done
mkdir -p "$OUT"
[ -x "$SGZ" ] || make all
# shellcheck disable=SC2046
cc -O2 -std=c11 -Wall -Wextra -Werror -o "$OUT/ceiling" bench/ceiling.c \
    $(pkg-config --cflags --libs libmicrohttpd)
# shellcheck disable=SC2046
cc -O2 -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L \
    -o "$OUT/insert" bench/insert.c $(pkg-config --cflags --libs sqlite3)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sgz-bench-clients.XXXXXX")
pids=()
cleanup() {
    for p in "${pids[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

# --- the databases ----------------------------------------------------------
stamp="$CLIENTS $("$SGZ" version | head -n 1)"
DB=$OUT/demo.db
if [ ! -f "$DB" ] || [ "$(cat "$OUT/stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -f "$DB" "$DB"-* "$DB.key" "$OUT/clients.csv" "$OUT/stations.db"*
    echo "bench clients: generating $CLIENTS clients over Hunan (once)"
    "$SGZ" demo --db "$OUT/stations.db" --region "$REGION" >/dev/null
    cp "$OUT/stations.db" "$DB"
    cp "$OUT/stations.db.key" "$DB.key"
    "$SGZ" demo --db "$DB" --region "$REGION" --clients "$CLIENTS" \
        --clients-csv "$OUT/clients.csv" >"$OUT/demo.log" 2>&1 ||
        { tail "$OUT/demo.log" >&2; die "the demo failed"; }
    echo "$stamp" >"$OUT/stamp"
fi
"$SGZ" migrate --db "$DB" >/dev/null
# The servers run on a copy, so that the cached register stays as
# generated: a sensitive read writes an audit row, and every run's would
# pile up in it.
WORK=$tmp/work.db
cp "$DB" "$WORK"
cp "$DB.key" "$WORK.key"
# Written back before measuring: a gigabyte of dirty pages flushed while
# wrk runs costs the reads more than half their rate.
sync "$WORK"

# --- import -----------------------------------------------------------------
cp "$OUT/stations.db" "$tmp/import.db"
cp "$OUT/stations.db.key" "$tmp/import.db.key"
t0=$(date +%s.%N)
"$SGZ" import clients "$OUT/clients.csv" --db "$tmp/import.db" \
    >"$tmp/import.log" 2>&1 || { cat "$tmp/import.log" >&2; die "import"; }
t1=$(date +%s.%N)
grep -q "$CLIENTS new" "$tmp/import.log" ||
    die "the import did not write every row: $(tail -n 1 "$tmp/import.log")"
# The least SQLite itself needs to store what the import stored: the
# rows sgz wrote (clients with their ciphertexts, blind indexes and
# pinyin, their categories, the kept next visits), copied by one
# INSERT ... SELECT per table into the same stations-only database, with
# every index and the import's settings, in one durable transaction.
# No reading, checking or sealing: what is left between it and the import
# is sgz's own work, what is left between it and .import is the
# register's schema. Foreign keys off: for a multi-row INSERT SQLite
# looks for each new client's rows in every table that refers to
# clients (three times the copy's time), which the import's one-row
# inserts never do.
cp "$OUT/stations.db" "$tmp/floor.db"
COPIED="clients client_categories client_visits_due"
copy_sql="PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;
    PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;
    ATTACH '$tmp/import.db' AS src; BEGIN;"
for t in $COPIED; do
    copy_sql="$copy_sql INSERT INTO main.$t SELECT * FROM src.$t;"
done
t4=$(date +%s.%N)
sqlite3 "$tmp/floor.db" "$copy_sql COMMIT;" || die "the copy of the rows"
t5=$(date +%s.%N)
for t in $COPIED; do
    [ "$(sqlite3 "$tmp/floor.db" "SELECT COUNT(*) FROM $t")" = \
        "$(sqlite3 "$tmp/import.db" "SELECT COUNT(*) FROM $t")" ] ||
        die "the copy of $t is not the import's"
done
FLOOR_RATE=$(awk -v a="$t4" -v b="$t5" -v n="$CLIENTS" \
    'BEGIN { printf "%.0f", n / (b - a) }')
rm -f "$tmp/floor.db"*
# sqlite3's own .import of the same file into a table of its columns.
sqlite3 "$tmp/raw.db" "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
    CREATE TABLE raw (name TEXT, id_number TEXT, station TEXT,
    village TEXT, categories TEXT, categories_since TEXT, phone TEXT,
    address TEXT, basis TEXT, duty TEXT);" >/dev/null
t2=$(date +%s.%N)
# The table has the file's columns: a row with more would be warned about
# on standard error, a million times, and slow the reference down.
[ "$(head -n 1 "$OUT/clients.csv" | tr ',' '\n' | wc -l)" = 10 ] ||
    die "clients.csv no longer has the raw table's 10 columns"
sqlite3 "$tmp/raw.db" ".import --csv --skip 1 $OUT/clients.csv raw"
t3=$(date +%s.%N)
IMPORT_RATE=$(awk -v a="$t0" -v b="$t1" -v n="$CLIENTS" \
    'BEGIN { printf "%.0f", n / (b - a) }')
RAW_RATE=$(awk -v a="$t2" -v b="$t3" -v n="$CLIENTS" \
    'BEGIN { printf "%.0f", n / (b - a) }')
rm -f "$tmp/import.db"* "$tmp/raw.db"*

# --- servers and sessions -----------------------------------------------------
"$OUT/ceiling" 0 2>"$tmp/ceiling.log" &
pids+=($!)
"$SGZ" serve --db "$WORK" --listen 127.0.0.1:0 --access-log off \
    --per-ip-connections 1000 2>"$tmp/sgz.log" &
pids+=($!)
sgz_pid=$!
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
CEILING_URL=http://127.0.0.1:$(port_of "$tmp/ceiling.log")
URL=http://127.0.0.1:$(port_of "$tmp/sgz.log")

# The station where the list's filter (低保, names starting with 王) finds
# most clients, so that the page measured holds rows (every station has
# about 500 clients: a handful match); its worker and a bureau officer.
STATION=$(sqlite3 "$WORK" "SELECT c.station_id FROM clients c
    JOIN client_categories k ON k.client_id = c.id AND k.code = 'dibao'
    WHERE c.name >= '王' AND c.name < '王' || char(1114111)
    GROUP BY c.station_id ORDER BY COUNT(*) DESC, c.station_id LIMIT 1")
[ -n "$STATION" ] || die "no station has a 低保 client named 王…"
MAXID=$(sqlite3 "$WORK" "SELECT MAX(id) FROM clients")
SESSION_DB=$WORK
session() { # NAME ROLES RANGE -> "cookie csrf", on SESSION_DB at URL
    printf '%s\n' "$PASSWORD1" | "$SGZ" user add "$1" --roles "$2" \
        --range "$3" --password-stdin --db "$SESSION_DB" >/dev/null 2>&1 ||
        true
    local login csrf
    login=$(curl -s -c "$tmp/$1.jar" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$1\",\"password\":\"$PASSWORD1\"}" \
        "$URL/api/v1/session")
    case "$login" in
    *login_failed*)
        login=$(curl -s -c "$tmp/$1.jar" -H 'Content-Type: application/json' \
            -d "{\"username\":\"$1\",\"password\":\"$PASSWORD2\"}" \
            "$URL/api/v1/session") ;;
    esac
    csrf=$(sed -n 's/.*"csrf_token":"\([A-Za-z0-9_-]*\)".*/\1/p' <<<"$login")
    [ -n "$csrf" ] || die "login $1: $login"
    curl -s -o /dev/null -b "$tmp/$1.jar" -c "$tmp/$1.jar" \
        -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
        -d "{\"current_password\":\"$PASSWORD1\",\"new_password\":\"$PASSWORD2\"}" \
        "$URL/api/v1/session/password"
    echo "$(awk '$6 == "sgz_session" { print $6 "=" $7 }' "$tmp/$1.jar") $csrf"
}
# Named after the station: a worker of an earlier run keeps her range.
read -r WORKER_COOKIE WORKER_CSRF < <(session "bench_worker_$STATION" social_worker \
    "stations:$STATION")
read -r BUREAU_COOKIE _ < <(session bench_bureau bureau all)

LIST="/api/v1/clients?station_id=$STATION&category=dibao&q=%E7%8E%8B&limit=20"
SEARCH="/api/v1/clients?q=zs&limit=20"
for u in "$LIST" "$SEARCH" "/api/v1/clients/$MAXID"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $BUREAU_COOKIE" \
        "$URL$u")
    [ "$code" = 200 ] || die "$u answers $code"
done
rows=$(curl -s -H "Cookie: $WORKER_COOKIE" "$URL$LIST" | grep -o '"station_id":' |
    wc -l)
[ "$rows" -gt 0 ] || die "the list measured is empty"
echo "bench clients: the list measured holds $rows rows (station $STATION)"

# --- measuring ----------------------------------------------------------------
# run NAME URL [LUA] [COOKIE]: one wrk run; sets RATE and P99 (ms).
run() {
    local name=$1 url=$2 lua=${3:-} cookie=${4:-}
    local -a args=(-t"$THREADS" -c"$CONNS")
    [ -z "$cookie" ] || args+=(-H "Cookie: $cookie")
    [ -z "$lua" ] || args+=(-s "$lua")
    # Two seconds first, unmeasured, so that no run pays for a cold start.
    wrk "${args[@]}" -d2s "$url" >/dev/null 2>&1 || true
    wrk "${args[@]}" -d"${DURATION}s" --latency "$url" >"$OUT/wrk-$name.txt" 2>&1 ||
        { cat "$OUT/wrk-$name.txt" >&2; die "wrk $name"; }
    if grep -qE '^ *(Socket errors|Non-2xx)' "$OUT/wrk-$name.txt"; then
        cat "$OUT/wrk-$name.txt" >&2
        die "$name: errors or non-2xx answers"
    fi
    RATE=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$OUT/wrk-$name.txt")
    P99=$(awk '$1 == "99%" {
            v = $2; u = v; sub(/^[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
            f = (u == "us") ? 0.001 : (u == "s") ? 1000 : 1
            printf "%.2f", v * f }' "$OUT/wrk-$name.txt")
}

cat >"$tmp/get.lua" <<LUA
math.randomseed(42)
request = function()
  return wrk.format("GET", "/api/v1/clients/" .. math.random(1, $MAXID))
end
LUA
cat >"$tmp/create.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-CSRF-Token"] = "$WORKER_CSRF"
wrk.body = '{"station_id":$STATION,"name":"压测对象","sex":"F","birth_date":"1950-01-01","phone":"13800138000","categories":[{"code":"dibao","started_on":"2020-01-01"}]}'
LUA

# The ceiling before the reads and again after them, the higher taken: a
# ceiling measured while the machine was busy with something else (the
# import's gigabyte being written back, a neighbour) would flatter every
# ratio.
run ceiling "$CEILING_URL/"
CEIL1=$RATE
run list "$URL$LIST" "" "$WORKER_COOKIE"
LIST_RATE=$RATE LIST_P99=$P99
MEM=$(awk '/^Private_Dirty:/ { printf "%.1f", $2 / 1024 }' \
    "/proc/$sgz_pid/smaps_rollup")
run search "$URL$SEARCH" "" "$BUREAU_COOKIE"
SEARCH_RATE=$RATE SEARCH_P99=$P99
# The same with four users searching at once, a county office's load.
CONNS_SAVED=$CONNS
CONNS=4
run search4 "$URL$SEARCH" "" "$BUREAU_COOKIE"
SEARCH4_RATE=$RATE SEARCH4_P99=$P99
CONNS=$CONNS_SAVED
run get "$URL/" "$tmp/get.lua" "$BUREAU_COOKIE"
GET_RATE=$RATE GET_P99=$P99
run ceiling2 "$CEILING_URL/"
CEIL2=$RATE
CEIL=$(awk -v a="$CEIL1" -v b="$CEIL2" 'BEGIN { print (a > b) ? a : b }')
kill -TERM "$sgz_pid"
wait "$sgz_pid" 2>/dev/null || true
"$SGZ" serve --db "$WORK" --listen 127.0.0.1:0 --access-log off \
    --per-ip-connections 1000 2>"$tmp/sgz2.log" &
pids+=($!)
URL=http://127.0.0.1:$(port_of "$tmp/sgz2.log")
read -r WORKER_COOKIE WORKER_CSRF < <(session "bench_worker_$STATION" social_worker \
    "stations:$STATION")
sed -i "s/X-CSRF-Token\"\] = \"[^\"]*\"/X-CSRF-Token\"] = \"$WORKER_CSRF\"/" "$tmp/create.lua"
run create "$URL/api/v1/clients" "$tmp/create.lua" "$WORKER_COOKIE"
CREATE_RATE=$RATE CREATE_P99=$P99
BARE=$("$OUT/insert" "$tmp/insert.db" "$DURATION")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r >= t) ? "PASS" : "MISS" }'; }
# PASS when the p99 ($1 ms) is at most $2 ms, else MISS.
within() { awk -v p="$1" -v t="$2" 'BEGIN { print (p <= t) ? "PASS" : "MISS" }'; }
# Both halves of a target: the ratio ($1 >= $2) and the p99 ($3 <= $4 ms).
both() { [ "$(verdict "$1" "$2")" = PASS ] && [ "$(within "$3" "$4")" = PASS ] &&
    echo PASS || echo MISS; }
{
    echo "bench clients: $CLIENTS clients, $(nproc) cores, wrk -t$THREADS -c$CONNS -d${DURATION}s"
    printf '%-34s %10s %9s %8s %s\n' measure "req/s" "p99 ms" ratio target
    printf '%-34s %10s %9s %8s %s\n' "ceiling (bare libmicrohttpd)" "$CEIL" - 1.00 "the higher of $CEIL1 before and $CEIL2 after the reads"
    r=$(ratio "$LIST_RATE" "$CEIL")
    printf '%-34s %10s %9s %8s %s\n' "list: station+category+name, 20" "$LIST_RATE" "$LIST_P99" "$r" ">= 0.15, p99 <= 10 ms: $(both "$r" 0.15 "$LIST_P99" 10)"
    r=$(ratio "$GET_RATE" "$CEIL")
    printf '%-34s %10s %9s %8s %s\n' "get by id" "$GET_RATE" "$GET_P99" "$r" ">= 0.40: $(verdict "$r" 0.4)"
    printf '%-34s %10s %9s %8s %s\n' "pinyin initials, whole province" "$SEARCH_RATE" "$SEARCH_P99" - "p99 <= 100 ms: $(within "$SEARCH_P99" 100)"
    printf '%-34s %10s %9s %8s %s\n' "  the same, 4 connections" "$SEARCH4_RATE" "$SEARCH4_P99" - "p99 <= 100 ms: $(within "$SEARCH4_P99" 100)"
    r=$(ratio "$CREATE_RATE" "$BARE")
    printf '%-34s %10s %9s %8s %s\n' "create (durable, audited)" "$CREATE_RATE" "$CREATE_P99" "$r" ">= 0.50 x bare insert $BARE/s: $(verdict "$r" 0.5)"
    r=$(ratio "$IMPORT_RATE" "$RAW_RATE")
    printf '%-34s %10s %9s %8s %s\n' "import rows/s" "$IMPORT_RATE" - "$r" ">= 0.50 x sqlite3 .import $RAW_RATE/s: $(verdict "$r" 0.5)"
    r=$(ratio "$FLOOR_RATE" "$RAW_RATE")
    printf '%-34s %10s %9s %8s %s\n' "  SQLite copying the same rows" "$FLOOR_RATE" - "$r" "x .import: the most the register's tables allow"
    r=$(ratio "$IMPORT_RATE" "$FLOOR_RATE")
    printf '%-34s %10s %9s %8s %s\n' "  import next to that copy" - - "$r" "x the copy: what sgz's own work costs"
    printf '%-34s %10s MB %s\n' "private memory serving the list" "$MEM" "<= 50 MB: $(awk -v m="$MEM" 'BEGIN { print (m <= 50) ? "PASS" : "MISS" }')"
} | tee "$OUT/summary.txt"
