"""The reader path over HTTP: each reader page in three serving modes, beside nginx serving a
static file and a minimal Django view, in the same run and the same way.

Brings up on 127.0.0.1, in a temporary folder, and stops at the end (also on Ctrl-C or an
error): gunicorn (deploy/gunicorn.conf.py, production settings, bench/wsgi.py: the project
plus /bench/minimal/) on a PostgreSQL database, the local Redis under a cache prefix of its
own, and one nginx built from deploy/nginx.conf and deploy/nginx-locations.conf with a
static copy of the article page, a plain proxy and the recommended cached proxy. Then
`wrk --latency` runs for --seconds at each --connections, mode after mode, against:

    static copy            nginx reading a file: the ceiling on this machine
    minimal view           Django's floor: a short HttpResponse through the whole stack
    each page, in the mode:
        no page cache      gunicorn renders every request
        page cache         gunicorn answers from Redis
        nginx's cache      nginx answers; gunicorn is asked once per s-maxage

The two references are measured again before each mode's pages, and each page's figures are
printed as ratios to those.

    .venv/bin/python bench/serve.py                         # the full reader-path run
    .venv/bin/python bench/serve.py --pages article --modes off --connections 8 --seconds 2
    .venv/bin/python bench/serve.py --write-results --label "before optimisation"

--in-process adds bench/page_queries.py and bench/admin_scale.py (same database and
settings); --write-results does too and rewrites bench/RESULTS.md. See bench/README.md.
Never part of the test suite: compare the rows of one run with each other, not with
another machine.
"""

import argparse
import json
import math
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import results
import servers

MODES = {"off": "no page cache", "redis": "page cache", "nginx": "nginx's cache"}
# How each row's mode reads in the tables; the two references have modes of their own.
LABELS = {**MODES, "file": "nginx, a file", "app": "gunicorn"}
DEFAULT_PAGES = "article,home,section,person,search,feed"
STATIC, MINIMAL = "static copy", "minimal view"

# The targets (the performance issue).
ARTICLE_RPS = 600  # no page cache, at 8 and 32 connections (throughput, not one reader)
PAGE_CACHE_VS_MINIMAL = 0.9  # at every connection count
NGINX_VS_STATIC = 0.8  # at 32 connections, with the p99 below
NGINX_P99_MS = 5
SINGLE_P50_MS = 100  # every reader page, one connection, any mode


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", servers.DEFAULT_DATABASE),
        help=f"PostgreSQL with published stories (default {servers.DEFAULT_DATABASE})",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument(
        "--media-root",
        default=os.environ.get("BENCH_MEDIA_ROOT"),
        help="the data set's media (DJANGO_MEDIA_ROOT); default an empty temporary folder",
    )
    parser.add_argument("--pages", default=DEFAULT_PAGES, help=f"default {DEFAULT_PAGES}")
    parser.add_argument("--modes", default="off,redis,nginx", help="any of off,redis,nginx")
    parser.add_argument("--connections", default="1,8,32", help="wrk connection counts")
    parser.add_argument("--seconds", type=int, default=5, help="per wrk run (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="wrk warm-up before each run")
    parser.add_argument(
        "--catch-up-timeout",
        type=int,
        default=90,
        help="seconds to wait after a run for gunicorn to finish what is still in flight",
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument(
        "--gzip", action="store_true", help="wrk asks for gzip, as browsers do (default: not)"
    )
    parser.add_argument(
        "--no-page-copies",
        action="store_true",
        help="every page from the page cache comes from Redis (NEWSROOM_PAGE_COPIES_BYTES=0)",
    )
    parser.add_argument(
        "--workers", type=int, help="gunicorn processes (default: deploy/gunicorn.conf.py's)"
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        help="gunicorn's max_requests instead of deploy/gunicorn.conf.py's (0: never replace "
        "a worker), to see what worker recycling costs; not for the recorded results",
    )
    parser.add_argument("--search", help="the search query (default: a common headline word)")
    parser.add_argument(
        "--in-process", action="store_true", help="also page_queries.py and admin_scale.py"
    )
    parser.add_argument("--repeat", type=int, default=20, help="in-process requests per page")
    parser.add_argument("--admin-repeat", type=int, default=10, help="the same, admin pages")
    parser.add_argument(
        "--in-process-timeout", type=int, default=1800, help="seconds for each in-process script"
    )
    parser.add_argument("--write-results", action="store_true", help="rewrite bench/RESULTS.md")
    parser.add_argument("--results-file", default=str(Path(__file__).with_name("RESULTS.md")))
    parser.add_argument("--label", default="", help="printed at the top of the results")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    args.pages = args.pages.split(",")
    args.modes = args.modes.split(",")
    args.connections = [int(n) for n in args.connections.split(",")]
    if set(args.modes) - set(MODES):
        parser.error(f"--modes: choose among {', '.join(MODES)}")
    args.in_process = args.in_process or args.write_results
    args.secret_key = secrets.token_urlsafe(50)
    args.cache_prefix = f"bench-{os.getpid()}-{int(time.time())}"
    return args


def bench_script(code, name, arguments, env, timeout):
    """Run one of the in-process benches from the copy of the code, with the app servers'
    environment; its JSON."""
    command = [sys.executable, str(code / "bench" / name), *arguments]
    try:
        done = subprocess.run(
            command, cwd=code, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {"error": f"{name} took more than {timeout} s"}
    if done.returncode:
        return {"error": f"{name} failed:\n{done.stderr[-3000:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def judge(rows):
    """Each row's ratios to the static copy and the minimal view measured just before its
    mode's pages, at the same connection count, and its checks against the targets that
    apply to it: (key, target, passed)."""
    static = {(r["group"], r["conns"]): r["rps"] for r in rows if r["page"] == STATIC}
    minimal = {(r["group"], r["conns"]): r["rps"] for r in rows if r["page"] == MINIMAL}
    for row in rows:
        conns, page, mode = row["conns"], row["page"], row["mode"]
        key = (row["group"], conns)
        row["vs_static"] = row["rps"] / static[key] if static.get(key) else None
        row["vs_minimal"] = row["rps"] / minimal[key] if minimal.get(key) else None
        vs_static, vs_minimal = row["vs_static"] or 0, row["vs_minimal"] or 0
        checks = row["checks"] = []
        if row["non_2xx"] or row["errors"]:
            checks.append(("errors", "every answer 2xx/3xx", False))
        if page in (STATIC, MINIMAL):
            continue
        if page == "article" and mode == "off" and conns >= 8:
            checks.append(("article-rps", f"≥ {ARTICLE_RPS} req/s", row["rps"] >= ARTICLE_RPS))
        if page == "article" and mode == "redis" and row["vs_minimal"] is not None:
            target = f"≥ {PAGE_CACHE_VS_MINIMAL} × minimal"
            checks.append(("page-cache", target, vs_minimal >= PAGE_CACHE_VS_MINIMAL))
        if page == "article" and mode == "nginx" and conns == 32 and row["vs_static"]:
            target = f"≥ {NGINX_VS_STATIC} × static"
            checks.append(("nginx-static", target, vs_static >= NGINX_VS_STATIC))
        # No latency: not one request finished within the run.
        p50, p99 = row["p50"] or math.inf, row["p99"] or math.inf
        if page == "article" and mode == "nginx" and conns == 32:
            checks.append(("nginx-p99", f"p99 < {NGINX_P99_MS} ms", p99 < NGINX_P99_MS))
        if conns == 1:
            checks.append(("single-p50", f"p50 < {SINGLE_P50_MS} ms", p50 < SINGLE_P50_MS))
    return rows


class Run:
    """The servers of one run and what was measured on them."""

    def __init__(self, args, tmp):
        self.args, self.tmp = args, tmp
        self.port = servers.free_port()
        self.code = servers.snapshot(tmp)
        self.code_state = servers.newest_file(self.code)
        self.log = tmp / "gunicorn.log"
        self.gunicorn = self.nginx = self.ports = None
        self.rows, self.notes = [], []

    def env(self, *, page_cache):
        return servers.production_env(self.args, self.tmp, self.port, page_cache=page_cache)

    def serve(self, *, page_cache):
        """(Re)start gunicorn with the page cache on or off, and nginx if not yet up."""
        if self.gunicorn:
            self.gunicorn.stop()
        env = self.env(page_cache=page_cache)
        self.gunicorn = servers.Gunicorn(env, self.port, self.log, self.code)
        if self.nginx is None:
            self.nginx, self.ports = servers.start_nginx(
                self.tmp, self.port, self.args.media_root, self.code
            )

    def check_pages(self, urls):
        for name, path in urls.items():
            status, _, body = servers.get(self.ports["proxy"], path)
            if status != 200:
                sys.exit(f"{name} ({path}) answered {status}, not 200")
            if name == "article" and not (self.tmp / "copy" / "article.html").exists():
                (self.tmp / "copy" / "article.html").write_bytes(body)
                self.notes.append(f"article: {path} ({len(body) / 1024:.0f} KB of HTML)")

    def measure(self, page, mode, port, path, *, group):
        args = self.args
        for conns in args.connections:
            run = {"connections": conns, "threads": args.threads, "gzip": args.gzip}
            if args.warmup:
                servers.wrk(port, path, seconds=args.warmup, latency=False, **run)
                self.catch_up()
            restarts = servers.worker_restarts(self.log)
            figures = servers.wrk(port, path, seconds=args.seconds, **run)
            figures["restarts"] = servers.worker_restarts(self.log) - restarts
            figures["catch_up"] = self.catch_up()
            self.rows.append(
                {"page": page, "mode": mode, "group": group, "conns": conns, "path": path}
                | figures
            )
            print(
                f"  {page:<12} {LABELS[mode]:<14} {conns:>3} conns: "
                f"{figures['rps']:>9.0f} req/s  p50 {results.ms(figures['p50'])} ms  "
                f"p99 {results.ms(figures['p99'])} ms",
                flush=True,
            )

    def catch_up(self):
        """Wait for gunicorn to finish what the last run left in flight: the next run must
        not pay for it. The seconds waited (past one), or "timeout"."""
        waited = servers.wait_until_idle(self.port, timeout=self.args.catch_up_timeout)
        if waited is None:
            return "timeout"
        return round(waited) if waited >= 1 else 0

    def load(self, urls):
        """Each mode in turn: the static copy and the minimal view, then its pages."""
        args = self.args
        pages = {name: urls[name] for name in args.pages}
        print(
            f"Measuring ({args.seconds} s per run after a {args.warmup} s warm-up; "
            f"connections {args.connections}) ...",
            flush=True,
        )
        page_cache = None
        for mode in (mode for mode in MODES if mode in args.modes):
            if page_cache != (mode != "off"):
                page_cache = mode != "off"
                self.serve(page_cache=page_cache)
                self.check_pages({"article": urls["article"], **pages})
            port = self.ports["cache" if mode == "nginx" else "proxy"]
            if mode == "nginx":
                self.notes.append(servers.describe_cache(port, urls["article"]))
            self.measure(STATIC, "file", self.ports["static"], "/article.html", group=mode)
            self.measure(MINIMAL, "app", self.ports["proxy"], servers.MINIMAL_PATH, group=mode)
            for page, path in pages.items():
                self.measure(page, mode, port, path, group=mode)
        self.notes.append(servers.smoke_test(self.ports, urls["article"]))

    def stop(self):
        if self.gunicorn:
            self.gunicorn.stop()
        if self.nginx:
            servers.stop_nginx(self.nginx, self.tmp)
        servers.flush_cache(self.args.redis_url, self.args.cache_prefix)


def stop_on_sigterm(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


def main():
    args = parse_args()
    for program in ("wrk", "nginx", "gunicorn", "openssl"):
        servers.need(program)
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    try:
        measure_all(args, tmp)
    finally:
        if args.keep:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def measure_all(args, tmp):
    started = time.monotonic()
    started_at = datetime.now(UTC)
    load_before = results.load_average()
    tmp.chmod(0o755)  # nginx's workers run as nobody and read the static copy from here
    for folder in ("logs", "copy", "nginx-temp", "static", "media"):
        (tmp / folder).mkdir()
    run = Run(args, tmp)
    offline = run.env(page_cache=False)
    search = ["--search", args.search] if args.search else []
    found = bench_script(run.code, "page_queries.py", ["--urls", *search], offline, 300)
    if "error" in found:
        sys.exit(f"Could not list the pages of {args.database_url}:\n{found['error']}")
    urls, database = found["pages"], found["database"]
    unknown = set(args.pages) - set(urls)
    if unknown:
        sys.exit(f"Unknown pages {sorted(unknown)}; known: {', '.join(urls)}")
    print(
        f"{database['name']}: {database['articles']:,} stories, {database['pledges']:,} "
        f"pledges; search {found['search']!r}"
    )
    if database.get("unapplied_migrations"):
        missing = ", ".join(database["unapplied_migrations"])
        print(f"WARNING: the code has migrations the database lacks ({missing}): pages may fail")
    try:
        run.load(urls)
    finally:
        run.stop()
    rows = judge(run.rows)
    load_after = results.load_average()
    print()
    print(results.setup_line(args))
    for note in run.notes:
        print(note)
    results.print_load(rows, LABELS)

    in_process = admin = None
    if args.in_process:
        print("\nIn process: query counts and render times ...", flush=True)
        timeout = args.in_process_timeout
        arguments = ["--json", "--repeat", str(args.repeat), "--search", found["search"]]
        in_process = bench_script(run.code, "page_queries.py", arguments, offline, timeout)
        results.print_in_process("Reader pages, in process", in_process)
        arguments = ["--json", "--repeat", str(args.admin_repeat)]
        admin = bench_script(run.code, "admin_scale.py", arguments, offline, timeout)
        results.print_in_process("The admin at scale", admin)

    print("\nTargets")
    for line in results.target_summary(rows, LABELS, in_process, admin):
        print(line.replace("**", ""))

    if args.write_results:
        results.write(
            Path(args.results_file),
            args=args,
            started_at=started_at,
            seconds=time.monotonic() - started,
            database=database,
            code_state=run.code_state,
            search=found["search"],
            load_averages=(load_before, load_after),
            rows=rows,
            modes=LABELS,
            notes=run.notes,
            in_process=in_process,
            admin=admin,
        )
        print(f"\nWrote {args.results_file}")
    print(f"\nThe run took {time.monotonic() - started:.0f} s.")


if __name__ == "__main__":
    main()
