-- wrk script: GET /recommend/<random user>?k=10 and count non-2xx answers.
--
--   wrk -t2 -c32 -d30s --latency -s benchmarks/http/recommend.lua http://127.0.0.1:8080
--
-- USERS (environment) sets the largest user id (default 6040, the MovieLens-1M shape); K sets k.
-- TARGET=healthz asks GET /healthz instead (the HTTP stack alone, for side-by-side runs).
-- wrk's own "Non-2xx or 3xx responses" line leaves out 3xx; the count printed by done() is every
-- answer whose status is not 2xx, plus socket errors (connect, read, write, timeout).

local users = tonumber(os.getenv("USERS") or "6040")
local k = tonumber(os.getenv("K") or "10")
local healthz = os.getenv("TARGET") == "healthz"
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  responses = 0
  math.randomseed(os.time() * 1000 + seed)
end

function request()
  if healthz then
    return wrk.format("GET", "/healthz")
  end
  return wrk.format("GET", "/recommend/" .. math.random(1, users) .. "?k=" .. k)
end

function response(status, headers, body)
  responses = responses + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if non2xx <= 5 then
      io.stderr:write("non-2xx " .. status .. ": " .. string.sub(body or "", 1, 200) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local bad, seen = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
    seen = seen + t:get("responses")
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency us: p50 %d, p90 %d, p99 %d, p99.9 %d, max %d\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
  io.write(string.format("responses: %d, non-2xx: %d, socket errors: %d\n", seen, bad, socket))
end
