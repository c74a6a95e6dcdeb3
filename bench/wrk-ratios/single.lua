-- Single-event ingest: POST /v1/events, one declared event on a random object, each with its own Idempotency-Key.
package.path = os.getenv("WRK_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local objects = common.objects()
local prefix
local sent = 0

function init(args)
  common.authorize()
  prefix = "s-" .. os.time() .. "-" .. tostring({}):sub(8)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

function request()
  sent = sent + 1
  local body = string.format('{"type":"tick","concerns":"o-%d","metaData":{"n":%d}}',
    math.random(0, objects - 1), sent)
  return wrk.format("POST", "/v1/events", common.headers({ ["Idempotency-Key"] = prefix .. "-" .. sent }), body)
end

function done(summary, latency, requests)
  common.done(summary, latency, 1)
end
