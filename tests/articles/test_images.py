"""Picture uploads through the admin: what is refused, what is stored, what is made."""

import io
import os
import re
import struct
import time
import zlib

import pytest
from django.urls import reverse
from PIL import Image as PILImage
from PIL import features

from articles import images
from articles.models import Image, Rendition
from tests.factories import image_bytes, make_article, make_image, upload

pytestmark = pytest.mark.django_db


def post_image(client, file, **fields):
    data = {"file": file, "alt_text": "Alt", "caption": "", "credit": "Staff"}
    data.update(fields)
    return client.post(reverse("admin:articles_image_add"), data)


def stored_files(media_root):
    return [os.path.join(d, f) for d, _, files in os.walk(media_root) for f in files]


def png_with_size(width, height):
    """A tiny PNG whose header claims width×height pixels (how real bombs start)."""
    data = bytearray(image_bytes(size=(1, 1), fmt="PNG"))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17]))
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


def one_bit_png(width, height):
    buffer = io.BytesIO()
    PILImage.new("1", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


TRUNCATED = image_bytes(size=(800, 600), fmt="JPEG", color=(10, 200, 90))[:2500]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bomb.png", lambda: one_bit_png(8000, 6000), "8000×6000 pixels (48 megapixels)"),
        ("huge.png", lambda: png_with_size(30000, 30000), "too many pixels"),
        ("drawing.svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"),
        ("notes.txt", lambda: b"just some text", "not a picture we can use"),
        ("scan.bmp", lambda: image_bytes(fmt="BMP"), "BMP pictures are not accepted"),
        ("scan.tiff", lambda: image_bytes(fmt="TIFF"), "TIFF pictures are not accepted"),
        ("cut.jpg", lambda: TRUNCATED, "damaged or incomplete"),
    ],
    ids=["bomb", "huge-header", "svg", "text", "bmp", "tiff", "truncated"],
)
def test_bad_upload_is_refused_with_a_message_and_nothing_stored(
    journalist_client, media_root, name, data, message
):
    response = post_image(journalist_client, upload(name, data()), alt_text="Kept alt text")

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Kept alt text" in html  # the form comes back filled in
    assert Image.objects.count() == 0
    assert Rendition.objects.count() == 0
    assert stored_files(media_root) == []


def test_byte_cap(journalist_client, media_root, settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 2 * 1024 * 1024
    big = os.urandom(3 * 1024 * 1024)
    response = post_image(journalist_client, upload("big.jpg", big))
    assert "pictures may be at most 2 MB" in response.content.decode()
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "AVIF", "GIF"])
def test_accepted_formats(journalist_client, fmt, run_tasks):
    response = post_image(journalist_client, upload(f"pic.{fmt.lower()}", image_bytes(fmt=fmt)))
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (400, 300)
    assert not image.renditions.exists()  # the editor does not wait for them
    assert run_tasks() == 1
    assert image.renditions.filter(format="webp").exists()


def test_exif_and_gps_are_stripped_and_orientation_applied(journalist_client):
    exif = PILImage.Exif()
    exif[0x010F] = "SpyCam Inc."  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif.get_ifd(0x8825).update({1: "N", 2: (31.0, 12.0, 30.0), 3: "E", 4: (34.0, 57.0, 0.0)})
    data = image_bytes(size=(400, 300), fmt="JPEG", exif=exif)
    assert PILImage.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # it really has GPS

    response = post_image(journalist_client, upload("gps.jpg", data))

    assert response.status_code == 302
    image = Image.objects.get()
    with image.file.open("rb") as stored:
        picture = PILImage.open(stored)
        assert dict(picture.getexif()) == {}
        assert picture.size == (300, 400)
    assert (image.width, image.height) == (300, 400)
    assert image.uploaded_by is not None


def test_renditions_made_on_save_in_avif_webp_and_fallback():
    image = make_image(file=upload("wide.jpg", image_bytes(size=(2000, 1000))))

    avif = [r.width for r in image.renditions_in("avif")]
    webp = [r.width for r in image.renditions_in("webp")]
    jpg = [r.width for r in image.renditions_in("jpg")]
    assert webp == jpg == [320, 640, 960, 1280, 1920]
    assert avif == (webp if features.check("avif") else [])
    widest = image.renditions_in("webp")[-1]
    assert widest.height == 960
    with widest.file.open("rb") as f:
        assert PILImage.open(f).format == "WEBP"
    assert "320w" in image.srcset("webp") and "1920w" in image.srcset("jpg")


def test_small_and_transparent_pictures_are_not_upscaled_and_keep_alpha():
    image = make_image(
        file=upload("logo.png", image_bytes(size=(400, 200), fmt="PNG", alpha=True))
    )
    assert [r.width for r in image.renditions_in("webp")] == [320, 400]
    assert image.fallback_format == "png"
    assert image.fallback().width == 400


def test_editing_alt_text_keeps_the_file_and_renditions(journalist_client):
    image = make_image()
    renditions = set(image.renditions.values_list("pk", flat=True))
    response = journalist_client.post(
        reverse("admin:articles_image_change", args=[image.pk]),
        {"alt_text": "Better alt", "caption": "", "credit": "Staff"},
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.alt_text == "Better alt"
    assert set(image.renditions.values_list("pk", flat=True)) == renditions


# Animations -------------------------------------------------------------------------------


def animated_gif(size, frames):
    """A GIF of `frames` frames, a small square moving across each: tiny files, as the
    hostile ones are (the bomb from issue 19 was 355 KB)."""
    pictures = []
    for n in range(frames):
        frame = PILImage.new("P", size, 0)
        frame.putpalette([255, 255, 255, 200, 30, 30] + [0] * 762)
        frame.paste(1, (n * 5, n * 5, n * 5 + 40, n * 5 + 40))
        pictures.append(frame)
    buffer = io.BytesIO()
    pictures[0].save(buffer, "GIF", save_all=True, append_images=pictures[1:], duration=50)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def gif_bomb():
    return animated_gif((2000, 2000), 90)


def test_an_animation_with_too_many_pixels_in_all_is_refused_at_once(
    journalist_client, media_root, gif_bomb
):
    started = time.monotonic()
    response = post_image(journalist_client, upload("bomb.gif", gif_bomb, "image/gif"))
    spent = time.monotonic() - started

    assert response.status_code == 200
    assert (
        "This animation is 90 frames of 2000×2000 pixels (360 megapixels in all); the limit "
        "for an animation is 50 megapixels." in response.content.decode()
    )
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []
    assert spent < 2  # it cost 22 s of decoding and re-encoding before the cap


def test_an_animation_with_too_many_frames_is_refused(journalist_client, media_root, settings):
    settings.NEWSROOM_IMAGE_MAX_FRAMES = 10
    response = post_image(journalist_client, upload("long.gif", animated_gif((60, 60), 11)))

    assert "This animation has 11 frames; the limit is 10." in response.content.decode()
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_an_animation_within_the_caps_is_kept_whole_and_rendered_from_its_first_frame(
    journalist_client, run_tasks
):
    response = post_image(journalist_client, upload("move.gif", animated_gif((400, 300), 12)))
    assert response.status_code == 302
    image = Image.objects.get()
    with image.file.open("rb") as stored:
        assert PILImage.open(stored).n_frames == 12

    assert run_tasks() == 1

    widest = image.renditions_in("webp")[-1]
    with widest.file.open("rb") as f:
        still = PILImage.open(f)
        assert getattr(still, "n_frames", 1) == 1
        still = still.convert("RGB")
        assert still.getpixel((2, 2))[1] < 100  # the square where the first frame has it
        assert still.getpixel((70, 70))[1] > 200  # not where the last frame has it


def test_renditions_stop_when_they_take_too_long_and_the_task_fails(settings, run_tasks):
    from background.models import BackgroundTask

    settings.NEWSROOM_RENDITION_SECONDS = 0
    image = make_image(renditions=False, file=upload("wide.jpg", image_bytes(size=(2000, 1000))))

    assert run_tasks() == 1

    task = BackgroundTask.objects.get()
    assert task.exception_class_path == "articles.images.RenditionTooSlow"
    assert "Renditions stopped after" in task.traceback
    assert not image.renditions.exists()


# AVIF beside WebP ------------------------------------------------------------------------


def picture_sources(html):
    """The <source> types of the page's first <picture>, in order."""
    picture = html[html.index("<picture") : html.index("</picture>")]
    return re.findall(r'<source type="([^"]+)" srcset="([^"]+)"', picture)


@pytest.mark.skipif(not features.check("avif"), reason="this Pillow cannot write AVIF")
def test_story_page_offers_avif_first_then_webp(client):
    image = make_image(file=upload("wide.jpg", image_bytes(size=(1000, 500))))
    article = make_article(lead_image=image)

    html = client.get(article.get_absolute_url()).content.decode()

    [(first, avif), (second, webp)] = picture_sources(html)
    assert (first, second) == ("image/avif", "image/webp")
    assert avif.count(".avif ") == 4 and "1000w" in avif  # 320, 640, 960 and the original
    widest = image.renditions_in("avif")[-1]
    with widest.file.open("rb") as f:
        assert PILImage.open(f).format == "AVIF"


def test_without_avif_in_pillow_pages_offer_webp_and_the_fallback(client, monkeypatch):
    monkeypatch.setattr(images, "makes_avif", lambda: False)
    image = make_image(file=upload("wide.jpg", image_bytes(size=(1000, 500))))
    article = make_article(lead_image=image)

    html = client.get(article.get_absolute_url()).content.decode()

    assert not image.renditions.filter(format="avif").exists()
    assert [kind for kind, _ in picture_sources(html)] == ["image/webp"]
    picture = html[html.index("<picture") : html.index("</picture>")]
    assert re.search(r'<img src="[^"]+/1000\.jpg" srcset="[^"]+\.jpg 320w', picture)
