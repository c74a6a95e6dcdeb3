-- A warm read: GET /v1/objects/{id} of one of the objects stack.sh created, seeded and read once. PADIC_PREFIX picks
-- which of them: "r-" (run.sh) are never written by a phase, so they stay warm from round to round; "o-" (the
-- default, as soak.sh reads) are the objects the writes go to.
package.path = os.getenv("WRK_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local objects = common.objects()
local prefix = os.getenv("PADIC_PREFIX") or "o-"

local next_request

function init(args)
  common.authorize()
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
  -- Each object once, in an order of this thread's own.
  local order = {}
  for i = 0, objects - 1 do
    table.insert(order, math.random(#order + 1), i)
  end
  local requests = {}
  for _, i in ipairs(order) do
    requests[#requests + 1] = wrk.format("GET", "/v1/objects/" .. prefix .. i)
  end
  next_request = common.cycle(requests)
end

-- Defined when the script loads: wrk calls request() only if it exists then.
function request()
  return next_request()
end

function done(summary, latency, requests)
  common.done(summary, latency, 0)
end
