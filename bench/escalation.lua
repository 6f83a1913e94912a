-- wrk script for rule evaluation on incident changes: every request is a
-- PATCH /api/v1/incidents/{id} of a different incident, still at version 1
-- (If-Match: "1"), setting personal_data, so every request is one real
-- change and the escalation rules are evaluated once per request. Thread
-- k of n takes ids ESC_FIRST + k, + n, + 2n ... (no two requests share an
-- incident). ESC_THREADS must equal wrk's -t: a thread starts before the
-- next one is set up, so the stride cannot be learned in setup(). Past the
-- last incident the answers are 404s (reported as non2xx).
local token = os.getenv("WRK_TOKEN")
local first = tonumber(os.getenv("ESC_FIRST") or "1")
local nthreads = tonumber(os.getenv("ESC_THREADS") or "1")
local count = 0
index = 0 -- set per thread by setup() (a global: thread:set writes globals)
local next_id = nil

setup = function(thread)
  thread:set("index", count)
  count = count + 1
end

request = function()
  if next_id == nil then next_id = first + index end
  local id = next_id
  next_id = next_id + nthreads
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json",
                    ["If-Match"] = '"1"' }
  return wrk.format("PATCH", "/api/v1/incidents/" .. id, headers, '{"personal_data":true}')
end

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT rps=%.1f p50=%.2f p95=%.2f p99=%.2f requests=%d non2xx=%d errors=%d\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
