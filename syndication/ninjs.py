"""A story as an IPTC ninjs document: 3.1 by default, 2.2 on request.

Built only from what `for_documents()` or `read_relations()` read, so a page of stories
costs the same queries whatever their bylines, quotes, people or pictures. The records
carry their authority ids: a person's, organisation's or place's `uri` is its Wikidata
entity when it has one, a place's GeoNames feature next, our own page otherwise;
`literal` is always our slug (what the API's filters take). ninjs has no field for quotes
or correction notes, so each is an association (`rel` "quote" with the speaker in its
`people`, `rel` the note's kind with its time); the lead picture is the association
"featureimage" with a rendition per size we made.
"""

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse

from articles.html import plain_text
from articles.models import Byline, Correction, Quote
from articles.structured_data import dateline, iso_datetime
from newsroom.serving.public_urls import absolute_url
from syndication.rights import is_embargoed

VERSIONS = {"3.1": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
            "2.2": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#"}  # fmt: skip
DEFAULT_VERSION = "3.1"
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp",
                 "avif": "image/avif", "gif": "image/gif"}  # fmt: skip
# ninjs 3 spells in camel case what ninjs 2 spelled in lower case, and renamed one key.
RENAMED_IN_3 = {"embargoedUntil": "embargoed"}


RELATED = ("section", "dateline__parent", "lead_image", "source")


def prefetched():
    """The relations a document reads, one query each. Made afresh on each call: the notes'
    queryset holds the time it was made (Correction.objects.visible())."""
    return [
        Prefetch("bylines", Byline.objects.select_related("person")),
        Prefetch("quotes", Quote.objects.select_related("speaker")),
        Prefetch("corrections", Correction.objects.visible(), to_attr="visible_notes"),
        "people",
        "organisations",
        "places",
        "tags",
        "lead_image__renditions",
    ]


def for_documents(articles):
    """`articles` with everything a document shows, in a fixed number of queries."""
    return articles.select_related(*RELATED).prefetch_related(*prefetched())


def read_relations(stories):
    """What for_documents() prefetches, for stories already read (with RELATED joined):
    one query per relation for the whole page however it was read."""
    prefetch_related_objects(stories, *prefetched())
    return stories


def story_uri(article):
    """The story's identifier for partners: its API address, which no slug change moves."""
    return absolute_url(reverse("syndication:story", args=[article.pk]))


def _kept(memo, key, make):
    """`make()`, once per `key` while one page is built: stories on a page share pictures
    and people, and their addresses cost more to build than the rest of the document."""
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    return memo[key]


def _record(record, rel, url_name, memo=None):
    uri = _kept(memo, (url_name, record.pk), lambda: _authority_uri(record, url_name))
    return {"name": record.name, "rel": rel, "uri": uri, "literal": record.slug}


def _authority_uri(record, url_name):
    if record.wikidata_id:
        uri = f"http://www.wikidata.org/entity/{record.wikidata_id}"
    elif getattr(record, "geonames_id", ""):
        uri = f"https://sws.geonames.org/{record.geonames_id}/"
    else:
        uri = absolute_url(reverse(url_name, args=[record.slug]))
    return uri


def person(record, rel, memo=None):
    return _record(record, rel, "articles:person-detail", memo)


def _compact(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _picture(image):
    renditions = [
        {
            "name": f"{rendition.width}w-{rendition.format}",
            "href": absolute_url(rendition.file.url),
            "contentType": CONTENT_TYPES.get(rendition.format, ""),
            "width": rendition.width,
            "height": rendition.height,
        }
        for rendition in sorted(image.renditions.all(), key=lambda r: (r.format, r.width))
    ]
    original = {
        "name": "original",
        "href": absolute_url(image.file.url),
        "width": image.width,
        "height": image.height,
    }
    return _compact(
        {
            "name": "featureimage",
            "rel": "featureimage",
            "uri": absolute_url(image.file.url),
            "type": "picture",
            "by": image.credit,
            "descriptions": [
                {"role": role, "value": value}
                for role, value in (("caption", image.caption), ("alt", image.alt_text))
                if value
            ],
            "renditions": [original, *renditions],
        }
    )


def _quote(article_uri, quote, memo):
    return _compact(
        {
            "name": f"quote-{quote.order or quote.pk}",
            "rel": "quote",
            "uri": f"{article_uri}#quote-{quote.pk}",
            "type": "text",
            "bodies": [{"contentType": "text/plain", "value": quote.text}],
            "people": [person(quote.speaker, "speaker", memo)],
            "descriptions": [{"role": "context", "value": quote.context}] if quote.context else [],
        }
    )


def _note(article_uri, note):
    return {
        "name": f"{note.kind}-{note.pk}",
        "rel": note.kind,
        "uri": f"{article_uri}#note-{note.pk}",
        "type": "text",
        "firstCreated": iso_datetime(note.published_at),
        "headlines": [{"value": note.get_kind_display()}],
        "bodies": [{"contentType": "text/plain", "value": note.text}],
    }


def document(article, *, at=None, memo=None):
    """The ninjs 3.1 document of a story read through for_documents(). Documents built for
    one answer share `memo` (a dict), so each picture and record is described once."""
    uri = story_uri(article)
    text = plain_text(article.body)
    people = [person(b.person, b.role, memo) for b in article.bylines.all()]
    people += [person(p, "about", memo) for p in article.people.all()]
    subjects = [
        {"name": tag.name, "rel": "tag", "literal": tag.slug,
         "uri": _kept(memo, ("tag", tag.pk), lambda tag=tag: _tag_url(tag))}
        for tag in article.tags.all()
    ]  # fmt: skip
    if article.section is not None:
        subjects.insert(
            0,
            {
                "name": article.section.name,
                "rel": "section",
                "literal": article.section.slug,
                "uri": absolute_url(article.section.get_absolute_url()),
            },
        )
    places = [_record(p, "about", "articles:place-detail", memo) for p in article.places.all()]
    if article.dateline is not None:
        places.insert(0, _record(article.dateline, "dateline", "articles:place-detail", memo))
    associations = []
    if article.lead_image is not None:
        image = article.lead_image
        associations.append(_kept(memo, ("image", image.pk), lambda: _picture(image)))
    associations += [_quote(uri, q, memo) for q in article.quotes.all()]
    associations += [_note(uri, n) for n in article.visible_notes]
    return _compact(
        {
            "uri": uri,
            "standard": {"name": "ninjs", "version": "3.1", "schema": VERSIONS["3.1"]},
            "type": "text",
            "representationType": "full",
            "profile": "newsroom-story",
            "firstCreated": iso_datetime(article.published_at),
            "versionCreated": iso_datetime(article.last_modified_at),
            "contentCreated": iso_datetime(article.created_at),
            "embargoedUntil": (
                iso_datetime(article.published_at) if is_embargoed(article, at=at) else None
            ),
            "pubStatus": "usable",
            "copyrightHolder": settings.SITE_NAME,
            "usageTerms": settings.NEWSROOM_API_USAGE_TERMS,
            "language": settings.LANGUAGE_CODE.split("-")[0],
            "slugline": article.slug,
            "headlines": [{"role": "main", "value": article.headline}],
            "descriptions": [{"role": "summary", "value": article.dek}] if article.dek else [],
            "bodies": [
                {
                    "role": "main",
                    "contentType": "text/html",
                    "charCount": len(text),
                    "wordCount": len(text.split()),
                    "value": article.body,
                }
            ],
            "by": article.credit_line,
            "infoSources": _source(article, memo),
            "located": dateline(article),
            "people": people,
            "organisations": [
                _record(o, "about", "articles:organisation-detail", memo)
                for o in article.organisations.all()
            ],
            "places": places,
            "subjects": subjects,
            "altIds": [
                {"role": role, "value": value}
                for role, value in (
                    ("url", absolute_url(article.get_absolute_url())),
                    ("original-url", article.source_url),
                )
                if value
            ],
            "associations": associations,
        }
    )


def _source(article, memo):
    """The agency or publication a story came from (credits), with its authority id."""
    if article.source is None:
        return []
    record = _record(article.source, "", "articles:organisation-detail", memo)
    return [{"name": record["name"], "role": "source", "uri": record["uri"],
             "literal": record["literal"]}]  # fmt: skip


def _tag_url(tag):
    return absolute_url(reverse("articles:tag-detail", args=[tag.slug]))


def as_version(data, version):
    """A 3.1 document as `version`: for 2.2 every key in lower case, `embargoedUntil` as
    `embargoed`, the associations without `rel` (2.2 has none; their `name` says it)."""
    if version == "3.1":
        return data
    return _to_2_2(data)


def _to_2_2(value, *, association=False):
    if isinstance(value, list):
        return [_to_2_2(item, association=association) for item in value]
    if not isinstance(value, dict):
        return value
    converted = {}
    for key, item in value.items():
        if association and key == "rel":
            continue
        if key == "standard":
            item = {**item, "version": "2.2", "schema": VERSIONS["2.2"]}
        new_key = RENAMED_IN_3.get(key, key.lower())
        converted[new_key] = _to_2_2(item, association=key == "associations")
    return converted
