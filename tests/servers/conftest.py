"""Tests against real app servers: gunicorn processes sharing one PostgreSQL and one Redis.

These run in the PostgreSQL run of the suite (`DATABASE_URL=postgres://...`), on the
server that variable names, and are skipped in the SQLite run: CI has both services in
both runs, and once is enough. They never touch pytest-django's test database (they ask
for no `db` fixture): the demo content is loaded once per session into a database of
their own, `newsroom_servers_<random>_demo`, and each test module works on a copy of it
(`CREATE DATABASE ... TEMPLATE`), dropped afterwards. Each module's servers share a cache
key prefix of their own in Redis, so nothing collides with other users of that Redis.

Outages are simulated with `TcpProxy` (tests/servers/proxy.py) between the servers and
PostgreSQL or Redis; the real services keep running for everyone else.
"""

import importlib.metadata
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg
import pytest
import redis
from psycopg import sql

from tests.servers.client import Browser
from tests.servers.proxy import TcpProxy

ROOT = Path(__file__).resolve().parents[2]
SERVERS_DIR = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
# Variables from the caller's shell that would change how the servers run; each server
# gets exactly the ones the test gives it.
OWN_VARIABLES = ("DJANGO_", "NEWSROOM_", "DATABASE_", "REDIS_", "EMAIL_", "DEFAULT_FROM_EMAIL")
READY_SECONDS = 30
COMMAND_SECONDS = 120
RUN_ID = secrets.token_hex(4)

# The servers started by the tests now running; a failing test shows their logs.
_running = []


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "servers: runs real app servers (gunicorn) against PostgreSQL and Redis"
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SERVERS_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.servers)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        for server in _running:
            report.sections.append((f"app server {server.name} (log tail)", server.log_tail()))
    return report


# Services -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres():
    """Connection settings for the PostgreSQL server DATABASE_URL names (skip without one)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip(
            "app server tests run in the PostgreSQL run of the suite "
            "(DATABASE_URL=postgres://...); this run has no PostgreSQL DATABASE_URL"
        )
    config = dj_database_url.parse(url)
    params = {
        "host": config["HOST"] or "127.0.0.1",
        "port": int(config["PORT"] or 5432),
        "user": config["USER"],
        "password": config["PASSWORD"],
    }
    try:
        psycopg.connect(dbname="postgres", connect_timeout=3, **params).close()
    except psycopg.Error as error:
        pytest.skip(f"PostgreSQL at {params['host']}:{params['port']} is not reachable: {error}")
    return params


@pytest.fixture(scope="session")
def redis_url():
    """The Redis the servers share (REDIS_URL or the local one; skip when it is down)."""
    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis at {url} is not reachable: {error}")
    return url


def admin_connection(postgres):
    return psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **postgres)


def drop_database(postgres, name):
    with admin_connection(postgres) as connection:
        # FORCE ends any connection a killed server left behind (PostgreSQL 13+).
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


class Database:
    """A scratch database: its URL (directly or through a proxy) and direct queries."""

    def __init__(self, postgres, name):
        self.postgres = postgres
        self.name = name

    def url(self, address=None):
        """The DATABASE_URL for the servers; `address` ("host:port") routes it via a proxy."""
        user = self.postgres["user"]
        password = f":{self.postgres['password']}" if self.postgres["password"] else ""
        address = address or f"{self.postgres['host']}:{self.postgres['port']}"
        return f"postgres://{user}{password}@{address}/{self.name}"

    def query(self, statement, params=()):
        with psycopg.connect(dbname=self.name, connect_timeout=5, **self.postgres) as connection:
            return connection.execute(statement, params).fetchall()


def manage(*args, env):
    """Run a management command in its own process; fail the test with its output if it fails."""
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_SECONDS,
        stdin=subprocess.DEVNULL,
    )
    if result.returncode:
        pytest.fail(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}", pytrace=False)


def clean_environment():
    return {key: value for key, value in os.environ.items() if not key.startswith(OWN_VARIABLES)}


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    """Uploads and renditions of the demo, shared by every server like a shared volume."""
    return tmp_path_factory.mktemp("servers-media")


@pytest.fixture(scope="session")
def demo_database(postgres, media_dir):
    """A database with the migrations, the demo content and the demo logins, made once."""
    name = f"newsroom_servers_{RUN_ID}_demo"
    with admin_connection(postgres) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    database = Database(postgres, name)
    env = {
        **clean_environment(),
        "DATABASE_URL": database.url(),
        "DJANGO_DEBUG": "1",  # seed_demo and create_demo_users run only with DEBUG on
        "DJANGO_MEDIA_ROOT": str(media_dir),
    }
    try:
        manage("migrate", "--noinput", "-v0", env=env)
        manage("seed_demo", "-v0", env=env)
        manage("create_demo_users", "-v0", env=env)
        yield database
    finally:
        drop_database(postgres, name)


@pytest.fixture(scope="module")
def database(postgres, demo_database, request):
    """This module's own copy of the demo database (a template copy takes a fraction of
    a second; loading the demo takes seconds)."""
    name = f"newsroom_servers_{RUN_ID}_{request.module.__name__.rsplit('.', 1)[-1]}"[:63]
    with admin_connection(postgres) as connection:
        connection.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(demo_database.name)
            )
        )
    yield Database(postgres, name)
    drop_database(postgres, name)


# Proxies ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres_proxy(postgres):
    """A cuttable way to PostgreSQL."""
    proxy = TcpProxy((postgres["host"], postgres["port"]))
    yield proxy
    proxy.close()


@pytest.fixture(scope="module")
def redis_proxy(redis_url):
    """A cuttable way to Redis."""
    config = redis.connection.parse_url(redis_url)
    proxy = TcpProxy((config.get("host", "127.0.0.1"), config.get("port", 6379)))
    yield proxy
    proxy.close()


def via(url, address):
    """`url` with its host and port replaced by `address`."""
    scheme, rest = url.split("://", 1)
    credentials, _, location = rest.rpartition("@")
    path = location.partition("/")[2]
    return f"{scheme}://{credentials + '@' if credentials else ''}{address}/{path}"


# App servers --------------------------------------------------------------------------------


class AppServer:
    """One gunicorn process (one worker) on its own port."""

    def __init__(self, name, env, log_path):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        command = [
            str(BIN / "gunicorn"),
            "newsroom.wsgi",
            *(["--config", str(GUNICORN_CONF)] if GUNICORN_CONF.exists() else []),
            "--workers=1",
            f"--bind=127.0.0.1:{self.port}",
            "--timeout=30",
            "--graceful-timeout=2",
            "--access-logfile=-",
            *NO_CONTROL_SOCKET,
        ]
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
            )

    def wait_until_ready(self, deadline):
        """Poll /healthz until it answers 200; fail with the log if the server dies or stalls."""
        browser = Browser()
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"app server {self.name} exited:\n{self.log_tail()}", pytrace=False)
            try:
                if browser.get(f"{self.url}/healthz", timeout=2).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        pytest.fail(f"app server {self.name} not ready in time:\n{self.log_tail()}", pytrace=False)

    def log_tail(self, chars=6000):
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError as error:
            return str(error)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_has_control_socket():
    major = int(importlib.metadata.version("gunicorn").split(".")[0])
    return major >= 25


# Since gunicorn 25 each arbiter opens ~/.gunicorn/gunicorn.ctl; parallel servers would
# fight over it.
NO_CONTROL_SOCKET = ["--no-control-socket"] if gunicorn_has_control_socket() else []


def production_environment():
    """What a production server is given (DEBUG off), minus TLS: the tests speak plain HTTP."""
    return {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "NEWSROOM_SITE_URL": "https://news.example.org",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_MANIFEST": "0",
        # Production refuses to start without SMTP. Nothing listens on this port, so a
        # message sent by mistake fails at once instead of leaving the machine.
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(free_port()),
        "DEFAULT_FROM_EMAIL": "The Newsroom <newsroom@news.example.org>",
    }


@pytest.fixture(scope="module")
def start_servers(database, redis_url, media_dir, tmp_path_factory, request):
    """Start app servers: `start_servers(2, database_address=..., redis_address=...,
    production=False)` gives started, ready `AppServer`s named A, B, ...

    `database_address` and `redis_address` ("host:port", e.g. a proxy's) route the
    servers' connections; `production` turns DEBUG off with production-like variables.
    Stopped, and their cache keys deleted, at the end of the module.
    """
    module = request.module.__name__.rsplit(".", 1)[-1]
    prefix = f"newsroom-servers-{RUN_ID}-{module}"
    logs = tmp_path_factory.mktemp(f"servers-{module}")
    started = []

    def start(count, *, database_address=None, redis_address=None, production=False, env=None):
        server_env = {
            **clean_environment(),
            "PYTHONUNBUFFERED": "1",
            "DATABASE_URL": database.url(database_address),
            "REDIS_URL": via(redis_url, redis_address) if redis_address else redis_url,
            "NEWSROOM_CACHE_PREFIX": prefix,
            "DJANGO_MEDIA_ROOT": str(media_dir),
            # The tests fill the pledge form in faster than a person would.
            "NEWSROOM_PLEDGE_MIN_SECONDS": "0",
            **(production_environment() if production else {"DJANGO_DEBUG": "1"}),
            **(env or {}),
        }
        servers = []
        for _ in range(count):
            name = chr(ord("A") + len(started))
            server = AppServer(name, server_env, logs / f"{name}.log")
            started.append(server)
            _running.append(server)
            servers.append(server)
        deadline = time.monotonic() + READY_SECONDS
        for server in servers:
            server.wait_until_ready(deadline)
        return servers

    yield start

    for server in started:
        server.stop()
        _running.remove(server)
    client = redis.Redis.from_url(redis_url, socket_timeout=3)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
