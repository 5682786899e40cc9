"""The newsroom's background work (background/engine.py): each task safe to run twice."""

from articles.models import Article, Image
from background.engine import Retry, task

# A picture that fails to render twice will fail again: the desk sees it after three runs.
RENDITION_RETRY = Retry(max_attempts=3, first_delay=30)


@task(retry=RENDITION_RETRY)
def make_renditions(image_id):
    """(Re)make an uploaded picture's renditions; the page shows the original until then.
    Safe twice: each run replaces what the last one made, from the file there now."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return "The picture was deleted; nothing to render."
    if not image.file:
        return "The picture has no file; nothing to render."
    image.make_renditions()
    return f"{image.renditions.count()} renditions made."


# Rendering again and working lists out again are cheap: try soon, a few times.
KEPT_RETRY = Retry(max_attempts=5, first_delay=5)


@task(retry=KEPT_RETRY)
def render_story_pages(article_ids):
    """Render and keep the page parts of these stories (articles/story_parts.py). Safe
    twice: a rendering is kept only under the token it started with."""
    from articles import story_parts

    # No page to forget: the parts are what rendering the story now gives, and a page made
    # from them depends on the rows they show (StoryPage.shown), forgotten with those rows.
    changed = story_parts.render_and_keep(list(article_ids))
    return f"{len(changed)} of {len(article_ids)} stories' page parts changed."


@task(retry=KEPT_RETRY)
def refresh_related(article_id, also=()):
    """Work out again every related list a change to this story may have changed (its
    own, the lists that show it, the lists it would now enter), and `also`. Safe twice."""
    from articles import related
    from newsroom.serving import invalidation

    changed = related.keep(sorted(related.lists_to_refresh(article_id) | set(also)))
    invalidation.forget([invalidation.row_tag(Article, pk) for pk in changed])
    return f"{len(changed)} related lists changed."
