-- POST a file (BENCH_FILE) as the body with BENCH_CONTENT_TYPE: the import dry run, which stores nothing.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

local file = assert(io.open(os.getenv("BENCH_FILE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE") or "text/csv"
