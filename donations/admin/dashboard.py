"""The fundraising dashboard: pledges per day, the campaigns that ran and the stories that
brought pledges, over one of reports.PERIODS."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from donations import reports


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
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Fundraising dashboard",
        "opts": model_admin.opts,
        "days": days,
        "periods": reports.PERIODS,
        "chart": reports.day_chart(reports.pledges_per_day(since)),
        "campaigns": campaigns,
        "articles": reports.article_performance(since),
        "rate_min_views": settings.NEWSROOM_RATE_MIN_VIEWS,
        "changelist_url": reverse("admin:donations_pledge_changelist"),
    }
    return TemplateResponse(request, "admin/donations/dashboard.html", context)
