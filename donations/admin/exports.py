"""The pledge list as CSV: the rows ticked in the list, or every row its filters find."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from donations import reports


def pledges_csv(pledges):
    """These pledges as a CSV download named for today, streamed row by row."""
    response = StreamingHttpResponse(
        reports.csv_lines(reports.pledge_rows(pledges)), content_type="text/csv"
    )
    filename = f"pledges-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_view(request, *, model_admin):
    """Everything the list shows with the same filters and search, on every page."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    try:
        changelist = model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters:
        return HttpResponseRedirect(reverse("admin:donations_pledge_changelist") + "?e=1")
    return pledges_csv(changelist.queryset)
