"""What a reader page shows, recorded while it renders: the tags it is kept under.

A page depends on

- **the rows it read**: every row of a model readers see, loaded while the page renders,
  adds its *row tag* (`article-12`, `person-3`) by itself (a `post_init` receiver, so a
  template reaching a new relation cannot forget it). A row that only exists as part of
  another (a byline, a quote, a note, a role, a rendition: `OWNERS`) adds its owner's tag
  instead, so a page carries a few dozen tags, not hundreds. More than `MAX_ROWS` rows of
  one model (a sitemap part) become that model's *every tag* (`every-article`);
- **the lists it shows**, which views declare with `depends_on()`: `list-section-4` (the
  stories of a section), `list-stories` (the newest stories anywhere), `every-person` (all
  the people, as a sitemap lists them). A story entering or leaving a list forgets it;
- **values kept with pages** (the section menu, the campaigns' targeting), whose tags are
  replayed into the page that reads them (invalidation.kept_until_change()).

invalidation.py says which tags each change forgets; page_cache.py keeps the page under the
tags recorded here, and names them in `Surrogate-Key` and `Cache-Tag` for edge caches.
"""

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

# More rows than this of one model on a page: the page depends on the whole model.
MAX_ROWS = 200
# The newest stories wherever they are: the home page, the main feeds, search, sitemaps.
STORIES = "list-stories"
# Which records have published stories (the sitemaps' people, places, tags...).
LINKS = "list-links"

# A campaign's progress bar (donations/appeals.py): the page is fresh for a short time only.
TOTALS = "totals-"

# Rows shown only as part of another row: (the owner's model name, the owner's id field).
OWNERS = {
    "articles.Byline": ("article", "article_id"),
    "articles.Quote": ("article", "article_id"),
    "articles.Correction": ("article", "article_id"),
    "articles.ArticleSlugHistory": ("article", "article_id"),
    "articles.Role": ("person", "person_id"),
    "articles.Rendition": ("image", "image_id"),
}

_recording = ContextVar("page_dependencies", default=None)


class Dependencies:
    """The tags one page (or one kept value) depends on."""

    def __init__(self):
        self.tags = set()
        self.rows = defaultdict(set)  # model name -> ids

    def add(self, *tags):
        self.tags.update(tags)

    def add_row(self, model_name, pk):
        if pk is not None:
            self.rows[model_name].add(pk)

    def merge(self, tags):
        for tag in tags:
            model_name, _, pk = tag.rpartition("-")
            if pk.isdigit() and "-" not in model_name and model_name != "list":
                self.add_row(model_name, int(pk))
            else:
                self.tags.add(tag)

    def final(self):
        """Sorted tags: row tags, or the every tag of a model with more than MAX_ROWS."""
        tags = set(self.tags)
        for model_name, ids in self.rows.items():
            if len(ids) > MAX_ROWS:
                tags.add(every_tag(model_name))
            else:
                tags.update(f"{model_name}-{pk}" for pk in ids)
        return tuple(sorted(tags))


@contextmanager
def recording():
    """Record what is read inside the block; nested blocks also feed the outer one."""
    outer = _recording.get()
    inner = Dependencies()
    token = _recording.set(inner)
    try:
        yield inner
    finally:
        _recording.reset(token)
        if outer is not None:
            outer.merge(inner.final())


def depends_on(*tags):
    """The page being rendered (if any) depends on `tags` too."""
    current = _recording.get()
    if current is not None:
        current.merge(tags)


def _name(model):
    return model if isinstance(model, str) else model._meta.model_name


def row_tag(model, pk):
    """The tag of one row: `article-12`."""
    return f"{_name(model)}-{pk}"


def every_tag(model):
    """The tag of every row of a model, forgotten whenever any of them changes."""
    return f"every-{_name(model)}"


def list_tag(model, pk):
    """The stories listed under one record: `list-section-4`."""
    return f"list-{_name(model)}-{pk}"


def totals_tag(campaign_id):
    return f"{TOTALS}{campaign_id}"


def owner_of(instance):
    """(model name, id) of the row whose tag `instance` adds and forgets."""
    owner = OWNERS.get(instance._meta.label)
    if owner is not None:
        return owner[0], getattr(instance, owner[1])
    if instance._meta.label == "taggit.TaggedItem":
        return "article", instance.object_id
    if instance._meta.auto_created:  # a many-to-many table's row: the story's
        return "article", getattr(instance, "article_id", None)
    return instance._meta.model_name, instance.pk


def row_loaded(sender, instance, **kwargs):
    """post_init, connected for the models readers see (apps.py)."""
    current = _recording.get()
    if current is not None:
        current.add_row(*owner_of(instance))
