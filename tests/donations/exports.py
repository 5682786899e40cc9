"""The pledge export as a fundraiser takes it: ask, let the worker make it, download."""

import csv
import io
import re

from django.urls import reverse


def export_rows(client, run_tasks, query=""):
    """The CSV rows of an export of the pledge list with `query` (its filters, as the list's
    address has them), through the desk's buttons and a worker."""
    url = reverse("admin:donations_pledge_export") + (f"?{query}" if query else "")
    response = client.post(url)
    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("admin:donations_pledge_exports")
    run_tasks()
    page = client.get(response["Location"]).content.decode()
    link = re.search(r'href="([^"]+/download/)"', page).group(1)
    return read_csv(client.get(link))


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="pledges-')
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))
