"""Newsroom settings: one module, driven by environment variables.

With no variables set this is a local demo (SQLite, local-memory cache, media on disk,
console e-mail). Production sets DJANGO_SECRET_KEY, DATABASE_URL, REDIS_URL and the
others listed in .env.example.
"""

from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from newsroom.configuration import DEMO_SECRET_KEY, configuration_problems
from newsroom.databases import database_settings
from newsroom.environment import env, env_bool, env_float, env_int, env_list, env_networks

BASE_DIR = Path(__file__).resolve().parent.parent


# Core -----------------------------------------------------------------------------------

# Without a secret key this is the local demo, so DEBUG defaults to on; setting the key
# (as every production deployment must) turns it off unless DJANGO_DEBUG says otherwise.
# With DEBUG off, configuration_problems() (newsroom/configuration.py), called at the end of
# this file, refuses to start while any variable production needs is missing or unsafe.
SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", default=not SECRET_KEY)
if not SECRET_KEY and DEBUG:
    SECRET_KEY = DEMO_SECRET_KEY

SITE_URL = env("NEWSROOM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("NEWSROOM_SITE_NAME", "The Newsroom")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# A failed check gets a page in the site's design with the form again (newsroom/csrf_failure.py).
CSRF_FAILURE_VIEW = "newsroom.csrf_failure.csrf_failure"

INSTALLED_APPS = [
    # django.contrib.admin with our site as its default (newsroom/admin.py).
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_prose_editor",
    "django.contrib.sitemaps",
    "taggit",
    "newsroom.serving",
    "articles",
    "donations",
    "generators",
    # Background work: Django's Tasks API (the backport on 5.2), kept in the database.
    "django_tasks",
    "django_tasks_db",
    "background",
    "imports",
    # The syndication API (/api/v1/): REST framework and its OpenAPI description.
    "rest_framework",
    "drf_spectacular",
    "syndication",
]

MIDDLEWARE = [
    # The security headers come first, outside WhiteNoise and the page cache, so static
    # files and cached pages get them too.
    "django.middleware.security.SecurityMiddleware",
    "newsroom.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A WordPress permalink answers 301 to its story's address (imports/old_addresses.py).
    "imports.old_addresses.OldAddressMiddleware",
    # Anonymous reader pages from the shared cache, before sessions are looked at.
    "newsroom.serving.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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

# Connections kept or pooled, and each statement's time limit: newsroom/databases.py.
DATABASES = {
    "default": database_settings("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# Anonymous reader pages read from the replica when there is one (newsroom/serving/db_router.py).
# In the tests it mirrors the primary: no second test database, and reads see the test's rows.
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_settings("DATABASE_REPLICA_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["newsroom.serving.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache ----------------------------------------------------------------------------------

REDIS_URL = env("REDIS_URL")
# Without timeouts a hung Redis holds every request that touches the cache for ever. With
# them a stopped Redis fails at once (connection refused) and a hung one after
# NEWSROOM_REDIS_TIMEOUT seconds, and the callers fall back (pages rendered afresh,
# password-only sign-in, pledges refused). The connection pool Django builds does not
# retry, so the wait is never doubled. A connection idle for 30 seconds is pinged before
# use, so one dropped by a firewall or a Redis restart is replaced instead of failing.
NEWSROOM_REDIS_TIMEOUT = env_float("NEWSROOM_REDIS_TIMEOUT", 0.5)
# After a failed call, each process leaves Redis alone this long (newsroom/serving/redis_cache.py),
# so a hung Redis costs one timeout every few seconds, not one per cache call.
NEWSROOM_REDIS_RETRY_SECONDS = env_float("NEWSROOM_REDIS_RETRY_SECONDS", 5)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.serving.redis_cache.GuardedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("NEWSROOM_CACHE_PREFIX", "newsroom"),
            "OPTIONS": {
                "socket_connect_timeout": NEWSROOM_REDIS_TIMEOUT,
                "socket_timeout": NEWSROOM_REDIS_TIMEOUT,
                "health_check_interval": 30,
            },
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
# After sign-in with no safe `next`: Django's default, /accounts/profile/, does not exist.
LOGIN_REDIRECT_URL = "admin:index"
# Failed admin sign-ins allowed per user name and address together, per window (seconds).
NEWSROOM_LOGIN_ATTEMPTS = env_int("NEWSROOM_LOGIN_ATTEMPTS", 5)
NEWSROOM_LOGIN_WINDOW = env_int("NEWSROOM_LOGIN_WINDOW", 900)

# Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "en-us"
# What readers see and staff type (the admin names it by each time); stored in UTC.
TIME_ZONE = env("NEWSROOM_TIME_ZONE") or env("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Static and media -----------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))

# Uploads and their renditions go to MEDIA_ROOT ("local": a disk, or a volume every app
# server mounts) or to an S3-compatible bucket ("s3": django-storages, with boto3 from
# `pip install ".[s3]"`). django-storages and boto3 read AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY from the environment themselves, or use the instance's role, so no
# credential is copied into the settings.
NEWSROOM_MEDIA_STORAGE = env("NEWSROOM_MEDIA_STORAGE", "local")
if NEWSROOM_MEDIA_STORAGE == "s3":
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN")
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            # Objects follow the bucket's policy; new AWS buckets refuse per-object ACLs.
            "default_acl": None,
            # Behind a public custom domain (a CDN) addresses are plain, so the CDN and
            # cached pages can keep them. Without one the bucket stays private and each
            # address is signed for an hour, far longer than NEWSROOM_PAGE_CACHE_SECONDS.
            "querystring_auth": not AWS_S3_CUSTOM_DOMAIN,
            # Signature version 4: the one every AWS region and S3-compatible service takes.
            "signature_version": "s3v4",
            # A new upload with a taken name gets a name of its own, as on disk, instead
            # of replacing the picture under the stories that show it.
            "file_overwrite": False,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

# Hashed, compressed static files need `collectstatic`; the demo and the tests serve them
# straight from the app folders instead.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": MEDIA_STORAGE,
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
# Animations: at most this many frames, and this many pixels in all frames together (each
# frame costs its full size to decode and re-encode: 90 frames of 2000×2000 took 22 s).
NEWSROOM_IMAGE_MAX_FRAMES = env_int("NEWSROOM_IMAGE_MAX_FRAMES", 200)
NEWSROOM_IMAGE_MAX_ANIMATION_PIXELS = env_int("NEWSROOM_IMAGE_MAX_ANIMATION_PIXELS", 50_000_000)
# A picture's renditions stop (and the task fails) once they have taken this many seconds.
NEWSROOM_RENDITION_SECONDS = env_int("NEWSROOM_RENDITION_SECONDS", 30)
NEWSROOM_RENDITION_WIDTHS = (320, 640, 960, 1280, 1920)
# Hosts newsroom/safe_fetch.py may fetch from although they resolve to internal addresses.
NEWSROOM_FETCH_ALLOWED_HOSTS = env_list("NEWSROOM_FETCH_ALLOWED_HOSTS")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Reader revenue -------------------------------------------------------------------------

# Any amount a reader types must lie within these bounds (in the campaign's currency).
NEWSROOM_PLEDGE_MIN = Decimal(env("NEWSROOM_PLEDGE_MIN", "1"))
NEWSROOM_PLEDGE_MAX = Decimal(env("NEWSROOM_PLEDGE_MAX", "25000"))
# A person takes longer than this to fill in the pledge form; simple bots do not.
NEWSROOM_PLEDGE_MIN_SECONDS = env_int("NEWSROOM_PLEDGE_MIN_SECONDS", 3)
# Below this many appeal views one pledge swings the dashboard's rate per 1,000 views.
NEWSROOM_RATE_MIN_VIEWS = env_int("NEWSROOM_RATE_MIN_VIEWS", 1000)
# Pledges per client address and per e-mail address, per hour (counted in the cache).
NEWSROOM_PLEDGES_PER_ADDRESS = env_int("NEWSROOM_PLEDGES_PER_ADDRESS", 10)
NEWSROOM_PLEDGES_PER_EMAIL = env_int("NEWSROOM_PLEDGES_PER_EMAIL", 5)
# Card payments (Stripe), the fee a donor may cover, the card-testing limits; the syndication
# API (REST framework, page sizes, webhooks).
from newsroom.payment_settings import *  # noqa: E402, F403
from newsroom.syndication_settings import *  # noqa: E402, F403

# Behind a proxy, the request header holding the reader's address (e.g. HTTP_X_REAL_IP);
# empty means REMOTE_ADDR. Only set it when the proxy overwrites that header.
NEWSROOM_CLIENT_IP_HEADER = env("NEWSROOM_CLIENT_IP_HEADER")
# The proxies whose header is believed: a request from any other address is counted under
# its own REMOTE_ADDR, so whoever reaches gunicorn directly cannot forge the header.
NEWSROOM_TRUSTED_PROXIES = env_networks("NEWSROOM_TRUSTED_PROXIES", "127.0.0.1,::1")

# Background work (background/) ----------------------------------------------------------

# Tasks are rows in the default database (django-tasks-db), written in the transaction that
# enqueues them, and run by `manage.py worker` processes on any number of machines.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A worker says it is alive this often; a task held by a worker silent for the lease is run
# again by another (a killed worker's task runs again, once to completion).
NEWSROOM_TASK_HEARTBEAT_SECONDS = env_float("NEWSROOM_TASK_HEARTBEAT_SECONDS", 5)
NEWSROOM_TASK_LEASE_SECONDS = env_float("NEWSROOM_TASK_LEASE_SECONDS", 60)
# Due work waiting longer than this is "stuck": /healthz says so and `check_tasks` exits 1.
NEWSROOM_TASKS_STUCK_SECONDS = env_int("NEWSROOM_TASKS_STUCK_SECONDS", 300)

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
# A mail server that hangs holds a worker (and the pledge row its receipt locks) no longer.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "The Newsroom <newsroom@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security -------------------------------------------------------------------------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers ask the app servers directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Reader page cache (newsroom/serving/page_cache.py): newsroom/page_cache_settings.py.
from newsroom.page_cache_settings import *  # noqa: E402, F403

# Content-Security-Policy -----------------------------------------------------------------

# Sent on every response by newsroom/csp.py (django-csp). Reader pages carry no inline
# script, style or event handler, and no nonce, so one cached copy serves every reader;
# their JSON-LD blocks are data, which CSP does not apply to. Pictures may come from
# another host: an absolute DJANGO_MEDIA_URL, or the S3 bucket (or its custom domain).
if NEWSROOM_MEDIA_STORAGE == "s3" and AWS_S3_CUSTOM_DOMAIN:
    CSP_MEDIA_HOSTS = [f"https://{AWS_S3_CUSTOM_DOMAIN}"]
elif NEWSROOM_MEDIA_STORAGE == "s3" and env("AWS_S3_ENDPOINT_URL"):
    # boto3 addresses a bucket behind a custom endpoint by path (endpoint/bucket/key).
    CSP_MEDIA_HOSTS = [env("AWS_S3_ENDPOINT_URL")]
elif NEWSROOM_MEDIA_STORAGE == "s3":
    # On AWS by the bucket's host name, global or regional (whichever boto3 signs).
    bucket_host = f"https://{env('AWS_STORAGE_BUCKET_NAME')}.s3"
    CSP_MEDIA_HOSTS = [f"{bucket_host}.amazonaws.com"]
    if env("AWS_S3_REGION_NAME"):
        CSP_MEDIA_HOSTS.append(f"{bucket_host}.{env('AWS_S3_REGION_NAME')}.amazonaws.com")
else:
    CSP_MEDIA_HOSTS = [MEDIA_URL]
CSP_MEDIA_ORIGINS = sorted(
    {f"{u.scheme}://{u.netloc}" for u in map(urlsplit, CSP_MEDIA_HOSTS) if u.scheme and u.netloc}
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *CSP_MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "upgrade-insecure-requests": not DEBUG,
    }
}
# Added under /admin/ only. The rich-text editor's import map is an inline script, allowed
# by a nonce that is new on every response (admin pages are never cached). The editor
# (Tiptap) injects a <style> element it cannot give a nonce, and admin lists draw progress
# bars and thumbnails with style attributes, so inline styles are allowed there. Scripts
# stay strict: no 'unsafe-inline', no inline event handlers.
NEWSROOM_ADMIN_CSP = {"script-src": [NONCE], "style-src": ["'unsafe-inline'"]}

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

# Refusing to start ----------------------------------------------------------------------

if problems := configuration_problems(debug=DEBUG, databases=DATABASES):
    raise ImproperlyConfigured(
        "Newsroom cannot start until these environment variables are fixed "
        "(each is described in .env.example):\n" + "\n".join(f"- {p}" for p in problems)
    )
