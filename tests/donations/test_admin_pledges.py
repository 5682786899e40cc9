"""The pledge admin: the list, its filters and search, status changes with their audit
trail, the actions and the CSV export of what the list shows."""

from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from donations.admin import pledges as pledge_admin
from donations.models import Frequency, Pledge, PledgeExport, PledgeStatusChange
from tests.donations.exports import export_rows, read_csv
from tests.factories import make_article, make_campaign, make_pledge, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:donations_pledge_changelist"


def status_post(status, note=""):
    """The change form as the browser sends it: the status, a note, the empty history, no
    payment recorded and none marked received."""
    data = {"status": status, "note": note}
    for prefix in ["status_changes", "payments", "received"]:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "0",
        }
    return data


class _FormReader(HTMLParser):
    """What a browser posts for the page's form: each named field's value as rendered."""

    def __init__(self):
        super().__init__()
        self.data, self.select, self.textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name", "")
        if tag == "input" and name and "__prefix__" not in name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.data[name] = attrs.get("value") or ""
        elif tag == "select" and "__prefix__" not in name:
            self.select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")
        elif tag == "textarea" and "__prefix__" not in name:
            self.textarea = name
            self.data[name] = ""

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data.lstrip("\n") if not self.data[self.textarea] else data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def rendered_form(html):
    """The page's form fields as a browser would post them untouched."""
    reader = _FormReader()
    reader.feed(html)
    data = reader.data
    for name in ("csrfmiddlewaretoken", "robots", "viewport", "_save", "_continue", "_addanother"):
        data.pop(name, None)
    return data


def listed(client, **params):
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return response, list(response.context["cl"].result_list)


class TestList:
    def test_columns_and_source_article_link(self, fundraiser_client):
        article = make_article(headline="Bridge reopens")
        pledge = make_pledge(
            make_campaign(name="Spring drive"),
            donor_name="Dana Donor",
            email="dana@example.org",
            amount=Decimal("18"),
            article=article,
        )
        direct = make_pledge(make_campaign(name="Direct drive"), donor_name="Eli")
        response, rows = listed(fundraiser_client)
        assert set(rows) == {pledge, direct}
        html = response.content.decode()
        assert "Dana Donor" in html
        assert "dana<wbr>@example.org" in html
        assert "$18/month" in html
        assert pledge.reference in html
        # The story on the site, not its admin page.
        assert f'<a href="{article.get_absolute_url()}"' in html
        assert reverse("admin:articles_article_change", args=[article.pk]) not in html
        assert ">Direct<" in html

    def test_erased_donor_is_shown_as_erased(self, fundraiser_client):
        make_pledge(donor_name="", email="", erased_at=timezone.now())
        assert "(erased)" in listed(fundraiser_client)[0].content.decode()

    def test_add_button_for_offline_pledges_and_no_delete_action(self, fundraiser_client):
        response, _ = listed(fundraiser_client)
        html = response.content.decode()
        assert reverse("admin:donations_pledge_add") in html
        assert "Record an offline pledge</a>" in html
        assert ">Add pledge<" not in html
        actions = [name for name, _ in response.context["action_form"].fields["action"].choices]
        assert "delete_selected" not in actions
        assert {"mark_fulfilled", "mark_cancelled", "export_selected"} <= set(actions)

    def test_export_and_dashboard_links_carry_the_filters(self, fundraiser_client):
        spring, autumn = make_campaign(name="Spring"), make_campaign(name="Autumn")
        response, _ = listed(fundraiser_client, status__exact="fulfilled", q="dana")
        html = response.content.decode()
        export = reverse("admin:donations_pledge_export")
        assert f'action="{export}?q=dana&amp;status__exact=fulfilled"' in html
        assert f'href="{reverse("admin:donations_dashboard")}"' in html
        assert f"?campaign__id__exact={autumn.pk}" in html  # the campaign filter
        assert f"?campaign__id__exact={spring.pk}" in html


class TestFilters:
    @pytest.fixture
    def pledges(self):
        spring, autumn = make_campaign(name="Spring"), make_campaign(name="Autumn")
        story, other_story = make_article(headline="Ferry returns"), make_article()
        return {
            "spring-story": make_pledge(spring, article=story, email="ana@example.org"),
            "spring-direct": make_pledge(
                spring, frequency=Frequency.ONE_TIME, status=Pledge.Status.FULFILLED
            ),
            "autumn-story": make_pledge(autumn, article=other_story, donor_name="Bo Search"),
            "autumn-old": make_pledge(
                autumn,
                status=Pledge.Status.CANCELLED,
                created_at=timezone.now() - timedelta(days=60),
            ),
            "campaigns": (spring, autumn),
            "stories": (story, other_story),
        }

    def keys(self, pledges, rows):
        return {key for key, pledge in pledges.items() if pledge in rows}

    def test_by_campaign(self, fundraiser_client, pledges):
        spring, _ = pledges["campaigns"]
        _, rows = listed(fundraiser_client, campaign__id__exact=spring.pk)
        assert self.keys(pledges, rows) == {"spring-story", "spring-direct"}

    def test_by_status_and_frequency(self, fundraiser_client, pledges):
        assert self.keys(pledges, listed(fundraiser_client, status__exact="fulfilled")[1]) == {
            "spring-direct"
        }
        assert self.keys(pledges, listed(fundraiser_client, frequency__exact="monthly")[1]) == {
            "spring-story",
            "autumn-story",
            "autumn-old",
        }

    def test_by_date(self, fundraiser_client, pledges):
        response, _ = listed(fundraiser_client)
        spec = next(s for s in response.context["cl"].filter_specs if s.title == "date pledged")
        past_week = next(
            c for c in spec.choices(response.context["cl"]) if c["display"] == "Past 7 days"
        )
        response = fundraiser_client.get(reverse(CHANGELIST) + past_week["query_string"])
        rows = list(response.context["cl"].result_list)
        assert "autumn-old" not in self.keys(pledges, rows)
        assert len(rows) == 3

    def test_by_source(self, fundraiser_client, pledges):
        assert self.keys(pledges, listed(fundraiser_client, source="story")[1]) == {
            "spring-story",
            "autumn-story",
        }
        assert self.keys(pledges, listed(fundraiser_client, source="direct")[1]) == {
            "spring-direct",
            "autumn-old",
        }

    def test_by_one_story_from_the_dashboard_link(self, fundraiser_client, pledges):
        story, _ = pledges["stories"]
        response, rows = listed(fundraiser_client, article__id__exact=story.pk)
        assert self.keys(pledges, rows) == {"spring-story"}
        # The filter panel says which story it is showing, and offers all of them again.
        html = response.content.decode()
        panel = html[html.index('data-filter-title="story"') :]
        panel = panel[: panel.index("</details>")]
        assert '<li class="selected">' in panel
        assert "Ferry returns" in panel
        assert ">All<" in panel
        # Without the parameter the story filter is not shown at all.
        assert 'data-filter-title="story"' not in listed(fundraiser_client)[0].content.decode()

    def test_a_bad_story_id_does_not_break_the_list(self, fundraiser_client, pledges):
        response = fundraiser_client.get(reverse(CHANGELIST), {"article__id__exact": "abc"})
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == 4

    @pytest.mark.parametrize(
        ("term", "expected"),
        [
            ("ana@example", {"spring-story"}),
            ("bo search", {"autumn-story"}),
            ("ferry", {"spring-story"}),
        ],
    )
    def test_search(self, fundraiser_client, pledges, term, expected):
        assert self.keys(pledges, listed(fundraiser_client, q=term)[1]) == expected

    def test_a_word_in_too_many_headlines_is_matched_on_the_donors_only(
        self, fundraiser_client, pledges, monkeypatch
    ):
        monkeypatch.setattr(pledge_admin, "STORIES_IN_SEARCH", 1)
        make_article(headline="Ferry fares")
        donor = make_pledge(donor_name="Fay Ferryman")
        response = fundraiser_client.get(reverse(CHANGELIST), {"q": "ferry"})
        assert list(response.context["cl"].result_list) == [donor]
        [message] = [str(m) for m in response.context["messages"]]
        assert message.startswith("“ferry” is in more than 1 headlines")

    def test_a_reference_is_matched_whole_and_exactly(self, fundraiser_client, pledges):
        reference = pledges["autumn-old"].reference
        assert self.keys(pledges, listed(fundraiser_client, q=reference)[1]) == {"autumn-old"}
        assert self.keys(pledges, listed(fundraiser_client, q=reference[:8])[1]) == set()

    def test_a_whole_address_finds_that_donors_pledges_only(self, fundraiser_client, pledges):
        email = pledges["spring-story"].email
        make_pledge(email="x" + email, donor_name="Someone else")
        found = listed(fundraiser_client, q=f"  {email.upper()} ")[1]
        assert self.keys(pledges, found) == {"spring-story"}
        assert all(pledge.email.lower() == email.lower() for pledge in found)

    def test_search_by_reference(self, fundraiser_client, pledges):
        reference = pledges["autumn-old"].reference
        assert self.keys(pledges, listed(fundraiser_client, q=reference)[1]) == {"autumn-old"}


class TestStatusChange:
    def test_through_the_change_form_writes_the_audit_trail(self, fundraiser_client, fundraiser):
        pledge = make_pledge(donor_name="Dana Donor", amount=Decimal("18"))
        url = reverse("admin:donations_pledge_change", args=[pledge.pk])
        response = fundraiser_client.post(url, status_post("fulfilled", "Bank transfer seen"))
        assert response.status_code == 302
        pledge.refresh_from_db()
        assert pledge.status == Pledge.Status.FULFILLED
        change = PledgeStatusChange.objects.get()
        assert (change.pledge, change.from_status, change.to_status) == (
            pledge,
            "pledged",
            "fulfilled",
        )
        assert change.changed_by == fundraiser
        assert change.note == "Bank transfer seen"

        # The history shows on the pledge's page, read-only.
        html = fundraiser_client.get(url).content.decode()
        assert "Fay Raiser" in html
        assert "Bank transfer seen" in html
        assert 'name="status_changes-0-note"' not in html

    def test_a_second_change_posts_the_page_as_rendered(self, fundraiser_client, fundraiser):
        pledge = make_pledge()
        url = reverse("admin:donations_pledge_change", args=[pledge.pk])
        assert fundraiser_client.post(url, status_post("fulfilled")).status_code == 302
        html = fundraiser_client.get(url).content.decode()
        posted = rendered_form(html)
        assert posted["status_changes-INITIAL_FORMS"] == "1"
        # The empty "payment received" row goes back untouched: nothing recorded.
        response = fundraiser_client.post(url, posted | {"status": "cancelled", "note": "Bounced"})
        assert response.status_code == 302
        trail = PledgeStatusChange.objects.filter(pledge=pledge).order_by("changed_at", "pk")
        assert [(c.from_status, c.to_status, c.note) for c in trail] == [
            ("pledged", "fulfilled", ""),
            ("fulfilled", "cancelled", "Bounced"),
        ]

    def test_only_status_can_be_changed(self, fundraiser_client):
        pledge = make_pledge(donor_name="Dana Donor", amount=Decimal("18"))
        url = reverse("admin:donations_pledge_change", args=[pledge.pk])
        form = fundraiser_client.get(url).context["adminform"].form
        assert set(form.fields) == {"status", "note"}
        data = status_post("pledged") | {"amount": "1", "donor_name": "X", "email": "x@x.org"}
        assert fundraiser_client.post(url, data).status_code == 302
        pledge.refresh_from_db()
        assert (pledge.amount, pledge.donor_name) == (Decimal("18"), "Dana Donor")
        assert not PledgeStatusChange.objects.exists()

    def test_saving_unchanged_writes_no_audit_row(self, fundraiser_client):
        pledge = make_pledge()
        url = reverse("admin:donations_pledge_change", args=[pledge.pk])
        assert fundraiser_client.post(url, status_post("pledged")).status_code == 302
        assert not PledgeStatusChange.objects.exists()

    @pytest.mark.parametrize(
        ("action", "status"),
        [("mark_fulfilled", "fulfilled"), ("mark_cancelled", "cancelled")],
    )
    def test_actions_write_the_audit_trail(self, fundraiser_client, fundraiser, action, status):
        pledges = [make_pledge() for _ in range(3)]
        already = make_pledge(status=status)
        response = fundraiser_client.post(
            reverse(CHANGELIST),
            {"action": action, "_selected_action": [p.pk for p in [*pledges, already]]},
            follow=True,
        )
        messages = [str(m) for m in response.context["messages"]]
        label = Pledge.Status(status).label.lower()
        assert messages == [f"3 pledges marked {label}. 1 already was."]
        assert set(Pledge.objects.values_list("status", flat=True)) == {status}
        changes = PledgeStatusChange.objects.all()
        assert {c.pledge_id for c in changes} == {p.pk for p in pledges}
        assert {(c.from_status, c.to_status, c.changed_by_id) for c in changes} == {
            ("pledged", status, fundraiser.pk)
        }


class TestCsv:
    def test_export_respects_filters_and_search(self, fundraiser_client, run_tasks):
        spring, autumn = make_campaign(name="Spring"), make_campaign(name="Autumn")
        article = make_article(headline="Ferry returns")
        wanted = make_pledge(
            spring,
            article=article,
            status=Pledge.Status.FULFILLED,
            donor_name="Ana",
            email="ana@example.org",
            amount=Decimal("36"),
            message="Keep going",
            is_public=True,
        )
        make_pledge(spring, status=Pledge.Status.PLEDGED, donor_name="Ana Other")
        make_pledge(autumn, status=Pledge.Status.FULFILLED, donor_name="Ana Elsewhere")
        make_pledge(spring, status=Pledge.Status.FULFILLED, donor_name="Bo")
        query = urlencode(
            {"campaign__id__exact": spring.pk, "status__exact": "fulfilled", "q": "ana"}
        )
        rows = export_rows(fundraiser_client, run_tasks, query)
        assert len(rows) == 1
        row = rows[0]
        assert row["Reference"] == wanted.reference
        assert row["Campaign"] == "Spring"
        assert (row["Amount"], row["Currency"], row["Frequency"]) == ("36.00", "USD", "Monthly")
        assert row["Status"] == "Paid"
        assert (row["Donor name"], row["E-mail"]) == ("Ana", "ana@example.org")
        assert row["Listed publicly"] == "yes"
        assert row["Source article"] == "Ferry returns"
        assert row["Source article URL"].endswith(article.get_absolute_url())
        assert row["Source article URL"].startswith("http")
        assert row["Message"] == "Keep going"
        assert row["Created"].startswith(timezone.localdate().isoformat())

    def test_export_goes_past_the_first_page(self, fundraiser_client, run_tasks):
        campaign = make_campaign()
        for _ in range(5):
            make_pledge(campaign)
        fundraiser_client.get(reverse(CHANGELIST))
        assert len(export_rows(fundraiser_client, run_tasks, "p=1")) == 5

    def test_export_with_a_bad_filter_goes_back_to_the_list(self, fundraiser_client):
        response = fundraiser_client.post(
            reverse("admin:donations_pledge_export") + "?nope__exact=1"
        )
        assert response.status_code == 302
        assert response["Location"] == reverse(CHANGELIST) + "?e=1"
        assert not PledgeExport.objects.exists()

    def test_export_selected_action(self, fundraiser_client):
        chosen, other = make_pledge(donor_name="Chosen"), make_pledge(donor_name="Other")
        response = fundraiser_client.post(
            reverse(CHANGELIST), {"action": "export_selected", "_selected_action": [chosen.pk]}
        )
        assert [row["Donor name"] for row in read_csv(response)] == ["Chosen"]
        assert other.donor_name == "Other"

    @pytest.mark.parametrize("count", [3, 15])
    def test_export_query_count_is_bounded(
        self, fundraiser_client, django_assert_max_num_queries, count, run_tasks
    ):
        for n in range(count):
            make_pledge(make_campaign(), article=make_article() if n % 2 else None)
        run_tasks()  # the stories' own (their page parts and related lists)
        fundraiser_client.get(reverse(CHANGELIST))
        # The session and user, permissions, the list's filters and count, the week's old
        # exports, the export and its task (in a savepoint).
        with django_assert_max_num_queries(11):
            fundraiser_client.post(reverse("admin:donations_pledge_export"))
        export = PledgeExport.objects.get()
        # Claiming the task, the requester and their permissions, the filters' campaigns and
        # count, every pledge in one query, the file, the task's end, looking for another.
        with django_assert_max_num_queries(16):
            run_tasks()
        with django_assert_max_num_queries(6):
            page = fundraiser_client.get(reverse("admin:donations_pledge_exports"))
        assert export.filename in page.content.decode()
        download = reverse("admin:donations_pledge_export_download", args=[export.pk])
        assert len(read_csv(fundraiser_client.get(download))) == count

    def test_the_exports_page_waits_then_offers_the_file(self, fundraiser_client, run_tasks):
        make_pledge(donor_name="Ana")
        fundraiser_client.post(reverse("admin:donations_pledge_export") + "?q=ana")
        page = fundraiser_client.get(reverse("admin:donations_pledge_exports")).content.decode()
        assert "Being prepared" in page
        assert 'http-equiv="refresh"' in page
        assert "/download/" not in page
        run_tasks()
        page = fundraiser_client.get(reverse("admin:donations_pledge_exports")).content.decode()
        assert "Ready" in page and "q=ana" in page
        assert 'http-equiv="refresh"' not in page

    def test_exports_older_than_a_week_go(self, fundraiser_client):
        old = PledgeExport.objects.create(query="")
        PledgeExport.objects.filter(pk=old.pk).update(
            created_at=timezone.now() - timedelta(days=8)
        )
        fundraiser_client.post(reverse("admin:donations_pledge_export"))
        assert list(PledgeExport.objects.values_list("pk", flat=True)) != [old.pk]
        assert not PledgeExport.objects.filter(pk=old.pk).exists()

    def test_an_export_cannot_be_started_by_get(self, fundraiser_client):
        response = fundraiser_client.get(reverse("admin:donations_pledge_export"))
        assert response.status_code == 405
        assert not PledgeExport.objects.exists()


@pytest.mark.parametrize(("campaigns", "per_campaign"), [(2, 2), (8, 10)])
def test_changelist_query_count_is_bounded(
    fundraiser_client, django_assert_max_num_queries, campaigns, per_campaign
):
    for _ in range(campaigns):
        campaign = make_campaign()
        for n in range(per_campaign):
            make_pledge(campaign, article=make_article() if n % 2 else None)
    fundraiser_client.get(reverse(CHANGELIST))  # the session, warmed
    with django_assert_max_num_queries(9):
        response = fundraiser_client.get(reverse(CHANGELIST))
    assert len(response.context["cl"].result_list) == campaigns * per_campaign


@pytest.mark.parametrize("changes", [1, 6])
def test_change_page_query_count_is_bounded(
    fundraiser_client, django_assert_max_num_queries, changes
):
    pledge = make_pledge(article=make_article())
    for n in range(changes):
        PledgeStatusChange.objects.create(
            pledge=pledge,
            from_status="pledged",
            to_status="fulfilled",
            changed_by=make_user("fundraiser"),
            note=f"change {n}",
        )
    with django_assert_max_num_queries(12):
        response = fundraiser_client.get(
            reverse("admin:donations_pledge_change", args=[pledge.pk])
        )
    assert response.content.decode().count("change ") >= changes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes: PostgreSQL")
def test_a_name_search_uses_the_indexes_on_postgresql(fundraiser_client):
    make_pledge(donor_name="Klara Horvath", article=make_article(headline="Horvath wins"))
    with CaptureQueriesContext(connection) as queries:
        fundraiser_client.get(reverse(CHANGELIST), {"q": "horvath"})
    [count_sql] = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: see what could be used
        cursor.execute(f"EXPLAIN {count_sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
    for index in ["pledge_donor_name_upper_trgm", "pledge_email_upper_trgm"]:
        assert f"Bitmap Index Scan on {index}" in plan, plan
