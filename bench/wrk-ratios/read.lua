-- A warm read: GET /v1/objects/{id} of one of the objects run.sh created, seeded and read once.
package.path = os.getenv("WRK_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local objects = common.objects()

function init(args)
  common.authorize()
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

function request()
  return wrk.format("GET", "/v1/objects/o-" .. math.random(0, objects - 1))
end

function done(summary, latency, requests)
  common.done(summary, latency, 0)
end
