#!/usr/bin/env python3
"""A deliberately injectable JSON API: the positive control of the sqlmap
driver (tests/security/sqlmap.mjs). If sqlmap, run with the driver's own
options and markers, finds nothing here, the driver is broken and its
"no injection" on sgz means nothing.

Serves on 127.0.0.1 (a free port, printed as "port N") until stdin closes:
  GET  /items?name=X     WHERE name = '<X>'      (query string)
  GET  /items/<id>       WHERE id = <id>         (path)
  POST /items {"name"}   WHERE name = '<name>'   (JSON body)
Each builds its SQL by pasting the value in: never do this.
"""
import json
import sqlite3
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

db = sqlite3.connect(":memory:", check_same_thread=False)
db.executescript(
    "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);"
    "INSERT INTO items (name) VALUES ('apple'), ('pear'), ('plum');"
)
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def query(self, sql):
        try:
            with lock:
                rows = db.execute(sql).fetchall()
            self.reply(200, {"items": [{"id": r[0], "name": r[1]} for r in rows]})
        except Exception:  # noqa: BLE001 - the control answers 500 on bad SQL
            self.reply(500, {"error": "database error"})

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/items":
            name = parse_qs(url.query).get("name", [""])[0]
            return self.query("SELECT id, name FROM items WHERE name = '%s'" % name)
        if url.path.startswith("/items/"):
            from urllib.parse import unquote
            return self.query("SELECT id, name FROM items WHERE id = %s" % unquote(url.path[7:]))
        self.reply(404, {"error": "not found"})

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(n) or b"{}")
        except ValueError:
            return self.reply(400, {"error": "bad json"})
        if self.path == "/items":
            return self.query("SELECT id, name FROM items WHERE name = '%s'" % body.get("name", ""))
        self.reply(404, {"error": "not found"})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("port %d" % server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
server.shutdown()
