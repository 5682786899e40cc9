"""A journalist writes a whole story through the admin form."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, Person, Quote
from tests.articles.admin_data import article_post, inline_management
from tests.factories import (
    add_byline,
    add_quote,
    make_article,
    make_image,
    make_person,
    make_place,
    make_section,
)

pytestmark = pytest.mark.django_db


def test_journalist_writes_a_complete_story(journalist_client):
    section = make_section(name="World")
    reporter = make_person(name="Ana Ruiz")
    general = make_person(honorific="Gen.", name="Rob Hale")
    chief = make_person(honorific="Lt. Gen.", name="Dan Ofer")
    base = make_place(name="Nevatim Air Base", kind="facility")
    image = make_image()

    response = journalist_client.post(
        reverse("admin:articles_article_add"),
        article_post(
            headline="General lands at desert base",
            slug="general-lands-at-desert-base",
            body="<p>“We are ready,” Ofer said.</p>",
            section=str(section.pk),
            lead_image=str(image.pk),
            dateline=str(base.pk),
            people=[str(general.pk), str(chief.pk)],
            places=[str(base.pk)],
            tags="defence, Middle East",
            status="review",
            bylines=[{"person": reporter.pk, "role": "author", "order": ""}],
            quotes=[
                {"speaker": chief.pk, "text": "We are ready.", "context": "", "order": ""},
                {"speaker": general.pk, "text": "Good talks.", "context": "", "order": ""},
            ],
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.status == Article.Status.IN_REVIEW
    assert article.section == section and article.dateline == base
    assert set(article.people.all()) == {general, chief}
    assert set(article.tags.names()) == {"defence", "Middle East"}
    assert [(q.order, q.speaker) for q in article.quotes.all()] == [(1, chief), (2, general)]
    assert [b.person for b in article.bylines.all()] == [reporter]
    assert article.created_by is not None


def test_a_quote_needs_a_speaker_and_the_form_keeps_the_story(journalist_client):
    response = journalist_client.post(
        reverse("admin:articles_article_add"),
        article_post(
            headline="Kept headline",
            body="<p>Kept body</p>",
            quotes=[{"speaker": "", "text": "Words with nobody.", "context": "", "order": ""}],
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert "Kept headline" in html and "Words with nobody." in html
    assert Article.objects.count() == 0 and Quote.objects.count() == 0


def test_reordering_quotes_and_bylines_keeps_order_unique(journalist_client, journalist):
    article = make_article(status=Article.Status.DRAFT, published_at=None, created_by=journalist)
    first, second = add_byline(article), add_byline(article)
    q1, q2 = add_quote(article, text="One."), add_quote(article, text="Two.")
    data = article_post(headline=article.headline, slug=article.slug)
    data.update(inline_management("bylines", total=2, initial=2))
    data.update(inline_management("quotes", total=3, initial=2))
    data.update(
        {
            # Swap the bylines.
            "bylines-0-id": first.pk,
            "bylines-0-article": article.pk,
            "bylines-0-person": first.person_id,
            "bylines-0-role": "author",
            "bylines-0-order": "2",
            "bylines-1-id": second.pk,
            "bylines-1-article": article.pk,
            "bylines-1-person": second.person_id,
            "bylines-1-role": "author",
            "bylines-1-order": "1",
            # Delete the first quote, keep the second, add a new one with no number.
            "quotes-0-id": q1.pk,
            "quotes-0-article": article.pk,
            "quotes-0-speaker": q1.speaker_id,
            "quotes-0-text": q1.text,
            "quotes-0-order": "1",
            "quotes-0-DELETE": "on",
            "quotes-1-id": q2.pk,
            "quotes-1-article": article.pk,
            "quotes-1-speaker": q2.speaker_id,
            "quotes-1-text": q2.text,
            "quotes-1-order": "2",
            "quotes-2-speaker": q2.speaker_id,
            "quotes-2-text": "Three.",
            "quotes-2-order": "",
        }
    )
    response = journalist_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )
    assert response.status_code == 302, response.context["errors"]
    assert list(article.bylines.values_list("pk", "order")) == [(second.pk, 1), (first.pk, 2)]
    assert list(article.quotes.values_list("text", "order")) == [("Two.", 1), ("Three.", 2)]
    assert Byline.objects.count() == 2


def test_people_and_places_autocomplete_for_the_article_form(journalist_client):
    make_person(name="Yael Navon")
    make_person(name="Someone Else")
    response = journalist_client.get(
        reverse("admin:autocomplete"),
        {"term": "yael", "app_label": "articles", "model_name": "article", "field_name": "people"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Yael Navon"]


def test_add_person_popup_is_offered_next_to_people(journalist_client):
    html = journalist_client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'id="add_id_people"' in html
    assert 'id="add_id_places"' in html
    assert 'id="add_id_lead_image"' in html


def test_changelist_filters_and_search(journalist_client):
    world = make_section(name="World")
    author = make_person(name="Ana Ruiz")
    wanted = make_article(headline="Ferry returns", section=world)
    add_byline(wanted, author)
    make_article(headline="Other news")
    url = reverse("admin:articles_article_changelist")

    for params in [{"q": "ferry"}, {"section__id__exact": world.pk}, {"author": author.pk}]:
        response = journalist_client.get(url, params)
        assert list(response.context["cl"].result_list) == [wanted], params
    response = journalist_client.get(url, {"status__exact": "draft"})
    assert list(response.context["cl"].result_list) == []


def test_changelist_query_count_is_flat(journalist_client, django_assert_max_num_queries):
    url = reverse("admin:articles_article_changelist")
    for _ in range(3):
        article = make_article(lead_image=make_image(), section=make_section())
        add_byline(article)
        add_byline(article)
    journalist_client.get(url)
    with django_assert_max_num_queries(14) as few:
        journalist_client.get(url)
    for _ in range(12):
        article = make_article(lead_image=make_image(), section=make_section())
        add_byline(article)
        add_byline(article)
    with django_assert_max_num_queries(len(few)):
        response = journalist_client.get(url)
    assert response.context["cl"].result_count == 15


def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_journalist_adds_a_person_without_seeing_staff_logins(journalist_client):
    url = reverse("admin:articles_person_add")
    assert 'name="user"' not in journalist_client.get(url).content.decode()
    response = journalist_client.post(
        url,
        {
            "honorific": "Maj. Gen.",
            "name": "Tal Ben-Ami",
            "slug": "tal-ben-ami",
            "role": "",
            **inline_management("roles"),
        },
    )
    assert response.status_code == 302
    assert Person.objects.get().full_name == "Maj. Gen. Tal Ben-Ami"


def test_changelist_calls_a_future_story_scheduled(journalist_client):
    make_article(headline="Later", published_at=timezone.now() + timedelta(days=1))
    make_article(headline="Now")
    html = journalist_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert html.count("Scheduled") >= 1
    assert '<td class="field-state">Scheduled</td>' in html
    assert '<td class="field-state">Published</td>' in html


def test_new_story_offers_the_writers_own_byline(journalist_client, journalist):
    me = make_person(name="Ana Ruiz", user=journalist)
    form = journalist_client.get(reverse("admin:articles_article_add"))
    html = form.content.decode()
    assert 'name="bylines-TOTAL_FORMS" value="1"' in html
    assert f'<option value="{me.pk}" selected>Ana Ruiz</option>' in html


def test_without_a_person_no_byline_row_is_offered(journalist_client):
    html = journalist_client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'name="bylines-TOTAL_FORMS" value="0"' in html
