-- PATCH /v1/action-items/{id} with If-Match naming the item's current version, as a careful client does.
--
-- The items are pre-created (bench/run.py writes "id version" lines to BENCH_PATCH_ITEMS, read fresh from
-- the database before each run). Each wrk thread takes its share and keeps every item's ETag up to date
-- from the responses (the ETag header, and the id in the body). An item is sent again only after its
-- previous answer arrived, so no request is refused as stale: every request is a real change (200, version
-- bumped, audited). There are several items per connection, so a connection never waits for an item.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

local idle = {}       -- ids ready to be patched, in order
local etags = {}      -- id -> current ETag
local counter = 0
wrk.method = "PATCH"
wrk.headers["Content-Type"] = "application/json"

function init(args)
   local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
   local n = 0
   for line in io.lines(os.getenv("BENCH_PATCH_ITEMS")) do
      local id, version = line:match("^(%S+)%s+(%d+)$")
      if id and n % threads == thread_index then
         idle[#idle + 1] = id
         etags[id] = '"' .. version .. '"'
      end
      n = n + 1
   end
end

function request()
   local id = table.remove(idle, 1)
   if id == nil then  -- every item in flight or lost to an error answer: reuse one (it may be refused, 412)
      id = next(etags)
   end
   counter = counter + 1
   local headers = {}
   for k, v in pairs(wrk.headers) do headers[k] = v end
   headers["If-Match"] = etags[id]
   local body = string.format('{"owner":"Bench owner %d"}', counter)
   return wrk.format(nil, "/v1/action-items/" .. id, headers, body)
end

function response(status, headers, body)
   local id = body:match('"id":"([0-9a-f%-]+)"')
   if id and etags[id] then
      etags[id] = headers["etag"] or headers["ETag"] or etags[id]
      idle[#idle + 1] = id
   end
end
