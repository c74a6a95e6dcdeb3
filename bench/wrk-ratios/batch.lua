-- Batch ingest: POST /v1/events/batch with PADIC_BATCH events of type PADIC_TYPE over the objects: "tick" is declared
-- (valid events), an undeclared type is stored and flagged as a violation (the project flags undeclared types).
package.path = os.getenv("WRK_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local objects = common.objects()
local size = tonumber(os.getenv("PADIC_BATCH") or "500")
local kind = os.getenv("PADIC_TYPE") or "tick"
local bodies = {}
local next_body = 0

function init(args)
  common.authorize()
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
  -- Building 500 events costs the client; a few prepared bodies, sent in turn, keep that out of the figures.
  for b = 1, 8 do
    local items = {}
    for i = 1, size do
      items[i] = string.format('{"type":"%s","concerns":"o-%d","metaData":{"n":%d}}', kind,
        math.random(0, objects - 1), i)
    end
    bodies[b] = '{"events":[' .. table.concat(items, ",") .. ']}'
  end
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/v1/events/batch", nil, bodies[next_body])
end

function done(summary, latency, requests)
  common.done(summary, latency, size)
end
