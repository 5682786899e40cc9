"""What the OpenAPI description (drf-spectacular, `/api/v1/openapi.json`) says about the
API's parameters and answers. The stories themselves are described by the IPTC's own ninjs
schemas, referred to by address rather than copied."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

NINJS_3_1 = "https://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"

NINJS_PARAMETER = OpenApiParameter(
    "ninjs",
    OpenApiTypes.STR,
    enum=["3.1", "2.2"],
    description="The ninjs version of the documents: 3.1 (default) or 2.2.",
)


def _text(name, description):
    return OpenApiParameter(name, OpenApiTypes.STR, description=description)


LIST_PARAMETERS = [
    NINJS_PARAMETER,
    _text("section", "A section's slug or id; one outside the key's sections is refused (403)."),
    _text("tag", "A tag's slug."),
    _text("person", "A person's slug or id: stories about them or by them."),
    _text("organisation", "An organisation's slug or id: stories about it."),
    _text("place", "A place's slug or id: stories about it or datelined there."),
    OpenApiParameter(
        "since",
        OpenApiTypes.DATETIME,
        description="Only stories changed (published, edited, corrected) at or after this.",
    ),
    OpenApiParameter(
        "limit",
        OpenApiTypes.INT,
        description="Stories per page: 50 unless asked, at most 100 (more is capped).",
    ),
    _text("cursor", "From a page's `next`: the page after it. Opaque."),
]

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
STORY = {"type": "object", "description": f"An IPTC ninjs document ({NINJS_3_1}, or 2.2)."}
PAGE = {
    "type": "object",
    "properties": {
        "items": {"type": "array", "items": STORY},
        "next": {
            "type": "string",
            "format": "uri",
            "nullable": True,
            "description": "The page after this one; at the end, the address to poll for "
            "what changes next. Null only for an empty first page.",
        },
        "more": {"type": "boolean", "description": "Whether `next` has stories now."},
        "limit": {"type": "integer"},
    },
    "required": ["items", "next", "more", "limit"],
}
_ERRORS = {
    400: OpenApiResponse(ERROR, description="A malformed filter, cursor or date."),
    401: OpenApiResponse(ERROR, description="No key, a wrong key or a revoked key."),
    429: OpenApiResponse(ERROR, description="Over the key's rate; see Retry-After."),
}
LIST_RESPONSES = {
    200: OpenApiResponse(PAGE, description="A page of stories, oldest change first."),
    403: OpenApiResponse(ERROR, description="A section outside the key's sections."),
    **_ERRORS,
}
STORY_RESPONSES = {
    200: OpenApiResponse(STORY, description="The story."),
    404: OpenApiResponse(ERROR, description="No such story, or not one the key may take."),
    **_ERRORS,
}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "syndication.access.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A partner's API key."}
