-- A plain GET of the URL given to wrk (headers from -H).
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")
