"""The newsroom's background work (background/engine.py): each task safe to run twice."""

from articles.models import Image
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
