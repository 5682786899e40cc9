"""Uploaded pictures: what we accept, how we clean them, and the renditions we make.

Every decode goes through open_checked(), which refuses a file before decoding a pixel
when it is too many bytes or too many pixels, or an animation of too many frames or too many
pixels in all its frames together, so a decompression bomb costs nothing. Renditions are
made from the first frame only, within NEWSROOM_RENDITION_SECONDS.
"""

import io
import time
import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError, features

# Pillow's format name -> the extension we store it under.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif", "GIF": "gif"}
ACCEPTED_LABEL = "JPEG, PNG, WebP, AVIF or GIF"


def _megapixels(pixels):
    return f"{pixels / 1_000_000:.0f}"


def open_checked(file):
    """Open `file` as a Pillow image after checking its size, format and pixel count.

    Raises ValidationError (codes: too_large, not_an_image, unsupported_format,
    too_many_pixels, damaged); returns a fully loaded image.
    """
    max_bytes = settings.NEWSROOM_IMAGE_MAX_BYTES
    max_pixels = settings.NEWSROOM_IMAGE_MAX_PIXELS
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            "This file is %(size)s MB; pictures may be at most %(limit)s MB.",
            code="too_large",
            params={"size": f"{size / 1048576:.1f}", "limit": f"{max_bytes / 1048576:.0f}"},
        )
    file.seek(0)
    with warnings.catch_warnings():
        # Opening reads only the header. Below twice its limit Pillow merely warns; we
        # compare the size with our own, lower cap straight after, with a clearer message.
        warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
        try:
            image = PILImage.open(file)
        except PILImage.DecompressionBombError:
            raise _too_many_pixels(None, max_pixels) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise ValidationError(
                "This file is not a picture we can use. Upload a %(formats)s image "
                "(SVG and other drawing formats are not accepted).",
                code="not_an_image",
                params={"formats": ACCEPTED_LABEL},
            ) from None
    if image.format not in ACCEPTED_FORMATS:
        raise ValidationError(
            "%(format)s pictures are not accepted. Upload a %(formats)s image.",
            code="unsupported_format",
            params={"format": image.format, "formats": ACCEPTED_LABEL},
        )
    width, height = image.size
    if width * height > max_pixels:
        raise _too_many_pixels(image.size, max_pixels)
    _check_frames(image)
    with warnings.catch_warnings():
        # From here on Pillow's warning is an error: nothing oversized is ever decoded.
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            image.load()
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise _too_many_pixels(image.size, max_pixels) from None
        except (OSError, ValueError, SyntaxError, EOFError):
            raise ValidationError(
                "This picture is damaged or incomplete (it may have been cut off while "
                "uploading). Try exporting it again.",
                code="damaged",
            ) from None
    file.seek(0)
    return image


def _check_frames(image):
    """Refuse an animation with too many frames, or too many pixels in all of them together
    (Pillow's own limit is per frame): counted from the file's structure, nothing decoded."""
    try:
        frames = getattr(image, "n_frames", 1)
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ValidationError(
            "This animation is damaged or incomplete. Try exporting it again.", code="damaged"
        ) from None
    if frames <= 1:
        return
    max_frames = settings.NEWSROOM_IMAGE_MAX_FRAMES
    if frames > max_frames:
        raise ValidationError(
            "This animation has %(frames)s frames; the limit is %(limit)s. Shorten it, or "
            "upload a still picture.",
            code="too_many_frames",
            params={"frames": frames, "limit": max_frames},
        )
    width, height = image.size
    max_total = settings.NEWSROOM_IMAGE_MAX_ANIMATION_PIXELS
    if width * height * frames > max_total:
        raise ValidationError(
            "This animation is %(frames)s frames of %(width)s×%(height)s pixels "
            "(%(mp)s megapixels in all); the limit for an animation is %(limit)s megapixels. "
            "Make it smaller or shorter and upload it again.",
            code="animation_too_large",
            params={
                "frames": frames,
                "width": width,
                "height": height,
                "mp": _megapixels(width * height * frames),
                "limit": _megapixels(max_total),
            },
        )


def _too_many_pixels(size, max_pixels):
    if size is None:
        return ValidationError(
            "This picture has far too many pixels; the limit is %(limit)s megapixels.",
            code="too_many_pixels",
            params={"limit": _megapixels(max_pixels)},
        )
    width, height = size
    return ValidationError(
        "This picture is %(width)s×%(height)s pixels (%(mp)s megapixels); the limit is "
        "%(limit)s megapixels. Resize it and upload it again.",
        code="too_many_pixels",
        params={
            "width": width,
            "height": height,
            "mp": _megapixels(width * height),
            "limit": _megapixels(max_pixels),
        },
    )


def _encode(image, format_name, **options):
    buffer = io.BytesIO()
    image.save(buffer, format=format_name, **options)
    return buffer.getvalue()


def _has_alpha(image):
    return image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )


def clean_original(file):
    """Re-encode an upload without its metadata (EXIF, GPS, comments).

    Returns (ContentFile, width, height). The orientation EXIF carried is applied to the
    pixels first, so the picture still stands the right way up.
    """
    image = open_checked(file)
    source_format = image.format
    extension = ACCEPTED_FORMATS[source_format]
    if source_format == "GIF":
        # Keep animation; GIF carries no EXIF, but drop comments and extensions.
        data = _encode(image, "GIF", save_all=getattr(image, "is_animated", False))
    else:
        image = ImageOps.exif_transpose(image)
        if source_format == "JPEG":
            data = _encode(image.convert("RGB"), "JPEG", quality=90, optimize=True)
        elif source_format == "PNG":
            data = _encode(image, "PNG", optimize=True)
        else:
            data = _encode(image, source_format, quality=90)
    stem = PurePath(getattr(file, "name", "") or "image").stem[:80] or "image"
    return ContentFile(data, name=f"{stem}.{extension}"), image.width, image.height


def rendition_widths(original_width):
    """The widths we render for an original of this width (never upscaled)."""
    widths = [w for w in settings.NEWSROOM_RENDITION_WIDTHS if w < original_width]
    widths.append(min(original_width, max(settings.NEWSROOM_RENDITION_WIDTHS)))
    return sorted(set(widths))


class RenditionTooSlow(Exception):
    """Making a picture's renditions took longer than NEWSROOM_RENDITION_SECONDS."""


def makes_avif():
    """Whether this Pillow can write AVIF (built with libavif): without it, WebP and the
    fallback only, and pages offer what there is."""
    return features.check("avif")


def render(file, widths):
    """Yield (width, height, format, ContentFile) for each width, as AVIF (where Pillow
    can write it), WebP and a JPEG or PNG fallback.

    An animation gives its first frame (open_checked() loads no other). Before each width
    the time spent is checked against NEWSROOM_RENDITION_SECONDS, so no file holds a worker
    much longer than that: RenditionTooSlow, and the task fails for the desk to see.
    """
    started = time.monotonic()
    budget = settings.NEWSROOM_RENDITION_SECONDS
    image = open_checked(file)
    image = ImageOps.exif_transpose(image)
    alpha = _has_alpha(image)
    image = image.convert("RGBA" if alpha else "RGB")
    fallback, extension = ("PNG", "png") if alpha else ("JPEG", "jpg")
    avif = makes_avif()
    for width in widths:
        spent = time.monotonic() - started
        if spent > budget:
            raise RenditionTooSlow(
                f"Renditions stopped after {spent:.1f} s (NEWSROOM_RENDITION_SECONDS is "
                f"{budget}), before the {width} px width."
            )
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), PILImage.Resampling.LANCZOS)
        if avif:
            data = _encode(resized, "AVIF", quality=60)
            yield width, height, "avif", ContentFile(data, name=f"{width}.avif")
        webp = _encode(resized, "WEBP", quality=80, method=4)
        yield width, height, "webp", ContentFile(webp, name=f"{width}.webp")
        options = {"optimize": True} if alpha else {"quality": 82, "optimize": True}
        data = _encode(resized, fallback, **options)
        yield width, height, extension, ContentFile(data, name=f"{width}.{extension}")
