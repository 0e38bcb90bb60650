-- wrk script for bench/load.py: rotate.lua without reading the answers.
--
--   wrk -tTHREADS -s bench/rotate_unread.lua http://127.0.0.1:PORT -- REQUESTS_FILE MARKER THREADS
--
-- On two cores wrk shares the CPUs with the servers it measures, and handing every answer's
-- body to Lua costs wrk more than nginx spends serving a cached page. Without a response()
-- function wrk does not read bodies at all: it counts every status of 400 or above itself
-- (load.py counts those as errors), and the warm-up run before it, with rotate.lua and
-- "strict", has checked every answer's page and language.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "rotate.lua")
response = nil
