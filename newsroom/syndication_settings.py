"""The syndication API's settings (syndication/, `/api/v1/`), read from the environment by
newsroom/settings.py: Django REST framework and drf-spectacular, which serve only that API,
and what partners are told about the stories they take."""

from newsroom.environment import env, env_int

# Only the API's views use REST framework; each names its own authentication, permission,
# throttle and renderer (syndication/views.py), so nothing here opens another door.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom syndication API",
    "DESCRIPTION": (
        "Published stories as IPTC ninjs 3.1 documents (ninjs 2.2 with `?ninjs=2.2`), for "
        "partners with an API key (`Authorization: Bearer <key>`)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
}
# Stories per page when a partner asks for none, and the most a page holds whatever asked.
NEWSROOM_API_PAGE_SIZE = env_int("NEWSROOM_API_PAGE_SIZE", 50)
NEWSROOM_API_MAX_PAGE_SIZE = env_int("NEWSROOM_API_MAX_PAGE_SIZE", 100)
# What every document says about reuse (ninjs usageTerms); empty: nothing said.
NEWSROOM_API_USAGE_TERMS = env(
    "NEWSROOM_API_USAGE_TERMS", "For syndication partners under their agreement only."
)
# A webhook answering slower than this (seconds) is a failed attempt, tried again later.
NEWSROOM_WEBHOOK_TIMEOUT = env_int("NEWSROOM_WEBHOOK_TIMEOUT", 10)
