"""The bench's servers on 127.0.0.1: gunicorn, nginx, Redis's keys, and wrk against them.

Used by bench/serve.py. Everything runs from a temporary folder on free ports and is
stopped by the caller (`Gunicorn.stop()`, `stop_nginx()`, `flush_cache()` in a `finally`).
Every subprocess has a time limit.
"""

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import string
import subprocess
import sys
import time
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
# The project's application with one more address, /bench/minimal/ (bench/wsgi.py).
WSGI_APP = "bench.wsgi"
MINIMAL_PATH = "/bench/minimal/"

# The bench's own nginx: the recommended site (conf.d/newsroom.conf, its TLS server on a
# spare port) plus three plain-HTTP servers. The proxy headers of the uncached server are
# the ones deploy/nginx-locations.conf sets.
NGINX_MAIN = string.Template("""\
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    # Debian's nginx.conf, which the site's server is included in.
    sendfile on;
    tcp_nopush on;
    gzip on;
    # Every server alike: no access log, so disk writes do not weigh on one row more.
    access_log off;
    client_body_temp_path $tmp/nginx-temp/body;
    proxy_temp_path $tmp/nginx-temp/proxy;
    fastcgi_temp_path $tmp/nginx-temp/fastcgi;
    uwsgi_temp_path $tmp/nginx-temp/uwsgi;
    scgi_temp_path $tmp/nginx-temp/scgi;

    include conf.d/newsroom.conf;

    server {
        listen 127.0.0.1:$static_port;
        root $tmp/copy;
        tcp_nopush off;  # as the site's own server (deploy/nginx-locations.conf)
    }

    server {
        listen 127.0.0.1:$proxy_port;
        tcp_nopush off;  # as the site's own server (deploy/nginx-locations.conf)
        location / {
            proxy_pass http://newsroom_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $$http_host;
            proxy_set_header X-Forwarded-Proto $$scheme;
            proxy_set_header X-Real-IP $$remote_addr;
            proxy_set_header X-Forwarded-For $$remote_addr;
        }
    }

    server {
        listen 127.0.0.1:$cache_port;
        include snippets/newsroom-locations.conf;
    }
}
""")


# What the copy of the code leaves out: history, environments, uploads, test output.
SNAPSHOT_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "media", "staticfiles", "test-artifacts", "__pycache__",
    "*.sqlite3", "*.egg-info", ".*_cache",
)  # fmt: skip


def snapshot(tmp, source=ROOT):
    """A copy of the project (or of the tree at `source`) in tmp/code, taken once: gunicorn
    and the in-process benches run from it, so edits made during a run never mix in."""
    code = tmp / "code"
    shutil.copytree(source, code, ignore=SNAPSHOT_IGNORE)
    return code


def newest_file(code):
    """(path, modification time) of the most recently changed file of the copy: which
    state of a tree without a commit the figures belong to."""
    newest = max(
        (
            path
            for path in code.rglob("*")
            if path.is_file() and not {"bench", "__pycache__"} & set(path.parts)
        ),
        key=lambda path: path.stat().st_mtime,
    )
    return str(newest.relative_to(code)), newest.stat().st_mtime


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def need(program):
    path = shutil.which(program) or (
        str(VENV_BIN / program) if (VENV_BIN / program).exists() else None
    )
    if path is None:
        sys.exit(f"{program} is not installed (apt-get install -y nginx wrk; make install).")
    return path


def get(port, path, headers=None, timeout=30):
    """(status, headers, body) of one GET to 127.0.0.1:port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def production_env(args, tmp, gunicorn_port, *, page_cache):
    """The environment of a production app server, pointed at the bench's services."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "NEWSROOM_", "DATABASE_", "GUNICORN_", "EMAIL_"))
    }
    env.update(
        DJANGO_SECRET_KEY=args.secret_key,
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,news.example.org",
        NEWSROOM_SITE_URL="https://news.example.org",
        # The bench speaks plain HTTP to nginx: no redirect to https.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        NEWSROOM_CACHE_PREFIX=args.cache_prefix,
        EMAIL_HOST="smtp.example.org",
        DEFAULT_FROM_EMAIL="The Newsroom <newsroom@news.example.org>",
        NEWSROOM_MEDIA_STORAGE="local",
        DJANGO_MEDIA_ROOT=str(args.media_root or tmp / "media"),
        # Hashed static names need collectstatic into the tree's staticfiles/; the bench
        # leaves the tree alone, and the page renders the same either way.
        DJANGO_STATIC_MANIFEST="0",
        NEWSROOM_CLIENT_IP_HEADER="HTTP_X_REAL_IP",
        GUNICORN_BIND=f"127.0.0.1:{gunicorn_port}",
        DJANGO_LOG_LEVEL="WARNING",
    )
    if not page_cache:
        env["NEWSROOM_PAGE_CACHE_SECONDS"] = "0"
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    if args.max_requests is not None:
        env["GUNICORN_MAX_REQUESTS"] = str(args.max_requests)
    if getattr(args, "no_page_copies", False):
        env["NEWSROOM_PAGE_COPIES_BYTES"] = "0"
    return env


class Gunicorn:
    """deploy/gunicorn.conf.py serving bench/wsgi.py (the project plus /bench/minimal/)
    from the copy of the code in `code`."""

    def __init__(self, env, port, log, code):
        self.port, self.log = port, log
        command = [need("gunicorn"), "-c", str(code / "deploy" / "gunicorn.conf.py")]
        # Its access log would be one more writer on two cores; the other rows have none.
        command += ["--access-logfile", "/dev/null", WSGI_APP]
        with open(log, "ab") as out:
            self.process = subprocess.Popen(
                command, cwd=code, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn stopped at start:\n{Path(log).read_text()[-3000:]}")
            try:
                if get(port, "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        sys.exit(f"gunicorn did not answer /healthz in 60 s:\n{Path(log).read_text()[-3000:]}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def worker_restarts(log):
    """How many times gunicorn has replaced a worker after its max_requests, so far."""
    return log.read_text(errors="replace").count("Autorestarting worker") if log.exists() else 0


def start_nginx(tmp, gunicorn_port, media_root, code):
    """Render the recommended configuration into tmp, test it, start nginx; its ports."""
    ports = {name: free_port() for name in ("static", "proxy", "cache", "http", "https")}
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=news.example.org", "-keyout", str(tmp / "key.pem")]
        + ["-out", str(tmp / "cert.pem")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    render_env = dict(
        os.environ,
        NEWSROOM_SERVER_NAME="news.example.org",
        NEWSROOM_HTTP_LISTEN=f"127.0.0.1:{ports['http']}",
        NEWSROOM_HTTPS_LISTEN=f"127.0.0.1:{ports['https']}",
        NEWSROOM_TLS_CERT=str(tmp / "cert.pem"),
        NEWSROOM_TLS_KEY=str(tmp / "key.pem"),
        NEWSROOM_UPSTREAM=f"127.0.0.1:{gunicorn_port}",
        NEWSROOM_CACHE_DIR=str(tmp / "nginx-cache"),
        NEWSROOM_LOG_DIR=str(tmp / "logs"),
        NEWSROOM_STATIC_ROOT=str(tmp / "static"),
        NEWSROOM_MEDIA_ROOT=str(media_root or tmp / "media"),
    )
    subprocess.run(
        [str(code / "deploy" / "render-nginx"), str(tmp)],
        env=render_env,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=30,
    )
    main = tmp / "nginx.conf"
    main.write_text(
        NGINX_MAIN.substitute(
            tmp=tmp,
            static_port=ports["static"],
            proxy_port=ports["proxy"],
            cache_port=ports["cache"],
        )
    )
    command = [need("nginx"), "-p", str(tmp), "-c", str(main), "-e", str(tmp / "logs/error.log")]
    checked = subprocess.run(
        [*command, "-t"], capture_output=True, text=True, check=False, timeout=30
    )
    if checked.returncode:
        sys.exit(f"nginx -t refused the configuration:\n{checked.stderr}")
    subprocess.run(command, check=True, timeout=30)
    return command, ports


def stop_nginx(command, tmp):
    """Ask nginx to stop; if its master is still there 10 s later, end it by its pid."""
    pid_file = tmp / "nginx.pid"
    pid = int(pid_file.read_text()) if pid_file.exists() else None
    subprocess.run([*command, "-s", "stop"], check=False, capture_output=True, timeout=30)
    deadline = time.monotonic() + 10
    while pid and time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    if pid:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def flush_cache(redis_url, prefix):
    """Delete the keys this run wrote to Redis (its own prefix only)."""
    try:
        client = redis.Redis.from_url(redis_url, socket_timeout=10)
        if keys := list(client.scan_iter(f"{prefix}:*", count=1000)):
            client.delete(*keys)
    except Exception as error:  # a leftover key must not hide the figures
        print(f"Could not delete the bench's Redis keys ({prefix}:*): {error}")


LATENCY = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# Longer than gunicorn's own 30 s: a slow answer is measured, not dropped as a timeout.
WRK_TIMEOUT = "35s"


def wrk(port, path, *, connections, seconds, threads, gzip=False, latency=True, script=None):
    """req/s, p50 ms, p99 ms (None when no request finished), requests, answers that were
    not 2xx/3xx and socket errors of one run of `seconds`; with `gzip`, asking for
    compressed answers as browsers do; with `script`, wrk's Lua script (its -s)."""
    url = f"http://127.0.0.1:{port}{path}"
    command = [need("wrk"), f"-t{min(threads, connections)}", f"-c{connections}"]
    command += ["-H", "Accept-Encoding: gzip"] if gzip else []
    command += ["-s", str(script)] if script else []
    command += ["--timeout", WRK_TIMEOUT, f"-d{seconds}s", *(["--latency"] if latency else [])]
    output = subprocess.run(
        [*command, url], check=True, capture_output=True, text=True, timeout=seconds + 60
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    found = {int(p): float(v) * UNITS_MS[unit] for p, v, unit in LATENCY.findall(output)}
    requests = re.search(r"(\d+) requests in", output)
    requests = int(requests.group(1)) if requests else 0
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50": found.get(50) if requests else None,
        "p99": found.get(99) if requests else None,
        "requests": requests,
        "non_2xx": int(bad.group(1)) if bad else 0,
        "errors": errors.group(1) if errors else "",
    }


def wait_until_idle(port, *, timeout, fast_ms=50, in_a_row=10):
    """Seconds until gunicorn has caught up with what a run left queued (requests still in
    flight when wrk stopped are rendered all the same), or None after `timeout`: idle when
    the minimal view answers `in_a_row` times running, each on a new connection (any
    worker), in under `fast_ms`."""
    started = time.monotonic()
    deadline = started + timeout
    streak = 0
    while streak < in_a_row:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        begun = time.monotonic()
        try:
            status = get(port, MINIMAL_PATH, timeout=left)[0]
        except OSError:
            status = None
        quick = status == 200 and (time.monotonic() - begun) * 1000 < fast_ms
        streak = streak + 1 if quick else 0
    return time.monotonic() - started


def describe_cache(port, path):
    """What nginx's cache did with the page on two requests in a row, and why."""
    statuses = []
    for _ in range(2):
        status, headers, _ = get(port, path)
        statuses.append(headers.get("X-Cache-Status", "-"))
    control = headers.get("Cache-Control", "(none)")
    cookie = "Set-Cookie" in headers
    return f"nginx cache on {path}: {' then '.join(statuses)}; the app sent Cache-Control: " + (
        control + ("; and a Set-Cookie (never cached)" if cookie else "")
    )


def tls_get(port, server_name, path):
    """The status line and headers of a GET over TLS to 127.0.0.1, naming `server_name`."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the bench's own self-signed certificate
    request = f"GET {path} HTTP/1.1\r\nHost: {server_name}\r\nConnection: close\r\n\r\n"
    with (
        socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname=server_name) as tls,
    ):
        tls.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = tls.recv(65536)
            if not chunk:
                break
            head += chunk
    lines = head.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return lines[0], headers


def smoke_test(ports, path):
    """The recommended servers as a reader meets them: redirect, TLS, unknown names refused."""
    status, headers, _ = get(ports["http"], path, {"Host": "news.example.org"})
    redirect = f"http -> {status} {headers.get('Location', '')}"
    status_line, headers = tls_get(ports["https"], "news.example.org", path)
    served = (
        f"https -> {status_line.split(' ', 1)[1]} (X-Cache-Status {headers.get('X-Cache-Status')})"
    )
    try:
        tls_get(ports["https"], "elsewhere.example", "/")
        unknown = "an unknown name was SERVED"
    except ssl.SSLError:
        unknown = "an unknown name refused at the handshake"
    return f"recommended servers: {redirect}; {served}; {unknown}"
