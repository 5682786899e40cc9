"""The fundraising dashboard: pledges per day, the campaigns that ran (pledged beside
received), the stories that brought pledges, failed payments to follow up, lapsed donors
(with their CSV), churn per month and declined card attempts per hour."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from donations import payment_reports, reports

# Rows shown on the page; the CSV has every lapsed donor.
LAPSED_SHOWN = 25


def dashboard_view(request, *, model_admin):
    """The dashboard for ?days= (one of reports.PERIODS, the first by default)."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    try:
        days = int(request.GET.get("days", reports.PERIODS[0]))
    except ValueError:
        days = reports.PERIODS[0]
    if days not in reports.PERIODS:
        days = reports.PERIODS[0]
    since = reports.period_start(days)
    now = timezone.now()
    campaigns = [
        {
            "campaign": campaign,
            "state": campaign.state_at(now).label,
            **reports.campaign_figures(campaign),
        }
        for campaign in reports.campaigns_running(since)
    ]
    lapsed = list(payment_reports.lapsed_donors()[: LAPSED_SHOWN + 1])
    for pledge in lapsed:
        pledge.last_amount_display = payment_reports.last_amount_display(pledge)
    attempts = payment_reports.attempts_per_hour(now)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Fundraising dashboard",
        "opts": model_admin.opts,
        "days": days,
        "days_label": f"{days} days",
        "periods": reports.PERIODS,
        "chart": reports.day_chart(reports.pledges_per_day(since)),
        "campaigns": campaigns,
        "articles": reports.article_performance(since),
        "rate_min_views": settings.NEWSROOM_RATE_MIN_VIEWS,
        "changelist_url": reverse("admin:donations_pledge_changelist"),
        "failed": payment_reports.failed_to_follow_up(since),
        "lapsed": lapsed[:LAPSED_SHOWN],
        "lapsed_more": len(lapsed) > LAPSED_SHOWN,
        "churn": churn_since_the_first_gift(payment_reports.churn()),
        "attempts": attempts,
        "declines_chart": reports.day_chart(
            [(hour, outcomes.get("declined", 0)) for hour, outcomes in attempts]
        ),
    }
    return TemplateResponse(request, "admin/donations/dashboard.html", context)


def churn_since_the_first_gift(months):
    """The months newest first, without the empty ones before any recurring gift."""
    while months and not (months[0].active_at_start or months[0].cancelled):
        months = months[1:]
    return list(reversed(months))


def lapsed_csv_view(request, *, model_admin):
    """Every lapsed donor (payment_reports.lapsed_donors()) as a CSV download."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    rows = payment_reports.lapsed_rows(payment_reports.lapsed_donors())
    response = StreamingHttpResponse(reports.csv_lines(rows), content_type="text/csv")
    filename = f"lapsed-donors-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
