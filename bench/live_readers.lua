-- Open live pages for bench/live.py: each wrk thread stands for LIVE_READERS / LIVE_THREADS
-- readers, each polling LIVE_PATH?since=<the version its last answer brought> every
-- LIVE_INTERVAL seconds, as static/js/liveblog.js does. The thread's polls are spread over
-- fixed slots (readers / interval per second), so the offered rate does not depend on how many
-- connections carry it or how fast they answer; a connection that falls behind its slot sends
-- at once, so a slow proxy shows as an achieved rate below the offered one.
--
-- A thread cannot tell which of its readers an answer belongs to (wrk does not say which
-- connection answered), so a reader moves to the newest version the thread has seen when it
-- polls: what its answer carries, give or take one update that lands in between (the reader
-- then asks it again, as a real one would have). LIVE_BEHIND_SHARE of polls come from readers
-- further behind (a tab coming back into view): a few versions older, rarely many.
-- Env: LIVE_PATH, LIVE_READERS, LIVE_THREADS, LIVE_INTERVAL (s), LIVE_VERSION (the version
-- every reader starts at), LIVE_BEHIND_SHARE.
local ffi = require("ffi")
ffi.cdef([[
  typedef struct { long tv_sec; long tv_usec; } live_timeval;
  int gettimeofday(live_timeval *tv, void *tz);
]])
local tv = ffi.new("live_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end

local path = os.getenv("LIVE_PATH")
local threads_total = tonumber(os.getenv("LIVE_THREADS") or "1")
local readers_total = tonumber(os.getenv("LIVE_READERS") or "1000")
local interval_ms = 1000 * tonumber(os.getenv("LIVE_INTERVAL") or "2")
local behind_share = tonumber(os.getenv("LIVE_BEHIND_SHARE") or "0")

local versions = {}
local readers = 1
local turn = 0
local latest = 0
local slot_ms = 1
local next_slot = 0
-- Read back by done() through thread:get (each thread has its own Lua state).
answers, hits, misses, passes, other_cache, not_ok, behind_polls = 0, 0, 0, 0, 0, 0, 0

local threads = {}
setup = function(thread)
  threads[#threads + 1] = thread
  thread:set("thread_id", #threads)
end

init = function(args)
  math.randomseed(1900 + (thread_id or 0))
  readers = math.max(1, math.floor(readers_total / threads_total))
  latest = tonumber(os.getenv("LIVE_VERSION") or "0")
  for i = 1, readers do
    versions[i] = latest
  end
  slot_ms = interval_ms / readers
  -- Threads start at different points of their round so their slots interleave.
  next_slot = now_ms() + math.random() * slot_ms
end

delay = function()
  local wait = next_slot - now_ms()
  next_slot = next_slot + slot_ms
  if wait < 0 then
    return 0
  end
  return math.floor(wait + 0.5)
end

request = function()
  turn = turn % readers + 1
  local since = versions[turn]
  if behind_share > 0 and math.random() < behind_share then
    -- Mostly a few versions behind, now and then dozens (capped at 100).
    since = math.max(0, latest - 1 - math.min(100, math.floor(-math.log(1 - math.random()) * 5)))
    behind_polls = behind_polls + 1
  end
  versions[turn] = latest
  return wrk.format("GET", path .. "?since=" .. since)
end

response = function(status, headers, body)
  answers = answers + 1
  if status ~= 200 then
    not_ok = not_ok + 1
    return
  end
  local cache = headers["X-Proxy-Cache"]
  if cache == "HIT" then
    hits = hits + 1
  elseif cache == "MISS" then
    misses = misses + 1
  elseif cache == "PASS" then
    passes = passes + 1
  else
    other_cache = other_cache + 1
  end
  local version = tonumber(string.match(body, '"version":%s*(%d+)'))
  if version and version > latest then
    latest = version
  end
end

done = function(summary, latency, requests)
  local totals = { answers = 0, hits = 0, misses = 0, passes = 0, other_cache = 0, not_ok = 0,
    behind_polls = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"answers": %d, "hits": %d, "misses": %d, "passes": %d, "other_cache": %d, "not_ok": %d, ' ..
    '"behind_polls": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(99), latency.max,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout,
    totals.answers, totals.hits, totals.misses, totals.passes, totals.other_cache,
    totals.not_ok, totals.behind_polls))
end
