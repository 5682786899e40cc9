"""Plain factory functions: sensible defaults, anything overridable."""

import io
import itertools
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, Byline, Correction, Image, Person, Place, Quote, Section
from donations.models import Campaign, Frequency, Pledge

_counter = itertools.count(1)


def _n():
    return next(_counter)


ROLE_GROUPS = {
    "journalist": "Journalists",
    "editor": "Editors",
    "fundraiser": "Fundraising",
    "operations": "Operations",
}
# Everyone a permission matrix is checked for, in the order of its expected statuses.
ROLES = ["anonymous", "journalist", "editor", "fundraiser", "superuser"]


def make_user(role=None, **overrides):
    """A user; role is journalist, editor, fundraiser, superuser or None (not staff)."""
    n = _n()
    fields = {"username": f"user{n}", "email": f"user{n}@example.org"}
    fields.update(overrides)
    password = fields.pop("password", "correct horse battery staple")
    if role == "superuser":
        return User.objects.create_superuser(password=password, **fields)
    user = User.objects.create_user(password=password, is_staff=role is not None, **fields)
    if role is not None:
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return user


def login(client, role, *, owns=None):
    """Log `client` in as a new user of `role` (not at all for "anonymous"); return it.

    `owns` is a story that user is to have started.
    """
    if role == "anonymous":
        return client
    user = make_user(role)
    client.force_login(user)
    if owns is not None:
        Article.objects.filter(pk=owns.pk).update(created_by=user)
    return client


def make_section(**overrides):
    n = _n()
    fields = {"name": f"Section {n}", "slug": f"section-{n}"}
    fields.update(overrides)
    return Section.objects.create(**fields)


def make_person(**overrides):
    n = _n()
    fields = {"name": f"Person {n}", "slug": f"person-{n}", "role": "Spokesperson"}
    fields.update(overrides)
    return Person.objects.create(**fields)


def make_place(**overrides):
    n = _n()
    fields = {"name": f"Place {n}", "slug": f"place-{n}"}
    fields.update(overrides)
    return Place.objects.create(**fields)


def image_bytes(size=(400, 300), fmt="JPEG", color=(180, 40, 40), **save_options):
    """The bytes of a small generated picture."""
    buffer = io.BytesIO()
    mode = "RGBA" if fmt in {"PNG", "WEBP"} and save_options.pop("alpha", False) else "RGB"
    PILImage.new(mode, size, color).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def upload(name="photo.jpg", data=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data if data is not None else image_bytes(), content_type)


def make_image(*, renditions=True, **overrides):
    """A picture as it is once its rendition task has run (renditions=False: just saved)."""
    fields = {"file": upload(), "alt_text": "A red square", "credit": "Staff photographer"}
    fields.update(overrides)
    image = Image.objects.create(**fields)
    if renditions:
        image.make_renditions()
    return image


def make_article(**overrides):
    """A published story (published an hour ago) unless told otherwise."""
    n = _n()
    fields = {
        "headline": f"Story number {n}",
        "slug": f"story-{n}",
        "dek": "What happened, in one sentence.",
        "body": "<p>First paragraph.</p><p>Second paragraph.</p>",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=1),
    }
    fields.update(overrides)
    return Article.objects.create(**fields)


def add_byline(article, person=None, **overrides):
    fields = {"order": article.bylines.count() + 1}
    fields.update(overrides)
    return Byline.objects.create(article=article, person=person or make_person(), **fields)


def add_quote(article, speaker=None, **overrides):
    fields = {"text": "We will rebuild the bridge by spring.", "order": article.quotes.count() + 1}
    fields.update(overrides)
    return Quote.objects.create(article=article, speaker=speaker or make_person(), **fields)


def add_correction(article, **overrides):
    fields = {"text": "An earlier version misspelled a name."}
    fields.update(overrides)
    return Correction.objects.create(article=article, **fields)


def hidden_states():
    """Overrides that keep a story from readers, by name: draft, in review, pulled, scheduled."""
    return {
        "draft": {"status": Article.Status.DRAFT, "published_at": None},
        "in-review": {"status": Article.Status.IN_REVIEW, "published_at": None},
        "unpublished": {"status": Article.Status.UNPUBLISHED},
        "scheduled": {"published_at": timezone.now() + timedelta(hours=1)},
    }


HIDDEN = list(hidden_states().values())
HIDDEN_IDS = list(hidden_states())


def make_campaign(**overrides):
    """A live campaign on every story (started a day ago, no end) unless told otherwise.

    Targeting is given as lists: sections=[...], tags=[...], places=[...], excluded_*=[...].
    """
    n = _n()
    targets = {
        name: overrides.pop(name)
        for name in Campaign.TARGETING + Campaign.EXCLUSIONS
        if name in overrides
    }
    fields = {
        "name": f"Campaign {n}",
        "slug": f"campaign-{n}",
        "appeal_headline": "Keep independent reporting free for everyone",
        "appeal_body": "<p>Our reporters answer to readers, not owners.</p>",
        "call_to_action": "Give now",
        "goal": Decimal("10000"),
        "totals_shown_from": 1,  # the block's figures from the first supporter
        "starts_at": timezone.now() - timedelta(days=1),
        "monthly_amounts": "10, 18, 36",
        "targets_all": not targets,
    }
    fields.update(overrides)
    campaign = Campaign.objects.create(**fields)
    for name, values in targets.items():
        getattr(campaign, name).set(values)
    return campaign


def make_pledge(campaign=None, **overrides):
    """A monthly $18 pledge to a (new) live campaign."""
    n = _n()
    campaign = campaign or make_campaign()
    fields = {
        "amount": Decimal("18"),
        "currency": campaign.currency,
        "frequency": Frequency.MONTHLY,
        "donor_name": f"Donor {n}",
        "email": f"donor{n}@example.org",
    }
    fields.update(overrides)
    return Pledge.objects.create(campaign=campaign, **fields)
