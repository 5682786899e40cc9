"""The newsroom checks' rules of issue 17 through the admin: the panel grouped by kind with
each finding once, its fix buttons (remove boilerplate, update a stale title, link an
organisation), the boilerplate list staff keep, and the normalisation underneath."""

import re
import unicodedata
from datetime import date

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse

from articles import text_matching
from articles.boilerplate import remove_boilerplate
from articles.models import Article, BoilerplatePattern, Revision
from tests.articles.admin_data import change_post, change_url
from tests.articles.record_factories import add_role, make_boilerplate, make_organisation
from tests.factories import add_quote, login, make_article, make_image, make_person, make_place

pytestmark = pytest.mark.django_db

APPEAL = (
    "<p>Support Independent Journalism</p><p>Our reporters work around the clock.</p>"
    "<p>Monthly donations in particular go a long way in helping us.</p>"
)


def story(**overrides):
    fields = {
        "headline": "Port strike ends",
        "body": "<p>The strike in Haifa ended on Thursday.</p>",
        "dateline": make_place(name="Haifa"),
        "lead_image": make_image(alt_text="Cranes at dusk", credit="Staff"),
    }
    fields.update(overrides)
    return make_article(**fields)


def panel(response):
    html = response.content.decode()
    match = re.search(r'<section id="newsroom-checks".*?</section>', html, re.DOTALL)
    assert match, "no newsroom checks panel"
    return match.group()


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# Each finding once, grouped.


def test_save_and_continue_shows_each_warning_once(client):
    article = story(section=None)
    make_person(name="Eyal Zamir", role="Chief of Staff")
    Article.objects.filter(pk=article.pk).update(body="<p>Eyal Zamir spoke in Haifa.</p>")
    login(client, "editor")

    response = client.post(change_url(article), change_post(article, _continue="1"), follow=True)

    html = response.content.decode()
    assert html.count("Eyal Zamir is named in the story but not linked to it.") == 1
    assert html.count("No section.") == 1
    [warning] = [m for m in said(response) if "newsroom" in m]
    assert warning == "Published with 2 newsroom warnings: see Newsroom checks above the form."


def test_the_panel_groups_findings_by_kind_in_reading_order(client):
    article = story(section=None, dateline=None, lead_image=make_image(alt_text="DSC_0031"))
    speaker = make_person(name="Yael Barak")
    add_quote(article, speaker, text="We will never open it.")
    login(client, "editor")

    html = panel(client.get(change_url(article)))

    groups = re.findall(r'<h3 class="newsroom-checks-group">([^<]+)</h3>', html)
    assert groups == ["Quotes", "Names", "Lead image", "Story details"]
    assert "alt text is a file name (“DSC_0031”)" in html


def test_a_misquote_shows_the_closest_passage_with_the_differing_words(client):
    article = story(body="<p>“We will open the port on Monday,” the mayor said.</p>")
    add_quote(article, make_person(), text="We would open the port on Monday.")
    article.people.add(article.quotes.get().speaker)
    login(client, "editor")

    html = panel(client.get(change_url(article)))

    assert "the quote has “would” where the text has “will”" in html
    assert '<del title="in the text">will</del> <ins title="in the quote">would</ins>' in html


def test_a_weak_one_word_name_says_why(client):
    make_place(name="Nice", kind="city")
    article = story(body="<p>The strike in Haifa ended. Nice weather helped.</p>")
    login(client, "editor")
    html = panel(client.get(change_url(article)))
    assert "Worth a look:" in html
    assert "“Nice” appears only at the start of a sentence" in html


# Fixes.


def remove_url(article):
    return reverse("admin:articles_article_remove_paragraphs", args=[article.pk])


def retitle_url(article):
    return reverse("admin:articles_article_retitle", args=[article.pk])


def test_an_editor_removes_a_wire_appeal_in_one_click(client):
    article = story(body="<p>The strike in Haifa ended on Thursday.</p>" + APPEAL)
    login(client, "editor")
    html = panel(client.get(change_url(article)))
    assert "These 3 paragraphs look like wire boilerplate" in html
    fields = dict(re.findall(r'name="(paragraphs|text)" value="([^"]*)"', html))
    assert fields["paragraphs"] == "1,2,3"

    response = client.post(remove_url(article), fields)

    assert response["Location"] == change_url(article) + "#newsroom-checks"
    article.refresh_from_db()
    assert article.body == "<p>The strike in Haifa ended on Thursday.</p>"
    assert said(response) == ["Removed 3 boilerplate paragraphs from the story."]
    assert Revision.objects.filter(article=article).count() == 1
    assert LogEntry.objects.get().get_change_message() == (
        "Removed 3 boilerplate paragraphs from the newsroom checks."
    )
    # The same click again finds the text changed and cuts nothing.
    response = client.post(remove_url(article), fields)
    assert said(response)[-1].startswith("Nothing was removed: the story's text has changed")
    article.refresh_from_db()
    assert article.body == "<p>The strike in Haifa ended on Thursday.</p>"


def test_an_editor_updates_a_stale_title_in_one_click(client):
    minister = make_person(name="Shaul Ben-Ami")
    army = make_organisation(name="Israel Defense Forces")
    old = add_role(minister, army, title="Deputy Chief of the General Staff",
                   started_on=date(2015, 1, 1), ended_on=date(2019, 12, 31))  # fmt: skip
    new = add_role(minister, title="Defence Minister", started_on=date(2023, 1, 1))
    article = story(
        body="<p>Shaul Ben-Ami, the deputy chief of the general staff, toured Haifa.</p>"
    )
    article.people.add(minister)
    login(client, "editor")

    html = panel(client.get(change_url(article)))
    assert "The story calls Shaul Ben-Ami “Deputy Chief of the General Staff”" in html
    assert "ended on 31 December 2019" in html
    assert "Change “Deputy Chief of the General Staff” to “Defence Minister”" in html

    response = client.post(retitle_url(article), {"old": old.pk, "new": new.pk})

    article.refresh_from_db()
    assert article.body == "<p>Shaul Ben-Ami, the Defence Minister, toured Haifa.</p>"
    assert said(response) == [
        "Changed “Deputy Chief of the General Staff” to “Defence Minister” in the story."
    ]
    assert "stale-title" not in panel(client.get(change_url(article)))


def test_an_editor_links_an_organisation(client):
    article = story(body="<p>The Mossad said little in Haifa.</p>")
    mossad = make_organisation(name="Mossad", kind="agency")
    login(client, "editor")
    assert "Link Mossad to this story" in panel(client.get(change_url(article)))
    client.post(
        reverse("admin:articles_article_link", args=[article.pk]),
        {"kind": "organisation", "pk": mossad.pk},
    )
    assert list(article.organisations.all()) == [mossad]


@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", 302), ("journalist", 403), ("fundraiser", 403)]
)
@pytest.mark.parametrize("url", [remove_url, retitle_url])
def test_fixes_are_refused_to_who_cannot_edit(client, role, expected, url):
    article = story(body="<p>Text.</p><p>This story first appeared in the Gazette.</p>")
    login(client, role)
    response = client.post(url(article), {"paragraphs": "1", "text": "this story", "old": 1})
    assert response.status_code == expected
    article.refresh_from_db()
    assert "Gazette" in article.body


# The list staff keep.


def test_staff_add_a_pattern_in_the_admin_and_the_checks_use_it(client):
    login(client, "editor")
    response = client.post(
        reverse("admin:articles_boilerplatepattern_add"),
        {"name": "Gazette plug", "kind": "phrase", "pattern": "read … in the Gazette",
         "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    article = story(body="<p>The strike ended.</p><p>Read more every day in the Gazette!</p>")
    assert "(Gazette plug)" in panel(client.get(change_url(article)))
    BoilerplatePattern.objects.filter(name="Gazette plug").update(is_active=False)
    assert "Gazette plug" not in panel(client.get(change_url(article)))


def test_a_broken_regular_expression_is_refused(client):
    login(client, "editor")
    response = client.post(
        reverse("admin:articles_boilerplatepattern_add"),
        {"name": "Broken", "kind": "regex", "pattern": "(unclosed", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "This is not a regular expression Python reads" in response.content.decode()


def test_remove_boilerplate_for_wire_ingest():
    make_boilerplate(name="Gazette", pattern="first appeared in … Gazette")
    html = "<p>The strike ended.</p><h2>Support Our Journalism</h2><p>Give now.</p>"
    clean, removed = remove_boilerplate(html)
    assert clean == "<p>The strike ended.</p>"
    assert removed == ["Support Our Journalism", "Give now."]
    clean, removed = remove_boilerplate("<p>It first appeared in the Gazette.</p>")
    assert (clean, removed) == ("", ["It first appeared in the Gazette."])
    assert remove_boilerplate("<p>Support for the union grew.</p>", patterns=[]) == (
        "<p>Support for the union grew.</p>",
        [],
    )


# The one normalisation.


@pytest.mark.parametrize(
    ("written", "recorded"),
    [
        (unicodedata.normalize("NFD", "José García"), "José García"),
        ("Ben\u00ad-Ami", "Ben-Ami"),
        ("Ben\u2011Ami", "Ben-Ami"),
        ("O\u2019Neil", "O'Neil"),
        ("Shaul\u200b Ben-Ami", "Shaul Ben-Ami"),
        ("ﬁnance", "finance"),
    ],
)
def test_one_normalisation_for_what_a_reader_cannot_see(written, recorded):
    assert text_matching.clean(written) == text_matching.clean(recorded)
    assert text_matching.fold(written) == text_matching.fold(recorded)


def test_folding_takes_accents_and_case_but_clean_keeps_them():
    assert text_matching.fold("Amélie DURAND") == "amelie durand"
    assert text_matching.clean("Amélie") != text_matching.clean("Amelie")
    assert text_matching.without_elision("d'Israël") == "Israël"
    assert text_matching.without_elision("dell'Italia") == "Italia"
    assert text_matching.without_elision("O'Neil") == "O'Neil"
