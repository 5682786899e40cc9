"""The read replica: anonymous reader pages read it; the newsroom, donations and anything
after a write read the primary.

The replica here is a second connection to the test database (a mirror of the primary),
so the tests commit their rows (transaction=True) and see which connection each query
took."""

from unittest import mock

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from newsroom.serving import db_router
from tests.factories import make_article, make_campaign, make_person, make_user

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", db_router.REPLICA])


@pytest.fixture(scope="module", autouse=True)
def replica(django_db_setup):
    """The alias `replica`, a mirror of the test database, for this module only (set up
    before each test's database access is, so the test may use it)."""
    connections.settings[db_router.REPLICA] = {
        **connections.settings["default"],
        "TEST": {**connections.settings["default"]["TEST"], "MIRROR": "default"},
    }
    yield
    connections[db_router.REPLICA].close()
    del connections[db_router.REPLICA]
    del connections.settings[db_router.REPLICA]


class Recorder:
    """Which connection each query went to."""

    def __init__(self):
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections[db_router.REPLICA])

    def __enter__(self):
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)


@pytest.fixture
def story():
    article = make_article(headline="Ferry returns")
    article.people.add(make_person(name="Dana Levi", slug="dana-levi"))
    make_campaign()
    return article


@pytest.mark.parametrize(
    "url",
    [
        lambda story: story.get_absolute_url(),
        lambda story: reverse("articles:home"),
        lambda story: reverse("articles:person-detail", args=["dana-levi"]),
        lambda story: reverse("articles:search") + "?q=ferry",
        lambda story: reverse("articles:feed"),
    ],
)
def test_an_anonymous_reader_page_reads_only_the_replica(story, url, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0  # render every time: nothing from the cache
    with Recorder() as queries:
        response = Client().get(url(story))
    assert response.status_code == 200
    assert len(queries.replica) >= 1
    # Only the page cache's schedule (the stories, notes and campaigns due) is read from
    # the primary: from a replica behind it, a story just scheduled could be missed.
    tables = [query["sql"].split(" FROM ")[1].split()[0] for query in queries.primary]
    assert tables == [
        '"articles_article"',
        '"articles_correction"',
        '"donations_campaign"',
        '"donations_campaign"',
    ]


def test_the_newsroom_reads_the_primary(story):
    client = Client()
    # (A superuser: the flush between these tests empties the groups' table.)
    client.force_login(make_user("superuser"))
    with Recorder() as queries:
        assert client.get(story.get_absolute_url()).status_code == 200
        assert client.get(reverse("admin:articles_article_changelist")).status_code == 200
    assert len(queries.primary) > 0
    assert len(queries.replica) == 0


@pytest.mark.usefixtures("story")  # and its campaign, for the pledge form
def test_donations_read_the_primary():
    with Recorder() as queries:
        assert Client().get(reverse("donations:donate")).status_code == 200
    assert len(queries.primary) > 0
    assert len(queries.replica) == 0


def test_reads_after_a_write_go_to_the_primary(story):
    with db_router.replica_reads():
        assert Article.objects.filter(pk=story.pk).exists()
        with Recorder() as queries:
            Article.objects.filter(pk=story.pk).update(headline="Written")
            assert Article.objects.get(pk=story.pk).headline == "Written"
    assert len(queries.replica) == 0
    assert len(queries.primary) == 2


def test_without_a_replica_everything_reads_the_primary(story):
    with mock.patch.dict(connections.settings):
        del connections.settings[db_router.REPLICA]
        with db_router.replica_reads():
            assert db_router.ReplicaRouter().db_for_read(Article) is None


def test_the_replica_is_never_migrated():
    router = db_router.ReplicaRouter()
    assert router.allow_migrate(db_router.REPLICA, "articles") is False
    assert router.allow_migrate("default", "articles") is True
