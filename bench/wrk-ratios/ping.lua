-- The trivial endpoint: what the HTTP stack alone costs.
package.path = os.getenv("WRK_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

function done(summary, latency, requests)
  common.done(summary, latency, 0)
end
