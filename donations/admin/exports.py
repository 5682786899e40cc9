"""The pledge list as CSV: asked for here, made by a background task (donations.exports),
listed and downloaded here; the rows ticked in the list are a CSV at once."""

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from donations import exports, reports
from donations.models import PledgeExport


def pledges_csv(pledges):
    """These pledges as a CSV download named for today, streamed row by row."""
    response = StreamingHttpResponse(
        reports.csv_lines(reports.pledge_rows(pledges)), content_type="text/csv"
    )
    filename = f"pledges-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_view(request, *, model_admin):
    """Everything the list shows with the same filters and search, on every page: queued,
    then listed on the exports page. A POST: it starts work."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        model_admin.get_changelist_instance(request)  # the filters must make sense now
    except IncorrectLookupParameters:
        return HttpResponseRedirect(reverse("admin:donations_pledge_changelist") + "?e=1")
    exports.request_export(query=request.GET.urlencode(), by=request.user)
    messages.success(request, "Your export is being prepared; it appears here when it is ready.")
    return HttpResponseRedirect(reverse("admin:donations_pledge_exports"))


def exports_view(request, *, model_admin):
    """The week's exports, newest first, with their state and a download when ready."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Pledge exports",
        "opts": model_admin.model._meta,
        "exports": PledgeExport.objects.select_related("requested_by").defer("content")[:50],
        "kept_days": exports.KEPT_DAYS,
        "preparing": PledgeExport.objects.filter(status=PledgeExport.Status.PREPARING).exists(),
    }
    return render(request, "admin/donations/pledge/exports.html", context)


def download_view(request, pk, *, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    export = get_object_or_404(PledgeExport, pk=pk, status=PledgeExport.Status.READY)
    response = StreamingHttpResponse(exports.csv_chunks(export), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
