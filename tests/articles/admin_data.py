"""POST bodies for the article admin form, as the browser would send them."""


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
