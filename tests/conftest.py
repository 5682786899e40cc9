import shutil
import tempfile

import pytest
from django.core.cache import cache

from tests.factories import make_user


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Real hashing is slow on purpose; tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings):
    """Each test writes uploads and renditions to its own throwaway folder."""
    path = tempfile.mkdtemp(prefix="newsroom-media-")
    settings.MEDIA_ROOT = path
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(autouse=True)
def empty_cache():
    """The local-memory cache outlives a test; counts and cached appeals must not."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def render_every_time(settings):
    """Query counts measure rendering: no reader page answered from the page cache."""
    settings.MIDDLEWARE = [
        name
        for name in settings.MIDDLEWARE
        if name != "newsroom.serving.page_cache.PageCacheMiddleware"
    ]


PUBLIC_SITE_URL = "https://news.example.org"


@pytest.fixture
def public_site(settings):
    """The site's public address differs from the Host a request arrives on."""
    settings.SITE_URL = PUBLIC_SITE_URL
    settings.SITE_NAME = "The Daily Example"
    settings.ALLOWED_HOSTS = ["testserver", "internal.lan", "localhost"]
    return PUBLIC_SITE_URL


# Staff personas: one user of each role, and the test client signed in as them. A test
# that needs two people of one role, or someone else, calls tests.factories.make_user.


@pytest.fixture
def journalist(db):
    """A journalist (the Journalists group)."""
    return make_user("journalist")


@pytest.fixture
def journalist_client(client, journalist):
    client.force_login(journalist)
    return client


@pytest.fixture
def editor(db):
    """Dana Levi, an editor (the Editors group)."""
    return make_user("editor", first_name="Dana", last_name="Levi")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def fundraiser(db):
    """Fay Raiser, of the fundraising desk (the Fundraising group)."""
    return make_user("fundraiser", first_name="Fay", last_name="Raiser")


@pytest.fixture
def fundraiser_client(client, fundraiser):
    client.force_login(fundraiser)
    return client


@pytest.fixture
def run_tasks():
    """Run every due background task now, in this test's transaction (what a worker does)."""
    from background.worker import run_due_tasks

    return run_due_tasks
