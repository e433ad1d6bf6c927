-- The comment-posting mix for bench/comments.py: nine reads of the story's thread fragment for
-- every comment posted, each post from one of the bench members' sessions with a new text.
-- Env: COMMENTS_THREAD (path), COMMENTS_POST (path), COMMENTS_SESSIONS (comma-separated
-- session keys), COMMENTS_CSRF (the csrftoken cookie, also sent as the form token).
local thread = os.getenv("COMMENTS_THREAD")
local post = os.getenv("COMMENTS_POST")
local csrf = os.getenv("COMMENTS_CSRF")
local sessions = {}
for key in string.gmatch(os.getenv("COMMENTS_SESSIONS") or "", "[^,]+") do
  sessions[#sessions + 1] = key
end
local n = 0
local salt = "0"

-- Each wrk thread has its own Lua state: number them, so two threads never post the same text
-- (the duplicate rule would refuse it), and add the start time so a rerun does not either.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

init = function(args)
  salt = tostring(thread_id or 0) .. "t" .. tostring(os.time())
end

request = function()
  n = n + 1
  if n % 10 ~= 0 or #sessions == 0 then
    return wrk.format("GET", thread)
  end
  local session = sessions[(n / 10) % #sessions + 1]
  local body = "csrfmiddlewaretoken=" .. csrf .. "&body=Bench+comment+" .. salt .. "+" .. n ..
    "+on+the+harbour+bridge+and+what+it+means+for+the+town"
  return wrk.format("POST", post, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "sessionid=" .. session .. "; csrftoken=" .. csrf,
  }, body)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"mean_us": %.1f, "max_us": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max, summary.bytes,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
