"""Production configuration: newsroom/settings.py under controlled environments.

Settings are read once per process, so each case imports them in a fresh interpreter with
an environment built from scratch: nothing is inherited from the one running the tests
(CI runs the suite with DATABASE_URL pointing at PostgreSQL).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent

# Everything production needs, set and safe. check --deploy connects to neither service.
PRODUCTION = {
    "DJANGO_SECRET_KEY": "kq3V9x-Zr7pL2mN8bT5wY1cF6hJ4dS0gA9eR3uI7oP2lK5jH8nB1vC6xZ4mQ7wE0",
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "NEWSROOM_SITE_URL": "https://news.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/newsroom_ci",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.example.org",
    "DEFAULT_FROM_EMAIL": "The Newsroom <newsroom@news.example.org>",
    "DJANGO_MEDIA_ROOT": "/var/lib/newsroom/media",
}

PRINT_SETTINGS = """
import json
from newsroom import settings
names = ["DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASES", "DATABASE_ROUTERS", "CACHES",
         "STORAGES", "EMAIL_BACKEND"]
print(json.dumps({name: getattr(settings, name) for name in names}, default=str))
"""


def run(environment, *args):
    """Run Python in the project with only PATH, HOME and the given variables set."""
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env={**base, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def changed(**changes):
    """The production environment with some variables replaced, or removed when None."""
    environment = {**PRODUCTION, **changes}
    return {name: value for name, value in environment.items() if value is not None}


def settings_in(environment):
    result = run(environment, "-c", PRINT_SETTINGS)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def refusal(environment):
    """The problems listed when the settings refuse to load (one per line)."""
    result = run(environment, "-c", "import newsroom.settings")
    assert result.returncode != 0, "the settings loaded"
    assert "ImproperlyConfigured" in result.stderr, result.stderr
    return [line[2:] for line in result.stderr.splitlines() if line.startswith("- ")]


def test_complete_production_environment_passes_the_deploy_check():
    result = run(PRODUCTION, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY is not set"),
        ({"DJANGO_SECRET_KEY": "s3cr3t-but-only-twenty"}, "DJANGO_SECRET_KEY is too weak"),
        ({"DJANGO_SECRET_KEY": "ab" * 40}, "DJANGO_SECRET_KEY is too weak"),
        (
            {"DJANGO_SECRET_KEY": "django-insecure-local-demo-key-never-use-in-production"},
            "DJANGO_SECRET_KEY is the demo's",
        ),
        (
            {"DJANGO_SECRET_KEY": "django-insecure-" + PRODUCTION["DJANGO_SECRET_KEY"]},
            "DJANGO_SECRET_KEY is the demo's (or another 'django-insecure-' key",
        ),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS is empty"),
        ({"DJANGO_ALLOWED_HOSTS": "news.example.org,*"}, "DJANGO_ALLOWED_HOSTS contains '*'"),
        ({"NEWSROOM_SITE_URL": None}, "NEWSROOM_SITE_URL is not set"),
        ({"NEWSROOM_SITE_URL": "http://news.example.org"}, "NEWSROOM_SITE_URL must be an https"),
        ({"NEWSROOM_SITE_URL": "https://localhost:8000"}, "NEWSROOM_SITE_URL points at this"),
        ({"NEWSROOM_SITE_URL": "https://127.0.0.1"}, "NEWSROOM_SITE_URL points at this"),
        ({"DATABASE_URL": None}, "DATABASE_URL is not set"),
        ({"DATABASE_URL": "sqlite:////tmp/newsroom.sqlite3"}, "production needs PostgreSQL"),
        ({"REDIS_URL": None}, "REDIS_URL is not set"),
        ({"EMAIL_HOST": None}, "EMAIL_HOST is not set"),
        ({"DEFAULT_FROM_EMAIL": None}, "DEFAULT_FROM_EMAIL is not set to an address on your"),
        ({"DEFAULT_FROM_EMAIL": "The Newsroom <newsroom@localhost>"}, "DEFAULT_FROM_EMAIL is"),
        ({"DJANGO_MEDIA_ROOT": None}, "DJANGO_MEDIA_ROOT is not set"),
        ({"DJANGO_MEDIA_ROOT": "media"}, "DJANGO_MEDIA_ROOT must be an absolute path"),
        ({"NEWSROOM_MEDIA_STORAGE": "ftp"}, "NEWSROOM_MEDIA_STORAGE must be 'local' or 's3'"),
        ({"NEWSROOM_MEDIA_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME is not set"),
        (
            {"DATABASE_POOL": "1", "DATABASE_POOL_MIN_SIZE": "8", "DATABASE_POOL_MAX_SIZE": "4"},
            "DATABASE_POOL_MIN_SIZE is larger than DATABASE_POOL_MAX_SIZE",
        ),
        (
            {"DATABASE_REPLICA_URL": "sqlite:////tmp/replica.sqlite3"},
            "DATABASE_REPLICA_URL must be the same kind of database",
        ),
    ],
    ids=lambda value: (
        ",".join(f"{k}={v}"[:40] for k, v in value.items()) if isinstance(value, dict) else ""
    ),
)
def test_production_refuses_each_missing_or_unsafe_value(changes, expected):
    problems = refusal(changed(**changes))

    assert len(problems) == 1, problems
    assert expected in problems[0]


def test_every_problem_is_listed_at_once():
    problems = refusal(changed(DJANGO_ALLOWED_HOSTS="*", REDIS_URL=None, EMAIL_HOST=None))

    assert [problem.split()[0] for problem in problems] == [
        "DJANGO_ALLOWED_HOSTS",
        "REDIS_URL",
        "EMAIL_HOST",
    ]


def test_debug_off_with_no_variables_lists_everything_production_needs():
    problems = refusal({"DJANGO_DEBUG": "0"})

    assert [problem.split()[0] for problem in problems] == [
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "NEWSROOM_SITE_URL",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_HOST",
        "DEFAULT_FROM_EMAIL",
        "DJANGO_MEDIA_ROOT",
    ]


def test_the_demo_needs_no_variables():
    demo = settings_in({})

    assert demo["DEBUG"] is True
    assert demo["SECRET_KEY"].startswith("django-insecure-")
    assert demo["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "[::1]"]
    assert demo["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert list(demo["DATABASES"]) == ["default"]
    assert demo["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert demo["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert demo["STORAGES"]["staticfiles"]["BACKEND"].endswith(".StaticFilesStorage")
    assert demo["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_the_demo_refuses_a_pool_on_sqlite():
    problems = refusal({"DATABASE_POOL": "1"})

    assert len(problems) == 1
    assert problems[0].startswith("DATABASE_POOL=1 needs PostgreSQL")


def test_production_keeps_persistent_connections_and_fails_fast_on_redis():
    production = settings_in(PRODUCTION)

    default = production["DATABASES"]["default"]
    assert default["ENGINE"] == "django.db.backends.postgresql"
    assert default["CONN_MAX_AGE"] == 60
    assert default["CONN_HEALTH_CHECKS"] is True
    assert "pool" not in default.get("OPTIONS", {})
    assert list(production["DATABASES"]) == ["default"]
    assert production["DATABASE_ROUTERS"] == ["newsroom.serving.db_router.ReplicaRouter"]
    cache = production["CACHES"]["default"]
    assert cache["BACKEND"] == "newsroom.serving.redis_cache.GuardedRedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/0"
    assert cache["OPTIONS"]["socket_connect_timeout"] == 0.5
    assert cache["OPTIONS"]["socket_timeout"] == 0.5
    assert production["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert production["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert production["EMAIL_BACKEND"].endswith("smtp.EmailBackend")


def test_redis_timeout_comes_from_the_environment():
    options = settings_in(changed(NEWSROOM_REDIS_TIMEOUT="2"))["CACHES"]["default"]["OPTIONS"]

    assert options["socket_connect_timeout"] == options["socket_timeout"] == 2.0


def test_database_pool_replaces_persistent_connections_on_primary_and_replica():
    databases = settings_in(
        changed(
            DATABASE_POOL="1",
            DATABASE_POOL_MIN_SIZE="3",
            DATABASE_POOL_MAX_SIZE="8",
            DATABASE_REPLICA_URL="postgres://reader@10.0.0.2:5432/newsroom",
        )
    )["DATABASES"]

    for alias in ("default", "replica"):
        assert databases[alias]["CONN_MAX_AGE"] == 0
        assert databases[alias]["OPTIONS"]["pool"] == {"min_size": 3, "max_size": 8, "timeout": 10}
    assert databases["replica"]["HOST"] == "10.0.0.2"
    assert databases["replica"]["TEST"] == {"MIRROR": "default"}


@pytest.mark.parametrize(
    ("custom_domain", "signed"), [("media.news.example.org", False), (None, True)]
)
def test_s3_media_storage(custom_domain, signed):
    storages = settings_in(
        changed(
            NEWSROOM_MEDIA_STORAGE="s3",
            DJANGO_MEDIA_ROOT=None,
            AWS_STORAGE_BUCKET_NAME="newsroom-media",
            AWS_S3_ENDPOINT_URL="https://s3.example.net",
            AWS_S3_REGION_NAME="eu-west-1",
            AWS_S3_CUSTOM_DOMAIN=custom_domain,
            AWS_SECRET_ACCESS_KEY="not-copied-into-settings",
        )
    )["STORAGES"]

    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storages["default"]["OPTIONS"]
    assert options["bucket_name"] == "newsroom-media"
    assert options["endpoint_url"] == "https://s3.example.net"
    assert options["region_name"] == "eu-west-1"
    assert options["custom_domain"] == custom_domain
    assert options["querystring_auth"] is signed
    assert options["default_acl"] is None
    assert options["file_overwrite"] is False
    assert "not-copied-into-settings" not in json.dumps(storages)


def test_s3_storage_without_its_packages_is_refused():
    """A plain install leaves django-storages out: NEWSROOM_MEDIA_STORAGE=s3 then says what
    to install instead of failing on the first upload."""
    environment = {"NEWSROOM_MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "newsroom-media"}
    # A None in sys.modules is how Python marks a package as not importable.
    code = "import sys; sys.modules['storages'] = None; import newsroom.settings"
    result = run(environment, "-c", code)
    assert result.returncode != 0
    assert 'pip install ".[s3]"' in result.stderr


def test_trusted_proxies_must_be_addresses_or_networks():
    assert (
        run(changed(NEWSROOM_TRUSTED_PROXIES="10.0.0.0/8, ::1"), "-c", PRINT_SETTINGS).returncode
        == 0
    )
    result = run(changed(NEWSROOM_TRUSTED_PROXIES="10.0.0.0/8,nginx"), "-c", PRINT_SETTINGS)
    assert result.returncode != 0
    assert "NEWSROOM_TRUSTED_PROXIES must list IP addresses or networks" in result.stderr
    assert "'nginx'" in result.stderr


def test_statement_timeout_is_off_unless_set():
    options = settings_in(PRODUCTION)["DATABASES"]["default"].get("OPTIONS", {})

    assert "options" not in options


def test_statement_timeout_bounds_every_query_on_primary_and_replica():
    databases = settings_in(
        changed(
            DATABASE_STATEMENT_TIMEOUT="30",
            DATABASE_POOL="1",
            DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:5432/newsroom_replica",
        )
    )["DATABASES"]

    for alias in ("default", "replica"):
        assert databases[alias]["OPTIONS"]["options"] == "-c statement_timeout=30000"
        assert "pool" in databases[alias]["OPTIONS"]


def test_the_app_servers_statement_timeout_is_gunicorns_timeout():
    """deploy/gunicorn.conf.py runs before the workers import Django: its timeout becomes
    every query's bound, since a gthread worker never stops a slow request itself."""
    script = (
        "import runpy; config = runpy.run_path('deploy/gunicorn.conf.py');"
        "from newsroom import settings;"
        "print(config['timeout'], settings.DATABASES['default']['OPTIONS']['options'])"
    )
    result = run(changed(GUNICORN_TIMEOUT="12"), "-c", script)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["12", "-c", "statement_timeout=12000"]


def test_card_payments_need_all_three_stripe_keys_or_none():
    keys = {
        "STRIPE_SECRET_KEY": "sk_test_x",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_x",
        "STRIPE_WEBHOOK_SECRET": "whsec_x",
    }
    assert run(changed(**keys), "-c", PRINT_SETTINGS).returncode == 0
    result = run(changed(STRIPE_SECRET_KEY="sk_test_x"), "-c", PRINT_SETTINGS)
    assert result.returncode != 0
    assert "set STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET too" in result.stderr
    result = run(changed(NEWSROOM_FEE_PERCENT="lots"), "-c", PRINT_SETTINGS)
    assert "NEWSROOM_FEE_PERCENT must be a number, not 'lots'." in result.stderr
