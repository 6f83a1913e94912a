-- wrk script for the alert webhook: every request carries ALERT_BATCH
-- alerts (1 = a single alert object, more = {"alerts": [...]}), each with a
-- source_ref unique across threads and requests, so every alert creates a
-- report (the expensive path) instead of folding into an earlier one.
local token = os.getenv("WRK_TOKEN")
local batch = tonumber(os.getenv("ALERT_BATCH") or "1")
local run = os.getenv("ALERT_RUN") or "r"
local threads = {}
local counter = 0
tag = "t" -- set per thread by setup() (a global: thread:set writes globals)

setup = function(thread)
  thread:set("tag", run .. "-" .. #threads)
  table.insert(threads, thread)
end

local function one(n)
  return string.format(
    '{"source":"bench-siem","source_ref":"%s-%d","title":"C2通信の疑い (benchmark) 198.51.100.%d",' ..
    '"description":"端末 pc-%d から c2-%d.example.com へ定期通信を検知\\nルール: beacon",' ..
    '"severity":"high","observed_at":"2026-03-01T10:00:00+09:00",' ..
    '"observables":[{"type":"ipv4","value":"203.0.113.%d"}],"raw":{"rule":"beacon","n":%d}}',
    tag, n, n % 250, n, n % 1000, n % 250, n)
end

request = function()
  local body
  if batch <= 1 then
    counter = counter + 1
    body = one(counter)
  else
    local parts = {}
    for i = 1, batch do
      counter = counter + 1
      parts[i] = one(counter)
    end
    body = '{"alerts":[' .. table.concat(parts, ",") .. ']}'
  end
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  return wrk.format("POST", "/api/v1/alerts", headers, body)
end

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT rps=%.1f p50=%.2f p95=%.2f p99=%.2f requests=%d non2xx=%d errors=%d\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
