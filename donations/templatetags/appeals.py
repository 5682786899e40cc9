"""The appeal a story carries, for the article page: the page asks fundraising for it, so
the newsroom's code never imports the fundraising app."""

from django import template

from donations import appeals

register = template.Library()


@register.simple_tag
def appeal_for(article):
    """`{% appeal_for article as appeal %}`: donations.appeals.appeal_for(), or None."""
    return appeals.appeal_for(article)
