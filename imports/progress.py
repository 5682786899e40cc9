"""A progress bar for long commands: redrawn in place on a terminal, plain lines otherwise
(a log, a pipe, CI)."""

import time


def plain(text):
    return text


class Progress:
    WIDTH = 30
    REDRAW_SECONDS = 0.2
    LINES = 10  # plain lines per phase, at each tenth of the way

    def __init__(self, stream, *, quiet=False):
        self.stream = stream
        self.quiet = quiet
        self.live = not quiet and stream.isatty()

    def start(self, label, total):
        self.label, self.total, self.done = label, total, 0
        self.started = self.drawn = time.monotonic()
        self.next_line = self._step()

    def _step(self):
        return max(1, -(-self.total // self.LINES))

    def advance(self, count=1):
        self.done += count
        if self.quiet:
            return
        if self.live:
            if time.monotonic() - self.drawn >= self.REDRAW_SECONDS:
                self.draw()
        elif self.done >= self.next_line or self.done == self.total:
            self.write(f"{self.label}: {self.done:,}/{self.total:,}\n")
            self.next_line = self.done + self._step()

    def finish(self):
        if self.quiet:
            return
        seconds = time.monotonic() - self.started
        if self.live:
            self.draw()
            self.write("\n")
        rate = self.done / seconds if seconds else 0
        self.write(f"{self.label}: {self.done:,} in {seconds:.1f} s ({rate:,.0f}/s)\n")

    def draw(self):
        self.drawn = time.monotonic()
        fraction = self.done / self.total if self.total else 1
        filled = int(self.WIDTH * fraction)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.write(f"\r{self.label} [{bar}] {self.done:,}/{self.total:,} {fraction:4.0%}")

    def write(self, text):
        self.stream.write(text, style_func=plain, ending="")
        self.stream.flush()
