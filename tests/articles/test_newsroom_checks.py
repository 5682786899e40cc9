"""Newsroom checks before publishing: the checks, the admin panel, linking, the save message."""

import re
from unittest import mock

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from articles import newsroom_checks, revisions
from articles.models import Article, Person, Place
from tests.articles.admin_data import change_post, change_url
from tests.articles.seeded_demo import SeededDemoTestCase
from tests.factories import (
    add_byline,
    add_quote,
    login,
    make_article,
    make_image,
    make_person,
    make_place,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db

SPEECH = "We will open the northern crossing before the winter rains."


def clean_story(**overrides):
    """A story every check passes: named people and places linked, the quote in the body."""
    country = make_place(name="Israel", kind=Place.Kind.COUNTRY)
    city = make_place(name="Haifa", parent=country)
    mayor = make_person(name="Yael Barak", role="Mayor of Haifa")
    reporter = make_person(name="Ana Ruiz", role="Northern reporter")
    fields = {
        "headline": "Haifa to open the northern crossing",
        "dek": "The mayor spoke at the port.",
        "body": f"<p>Yael Barak, the mayor, spoke in Haifa on Monday.</p>"
        f"<p>“{SPEECH}” she said. Ana Ruiz asked when.</p>",
        "section": make_section(),
        "dateline": city,
        "lead_image": make_image(alt_text="The port at dusk", credit="Dana Levi / AP"),
    }
    fields.update(overrides)
    article = make_article(**fields)
    article.people.add(mayor)
    article.places.add(country)
    add_byline(article, reporter)
    add_quote(article, mayor, text=SPEECH)
    return article


def codes(findings):
    return [finding.code for finding in findings]


# The pure parts.


def test_normalise_folds_quotes_dashes_spaces_and_case():
    assert newsroom_checks.normalise("“It’s  OVER” — he\u00a0said…") == "'it's over'-he said..."
    assert newsroom_checks.normalise("a – b") == newsroom_checks.normalise("a—b")


@pytest.mark.parametrize(
    ("quote", "text", "found"),
    [
        ("We won't stop.", "He said: “We won’t stop,” and left.", True),
        ("the vote is over", "“The vote is over,” she said.", True),
        ("Now - or never", "It is now—or never, he said.", True),
        ("We   will\nrebuild", "we will rebuild", True),
        ("We will rebuild the bridge", "We will rebuild the road.", False),
        ("the war", "They met in the warehouse.", False),
        ("We will rebuild", "", False),
    ],
)
def test_quote_in_text(quote, text, found):
    assert newsroom_checks.quote_in_text(quote, text) is found


def test_candidate_names_are_whole_words_with_hyphens_and_apostrophes():
    names = newsroom_checks.candidate_names(
        "Ahmed al-Sharaa met Danny O’Neil and Shaul Ben-Ami's aide in Washington, D.C. today."
    )
    # One apostrophe: the curly one is read as the straight one (text_matching.clean()).
    for wanted in [
        "Ahmed al-Sharaa",
        "Danny O'Neil",
        "O'Neil",
        "Shaul Ben-Ami",
        "Ben-Ami",
        "Washington, D.C.",
        "Washington",
    ]:
        assert wanted in names, wanted
    for partial in ["Dan", "Ben", "Ami", "Shaul Ben", "al", "Sharaa", "O", "Neil", "today"]:
        assert partial not in names, partial


def test_candidate_names_are_at_most_six_words_in_order_of_appearance():
    names = newsroom_checks.candidate_names("Zed One Two Three Four Five Six and Alpha")
    assert "Zed One Two Three Four Five" in names
    assert "Zed One Two Three Four Five Six" not in names
    assert names.index("Zed") < names.index("Alpha")


def test_first_words():
    assert newsroom_checks.first_words("one two three", count=2) == "one two…"
    assert newsroom_checks.first_words("one two", count=2) == "one two"


# Each check on a story built to trigger it, and on one that passes.


def test_a_clean_story_passes_every_check():
    assert newsroom_checks.run(clean_story()) == []


def test_quote_not_in_body():
    article = clean_story()
    speaker = article.people.get()
    add_quote(article, speaker, text="The ferry will not run on Saturdays, whatever happens.")

    [finding] = newsroom_checks.run(article)

    assert finding.code == "quote-not-in-body"
    assert finding.message == (
        "The quote from Yael Barak (“The ferry will not run on Saturdays, whatever…”) "
        "is not in the story's text."
    )
    assert finding.offers == ()


def test_quote_in_body_with_other_quotation_marks_and_case_passes():
    written = SPEECH.lower().replace(" the ", " \n the ").rstrip(".")
    article = clean_story(body=f'<p>Yael Barak, in Haifa, said "{written}," and left.</p>')
    assert newsroom_checks.run(article) == []
    Article.objects.filter(pk=article.pk).update(body="<p>Yael Barak spoke in Haifa.</p>")
    article.refresh_from_db()
    assert codes(newsroom_checks.run(article)) == ["quote-not-in-body"]


def test_person_named_but_not_linked_is_offered():
    article = clean_story()
    chief = make_person(name="Eyal Zamir", role="Chief of the General Staff")
    make_person(name="Dan", role="Not in this story")
    Article.objects.filter(pk=article.pk).update(
        body=article.body + "<p>Eyal Zamir and Danny Levi were there.</p>"
    )
    article.refresh_from_db()

    [finding] = newsroom_checks.run(article)

    assert finding.code == "unlinked-person"
    assert finding.message == "Eyal Zamir is named in the story but not linked to it."
    [offer] = finding.offers
    assert (offer.kind, offer.pk, offer.name) == ("person", chief.pk, "Eyal Zamir")
    assert offer.description == "Chief of the General Staff"
    assert offer.label == "Link Eyal Zamir to this story"

    article.people.add(chief)
    assert newsroom_checks.run(article) == []


def test_names_match_exactly_with_honorific_in_headline_and_standfirst():
    chief = make_person(honorific="Lt. Gen.", name="Eyal Zamir")
    minister = make_person(name="Shaul Ben-Ami")
    article = clean_story(
        headline="Lt. Gen. Eyal Zamir visits the port",
        dek="Shaul Ben-Ami's deputy came too.",
    )
    found = newsroom_checks.run(article)
    assert [offer.pk for finding in found for offer in finding.offers] == [chief.pk, minister.pk]

    make_person(name="Ben")
    lower = clean_story(headline="eyal zamir visits", dek="EYAL ZAMIR and Shaul Ben-Amir came.")
    assert newsroom_checks.run(lower) == []


def test_a_bylined_person_counts_as_linked():
    article = clean_story()
    assert "Ana Ruiz" in article.body
    assert not article.people.filter(name="Ana Ruiz").exists()
    assert newsroom_checks.run(article) == []
    article.bylines.all().delete()
    assert codes(newsroom_checks.run(article)) == ["unlinked-person"]


def test_namesakes_are_each_offered_with_their_description():
    general = make_person(name="Eyal Zamir", role="Chief of the General Staff")
    chef = make_person(name="Eyal Zamir", role="Chef")
    unknown = make_person(name="Eyal Zamir", role="", slug="eyal-zamir-3")
    article = clean_story(dek="Eyal Zamir was there.")

    [finding] = newsroom_checks.run(article)

    assert [(offer.pk, offer.label) for offer in finding.offers] == [
        (general.pk, "Link Eyal Zamir (Chief of the General Staff) to this story"),
        (chef.pk, "Link Eyal Zamir (Chef) to this story"),
        (unknown.pk, "Link Eyal Zamir (eyal-zamir-3) to this story"),
    ]
    article.people.add(chef)
    assert newsroom_checks.run(article) == []


def test_place_named_but_not_linked_is_offered():
    article = clean_story(dek="From Haifa to Acre, and the Golan Heights.")
    acre = make_place(name="Acre", parent=article.dateline.parent)
    make_place(name="Gol")  # no partial word match in "Golan"
    make_place(name="haifa")  # nor a case-insensitive one

    [finding] = newsroom_checks.run(article)

    assert finding.code == "unlinked-place"
    assert finding.message == "Acre is named in the story but not linked to it."
    [offer] = finding.offers
    assert (offer.kind, offer.pk) == ("place", acre.pk)
    assert offer.description == "City or town in Israel"

    article.places.add(acre)
    assert newsroom_checks.run(article) == []


def test_the_dateline_counts_as_a_linked_place():
    article = clean_story()
    assert not article.places.filter(name="Haifa").exists()
    assert newsroom_checks.run(article) == []
    article.dateline = None
    assert codes(newsroom_checks.run(article)) == ["unlinked-place", "no-dateline"]


def test_speaker_not_linked_is_offered_once():
    article = clean_story()
    mayor = article.people.get()
    article.people.remove(mayor)
    add_quote(article, mayor, text="Yael Barak")

    [finding] = newsroom_checks.run(article)

    assert finding.code == "speaker-not-linked"
    assert finding.message == "Yael Barak is quoted but not linked as a person of the story."
    assert [(o.kind, o.pk, o.label) for o in finding.offers] == [
        ("person", mayor.pk, "Link Yael Barak to this story")
    ]


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ({"alt_text": ""}, "The lead image has no alt text."),
        ({"credit": "  "}, "The lead image has no credit."),
        ({"alt_text": "", "credit": ""}, "The lead image has no alt text and no credit."),
    ],
)
def test_lead_image_without_alt_text_or_credit(image, message):
    article = clean_story(lead_image=make_image(**image))
    [finding] = newsroom_checks.run(article)
    assert (finding.code, finding.message) == ("lead-image-incomplete", message)


def test_no_lead_image_is_fine():
    assert newsroom_checks.run(clean_story(lead_image=None)) == []


def test_no_section():
    article = clean_story(section=None)
    assert [(f.code, f.message) for f in newsroom_checks.run(article)] == [
        ("no-section", "No section.")
    ]


def test_no_dateline():
    article = clean_story(dateline=None, headline="Port to open", body="<p>A quiet day.</p>")
    article.quotes.all().delete()
    assert [(f.code, f.message) for f in newsroom_checks.run(article)] == [
        ("no-dateline", "No dateline: say where it was reported from.")
    ]


def test_findings_come_in_a_fixed_order():
    article = clean_story(section=None, dateline=None, lead_image=make_image(credit=""))
    mayor = article.people.get()
    article.people.clear()
    add_quote(article, mayor, text="Words nobody wrote down.")
    make_place(name="Acre")
    make_person(name="Eyal Zamir")
    Article.objects.filter(pk=article.pk).update(
        body=article.body + "<p>The mayor of Acre agreed, and so did Eyal Zamir.</p>"
    )
    article.refresh_from_db()

    assert codes(newsroom_checks.run(article)) == [
        "quote-not-in-body",
        "unlinked-person",
        "unlinked-place",
        "unlinked-place",
        "speaker-not-linked",
        "lead-image-incomplete",
        "no-dateline",
        "no-section",
    ]


def story_with(size, quoted=None):
    """A story with `size` of each: linked and unlinked people and places named in it,
    quotes in the body and not (for the first `quoted`), linked and unlinked speakers,
    and records it does not name."""
    quoted = size if quoted is None else quoted
    article = clean_story()
    sentences = []
    for n in range(size):
        linked = make_person(name=f"Linked Person{n}")
        make_person(name=f"Loose Person{n}")
        quiet = make_person(name=f"Quiet Person{n}")
        make_person(name=f"Other Person{n}")
        place = make_place(name=f"Linked Town{n}")
        make_place(name=f"Loose Town{n}")
        make_place(name=f"Other Town{n}")
        article.people.add(linked, quiet if n >= quoted else linked)
        article.places.add(place)
        if n < quoted:
            add_quote(article, linked, text=f"Quote number {n} is here.")
            add_quote(article, quiet, text=f"Quote number {n} is missing.")
        sentences.append(
            f"<p>Linked Person{n} and Loose Person{n} went to Linked Town{n} and "
            f"Loose Town{n}. “Quote number {n} is here.”</p>"
        )
    Article.objects.filter(pk=article.pk).update(body=article.body + "".join(sentences))
    article.refresh_from_db()
    return article


def test_run_costs_the_same_queries_whatever_the_size(django_assert_max_num_queries):
    small = story_with(2)
    # Quotes, people, bylines, organisations, places, the lead image; people, organisations
    # and places by name; roles; boilerplate patterns; people of recent stories.
    with django_assert_max_num_queries(12) as few:
        found = newsroom_checks.run(small)
    assert len(found) == 2 * 4
    large = story_with(12)
    with django_assert_max_num_queries(len(few)):
        found = newsroom_checks.run(large)
    assert len(found) == 12 * 4


# The panel on the change form.


def link_url(article):
    return reverse("admin:articles_article_link", args=[article.pk])


def story_naming_eyal_zamir(**overrides):
    article = clean_story(**overrides)
    chief = make_person(name="Eyal Zamir", role="Chief of the General Staff")
    Article.objects.filter(pk=article.pk).update(body=article.body + "<p>Eyal Zamir came.</p>")
    article.refresh_from_db()
    return article, chief


def panel(response):
    html = response.content.decode()
    match = re.search(r'<section id="newsroom-checks".*?</section>', html, re.DOTALL)
    assert match, "no newsroom checks panel"
    return match.group()


LINK_BUTTON = re.compile(r'<button type="submit" class="button">Link Eyal Zamir to this story')


def test_editor_sees_the_warnings_with_link_buttons(client):
    article, chief = story_naming_eyal_zamir(section=None)
    html = panel(login(client, "editor").get(change_url(article)))

    assert 'role="region" aria-labelledby="newsroom-checks-title"' in html
    assert "Newsroom checks: <span" in html
    assert "2 newsroom warnings" in html
    assert "Eyal Zamir is named in the story but not linked to it." in html
    assert "No section." in html
    assert LINK_BUTTON.search(html)
    assert f'action="{link_url(article)}"' in html
    assert f'name="pk" value="{chief.pk}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Chief of the General Staff" in html


def test_a_draft_counts_things_to_check_before_publishing(client):
    article, _ = story_naming_eyal_zamir(status=Article.Status.DRAFT, published_at=None)
    html = panel(login(client, "journalist", owns=article).get(change_url(article)))
    assert "1 thing to check before publishing" in html
    assert LINK_BUTTON.search(html)


def test_a_story_that_passes_says_so(client):
    html = panel(login(client, "editor").get(change_url(clean_story())))
    assert "All newsroom checks pass." in html
    assert "<li" not in html


@pytest.mark.parametrize(
    "overrides",
    [{"status": Article.Status.DRAFT, "published_at": None}, {}],
    ids=["someone-elses-draft", "own-live-story"],
)
def test_journalist_who_cannot_edit_sees_warnings_but_no_buttons(client, overrides):
    article, _ = story_naming_eyal_zamir(**overrides)
    owns = article if article.status == Article.Status.PUBLISHED else None
    response = login(client, "journalist", owns=owns).get(change_url(article))
    assert response.status_code == 200
    html = panel(response)
    assert "Eyal Zamir is named in the story but not linked to it." in html
    assert "<button" not in html
    assert "<form" not in html


def test_the_add_page_has_no_panel(client):
    response = login(client, "editor").get(reverse("admin:articles_article_add"))
    assert 'id="newsroom-checks"' not in response.content.decode()


def test_change_form_queries_do_not_grow_with_the_story(client, django_assert_max_num_queries):
    # The quotes stay at two: each quote row's speaker widget costs the admin's inline its own
    # queries, whatever the checks do (run() itself is flat in quotes, tested above).
    login(client, "editor")
    small = story_with(3, quoted=2)
    client.get(change_url(small))
    with django_assert_max_num_queries(45) as few:
        response = client.get(change_url(small))
    assert codes(response.context["newsroom_checks"]).count("unlinked-person") == 3
    large = story_with(15, quoted=2)
    with django_assert_max_num_queries(len(few)):
        response = client.get(change_url(large))
    assert codes(response.context["newsroom_checks"]).count("unlinked-person") == 15
    assert codes(response.context["newsroom_checks"]).count("unlinked-place") == 15


# Linking from the panel.


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_editor_links_a_person_from_the_warning(client):
    article, chief = story_naming_eyal_zamir()
    before = article.last_modified_at
    editor = make_user("editor")
    client.force_login(editor)

    with mock.patch.object(revisions, "record", wraps=revisions.record) as record:
        response = client.post(link_url(article), {"kind": "person", "pk": chief.pk})

    assert response.status_code == 302
    assert response["Location"] == change_url(article) + "#newsroom-checks"
    assert chief in article.people.all()
    record.assert_called_once_with(
        article=article, by=editor, summary="Linked Eyal Zamir from the newsroom checks"
    )
    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert entry.user == editor
    assert entry.get_change_message() == "Linked Eyal Zamir from the newsroom checks."
    assert messages_of(response) == ["Linked Eyal Zamir to this story."]
    article.refresh_from_db()
    assert article.last_modified_at == before
    assert newsroom_checks.run(article) == []


def test_editor_links_a_place_and_linking_twice_changes_nothing(client):
    article = clean_story(dek="Acre too.")
    acre = make_place(name="Acre")
    login(client, "editor")

    response = client.post(link_url(article), {"kind": "place", "pk": acre.pk})
    assert messages_of(response) == ["Linked Acre to this story."]
    response = client.post(link_url(article), {"kind": "place", "pk": acre.pk}, follow=True)

    assert list(article.places.filter(name="Acre")) == [acre]
    assert "Acre was already linked to this story." in messages_of(response)
    assert LogEntry.objects.count() == 1
    assert "All newsroom checks pass." in panel(response)


def test_journalist_links_on_their_own_draft(client):
    article, chief = story_naming_eyal_zamir(status=Article.Status.DRAFT, published_at=None)
    login(client, "journalist", owns=article)
    response = client.post(link_url(article), {"kind": "person", "pk": chief.pk})
    assert response.status_code == 302
    assert chief in article.people.all()


@pytest.mark.parametrize(
    ("role", "overrides", "expected"),
    [
        ("journalist", {"status": Article.Status.DRAFT, "published_at": None}, 403),
        ("journalist-own", {}, 403),
        ("fundraiser", {}, 403),
        ("anonymous", {}, 302),
    ],
)
def test_linking_is_refused_to_who_cannot_edit(client, role, overrides, expected):
    article, chief = story_naming_eyal_zamir(**overrides)
    if role == "journalist-own":
        login(client, "journalist", owns=article)
    elif role != "anonymous":
        login(client, role)

    response = client.post(link_url(article), {"kind": "person", "pk": chief.pk})

    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith(reverse("admin:login"))
    assert not article.people.filter(pk=chief.pk).exists()
    assert not LogEntry.objects.exists()


def test_linking_needs_a_post_and_a_csrf_token(client):
    article, chief = story_naming_eyal_zamir()
    login(client, "editor")
    assert client.get(link_url(article), {"kind": "person", "pk": chief.pk}).status_code == 405

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_user("editor"))
    response = strict.post(link_url(article), {"kind": "person", "pk": chief.pk})
    assert response.status_code == 403
    assert not article.people.filter(pk=chief.pk).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "section", "pk": "1"}, "did not say which person or place"),
        ({"kind": "person", "pk": "banana"}, "did not say which person or place"),
        ({"kind": "person", "pk": "999999"}, "that person is not in our records"),
        ({"kind": "place", "pk": "999999"}, "that place is not in our records"),
        ({}, "did not say which person or place"),
    ],
)
def test_a_bad_link_request_says_so_and_changes_nothing(client, data, message):
    article = clean_story()
    people, places = set(article.people.all()), set(article.places.all())
    login(client, "editor")

    response = client.post(link_url(article), data)

    assert response.status_code == 302
    [said] = messages_of(response)
    assert said.startswith("Nothing was linked: ") and message in said
    assert set(article.people.all()) == people and set(article.places.all()) == places


def test_linking_to_a_missing_story_redirects(client):
    login(client, "editor")
    response = client.post(reverse("admin:articles_article_link", args=[999999]), {})
    assert response.status_code == 302


# The message after saving.


def test_publishing_with_warnings_says_what_they_are(client):
    article, _ = story_naming_eyal_zamir(
        status=Article.Status.DRAFT, published_at=None, section=None
    )
    Article.objects.filter(pk=article.pk).update(published_at=None)
    article.quotes.all().delete()
    article.bylines.all().delete()
    login(client, "editor")

    response = client.post(change_url(article), change_post(article, status="published"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    warnings = [m for m in messages_of(response) if "newsroom" in m]
    assert warnings == [
        "Published with 3 newsroom warnings: "
        "Ana Ruiz is named in the story but not linked to it. "
        "Eyal Zamir is named in the story but not linked to it. No section."
    ]


def test_saving_a_draft_with_warnings_lists_what_to_check(client):
    article = clean_story(status=Article.Status.DRAFT, published_at=None, dateline=None)
    article.quotes.all().delete()
    article.bylines.all().delete()
    Article.objects.filter(pk=article.pk).update(body="<p>Yael Barak spoke.</p>")
    article.refresh_from_db()
    login(client, "journalist", owns=article)

    response = client.post(
        change_url(article), change_post(article, status="draft", headline="Port to open")
    )

    assert response.status_code == 302
    assert "Saved. 1 thing to check before publishing: No dateline: say where it was " in (
        " ".join(messages_of(response))
    )


def test_saving_a_story_that_passes_adds_no_warning(client):
    article = clean_story()
    article.quotes.all().delete()
    article.bylines.all().delete()
    Article.objects.filter(pk=article.pk).update(body="<p>Yael Barak spoke in Haifa.</p>")
    article.refresh_from_db()
    login(client, "editor")

    response = client.post(change_url(article), change_post(article, status="published"))

    assert response.status_code == 302
    said = messages_of(response)
    assert len(said) == 1 and "was changed successfully" in said[0]


# The demo story shaped like ../shared/seed/article.txt.

DEMO_SLUG = "us-military-chief-lands-in-southern-israel-for-security-talks"


class DemoStoryTests(SeededDemoTestCase):
    def setUp(self):
        self.article = Article.objects.get(slug=DEMO_SLUG)

    def offered(self):
        return [
            (finding.code, offer.name, offer.description)
            for finding in newsroom_checks.run(self.article)
            for offer in finding.offers
        ]

    def test_the_demo_story_offers_the_places_it_names_and_does_not_link(self):
        assert self.offered() == [
            ("unlinked-place", "Negev", "Region in Israel"),
            ("unlinked-place", "Jerusalem", "City or town"),
        ]
        assert codes(newsroom_checks.run(self.article)) == ["unlinked-place"] * 2

    def test_an_unlinked_person_and_speaker_are_offered_and_no_partial_words(self):
        for name in ["Ben", "Ami", "Shaul Ben", "Golan Avraham", "Regev's", "Whit"]:
            make_person(name=name)
        make_place(name="Jerusalem Gate")
        make_place(name="negev")
        self.article.people.remove(
            Person.objects.get(slug="nitzan-peled"), Person.objects.get(slug="amnon-regev")
        )

        assert self.offered() == [
            ("unlinked-person", "Nitzan Peled", "Director of the Mossad"),
            ("unlinked-place", "Negev", "Region in Israel"),
            ("unlinked-place", "Jerusalem", "City or town"),
            (
                "speaker-not-linked",
                "Amnon Regev",
                "Chief of the General Staff, Israel Defense Forces",
            ),
        ]
