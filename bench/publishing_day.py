"""A newsroom that publishes all day (issue 20): long-tail reader traffic on the full data
set while an editor saves one story's standfirst every 10 s, in two serving modes.

    .venv/bin/python bench/publishing_day.py [--code DIR] [--modes redis,nginx,off]
        [--slices 6] [--slice-seconds 10] [--stories 5000] [--save-every 10]

Chooses --stories random published stories (seeded), then for each mode brings up gunicorn
(deploy/gunicorn.conf.py, production settings, the page cache on Redis) alone ("redis") or
behind the recommended nginx cache ("nginx", as bench/serve.py's nginx mode), requests every
chosen story once (the warm-up), and measures two runs of --slices consecutive wrk runs of
--slice-seconds, each request a random story of the choice (bench/long_tail.lua): without
saves, then with bench/standfirst_saver.py saving a different story's standfirst through
the model's save() every --save-every seconds. Each slice: req/s, p50, p99, answers not
2xx/3xx, page renders (bench/render_counter.py, in Redis) and saves; each run its totals;
each mode the ratios the issue targets. Mode "off" (not by default) renders every request
(no page cache, no warm-up, no saves) and measures the minimal view (/bench/minimal/) on the
same gunicorn: what an uncached long-tail story costs against Django's floor.

--code DIR measures another tree of the project (a `git worktree` of an older commit): it
is copied, its bench/ replaced by this checkout's, and gunicorn and the saver run from the
copy. Never part of the test suite; everything it starts is stopped at the end, on an
error, Ctrl-C or SIGTERM too.
"""

import argparse
import concurrent.futures
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
import results
import servers
from publishing_figures import COLUMNS, MODES, RUNS, cells, ratios, totals

LUA = Path(__file__).with_name("long_tail.lua")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", default=str(servers.ROOT), help="the project tree to serve")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/newsroom_perf"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--media-root", help="nginx's /media/ (default an empty folder)")
    parser.add_argument("--modes", default="redis,nginx", help="any of redis,nginx")
    parser.add_argument("--slices", type=int, default=6)
    parser.add_argument("--slice-seconds", type=int, default=10)
    parser.add_argument("--stories", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20, help="of the choice and the saves")
    parser.add_argument("--save-every", type=float, default=10, help="seconds")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--warmup-connections", type=int, default=16)
    parser.add_argument(
        "--workers", type=int, help="gunicorn processes (default: deploy/gunicorn.conf.py's)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--no-page-copies", action="store_true", help="no copies in process")
    parser.add_argument("--no-task-worker", action="store_true", help="no manage.py worker")
    args = parser.parse_args()
    args.modes = args.modes.split(",")
    if set(args.modes) - set(MODES):
        parser.error(f"--modes: choose among {', '.join(MODES)}")
    args.code = Path(args.code).resolve()
    args.max_requests = None  # deploy/gunicorn.conf.py's, as in production
    args.secret_key = secrets.token_urlsafe(50)
    args.cache_prefix = f"bench-day-{int(time.time())}"
    args.renders_key = f"{args.cache_prefix}:bench-renders"
    args.saves_key = f"{args.cache_prefix}:bench-saves"
    return args


def copy_code(args, tmp):
    """The measured tree, copied, with this checkout's bench/ (the WSGI entry that counts
    renders, the saver)."""
    code = servers.snapshot(tmp, args.code)
    shutil.rmtree(code / "bench", ignore_errors=True)
    shutil.copytree(servers.ROOT / "bench", code / "bench", ignore=servers.SNAPSHOT_IGNORE)
    return code


def describe_tree(path):
    """The tree's commit, and how many files differ from it."""
    try:
        head = subprocess.run(
            ["git", "-C", str(path), "log", "-1", "--format=%h %s"],
            capture_output=True, text=True, timeout=30, check=True,
        ).stdout.strip()  # fmt: skip
        changed = subprocess.run(
            ["git", "-C", str(path), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, timeout=30, check=True,
        ).stdout.splitlines()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return f"{path} (not a git tree)"
    return f"{path} at {head[:80]}" + (f" + {len(changed)} changed files" if changed else "")


class Day:
    """The servers of one run of the command, and what they were measured doing."""

    def __init__(self, args, tmp):
        self.args, self.tmp = args, tmp
        self.code = copy_code(args, tmp)
        self.port = servers.free_port()
        self.log = tmp / "gunicorn.log"
        self.env = servers.production_env(args, tmp, self.port, page_cache=True)
        self.env["BENCH_RENDER_COUNTER"] = args.renders_key
        self.redis = redis.Redis.from_url(args.redis_url, socket_timeout=10)
        self.gunicorn = self.nginx = self.saver = None
        self.rows, self.notes = [], []

    def count(self, key):
        return int(self.redis.get(key) or 0)

    def choose(self):
        """The stories (pk, path) and the database's facts, from the measured tree."""
        done = subprocess.run(
            [sys.executable, "-m", "bench.standfirst_saver", "choose"]
            + ["--stories", str(self.args.stories), "--seed", str(self.args.seed)],
            cwd=self.code, env=self.env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        if done.returncode:
            sys.exit(f"Could not choose the stories:\n{done.stderr[-3000:]}")
        (self.tmp / "stories.json").write_text(done.stdout)
        return json.loads(done.stdout)

    def serve(self, mode):
        """gunicorn with the page cache (and nginx in front in nginx mode; none in off
        mode), from a cold cache; the port wrk asks."""
        servers.flush_cache(self.args.redis_url, self.args.cache_prefix)
        env = self.env | ({"NEWSROOM_PAGE_CACHE_SECONDS": "0"} if mode == "off" else {})
        self.gunicorn = servers.Gunicorn(env, self.port, self.log, self.code)
        if not self.args.no_task_worker:
            self.start_task_worker(mode)
        if mode in {"redis", "off"}:
            return self.port
        self.nginx, ports = servers.start_nginx(
            self.tmp, self.port, self.args.media_root, self.code
        )
        return ports["cache"]

    def start_task_worker(self, mode):
        """The task engine's worker, as deploy/newsroom-worker@.service runs it: what a save
        queues (related lists, purges) runs beside the readers, on the same two cores."""
        command = [sys.executable, "manage.py", "worker", "--no-reload", "--queue-name=*"]
        self.task_worker = subprocess.Popen(
            command, cwd=self.code, env=self.env, stdout=subprocess.DEVNULL,
            stderr=open(self.tmp / f"worker-{mode}.log", "w"),  # noqa: SIM115
        )  # fmt: skip

    def stop_servers(self):
        worker, self.task_worker = getattr(self, "task_worker", None), None
        if worker is not None and worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        if self.gunicorn:
            self.gunicorn.stop()
            self.gunicorn = None
        if self.nginx:
            servers.stop_nginx(self.nginx, self.tmp)
            self.nginx = None
            shutil.rmtree(self.tmp / "nginx-cache", ignore_errors=True)

    def check_count(self, port, path):
        """One story requested twice through the cache must be rendered once."""
        before = self.count(self.args.renders_key)
        answers = [servers.get(port, path) for _ in range(2)]
        renders = self.count(self.args.renders_key) - before
        seen = ", ".join(
            f"{status} {headers.get('X-Cache-Status', '')}".strip()
            for status, headers, _ in answers
        )
        line = f"render count check: {path} twice ({seen}): {renders} render(s)"
        print(f"  {line}", flush=True)
        if renders != 1 or any(status != 200 for status, _, _ in answers):
            sys.exit(f"The renders are not counted exactly ({line}); nothing measured.")
        return line

    def warm_up(self, port, paths):
        started = time.monotonic()
        before = self.count(self.args.renders_key)
        workers = self.args.warmup_connections
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            answers = list(pool.map(lambda path: servers.get(port, path, timeout=60), paths))
        bad = sum(status != 200 for status, _, _ in answers)
        # How many of the chosen pages show each story (its tag in their Surrogate-Key):
        # what a save of it may re-render at most. Trees without the header know nothing.
        self.showing = {}
        for _, headers, _ in answers:
            for key in headers.get("Surrogate-Key", "").split():
                if key.startswith("article-"):
                    pk = int(key.removeprefix("article-"))
                    self.showing[pk] = self.showing.get(pk, 0) + 1
        renders = self.count(self.args.renders_key) - before
        seconds = time.monotonic() - started
        line = (
            f"warm-up: {len(paths):,} stories once ({workers} at a time) in {seconds:.0f} s, "
            f"{renders:,} renders" + (f", {bad} not 200" if bad else "")
        )
        print(f"  {line}", flush=True)
        return line

    def start_saver(self, mode):
        command = [sys.executable, "-m", "bench.standfirst_saver", "save"]
        command += ["--stories", str(self.tmp / "stories.json"), "--seed", str(self.args.seed)]
        command += ["--every", str(self.args.save_every), "--counter", self.args.saves_key]
        count = int(self.args.slices * self.args.slice_seconds // self.args.save_every)
        command += ["--count", str(count)]
        self.saver = subprocess.Popen(
            command, cwd=self.code, env=self.env, stdout=subprocess.PIPE,
            stderr=open(self.tmp / f"saver-{mode}.log", "w"), text=True,  # noqa: SIM115
        )  # fmt: skip
        if self.saver.stdout.readline().strip() != "ready":
            self.stop_saver()
            sys.exit(f"The saver did not start: {(self.tmp / f'saver-{mode}.log').read_text()}")

    def stop_saver(self):
        """Stop the saver (it puts the standfirsts back first); its save times in ms."""
        if self.saver is None:
            return []
        saver, self.saver = self.saver, None
        saver.send_signal(signal.SIGTERM)
        try:
            output, _ = saver.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            saver.kill()
            output, _ = saver.communicate()
        saved = [line.split() for line in output.splitlines() if line.startswith("saved")]
        self.saved = [int(words[1]) for words in saved]
        return [float(words[-2]) for words in saved]

    def slices(self, mode, run, port, quantiles):
        args = self.args
        rows = []
        # The minimal view: one address, no script (servers.MINIMAL_PATH).
        path, script = (servers.MINIMAL_PATH, None) if run == "minimal" else ("/", LUA)
        for number in range(1, args.slices + 1):
            renders, saves = self.count(args.renders_key), self.count(args.saves_key)
            restarts = servers.worker_restarts(self.log)
            quantiles.unlink(missing_ok=True)
            began = time.monotonic()
            figures = servers.wrk(
                port, path, connections=args.connections, seconds=args.slice_seconds,
                threads=args.threads, script=script,
            )  # fmt: skip
            found = quantiles.read_text().splitlines() if quantiles.exists() else []
            figures["quantiles"] = [(float(share), int(us)) for share, us in map(str.split, found)]
            if not found:  # no script: wrk's own percentiles
                figures["quantiles"] = [
                    (50.0, figures["p50"] * 1000),
                    (99.0, figures["p99"] * 1000),
                ]
            figures["renders"] = self.count(args.renders_key) - renders
            figures["saves"] = self.count(args.saves_key) - saves
            figures["restarts"] = servers.worker_restarts(self.log) - restarts
            figures["wall"] = time.monotonic() - began
            row = {"mode": mode, "run": run, "slice": str(number)} | figures
            rows.append(row)
            print(
                f"  {MODES[mode]}, {RUNS[run]}, slice {number}: {figures['rps']:>8,.0f} req/s  "
                f"p50 {results.ms(figures['p50'])} ms  p99 {results.ms(figures['p99'])} ms  "
                f"{figures['non_2xx']} not 2xx/3xx  {figures['renders']} renders  "
                f"{figures['saves']} saves",
                flush=True,
            )
        return rows

    def catch_up(self):
        waited = servers.wait_until_idle(self.port, timeout=90)
        return "gunicorn still busy after 90 s" if waited is None else f"{waited:.0f} s"

    def measure(self, mode, stories, quantiles):
        print(f"{MODES[mode]} (load average {results.load_average()}):", flush=True)
        try:
            port = self.serve(mode)
            notes = []
            if mode != "off":  # with no page cache, every request renders: nothing to warm
                notes.append(self.check_count(port, stories[0]["path"]))
                notes.append(self.warm_up(port, [story["path"] for story in stories]))
                notes.append(f"after the warm-up, {self.catch_up()} to catch up")
            runs = ["without", "minimal"] if mode == "off" else ["without", "with"]
            for run in runs:
                load = results.load_average()
                if run == "with":
                    self.start_saver(mode)
                rows = self.slices(mode, run, port, quantiles)
                took = self.stop_saver()
                caught = self.catch_up()
                summary = totals(rows)
                walls = [row["wall"] for row in rows]
                run_notes = [f"load {load} before"]
                run_notes.append(f"slices of {min(walls):.1f}-{max(walls):.1f} s of wall time")
                if took:
                    run_notes.append(
                        f"a save took {statistics.median(took):.0f} ms (median), "
                        f"{max(took):.0f} ms at most"
                    )
                    if self.showing:
                        shown = [self.showing.get(pk, 0) for pk in self.saved]
                        run_notes.append(
                            f"the saved stories show on {sum(shown)} of the chosen pages "
                            f"({', '.join(map(str, shown))})"
                        )
                if restarts := sum(row["restarts"] for row in rows):
                    run_notes.append(f"{restarts} workers replaced")
                if summary["errors"]:
                    run_notes.append(f"socket errors: {summary['errors']}")
                run_notes.append(f"{caught} to catch up after it")
                summary |= {"mode": mode, "run": run, "slice": "all", "notes": run_notes}
                self.rows += [*rows, summary]
            self.notes.append(f"{MODES[mode]}: " + "; ".join(notes))
        finally:
            self.stop_saver()
            self.stop_servers()


def measure_all(args, tmp):
    started = time.monotonic()
    tmp.chmod(0o755)  # nginx's workers run as nobody
    for folder in ("logs", "copy", "nginx-temp", "static", "media"):
        (tmp / folder).mkdir()
    day = Day(args, tmp)
    chosen = day.choose()
    facts, stories = chosen["facts"], chosen["stories"]
    (tmp / "paths.txt").write_text("".join(f"{story['path']}\n" for story in stories))
    quantiles = tmp / "quantiles.txt"
    os.environ["BENCH_LONG_TAIL_PATHS"] = str(tmp / "paths.txt")  # read by long_tail.lua
    os.environ["BENCH_LONG_TAIL_QUANTILES"] = str(quantiles)
    print(
        f"{facts['database']}: {facts['stories']:,} stories ({facts['published']:,} "
        f"published); {len(stories):,} chosen at random (seed {args.seed})\n"
        f"code: {describe_tree(args.code)}\n"
        f"load average {results.load_average()} at the start",
        flush=True,
    )
    for kind, text in (("unapplied", "lacks"), ("unknown", "has more than the code knows")):
        if facts[f"{kind}_migrations"]:
            print(f"Note: the database {text}: {', '.join(facts[f'{kind}_migrations'])}")
    for mode in args.modes:
        day.measure(mode, stories, quantiles)
    print()
    print(
        f"{os.cpu_count()} cores shared by wrk ({args.threads} threads, {args.connections} "
        f"connections, each request a random story of {len(stories):,}), gunicorn "
        + (f"({args.workers} processes)" if args.workers else "(deploy/gunicorn.conf.py's)")
        + f", nginx, PostgreSQL and Redis; {args.slices} slices of {args.slice_seconds} s per "
        f"run; with saves: one every {args.save_every:g} s."
    )
    print()
    results.print_cells(COLUMNS, cells(day.rows))
    print()
    for note in day.notes:
        print(f"- {note}")
    print()
    for mode in args.modes:
        print("\n".join(ratios(day.rows, mode)))
    print(
        f"\nload average {results.load_average()} at the end; "
        f"{(time.monotonic() - started) / 60:.1f} min in all"
    )


def stop_on_sigterm(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


def main():
    args = parse_args()
    for program in ("wrk", "nginx", "gunicorn", "openssl"):
        servers.need(program)
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-day-"))
    try:
        measure_all(args, tmp)
    finally:
        servers.flush_cache(args.redis_url, args.cache_prefix)
        if args.keep:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
