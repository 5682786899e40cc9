"""Data migration: two of the first boilerplate patterns (0014) matched news too.

“Sign up for the draft opens today” is a story, not a plug, and so is spam “delivered
straight to your inbox”: the subscription patterns now need the plug's own words. A pattern
staff have edited since is left as they wrote it."""

from django.db import migrations

CHANGES = [
    (
        "Subscription plug: “Subscribe to our newsletter”",
        r"^(?:click here to |please )?(?:subscribe|sign up)\b.{0,60}"
        r"\b(?:newsletters?|inbox|(?:our|free|daily|weekly) (?:newsletters?|briefing|digest))\b",
    ),
    (
        "Subscription plug: “Get … delivered to your inbox”",
        r"^(?:get|have|receive)\b.{0,60}\bdelivered\b.{0,30}\bto your inbox",
    ),
]
# What 0014 wrote for the first one (its regex ended in these alternatives).
OLD_FIRST = (
    r"^(?:click here to |please )?(?:subscribe|sign up)\b.{0,60}"
    r"\b(?:newsletter|our|today|free|here)\b"
)


def tighten(apps, schema_editor):
    BoilerplatePattern = apps.get_model("articles", "BoilerplatePattern")
    olds = [OLD_FIRST, "delivered … to your inbox"]
    for (name, new), old in zip(CHANGES, olds, strict=True):
        BoilerplatePattern.objects.filter(name=name, pattern=old).update(kind="regex", pattern=new)


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_folded_names_boilerplate_and_permissions")]

    operations = [migrations.RunPython(tighten, migrations.RunPython.noop)]
