-- Read after append: each connection appends an event to an object, and once that is acknowledged reads the object
-- (the read folds the new event onto the cached state). Both requests count; events per request is one half.
package.path = os.getenv("WRK_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local objects = common.objects()
local appended = {}
local pending_read = nil
local sent = 0

function init(args)
  common.authorize()
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

function request()
  if #appended > 0 then
    pending_read = table.remove(appended)
    return wrk.format("GET", "/v1/objects/" .. pending_read)
  end
  sent = sent + 1
  local body = string.format('{"type":"tick","concerns":"o-%d","metaData":{"n":%d}}', math.random(0, objects - 1), sent)
  return wrk.format("POST", "/v1/events", nil, body)
end

function response(status, headers, body)
  if status == 201 then
    local object = body:match('"objectId":"([^"]+)"')
    if object then
      table.insert(appended, object)
    end
  end
end

function done(summary, latency, requests)
  common.done(summary, latency, 0)
end
