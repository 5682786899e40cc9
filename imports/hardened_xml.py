"""XML from outside (a WordPress export, an agency's NewsML-G2 or RSS), parsed one way:
defusedxml with no DTD, no entity expansion ("billion laughs") and no external references
(XXE). `parse()` gives the root element, or XMLRefused / XMLBroken whose message says what
and where, in words for the person who sent the file.
"""

from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException


class XMLProblem(Exception):
    """The XML cannot be used; the message says why."""


class XMLRefused(XMLProblem):
    """The XML declares a DTD, entities or external references: refused unread."""


class XMLBroken(XMLProblem):
    """The XML is not well-formed, or cannot be read."""


def parse(source):
    """The root element of the XML in `source` (a path or a binary file object)."""
    try:
        return SafeET.parse(source, forbid_dtd=True).getroot()
    except DefusedXmlException as error:
        raise XMLRefused(
            f"refused: the file declares a DTD or entities ({type(error).__name__}); "
            "they are how XML bombs and external-entity attacks work."
        ) from None
    except ParseError as error:
        line, column = error.position
        raise XMLBroken(f"not well-formed XML (line {line}, column {column}).") from None
    except OSError as error:
        raise XMLBroken(f"cannot be read: {error.strerror or error}.") from None
