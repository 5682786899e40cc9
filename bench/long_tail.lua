-- Long-tail readers for bench/publishing_day.py: every request is for a random path of the
-- file named by BENCH_LONG_TAIL_PATHS (one a line); at the end the run's latency
-- distribution (below) goes to BENCH_LONG_TAIL_QUANTILES, so that the runs of consecutive
-- slices can be pooled.
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
  -- Each percentile() scans wrk's per-microsecond counts from the fastest answer up, so
  -- ask for few: every 1% to 98%, then every 0.1%. Each line: the share of the requests
  -- it stands for (percent) and the latency (microseconds) at its middle.
  local out = io.open(os.getenv("BENCH_LONG_TAIL_QUANTILES"), "w")
  for i = 0, 97 do
    out:write(string.format("1 %d\n", latency:percentile(i + 0.5)))
  end
  for i = 0, 19 do
    out:write(string.format("0.1 %d\n", latency:percentile(98.05 + i / 10)))
  end
  out:close()
end
