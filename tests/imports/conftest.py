import pytest

from tests.imports.http_server import local_server


@pytest.fixture
def http_server():
    """A real HTTP server on a loopback port (refused by safe_fetch unless allowed)."""
    with local_server() as server:
        yield server


@pytest.fixture
def allow_loopback(settings):
    """The explicit setting that lets safe_fetch reach the tests' own server."""
    settings.NEWSROOM_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
