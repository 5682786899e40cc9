"""/healthz: for load balancers and monitoring."""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from background import operations


@require_GET
def healthz(request):
    """200 when the database answers, 503 otherwise; the second line says how long the
    longest-waiting background task has waited (monitoring alerts on it; a load balancer
    keeps the server: stuck tasks are no reason to stop serving pages)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        oldest = operations.oldest_queued_seconds()
    except DatabaseError as error:
        return HttpResponse(
            f"database unavailable: {type(error).__name__}\n",
            status=503,
            content_type="text/plain",
        )
    waited = "none waiting" if oldest is None else f"oldest waiting {oldest} s"
    return HttpResponse(f"ok\ntasks: {waited}\n", content_type="text/plain")
