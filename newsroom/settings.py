"""Newsroom settings: one module, driven by environment variables.

With no variables set this is a local demo (SQLite, local-memory cache, media on disk,
console e-mail). Production sets DJANGO_SECRET_KEY, DATABASE_URL, REDIS_URL and the
others listed in .env.example.
"""

import os
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Core -----------------------------------------------------------------------------------

# Without a secret key this is the local demo, so DEBUG defaults to on; setting the key
# (as every production deployment must) turns it off unless DJANGO_DEBUG says otherwise.
SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", default=not SECRET_KEY)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production (DJANGO_DEBUG=0) needs a long random "
            "secret key; see .env.example."
        )
    SECRET_KEY = "django-insecure-local-demo-key-never-use-in-production"  # noqa: S105

SITE_URL = env("NEWSROOM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("NEWSROOM_SITE_NAME", "The Newsroom")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is empty. List the host names this site answers to, "
        "separated by commas."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_prose_editor",
    "django.contrib.sitemaps",
    "taggit",
    "articles",
    "donations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous reader pages from the shared cache, before sessions are looked at.
    "articles.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# Database -------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache ----------------------------------------------------------------------------------

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("NEWSROOM_CACHE_PREFIX", "newsroom"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Auth -----------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Failed admin sign-ins allowed per user name and address together, per window (seconds).
NEWSROOM_LOGIN_ATTEMPTS = env_int("NEWSROOM_LOGIN_ATTEMPTS", 5)
NEWSROOM_LOGIN_WINDOW = env_int("NEWSROOM_LOGIN_WINDOW", 900)

# Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Static and media -----------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))

# Hashed, compressed static files need `collectstatic`; the demo and the tests serve them
# straight from the app folders instead.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# Uploads: Pillow only warns below ~179 megapixels, so our own caps are far lower and are
# checked before any pixel is decoded (articles/images.py).
NEWSROOM_IMAGE_MAX_PIXELS = env_int("NEWSROOM_IMAGE_MAX_PIXELS", 40_000_000)
NEWSROOM_IMAGE_MAX_BYTES = env_int("NEWSROOM_IMAGE_MAX_BYTES", 15 * 1024 * 1024)
NEWSROOM_RENDITION_WIDTHS = (320, 640, 960, 1280, 1920)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Reader revenue -------------------------------------------------------------------------

# Any amount a reader types must lie within these bounds (in the campaign's currency).
NEWSROOM_PLEDGE_MIN = Decimal(env("NEWSROOM_PLEDGE_MIN", "1"))
NEWSROOM_PLEDGE_MAX = Decimal(env("NEWSROOM_PLEDGE_MAX", "25000"))
# A person takes longer than this to fill in the pledge form; simple bots do not.
NEWSROOM_PLEDGE_MIN_SECONDS = env_int("NEWSROOM_PLEDGE_MIN_SECONDS", 3)
# Pledges per client address and per e-mail address, per hour (counted in the cache).
NEWSROOM_PLEDGES_PER_ADDRESS = env_int("NEWSROOM_PLEDGES_PER_ADDRESS", 10)
NEWSROOM_PLEDGES_PER_EMAIL = env_int("NEWSROOM_PLEDGES_PER_EMAIL", 5)
# Behind a proxy, the request header holding the reader's address (e.g. HTTP_X_REAL_IP);
# empty means REMOTE_ADDR. Only set it when the proxy overwrites that header.
NEWSROOM_CLIENT_IP_HEADER = env("NEWSROOM_CLIENT_IP_HEADER")

# E-mail ---------------------------------------------------------------------------------

EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "The Newsroom <newsroom@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security -------------------------------------------------------------------------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Reader page cache (articles/page_cache.py) ---------------------------------------------

# Seconds a rendered reader page is kept on the server (any content change ends it sooner,
# and so does the next scheduled publication), and the ages sent to browsers and to
# shared caches (nginx, a CDN) in Cache-Control.
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 300)
NEWSROOM_PAGE_MAX_AGE = env_int("NEWSROOM_PAGE_MAX_AGE", 60)
NEWSROOM_PAGE_SHARED_MAX_AGE = env_int("NEWSROOM_PAGE_SHARED_MAX_AGE", 120)
NEWSROOM_PAGE_STALE_SECONDS = env_int("NEWSROOM_PAGE_STALE_SECONDS", 30)

# Content-Security-Policy -----------------------------------------------------------------

# Editor ---------------------------------------------------------------------------------

DJANGO_PROSE_EDITOR_MENU_GROUPS = [
    {"group": "blockType -lists", "type": "dropdown", "minItems": 2},
    {"group": "lists"},
    {"group": "nodes -blockType -lists"},
    {"group": "marks"},
    {"group": "link"},
    {"group": "history"},
    {"group": "utility"},
]

TAGGIT_CASE_INSENSITIVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
}
