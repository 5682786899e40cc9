"""A TCP forwarder the tests can cut and restore, to take PostgreSQL or Redis away from the
app servers without stopping the real service (other tests on this machine use it).

A cut is what the app would see if the service stopped: every open connection is closed
(pooled and persistent connections break, not just new ones) and the port stops listening,
so new connections are refused at once. `restore()` listens on the same port again.

`stall()` is a service that hangs instead (or a network that drops packets): connections
are accepted and kept open, but nothing sent either way arrives until `restore()`, which
breaks the connections that lost data on the way.
"""

import contextlib
import socket
import threading

CHUNK = 65536


class TcpProxy:
    """Forwards 127.0.0.1:`port` to `upstream` (host, port) until cut."""

    def __init__(self, upstream):
        self.upstream = upstream
        self._lock = threading.Lock()
        self._connections = set()
        self._listener = None
        self._stalled = threading.Event()
        self.port = 0
        self.accepted = 0
        self.restore()

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def restore(self):
        """Listen (again) on the proxy's port and forward what arrives."""
        if self._stalled.is_set():
            self._close_connections()  # what they carried while stalled is lost
            self._stalled.clear()
        with self._lock:
            if self._listener is not None:
                return
            # create_server sets SO_REUSEADDR, so the port is free again right after a cut.
            listener = socket.create_server(("127.0.0.1", self.port))
            self.port = listener.getsockname()[1]
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self):
        """Refuse new connections and break every open one."""
        with self._lock:
            listener, self._listener = self._listener, None
        if listener is not None:
            _close(listener)
        self._close_connections()

    def stall(self):
        """Keep every connection open, and accept new ones, but forward nothing."""
        self._stalled.set()

    close = cut

    def _close_connections(self):
        with self._lock:
            connections, self._connections = self._connections, set()
        for sock in connections:
            _close(sock)

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # the listener was closed by cut()
                return
            self.accepted += 1
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client):
        try:
            upstream = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            _close(client)
            return
        upstream.settimeout(None)
        with self._lock:
            if self._listener is None:  # cut while this connection was being made
                _close(client)
                _close(upstream)
                return
            self._connections.update({client, upstream})
        threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
        self._pump(upstream, client)

    def _pump(self, source, target):
        try:
            while data := source.recv(CHUNK):
                if not self._stalled.is_set():
                    target.sendall(data)
        except OSError:
            pass
        with self._lock:
            self._connections.difference_update({source, target})
        _close(source)
        _close(target)


def _close(sock):
    # shutdown() wakes a thread blocked in recv() or accept() on this socket at once.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
