"""Data migration: the folded names of existing records, the first boilerplate patterns, and
what the Journalists and Editors groups may do with organisations, roles and patterns."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.text_matching import fold

# Paragraphs wire copy carries that are not the story. Staff edit this list in the admin.
PATTERNS = [
    {
        "name": "“Support … Journalism” appeal heading",
        "kind": "regex",
        # A short paragraph, the heading of an agency's own appeal: the rest is the appeal.
        "pattern": r"^support\s+(?:\S+\s+){0,3}journalism\b(?:\s+\S+){0,5}\s*$",
        "covers_rest": True,
    },
    {
        "name": "An agency's appeal: “depends on the generosity of … readers”",
        "kind": "phrase",
        "pattern": "depends on the generosity of … readers",
    },
    {
        "name": "An agency's appeal: “monthly donations … go a long way”",
        "kind": "phrase",
        "pattern": "monthly donations … go a long way",
    },
    {
        "name": "An agency's appeal: “please consider supporting our journalism”",
        "kind": "phrase",
        "pattern": "please consider … supporting … journalism",
    },
    {
        "name": "An agency's appeal: “become a member / donate today”",
        "kind": "regex",
        "pattern": r"\b(?:donate|give|become a (?:member|supporter|subscriber))\b.{0,40}"
        r"\b(?:today|now)\b.{0,80}\b(?:journalism|reporting|newsroom)\b",
    },
    {
        "name": "Republication note: “This story first appeared …”",
        "kind": "start",
        "pattern": "this (story|article|report) (first|originally) appeared",
    },
    {
        "name": "Republication note: “This article was originally published …”",
        "kind": "start",
        "pattern": "this (story|article|report) was (first|originally) published",
    },
    {
        "name": "Subscription plug: “Subscribe to our newsletter”",
        "kind": "regex",
        "pattern": r"^(?:click here to |please )?(?:subscribe|sign up)\b.{0,60}"
        r"\b(?:newsletter|our|today|free|here)\b",
    },
    {
        "name": "Subscription plug: “Get … delivered to your inbox”",
        "kind": "phrase",
        "pattern": "delivered … to your inbox",
    },
]
# The start patterns above are words, with alternatives: written as regular expressions.
for row in PATTERNS:
    if row["kind"] == "start":
        row["kind"], row["pattern"] = "regex", "^" + row["pattern"]

JOURNALIST = {"organisation": ["add", "change", "view"], "role": ["add", "change", "view"]}
EVERYTHING = ["add", "change", "delete", "view"]
EDITOR = {
    "organisation": EVERYTHING,
    "role": EVERYTHING,
    "boilerplatepattern": EVERYTHING,
}
GRANTS = {"Journalists": JOURNALIST, "Editors": EDITOR}


def fill(apps, schema_editor):
    for name in ["Person", "Place"]:
        model = apps.get_model("articles", name)
        rows = list(model.objects.only("pk", "name"))
        for row in rows:
            row.folded_name = fold(row.name)
        model.objects.bulk_update(rows, ["folded_name"], batch_size=2000)

    BoilerplatePattern = apps.get_model("articles", "BoilerplatePattern")
    for row in PATTERNS:
        BoilerplatePattern.objects.get_or_create(name=row["name"], defaults=row)

    app_config = apps.get_app_config("articles")
    original = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model_name, actions in grants.items():
            codenames = [f"{action}_{model_name}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="articles", codename__in=codenames
                )
            )


def unfill(apps, schema_editor):
    apps.get_model("articles", "BoilerplatePattern").objects.filter(
        name__in=[row["name"] for row in PATTERNS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_organisations_roles_authority_ids"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(fill, unfill)]
