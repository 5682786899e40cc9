"""Agency documents for the ingest tests, in the project's own words: a ninjs item (2.x or
3.x names), a NewsML-G2 newsItem, an RSS and an Atom feed; and the seed-shaped wire story
(a visit by a general, with the agency's donation appeal pasted under it)."""

import json
from html import escape

from articles.models import Organisation
from imports.models import FeedSource
from tests.articles.record_factories import make_organisation
from tests.factories import make_section

STORY = [
    "A senior American general landed at an air base in the southern desert on Friday for "
    "talks with the army's chief of staff.",
    "“We share an interest in keeping the region stable,” the chief of staff said after "
    "the meeting.",
    "It was the general's second visit in a year.",
]
APPEAL = [
    "Support Independent Journalism",
    "Our reporters are working around the clock to bring you the news.",
    "Monthly gifts go a long way. Please give today.",
]


def paragraphs(texts):
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def make_source(**overrides):
    """An active source credited to a (new) agency, landing in a (new) section."""
    fields = {
        "name": "Example Wire",
        "slug": "example-wire",
        "organisation": make_organisation(name="Example Wire", kind=Organisation.Kind.AGENCY),
        "format": FeedSource.Format.NINJS,
        "delivery": FeedSource.Delivery.PUSH,
        "section": make_section(),
    }
    if overrides.get("delivery") == FeedSource.Delivery.POLL:
        fields["url"] = "http://127.0.0.1:9/feed"
    fields.update(overrides)
    source = FeedSource(**fields)
    secret = source.new_secret()
    source.save()
    source.test_secret = secret
    return source


def ninjs(*, uri="urn:example:wire:1001", version="1", body=None, three=True, **extra):
    """A ninjs text item; 3.x names unless `three` is False (2.x)."""
    created, embargo = (
        ("firstCreated", "embargoedUntil") if three else ("firstcreated", "embargoed")
    )
    document = {
        "uri": uri,
        "version": version,
        "type": "text",
        "headlines": [{"role": "main", "value": "General visits desert air base"}],
        "descriptions": [{"role": "summary", "value": "A second visit in a year."}],
        "bodies": [{"role": "main", "value": body if body is not None else paragraphs(STORY)}],
        "by": "Dana Levi",
        created: "2026-12-05T07:30:00Z",
        "people": [{"name": "Dana Levi"}, {"name": "Aviv Ronen"}],
        "places": [{"name": "Nevatim"}],
    }
    document.update(extra)
    if "embargo" in extra:
        document[embargo] = document.pop("embargo")
    return json.dumps(document).encode()


def newsml(*, guid="urn:newsml:example.org:20261205:wire-2002", version="1", body=None):
    body = body if body is not None else paragraphs(STORY)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="{guid}" version="{version}"
    standard="NewsML-G2" standardversion="2.29" conformance="power" xml:lang="en">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider literal="Example Wire"/>
    <versionCreated>2026-12-05T08:00:00Z</versionCreated>
    <firstCreated>2026-12-05T07:45:00Z</firstCreated>
    <pubStatus qcode="stat:usable"/>
    <link rel="irel:seeAlso" contenttype="text/html" href="https://wire.example/2002"/>
  </itemMeta>
  <contentMeta>
    <headline>Ministers meet on water sharing</headline>
    <slugline>WATER-TALKS</slugline>
    <description role="drol:summary">Talks resume after a year.</description>
    <by>Omar Haddad</by>
    <subject type="cpnat:person"><name>Omar Haddad</name></subject>
    <subject type="cpnat:geoArea"><name>Amman</name></subject>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>
        <body>{body}</body></html>
    </inlineXML>
  </contentSet>
</newsItem>""".encode()


def rss(*, guid="https://paper.example/2026/12/05/ferry", picture_url=None, body=None):
    body = body if body is not None else paragraphs(STORY)
    enclosure = (
        f'<enclosure url="{picture_url}" type="image/jpeg" length="1"/>' if picture_url else ""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel><title>Paper</title><link>https://paper.example/</link><description>d</description>
    <item>
      <title>River ferry returns after five years</title>
      <link>https://paper.example/2026/12/05/ferry</link>
      <guid isPermaLink="true">{guid}</guid>
      <pubDate>Sat, 05 Dec 2026 09:00:00 +0000</pubDate>
      <dc:creator>Lena Fischer</dc:creator>
      <description>The crossing closed in 2021.</description>
      <content:encoded>{escape(body)}</content:encoded>
      {enclosure}
    </item>
  </channel>
</rss>""".encode()


def atom():
    return b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Paper</title><id>urn:paper</id>
  <updated>2026-12-05T09:00:00Z</updated>
  <entry><title>Harbour reopens</title><id>urn:paper:entry:7</id>
    <link rel="alternate" href="https://paper.example/harbour"/>
    <updated>2026-12-05T09:00:00Z</updated><published>2026-12-05T08:00:00Z</published>
    <author><name>Lena Fischer</name></author>
    <content type="html">&lt;p&gt;The harbour opened at dawn.&lt;/p&gt;</content>
  </entry>
</feed>"""


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><item><title>&lol3;</title><guid>x</guid></item></channel></rss>"""
