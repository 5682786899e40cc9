"""Campaigns: an appeal's words, goal, schedule and targeting, its state at a given time,
and its totals as annotations."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Count, ExpressionWrapper, F, Func, Q, Value
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone

from articles.html import SanitizedHTMLField
from donations.models.pledges import RECURRING_CURRENT, UNCOUNTED, Frequency, Pledge
from donations.models.totals import CampaignTotals
from donations.money import (
    CURRENCY_SYMBOLS,
    GOAL_DIGITS,
    money_field,
    money_output,
    money_sum,
    parse_amounts,
    validate_amounts,
    zero,
)
from newsroom.serving import invalidation

# Pledge-flow addresses that sit beside /donate/<slug>/ and would hide a campaign so named.
RESERVED_SLUGS = {"seen", "thanks", "pay", "stripe", "manage"}


def validate_campaign_slug(slug):
    """A field validator: the slug is not one of RESERVED_SLUGS."""
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            "“%(slug)s” is taken by the pledge pages; choose another.",
            code="reserved_slug",
            params={"slug": slug},
        )


class CampaignQuerySet(models.QuerySet):
    def live(self, at=None):
        """Switched on, started, and not yet ended at the given time (now by default)."""
        at = at or timezone.now()
        return self.filter(is_active=True, starts_at__lte=at).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=at)
        )

    def change_moments(self, now):
        """The starts and ends to come, when the appeals on reader pages change by
        themselves (newsroom.serving.schedule, donations.appeals.next_campaign_moment())."""
        return [
            invalidation.moments(self.filter(starts_at__gt=now), "starts_at"),
            invalidation.moments(self.filter(ends_at__gt=now), "ends_at"),
        ]

    def in_state(self, state, at=None):
        """Campaigns in one Campaign.State at the given time (now by default)."""
        at = at or timezone.now()
        state = Campaign.State(state)
        if state == Campaign.State.LIVE:
            return self.live(at)
        if state == Campaign.State.SCHEDULED:
            return self.filter(is_active=True, starts_at__gt=at)
        if state == Campaign.State.ENDED:
            return self.filter(is_active=True, ends_at__lte=at)
        return self.filter(is_active=False)

    def with_totals(self):
        """Raised (pledged and paid), fulfilled, received, fees and net (from payments),
        one-time and recurring sums, monthly recurring value (active recurring pledges
        only), pledge and donor counts, cancelled, refunded and unpaid pledges left out:
        read from the totals kept as pledges and payments change (donations.totals), one
        join, whatever the pledges."""

        def kept(name, default):
            return Coalesce(F(f"totals__{name}"), default, output_field=default.output_field)

        count_zero = Value(0, output_field=models.IntegerField())
        return self.annotate(
            raised=kept("raised", zero()),
            fulfilled=kept("fulfilled", zero()),
            received=kept("received", zero()),
            fees=kept("fees", zero()),
            one_time_total=kept("one_time_total", zero()),
            monthly_part=kept("monthly_part", zero()),
            annual_part=kept("annual_part", zero()),
            pledge_count=kept("pledge_count", count_zero),
            donor_count=kept("donor_count", count_zero),
        ).annotate(
            net=ExpressionWrapper(F("received") - F("fees"), output_field=money_output()),
            recurring_total=ExpressionWrapper(
                F("monthly_part") + F("annual_part"), output_field=money_output()
            ),
            # An annual gift counts for a twelfth of itself each month.
            monthly_recurring=ExpressionWrapper(
                F("monthly_part") + TwelfthInCents(F("annual_part")),
                output_field=money_output(),
            ),
        )

    def counted_totals(self):
        """The same figures as with_totals(), summed from the pledges themselves: what
        donations.totals.recount() checks the kept totals against. One query, but it reads
        every pledge of every campaign (seconds at a million pledges): not for pages."""
        counted = ~Q(pledges__status__in=UNCOUNTED)
        current = Q(pledges__status__in=RECURRING_CURRENT)

        def total(condition):
            return money_sum("pledges__amount", condition=condition)

        return self.annotate(
            raised=total(counted),
            fulfilled=total(Q(pledges__status=Pledge.Status.FULFILLED)),
            one_time_total=total(counted & Q(pledges__frequency=Frequency.ONE_TIME)),
            monthly_part=total(current & Q(pledges__frequency=Frequency.MONTHLY)),
            annual_part=total(current & Q(pledges__frequency=Frequency.ANNUAL)),
            pledge_count=Count("pledges", filter=counted),
            # One donor however they capitalise their address (as for_donor() matches).
            donor_count=Count(
                Lower("pledges__email"), filter=counted & ~Q(pledges__email=""), distinct=True
            ),
        )


class TwelfthInCents(Func):
    """A yearly sum spread over twelve months, rounded to the cent, on every database."""

    template = "ROUND((%(expressions)s) / 12, 2)"
    output_field = money_output()

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite keeps whole decimals as integers, where 100 / 12 is 8.
        return self.as_sql(
            compiler, connection, template="ROUND(CAST(%(expressions)s AS REAL) / 12, 2)", **extra
        )


class Campaign(models.Model):
    """A fundraising appeal: its words, its goal, when it runs and which stories carry it."""

    class State(models.TextChoices):
        """Where a campaign stands at a given time, as the desk's list and dashboard say it."""

        LIVE = "live", "Live"
        SCHEDULED = "scheduled", "Scheduled"
        ENDED = "ended", "Ended"
        OFF = "off", "Switched off"

    name = models.CharField(
        max_length=120, help_text="For the fundraising desk; readers see the headline."
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        validators=[validate_campaign_slug],
        help_text="The end of its pledge page’s address, after /donate/.",
    )
    appeal_headline = models.CharField(max_length=200)
    appeal_body = SanitizedHTMLField(blank=True)
    call_to_action = models.CharField(max_length=80, default="Give now")
    goal = money_field(
        GOAL_DIGITS,
        null=True,
        blank=True,
        help_text="Leave empty for an appeal without a progress bar.",
    )
    currency = models.CharField(
        max_length=3, choices=[(code, code) for code in CURRENCY_SYMBOLS], default="USD"
    )
    totals_shown_from = models.PositiveIntegerField(
        "show totals from",
        default=10,
        validators=[MinValueValidator(1)],
        help_text=(
            "Supporters needed before the appeal shows the amount raised and the number of "
            "supporters; until then readers see the appeal without figures."
        ),
    )
    starts_at = models.DateTimeField("starts", default=timezone.now)
    ends_at = models.DateTimeField(
        "ends", null=True, blank=True, help_text="Empty: runs until switched off."
    )
    one_time_amounts = models.CharField(
        "one-time amounts",
        max_length=200,
        default="25, 50, 100, 250",
        validators=[validate_amounts],
        help_text="Suggested amounts, separated by commas.",
    )
    monthly_amounts = models.CharField(
        max_length=200, default="10, 18, 36, 72", validators=[validate_amounts]
    )
    annual_amounts = models.CharField(
        max_length=200, default="100, 180, 360", validators=[validate_amounts]
    )
    default_frequency = models.CharField(
        max_length=10, choices=Frequency, default=Frequency.MONTHLY
    )
    targets_all = models.BooleanField(
        "all stories",
        default=True,
        help_text=(
            "Carry this appeal on every story, or only on the sections, tags, places and "
            "organisations below."
        ),
    )
    sections = models.ManyToManyField("articles.Section", blank=True, related_name="campaigns")
    tags = models.ManyToManyField("taggit.Tag", blank=True, related_name="campaigns")
    places = models.ManyToManyField("articles.Place", blank=True, related_name="campaigns")
    organisations = models.ManyToManyField(
        "articles.Organisation", blank=True, related_name="campaigns"
    )
    excluded_sections = models.ManyToManyField(
        "articles.Section", blank=True, related_name="+", verbose_name="except sections"
    )
    excluded_tags = models.ManyToManyField(
        "taggit.Tag", blank=True, related_name="+", verbose_name="except tags"
    )
    excluded_places = models.ManyToManyField(
        "articles.Place", blank=True, related_name="+", verbose_name="except places"
    )
    excluded_organisations = models.ManyToManyField(
        "articles.Organisation", blank=True, related_name="+", verbose_name="except organisations"
    )
    priority = models.IntegerField(
        default=0, help_text="When several campaigns fit a story, the highest priority wins."
    )
    is_active = models.BooleanField("switched on", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignQuerySet.as_manager()

    # The many-to-many relations that say where a campaign runs and where it never does.
    TARGETING = ("sections", "tags", "places", "organisations")
    EXCLUSIONS = (
        "excluded_sections",
        "excluded_tags",
        "excluded_places",
        "excluded_organisations",
    )

    class Meta:
        ordering = ["-priority", "-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="campaign_ends_after_start",
                violation_error_message="A campaign must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(goal__isnull=True) | Q(goal__gt=0),
                name="campaign_goal_positive",
                violation_error_message="The goal must be more than zero.",
            ),
            models.CheckConstraint(condition=~Q(appeal_headline=""), name="campaign_headline_set"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        adding = self._state.adding
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)
            if adding:
                # Its totals row, kept from the first pledge on (donations.totals).
                CampaignTotals.objects.create(campaign=self)

    def get_absolute_url(self):
        return reverse("donations:pledge", kwargs={"slug": self.slug})

    def clean(self):
        """The rules a form reports beside their field; the check constraints in Meta are
        the database's word on the same."""
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = ValidationError(
                "A campaign must end after it starts.", code="ends_before_start"
            )
        if self.goal is not None and self.goal <= 0:
            errors["goal"] = ValidationError(
                "The goal must be more than zero; leave it empty for no progress bar.",
                code="goal_not_positive",
            )
        if errors:
            raise ValidationError(errors)

    def suggested_amounts(self, frequency):
        """The suggested amounts for one frequency, as Decimals."""
        text = {
            Frequency.ONE_TIME: self.one_time_amounts,
            Frequency.MONTHLY: self.monthly_amounts,
            Frequency.ANNUAL: self.annual_amounts,
        }[frequency]
        try:
            return parse_amounts(text)
        except ValueError:
            return []

    def is_live_at(self, at):
        """The row-level twin of CampaignQuerySet.live()."""
        return (
            self.is_active and self.starts_at <= at and (self.ends_at is None or self.ends_at > at)
        )

    def state_at(self, at):
        """The row-level twin of CampaignQuerySet.in_state()."""
        if not self.is_active:
            return self.State.OFF
        if self.is_live_at(at):
            return self.State.LIVE
        if self.starts_at > at:
            return self.State.SCHEDULED
        return self.State.ENDED
