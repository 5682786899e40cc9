"""Schema.org JSON-LD for reader pages: what search engines and link previews read.

Every URL is absolute on settings.SITE_URL, never on the host a request came in on, so a
page cached behind a proxy or fetched under another name still names its real address.
The builders read only rows an article page has already prefetched (Article.for_page()),
so structured data costs no query.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsroom.serving.public_urls import absolute_url

CONTEXT = "https://schema.org"
LOGO = {"path": "img/logo.png", "width": 512, "height": 512}

# Inside <script>, "</script>" or "<!--" in a headline would end the element early; JSON
# allows these characters as \u escapes, so nothing a journalist types can break out.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_tag(data):
    """`data` as a <script type="application/ld+json"> element, safe in any HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),  # noqa: S308 (escaped just above)
    )


def iso_datetime(moment):
    """`moment` in ISO 8601 to the second, in the site's time zone; None stays None."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _compact(data):
    """`data` without the keys whose value is empty: schema.org wants them left out."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def organization_id():
    return absolute_url("/#organization")


def organization():
    """The publisher: the outlet's name, address and logo."""
    return {
        "@type": "NewsMediaOrganization",
        "@id": organization_id(),
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(static(LOGO["path"])),
            "width": LOGO["width"],
            "height": LOGO["height"],
        },
    }


def website():
    """The home page's graph: the site with its search box, and the outlet behind it."""
    search = absolute_url(reverse("articles:search"))
    site = {
        "@type": "WebSite",
        "@id": absolute_url("/#website"),
        "url": absolute_url("/"),
        "name": settings.SITE_NAME,
        "publisher": {"@id": organization_id()},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
    return {"@context": CONTEXT, "@graph": [site, organization()]}


def with_context(data):
    """`data` as a page's own JSON-LD document."""
    return {"@context": CONTEXT, **data}


def person(person, url_name="articles:person-detail", *, role=None):
    """A Person; `role` (a Role) gives the title and organisation of one day, else the
    person's description is the title. Named by `@id` (their page) and `sameAs`."""
    url = absolute_url(reverse(url_name, args=[person.slug]))
    works_for = None
    if role is not None and role.organisation_id is not None:
        works_for = organisation(role.organisation, brief=True)
    return _compact(
        {
            "@type": "Person",
            "@id": f"{absolute_url(reverse('articles:person-detail', args=[person.slug]))}#person",
            "name": person.name,
            "honorificPrefix": person.honorific,
            "jobTitle": role.title if role is not None else person.role,
            "worksFor": works_for,
            "url": url,
            "sameAs": person.same_as,
        }
    )


def organisation(record, *, brief=False):
    """An Organization (the newsroom's records, not the publisher): `@id`, name, sameAs;
    with its description and parent unless `brief`."""
    url = absolute_url(record.get_absolute_url())
    data = {
        "@type": "Organization",
        "@id": f"{url}#organization",
        "name": record.name,
        "url": url,
        "sameAs": record.same_as,
    }
    if not brief:
        data["description"] = record.description
        if record.parent_id is not None:
            data["parentOrganization"] = organisation(record.parent, brief=True)
    return _compact(data)


def place(place):
    geo = None
    if place.latitude is not None and place.longitude is not None:
        geo = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    url = absolute_url(reverse("articles:place-detail", args=[place.slug]))
    return _compact(
        {
            "@type": "Place",
            "@id": f"{url}#place",
            "name": place.name,
            "url": url,
            "geo": geo,
            "sameAs": place.same_as,
        }
    )


def image_urls(image):
    """Absolute URLs of an image's sizes, widest first (one format: the others are copies)."""
    if image is None:
        return []
    renditions = image.renditions_in(image.fallback_format)
    if not renditions:
        return [absolute_url(image.file.url)] if image.file else []
    return [absolute_url(r.file.url) for r in reversed(renditions)]


def dateline(article):
    if article.dateline is None:
        return ""
    parent = article.dateline.parent
    return f"{article.dateline.name}, {parent.name}" if parent else article.dateline.name


def authors(article):
    """Who wrote it: the people in its byline, or the agency alone when it has none."""
    people = [person(b.person, "articles:author-detail") for b in article.author_bylines]
    if not people and article.source is not None:
        return [organisation(article.source, brief=True)]
    return people


def based_on(article):
    """The original a credited story reproduces: its address and time, and who published it."""
    if article.source is None or not article.source_url:
        return None
    return _compact(
        {
            "@type": "NewsArticle",
            "url": article.source_url,
            "datePublished": iso_datetime(article.source_published_at),
            "publisher": organisation(article.source, brief=True),
        }
    )


def news_article(article):
    """A NewsArticle for `article`: who wrote it, whom it quotes; `about` the people and
    organisations linked to it (each person with the title and organisation of the story's
    day), `mentions` its places (the dateline as `contentLocation`), each with `sameAs`."""
    url = absolute_url(article.get_absolute_url())
    article_id = f"{url}#article"
    day = article.day
    people = {p.pk: person(p, role=p.role_on(day)) for p in article.people.all()}
    quotes = [
        {
            "@type": "Quotation",
            "text": quote.text,
            "creator": people.get(quote.speaker_id) or person(quote.speaker),
            "isPartOf": {"@id": article_id},
        }
        for quote in article.quotes.all()
    ]
    organisations = [organisation(o, brief=True) for o in article.organisations.all()]
    places = [place(p) for p in article.places.all()]
    notes = [
        {
            "@type": "CorrectionComment",
            "text": f"{note.get_kind_display()}: {note.text}",
            "datePublished": iso_datetime(note.published_at),
        }
        for note in article.notes
    ]
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "NewsArticle",
            "@id": article_id,
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "headline": article.headline,
            "description": article.summary(),
            "image": image_urls(article.lead_image),
            "datePublished": iso_datetime(article.published_at),
            "dateModified": iso_datetime(article.last_modified_at),
            "author": authors(article),
            "sourceOrganization": (
                organisation(article.source, brief=True) if article.source else None
            ),
            "isBasedOn": based_on(article),
            "publisher": organization(),
            "articleSection": article.section.name if article.section else "",
            "keywords": [tag.name for tag in article.tags.all()],
            "dateline": dateline(article),
            "contentLocation": place(article.dateline) if article.dateline else None,
            "about": list(people.values()) + organisations,
            "mentions": places,
            "hasPart": quotes,
            "correction": notes,
            "isAccessibleForFree": True,
        }
    )
