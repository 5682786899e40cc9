"""The old addresses' admin list: who may open it, what it shows, and its queries."""

import pytest
from django.urls import reverse

from imports.models import OldAddress
from tests.factories import ROLES, login, make_article

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:imports_oldaddress_changelist"


def add_addresses(n, start=0):
    for i in range(start, start + n):
        article = make_article(headline=f"Story {i}")
        OldAddress.objects.create(path=f"/{i}/old-{i}/", article=article, source="wordpress:x")
        OldAddress.objects.create(path=f"/?p={i}", article=article, source="wordpress:x")


@pytest.mark.parametrize(
    ("role", "status"),
    list(zip(ROLES, [302, 403, 200, 403, 200], strict=True)),
)
def test_who_may_open_the_list(client, role, status):
    add_addresses(1)
    response = login(client, role).get(reverse(CHANGELIST))
    assert response.status_code == status


def test_the_list_shows_each_address_and_its_story(editor_client):
    add_addresses(2)
    response = editor_client.get(reverse(CHANGELIST), {"q": "old-1"})
    content = response.content.decode()
    assert "/1/old-1/" in content and "Story 1" in content
    assert "/0/old-0/" not in content


def test_editors_delete_but_never_add(editor_client):
    add_addresses(1)
    address = OldAddress.objects.first()
    assert editor_client.get(reverse("admin:imports_oldaddress_add")).status_code == 403
    delete = reverse("admin:imports_oldaddress_delete", args=[address.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 302
    assert not OldAddress.objects.filter(pk=address.pk).exists()


def test_the_list_takes_the_same_queries_whatever_the_rows(
    editor_client, django_assert_max_num_queries
):
    url = reverse(CHANGELIST)
    add_addresses(2)
    editor_client.get(url)
    with django_assert_max_num_queries(12) as few:
        editor_client.get(url)
    add_addresses(20, start=2)
    with django_assert_max_num_queries(len(few)):
        response = editor_client.get(url)
    assert response.context["cl"].result_count == 44
