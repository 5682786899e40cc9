"""The newsroom's time zone in the admin: every date-and-time field names it.

Staff type times in the newsroom's zone (settings.TIME_ZONE, from NEWSROOM_TIME_ZONE) and
readers see them in it; the database keeps UTC (USE_TZ). A field that does not say which
zone it means invites a story scheduled an hour or a day off.
"""

from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def zone_label():
    """The zone's name, e.g. "Europe/Berlin": not an abbreviation, which would be right
    for today and wrong for a date across a change of summer time."""
    return timezone.get_current_timezone_name()


class ZonedSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, with the zone they are read in beside them."""

    def render(self, name, value, attrs=None, renderer=None):
        # Inside the admin's <p class="datetime">, after the time input. (A template of our
        # own would need the project's templates in FORM_RENDERER, for every form.)
        html = super().render(name, value, attrs, renderer)
        inputs, end = html.rsplit("</p>", 1)
        zone = format_html('<span class="time-zone">{} time</span>', zone_label())
        return mark_safe(f"{inputs}{zone}\n</p>{end}")  # noqa: S308 (both parts escaped)


# For a ModelAdmin or inline: `formfield_overrides = ZONED_DATETIME_FIELDS`.
ZONED_DATETIME_FIELDS = {models.DateTimeField: {"widget": ZonedSplitDateTime}}
