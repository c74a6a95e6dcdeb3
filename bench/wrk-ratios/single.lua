-- Single-event ingest: POST /v1/events, one declared event on a random object; with PADIC_KEYED=1 each carries its
-- own Idempotency-Key (a claim on the key, and on the pin, besides the event: more documents per event).
package.path = os.getenv("WRK_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local objects = common.objects()
local keyed = os.getenv("PADIC_KEYED") == "1"
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
  if not keyed then
    return wrk.format("POST", "/v1/events", nil, body)
  end
  return wrk.format("POST", "/v1/events", common.headers({ ["Idempotency-Key"] = prefix .. "-" .. sent }), body)
end

function done(summary, latency, requests)
  common.done(summary, latency, 1)
end
