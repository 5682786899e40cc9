"""Rich-text HTML: the one allow-list shared by the editor and every write path.

The editor offers exactly the extensions in BODY_EXTENSIONS, and django-prose-editor
derives an nh3 allow-list from the same dict. django-prose-editor applies it only when a
form is cleaned, so SanitizedHTMLField applies it again whenever a value is written to the
database: Model.save(), QuerySet.update(), bulk_create(), bulk_update(), fixtures
(loaddata saves "raw") and data migrations (the field keeps its own class in migrations).
"""

import html as html_entities
import re
from functools import cache

from django.utils.html import strip_tags
from django.utils.text import Truncator
from django_prose_editor.fields import ProseEditorField, create_sanitizer

BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}


@cache
def _sanitizer():
    return create_sanitizer(BODY_EXTENSIONS)


def sanitize_html(html):
    """Return `html` with everything outside the editor's allow-list removed."""
    if not html:
        return ""
    return _sanitizer()(str(html))


# Where one block ends, plain text needs a space ("</p><p>" must not glue two words).
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote)>|<(?:br|hr)\s*/?>", re.IGNORECASE)


def plain_text(html, words=None):
    """Stored HTML as plain text (entities decoded, single-spaced), cut to `words` words."""
    text = " ".join(html_entities.unescape(strip_tags(BLOCK_END.sub(" ", html or ""))).split())
    return Truncator(text).words(words) if words else text


class SanitizedHTMLField(ProseEditorField):
    """A rich-text column that can only ever hold allow-listed HTML."""

    def __init__(self, *args, **kwargs):
        kwargs["config"] = {"extensions": BODY_EXTENSIONS}
        kwargs["sanitize"] = sanitize_html
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        # Keep the instance in step with what the database holds.
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        # Every INSERT and UPDATE passes through here, raw saves and update() included.
        if isinstance(value, str):
            value = sanitize_html(value)
        return super().get_db_prep_save(value, connection)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        # Migrations (data migrations too) get this class, so they sanitise as well.
        return name, "articles.html.SanitizedHTMLField", args, kwargs
