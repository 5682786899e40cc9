from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from articles.models import Person
from generators import demo_records

# Printed on screen and in the README: these logins must never exist outside a local demo.
PASSWORD = "newsroom-demo"  # noqa: S105
LOGINS = [
    ("admin", None),
    ("journalist", "Journalists"),
    ("editor", "Editors"),
    ("fundraiser", "Fundraising"),
]


class Command(BaseCommand):
    help = (
        f"Create the local demo logins (admin, journalist, editor, fundraiser; password "
        f"{PASSWORD}). Existing users are left alone. Refuses to run unless DEBUG is on."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "create_demo_users is for the local demo only: it makes logins with a "
                "published password, so it runs only when DEBUG is on."
            )
        rows = []
        with transaction.atomic():
            for username, group_name in LOGINS:
                user, status = self.get_or_create_user(username, group_name)
                writes_as = self.link_person(user, username)
                if writes_as:
                    status = f"{status}; writes as {writes_as}"
                rows.append((username, group_name or "superuser", status))

        self.stdout.write("Demo logins:")
        self.stdout.write(f"  {'username':<12}{'access':<13}status")
        for username, access, status in rows:
            self.stdout.write(f"  {username:<12}{access:<13}{status}")
        self.stdout.write(f"Password for new logins: {PASSWORD}")
        admin_url = f"{settings.SITE_URL}{reverse('admin:index')}"
        self.stdout.write(self.style.SUCCESS(f"Sign in at {admin_url}"))

    def get_or_create_user(self, username, group_name):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None:
            return user, "already exists, left as it is (password unchanged)"
        email = f"{username}@example.org"
        if group_name is None:
            return User.objects.create_superuser(username, email, PASSWORD), "created"
        try:
            group = Group.objects.get(name=group_name)
        except Group.DoesNotExist:
            raise CommandError(
                f"The {group_name} group is missing; run `manage.py migrate` first."
            ) from None
        user = User.objects.create_user(username, email, PASSWORD, is_staff=True)
        user.groups.add(group)
        return user, "created"

    def link_person(self, user, username):
        """Make the demo login write as its staff reporter, when that reporter has bylines."""
        if username not in demo_records.LOGIN_PEOPLE:
            return ""
        people = Person.objects.filter(
            slug=demo_records.LOGIN_PEOPLE[username], bylines__isnull=False
        )
        person = people.distinct().first()
        if person is None:
            return ""
        if person.user_id == user.pk:
            return person.name
        if person.user_id is not None or Person.objects.filter(user=user).exists():
            return ""
        person.user = user
        person.save(update_fields=["user", "updated_at"])
        return person.name
