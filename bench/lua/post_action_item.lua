-- POST /v1/action-items: a new item of BENCH_AUTHORITY per request, each with its own Idempotency-Key
-- (a well-behaved client sends one; it costs the service a reservation row in the same transaction).
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

local authority = os.getenv("BENCH_AUTHORITY")
local run = os.getenv("BENCH_RUN_ID") or tostring(os.time())
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function request()
   counter = counter + 1
   local headers = {}
   for k, v in pairs(wrk.headers) do headers[k] = v end
   headers["Idempotency-Key"] = string.format("bench-%s-%d-%d", run, thread_index, counter)
   local body = string.format(
      '{"authority_code":"%s","title":"Bench action %d-%d","owner":"Bench","due_on":"2031-03-31"}',
      authority, thread_index, counter)
   return wrk.format(nil, nil, headers, body)
end
