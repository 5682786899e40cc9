"""The figures of bench/publishing_day.py: a run of consecutive wrk slices pooled into
one, the table, and issue 20's targets (the run with saves against the run without)."""

import results

MODES = {"redis": "page cache (Redis)", "nginx": "nginx's cache", "off": "no page cache"}
RUNS = {"without": "without saves", "with": "with saves", "minimal": "minimal view"}
# The uncached story against the minimal Django view on the same gunicorn (issue 20).
UNCACHED_VS_MINIMAL = 0.15
# The targets (issue 20): the run with saves against the run without, in each mode.
THROUGHPUT_RATIO = 0.8
P99_RATIO = 2
COLUMNS = ["mode", "run", "slice", "req/s", "p50 ms", "p99 ms", "not 2xx/3xx", "renders"]
COLUMNS += ["saves", "notes"]


def pooled(slices, quantile):
    """The latency (ms) at `quantile` over every request of the slices, from each slice's
    distribution (bench/long_tail.lua: (percent of its requests, µs) pairs) weighted by its
    requests."""
    points = sorted(
        (value, row["requests"] * share) for row in slices for share, value in row["quantiles"]
    )
    total = sum(weight for _, weight in points)
    if not total:
        return None
    seen = 0
    for value, weight in points:
        seen += weight
        if seen >= quantile * total:
            return value / 1000
    return points[-1][0] / 1000


def totals(slices):
    """A run's figures from its slices."""
    requests = sum(row["requests"] for row in slices)
    seconds = sum(row["requests"] / row["rps"] for row in slices if row["rps"])
    return {
        "rps": requests / seconds if seconds else 0,
        "p50": pooled(slices, 0.5),
        "p99": pooled(slices, 0.99),
        "requests": requests,
        "non_2xx": sum(row["non_2xx"] for row in slices),
        "renders": sum(row["renders"] for row in slices),
        "saves": sum(row["saves"] for row in slices),
        "errors": "; ".join(row["errors"] for row in slices if row["errors"]),
    }


def cells(rows):
    out = []
    for row in rows:
        notes = row.get("notes") or []
        if row["slice"] != "all":
            notes = [f"socket errors: {row['errors']}"] if row["errors"] else []
            notes += [f"{row['restarts']} workers replaced"] if row["restarts"] else []
        out.append(
            [
                MODES[row["mode"]],
                RUNS[row["run"]],
                row["slice"],
                f"{row['rps']:,.0f}",
                results.ms(row["p50"]),
                results.ms(row["p99"]),
                str(row["non_2xx"]),
                f"{row['renders']:,}",
                str(row["saves"]),
                "; ".join(notes),
            ]
        )
    return out


def ratios(rows, mode):
    """The issue's targets for one mode: the run with saves against the run without (with
    no page cache: every story rendered against the minimal view)."""
    runs = {row["run"]: row for row in rows if row["mode"] == mode and row["slice"] == "all"}
    if mode == "off":
        share = runs["without"]["rps"] / runs["minimal"]["rps"]
        verdict = "PASS" if share >= UNCACHED_VS_MINIMAL else "FAIL"
        return [
            f"- {MODES[mode]}: long-tail stories rendered {runs['without']['rps']:,.0f} req/s, "
            f"the minimal view {runs['minimal']['rps']:,.0f}: {share:.3f}× "
            f"(aim ≥ {UNCACHED_VS_MINIMAL}: {verdict})"
        ]
    without, with_saves = runs["without"], runs["with"]
    throughput = with_saves["rps"] / without["rps"] if without["rps"] else None
    p99 = with_saves["p99"] / without["p99"] if with_saves["p99"] and without["p99"] else None
    saves = with_saves["saves"]

    def judged(value, passed, target):
        if value is None:
            return f"— (target {target})"
        return f"{value:.2f} (target {target}: {'PASS' if passed(value) else 'FAIL'})"

    per_save = (
        f"{with_saves['renders'] / saves:,.0f} ({with_saves['renders']:,} renders, {saves} "
        f"saves; {(with_saves['renders'] - without['renders']) / saves:,.0f} per save more "
        f"than in the run without saves)"
        if saves
        else "— (no save in the run)"
    )
    return [
        f"- {MODES[mode]}: throughput with saves / without "
        + judged(throughput, lambda v: v >= THROUGHPUT_RATIO, f"≥ {THROUGHPUT_RATIO}"),
        f"- {MODES[mode]}: p99 with saves / without "
        + judged(p99, lambda v: v <= P99_RATIO, f"≤ {P99_RATIO}"),
        f"- {MODES[mode]}: renders per save {per_save} (target: ≤ the pages that show the "
        "saved story)",
    ]
