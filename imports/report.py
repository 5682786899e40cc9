"""What an import did and what it could not map, for the person running it."""

from collections import Counter, defaultdict


class Report:
    """Counts of what was done, and lines under headings for what needs a person's eye."""

    def __init__(self):
        self.counts = Counter()
        self.sections = defaultdict(list)

    def count(self, what, n=1):
        self.counts[what] += n

    def note(self, heading, line):
        self.sections[heading].append(line)

    def lines(self):
        """The report as printed: the counts, then each heading with its lines."""
        out = [", ".join(f"{n:,} {what}" for what, n in self.counts.items() if n)]
        for heading, lines in self.sections.items():
            out.append(f"{heading} ({len(lines)}):")
            out.extend(f"  {line}" for line in lines)
        return out
