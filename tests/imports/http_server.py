"""A real HTTP server on a loopback port, for the fetching tests: each path answers what
the test put in `routes`, and every request is logged."""

import contextlib
import http.server
import threading
import time
from contextlib import contextmanager


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, headers, body, delay = route
        if delay:
            time.sleep(delay)
        self.send_response(status)
        for name, value in headers.items():
            if name != "Content-Length":
                self.send_header(name, value)
        if headers.get("Content-Length") != "":
            self.send_header("Content-Length", str(len(body)))
        else:
            self.close_connection = True  # the body ends when the connection does
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up (a size or time cap)
            self.wfile.write(body)

    def log_message(self, *args):
        pass


class LocalServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes, self.requests = {}, []

    @property
    def base(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def serve(self, path, body=b"", *, status=200, headers=None, delay=0):
        self.routes[path] = (status, headers or {"Content-Type": "image/jpeg"}, body, delay)
        return f"{self.base}{path}"


@contextmanager
def local_server():
    server = LocalServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
