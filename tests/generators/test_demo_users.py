import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from articles.models import Person
from generators import demo_records
from tests.factories import add_byline, make_article, make_person, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
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


def make_environment(*variables):
    """The environment `make` gives its recipes, with these variables on its command line."""
    show = "environment: ; @env"
    result = subprocess.run(
        ["make", "-s", "--eval", show, "environment", *variables],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "NEWSROOM_SITE_URL"},
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)


@pytest.mark.parametrize(
    ("variables", "site_url"),
    [
        ((), "http://127.0.0.1:8000"),
        (("PORT=8101",), "http://127.0.0.1:8101"),
        (("HOST=0.0.0.0", "PORT=8102"), "http://0.0.0.0:8102"),
        (("PORT=8101", "NEWSROOM_SITE_URL=http://news.test:9000"), "http://news.test:9000"),
    ],
)
def test_make_passes_its_address_to_the_site_url(variables, site_url):
    assert make_environment(*variables)["NEWSROOM_SITE_URL"] == site_url


def test_sign_in_line_follows_make_run_port(tmp_path):
    # The command run as `make run PORT=8101` runs it: its own process, the Makefile's
    # environment, a fresh database.
    environment = make_environment("PORT=8101")
    environment.pop("DJANGO_SECRET_KEY", None)
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=environment, check=True)
    result = subprocess.run(
        [*manage, "create_demo_users"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Sign in at http://127.0.0.1:8101/admin/" in result.stdout
    assert "8000" not in result.stdout
