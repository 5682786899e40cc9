-- Long-tail readers for bench/publishing_day.py: every request is for a random path of the
-- file named by BENCH_LONG_TAIL_PATHS (one a line); at the end the run's latency at every
-- tenth of a percent (microseconds, one a line) goes to BENCH_LONG_TAIL_QUANTILES, so that
-- the runs of consecutive slices can be pooled.
local paths = {}
for line in io.lines(os.getenv("BENCH_LONG_TAIL_PATHS")) do
  paths[#paths + 1] = line
end
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  -- Each thread, and each slice, its own sequence.
  math.randomseed(os.time() * 100 + id)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local out = io.open(os.getenv("BENCH_LONG_TAIL_QUANTILES"), "w")
  for i = 1, 1000 do
    out:write(string.format("%d\n", latency:percentile(i / 10)))
  end
  out:close()
end
