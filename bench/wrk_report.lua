-- wrk script for bench/load.py: counts non-2xx responses by status (wrk itself counts only status >= 400) and
-- prints one machine-readable line at the end:
--   WRK_REPORT {"requests": ..., "duration_s": ..., "p50_ms": ..., "p95_ms": ..., "p99_ms": ..., ...}
-- Latencies above wrk's --timeout are not in the histogram; wrk counts them as timeouts (socket errors).

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   non2xx = 0
   statuses = {}  -- non-2xx responses by status code, e.g. {["302"] = 169}
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
      local key = tostring(status)
      statuses[key] = (statuses[key] or 0) + 1
   end
end

function done(summary, latency, requests)
   local non2xx_total, by_status = 0, {}
   for _, thread in ipairs(threads) do
      non2xx_total = non2xx_total + (thread:get("non2xx") or 0)
      for status, count in pairs(thread:get("statuses") or {}) do
         by_status[status] = (by_status[status] or 0) + count
      end
   end
   local statuses = {}
   for status, count in pairs(by_status) do
      table.insert(statuses, string.format('"%s": %d', status, count))
   end
   local e = summary.errors
   local fields = {
      string.format('"requests": %d', summary.requests),
      string.format('"duration_s": %.3f', summary.duration / 1e6),
      string.format('"bytes": %d', summary.bytes),
      string.format('"p50_ms": %.2f', latency:percentile(50) / 1e3),
      string.format('"p95_ms": %.2f', latency:percentile(95) / 1e3),
      string.format('"p99_ms": %.2f', latency:percentile(99) / 1e3),
      string.format('"max_ms": %.2f', latency.max / 1e3),
      string.format('"mean_ms": %.2f', latency.mean / 1e3),
      string.format('"non2xx": %d', non2xx_total),
      '"non2xx_by_status": {' .. table.concat(statuses, ", ") .. '}',
      string.format('"status_errors": %d', e.status),
      string.format('"socket_errors": %d', e.connect + e.read + e.write + e.timeout),
      string.format('"connect": %d, "read": %d, "write": %d, "timeout": %d', e.connect, e.read, e.write, e.timeout),
   }
   io.write("WRK_REPORT {" .. table.concat(fields, ", ") .. "}\n")
end
