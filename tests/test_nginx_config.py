"""The shipped nginx site (deploy/render-nginx), rendered, checked by `nginx -t`, and run in
front of a stand-in app that reports what it was sent."""

import gzip
import http.client
import http.server
import json
import os
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed")

MAIN = """\
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {tmp}/temp-body;
    proxy_temp_path {tmp}/temp-proxy;
    include conf.d/newsroom.conf;
    # The site's locations on plain HTTP (as bench/serve.py runs them).
    server {{
        listen 127.0.0.1:{port};
        include snippets/newsroom-locations.conf;
    }}
}}
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class EchoApp(http.server.BaseHTTPRequestHandler):
    """Answers every GET with the request's headers as JSON, padded to compress well."""

    def do_GET(self):
        body = json.dumps({"headers": dict(self.headers), "padding": "newsroom " * 400})
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nginx")
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoApp)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=news.example.org", "-keyout", str(tmp / "key.pem")]
        + ["-out", str(tmp / "cert.pem")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    port, https_port = free_port(), free_port()
    # Run as root, nginx's workers would be "nobody", who cannot enter pytest's folders.
    user = "user root;" if os.geteuid() == 0 else ""
    environment = {
        "PATH": "/usr/bin:/bin",
        "NEWSROOM_SERVER_NAME": "news.example.org",
        "NEWSROOM_HTTP_LISTEN": f"127.0.0.1:{free_port()}",
        "NEWSROOM_HTTPS_LISTEN": f"127.0.0.1:{https_port}",
        "NEWSROOM_TLS_CERT": str(tmp / "cert.pem"),
        "NEWSROOM_TLS_KEY": str(tmp / "key.pem"),
        "NEWSROOM_UPSTREAM": f"127.0.0.1:{app.server_address[1]}",
        "NEWSROOM_CACHE_DIR": str(tmp / "cache"),
        "NEWSROOM_LOG_DIR": str(tmp),
    }
    subprocess.run(
        [str(ROOT / "deploy" / "render-nginx"), str(tmp)],
        env=environment,
        check=True,
        capture_output=True,
        timeout=30,
    )
    (tmp / "nginx.conf").write_text(MAIN.format(tmp=tmp, port=port, user=user))
    command = [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    subprocess.run(command, check=True, timeout=30)
    try:
        yield {"tmp": tmp, "port": port, "https_port": https_port, "checked": checked}
    finally:
        subprocess.run([*command, "-s", "quit"], timeout=30, check=False)
        app.shutdown()


def get(site, path="/", **headers):
    connection = http.client.HTTPConnection("127.0.0.1", site["port"], timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response, response.read()


def test_nginx_accepts_the_rendered_site(site):
    assert site["checked"].returncode == 0, site["checked"].stderr
    assert "test is successful" in site["checked"].stderr


def test_the_rendered_site_has_the_serving_directives(site):
    locations = (site["tmp"] / "snippets" / "newsroom-locations.conf").read_text()
    assert "proxy_set_header Host $http_host;" in locations
    assert "server_tokens off;" in locations
    assert "gzip on;" in locations
    assert "proxy_read_timeout 30s;" in locations


def test_the_app_is_told_the_host_with_its_port(site):
    response, body = get(site, Host="news.example.org:8443")

    assert response.status == 200
    assert json.loads(body)["headers"]["Host"] == "news.example.org:8443"


def test_pages_are_compressed_and_the_version_is_not_told(site):
    response, body = get(site, "/story/", **{"Accept-Encoding": "gzip"})

    assert response.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in response.getheader("Vary")
    assert json.loads(gzip.decompress(body))["headers"]["X-Real-IP"] == "127.0.0.1"
    assert response.getheader("Server") == "nginx"


@pytest.mark.skipif(not shutil.which("curl"), reason="curl is not installed")
def test_over_https_and_http2_the_host_keeps_its_port_too(site):
    """The real TLS server, as a browser reaches it on a non-standard port: HTTP/2 sends
    the host as :authority, which nginx must pass on just the same."""
    port = site["https_port"]
    result = subprocess.run(
        ["curl", "-sk", "--http2", "--resolve", f"news.example.org:{port}:127.0.0.1"]
        + ["-w", "\n%{http_version}", f"https://news.example.org:{port}/story/"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    body, _, version = result.stdout.rpartition("\n")
    assert version == "2"
    assert json.loads(body)["headers"]["Host"] == f"news.example.org:{port}"
