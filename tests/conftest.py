import shutil
import tempfile

import pytest
from django.core.cache import cache


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
