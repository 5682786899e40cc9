import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from articles.models import Person
from generators import demo_records
from tests.factories import add_byline, make_article, make_person, make_user

pytestmark = pytest.mark.django_db

LOGINS = {"journalist": "Journalists", "editor": "Editors", "fundraiser": "Fundraising"}


@pytest.fixture
def local_demo(settings):
    settings.DEBUG = True
    # The command's behaviour does not depend on the hasher; a fast one keeps this quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def create_demo_users():
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    return out.getvalue()


def test_creates_one_login_per_role(local_demo, client, settings):
    output = create_demo_users()

    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    for username, group in LOGINS.items():
        user = User.objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
    for username in ["admin", *LOGINS]:
        assert client.login(username=username, password="newsroom-demo"), username
        assert username in output
    assert f"{settings.SITE_URL}{reverse('admin:index')}" in output


def test_second_run_changes_nothing(local_demo):
    create_demo_users()
    before = list(User.objects.order_by("pk").values())

    output = create_demo_users()

    assert list(User.objects.order_by("pk").values()) == before
    assert output.count("already exists") == 4


def test_existing_user_is_left_alone(local_demo):
    make_user(username="editor", password="chosen by the editor")

    create_demo_users()

    editor = User.objects.get(username="editor")
    assert editor.check_password("chosen by the editor")
    assert not editor.groups.exists()


def test_links_logins_to_bylined_staff_reporters(local_demo):
    reporters = {}
    for username, slug in demo_records.LOGIN_PEOPLE.items():
        reporters[username] = make_person(slug=slug)
        add_byline(make_article(), reporters[username])

    output = create_demo_users()

    for username, person in reporters.items():
        person.refresh_from_db()
        assert person.user.username == username
        assert f"writes as {person.name}" in output


def test_does_not_link_a_person_without_bylines(local_demo):
    person = make_person(slug=demo_records.LOGIN_PEOPLE["journalist"])

    create_demo_users()

    person.refresh_from_db()
    assert person.user is None


def test_refused_outside_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="local demo only"):
        create_demo_users()

    assert not User.objects.exists()
    assert not Person.objects.filter(user__isnull=False).exists()
