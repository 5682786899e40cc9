"""One agency item, whatever format it came in: what the parsers (imports/ninjs.py,
imports/newsml.py, imports/rss.py) give and wire ingest (imports/ingest.py)
takes. Times are aware datetimes; text is as the agency sent it (the body sanitised later).
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime

# Bytes of a feed or a pushed document; more is refused before anything is parsed.
MAX_FEED_BYTES = 5_000_000
# Items in one document; the rest are left (and reported) rather than stalling a worker.
MAX_ITEMS = 200


class FeedProblem(Exception):
    """The document cannot be used: the message says why, in words for staff."""


@dataclass(frozen=True)
class Picture:
    url: str
    caption: str = ""
    credit: str = ""


@dataclass
class Item:
    guid: str  # the agency's id for the item (ninjs uri, NewsML-G2 guid, RSS guid, Atom id)
    version: int = 0
    headline: str = ""
    dek: str = ""
    body_html: str = ""
    byline: str = ""
    url: str = ""
    first_created: datetime | None = None
    version_created: datetime | None = None
    embargo_until: datetime | None = None
    pictures: list[Picture] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)

    def fingerprint(self):
        """A digest of the item as sent: the same item sent again has the same one."""
        text = json.dumps(asdict(self), default=str, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


def check_size(data):
    if len(data) > MAX_FEED_BYTES:
        raise FeedProblem(
            f"the document is {len(data):,} bytes; at most {MAX_FEED_BYTES:,} are read."
        )


def parse_time(text):
    """An ISO 8601 (ninjs, NewsML-G2, Atom) or RFC 822 (RSS) time, aware; None when absent
    or unreadable (an agency's bad date never stops an item)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        moment = parse_datetime(text.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    return moment


def parse_version(text):
    try:
        return max(0, int(str(text or "0").strip()))
    except ValueError:
        return 0
