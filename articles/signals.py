"""Cache invalidation: a change to anything reader pages show forgets every cached page
(and the cached section menu with them).

Every model of the apps whose rows appear on reader pages counts, unless it is listed as
never shown: a model added later invalidates until someone decides otherwise (stale pages
would be the worse mistake). `update()` and `bulk_create()` send no signals; code that
writes content that way calls `page_cache.forget_pages()` itself.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles import page_cache

CONTENT_APPS = {"articles", "donations", "taggit"}
# Rows readers never see: the desk's history, and pledges with the totals they keep (a
# campaign's progress on the page is refreshed with the page, within
# NEWSROOM_PAGE_CACHE_SECONDS).
NEVER_SHOWN = {
    "articles.StatusChange",
    "articles.Revision",
    "donations.Pledge",
    "donations.PledgeStatusChange",
    "donations.CampaignTotals",
    "donations.CampaignDonor",
    "donations.AppealStat",
}


def shown_to_readers(model):
    return model._meta.app_label in CONTENT_APPS and model._meta.label not in NEVER_SHOWN


@receiver(post_save, dispatch_uid="page-cache-save")
@receiver(post_delete, dispatch_uid="page-cache-delete")
def content_changed(sender, **kwargs):
    if shown_to_readers(sender):
        page_cache.forget_pages()


@receiver(m2m_changed, dispatch_uid="page-cache-relations")
def relations_changed(sender, action, **kwargs):
    # `sender` is the relation's own table (an article's people, a campaign's places).
    if action in {"post_add", "post_remove", "post_clear"} and shown_to_readers(sender):
        page_cache.forget_pages()
