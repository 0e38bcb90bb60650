-- Shared by the load benchmark's wrk scripts (which bench/load.py runs); each loads it with dofile.
--
-- Every response is checked by the script that loads this file; a wrong one is counted with
-- note_wrong(). wrk keeps one Lua state per thread, so done() (in the main state) adds up the
-- threads' counters and prints one machine-readable line that load.py parses:
--   BENCH requests=... duration_us=... p50_us=... p99_us=... wrong=... runs=... run_requests=...

local threads = {}

wrong = 0 -- responses that were not 200 or not the page expected
runs = 0 -- complete wizard runs (the wizard script counts them)
run_requests = 0 -- the requests those complete runs took
first_wrong = "" -- what the first wrong response looked like, for the report

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function note_wrong(status, body)
  wrong = wrong + 1
  if first_wrong == "" then
    local excerpt = (body or ""):sub(1, 160):gsub("%s+", " ")
    first_wrong = tostring(status) .. " " .. excerpt
  end
end

-- Read a file of requests, one per line: METHOD, TAB, path[, TAB, JSON body[, TAB, the text
-- the answer must hold instead of the script's marker[, TAB, a header "Name: value" ...]]].
-- Returns the requests and, per request, its own marker (or nil).
function read_requests(path)
  local items, markers = {}, {}
  for line in io.lines(path) do
    local fields = {}
    for field in (line .. "\t"):gmatch("([^\t]*)\t") do
      table.insert(fields, field)
    end
    local method, target, body, marker = fields[1], fields[2], fields[3], fields[4]
    if method and method:match("^%u+$") and target and target ~= "" then
      local headers = {}
      if body == nil or body == "" then
        body = nil
      else
        headers["Content-Type"] = "application/json"
      end
      for i = 5, #fields do
        local name, value = fields[i]:match("^([^:]+): (.*)$")
        if name then
          headers[name] = value
        end
      end
      table.insert(items, wrk.format(method, target, headers, body))
      table.insert(markers, marker ~= "" and marker or false)
    end
  end
  assert(#items > 0, "no requests in " .. path)
  return items, markers
end

function done(summary, latency, requests)
  local total_wrong, total_runs, total_run_requests, example = 0, 0, 0, ""
  for _, thread in ipairs(threads) do
    total_wrong = total_wrong + (thread:get("wrong") or 0)
    total_runs = total_runs + (thread:get("runs") or 0)
    total_run_requests = total_run_requests + (thread:get("run_requests") or 0)
    local seen = thread:get("first_wrong")
    if example == "" and seen and seen ~= "" then
      example = seen
    end
  end
  local errors = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d "
      .. "connect=%d read=%d write=%d status=%d timeout=%d wrong=%d runs=%d run_requests=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, total_wrong, total_runs, total_run_requests
  ))
  io.write("BENCH_EXAMPLE " .. example .. "\n")
end
