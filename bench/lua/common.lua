-- Shared by every bench script: number the threads, and report the run as one JSON line for bench/run.py.
local threads = 0

function setup(thread)
   thread:set("thread_index", threads)
   threads = threads + 1
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,'
      .. '"mean_us":%.1f,"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_status":%d,'
      .. '"errors_timeout":%d}\n',
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
      latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout))
end
