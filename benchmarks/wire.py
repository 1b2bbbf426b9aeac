"""Count the bytes that travel between the browser and a server: a relay on 127.0.0.1.

Playwright reports a websocket frame's payload as the page reads it, after the browser has
inflated it; what a reader's connection carries is the compressed frames and the HTTP around
them. The benchmark points Chromium at this relay, which passes every byte on unchanged and
counts them, each way.
"""

from __future__ import annotations

import contextlib
import socket
import threading


class Wire:
    """A TCP relay from a port of its own to ``target_port``, counting the bytes each way."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.to_server = 0
        self.from_server = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def total(self) -> int:
        """Return the bytes relayed so far, both ways."""
        with self._lock:
            return self.to_server + self.from_server

    def close(self) -> None:
        """Stop taking connections (those open end with their peers)."""
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            for end in (client, upstream):
                # No waiting to fill a packet: the relay must add no latency of its own.
                end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, to_server: bool) -> None:
        try:
            while data := source.recv(65536):
                with self._lock:
                    if to_server:
                        self.to_server += len(data)
                    else:
                        self.from_server += len(data)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
