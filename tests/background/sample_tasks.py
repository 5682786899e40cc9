"""Tasks for the engine's own tests: each writes what it did to a file the test reads, so
the same record holds across worker processes."""

import time
from pathlib import Path

from background.engine import Retry, task


def _append(path, line):
    # One write of a short line in append mode: whole, whatever else appends meanwhile.
    with Path(path).open("a") as file:
        file.write(f"{line}\n")


@task(retry=Retry(max_attempts=3, first_delay=10))
def always_fails(path):
    _append(path, "ran")
    raise RuntimeError("the mail server said no")


@task()
def record(path, number):
    _append(path, number)
    return f"recorded {number}"


@task(retry=Retry(max_attempts=3, first_delay=0))
def slow(path, seconds):
    _append(path, "started")
    time.sleep(seconds)
    _append(path, "finished")
    return "done"
