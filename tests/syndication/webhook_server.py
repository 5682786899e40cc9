"""A partner's webhook endpoint (or an edge cache's purge endpoint) on a loopback port: it
answers what the test says and keeps every request (path, headers, body)."""

import http.server
import threading
from contextlib import contextmanager


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.received.append((self.path, dict(self.headers), body))
        status, headers = self.server.answers.get(self.path, (204, {}))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    # An edge cache's purge endpoint (newsroom/serving/purge.py): Varnish xkey's PURGE.
    do_PURGE = do_POST

    def log_message(self, *args):
        pass


class PartnerServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.answers, self.received = {}, []

    def url(self, path="/hook"):
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


@contextmanager
def partner_server():
    server = PartnerServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
