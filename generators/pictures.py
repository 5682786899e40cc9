"""Abstract lead pictures drawn from a seed, for the demo and the generated stories."""

import io
import random

from PIL import Image, ImageDraw, ImageOps

PICTURE_SIZE = (1600, 900)


def draw_picture(seed, colour):
    """JPEG bytes of an abstract composition in `colour`, always the same for one seed."""
    rng = random.Random(seed)
    width, height = PICTURE_SIZE
    dark = tuple(round(c * 0.3) for c in colour)
    light = tuple(min(255, round(c * 1.3) + 60) for c in colour)
    gradient = Image.linear_gradient("L").rotate(rng.choice([0, 90, 180, 270]))
    picture = ImageOps.colorize(gradient.resize(PICTURE_SIZE), dark, light)
    draw = ImageDraw.Draw(picture, "RGBA")

    band_top = rng.randrange(height // 4, height * 3 // 4)
    slope = rng.randrange(-height // 2, height // 2)
    band = [(0, band_top), (width, band_top + slope), (width, band_top + slope + 120)]
    draw.polygon([*band, (0, band_top + 120)], fill=(*light, 70))

    circles = rng.randint(3, 6)
    for _ in range(circles):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(60, 360)
        fill = light if rng.random() < 0.7 else dark
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*fill, rng.randrange(50, 140)))

    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue(), f"{circles} translucent circles and a diagonal band"
