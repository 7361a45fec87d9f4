-- wrk reporter that also counts responses by status class across all threads (2xx, 429,
-- other 4xx, 5xx), for the abuse checks where 429 is the expected answer.
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

ok, limited, other, failed = 0, 0, 0, 0

response = function(status, headers, body)
  if status >= 500 then
    failed = failed + 1
  elseif status == 429 then
    limited = limited + 1
  elseif status < 400 then
    ok = ok + 1
  else
    other = other + 1
  end
end

done = function(summary, latency, requests)
  local counts = {ok = 0, limited = 0, other = 0, failed = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(counts) do
      counts[name] = counts[name] + (thread:get(name) or 0)
    end
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, "p50_ms": %.3f, "p95_ms": %.3f, ' ..
    '"p99_ms": %.3f, "max_ms": %.3f, "connect": %d, "read": %d, "write": %d, "timeout": %d, ' ..
    '"ok": %d, "limited": %d, "other_4xx": %d, "5xx": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.timeout,
    counts.ok, counts.limited, counts.other, counts.failed))
end
