"""What invalidates what: the one place that says which kept reader pages, and which values
kept with them, a change makes stale.

- **A page is kept under the tags of what it shows** (dependencies.py: the rows it read, the
  lists it declared). **A change forgets the tags of what it changed** (`tags_changed()`,
  through the signals below): the row (`article-12`; a byline or a quote forgets its
  story), its model's every tag, and when a story enters or leaves lists (published,
  unpublished, moved, re-linked) those lists (`list-section-4`, `list-stories`...). So a
  save forgets the story's page, the list pages, feeds and sitemaps that show it and the
  stories whose related lists show it, and nothing else.
- Every model of `CONTENT_APPS` counts unless `NEVER_SHOWN` lists it; one not in `RULES`
  forgets every page (`forget_pages()`), so a model added later invalidates broadly until
  someone writes its rule. `update()`, `bulk_create()` and raw SQL send no signals: code
  that writes content that way calls `forget()` with the rows' tags, or `forget_pages()`,
  once, at the end (the generator and the WordPress import do).
- **Changes nobody saves** (a scheduled story going live, a note dated ahead, a campaign
  starting or ending) are in `scheduled_changes()`: a page is kept only until the first
  of them that touches one of its tags, and no header promises longer.
- **Values derived from content** (the section menu, the campaigns' targeting, the
  schedule) are kept with `kept_until_change()` under their own tags, the same way.

Forgetting writes new tag versions (versions.py) at once and again when the transaction
commits, tells every process (page_copies.py) and, when configured, the edge cache
(purge.py). With the cache down, pages come from the database (shared_cache.py).
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from newsroom.serving import db_router, page_copies, shared_cache, versions
from newsroom.serving.dependencies import LINKS, STORIES, every_tag, list_tag, owner_of, row_tag
from newsroom.serving.kept import changed_at_key, generation_key

CONTENT_APPS = {"articles", "donations", "taggit"}
# Rows readers never see: the desk's history, and pledges with the totals they keep (the
# appeal's progress bar is refreshed with its page, NEWSROOM_PAGE_TOTALS_SECONDS).
NEVER_SHOWN = {
    "articles.StatusChange",
    "articles.Revision",
    "articles.BoilerplatePattern",
    # A story's kept page parts and related list: derived, written without signals; what
    # they show is tagged by the rows themselves (StoryPage.shown), and a related list
    # that changes forgets its story (articles/tasks.py).
    "articles.StoryPage",
    "articles.RelatedStory",
    "donations.Pledge",
    "donations.PledgeStatusChange",
    "donations.CampaignTotals",
    "donations.CampaignDonor",
    "donations.AppealStat",
    "donations.PledgeExport",
    "donations.Payment",
    "donations.PaymentStatusChange",
    "donations.PaymentAttempt",
    "donations.StripeEvent",
}
# Fields whose old value a change needs (read in pre_save): where the row was listed.
WATCHED = {
    "articles.Article": ("status", "published_at", "section_id", "dateline_id"),
    "articles.Byline": ("article_id", "person_id"),
    "articles.Quote": ("article_id", "speaker_id"),
    "articles.Role": ("person_id", "organisation_id"),
    "articles.Correction": ("article_id",),
    "articles.Place": ("parent_id",),
    "articles.Organisation": ("parent_id",),
}
# Models with a rule below; any other model readers see forgets every page.
RULES = {
    *WATCHED,
    "articles.Section",
    "articles.Person",
    "articles.Image",
    "articles.Rendition",
    "articles.ArticleSlugHistory",
    "donations.Campaign",
    "taggit.Tag",
    "taggit.TaggedItem",
}
# The campaigns' targeting reads where places and organisations sit.
TREES = {"articles.Place": "place-tree", "articles.Organisation": "organisation-tree"}
TARGETING_TAGS = (every_tag("campaign"), *TREES.values())
# The story links that put a story on a list page: (relation, the list's model).
LIST_LINKS = (
    ("people", "person"),
    ("places", "place"),
    ("organisations", "organisation"),
    ("tags", "tag"),
)


def shown_to_readers(model):
    return model._meta.app_label in CONTENT_APPS and model._meta.label not in NEVER_SHOWN


# What a change forgets ----------------------------------------------------------------


def story_lists(article, old=None):
    """The list tags of the lists a story is on (and, with `old` values, was on)."""
    tags = {STORIES, LINKS, row_tag("article", article.pk)}
    for values in (vars(article), old or {}):
        if values.get("section_id"):
            tags.add(list_tag("section", values["section_id"]))
        if values.get("dateline_id"):
            tags.add(list_tag("place", values["dateline_id"]))
    if article.pk is not None:
        for relation, model_name in LIST_LINKS:
            ids = getattr(article, relation).values_list("pk", flat=True)
            tags.update(list_tag(model_name, pk) for pk in ids)
        ids = article.bylines.values_list("person_id", flat=True)
        tags.update(list_tag("person", pk) for pk in ids)
    return tags


def _listed(values):
    """Whether a story with these values is on reader lists now."""
    return (
        values.get("status") == "published"
        and values.get("published_at") is not None
        and values["published_at"] <= timezone.now()
    )


def tags_changed(instance, old, *, created=False, deleted=False):
    """The tags a saved or deleted row makes stale; None: every page."""
    label = instance._meta.label
    if label not in RULES:
        return None
    owner, owner_id = owner_of(instance)
    tags = {row_tag(owner, owner_id), every_tag(instance._meta.model_name)}
    old = old or {}
    moved = created or deleted or any(old.get(f) != getattr(instance, f) for f in old)
    if label == "articles.Article":
        if moved and (_listed(vars(instance)) or _listed(old)):
            tags |= story_lists(instance, old)
    elif label in {"articles.Byline", "articles.Quote"}:
        field = "person_id" if label == "articles.Byline" else "speaker_id"
        people = {getattr(instance, field), old.get(field)}
        tags |= {list_tag("person", pk) for pk in people if pk}
        if old.get("article_id") not in {None, instance.article_id}:
            tags.add(row_tag("article", old["article_id"]))
    elif label == "articles.Role":
        tags |= {row_tag("organisation", instance.organisation_id)}
        if old.get("organisation_id"):
            tags.add(row_tag("organisation", old["organisation_id"]))
    elif label in TREES and moved:
        # The parent's page lists what is inside it; the campaigns' targeting reads the tree.
        parents = {instance.parent_id, old.get("parent_id")}
        tags |= {row_tag(instance._meta.model_name, pk) for pk in parents if pk}
        tags.add(TREES[label])
    elif label == "taggit.TaggedItem":
        tags.add(list_tag("tag", instance.tag_id))
    return tags


def tags_relinked(instance, model, pk_set, reverse):
    """The tags a change to a many-to-many link makes stale (an article's people, a
    campaign's places)."""
    if "donations.Campaign" in {instance._meta.label, model._meta.label}:
        ids = [instance.pk] if not reverse else list(pk_set)
        return {every_tag("campaign"), *(row_tag("campaign", pk) for pk in ids)}
    if not reverse:  # an article's links to `model`: on their lists if it is live
        tags = {row_tag("article", instance.pk)}
        if instance._meta.label == "articles.Article" and not instance.is_live:
            return tags
        return tags | {LINKS} | {list_tag(model._meta.model_name, pk) for pk in pk_set}
    # From the other side (person.articles.add(...)): those stories, and this record's list.
    tags = {row_tag("article", pk) for pk in pk_set}
    return tags | {list_tag(instance._meta.model_name, instance.pk), STORIES, LINKS}


@receiver(pre_save, dispatch_uid="page-cache-old-values")
def remember_old_values(sender, instance, raw=False, **kwargs):
    fields = WATCHED.get(sender._meta.label)
    if fields and instance.pk is not None and not raw:
        row = sender._default_manager.filter(pk=instance.pk).values(*fields).first()
        instance._serving_old = row


@receiver(post_save, dispatch_uid="page-cache-save")
def content_saved(sender, instance, created=False, raw=False, **kwargs):
    if shown_to_readers(sender):
        old = getattr(instance, "_serving_old", None)
        if not created and old is None and sender._meta.label in WATCHED:
            created = True  # saved with a new pk: treat as new
        _forget_or_all(tags_changed(instance, old, created=created))


@receiver(pre_delete, dispatch_uid="page-cache-before-delete")
def content_deleting(sender, instance, **kwargs):
    # Its lists are read now, while its links still exist.
    if shown_to_readers(sender):
        instance._serving_tags = tags_changed(instance, None, deleted=True)


@receiver(post_delete, dispatch_uid="page-cache-delete")
def content_deleted(sender, instance, **kwargs):
    if shown_to_readers(sender):
        tags = getattr(instance, "_serving_tags", None)
        _forget_or_all(tags if tags is not None else tags_changed(instance, None, deleted=True))


@receiver(m2m_changed, dispatch_uid="page-cache-relations")
def relations_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    # `sender` is the relation's own table (an article's people, a campaign's places).
    if not shown_to_readers(sender):
        return
    if action == "pre_clear":
        instance._serving_cleared = _linked_ids(sender, instance, model)
    elif action in {"post_add", "post_remove", "post_clear"}:
        if action == "post_clear":
            pk_set = getattr(instance, "_serving_cleared", set())
        _forget_or_all(tags_relinked(instance, model, pk_set or set(), reverse))


def _linked_ids(through, instance, model):
    """The ids of `model` linked to `instance` through `through`, before a clear()."""
    for field in through._meta.get_fields():
        related = getattr(field, "related_model", None)
        if related is model and field.concrete:
            column = field.attname
        elif related is type(instance) and field.concrete:
            source = field.attname
    if through._meta.label == "taggit.TaggedItem":
        return set(through.objects.filter(object_id=instance.pk).values_list("tag_id", flat=True))
    return set(through.objects.filter(**{source: instance.pk}).values_list(column, flat=True))


def _forget_or_all(tags):
    if tags is None:
        forget_pages()
    else:
        forget(tags)


# Forgetting ---------------------------------------------------------------------------

UNAVAILABLE = "Cache unavailable; kept pages will expire on their own"


class _Batch:
    """The tags one transaction forgot, forgotten again, and purged, when it commits."""

    def __init__(self):
        self.tags = set()

    def committed(self):
        _forget_now(self.tags)
        from newsroom.serving import purge

        purge.purge_later(self.tags)


def forget(tags):
    """Every kept page and value under any of `tags` is stale: at once, and again when the
    transaction commits (a reader who rendered the old rows in between kept the page under
    the versions forgotten the second time). Edge caches hear once, after the commit; the
    tags of one transaction go together."""
    tags = set(tags)
    if not tags:
        return
    _forget_now(tags)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:  # committed already
        from newsroom.serving import purge

        purge.purge_later(tags)
        return
    batch = getattr(connection, "serving_batch", None)
    # A batch whose callback a rollback dropped is not this transaction's.
    if batch is None or not any(c[1] == batch.committed for c in connection.run_on_commit):
        batch = connection.serving_batch = _Batch()
        transaction.on_commit(batch.committed)
    batch.tags |= tags


def _forget_now(tags):
    prefix = generation_key()
    try:
        versions.bump(prefix, tags)
        if db_router.replica_configured():
            cache.set(changed_at_key(), timezone.now(), versions.VERSION_SECONDS)
    except shared_cache.CACHE_DOWN:
        shared_cache.warn(UNAVAILABLE)
    _tell_processes(" ".join(sorted(tags)))


def forget_pages():
    """Every kept page and value is stale (a new generation): for bulk writers that changed
    more than they can name, and for models without a rule."""
    try:
        cache.delete(generation_key())
        cache.set(changed_at_key(), timezone.now(), versions.VERSION_SECONDS)
    except shared_cache.CACHE_DOWN:
        shared_cache.warn(UNAVAILABLE)
    _tell_processes(page_copies.EVERYTHING)
    transaction.on_commit(_forget_all_committed)


def _forget_all_committed():
    shared_cache.forget_many([generation_key()], unavailable=UNAVAILABLE)
    _tell_processes(page_copies.EVERYTHING)
    from newsroom.serving import purge

    purge.purge_later([purge.SITE_KEY])


def _tell_processes(message):
    if hasattr(cache, "publish"):
        try:
            cache.publish(page_copies.channel(generation_key()), message)
        except shared_cache.CACHE_DOWN:
            shared_cache.warn(UNAVAILABLE)


def moments(queryset, field):
    """The times in `field` as one column named "moment" (the models' change_moments())."""
    return queryset.annotate(moment=F(field)).values_list("moment", flat=True)
