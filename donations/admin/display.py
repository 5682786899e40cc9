"""Small pieces the desk's pages share: dates, a donor's name and address, and links into
the pledge list."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import urlencode


def short_date(moment, with_time=False):
    """ "24 Nov 2026"; with the time, "24 Nov, 12:51" this year. In the site's time zone."""
    local = timezone.localtime(moment)
    if not with_time:
        return date_format(local, "j M Y")
    this_year = local.year == timezone.localdate().year
    return date_format(local, "j M, H:i" if this_year else "j M Y, H:i")


def pledges_url(**filters):
    """The pledge list with these filters, e.g. pledges_url(campaign__id__exact=3)."""
    return f"{reverse('admin:donations_pledge_changelist')}?{urlencode(filters)}"


def donor_html(pledge):
    """The donor's name over their address, which may break before its @ and nowhere else;
    "(erased)" once the donor was erased."""
    if pledge.erased_at:
        return "(erased)"
    local, at, domain = (pledge.email or "no e-mail").partition("@")
    return format_html(
        '{}<br><span class="pledge-email">{}<wbr>{}{}</span>',
        pledge.donor_name or "—",
        local,
        at,
        domain,
    )


class ReadOnlyInline(admin.TabularInline):
    """Rows shown as they were written: nobody adds, changes or removes one here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryInline(ReadOnlyInline):
    """An audit trail (a pledge's or a payment's status changes), oldest first."""

    fields = ["changed_at", "from_status", "to_status", "who", "note"]
    verbose_name = "status change"
    verbose_name_plural = "history"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")
