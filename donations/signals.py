"""Cache invalidation (the one use of signals here): a changed campaign reaches every page."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.models import Place
from donations import appeals
from donations.models import Campaign

TARGETING = [
    Campaign._meta.get_field(name).remote_field.through
    for name in Campaign.TARGETING + Campaign.EXCLUSIONS
]


@receiver(post_save, sender=Campaign)
@receiver(post_delete, sender=Campaign)
def campaign_changed(sender, instance, **kwargs):
    appeals.forget_campaigns()
    appeals.forget_totals(instance.pk)


@receiver(post_save, sender=Place)
@receiver(post_delete, sender=Place)
def place_tree_changed(sender, **kwargs):
    # A campaign for a place covers the places inside it: a moved place changes that.
    appeals.forget_campaigns()


def targeting_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        appeals.forget_campaigns()


for through in TARGETING:
    m2m_changed.connect(
        targeting_changed, sender=through, dispatch_uid=f"appeals-{through.__name__}"
    )
