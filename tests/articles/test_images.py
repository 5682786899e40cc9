"""Picture uploads through the admin: what is refused, what is stored, what is made."""

import io
import os
import struct
import zlib

import pytest
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Image, Rendition
from tests.factories import image_bytes, make_image, upload

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


def test_renditions_made_on_save_in_webp_and_fallback():
    image = make_image(file=upload("wide.jpg", image_bytes(size=(2000, 1000))))

    webp = [r.width for r in image.renditions_in("webp")]
    jpg = [r.width for r in image.renditions_in("jpg")]
    assert webp == jpg == [320, 640, 960, 1280, 1920]
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
