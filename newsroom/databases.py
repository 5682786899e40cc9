"""One DATABASES entry from the environment: its URL, how connections are kept, and how long
one statement may run (newsroom/settings.py calls it for the primary and the replica).

By default each thread keeps its connection DATABASE_CONN_MAX_AGE seconds and checks it
before reuse. DATABASE_POOL=1 (PostgreSQL only) gives each process a psycopg pool instead,
to which a connection returns after every request: Django then needs CONN_MAX_AGE 0. A
pool's largest size should be at least gunicorn's threads per worker; a request waits at
most DATABASE_POOL_TIMEOUT seconds for a connection, less than gunicorn's timeout, so a
database outage answers with an error instead of a killed worker.

DATABASE_STATEMENT_TIMEOUT (seconds, 0: never) makes PostgreSQL cancel any one statement
running longer. gunicorn's gthread workers never stop a slow request, so this is what stops
a runaway query holding a thread; deploy/gunicorn.conf.py sets it to GUNICORN_TIMEOUT for
the app servers only, leaving task workers, migrations and commands unbounded.
"""

import dj_database_url

from newsroom.configuration import POSTGRESQL
from newsroom.environment import env_bool, env_int


def database_settings(url_variable, default=None):
    """Django's settings for the database named by the variable `url_variable`."""
    settings = dj_database_url.config(
        env=url_variable,
        default=default,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    if settings["ENGINE"] != POSTGRESQL:
        return settings
    options = settings.setdefault("OPTIONS", {})
    if env_bool("DATABASE_POOL", False):
        settings["CONN_MAX_AGE"] = 0
        options["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN_SIZE", 2),
            "max_size": env_int("DATABASE_POOL_MAX_SIZE", 4),
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
        }
    if statement_timeout := env_int("DATABASE_STATEMENT_TIMEOUT", 0):
        options["options"] = f"-c statement_timeout={statement_timeout * 1000}"
    return settings
