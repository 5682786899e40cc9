"""POST bodies for the article admin form, as the browser would send them."""

from django.urls import reverse
from django.utils import timezone

from articles.models import Article


def inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_post(*, bylines=(), quotes=(), **fields):
    """The add/change form's data; `bylines` and `quotes` are lists of row dicts."""
    data = {
        "headline": "Council votes to reopen the river ferry",
        "slug": "council-votes-to-reopen-the-river-ferry",
        "dek": "The crossing closed in 2019.",
        "body": "<p>The vote was 7 to 2.</p>",
        "section": "",
        "tags": "",
        "lead_image": "",
        "dateline": "",
        "has_appeal": "on",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
    }
    data.update(inline_management("bylines", total=len(bylines)))
    for i, row in enumerate(bylines):
        data.update({f"bylines-{i}-{key}": value for key, value in row.items()})
    data.update(inline_management("quotes", total=len(quotes)))
    for i, row in enumerate(quotes):
        data.update({f"quotes-{i}-{key}": value for key, value in row.items()})
    data.update(inline_management("corrections"))
    for key, value in fields.items():
        data[key] = value
    return {key: value for key, value in data.items() if value is not None}


def change_post(article, *, drop=(), add_bylines=(), add_quotes=(), **fields):
    """The change form as the browser sends it back: the story as saved, with changes.

    `drop` holds bylines and quotes to delete; `add_*` are new rows as form dicts.
    """
    article = Article.objects.get(pk=article.pk)
    current = {
        "headline": article.headline,
        "slug": article.slug,
        "dek": article.dek,
        "body": article.body,
        "section": str(article.section_id or ""),
        "dateline": str(article.dateline_id or ""),
        "lead_image": str(article.lead_image_id or ""),
        "people": [str(pk) for pk in article.people.values_list("pk", flat=True)],
        "organisations": [str(pk) for pk in article.organisations.values_list("pk", flat=True)],
        "places": [str(pk) for pk in article.places.values_list("pk", flat=True)],
        "tags": ", ".join(sorted(article.tags.names())),
        "has_appeal": "on" if article.has_appeal else None,
        "status": article.status,
    }
    for name in ("published_at", "embargo_until", "source_published_at"):
        if getattr(article, name):
            local = timezone.localtime(getattr(article, name))
            current[f"{name}_0"] = local.strftime("%Y-%m-%d")
            current[f"{name}_1"] = local.strftime("%H:%M:%S")
    current["source"] = str(article.source_id or "")
    current["source_url"] = article.source_url
    data = article_post(**current | fields)
    bylines = [(b, {"person": b.person_id, "role": b.role}) for b in article.bylines.all()]
    quotes = [
        (q, {"speaker": q.speaker_id, "text": q.text, "context": q.context})
        for q in article.quotes.all()
    ]
    for prefix, rows, added in (("bylines", bylines, add_bylines), ("quotes", quotes, add_quotes)):
        data.update(inline_management(prefix, total=len(rows) + len(added), initial=len(rows)))
        for i, (row, values) in enumerate(rows):
            values |= {"id": row.pk, "article": article.pk, "order": row.order}
            if row in drop:
                values["DELETE"] = "on"
            data.update({f"{prefix}-{i}-{key}": value for key, value in values.items()})
        for i, values in enumerate(added, start=len(rows)):
            data.update(
                {f"{prefix}-{i}-{key}": value for key, value in (values | {"order": ""}).items()}
            )
    return data


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])
