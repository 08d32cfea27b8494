#!/bin/sh
# make run: a demo database for 攸县 (430223) under the youxian profile,
# created on first use, then served on 127.0.0.1.
#   scripts/run-demo.sh BIN DB PORT
set -eu
bin=$1
db=$2
port=$3
mkdir -p "$(dirname "$db")"
if [ ! -f "$db" ]; then
    "$bin" demo --db "$db" --region 430223
fi
echo
echo "  sgz 攸县 demo: open http://127.0.0.1:$port/api/v1/stations"
echo "  (Ctrl-C stops the server; the database stays in $db)"
echo
exec "$bin" serve --db "$db" --listen "127.0.0.1:$port"
