"""The push endpoint: an agency sends its items to /ingest/<source-slug>/ with the source's
secret as `Authorization: Bearer <secret>`."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from imports import ingest
from imports.items import MAX_FEED_BYTES, FeedProblem
from imports.models import FeedSource


@csrf_exempt  # a machine's POST, authenticated by the source's secret, not a session
@never_cache
@require_POST
def ingest_push(request, slug):
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not given:
        response = JsonResponse(
            {"error": "Send the source's secret as a Bearer token."}, status=401
        )
        response["WWW-Authenticate"] = 'Bearer realm="ingest"'
        return response
    source = FeedSource.objects.filter(
        slug=slug, delivery=FeedSource.Delivery.PUSH, is_active=True
    ).first()
    # An unknown source answers as a wrong secret does: the address tells nothing.
    if source is None or not source.secret_matches(given):
        return JsonResponse({"error": "Wrong secret for this source."}, status=403)
    if int(request.headers.get("Content-Length") or 0) > MAX_FEED_BYTES:
        ingest.record_failure(source, "A pushed document was too large; refused unread.")
        return JsonResponse({"error": f"At most {MAX_FEED_BYTES:,} bytes."}, status=413)
    try:
        report = ingest.receive(source, request.body)
    except FeedProblem as problem:
        return JsonResponse({"error": str(problem)}, status=400)
    return JsonResponse({"counts": dict(report.counts), "notes": report.sections.get("Items", [])})
