"""The article page over HTTP: requests per second and latency, each beside a static file.

Brings up on 127.0.0.1, in a temporary folder, and stops at the end: gunicorn
(deploy/gunicorn.conf.py) with production settings on a PostgreSQL database holding the
demo content, the local Redis under a cache prefix of its own, and one nginx built from
deploy/nginx.conf and deploy/nginx-locations.conf (deploy/render-nginx; a self-signed
certificate for its TLS server) with three plain-HTTP servers beside it: a static copy of
the article page, a proxy to gunicorn without nginx's cache, and the recommended locations
(nginx's cache in front). Then wrk runs, for --seconds at each --connections, against:

    the static copy                      nginx alone: the ceiling on this machine
    the article, page cache off          gunicorn renders every request
    the article, page cache on           gunicorn answers from Redis
    the article behind nginx's cache     gunicorn is asked once per s-maxage

    createdb -h 127.0.0.1 -U postgres newsroom_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench
    .venv/bin/python manage.py migrate && DJANGO_DEBUG=1 .venv/bin/python manage.py seed_demo
    apt-get install -y nginx wrk     # no nginx service is started or needed
    .venv/bin/python bench/serve.py [--seconds 10] [--connections 8,32] [--workers N]

Never part of the test suite. wrk, nginx, gunicorn and PostgreSQL share the machine's
cores: compare the rows of one run with each other, not with another machine.
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/newsroom_bench"

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
    }

    server {
        listen 127.0.0.1:$proxy_port;
        location / {
            proxy_pass http://newsroom_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $$host;
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


def get(port, path, headers=None):
    """(status, headers, body) of one GET to 127.0.0.1:port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
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
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
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
    return env


def article_path(args, env):
    """The newest published story's address, asked of the bench database."""
    code = (
        "from articles.models import Article; "
        "a = Article.objects.published().order_by('-published_at').first(); "
        "print(a.get_absolute_url() if a else '')"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    path = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    if result.returncode or not path:
        sys.exit(
            f"No published story in {args.database_url} (load the demo first, see the "
            f"docstring):\n{result.stderr[-2000:]}"
        )
    return path


class Gunicorn:
    def __init__(self, env, port, log):
        self.port, self.log = port, log
        command = [need("gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
        # Its access log would be one more writer on two cores; the other rows have none.
        command += ["--access-logfile", "/dev/null", "newsroom.wsgi"]
        with open(log, "ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn stopped at start:\n{Path(log).read_text()[-3000:]}")
            try:
                if get(port, "/healthz", {"Host": "127.0.0.1"})[0] == 200:
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


def start_nginx(tmp, gunicorn_port):
    """Render the recommended configuration into tmp, test it, start nginx; its ports."""
    ports = {name: free_port() for name in ("static", "proxy", "cache", "http", "https")}
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=news.example.org", "-keyout", str(tmp / "key.pem")]
        + ["-out", str(tmp / "cert.pem")],
        check=True,
        capture_output=True,
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
        NEWSROOM_MEDIA_ROOT=str(tmp / "media"),
    )
    subprocess.run(
        [str(ROOT / "deploy" / "render-nginx"), str(tmp)],
        env=render_env,
        check=True,
        stdout=subprocess.DEVNULL,
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
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    if checked.returncode:
        sys.exit(f"nginx -t refused the configuration:\n{checked.stderr}")
    subprocess.run(command, check=True)
    return command, ports


def worker_restarts(log):
    """How many times gunicorn has replaced a worker after its max_requests, so far."""
    return log.read_text(errors="replace").count("Autorestarting worker") if log.exists() else 0


def stop_nginx(command):
    subprocess.run([*command, "-s", "quit"], check=False, capture_output=True)


LATENCY = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(port, path, *, connections, seconds, threads, warmup=2):
    """req/s, p50 ms, p99 ms and the count of non-2xx answers of one wrk run."""
    url = f"http://127.0.0.1:{port}{path}"
    base = [need("wrk"), f"-t{min(threads, connections)}", f"-c{connections}"]
    subprocess.run([*base, f"-d{warmup}s", url], check=True, capture_output=True)
    output = subprocess.run(
        [*base, f"-d{seconds}s", "--latency", url], check=True, capture_output=True, text=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {int(p): float(v) * UNITS_MS[unit] for p, v, unit in LATENCY.findall(output)}
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50": latency.get(50),
        "p99": latency.get(99),
        "non_2xx": int(bad.group(1)) if bad else 0,
        "errors": errors.group(1) if errors else "",
    }


def describe_cache(port, path):
    """What nginx's cache did with the page on two requests in a row, and why."""
    statuses = []
    for _ in range(2):
        status, headers, _ = get(port, path, {"Host": "127.0.0.1"})
        statuses.append(headers.get("X-Cache-Status", "-"))
    control = headers.get("Cache-Control", "(none)")
    cookie = "Set-Cookie" in headers
    return f"nginx cache: {' then '.join(statuses)}; the app sent Cache-Control: {control}" + (
        "; and a Set-Cookie (never cached)" if cookie else ""
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


def page_cache_state():
    source = (ROOT / "articles" / "page_cache.py").read_text()
    if "work in progress" in source or "cache." not in source:
        return "page cache not yet built (articles/page_cache.py is a stub)"
    return "page cache built"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE),
        help=f"PostgreSQL with the demo content (default {DEFAULT_DATABASE})",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--seconds", type=int, default=10, help="per wrk run (default 10)")
    parser.add_argument(
        "--connections", default="8,32", help="comma-separated wrk connection counts"
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument(
        "--workers", type=int, help="gunicorn processes (default: deploy/gunicorn.conf.py's)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    args.secret_key = secrets.token_urlsafe(50)
    args.cache_prefix = f"bench-{os.getpid()}-{int(time.time())}"
    connections = [int(n) for n in args.connections.split(",")]
    for program in ("wrk", "nginx", "gunicorn", "openssl"):
        need(program)

    tmp = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    tmp.chmod(0o755)  # nginx's workers run as nobody and read the static copy from here
    for folder in ("logs", "copy", "nginx-temp", "static", "media"):
        (tmp / folder).mkdir()
    gunicorn_port = free_port()
    path = article_path(args, production_env(args, tmp, gunicorn_port, page_cache=False))
    results, notes = [], []
    gunicorn = nginx = None
    try:
        gunicorn = Gunicorn(
            production_env(args, tmp, gunicorn_port, page_cache=False),
            gunicorn_port,
            tmp / "gunicorn.log",
        )
        nginx, ports = start_nginx(tmp, gunicorn_port)
        status, _, body = get(gunicorn_port, path, {"Host": "127.0.0.1"})
        if status != 200:
            sys.exit(f"{path} answered {status}, not 200")
        (tmp / "copy" / "article.html").write_bytes(body)
        notes.append(f"article: {path} ({len(body) / 1024:.0f} KB of HTML)")

        def measure(label, port, url_path):
            for count in connections:
                restarts = worker_restarts(tmp / "gunicorn.log")
                figures = wrk(
                    port, url_path, connections=count, seconds=args.seconds, threads=args.threads
                )
                figures["restarts"] = worker_restarts(tmp / "gunicorn.log") - restarts
                results.append((label, count, figures))
                print(f"  {label:<34} {count:>3} connections: {figures['rps']:>9.0f} req/s")

        print(f"Measuring ({args.seconds} s per run, after a 2 s warm-up) ...")
        measure("static copy (nginx)", ports["static"], "/article.html")
        measure("article, page cache off", ports["proxy"], path)
        gunicorn.stop()
        gunicorn = Gunicorn(
            production_env(args, tmp, gunicorn_port, page_cache=True),
            gunicorn_port,
            tmp / "gunicorn.log",
        )
        get(gunicorn_port, path, {"Host": "127.0.0.1"})
        measure("article, page cache on", ports["proxy"], path)
        notes.append(describe_cache(ports["cache"], path))
        measure("article behind nginx's cache", ports["cache"], path)
        notes.append(smoke_test(ports, path))
    finally:
        if gunicorn:
            gunicorn.stop()
        if nginx:
            stop_nginx(nginx)
        flush_cache(args)
        if args.keep:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    report(args, results, notes)


def flush_cache(args):
    """Delete the keys this run wrote to Redis (its own prefix only)."""
    try:
        import redis

        client = redis.Redis.from_url(args.redis_url)
        keys = list(client.scan_iter(f"{args.cache_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    except Exception as error:  # a leftover key must not hide the figures
        print(f"Could not delete the bench's Redis keys ({args.cache_prefix}:*): {error}")


def report(args, results, notes):
    cores = os.cpu_count()
    workers = args.workers or f"deploy/gunicorn.conf.py's default for {cores} cores"
    print()
    print(
        f"{cores} cores shared by wrk ({args.threads} threads), nginx (one worker per core), "
        f"gunicorn ({workers}), PostgreSQL and Redis: compare the rows with each other, "
        "not with another machine."
    )
    print(page_cache_state())
    for note in notes:
        print(note)
    static = {count: figures["rps"] for label, count, figures in results if "static" in label}
    print()
    print(f"{'':<34} {'conns':>5} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs static':>10}")
    for label, count, figures in results:
        ratio = figures["rps"] / static[count] if static.get(count) else float("nan")
        line = (
            f"{label:<34} {count:>5} {figures['rps']:>9.0f} {figures['p50']:>8.2f} "
            f"{figures['p99']:>8.2f} {ratio:>10.3f}"
        )
        if figures["non_2xx"]:
            line += f"  ({figures['non_2xx']} not 2xx/3xx)"
        if figures["errors"]:
            line += f"  (socket errors: {figures['errors']})"
        if figures["restarts"]:
            line += f"  ({figures['restarts']} gunicorn workers replaced: max_requests)"
        print(line)


if __name__ == "__main__":
    main()
