-- wrk script for bench/load.py: complete wegwijzer runs, made the way a browser makes them.
--
--   wrk -t50 -c50 -s bench/wizard.lua http://127.0.0.1:PORT -- SCENARIOS_FILE
--
-- A run is GET /wegwijzer/ (a new session: its cookie and form token), POST /wegwijzer/stap
-- to start, one POST /wegwijzer/stap per page with the page's radio answers and every hidden
-- field of its form, and from the check page POST /wegwijzer/advies. SCENARIOS_FILE has one
-- case per line as "id=value&id=value"; a question the case does not answer gets "unknown".
-- Every response is checked: status 200 and the page the flow expects (the step form's Volgende button,
-- the check page's heading, the advice page's heading). A wrong page counts as an error and
-- starts a new run.
--
-- wrk keeps one Lua state per thread, and the state below belongs to one connection: run it
-- with as many threads as connections. request() only reads the state (wrk calls it once
-- more to check the script); response() moves the run on.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "common.lua")

local START, BEGIN, STEP, CHECK = "start", "begin", "step", "check"
local MAX_PAGES = 80 -- more than the vocabulary has questions
local FORM = "application/x-www-form-urlencoded"
local unpack = table.unpack or unpack

local scenarios = {}
local chosen = 0
local answers, state, cookie, token, fields, radios, pages, answered

local function urlencode(text)
  return (text:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", c:byte())
  end))
end

local function unescape(text)
  local entities = { amp = "&", lt = "<", gt = ">", quot = '"', ["#34"] = '"', ["#39"] = "'" }
  return (text:gsub("&(#?%w+);", function(name)
    return entities[name] or ("&" .. name .. ";")
  end))
end

local function new_run()
  chosen = chosen % #scenarios + 1
  answers = scenarios[chosen]
  state, cookie, token, fields, radios, pages, answered = START, nil, nil, {}, {}, 0, 0
end

local function fail(status, body)
  note_wrong(state .. ": " .. tostring(status), body)
  new_run()
end

-- Keep the wizard form's hidden fields (token, earlier answers, the page's questions) and its
-- questions.
local function read_form(body)
  local start = body:find('id="wizard-form"', 1, true)
  if not start then
    return false
  end
  local form = body:sub(start, body:find("</form>", start, true) or #body)
  local seen = {}
  fields, radios = {}, {}
  for tag in form:gmatch("<input[^>]*>") do
    local kind, name = tag:match('type="([^"]*)"'), tag:match('name="([^"]*)"')
    if name and kind == "hidden" then
      local value = unescape(tag:match('value="([^"]*)"') or "")
      table.insert(fields, urlencode(name) .. "=" .. urlencode(value))
    elseif name and kind == "radio" and not seen[name] then
      seen[name] = true
      table.insert(radios, name)
    end
  end
  return true
end

local function post(path, pairs)
  local headers = { ["Content-Type"] = FORM, Cookie = cookie }
  return wrk.format("POST", path, headers, table.concat(pairs, "&"))
end

function init(args)
  for line in io.lines(args[1]) do
    local case = {}
    for key, value in line:gmatch("([^&=]+)=([^&]*)") do
      case[key] = value
    end
    table.insert(scenarios, case)
  end
  assert(#scenarios > 0, "no scenarios in " .. args[1])
  chosen = (thread_number or 0) % #scenarios
  new_run()
end

function request()
  if state == START then
    return wrk.format("GET", "/wegwijzer/")
  elseif state == BEGIN then
    return post("/wegwijzer/stap", { "csrf_token=" .. urlencode(token), "action=start" })
  elseif state == STEP then
    local pairs = { unpack(fields) }
    for _, name in ipairs(radios) do
      table.insert(pairs, urlencode(name) .. "=" .. urlencode(answers[name] or "unknown"))
    end
    table.insert(pairs, "action=next")
    return post("/wegwijzer/stap", pairs)
  end
  local pairs = { unpack(fields) }
  table.insert(pairs, "action=advice")
  return post("/wegwijzer/advies", pairs)
end

local function after_step(status, body)
  if body:find(">Controleer uw antwoorden</h1>", 1, true) and state == STEP then
    if not read_form(body) then
      return fail(status, body)
    end
    state = CHECK
  elseif body:find('name="action" value="next"', 1, true) and not body:find("error-summary", 1, true) then
    pages = pages + 1
    if not read_form(body) or #radios == 0 or pages > MAX_PAGES then
      return fail(status, body)
    end
    state = STEP
  else
    fail(status, body)
  end
end

function response(status, headers, body)
  answered = answered + 1
  -- Only the last Set-Cookie reaches Lua; Flask sends the session cookie last.
  local set_cookie = headers["Set-Cookie"] or headers["set-cookie"]
  local session = set_cookie and set_cookie:match("^(session=[^;]*)")
  if session then
    cookie = session
  end
  if status ~= 200 then
    return fail(status, body)
  end
  if state == START then
    token = body:match('name="csrf_token" value="([^"]+)"')
    if not token or not cookie or not body:find('name="action" value="start"', 1, true) then
      return fail(status, body)
    end
    state = BEGIN
  elseif state == BEGIN or state == STEP then
    after_step(status, body)
  elseif body:find(">Advies van de wegwijzer</h1>", 1, true) then
    runs = runs + 1
    run_requests = run_requests + answered
    new_run()
  else
    fail(status, body)
  end
end
