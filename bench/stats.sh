#!/usr/bin/env bash
# `make bench`, fourth part: statistics at a province's scale (issue 8,
# docs/performance.md). A demo of Hunan with BENCH_STATS_CLIENTS clients
# (default 1,000,000) and two histories made by `sgz demo --services N
# --years Y` at the same density per month: BENCH_STATS (default
# 10,000,000) records over five years, and a fifth of them over one year.
# Each database is cached in build/bench/stats/ and rebuilt when the
# counts or the binary's version change. Then, on 127.0.0.1 with wrk next
# to the servers, for each history:
#   ceiling    bench/ceiling.c: the empty reply, in the same pass
#   month      GET /stats: the county's last full month, the totals or a
#              cut (by type, area, category or township, at random), a
#              bureau session
#   brief      GET /reports/{id}: a station's monthly brief being written
#              (月度工作简报, a draft: its figures computed live), one of
#              the county's stations, by its station lead
#   county     GET /reports/{id}: the county's monthly brief by the
#              contracted organisation (承接机构月度工作简报, a draft) for
#              all the county's township stations, by its org_admin (the
#              bench signs the contract once, through the API)
#   quarter    GET /reports/{id}: the county's quarterly report being
#              written (its figures for three months, by type, area,
#              category and month), a bureau session
#   dashboard  GET /dashboard?region=COUNTY&year=Y: the bureau's county
# as requests/s, p50, p99 and ratio to the ceiling; and the same county
# figures computed by the sqlite3 shell from plain SQL over the records
# (bench/sql/*.sql, written as an analyst would: the county's month and
# quarter with all their cuts, the dashboard's year), median of five runs.
#   BENCH_STATS  BENCH_STATS_CLIENTS  BENCH_SECONDS (10)  BENCH_CONNS (16)
#   BENCH_THREADS (2)  BENCH_ROUNDS (2)  BENCH_STATS_COUNTY (430223)
# A measurement, not a test: exits non-zero only when the measurement is
# broken (a server did not start, the demo failed, wrk failed, errors or
# non-2xx answers).
set -eu
set -o pipefail
cd "$(dirname "$0")/.."

BIG=${BENCH_STATS:-10000000}
SMALL=$((BIG / 5))
CLIENTS=${BENCH_STATS_CLIENTS:-1000000}
DURATION=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNS:-16}
THREADS=${BENCH_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-2}
COUNTY=${BENCH_STATS_COUNTY:-430223}
SGZ=${BENCH_SGZ:-build/sgz}
OUT=build/bench/stats
REGION=43
PASSWORD1=Bench-first-1
PASSWORD2=Bench-run-$(date +%s)

die() {
    echo "bench stats: $*" >&2
    exit 1
}
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_start stats
[ -x "$SGZ" ] || make all


# --- the databases ----------------------------------------------------------
version=$("$SGZ" version | head -n 1)
if [ "$(cat "$OUT/base.stamp" 2>/dev/null)" != "$CLIENTS $version" ]; then
    rm -f "$OUT"/base.db*
    echo "bench stats: generating $CLIENTS clients over Hunan (once)"
    "$SGZ" demo --db "$OUT/base.db" --region "$REGION" --clients "$CLIENTS" \
        >"$OUT/base.log" 2>&1 || { tail "$OUT/base.log" >&2; die "demo"; }
    echo "$CLIENTS $version" >"$OUT/base.stamp"
fi
SIZES=("$SMALL 1 y1" "$BIG 5 y5")
declare -A GEN
for spec in "${SIZES[@]}"; do
    read -r n years name <<<"$spec"
    db=$OUT/$name.db
    stamp="$CLIENTS $n $years $version"
    if [ "$(cat "$OUT/$name.stamp" 2>/dev/null)" != "$stamp" ]; then
        echo "bench stats: generating $n records over $years years (once)"
        rm -f "$db" "$db"-*
        cp "$OUT/base.db" "$db"
        cp "$OUT/base.db.key" "$db.key"
        t0=$(date +%s)
        "$SGZ" demo --db "$db" --region "$REGION" --services "$n" \
            --years "$years" >"$OUT/$name.log" 2>&1 ||
            { tail "$OUT/$name.log" >&2; die "the demo of $n records"; }
        echo "$(($(date +%s) - t0)) s" >"$OUT/$name.gen"
        echo "$stamp" >"$OUT/$name.stamp"
    fi
    "$SGZ" migrate --db "$db" >/dev/null
    GEN[$name]=$(cat "$OUT/$name.gen" 2>/dev/null || echo "?")
done

# The last full month and its year, in Beijing.
MONTH=$(TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%Y-%m-01) -1 day" +%Y-%m)
YEAR=${MONTH%-*}
# The last full quarter's months.
QM=$(( (10#${MONTH#*-} - 1) / 3 * 3 + 1 ))
if [ "$(( (10#${MONTH#*-} - 1) % 3 ))" != 2 ]; then
    QM=$((QM - 3))
fi
if [ "$QM" -lt 1 ]; then
    Q_YEAR=$((YEAR - 1)) QM=$((QM + 12))
else
    Q_YEAR=$YEAR
fi
Q_FROM=$(printf '%s-%02d' "$Q_YEAR" "$QM")
Q_TO=$(printf '%s-%02d' "$Q_YEAR" $((QM + 2)))
# Instants and days of the month and of its year.
instant() { TZ=Asia/Shanghai date -d "$1" +%s; }
M_FROM=$(instant "$MONTH-01")
M_TO=$(instant "$MONTH-01 +1 month")
M_LAST=$(TZ=Asia/Shanghai date -d "$MONTH-01 +1 month -1 day" +%Y-%m-%d)
Y_FROM=$(instant "$YEAR-01-01")
Y_TO=$(instant "$((YEAR + 1))-01-01")
QS_FROM=$(instant "$Q_FROM-01")
QS_TO=$(instant "$Q_TO-01 +1 month")
Q_LAST=$(TZ=Asia/Shanghai date -d "$Q_TO-01 +1 month -1 day" +%Y-%m-%d)
HI=$(printf '%s' "$COUNTY" | awk '{ printf "%d", $1 + 1 }')

# The county's first township station, whose monthly brief is measured.
read -r STATION TOWNSHIP < <(sqlite3 -separator ' ' "$OUT/y1.db" "SELECT id,
    region_code FROM stations WHERE region_code > '$COUNTY' AND region_code
    < '$HI' AND type = 'township_station' ORDER BY id LIMIT 1")
[ -n "$STATION" ] || die "no township station in $COUNTY"

# --- plain SQL in the sqlite3 shell -----------------------------------------
# sql_time DB FILE FROM TO [FIRST LAST]: the median over five runs of the
# statements' summed real time, in ms (the first run warms the cache and
# is dropped); FROM and TO instants, FIRST and LAST days.
sql_time() {
    local db=$1 file=$2 from=$3 to=$4 first=${5:-} last=${6:-} i
    for ((i = 0; i <= 5; i++)); do
        {
            echo ".parameter set :lo '${SQL_LO:-$COUNTY}'"
            echo ".parameter set :hi '${SQL_HI:-$HI}'"
            echo ".parameter set :from $from"
            echo ".parameter set :to $to"
            echo ".parameter set :first '$first'"
            echo ".parameter set :last '$last'"
            echo ".timer on"
            cat "$file"
        } | sqlite3 -bail "$db" 2>&1 |
            awk '/^Run Time:/ { s += $4 } END { printf "%.1f\n", s * 1000 }'
    done | tail -n 5 | sort -g | sed -n 3p
}
declare -A SQL
for spec in "${SIZES[@]}"; do
    read -r n years name <<<"$spec"
    # The station's township: its division code and the next.
    SQL[$name,brief]=$(SQL_LO=$TOWNSHIP SQL_HI=$((TOWNSHIP + 1)) \
        sql_time "$OUT/$name.db" bench/sql/stats_brief.sql "$M_FROM" \
        "$M_TO" "$MONTH-01" "$M_LAST")
    SQL[$name,county]=$(sql_time "$OUT/$name.db" bench/sql/stats_brief.sql \
        "$M_FROM" "$M_TO" "$MONTH-01" "$M_LAST")
    SQL[$name,quarter]=$(sql_time "$OUT/$name.db" bench/sql/stats_brief.sql \
        "$QS_FROM" "$QS_TO" "$Q_FROM-01" "$Q_LAST")
    SQL[$name,dashboard]=$(sql_time "$OUT/$name.db" \
        bench/sql/stats_dashboard.sql "$Y_FROM" "$Y_TO")
done

# --- servers and sessions -----------------------------------------------------
"$OUT/ceiling" 0 2>"$tmp/ceiling.log" &
pids+=($!)
ceiling_pid=$!
CEILING_URL=http://127.0.0.1:$(port_of "$tmp/ceiling.log")

# draft NAME COOKIE CSRF BODY LIST: the id of a draft report, made with
# BODY, or the one already there (LIST: the query that finds it).
draft() {
    local name=$1 cookie=$2 csrf=$3 body=$4 list=$5 out id
    out=$(curl -s -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
        -H 'Content-Type: application/json' -d "$body" \
        "${URL[$name]}/api/v1/reports")
    id=$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' <<<"$out")
    if [ -z "$id" ]; then
        out=$(curl -s -H "Cookie: $cookie" "${URL[$name]}/api/v1/reports?$list")
        id=$(sed -n 's/.*"items":\[{"id":\([0-9]*\),.*/\1/p' <<<"$out")
    fi
    [ -n "$id" ] || die "no draft report ($body): $out"
    echo "$id"
}
# csrf_of NAME USER: the CSRF token of the session session() left in the
# cookie jar (GET /session gives it).
csrf_of() {
    curl -s -b "$tmp/$2.jar" "${URL[$1]}/api/v1/session" |
        sed -n 's/.*"csrf_token":"\([A-Za-z0-9_-]*\)".*/\1/p'
}

ORG_NAME=攸县阳光社会工作服务中心
declare -A URL PID BUREAU LEAD BRIEF QUARTER ORGADM COUNTY_BRIEF
for spec in "${SIZES[@]}"; do
    read -r n years name <<<"$spec"
    db=$OUT/$name.db
    "$SGZ" serve --db "$db" --listen 127.0.0.1:0 --access-log off \
        --per-ip-connections 1000 2>"$tmp/sgz-$name.log" &
    pids+=($!)
    PID[$name]=$!
    URL[$name]=http://127.0.0.1:$(port_of "$tmp/sgz-$name.log")
    printf '%s\n' "$PASSWORD1" | "$SGZ" user add bench_bureau --roles bureau \
        --range all --password-stdin --db "$db" >/dev/null 2>&1 || true
    BUREAU[$name]=$(session "$db" "${URL[$name]}" bench_bureau)
    printf '%s\n' "$PASSWORD1" | "$SGZ" user add bench_lead \
        --roles station_lead --range "stations:$STATION" --password-stdin \
        --db "$db" >/dev/null 2>&1 || true
    LEAD[$name]=$(session "$db" "${URL[$name]}" bench_lead)
    BRIEF[$name]=$(draft "$name" "${LEAD[$name]}" \
        "$(csrf_of "$name" bench_lead)" \
        "{\"type\":\"monthly_brief\",\"station_id\":$STATION,\"period_from\":\"$MONTH\"}" \
        "type=monthly_brief&station_id=$STATION&from=$MONTH&to=$MONTH")
    QUARTER[$name]=$(draft "$name" "${BUREAU[$name]}" \
        "$(csrf_of "$name" bench_bureau)" \
        "{\"type\":\"quarterly\",\"region_code\":\"$COUNTY\",\"period_from\":\"$Q_FROM\",\"period_to\":\"$Q_TO\"}" \
        "type=quarterly&from=$Q_FROM&to=$Q_TO")
    # The county's organisation and its contract for the year, covering
    # every township station (made once), and its monthly brief.
    csrf=$(csrf_of "$name" bench_bureau)
    org=$(sqlite3 "$db" "SELECT id FROM organisations WHERE name = '$ORG_NAME'")
    if [ -z "$org" ]; then
        org=$(curl -s -H "Cookie: ${BUREAU[$name]}" -H "X-CSRF-Token: $csrf" \
            -H 'Content-Type: application/json' \
            -d "{\"name\":\"$ORG_NAME\",\"credit_code\":\"91350100M000100Y43\"}" \
            "${URL[$name]}/api/v1/organisations" |
            sed -n 's/^{"id":\([0-9]*\),.*/\1/p')
        [ -n "$org" ] || die "cannot register the organisation"
    fi
    contract=$(sqlite3 "$db" "SELECT id FROM contracts WHERE code = 'BENCH-$COUNTY-$YEAR'")
    if [ -z "$contract" ]; then
        stations=$(sqlite3 -separator , "$db" "SELECT '{\"station_id\":' || id
            || ',\"amount_fen\":12000000}' FROM stations WHERE region_code >
            '$COUNTY' AND region_code < '$HI' AND type = 'township_station'" |
            paste -sd, -)
        out=$(curl -s -H "Cookie: ${BUREAU[$name]}" -H "X-CSRF-Token: $csrf" \
            -H 'Content-Type: application/json' -d "{\"code\":\"BENCH-$COUNTY-$YEAR\",\"region_code\":\"$COUNTY\",
            \"title\":\"$YEAR年度社工站服务项目\",\"organisation_id\":$org,
            \"procurement\":\"open_tender\",\"cycle_years\":1,\"cycle_year\":1,
            \"amount_fen\":300000000,\"signed_on\":\"$YEAR-01-02\",
            \"effective_on\":\"$YEAR-01-02\",\"starts_on\":\"$YEAR-01-01\",
            \"ends_on\":\"$YEAR-12-31\",\"stations\":[$stations]}" \
            "${URL[$name]}/api/v1/contracts")
        contract=$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' <<<"$out")
        [ -n "$contract" ] || die "cannot sign the contract: $out"
    fi
    printf '%s\n' "$PASSWORD1" | "$SGZ" user add bench_org --roles org_admin \
        --range self --org "$org" --password-stdin --db "$db" >/dev/null 2>&1 ||
        true
    ORGADM[$name]=$(session "$db" "${URL[$name]}" bench_org)
    COUNTY_BRIEF[$name]=$(draft "$name" "${ORGADM[$name]}" \
        "$(csrf_of "$name" bench_org)" \
        "{\"type\":\"org_monthly_brief\",\"contract_id\":$contract,\"period_from\":\"$MONTH\"}" \
        "type=org_monthly_brief&from=$MONTH&to=$MONTH")
    cuts='"", "&by=type", "&by=area", "&by=category", "&by=township"'
    cat >"$tmp/month-$name.lua" <<LUA
local cuts = { $cuts }
function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end
request = function()
  return wrk.format("GET", "/api/v1/stats?region=$COUNTY&from=$MONTH&to=$MONTH"
                    .. cuts[math.random(#cuts)])
end
LUA
    for path in "/api/v1/stats?region=$COUNTY&from=$MONTH&to=$MONTH&by=category" \
        "/api/v1/dashboard?region=$COUNTY&year=$YEAR" \
        "/api/v1/compliance?region=$COUNTY&rule=report.overdue&limit=20"; do
        code=$(curl -s -o "$tmp/check.json" -w '%{http_code}' \
            -H "Cookie: ${BUREAU[$name]}" "${URL[$name]}$path")
        [ "$code" = 200 ] || die "$path answers $code: $(cat "$tmp/check.json")"
    done
done

# --- measuring ----------------------------------------------------------------
declare -A R
MEASURES=(ceiling month brief county quarter dashboard findings)
# What the county dashboard page asks for beside its figures: the
# county's compliance findings (reports overdue), every rule run.
FINDINGS="/api/v1/compliance?region=$COUNTY&rule=report.overdue&limit=20"
for ((round = 1; round <= ROUNDS; round++)); do
    for spec in "${SIZES[@]}"; do
        read -r n years name <<<"$spec"
        echo "bench stats: round $round, $n records over $years years"
        wrk -t"$THREADS" -c"$CONNS" -d1s "$CEILING_URL/" >/dev/null
        wrk -t"$THREADS" -c"$CONNS" -d2s -H "Cookie: ${BUREAU[$name]}" \
            -s "$tmp/month-$name.lua" "${URL[$name]}/" >/dev/null
        run "ceiling-$name-$round" "$ceiling_pid" "$CEILING_URL/"
        R[$name,ceiling,$round]="$RATE $P99 $CPU $LOAD $OTHER $P50"
        run "month-$name-$round" "${PID[$name]}" "${URL[$name]}/" \
            "$tmp/month-$name.lua" "${BUREAU[$name]}"
        R[$name,month,$round]="$RATE $P99 $CPU $LOAD $OTHER $P50"
        run "brief-$name-$round" "${PID[$name]}" \
            "${URL[$name]}/api/v1/reports/${BRIEF[$name]}" "" "${LEAD[$name]}"
        R[$name,brief,$round]="$RATE $P99 $CPU $LOAD $OTHER $P50"
        run "county-$name-$round" "${PID[$name]}" \
            "${URL[$name]}/api/v1/reports/${COUNTY_BRIEF[$name]}" "" \
            "${ORGADM[$name]}"
        R[$name,county,$round]="$RATE $P99 $CPU $LOAD $OTHER $P50"
        run "quarter-$name-$round" "${PID[$name]}" \
            "${URL[$name]}/api/v1/reports/${QUARTER[$name]}" "" \
            "${BUREAU[$name]}"
        R[$name,quarter,$round]="$RATE $P99 $CPU $LOAD $OTHER $P50"
        run "dashboard-$name-$round" "${PID[$name]}" \
            "${URL[$name]}/api/v1/dashboard?region=$COUNTY&year=$YEAR" "" \
            "${BUREAU[$name]}"
        R[$name,dashboard,$round]="$RATE $P99 $CPU $LOAD $OTHER $P50"
        run "findings-$name-$round" "${PID[$name]}" "${URL[$name]}$FINDINGS" \
            "" "${BUREAU[$name]}"
        R[$name,findings,$round]="$RATE $P99 $CPU $LOAD $OTHER $P50"
        # One request at a time: the latency of the figures themselves,
        # what the sqlite3 shell's time compares with.
        for m in brief county quarter dashboard findings; do
            case $m in
            brief) path=/api/v1/reports/${BRIEF[$name]} c=${LEAD[$name]} ;;
            county) path=/api/v1/reports/${COUNTY_BRIEF[$name]}
                c=${ORGADM[$name]} ;;
            quarter) path=/api/v1/reports/${QUARTER[$name]} c=${BUREAU[$name]} ;;
            dashboard) path="/api/v1/dashboard?region=$COUNTY&year=$YEAR"
                c=${BUREAU[$name]} ;;
            findings) path=$FINDINGS c=${BUREAU[$name]} ;;
            esac
            RUN_CONNS=1 RUN_THREADS=1 run "$m-1-$name-$round" \
                "${PID[$name]}" "${URL[$name]}$path" "" "$c"
            R[$name,$m-1,$round]="$RATE $P99 $CPU $LOAD $OTHER $P50"
        done
    done
done

{
    echo "bench stats: $CLIENTS clients, county $COUNTY, month $MONTH," \
        "$(nproc) cores, wrk -t$THREADS -c$CONNS -d${DURATION}s, medians" \
        "of $ROUNDS rounds; $version"
    for spec in "${SIZES[@]}"; do
        read -r n years name <<<"$spec"
        echo "  $name: $n records over $years years, generated in ${GEN[$name]}"
    done
    printf '%-4s %-10s %9s %7s %7s %7s %8s %7s %9s %8s %s\n' db measure \
        "req/s" "x ceil" "p50 ms" "p99 ms" "cpu us" "p50 c1" "sqlite3" \
        "x faster" target
    for spec in "${SIZES[@]}"; do
        read -r n years name <<<"$spec"
        ceil=$(median "$name" ceiling 1)
        for m in "${MEASURES[@]}"; do
            rate=$(median "$name" "$m" 1)
            p50=$(median "$name" "$m" 6)
            p99=$(median "$name" "$m" 2)
            sql=-
            faster=-
            verdict=-
            case $m in
            brief) sql=${SQL[$name,brief]} ;;
            county) sql=${SQL[$name,county]} ;;
            quarter) sql=${SQL[$name,quarter]} ;;
            dashboard) sql=${SQL[$name,dashboard]} ;;
            esac
            p1=$(median "$name" "$m-1" 6)
            if [ "$sql" != - ]; then
                faster=$(ratio "$sql" "$p1")
                verdict=$(awk -v f="$faster" -v p="$p99" 'BEGIN {
                    print (f >= 10 && p <= 50) ? "PASS" : "MISS" }')
                verdict="p99 <= 50 ms, >= 10x sqlite3: $verdict"
            elif [ "$m" = findings ]; then
                verdict=$(awk -v p="$p99" 'BEGIN {
                    print (p <= 50) ? "PASS" : "MISS" }')
                verdict="p99 <= 50 ms (the dashboard page's): $verdict"
            fi
            printf '%-4s %-10s %9.0f %7s %7.2f %7.2f %8.1f %7s %9s %8s %s\n' \
                "$name" "$m" "$rate" "$(ratio "$rate" "$ceil")" "$p50" \
                "$p99" "$(median "$name" "$m" 3)" "$p1" "$sql" "$faster" \
                "$verdict"
        done
    done
    echo
    echo "five years against one (target: within 20 %):"
    printf '%-10s %9s %9s %s\n' measure "req/s" "p99" verdict
    for m in month brief county quarter dashboard findings; do
        rr=$(ratio "$(median y5 "$m" 1)" "$(median y1 "$m" 1)")
        pr=$(ratio "$(median y5 "$m" 2)" "$(median y1 "$m" 2)")
        verdict=$(awk -v r="$rr" -v p="$pr" 'BEGIN {
            print (r >= 0.8 && p <= 1.2) ? "PASS" : "MISS" }')
        printf '%-10s %9s %9s %s\n' "$m" "$rr" "$pr" "$verdict"
    done
    echo "p50 c1: one connection, one request at a time (ms); sqlite3: the"
    echo "  same figures from bench/sql/*.sql in the shell, ms (median of five"
    echo "  warm runs); x faster: sqlite3 over p50 c1"
} | tee "$OUT/summary.txt"
