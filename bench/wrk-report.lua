-- Shared by the wrk scripts of bench/load.sh: after the run, print one machine-readable line.
--   RESULT requests=<n> seconds=<s> rps=<r> p50_ms=<x> p99_ms=<x> max_ms=<x> http_errors=<n> socket_errors=<n>
-- http_errors are responses with status >= 400 (wrk's own count); socket_errors are connect + read + write + timeout.
local report = {}

function report.done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f http_errors=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end

return report
