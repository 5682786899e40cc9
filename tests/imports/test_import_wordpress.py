"""manage.py import_wordpress, through the command and the URLs: a WordPress export made
here imports to stories, twice to the same result, and every old permalink answers 301."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from articles.models import Article, Image, Person, Section, StatusChange
from imports.models import ImportedObject, OldAddress
from tests.factories import make_user
from tests.imports.exports import media_folder, newsroom_export

pytestmark = pytest.mark.django_db


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_wordpress", path, *args, stdout=out, stderr=err)
    return out.getvalue()


def snapshot():
    """Everything an import writes, by id."""
    return {
        "articles": sorted(Article.objects.values_list("pk", "slug", "status", "lead_image")),
        "people": sorted(Person.objects.values_list("pk", "slug", "user")),
        "users": sorted(User.objects.values_list("pk", "username", "is_active")),
        "sections": sorted(Section.objects.values_list("pk", "slug")),
        "images": sorted(Image.objects.values_list("pk", "file")),
        "mapping": sorted(ImportedObject.objects.values_list("kind", "external_id", "object_id")),
        "addresses": sorted(OldAddress.objects.values_list("path", "article")),
        "steps": StatusChange.objects.count(),
        "tags": sorted(
            (a.pk, sorted(a.tags.names())) for a in Article.objects.prefetch_related("tags")
        ),
    }


@pytest.fixture
def imported(tmp_path, http_server, allow_loopback):
    """The newsroom export imported once, with Alice already a login here."""
    alice = make_user("journalist", username="alice.w", email="alice@example.org")
    path = newsroom_export(tmp_path, http_server)
    output = run(path, "--media-dir", media_folder(tmp_path))
    return {"path": path, "output": output, "alice": alice, "server": http_server}


def story(post_id):
    row = ImportedObject.objects.get(kind="post", external_id=str(post_id))
    return Article.objects.get(pk=row.object_id)


def test_posts_become_stories_with_their_status_and_time(imported):
    assert Article.objects.count() == 5
    published = story(101)
    assert published.status == Article.Status.PUBLISHED
    assert published.published_at == datetime(2019, 5, 12, 10, 0, tzinfo=UTC)
    assert published.is_live
    assert story(105).state_label == "Scheduled"
    assert story(105).published_at == datetime(2031, 1, 1, 9, 0, tzinfo=UTC)
    assert story(103).status == Article.Status.DRAFT
    assert story(103).published_at is None
    assert story(104).status == Article.Status.IN_REVIEW
    assert not ImportedObject.objects.filter(external_id__in=["106", "107", "108"]).exists()
    step = StatusChange.objects.get(article=published)
    assert "Imported from WordPress" in step.note and step.to_status == "published"


def test_headline_slug_standfirst_and_body(imported):
    published = story(101)
    assert published.headline == "Council votes on the budget"
    assert published.slug == "council-votes"
    assert published.dek == "The vote, in one line."
    body = published.body
    assert body.startswith("<p>First paragraph of the council story.<br>")
    assert "<p>Second paragraph" in body and "<h2>A heading</h2>" in body
    assert "[caption" not in body and "council chamber" not in body
    assert '[contact-form-7 id="12" title="Tips"]' in body  # left, and reported
    assert story(103).slug == "a-draft"  # a draft has no post_name: from its title


def test_authors_become_people_linked_to_logins(imported):
    alice = story(101).bylines.get().person
    assert alice.name == "Alice Writer"
    assert alice.user == imported["alice"]  # the same e-mail address, case aside
    bob = story(102).bylines.get().person
    assert bob.name == "Bob Reporter"
    assert bob.user.username == "bob"
    assert not bob.user.is_active and not bob.user.is_staff
    assert not bob.user.has_usable_password()
    assert story(104).bylines.get().person == bob


def test_categories_become_sections_and_tags(imported):
    published = story(101)
    assert published.section.slug == "news"  # Yoast's primary, though listed second
    assert sorted(published.tags.names()) == ["City Hall", "Elections", "Opinion"]
    assert story(102).section.name == "Sport"
    assert story(105).section is None  # "Uncategorized"
    assert Section.objects.count() == 2


def test_featured_pictures_from_the_media_folder_and_from_their_url(imported):
    local = story(101).lead_image
    assert (local.width, local.height) == (400, 300)
    assert local.alt_text == "Councillors at their desks"
    assert local.caption == "The council chamber"
    fetched = story(102).lead_image
    assert (fetched.width, fetched.height) == (320, 240)
    assert imported["server"].requests == ["/wp-content/uploads/2019/06/match.jpg"]


def test_the_report_says_what_was_not_mapped(imported):
    output = imported["output"]
    for line in [
        "post 106 “Members only”: private",
        "post 107 “Deleted”: trash",
        "1 of type “page”: not imported",
        "1 attachments that are no post's featured image: not imported",
        "2 comments ignored",
        "post 101 “Council votes on the budget”: 1 [caption] picture(s) removed",
        "post 101 “Council votes on the budget”: [contact-form-7] × 1",
        "bob: made the inactive login bob",
        "alice: linked to the login alice.w",
    ]:
        assert line in output
    assert "2 published stories" in output
    assert "1 scheduled stories" in output


def test_importing_twice_changes_nothing(imported):
    before = snapshot()
    output = run(
        imported["path"], "--media-dir", str(imported["path"]).replace("export.xml", "uploads")
    )
    assert snapshot() == before
    assert "5 already imported" in output
    assert imported["server"].requests == ["/wp-content/uploads/2019/06/match.jpg"]


def test_every_old_permalink_answers_301_to_the_story(imported, client, settings):
    settings.NEWSROOM_PAGE_MAX_AGE, settings.NEWSROOM_PAGE_SHARED_MAX_AGE = 60, 120
    published, other = story(101), story(102)
    for old, article in [
        ("/news/council-votes/", published),
        ("/news/council-votes", published),
        ("/?p=101", published),
        ("/2019/06/match-report/", other),
        ("/?p=102", other),
        ("/?p=102&utm_source=feed", other),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == article.get_absolute_url()
        assert response["Cache-Control"] == "public, max-age=60, s-maxage=120"
        assert client.get(response["Location"]).status_code == 200


def test_a_story_readers_cannot_see_is_not_redirected_to(imported, client):
    assert client.get("/2031/01/coming-soon/").status_code == 404
    assert OldAddress.objects.filter(path="/?p=103").exists()
    home = client.get("/?p=103")
    assert home.status_code == 200  # the home page, as any unknown ?p= would get
    assert story(103).slug not in home.content.decode()


def test_an_unknown_address_gets_the_normal_404_page(imported, client):
    response = client.get("/news/no-such-story/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]


def test_dry_run_writes_nothing(tmp_path, http_server, allow_loopback, media_root):
    from pathlib import Path

    path = newsroom_export(tmp_path, http_server)
    before = snapshot()
    output = run(path, "--media-dir", media_folder(tmp_path), "--dry-run")
    assert snapshot() == before
    assert list(Path(media_root).rglob("*.*")) == []
    assert http_server.requests == []  # the address is checked, nothing fetched
    assert "Would import" in output and "Dry run: nothing was written." in output
    assert "2 published stories" in output and "1 pictures to fetch" in output


def test_pages_kept_before_the_import_do_not_hide_the_old_addresses(
    tmp_path, http_server, allow_loopback, client, django_assert_num_queries
):
    """The page cache keeps "/?p=101" as the home page before the import; afterwards the
    old address answers 301 all the same, and a kept page still costs no query."""
    assert client.get("/?p=101").status_code == 200
    client.get("/")
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200
    run(newsroom_export(tmp_path, http_server), "--media-dir", media_folder(tmp_path))
    response = client.get("/?p=101")
    assert response.status_code == 301
    assert response["Location"] == story(101).get_absolute_url()
    client.get("/")
    with django_assert_num_queries(0):
        assert "Council votes on the budget" in client.get("/").content.decode()


def test_an_author_whose_login_is_someone_elses_gets_a_login_of_their_own(tmp_path):
    from tests.imports.exports import write
    from tests.imports.wxr_builder import Post

    make_user(None, username="bob", email="robert@elsewhere.example")
    make_user(None, username="wp-bob", email="another@elsewhere.example")
    output = run(write(tmp_path, [Post(1, "By Bob", name="by-bob", creator="bob")]))
    person = Article.objects.get().bylines.get().person
    assert person.user.username == "wp-bob-2"
    assert person.user.email == "bob@old.example.com" and not person.user.is_active
    assert "bob: made the inactive login wp-bob-2" in output


class Terminal(StringIO):
    def isatty(self):
        return True


def progress_of(path, stream):
    call_command("import_wordpress", path, stdout=StringIO(), stderr=stream)
    return stream.getvalue()


def test_progress_is_plain_lines_off_a_terminal_and_a_bar_on_one(tmp_path):
    from tests.imports.exports import write
    from tests.imports.wxr_builder import Post

    posts = [Post(n, f"Post {n}", name=f"post-{n}") for n in range(1, 21)]
    plain = progress_of(write(tmp_path, posts), StringIO())
    assert "posts: 2/20\n" in plain and "posts: 20/20\n" in plain and "\r" not in plain
    assert "posts: 20 in " in plain
    bar = progress_of(write(tmp_path, posts, name="again.xml"), Terminal())
    assert "\rposts [" in bar and "20/20 100%" in bar


def test_a_story_deleted_since_is_not_brought_back(imported):
    deleted = story(102)
    bob = deleted.bylines.get().person
    Article.objects.filter(bylines__person=bob).delete()
    bob.delete()
    output = run(
        imported["path"], "--media-dir", imported["path"].replace("export.xml", "uploads")
    )
    assert "post 102 “Match report”" in output.split("Deleted here since imported")[1]
    assert not Article.objects.filter(headline="Match report").exists()
    assert "3 already imported" in output


def test_old_addresses_in_other_scripts_answer_too(tmp_path, client):
    from tests.imports.exports import write
    from tests.imports.wxr_builder import SITE, Post

    link = f"{SITE}/2019/05/caf%C3%A9-reopens/"
    run(write(tmp_path, [Post(1, "Café reopens", name="caf%c3%a9-reopens", link=link)]))
    article = Article.objects.get()
    assert article.slug == "cafe-reopens"
    response = client.get("/2019/05/café-reopens/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_a_section_deleted_since_is_made_again_for_a_new_post(imported, tmp_path):
    from tests.imports.exports import write
    from tests.imports.wxr_builder import Post

    story(102).delete()
    Section.objects.filter(slug="sport").delete()
    later = Post(109, "Cup final", name="cup-final", categories=[("sport", "Sport")])
    run(write(tmp_path, [later], name="later.xml"))
    section = story(109).section
    assert section.slug == "sport"
    mapping = ImportedObject.objects.get(kind="category", external_id="sport")
    assert mapping.object_id == section.pk
