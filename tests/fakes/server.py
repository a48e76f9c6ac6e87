"""Running a small WSGI app on 127.0.0.1 in a background thread."""

from __future__ import annotations

import socket
import threading
from collections import Counter

from werkzeug.serving import make_server


class LoopbackServer:
    """Serves `app` on an ephemeral loopback port until `stop()`."""

    def __init__(self, app):
        self.app = app
        self.hits: Counter[str] = Counter()
        self._server = make_server("127.0.0.1", 0, self._counting, threaded=True)
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        # A short poll interval: shutdown() waits for the loop to notice, 0.5 s by default.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,),
                                        daemon=True,
                                        name=f"fake-{type(self).__name__}-{self.port}")

    def _counting(self, environ, start_response):
        self.hits[environ.get("PATH_INFO", "")] += 1
        return self.app(environ, start_response)

    def start(self) -> "LoopbackServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class SilentServer:
    """A port that accepts TCP connections and never answers: a hung upstream.

    Nothing calls accept(); the kernel completes handshakes into the listen
    backlog, so a client connects, sends its request, and waits for its timeout.
    """

    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._socket.close()

    def __enter__(self) -> "SilentServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
