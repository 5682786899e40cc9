"""A story's body from outside HTML: WordPress's paragraphs and shortcodes, a size cap, and
the one allow-list (articles/html.py) applied, with a note of everything taken out.

Reusable for any HTML that arrives from elsewhere (agency copy): `convert()` never raises
on bad markup, it only reports.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from articles.html import sanitize_html

# Characters of a body as it arrives; more is cut (with a note) before anything is parsed.
MAX_BODY_CHARS = 500_000

CAPTION = re.compile(r"\[caption\b[^\]]*\].*?\[/caption\]", re.IGNORECASE | re.DOTALL)
GALLERY = re.compile(r"\[gallery\b[^\]]*\]", re.IGNORECASE)
# A WordPress shortcode's opening tag: [name], [name attr="…"] or [name/]. A bracket
# holding digits or several words ("[1]", "[sic transit]") is left alone.
SHORTCODE = re.compile(r"\[([a-z][a-z0-9_-]*)(?:\s+[a-z0-9_-]+=[^\]]*)?\s*/?\]", re.IGNORECASE)
TAKEN_OUT = {
    "script": re.compile(r"<script\b", re.IGNORECASE),
    "style block": re.compile(r"<style\b", re.IGNORECASE),
    "event handler": re.compile(r"<[^>]*?\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: link": re.compile(r"""(?:href|src)\s*=\s*["']?\s*javascript:""", re.IGNORECASE),
    "embedded frame": re.compile(r"<(?:iframe|object|embed)\b", re.IGNORECASE),
    "picture in the body": re.compile(r"<img\b", re.IGNORECASE),
}
BLOCK_START = re.compile(
    r"^\s*<(?:!--|p|div|h[1-6]|ul|ol|li|dl|blockquote|pre|table|figure|hr|address|section|"
    r"article|aside|header|footer|form|iframe|script|style)\b",
    re.IGNORECASE,
)
# Removed by convert() itself, so not "left in bodies".
HANDLED_SHORTCODES = {"caption", "gallery"}


@dataclass
class Body:
    html: str
    captions: int = 0
    galleries: int = 0
    cut_from: int = 0  # characters before the cut, 0 when not cut
    taken_out: Counter = field(default_factory=Counter)
    shortcodes: Counter = field(default_factory=Counter)


def convert(raw, *, max_chars=MAX_BODY_CHARS):
    """The Body for `raw` WordPress HTML: cut at `max_chars` (at a paragraph's end),
    [caption] and [gallery] removed (a body holds no pictures), other shortcodes counted and
    left, blank-line paragraphs made <p> (wpautop), then sanitised."""
    text = raw or ""
    body = Body(html="")
    if len(text) > max_chars:
        body.cut_from = len(text)
        text = text[:max_chars]
        # At the end of the last whole paragraph, when there is one in the second half.
        paragraph_end = max(text.rfind("\n\n"), text.rfind("</p>") + len("</p>"))
        if paragraph_end > max_chars // 2:
            text = text[:paragraph_end]
    text, body.captions = CAPTION.subn("", text)
    text, body.galleries = GALLERY.subn("", text)
    for name in SHORTCODE.findall(text):
        if name.lower() not in HANDLED_SHORTCODES:
            body.shortcodes[name.lower()] += 1
    for what, pattern in TAKEN_OUT.items():
        found = len(pattern.findall(text))
        if found:
            body.taken_out[what] = found
    body.html = sanitize_html(autop(text))
    return body


def autop(text):
    """WordPress's wpautop, in short: text separated by blank lines becomes paragraphs and a
    single line break inside one a <br>; a chunk that starts with a block element (or a
    block editor comment) is left as it is."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    chunks = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if BLOCK_START.match(chunk):
            chunks.append(chunk)
        else:
            chunks.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(chunks)
