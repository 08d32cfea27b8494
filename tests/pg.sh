#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, listening on 127.0.0.1
# only. As root the server runs as the postgres user (initdb refuses
# root); otherwise as yourself.
#   tests/pg.sh start DIR   prints the admin URL (postgres://…/postgres)
#   tests/pg.sh stop DIR    stops it and removes DIR
set -eu
cmd=${1:?start|stop}
dir=${2:?folder}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "pg.sh: PostgreSQL server not installed" >&2; exit 1; }

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "$cmd" in
start)
    mkdir -p "$dir"
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    # zh_CN.UTF-8, as a county's server is set up: its collation ignores
    # characters and orders Chinese by pinyin, so a query that relies on
    # byte order (a prefix as a range, say) fails here as it would there.
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U sgz -E UTF8 \
        --locale=zh_CN.UTF-8 >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
    }
    # A free port: ask the kernel for one.
    port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" \
        start >/dev/null || {
        cat "$dir/server.log" >&2
        exit 1
    }
    echo "postgres://sgz@127.0.0.1:$port/postgres"
    ;;
stop)
    if [ -d "$dir/data" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: tests/pg.sh start|stop DIR" >&2
    exit 2
    ;;
esac
