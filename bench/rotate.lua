-- wrk script for bench/load.py: send the requests of a file in turn, check every answer.
--
--   wrk -tTHREADS -s bench/rotate.lua http://127.0.0.1:PORT -- REQUESTS_FILE MARKER THREADS [strict]
--
-- REQUESTS_FILE has one request per line (METHOD, TAB, path[, TAB, JSON body[, TAB, marker[,
-- TAB, header ...]]]); a good response has status 200 and contains MARKER (a page heading, a
-- JSON key) and, with "strict", the line's own marker (the page's language): then run it
-- with one connection per thread, so each response belongs to the request its thread sent
-- last. The threads
-- start evenly spread over the file, so the connections do not all ask the same thing at
-- once, and a file of distinct requests stays distinct until a thread reaches the next
-- thread's start.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "common.lua")

local items, markers, marker, position, expected, strict

function init(args)
  items, markers = read_requests(args[1])
  marker = args[2]
  strict = args[4] == "strict"
  local threads = tonumber(args[3]) or 1
  position = math.floor(((thread_number or 1) - 1) * #items / threads)
end

function request()
  position = position % #items + 1
  expected = strict and markers[position] or marker
  return items[position]
end

function response(status, headers, body)
  if status ~= 200 or not body:find(marker, 1, true) or not body:find(expected, 1, true) then
    note_wrong(status, body)
  end
end
