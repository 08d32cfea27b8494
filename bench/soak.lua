-- wrk script for bench/soak.sh: a realistic mix of what the web UI sends,
-- on logged-in sessions.
--
-- Environment (set by soak.sh):
--   SOAK_SESSIONS   "cookie|csrf;cookie|csrf;…" - one is given to each wrk
--                   thread in turn (cookie is "sgz_session=…")
--   SOAK_LOGIN_USER, SOAK_LOGIN_PASSWORD
--                   a user whose password logins the mix includes
--   SOAK_LOGIN_INTERVAL  each wrk thread sends a login every this many
--                   seconds (default 2; 0 for none). A login hashes 64 MiB
--                   with Argon2id on one of the server's hashing threads:
--                   a few a second at most on a small machine.
--   SOAK_REGION     county code of the demo database (default 430223)
--   SOAK_STATIONS   station ids are 1..this (default 18)
--
-- The mix, in per cent of the requests that are not logins:
--   30 GET  /api/v1/stations with filters, sorts and pages
--   25 GET  /api/v1/stations/{id}
--   12 GET  /api/v1/regions?parent=REGION (and a township's villages)
--    8 GET  /api/v1/session (every page load of the UI)
--    5 GET  /api/v1/dictionaries
--    5 GET  /api/v1/notices
--   15 POST /api/v1/notices (a write with its audit row)
-- No If-Match updates: concurrent updates of one station would be 409s,
-- which the soak counts as errors.

local threads = {}

function setup(thread)
   thread:set("tid", #threads + 1)
   table.insert(threads, thread)
end

local function env(name, default)
   local v = os.getenv(name)
   if v == nil or v == "" then return default end
   return v
end

function init(args)
   local list = {}
   for item in string.gmatch(env("SOAK_SESSIONS", ""), "[^;]+") do
      table.insert(list, item)
   end
   if #list == 0 then
      error("SOAK_SESSIONS is empty: soak.sh logs in and sets it")
   end
   local s = list[((tid - 1) % #list) + 1]
   cookie, csrf = string.match(s, "^([^|]+)|(.+)$")
   region = env("SOAK_REGION", "430223")
   stations = tonumber(env("SOAK_STATIONS", "18"))
   login_interval = tonumber(env("SOAK_LOGIN_INTERVAL", "2"))
   -- Threads start their logins at different moments.
   next_login = os.time() + (tid - 1) % math.max(login_interval, 1)
   login_body = string.format('{"username":"%s","password":"%s"}',
                              env("SOAK_LOGIN_USER", ""),
                              env("SOAK_LOGIN_PASSWORD", ""))
   math.randomseed(tid * 7919 + os.time())
   n = 0
   kinds = {}
   statuses = {}
   samples = {}
   get_headers = { ["Cookie"] = cookie }
   post_headers = { ["Cookie"] = cookie, ["X-CSRF-Token"] = csrf,
                    ["Content-Type"] = "application/json" }
   login_headers = { ["Content-Type"] = "application/json" }
   lists = {
      "/api/v1/stations",
      "/api/v1/stations?region=" .. region .. "&limit=20",
      "/api/v1/stations?status=active&sort=name&limit=50",
      "/api/v1/stations?type=township_station&status=active&page=2&limit=5",
      "/api/v1/stations?sort=id&order=desc&limit=10",
      "/api/v1/stations?region=" .. region .. "001&limit=20",
   }
   regions = {
      "/api/v1/regions?parent=" .. region,
      "/api/v1/regions?parent=" .. region .. "001",
      "/api/v1/regions/" .. region,
   }
end

local function count(kind)
   kinds[kind] = (kinds[kind] or 0) + 1
end

function request()
   n = n + 1
   if login_interval > 0 and os.time() >= next_login then
      next_login = os.time() + login_interval
      count("login")
      return wrk.format("POST", "/api/v1/session", login_headers, login_body)
   end
   local r = math.random(100)
   if r <= 30 then
      count("stations list")
      return wrk.format("GET", lists[math.random(#lists)], get_headers)
   elseif r <= 55 then
      count("station")
      return wrk.format("GET", "/api/v1/stations/" .. math.random(stations),
                        get_headers)
   elseif r <= 67 then
      count("regions")
      return wrk.format("GET", regions[math.random(#regions)], get_headers)
   elseif r <= 75 then
      count("session")
      return wrk.format("GET", "/api/v1/session", get_headers)
   elseif r <= 80 then
      count("dictionaries")
      return wrk.format("GET", "/api/v1/dictionaries", get_headers)
   elseif r <= 85 then
      count("notices list")
      return wrk.format("GET", "/api/v1/notices?limit=20", get_headers)
   else
      count("notice create")
      local body = string.format(
         '{"title":"soak %d-%d","body":"%s"}', tid, n,
         string.rep("通知内容 ", math.random(5, 60)))
      return wrk.format("POST", "/api/v1/notices", post_headers, body)
   end
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   if (status < 200 or status > 299) and #samples < 5 then
      table.insert(samples, status .. " " .. string.sub(body or "", 1, 200))
   end
end

function done(summary, latency, requests)
   local st, ks, bad = {}, {}, {}
   for _, t in ipairs(threads) do
      for k, v in pairs(t:get("statuses") or {}) do st[k] = (st[k] or 0) + v end
      for k, v in pairs(t:get("kinds") or {}) do ks[k] = (ks[k] or 0) + v end
      for _, s in ipairs(t:get("samples") or {}) do
         if #bad < 10 then table.insert(bad, s) end
      end
   end
   local non2xx = 0
   local keys = {}
   for k in pairs(st) do table.insert(keys, k) end
   table.sort(keys)
   for _, k in ipairs(keys) do
      io.write(string.format("soak-status %d %d\n", k, st[k]))
      if k < 200 or k > 299 then non2xx = non2xx + st[k] end
   end
   local names = {}
   for k in pairs(ks) do table.insert(names, k) end
   table.sort(names)
   for _, k in ipairs(names) do
      io.write(string.format("soak-kind %s|%d\n", k, ks[k]))
   end
   for _, s in ipairs(bad) do
      io.write("soak-bad " .. string.gsub(s, "\n", " ") .. "\n")
   end
   local e = summary.errors
   io.write(string.format(
      "soak-summary requests=%d seconds=%.1f non2xx=%d connect=%d read=%d write=%d timeout=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
      summary.requests, summary.duration / 1e6, non2xx, e.connect, e.read,
      e.write, e.timeout, latency:percentile(50) / 1000,
      latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000))
end
