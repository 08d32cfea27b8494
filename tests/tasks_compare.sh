#!/usr/bin/env bash
# tests/tasks_compare.sh OLD NEW [DB]: the task list (GET /api/v1/tasks)
# answers byte for byte the same from OLD, a binary from before migration
# 18 (which computed each client's next visit per request), and NEW (which
# keeps them in client_visits_due, filled by its first start), each serving
# its own copy of one database: DB, or a demo of 攸县 with 3,000 clients
# and 30,000 service records that OLD makes. Asked as a bureau officer
# (range all): every demo worker's list and every station's, every page of
# 200, and the overdue and week windows. Not part of `make test` (it needs
# the old binary):
#   git worktree add /tmp/old <commit before migration 18> && make -C /tmp/old
#   tests/tasks_compare.sh /tmp/old/build/sgz build/sgz [DB]
# Exits 1 on the first difference. SGZ_NOW, when set, fixes both clocks;
# FILL_NOW (Unix seconds), when set, makes NEW fill its table on that day
# first (a start and a stop), so that rows whose categories started or
# ended since are answered by the lazy path.
set -eu
set -o pipefail
OLD=$1
NEW=$2
SRC=${3:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sgz-tasks-compare.XXXXXX")
pids=()
cleanup() {
    for p in "${pids[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
die() {
    echo "tasks compare: $*" >&2
    exit 1
}
if [ -z "$SRC" ]; then
    SRC=$tmp/src.db
    "$OLD" demo --db "$SRC" --region 430223 --clients 3000 \
        --services 30000 >"$tmp/demo.log" 2>&1 ||
        { tail "$tmp/demo.log" >&2; die "the demo failed"; }
fi
PW1=Compare-first-1
PW2=Compare-then-2
declare -A URL
for side in old new; do
    db=$tmp/$side.db
    sqlite3 "$SRC" ".backup '$db'"
    cp "$SRC.key" "$db.key"
    bin=$OLD
    [ "$side" = old ] || bin=$NEW
    # user and setting need the binary's schema
    "$bin" migrate --db "$db" >/dev/null
    printf '%s\n' "$PW1" | "$bin" user add cmp_bureau --roles bureau \
        --range all --password-stdin --db "$db" >/dev/null
    "$bin" setting set login.per_address_per_minute 100000 --db "$db" \
        >/dev/null
    if [ "$side" = new ] && [ -n "${FILL_NOW:-}" ]; then
        SGZ_NOW=$FILL_NOW "$bin" serve --db "$db" --listen 127.0.0.1:0 \
            --access-log off 2>"$tmp/fill.log" &
        fill=$!
        for ((i = 0; i < 6000; i++)); do
            grep -qs 'listening on' "$tmp/fill.log" && break
            sleep 0.1
        done
        kill -TERM "$fill"
        wait "$fill" || die "the fill on day $FILL_NOW: $(cat "$tmp/fill.log")"
    fi
    "$bin" serve --db "$db" --listen 127.0.0.1:0 --access-log off \
        2>"$tmp/$side.log" &
    pids+=($!)
    port=""
    for ((i = 0; i < 6000; i++)); do
        port=$(sed -n 's|.*listening on http://[^ ]*:\([0-9][0-9]*\).*|\1|p' \
            "$tmp/$side.log" | head -n 1)
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { cat "$tmp/$side.log" >&2; die "$side did not start"; }
    URL[$side]=http://127.0.0.1:$port
    login=$(curl -s -c "$tmp/$side.jar" -H 'Content-Type: application/json' \
        -d "{\"username\":\"cmp_bureau\",\"password\":\"$PW1\"}" \
        "${URL[$side]}/api/v1/session")
    csrf=$(sed -n 's/.*"csrf_token":"\([A-Za-z0-9_-]*\)".*/\1/p' <<<"$login")
    [ -n "$csrf" ] || die "login: $login"
    curl -sf -o /dev/null -b "$tmp/$side.jar" -c "$tmp/$side.jar" \
        -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
        -d "{\"current_password\":\"$PW1\",\"new_password\":\"$PW2\"}" \
        "${URL[$side]}/api/v1/session/password" || die "password change"
done

# The questions: each owner's first page of 200, its windows, and then
# its further pages (known from the first answer's total).
owners=$(sqlite3 "$tmp/old.db" "SELECT 'worker_id=' || u.id FROM users u
    WHERE u.username LIKE 'sw%' OR EXISTS (SELECT 1 FROM clients c WHERE
    c.worker_id = u.id) UNION ALL SELECT 'station_id=' || id FROM stations")
ask() { # ask SIDE LIST: answers to the paths in LIST, one line each
    local side=$1 list=$2
    sed "s|^|url = \"${URL[$side]}/api/v1/tasks?|; s|\$|\"|" "$list" |
        sed 's|$|\nwrite-out = "\\n"|' >"$tmp/$side.curl"
    curl -s -b "$tmp/$side.jar" -K "$tmp/$side.curl"
}
for o in $owners; do
    echo "$o&limit=200"
    echo "$o&due=overdue&limit=200"
    echo "$o&due=week&limit=200"
done >"$tmp/q1"
today=$(TZ=Asia/Shanghai date -d "@${SGZ_NOW:-$(date +%s)}" +%F)
stale=$(sqlite3 "$tmp/new.db" "SELECT COUNT(*) FROM client_visits_due WHERE
    from_on > '$today' OR until_on <= '$today'")
ask old "$tmp/q1" >"$tmp/a1.old"
ask new "$tmp/q1" >"$tmp/a1.new"
n=$(wc -l <"$tmp/q1")
cmp -s "$tmp/a1.old" "$tmp/a1.new" || {
    diff <(paste -d' ' "$tmp/q1" "$tmp/a1.old") \
        <(paste -d' ' "$tmp/q1" "$tmp/a1.new") | head -n 20 >&2
    die "the answers differ"
}
paste -d' ' "$tmp/q1" "$tmp/a1.old" | awk '{
        q = $1; sub(/^[^ ]* /, ""); t = $0
        sub(/.*"total":/, "", t); sub(/,.*/, "", t)
        for (p = 2; (p - 1) * 200 < t; p++) print q "&page=" p }' >"$tmp/q2"
m=$(wc -l <"$tmp/q2")
if [ "$m" -gt 0 ]; then
    ask old "$tmp/q2" >"$tmp/a2.old"
    ask new "$tmp/q2" >"$tmp/a2.new"
    cmp -s "$tmp/a2.old" "$tmp/a2.new" || die "later pages differ"
fi
tasks=$(grep -o '"kind":"client_visit"' "$tmp/a1.new" | wc -l)
echo "tasks compare: $((n + m)) answers identical ($tasks client visits" \
    "on first pages; $stale kept rows were past their window)"
