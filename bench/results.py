"""The figures of a bench/serve.py run as tables: on the terminal, and in bench/RESULTS.md
with the date, the machine, the versions and the data set."""

import math
import os
import platform
import re
import shlex
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import servers

LOAD_COLUMNS = ["page", "mode", "conns", "req/s", "p50 ms", "p99 ms", "× static", "× minimal"]
LOAD_COLUMNS += ["target", "result", "notes"]
PAGE_COLUMNS = ["page", "status", "queries", "median ms", "p90 ms", "slowest query ms"]
PAGE_COLUMNS += ["target", "result"]
SLOW_QUERY_MS = 5


def load_average():
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def setup_line(args):
    cores = os.cpu_count()
    workers = (
        f"{args.workers} processes"
        if args.workers
        else f"deploy/gunicorn.conf.py's default for {cores} cores"
    )
    if args.max_requests is not None:
        workers += f", max_requests {args.max_requests} instead of the configuration's"
    return (
        f"{cores} cores shared by wrk ({args.threads} threads), nginx (one worker per core), "
        f"gunicorn ({workers}), PostgreSQL and Redis: compare the rows with each other, "
        "not with another machine."
    )


def verdict(checks):
    """(the targets a row is held to, PASS or FAIL with the ones missed when several)."""
    if not checks:
        return "", ""
    failed = [text for _, text, passed in checks if not passed]
    target = "; ".join(text for _, text, _ in checks)
    if not failed:
        return target, "PASS"
    return target, "FAIL" if len(checks) == 1 else "FAIL: " + "; ".join(failed)


def row_notes(row):
    notes = []
    if row["non_2xx"]:
        notes.append(f"{row['non_2xx']} not 2xx/3xx")
    if row["errors"]:
        notes.append(f"socket errors: {row['errors']}")
    if not row["requests"]:
        notes.append("no answer within the run")
    if row["restarts"]:
        notes.append(f"{row['restarts']} workers replaced (max_requests)")
    if row["catch_up"] == "timeout":
        notes.append("gunicorn still busy at the catch-up timeout")
    elif row["catch_up"]:
        notes.append(f"{row['catch_up']} s for gunicorn to catch up after it")
    return ", ".join(notes)


def ms(value):
    """A latency in milliseconds; a dash when no request finished."""
    return "—" if value is None else f"{value:.2f}"


def ratio(value, digits):
    return "" if value is None else f"{value:.{digits}f}"


def load_cells(rows, modes):
    return [
        [
            row["page"],
            modes.get(row["mode"], row["mode"]),
            str(row["conns"]),
            f"{row['rps']:,.0f}",
            ms(row["p50"]),
            ms(row["p99"]),
            ratio(row["vs_static"], 4),
            ratio(row["vs_minimal"], 3),
            *verdict(row["checks"]),
            row_notes(row),
        ]
        for row in rows
    ]


def page_cells(rows):
    cells = []
    for row in rows:
        if "error" in row:
            cells.append([row["name"], "error", "", "", "", "", row["error"][:200], "FAIL"])
            continue
        target = row.get("target", "")
        result = ("PASS" if row["pass"] else "FAIL") if target else ""
        cells.append(
            [
                row["name"],
                str(row["status"]),
                str(row["queries"]),
                f"{row['median_ms']:.1f}",
                f"{row['p90_ms']:.1f}",
                f"{row['slowest_query_ms']:.0f}",
                target,
                result,
            ]
        )
    return cells


def print_cells(columns, cells):
    widths = [max(len(c) for c in column) for column in zip(columns, *cells, strict=True)]
    for line in [columns, *cells]:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))


def markdown_table(columns, cells):
    numeric = {"conns", "req/s", "p50 ms", "p99 ms", "× static", "× minimal", "status"}
    numeric |= {"queries", "median ms", "p90 ms", "slowest query ms"}
    lines = ["| " + " | ".join(columns) + " |"]
    lines.append("| " + " | ".join("---:" if c in numeric else "---" for c in columns) + " |")
    lines += [
        "| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |" for line in cells
    ]
    return "\n".join(lines)


def print_load(rows, modes):
    print()
    print_cells(LOAD_COLUMNS, load_cells(rows, modes))


def print_in_process(title, data):
    print(f"\n{title}")
    if "error" in data:
        print(data["error"])
        return
    print_cells(PAGE_COLUMNS, page_cells(data["pages"]))


def target_summary(rows, modes, in_process, admin):
    """One line per target of the performance issue: PASS/FAIL and the figures behind it."""
    lines = []

    def checked(key):
        return [(row, passed) for row in rows for k, _, passed in row["checks"] if k == key]

    def line(title, found, figure):
        if not found:
            lines.append(f"- {title}: not measured in this run")
            return
        result = "PASS" if all(passed for _, passed in found) else "FAIL"
        lines.append(f"- {title}: **{result}** ({'; '.join(figure(row) for row, _ in found)})")

    line(
        "article, no page cache, ≥ 600 req/s (8 and 32 connections)",
        checked("article-rps"),
        lambda r: f"{r['conns']} conns {r['rps']:,.0f} req/s",
    )
    article = [r for r in (in_process or {}).get("pages", []) if r["name"] == "article"]
    if article and "error" in article[0]:
        lines.append(f"- article ≤ 8 queries: **FAIL** ({article[0]['error']})")
    elif article:
        result = "PASS" if article[0]["pass"] else "FAIL"
        lines.append(f"- article ≤ 8 queries: **{result}** ({article[0]['queries']} queries)")
    line(
        "article from the page cache ≥ 0.9 × the minimal view",
        checked("page-cache"),
        lambda r: f"{r['conns']} conns × {r['vs_minimal']:.3f}",
    )
    line(
        "article behind nginx's cache ≥ 0.8 × static at 32 connections",
        checked("nginx-static"),
        lambda r: f"{r['conns']} conns × {r['vs_static']:.3f}",
    )
    line(
        "article behind nginx's cache, p99 < 5 ms at 32 connections",
        checked("nginx-p99"),
        lambda r: f"{ms(r['p99'])} ms",
    )
    single = checked("single-p50")
    failures = [(row, passed) for row, passed in single if not passed]
    slowest = sorted(single, key=lambda item: -(item[0]["p50"] or math.inf))[:1]
    line(
        "every reader page < 100 ms p50 at 1 connection"
        + (" (the pages over)" if failures else " (the slowest)"),
        failures or slowest,
        lambda r: (
            f"{r['page']}, {modes[r['mode']]}: "
            + (f"{r['p50']:.0f} ms" if r["p50"] else "no answer in the run")
        ),
    )
    for title, prefix in (("admin pages < 300 ms", ""), ("dashboard < 500 ms", "dashboard")):
        pages = [
            r
            for r in (admin or {}).get("pages", [])
            if r["name"].startswith("dashboard") == bool(prefix)
        ]
        if pages:
            failed = [r for r in pages if "error" in r or not r["pass"]]
            worst = max(pages, key=lambda r: r.get("median_ms", math.inf))
            detail = ", ".join(
                f"{r['name']} " + (f"{r['median_ms']:.0f} ms" if "median_ms" in r else "error")
                for r in failed
            ) or (f"slowest {worst['name']} {worst['median_ms']:.0f} ms")
            lines.append(f"- {title} (median): **{'FAIL' if failed else 'PASS'}** ({detail})")
    return lines


def command_version(command, pattern):
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    found = re.search(pattern, done.stdout + done.stderr)
    return found.group(1) if found else "?"


def redis_version(url):
    try:
        import redis

        return redis.Redis.from_url(url, socket_timeout=10).info("server")["redis_version"]
    except Exception:  # the version is a detail of the report, not worth a failure
        return "?"


def machine():
    cpu = "?"
    memory = "?"
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"^model name\s*:\s*(.+)$", info, re.MULTILINE).group(1)
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kib / 1024 / 1024:.0f} GB RAM"
    except (OSError, AttributeError):
        pass
    system = platform.freedesktop_os_release().get("PRETTY_NAME", platform.system())
    return f"{cpu}, {os.cpu_count()} cores, {memory}; {system}, Linux {platform.release()}"


def versions(args, database):
    try:
        import django

        django_version = django.get_version()
    except ImportError:
        django_version = "?"
    return {
        "Python": sys.version.split()[0],
        "Django": django_version,
        "PostgreSQL": database.get("server_version", database["vendor"]),
        "Redis": redis_version(args.redis_url),
        "nginx": command_version([servers.need("nginx"), "-v"], r"nginx/(\S+)"),
        "wrk": command_version([servers.need("wrk"), "-v"], r"wrk (\S+)"),
        "gunicorn": command_version([servers.need("gunicorn"), "--version"], r"version ([\d.]+)"),
    }


def write(path, *, args, started_at, seconds, database, code_state, search, load_averages,
          rows, modes, notes, in_process, admin):  # fmt: skip
    """Rewrite RESULTS.md with everything this run measured."""
    command = shlex.join(["bench/serve.py", *sys.argv[1:]])
    facts = (
        f"{database['name']} ({database['vendor']}"
        + (f", {database['size_mb']:,} MB" if "size_mb" in database else "")
        + f"): {database['articles']:,} stories ({database['published']:,} published), "
        f"{database['people']:,} people, {database['campaigns']:,} campaigns, "
        f"{database['pledges']:,} pledges"
    )
    out = ["# Benchmark results", ""]
    if args.label:
        out += [f"**{args.label}**", ""]
    out += [
        f"Written by `{command}` on {started_at:%d %b %Y, %H:%M} UTC; the run took "
        f"{seconds // 60:.0f} min {seconds % 60:.0f} s. Every figure is from this one run: "
        "see bench/README.md for what each means and how to run it again.",
        "",
        "| | |",
        "| --- | --- |",
        f"| machine | {machine()} |",
        f"| load average | {load_averages[0]} before, {load_averages[1]} after the load test |",
        *(f"| {name} | {version} |" for name, version in versions(args, database).items()),
        f"| database | {facts} |",
        f"| code | a copy of the tree taken at the start of the run (its newest file: "
        f"{code_state[0]}, changed {datetime.fromtimestamp(code_state[1], UTC):%H:%M:%S} UTC)"
        + (
            f"; migrations the database lacks: {', '.join(database['unapplied_migrations'])}"
            if database.get("unapplied_migrations")
            else "; every migration applied to the database"
        )
        + " |",
        f"| wrk | {args.seconds} s per run after a {args.warmup} s warm-up, "
        f"{args.threads} threads, connections {', '.join(map(str, args.connections))}"
        + (", asking for gzip" if args.gzip else ", no Accept-Encoding (uncompressed pages)")
        + " |",
        f"| search | `{search}`"
        + (
            f", {in_process['matches']:,} stories match"
            if (in_process or {}).get("matches")
            else ""
        )
        + " |",
        "",
        "## Targets",
        "",
        *target_summary(rows, modes, in_process, admin),
        "",
        "## Reader pages over HTTP",
        "",
        setup_line(args) + " × static: the rate over nginx's rate for a static copy of the "
        "article page; × minimal: over a minimal Django view on the same gunicorn; both "
        "measured at the same connection count just before that mode's pages.",
        "",
        markdown_table(LOAD_COLUMNS, load_cells(rows, modes)),
        "",
        *(f"- {note}" for note in notes),
        "",
    ]
    for title, data, what in (
        ("Reader pages in process", in_process, "bench/page_queries.py, page cache off"),
        ("The admin at scale", admin, "bench/admin_scale.py, a superuser, test client"),
    ):
        out += [f"## {title}", "", f"{what}; addresses and slow queries below the table.", ""]
        if data is None or "error" in data:
            out += [f"Not measured: {(data or {}).get('error', 'run with --in-process')}", ""]
            continue
        out += [markdown_table(PAGE_COLUMNS, page_cells(data["pages"])), ""]
        out += [f"- {row['name']}: `{row['url']}`" for row in data["pages"]]
        out += [""]
        slow = [row for row in data["pages"] if row.get("slowest_query_ms", 0) >= SLOW_QUERY_MS]
        out += [f"Queries of {SLOW_QUERY_MS} ms or more (the slowest of each page):", ""]
        out += [
            f"- {row['name']}, {row['slowest_query_ms']:.0f} ms: `{row['slowest_query']}`"
            for row in slow
        ] or ["- none"]
        out += [""]
    path.write_text("\n".join(out))
