"""What makes a story's kept page parts and related lists stale (articles/story_parts.py,
articles/related.py): the one place that says which stories a change reaches.

Signals, like the page cache's invalidation, so that every writer (the admin, imports,
restoring a revision, the checks' fixes) is covered without each having to remember:

- a save or delete of anything the parts show (the story, its bylines, quotes, notes, people
  and their roles, organisations, places, section, tags, lead image and its renditions)
  forgets the parts of the stories that show it, in the same transaction, and queues their
  rendering;
- a save of a story, or a change to its people, places or tags, queues the refresh of
  every related list it may enter or leave (tasks.refresh_related).

Writers that bypass signals (`update()`, `bulk_create()`) are caught for the story's own
row by the parts' fingerprint; for other rows they call story_parts.forget() themselves.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from taggit.models import Tag, TaggedItem

from articles import story_parts
from articles.models import (
    Article,
    Byline,
    Correction,
    Image,
    Organisation,
    Person,
    Place,
    Quote,
    Rendition,
    Role,
    Section,
)


def _ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def showing_person(person_id):
    return (
        _ids(Article.objects.filter(people=person_id))
        | _ids(Article.objects.filter(bylines__person=person_id))
        | _ids(Article.objects.filter(quotes__speaker=person_id))
    )


def showing_organisation(organisation_id):
    return (
        _ids(Article.objects.filter(organisations=organisation_id))
        | _ids(Article.objects.filter(source=organisation_id))
        # A person's title of the day names the organisation of their role.
        | _ids(Article.objects.filter(people__roles__organisation=organisation_id))
    )


def showing_place(place_id):
    return (
        _ids(Article.objects.filter(places=place_id))
        | _ids(Article.objects.filter(dateline=place_id))
        | _ids(Article.objects.filter(dateline__parent=place_id))
    )


def _is_article_tag(item):
    return item.content_type_id == ContentType.objects.get_for_model(Article).pk


# Which stories show a row of each model: {model: row -> story ids}.
SHOWING = {
    Article: lambda story: {story.pk},
    Byline: lambda byline: {byline.article_id},
    Quote: lambda quote: {quote.article_id},
    Correction: lambda note: {note.article_id},
    Person: lambda person: showing_person(person.pk),
    Role: lambda role: _ids(Article.objects.filter(people=role.person_id)),
    Organisation: lambda organisation: showing_organisation(organisation.pk),
    Place: lambda place: showing_place(place.pk),
    Section: lambda section: _ids(Article.objects.filter(section=section.pk)),
    Image: lambda image: _ids(Article.objects.filter(lead_image=image.pk)),
    Rendition: lambda rendition: _ids(Article.objects.filter(lead_image=rendition.image_id)),
    Tag: lambda tag: _ids(Article.objects.filter(tags=tag.pk)),
    TaggedItem: lambda item: {item.object_id} if _is_article_tag(item) else set(),
}


def _deleting_stories(origin):
    """A delete that removes stories themselves: their parts go with them."""
    model = getattr(origin, "model", type(origin))
    return model is Article


def row_saved(sender, instance, raw=False, **kwargs):
    story_parts.forget(SHOWING[sender](instance))
    if sender is Article:
        _refresh_related(instance.pk)
    elif sender is TaggedItem and _is_article_tag(instance):
        _refresh_related(instance.object_id)


def row_deleting(sender, instance, origin=None, **kwargs):
    # Read before the delete, while the row's links still exist.
    if not _deleting_stories(origin):
        story_parts.forget(SHOWING[sender](instance))


def story_deleting(sender, instance, **kwargs):
    # The lists that show it lose it with the delete: work them out again, afterwards.
    from articles.models import RelatedStory
    from articles.tasks import refresh_related

    listing = RelatedStory.objects.filter(related=instance.pk).values_list("article", flat=True)
    refresh_related.enqueue(instance.pk, also=sorted(set(listing)))


def tag_deleted(sender, instance, origin=None, **kwargs):
    if _is_article_tag(instance) and not _deleting_stories(origin):
        _refresh_related(instance.object_id)


def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"pre_clear", "post_add", "post_remove"}:
        return
    stories = set(pk_set or ()) if reverse else {instance.pk}
    if action == "pre_clear" and reverse:
        stories = _ids(instance.articles.all())
    story_parts.forget(stories)
    if sender is not Article.organisations.through:
        for story in stories:
            _refresh_related(story)


def _refresh_related(story_id):
    from articles.tasks import refresh_related

    refresh_related.enqueue(story_id)


def connect():
    """Called once, by ArticlesConfig.ready()."""
    for model in SHOWING:
        uid = f"kept-parts-{model._meta.label}"
        post_save.connect(row_saved, sender=model, dispatch_uid=f"{uid}-save")
        pre_delete.connect(row_deleting, sender=model, dispatch_uid=f"{uid}-delete")
    pre_delete.connect(story_deleting, sender=Article, dispatch_uid="kept-related-story")
    post_delete.connect(tag_deleted, sender=TaggedItem, dispatch_uid="kept-related-tag")
    for relation in (Article.people, Article.places, Article.organisations):
        m2m_changed.connect(
            links_changed, sender=relation.through, dispatch_uid=f"kept-{relation.field.name}"
        )
