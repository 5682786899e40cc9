"""Organisations and roles over time: the organisation page, its feed, a person's career,
the title of the story's day, authority ids, and the admin's lists."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.models import Organisation, Person, Place, Role
from tests.articles.record_factories import add_role, make_boilerplate, make_organisation
from tests.factories import (
    HIDDEN,
    HIDDEN_IDS,
    ROLES,
    add_quote,
    login,
    make_article,
    make_person,
    make_place,
)

pytestmark = pytest.mark.django_db

TODAY = date.today()


def organisation_url(organisation):
    return reverse("articles:organisation-detail", args=[organisation.slug])


@pytest.fixture
def army():
    government = make_organisation(
        name="Government of Israel", slug="government", kind="government"
    )
    return make_organisation(
        name="Israel Defense Forces",
        slug="idf",
        kind=Organisation.Kind.MILITARY,
        parent=government,
        description="Israel's army, air force and navy.",
        wikidata_id="Q58967",
    )


def test_the_page_shows_the_organisation_its_stories_and_its_people(client, army):
    chief = make_person(name="Amnon Regev", slug="amnon-regev", honorific="Lt. Gen.")
    add_role(chief, army, title="Chief of the General Staff", started_on=date(2022, 1, 1))
    add_role(chief, army, title="Commander of the Southern Command", ended_on=date(2021, 12, 31),
             started_on=date(2017, 3, 1))  # fmt: skip
    story = make_article(headline="Army reshapes its reserve")
    story.organisations.add(army)
    hidden = [make_article(headline=f"Hidden {n}", **state) for n, state in enumerate(HIDDEN)]
    for article in hidden:
        article.organisations.add(army)

    response = client.get(organisation_url(army))

    assert response.status_code == 200
    assert response.templates[0].name == "articles/organisation_detail.html"
    html = response.content.decode()
    assert "<h1>Israel Defense Forces</h1>" in html
    assert "Armed forces, part of" in html and 'href="/organisations/government/"' in html
    assert "Israel&#x27;s army, air force and navy." in html
    assert "Army reshapes its reserve" in html
    assert all(article.headline not in html for article in hidden)
    assert "Lt. Gen. Amnon Regev</a>, Chief of the General Staff" in html
    assert 'since <time datetime="2022-01-01">January 2022</time>' in html
    assert 'March 2017</time> to <time datetime="2021-12-31">December 2021</time>' in html
    assert html.index("Chief of the General Staff") < html.index("Formerly")
    assert html.index("Formerly") < html.index("Commander of the Southern Command")
    assert 'href="/organisations/idf/feed/"' in html
    assert '"sameAs":["https://www.wikidata.org/wiki/Q58967"]' in html


def test_an_unknown_organisation_is_404(client):
    assert client.get(reverse("articles:organisation-detail", args=["nope"])).status_code == 404


@pytest.mark.usefixtures("render_every_time")
def test_the_page_queries_do_not_grow(client, army, django_assert_max_num_queries):
    def grow(count):
        for _ in range(count):
            story = make_article()
            story.organisations.add(army)
            add_role(make_person(), army, started_on=date(2020, 1, 1))
            make_organisation(parent=army)

    grow(2)
    client.get(organisation_url(army))
    with django_assert_max_num_queries(9) as few:
        client.get(organisation_url(army))
    queries = len(few)  # read now: the next request empties the log it is read from
    grow(10)
    client.get(organisation_url(army))  # the section menu, kept until content changes
    with django_assert_max_num_queries(queries):
        response = client.get(organisation_url(army))
    assert len(response.context["roles"]) == 12


def test_the_feed_lists_its_published_stories(client, army):
    story = make_article(headline="Army reshapes its reserve")
    story.organisations.add(army)
    make_article(headline="Not about it")
    for url_name in ["articles:organisation-feed", "articles:organisation-feed-atom"]:
        body = client.get(reverse(url_name, args=["idf"])).content.decode()
        assert "Army reshapes its reserve" in body
        assert "Not about it" not in body


def test_a_persons_page_shows_their_career_newest_first(client, army):
    person = make_person(slug="amnon-regev")
    add_role(person, army, title="Commander of the Southern Command",
             started_on=date(2017, 3, 1), ended_on=date(2021, 12, 31))  # fmt: skip
    add_role(person, army, title="Chief of the General Staff", started_on=date(2022, 1, 1))
    html = client.get(reverse("articles:person-detail", args=["amnon-regev"])).content.decode()
    career = html[html.index('id="career-heading"') :]
    assert career.index("Chief of the General Staff") < career.index("Southern Command")
    assert 'href="/organisations/idf/">Israel Defense Forces</a>' in career


def test_a_story_shows_each_persons_title_of_its_day(client, army):
    minister = make_person(name="Shaul Ben-Ami", role="Retired general")
    add_role(minister, army, title="Deputy Chief of Staff", started_on=date(2015, 1, 1),
             ended_on=date(2020, 1, 1))  # fmt: skip
    add_role(minister, title="Defence Minister", started_on=date(2020, 1, 2))
    when = timezone.make_aware(timezone.datetime(2019, 6, 1, 12))
    old = make_article(published_at=when)
    new = make_article()
    for story in (old, new):
        story.people.add(minister)
        add_quote(story, minister, text="We are ready.")

    old_html = client.get(old.get_absolute_url()).content.decode()
    new_html = client.get(new.get_absolute_url()).content.decode()

    assert "Deputy Chief of Staff, Israel Defense Forces" in old_html
    assert "Defence Minister" not in old_html
    assert "Defence Minister" in new_html and "Deputy Chief" not in new_html
    # A quoted speaker not linked to the story keeps their description.
    stranger = make_person(role="Bystander")
    add_role(stranger, title="Unused title")
    add_quote(new, stranger, text="Nothing to add.")
    assert "Bystander" in client.get(new.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("model", "field", "value", "valid"),
    [
        (Person, "wikidata_id", "Q42", True),
        (Person, "wikidata_id", "q42", False),
        (Person, "wikidata_id", "Q042", False),
        (Person, "wikidata_id", "https://www.wikidata.org/wiki/Q42", False),
        (Organisation, "wikidata_id", "Q1", True),
        (Organisation, "wikidata_id", "P31", False),
        (Place, "wikidata_id", "Q801", True),
        (Place, "geonames_id", "293397", True),
        (Place, "geonames_id", "29a", False),
    ],
)
def test_authority_ids_are_validated_in_format(model, field, value, valid):
    record = model(name="Someone", slug="someone", **{field: value})
    if valid:
        record.full_clean()
    else:
        with pytest.raises(ValidationError) as raised:
            record.full_clean()
        assert field in raised.value.message_dict


def test_an_organisation_cannot_be_part_of_itself_through_others():
    government = make_organisation(name="Government")
    ministry = make_organisation(name="Ministry", parent=government)
    government.parent = ministry
    with pytest.raises(ValidationError) as raised:
        government.full_clean()
    assert raised.value.message_dict == {
        "parent": ["An organisation cannot be part of itself, directly or through others."]
    }
    assert raised.value.error_dict["parent"][0].code == "parent_cycle"


def test_a_role_cannot_end_before_it_starts(army):
    role = Role(person=make_person(), organisation=army, title="Chief",
                started_on=TODAY, ended_on=TODAY - timedelta(days=1))  # fmt: skip
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        role.full_clean()


def test_folded_names_are_kept_on_save():
    person = make_person(name="José Núñez")
    assert person.folded_name == "jose nunez"
    person.name = "Jose\u0301 Nu\u0301n\u0303ez"  # NFD
    person.save(update_fields=["name"])
    person.refresh_from_db()
    assert person.folded_name == "jose nunez"
    assert make_place(name="Łódź").folded_name == "lodz"
    assert make_organisation(name="Ministère de l’Intérieur").folded_name == (
        "ministere de l'interieur"
    )


# The admin's lists.


@pytest.mark.parametrize("model", ["organisation", "boilerplatepattern"])
def test_admin_lists_queries_do_not_grow(client, army, model, django_assert_max_num_queries):
    login(client, "editor")
    url = reverse(f"admin:articles_{model}_changelist")

    def grow(count):
        for _ in range(count):
            child = make_organisation(parent=army)
            add_role(make_person(), child)
            make_boilerplate()

    grow(2)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    grow(20)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        # Fundraising sees organisations: campaigns target them (donations 0010).
        ("organisation", [302, 200, 200, 200, 200]),
        ("boilerplatepattern", [302, 403, 200, 403, 200]),
    ],
)
def test_admin_permissions(client, model, expected):
    make_organisation()
    for role, status in zip(ROLES, expected, strict=True):
        client.logout()
        login(client, role)
        response = client.get(reverse(f"admin:articles_{model}_changelist"))
        assert response.status_code == status, role


def test_an_editor_adds_a_role_from_the_persons_page(client, army):
    person = make_person(name="Nitzan Peled", slug="nitzan-peled")
    login(client, "editor")
    url = reverse("admin:articles_person_change", args=[person.pk])
    assert "Roles over time" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "honorific": "",
            "name": "Nitzan Peled",
            "slug": "nitzan-peled",
            "role": "Director of the Mossad",
            "bio": "",
            "photo": "",
            "wikidata_id": "",
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "0",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
            "roles-0-title": "Director of the Mossad",
            "roles-0-organisation": str(army.pk),
            "roles-0-started_on": "2024-01-01",
            "roles-0-ended_on": "",
        },
    )
    assert response.status_code == 302
    [role] = person.roles.all()
    assert (role.title, role.organisation, role.started_on) == (
        "Director of the Mossad",
        army,
        date(2024, 1, 1),
    )


@pytest.mark.parametrize("state", HIDDEN, ids=HIDDEN_IDS)
def test_the_sitemap_lists_organisations_of_published_stories_only(client, army, state):
    hidden = make_organisation(slug="hidden-one")
    make_article(**state).organisations.add(hidden)
    make_article().organisations.add(army)
    body = client.get(reverse("sitemap-list", kwargs={"section": "organisations"})).content
    assert b"/organisations/idf/" in body
    assert b"/organisations/hidden-one/" not in body


def test_revisions_keep_and_restore_a_storys_organisations(army):
    from articles import restoring, revisions
    from articles.models import Revision

    story = make_article()
    story.organisations.add(army)
    first = revisions.record(article=story, by=None)
    assert first.data["organisations"] == [[army.pk, "Israel Defense Forces"]]
    story.organisations.clear()
    second = revisions.record(article=story, by=None)
    [change] = revisions.compare(first.data, second.data)
    assert change.label == "Organisations"

    restoring.restore(revision=first, by=None)
    assert list(story.organisations.all()) == [army]
    # A revision kept before stories had organisations leaves them as they are.
    Revision.objects.filter(pk=second.pk).update(
        data={k: v for k, v in second.data.items() if k != "organisations"}
    )
    second.refresh_from_db()
    restoring.restore(revision=second, by=None)
    assert list(story.organisations.all()) == [army]
