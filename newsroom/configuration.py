"""What production must set, checked as the settings load: every missing, contradictory or
unsafe variable is listed at once, with what to set instead (newsroom/settings.py raises
ImproperlyConfigured with the list)."""

import importlib.util
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from newsroom.environment import env, env_bool, env_int, env_list

DEMO_SECRET_KEY = "django-insecure-local-demo-key-never-use-in-production"  # noqa: S105
POSTGRESQL = "django.db.backends.postgresql"
RANDOM_STRING_COMMAND = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def configuration_problems(*, debug, databases):
    """Every variable that is missing, contradictory or (with DEBUG off) unsafe, and why."""
    problems = []
    engine = databases["default"]["ENGINE"]
    media_storage = env("NEWSROOM_MEDIA_STORAGE", "local")
    if env_bool("DATABASE_POOL", False):
        if engine != POSTGRESQL:
            problems.append(
                f"DATABASE_POOL=1 needs PostgreSQL (it is psycopg's pool), but the database "
                f"is {engine}. Set DATABASE_URL to PostgreSQL or unset DATABASE_POOL."
            )
        elif env_int("DATABASE_POOL_MIN_SIZE", 2) > env_int("DATABASE_POOL_MAX_SIZE", 4):
            problems.append(
                "DATABASE_POOL_MIN_SIZE is larger than DATABASE_POOL_MAX_SIZE; make the "
                "largest size at least the smallest."
            )
    if "replica" in databases and databases["replica"]["ENGINE"] != engine:
        problems.append(
            "DATABASE_REPLICA_URL must be the same kind of database as DATABASE_URL "
            "(a read-only copy of it)."
        )
    if media_storage not in {"local", "s3"}:
        problems.append(f"NEWSROOM_MEDIA_STORAGE must be 'local' or 's3', not {media_storage!r}.")
    if media_storage == "s3" and importlib.util.find_spec("storages") is None:
        problems.append(
            "NEWSROOM_MEDIA_STORAGE=s3 needs django-storages and boto3, which the plain "
            'install leaves out: pip install ".[s3]"'
        )
    if media_storage == "s3" and not env("AWS_STORAGE_BUCKET_NAME"):
        problems.append(
            "AWS_STORAGE_BUCKET_NAME is not set; NEWSROOM_MEDIA_STORAGE=s3 needs the name "
            "of the bucket that holds uploads."
        )
    if debug:
        return problems

    secret_key = env("DJANGO_SECRET_KEY")
    if not secret_key:
        problems.append(
            "DJANGO_SECRET_KEY is not set. Production (DJANGO_DEBUG=0) needs a long random "
            f"secret key, e.g. from: {RANDOM_STRING_COMMAND}"
        )
    elif secret_key == DEMO_SECRET_KEY or secret_key.startswith("django-insecure"):
        problems.append(
            "DJANGO_SECRET_KEY is the demo's (or another 'django-insecure-' key, which is "
            f"public). Set a new long random one, e.g. from: {RANDOM_STRING_COMMAND}"
        )
    elif len(secret_key) < 50 or len(set(secret_key)) < 5:
        problems.append(
            f"DJANGO_SECRET_KEY is too weak ({len(secret_key)} characters). It signs sessions, "
            "password resets and pledge tokens: use at least 50 random characters, e.g. "
            f"from: {RANDOM_STRING_COMMAND}"
        )

    allowed_hosts = env_list("DJANGO_ALLOWED_HOSTS")
    if not allowed_hosts:
        problems.append(
            "DJANGO_ALLOWED_HOSTS is empty. List the host names this site answers to, "
            "separated by commas."
        )
    elif any("*" in host for host in allowed_hosts):
        problems.append(
            "DJANGO_ALLOWED_HOSTS contains '*', which accepts any Host header. List the host "
            "names instead ('.example.org' matches a domain and all its subdomains)."
        )

    site_url = env("NEWSROOM_SITE_URL")
    site = urlsplit(site_url)
    if not site_url:
        problems.append(
            "NEWSROOM_SITE_URL is not set. Set the public address of the site, e.g. "
            "https://news.example.org: feeds, sitemaps, canonical links and e-mails use it."
        )
    elif site.scheme != "https" or not site.hostname:
        problems.append(
            f"NEWSROOM_SITE_URL must be an https:// address, not {site_url!r}: feeds, "
            "sitemaps and e-mails would send readers to it."
        )
    elif site.hostname in LOCAL_HOSTS:
        problems.append(
            f"NEWSROOM_SITE_URL points at this machine ({site_url}). Set the public address "
            "readers use."
        )

    if not env("DATABASE_URL"):
        problems.append(
            "DATABASE_URL is not set, so the site would run on the demo's SQLite file. "
            "Production needs PostgreSQL: postgres://user:password@host:5432/name"
        )
    elif engine != POSTGRESQL:
        problems.append(
            f"DATABASE_URL points at {engine}; production needs PostgreSQL (many processes "
            "writing at once, full-text search): postgres://user:password@host:5432/name"
        )

    if not env("REDIS_URL"):
        problems.append(
            "REDIS_URL is not set. The page cache, the admin sign-in throttle and the pledge "
            "rate limits must be shared by every app process; without Redis each process "
            "keeps its own. Set redis://host:6379/0"
        )

    if not env("EMAIL_HOST"):
        problems.append(
            "EMAIL_HOST is not set, so pledge receipts would be printed to the console "
            "instead of sent. Set the SMTP server (and EMAIL_PORT, EMAIL_HOST_USER, "
            "EMAIL_HOST_PASSWORD as it needs)."
        )
    from_domain = parseaddr(env("DEFAULT_FROM_EMAIL"))[1].rpartition("@")[2].lower()
    if from_domain in {"", "localhost"}:
        problems.append(
            "DEFAULT_FROM_EMAIL is not set to an address on your domain (the demo's is "
            "newsroom@localhost). Set it, e.g. The Newsroom <newsroom@news.example.org>."
        )

    media_root = env("DJANGO_MEDIA_ROOT")
    if media_storage == "local" and not media_root:
        problems.append(
            "DJANGO_MEDIA_ROOT is not set, so uploads would go into the code's folder (lost "
            "on the next deploy, unseen by other servers). Set an absolute path on storage "
            "every app server mounts, or use NEWSROOM_MEDIA_STORAGE=s3."
        )
    elif media_storage == "local" and not Path(media_root).is_absolute():
        problems.append(f"DJANGO_MEDIA_ROOT must be an absolute path, not {media_root!r}.")
    return problems
