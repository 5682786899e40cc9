"""Reading agency XML once it is parsed (imports/hardened_xml.py): names without their
namespaces, an element's text, and an XHTML fragment as plain HTML for the body field."""

import copy as copying
import io
from xml.etree import ElementTree as ET

from imports import hardened_xml
from imports.items import FeedProblem, check_size


def parse(data):
    """The root of the XML document in `data` (bytes), size-capped and hardened."""
    check_size(data)
    try:
        return hardened_xml.parse(io.BytesIO(data))
    except hardened_xml.XMLProblem as problem:
        raise FeedProblem(str(problem)) from None


def local(tag):
    """`{namespace}name` as `name`."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element, name):
    return [child for child in element if local(child.tag) == name]


def child(element, name):
    found = children(element, name) if element is not None else []
    return found[0] if found else None


def text(element):
    """All the text inside `element`, whitespace folded; "" for None."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def inner_html(element):
    """The markup inside `element` as HTML without namespace prefixes (the body field
    sanitises it on save)."""
    if element is None:
        return ""
    copy = copying.deepcopy(element)  # a copy whose names can be rewritten
    for node in copy.iter():
        node.tag = local(node.tag)
        node.attrib = {local(key): value for key, value in node.attrib.items()}
    out = io.StringIO()
    out.write(copy.text or "")
    for node in copy:
        out.write(ET.tostring(node, encoding="unicode", method="html"))
    return out.getvalue().strip()
