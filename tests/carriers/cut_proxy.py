"""A 127.0.0.1 TCP proxy that forwards every request and, for the first one matching a pattern,
lets the carrier answer and then cuts the connection instead of passing the answer on.

That is the case "the carrier accepted the order and its answer was lost" exactly as a client sees
it (a connection closed mid-exchange), with the carrier's side untouched.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading


class CutProxy:
    def __init__(self, upstream_port: int, pattern: bytes, cuts: int = 1) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.pattern = re.compile(pattern)
        self.cuts_left = cuts
        self.cut = 0  # answers dropped so far
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept, daemon=True, name="cut-proxy").start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        upstream = socket.create_connection(self.upstream)
        doomed = threading.Event()

        def requests() -> None:  # client → carrier, watching for the request whose answer is lost
            try:
                while chunk := client.recv(65536):
                    with self._lock:
                        if self.cuts_left and self.pattern.search(chunk):
                            self.cuts_left -= 1
                            doomed.set()
                    upstream.sendall(chunk)
            except OSError:
                pass
            finally:
                _shut(upstream)

        threading.Thread(target=requests, daemon=True).start()
        try:
            while chunk := upstream.recv(65536):
                if doomed.is_set():  # the carrier has answered (so it did the work): drop it and hang up
                    with self._lock:
                        self.cut += 1
                    break
                client.sendall(chunk)
        except OSError:
            pass
        finally:
            _shut(client)
            _shut(upstream)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
