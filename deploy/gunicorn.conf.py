"""gunicorn's settings for Newsroom's app servers.

    gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi

The app itself is configured by the variables in .env.example; the ones read here only
size and place the server. gunicorn runs behind nginx (or a load balancer) that ends TLS
and serves nothing itself but static files and media.
"""

import os


def env_int(name, default):
    return int(os.environ.get(name) or default)


# nginx on the same machine talks to loopback only. Set GUNICORN_BIND=0.0.0.0:8000 when the
# proxy is elsewhere, or unix:/run/newsroom/gunicorn.sock for a socket.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Processes: the usual two per core plus one keeps every core busy while some workers wait
# on PostgreSQL or Redis. Platforms that size containers set WEB_CONCURRENCY.
workers = env_int("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1)

# A few threads per process (the gthread worker) serve other requests while one waits on
# the database, for far less memory than more processes; Django is thread-safe. Each
# thread keeps its own database connection, so a server holds up to workers x threads of
# them: keep that under PostgreSQL's max_connections across all servers, or set
# DATABASE_POOL=1 with DATABASE_POOL_MAX_SIZE at least the thread count.
threads = env_int("GUNICORN_THREADS", 2)

# With gthread workers this does NOT stop a slow request: the worker's main loop keeps
# telling the master it is alive while a thread works (a 6 s request under timeout = 2 ran
# to the end). It replaces only a worker whose whole process hangs (stuck with the GIL held,
# or at start-up). What bounds a request is below: each database statement is cancelled
# after the same number of seconds, and nginx gives up on the app after 30 s
# (proxy_read_timeout, deploy/nginx-locations.conf). Reader pages take milliseconds and
# the slowest admin request (an upload, its checks) a few seconds; picture renditions and
# exports run in the background workers, which this does not limit.
timeout = env_int("GUNICORN_TIMEOUT", 30)
# Read by newsroom/databases.py when each worker imports Django (after this file runs);
# an empty or missing value means the same seconds as the timeout.
if not os.environ.get("DATABASE_STATEMENT_TIMEOUT"):
    os.environ["DATABASE_STATEMENT_TIMEOUT"] = str(timeout)

# On a restart or deploy (SIGHUP, SIGTERM) workers get this long to finish what they serve.
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)

# The proxy may reuse a connection for its next request instead of opening a new one; with
# threads an idle connection waits in the poller, not in a thread.
keepalive = env_int("GUNICORN_KEEPALIVE", 5)

# Each worker is replaced after about this many requests, so slow memory growth (image
# decoding, caches in libraries) never builds up; the jitter keeps workers from all
# restarting at once. Not fewer: a worker takes about a second of a core to start (and its
# page copies start empty), and at 4,500 requests a second from the page cache a limit of
# 20,000 replaced one every few seconds (seen in bench/).
max_requests = env_int("GUNICORN_MAX_REQUESTS", 100_000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 10_000)

# Access log on standard output and errors on standard error, for journald or the
# container's log collector.
accesslog = "-"
errorlog = "-"

# Only the proxy may say a request came over HTTPS (X-Forwarded-Proto). Django trusts that
# header itself (SECURE_PROXY_SSL_HEADER), so this port must be reachable by the proxy
# alone; list the proxy's addresses here when it runs on another machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Off: each worker imports Django itself after the fork, so a reload (SIGHUP) picks up new
# code and no connection opened while importing is shared between processes. Preloading
# would save a little memory, not worth either.
preload_app = False

# gunicorn's worker heartbeat touches a file on every loop; on a disk-backed /tmp (some
# container file systems) that can stall a worker for seconds. /dev/shm is memory.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# gunicorn 25+ opens a control socket in $HOME by default; every instance on a machine
# would share that path. We control gunicorn with signals (systemd) instead.
control_socket_disable = True
