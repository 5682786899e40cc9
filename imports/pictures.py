"""Pictures from outside: read from a local folder or fetched from their URL, then made an
Image through the same checks as an upload (articles/images.py open_checked(), run by
Image.save()). Reusable by any importer: `local_file()`, `fetch_bytes()`, `save_image()`.
"""

from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from articles import images
from articles.models import Image
from newsroom import safe_fetch

UPLOADS = "/wp-content/uploads/"


class PictureProblem(Exception):
    """Why a picture could not be had, in words for the report."""


def uploads_path(url):
    """The path under wp-content/uploads/ of an attachment's URL ("2019/05/a.jpg"), or ""."""
    path = unquote(urlsplit(url).path)
    if UPLOADS not in path:
        return ""
    return path.split(UPLOADS, 1)[1]


def local_file(media_dir, relative):
    """The file `relative` names inside `media_dir`, or None when it is not there. A path
    that climbs out of the folder ("../") is a PictureProblem, never read."""
    root = Path(media_dir).resolve()
    parts = PurePosixPath(relative).parts
    if not parts or ".." in parts or PurePosixPath(relative).is_absolute():
        raise PictureProblem(f"{relative!r} is not a path inside the media folder.")
    candidate = root.joinpath(*parts).resolve()
    if not candidate.is_relative_to(root):
        raise PictureProblem(f"{relative!r} leads outside the media folder.")
    if not candidate.is_file():
        return None
    if candidate.stat().st_size > settings.NEWSROOM_IMAGE_MAX_BYTES:
        raise PictureProblem(
            f"{relative} is {candidate.stat().st_size:,} bytes; pictures may be at most "
            f"{settings.NEWSROOM_IMAGE_MAX_BYTES:,}."
        )
    return candidate.read_bytes()


def fetch_bytes(url, *, timeout=safe_fetch.DEFAULT_TIMEOUT):
    """The picture at `url`, fetched through newsroom/safe_fetch.py (public addresses only,
    at most NEWSROOM_IMAGE_MAX_BYTES)."""
    try:
        return safe_fetch.fetch(
            url, max_bytes=settings.NEWSROOM_IMAGE_MAX_BYTES, timeout=timeout, accept="image/*"
        ).content
    except safe_fetch.FetchError as error:
        raise PictureProblem(str(error)) from None


def check(data, name):
    """Raise PictureProblem when `data` would fail the upload checks (nothing written)."""
    try:
        images.open_checked(ContentFile(data, name=name))
    except ValidationError as error:
        raise PictureProblem(" ".join(error.messages)) from None


def save_image(data, *, name, alt_text="", caption="", credit=""):
    """A new Image from `data`, through Image.save() and so the upload checks (metadata
    stripped, renditions queued); PictureProblem when the checks refuse it."""
    image = Image(
        file=ContentFile(data, name=PurePosixPath(name).name or "picture"),
        alt_text=alt_text[:300],
        caption=caption[:500],
        credit=credit[:200],
    )
    try:
        image.save()
    except ValidationError as error:
        raise PictureProblem(" ".join(error.messages)) from None
    return image
