-- The trivial endpoint: what the HTTP stack alone costs.
package.path = os.getenv("WRK_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

-- The same request() as the reads (common.cycle), so the client spends as much on each request of either.
local next_request

function init(args)
  next_request = common.cycle({ wrk.format("GET") })
end

-- Defined when the script loads: wrk calls request() only if it exists then.
function request()
  return next_request()
end

function done(summary, latency, requests)
  common.done(summary, latency, 0)
end
