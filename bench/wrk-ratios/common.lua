-- Shared by the scripts of run.sh: the API key from the environment, and one JSON line of figures at the end,
-- which run.sh reads (wrk's own text report is for people).
local common = {}

function common.authorize()
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("PADIC_KEY")
  wrk.headers["Content-Type"] = "application/json"
end

-- wrk.format uses the headers it is given instead of wrk.headers, so extra headers carry the common ones along.
function common.headers(extra)
  local all = {}
  for name, value in pairs(wrk.headers) do all[name] = value end
  for name, value in pairs(extra) do all[name] = value end
  return all
end

-- A request() that hands out requests formatted once, in init(), in turn. Every read phase and the trivial endpoint
-- use it, so wrk spends the same on each request of either: formatting a request per call in Lua cost wrk about as
-- much CPU as platform-api spends on a warm read, on the same two cores, and only on the side that did it.
function common.cycle(requests)
  local i = 0
  return function()
    i = i % #requests + 1
    return requests[i]
  end
end

function common.objects()
  return tonumber(os.getenv("PADIC_OBJECTS") or "256")
end

-- Answers that are not 2xx count as errors ("status"); events per request lets run.sh report events/s.
function common.done(summary, latency, events_per_request)
  local e = summary.errors
  io.write(string.format(
    'FIGURES {"requests":%d,"seconds":%.3f,"p50_ms":%.3f,"p99_ms":%.3f,"errors":%d,"events_per_request":%d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, events_per_request or 0))
end

return common
