"""Our records for an export's authors, categories and attachments, each made once: the
mapping (ImportedObject) is read first, so a second import finds what the first made.

Authors become people linked to a staff login. An existing login is linked when exactly
one has the author's e-mail address, or when one has the author's login name and no other
e-mail address; otherwise an *inactive* login is made (no password, not staff), so the
stories stay tied to the journalist (workflow.is_own reads bylines through it) while no
one can sign in until an administrator activates the account, sets its groups and has a
password reset sent. An export file never grants access to the admin.
"""

import re

from django.contrib.auth import get_user_model
from django.utils.html import strip_tags
from django.utils.text import slugify

from articles.models import Image, Person, Section
from imports import pictures
from imports.models import ImportedObject
from imports.wxr import Author
from newsroom import safe_fetch

Kind = ImportedObject.Kind
UNCATEGORISED = {"uncategorized", "uncategorised"}


def unique_slug(model, base, taken, *, fallback, max_length=200):
    """A slug for `model` from `base`, not in the table nor in `taken` (slugs given in this
    run); "-2", "-3"… appended when needed."""
    stem = (slugify(base) or fallback)[: max_length - 8].strip("-") or fallback
    slug, n = stem, 1
    while slug in taken or model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{stem}-{n}"
    taken.add(slug)
    return slug


class Records:
    """Finds or makes the people, sections and pictures of one export."""

    def __init__(self, export, *, source, report, media_dir=None, fetch=True, dry_run=False):
        self.export = export
        self.source = source
        self.report = report
        self.media_dir = media_dir
        self.fetch = fetch
        self.dry_run = dry_run
        self.known = {
            (row.kind, row.external_id): row
            for row in ImportedObject.objects.filter(source=source).exclude(kind=Kind.POST)
        }
        self.people, self.sections, self.images = {}, {}, {}
        self.slugs = {"person": set(), "section": set()}
        self.saved_files = []
        self.attachments = {
            item.post_id: item for item in export.items if item.post_type == "attachment"
        }

    def remember(self, kind, external_id, record):
        # update_or_create: the record first made for it may have been deleted since.
        row, _ = ImportedObject.objects.update_or_create(
            source=self.source,
            kind=kind,
            external_id=external_id,
            defaults={"record": record},
        )
        self.known[(kind, external_id)] = row

    def recall(self, kind, external_id, model):
        row = self.known.get((kind, external_id))
        return None if row is None else model.objects.filter(pk=row.object_id).first()

    # People -------------------------------------------------------------------------------

    def person(self, login):
        """The Person for a post's dc:creator (an author login), made once."""
        if not login:
            return None
        if login not in self.people:
            self.people[login] = self.recall(Kind.AUTHOR, login, Person) or self._new_person(login)
        return self.people[login]

    def _new_person(self, login):
        author = self.export.authors.get(login)
        if author is None:
            self.report.note("Authors", f"{login}: not among the export's authors; named by login")
            author = Author(login, "", login, "", "")
        user = self._user(author)
        person = Person.objects.filter(user=user).first()
        if person is None:
            name = author.display_name or f"{author.first_name} {author.last_name}".strip()
            person = Person.objects.create(
                name=(name or login)[:200],
                slug=unique_slug(Person, name or login, self.slugs["person"], fallback="author"),
                user=user,
            )
            self.report.count("people")
        self.remember(Kind.AUTHOR, login, person)
        return person

    def _user(self, author):
        User = get_user_model()
        email = author.email.strip()
        if email:
            same_email = list(User.objects.filter(email__iexact=email)[:2])
            if len(same_email) == 1:
                self.report.note("Authors", f"{author.login}: linked to the login {same_email[0]}")
                return same_email[0]
        same_login = User.objects.filter(username=author.login).first()
        if same_login is not None and (
            not email or not same_login.email or same_login.email.lower() == email.lower()
        ):
            self.report.note("Authors", f"{author.login}: linked to the login {same_login}")
            return same_login
        username = stem = re.sub(r"[^\w.@+-]", "-", author.login)[:140] or "author"
        n = 1
        while User.objects.filter(username=username).exists():
            # Someone else's login: "wp-bob", then "wp-bob-2", ...
            n += 1
            username = f"wp-{stem}" if n == 2 else f"wp-{stem}-{n - 1}"
        user = User(
            username=username,
            email=email,
            first_name=author.first_name[:150],
            last_name=author.last_name[:150],
            is_active=False,
            is_staff=False,
        )
        user.set_unusable_password()
        user.save()
        self.report.count("inactive logins")
        self.report.note(
            "Authors", f"{author.login}: made the inactive login {username} (activate to use)"
        )
        return user

    # Sections -----------------------------------------------------------------------------

    def primary_category(self, item):
        """The post's primary category (Yoast's choice when it made one, else the first),
        and its other categories; WordPress's "Uncategorized" counts as none."""
        categories = [term for term in item.categories if term.slug not in UNCATEGORISED]
        chosen = item.meta.get("_yoast_wpseo_primary_category", "")
        for term in categories:
            known = self.export.categories.get(term.slug)
            if chosen and known is not None and known.term_id == chosen:
                categories.remove(term)
                return term, categories
        return (categories[0], categories[1:]) if categories else (None, [])

    def section(self, term):
        """The Section for a category, found by slug or name or made, once per export."""
        if term is None:
            return None
        if term.slug not in self.sections:
            section = self.recall(Kind.CATEGORY, term.slug, Section)
            if section is None:
                known = self.export.categories.get(term.slug)
                name = strip_tags((known.name if known else "") or term.name or term.slug)[:80]
                slug = slugify(term.slug)[:80] or slugify(name)[:80]
                section = (
                    Section.objects.filter(slug=slug).first()
                    or Section.objects.filter(name__iexact=name).first()
                )
                if section is None:
                    section = Section.objects.create(
                        name=name,
                        slug=unique_slug(
                            Section, slug, self.slugs["section"], fallback="section", max_length=80
                        ),
                    )
                    self.report.count("sections")
                self.remember(Kind.CATEGORY, term.slug, section)
            self.sections[term.slug] = section
        return self.sections[term.slug]

    # Pictures -----------------------------------------------------------------------------

    def featured_image(self, item, label):
        """The Image of a post's featured picture (`_thumbnail_id`), made once; None, with a
        report line, when it cannot be had."""
        attachment_id = item.meta.get("_thumbnail_id", "")
        if not attachment_id:
            return None
        if attachment_id not in self.images:
            self.images[attachment_id] = self.recall(
                Kind.ATTACHMENT, attachment_id, Image
            ) or self._picture(attachment_id, label)
        return self.images[attachment_id]

    def _picture(self, attachment_id, label):
        attachment = self.attachments.get(attachment_id)
        if attachment is None:
            self.report.note("Pictures", f"{label}: featured image {attachment_id} not in export")
            return None
        url = attachment.attachment_url or attachment.guid
        relative = pictures.uploads_path(url)
        name = relative or url.rsplit("/", 1)[-1]
        try:
            data = None
            if self.media_dir and relative:
                data = pictures.local_file(self.media_dir, relative)
            if data is None and not self.fetch:
                raise pictures.PictureProblem(f"{name} is not in the media folder (--no-fetch)")
            if data is None and self.dry_run:
                safe_fetch.check_url(url)  # refused addresses are reported, nothing fetched
                self.report.count("pictures to fetch")
                return None
            if data is None:
                data = pictures.fetch_bytes(url)
                self.report.count("pictures fetched")
            if self.dry_run:
                pictures.check(data, name)
                self.report.count("pictures")
                return None
            image = pictures.save_image(
                data,
                name=name,
                alt_text=attachment.meta.get("_wp_attachment_image_alt", ""),
                caption=strip_tags(attachment.excerpt).strip(),
            )
        except (pictures.PictureProblem, safe_fetch.FetchError) as problem:
            self.report.note("Pictures", f"{label}: featured image {attachment_id}: {problem}")
            return None
        self.saved_files.append(image.file.name)
        self.report.count("pictures")
        self.remember(Kind.ATTACHMENT, attachment_id, image)
        return image
