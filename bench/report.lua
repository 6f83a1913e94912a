-- wrk script: optional POST body from the environment, and a one-line
-- machine-readable summary (req/s and latency percentiles in ms).
local method = os.getenv("WRK_METHOD")
local body = os.getenv("WRK_BODY")
local token = os.getenv("WRK_TOKEN")
local paths = os.getenv("WRK_PATHS")
local list = {}
if paths then
  for p in string.gmatch(paths, "[^ ]+") do list[#list + 1] = p end
end
local i = 0

request = function()
  local headers = { ["Authorization"] = "Bearer " .. token }
  if body then headers["Content-Type"] = "application/json" end
  local path = nil
  if #list > 0 then
    i = i + 1
    path = list[(i % #list) + 1]
  end
  return wrk.format(method or "GET", path, headers, body)
end

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  local non2xx = summary.errors.status
  io.write(string.format("RESULT rps=%.0f p50=%.2f p95=%.2f p99=%.2f requests=%d non2xx=%d errors=%d\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests, non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
