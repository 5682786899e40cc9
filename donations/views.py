import hashlib

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from donations import appeals, gateway, stats, upgrades
from donations.forms import AppealSeenForm, PledgeForm
from donations.models import Campaign, Pledge
from donations.pledges import record_pledge
from newsroom.serving import throttle

HOUR = 60 * 60
# Beacons per reader address and hour: far above one person reading, far below a flood.
BEACONS_PER_ADDRESS = 300


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


@never_cache
def donate(request):
    campaign = appeals.current_general_campaign()
    if campaign is None:
        return render(request, "donations/campaign_missing.html", status=404)
    return pledge_page(request, campaign)


@never_cache
def pledge(request, slug):
    campaign = get_object_or_404(Campaign, slug=slug)
    if not campaign.is_live_at(timezone.now()):
        if appeals.current_general_campaign() is None:
            return render(request, "donations/campaign_missing.html", status=404)
        # An old appeal link still carries its story: keep it for attribution.
        query = request.GET.urlencode()
        return redirect(reverse("donations:donate") + (f"?{query}" if query else ""))
    return pledge_page(request, campaign)


def pledge_page(request, campaign):
    """The pledge form for a live campaign: shown (counting an appeal click), or sent."""
    if request.method == "POST":
        return submit_pledge(request, campaign)
    form = PledgeForm.from_query(campaign=campaign, query=request.GET)
    if form.source_article:
        stats.count_click(campaign_id=campaign.pk, article_id=form.source_article.pk)
    return render_form(request, form)


def submit_pledge(request, campaign):
    # Only pledges and plain bot failures count against the address: a reader who mistypes
    # the amount ten times must still be able to give.
    address_key = f"pledge:address:{throttle.client_address(request)}"
    limit = settings.NEWSROOM_PLEDGES_PER_ADDRESS
    try:
        if throttle.attempts(address_key) >= limit:
            return refuse(request, status=429)
        form = PledgeForm(campaign=campaign, data=request.POST)
        if not form.is_valid():
            if form.looks_automated():
                throttle.hit(address_key, limit=limit, window=HOUR)
            return render_form(request, form)
        email_key = hashlib.sha256(form.cleaned_data["email"].lower().encode()).hexdigest()
        if not throttle.hit(address_key, limit=limit, window=HOUR) or not throttle.hit(
            f"pledge:email:{email_key}", limit=settings.NEWSROOM_PLEDGES_PER_EMAIL, window=HOUR
        ):
            return refuse(request, status=429)
    except throttle.ThrottleUnavailable:
        return refuse(request, status=503)
    pledge, _ = record_pledge(campaign=campaign, **form.pledge_fields())
    if pledge.status == Pledge.Status.INCOMPLETE:
        return HttpResponseSeeOther(reverse("donations:pay", args=[pledge.reference]))
    return HttpResponseSeeOther(pledge.get_absolute_url())


def render_form(request, form):
    context = {"form": form, "campaign": form.campaign}
    return render(request, "donations/pledge_form.html", context)


def refuse(request, *, status):
    """429 (too many pledges from here) or 503 (the throttle's cache is down)."""
    response = render(request, "donations/pledge_refused.html", {"status": status}, status=status)
    response["Retry-After"] = str(HOUR if status == 429 else 60)
    return response


@never_cache
def thanks(request, reference):
    pledge = get_object_or_404(
        Pledge.objects.select_related("campaign", "article"), reference=reference
    )
    if pledge.status == Pledge.Status.INCOMPLETE and gateway.enabled():
        return redirect("donations:pay", pledge.reference)
    context = {
        "pledge": pledge,
        "campaign": pledge.campaign,
        "masked_email": mask_email(pledge.email),
        "source_article": pledge.article if pledge.article and pledge.article.is_live else None,
        "paid": pledge.is_card_gift and pledge.status != Pledge.Status.INCOMPLETE,
        "summary": upgrades.summary(pledge),
        "offer_monthly": gateway.enabled() and upgrades.can_make_monthly(pledge),
        "monthly_failed": request.GET.get("monthly") == "failed",
    }
    return render(request, "donations/pledge_thanks.html", context)


def mask_email(email):
    """ "jane@example.org" → "j•••@example.org": enough for the donor to recognise."""
    local, at, domain = email.partition("@")
    return f"{local[:1]}•••{at}{domain}" if local and at else ""


@csrf_exempt  # sendBeacon carries no token, and this changes only an aggregate counter
@require_POST
def appeal_seen(request):
    """The appeal block's beacon: one view of a campaign's appeal on a story. Always 204."""
    try:
        allowed = throttle.hit(
            f"appeal-seen:{throttle.client_address(request)}",
            limit=BEACONS_PER_ADDRESS,
            window=HOUR,
        )
    except throttle.ThrottleUnavailable:
        allowed = False
    if not allowed:
        return HttpResponse(status=204)
    form = AppealSeenForm(data=request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    stats.count_view(
        campaign_id=form.cleaned_data["campaign"].pk, article_id=form.cleaned_data["article"].pk
    )
    return HttpResponse(status=204)
