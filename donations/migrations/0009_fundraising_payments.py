"""Data migration: the Fundraising group records offline pledges and their payments and
reads Stripe's events; the kept monthly recurring value counts active gifts only."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "pledge": ["add"],
    "payment": ["add", "change", "view"],
    "paymentstatuschange": ["view"],
    "paymentattempt": ["view"],
    "stripeevent": ["view"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("donations")
    original = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Fundraising")
    for model, actions in GRANTS.items():
        codenames = [f"{action}_{model}" for action in actions]
        permissions = Permission.objects.filter(
            content_type__app_label="donations", codename__in=codenames
        )
        if len(permissions) != len(codenames):
            raise RuntimeError(f"Missing permissions for donations.{model}")
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Fundraising").first()
    if group is not None:
        codenames = [f"{a}_{m}" for m, actions in GRANTS.items() for a in actions]
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="donations", codename__in=codenames)
        )


def recurring_counts_active_only(apps, schema_editor):
    # No pledge was "active" before this release: the recurring parts start from zero.
    apps.get_model("donations", "CampaignTotals").objects.update(monthly_part=0, annual_part=0)


class Migration(migrations.Migration):
    dependencies = [("donations", "0008_payments")]

    operations = [
        migrations.RunPython(grant, revoke),
        migrations.RunPython(recurring_counts_active_only, migrations.RunPython.noop),
    ]
