#!/bin/sh
# make run: a demo database for 攸县 (430223) under the youxian profile —
# stations, 3,000 clients, demo workers, open cases, 30,000 service
# records and the county's contract, staff and money — created on first
# use, then served on 127.0.0.1.
#   scripts/run-demo.sh BIN DB PORT
set -eu
bin=$1
db=$2
port=$3
mkdir -p "$(dirname "$db")"
if [ ! -f "$db" ]; then
    # Clients, demo social workers, open cases and two years of service
    # records, so that every page has something to show.
    "$bin" demo --db "$db" --region 430223 --clients 3000 --services 30000
    login="log in as admin with the password printed above"
else
    login="log in as admin (forgot the password? $bin user passwd admin --db $db)"
fi
echo
echo "  sgz 攸县 demo: open http://127.0.0.1:$port/ and $login"
echo "  API: http://127.0.0.1:$port/api/v1/openapi.json"
echo "  (Ctrl-C stops the server; the database stays in $db)"
echo
exec "$bin" serve --db "$db" --listen "127.0.0.1:$port"
