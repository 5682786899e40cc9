"""Pledge exports: asked for in the desk, made by a worker, downloaded within a week.

The CSV is made from the same filters and search the fundraiser's list had (the pledge
admin's own changelist, rebuilt from the query string), so the file is what the list
showed, on every page.
"""

import gzip
import io
from datetime import timedelta

from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from donations import reports, tasks
from donations.models import Pledge, PledgeExport

KEPT_DAYS = 7
CHUNK = 64 * 1024


@transaction.atomic
def request_export(*, query, by):
    """Queue an export of the pledge list with `query` (its filters and search) for `by`;
    exports older than KEPT_DAYS go."""
    expired = PledgeExport.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=KEPT_DAYS)
    )
    expired.defer("content").delete()  # the deletion reads the rows: not their files
    export = PledgeExport.objects.create(query=query[:2000], requested_by=by)
    tasks.export_pledges.enqueue(export.pk)
    return export


def matching_pledges(export):
    """The pledges the list showed for the export's query, as the pledge admin finds them."""
    path = reverse("admin:donations_pledge_changelist")
    request = RequestFactory().get(f"{path}?{export.query}" if export.query else path)
    request.user = export.requested_by or AnonymousUser()
    changelist = admin.site.get_model_admin(Pledge).get_changelist_instance(request)
    return changelist.queryset


def write_csv(export):
    """Make the export's CSV (gzip-compressed) and mark it ready; returns the rows."""
    buffer = io.BytesIO()
    rows = -1  # the header is not a pledge
    with gzip.GzipFile(fileobj=buffer, mode="wb") as compressed:
        for line in reports.csv_lines(reports.pledge_rows(matching_pledges(export))):
            compressed.write(line.encode())
            rows += line != "\ufeff"
    PledgeExport.objects.filter(pk=export.pk).update(
        status=PledgeExport.Status.READY,
        rows=max(rows, 0),
        content=buffer.getvalue(),
        finished_at=timezone.now(),
    )
    return max(rows, 0)


def csv_chunks(export):
    """The CSV, decompressed a chunk at a time, for a streaming download."""
    with gzip.GzipFile(fileobj=io.BytesIO(bytes(export.content)), mode="rb") as compressed:
        while chunk := compressed.read(CHUNK):
            yield chunk
