"""The sandbox's state as the request handlers see it, and the fault gate every API
route passes through."""

from __future__ import annotations

import base64
import hashlib
import hmac
import socket
from dataclasses import dataclass, field
from typing import Callable, Mapping
from urllib.parse import urlencode

from flask import Response, current_app, request

from sandbox.faults import AFTER_KINDS, Fault, Faults
from sandbox.store import Store

ErrorRenderer = Callable[[int, Fault], Response]


@dataclass
class Sandbox:
    store: Store
    faults: Faults
    clients: Mapping[str, str]  # OAuth client id -> secret
    # LinkedIn-Version values answered 426, beside malformed and future ones.
    inactive_linkedin_versions: frozenset[str] = field(default_factory=frozenset)

    def client_secret_matches(self, client_id: str | None, secret: str | None) -> bool:
        expected = self.clients.get(client_id or "")
        return expected is not None and secret is not None and \
            _constant_time_equal(expected, secret)


def sandbox() -> Sandbox:
    return current_app.extensions["sandbox"]


def gate(network: str, operation: str,
         render: ErrorRenderer) -> tuple[Response | None, Fault | None]:
    """Applies latency and the next fault for this operation.

    Returns (an error response to answer instead, None), or (None, a fault that
    acts after the operation: pass the route's answer through `finish`).
    """
    state = sandbox()
    state.faults.pause(state.faults.latency(network))
    fault = state.faults.take(network, operation)
    if fault is None:
        return None, None
    if fault.kind in AFTER_KINDS:
        return None, fault
    if fault.kind == "timeout":
        state.faults.pause(fault.seconds)
        return render(504, fault), None
    if fault.kind == "duplicate":
        return render(0, fault), None  # status 0: the network's duplicate answer
    return render(fault.status or 500, fault), None


def finish(after: Fault | None, answer: Response) -> Response:
    """The answer to an operation that was carried out, as the pending fault has it."""
    if after is None:
        return answer
    if after.kind == "drop":
        return drop_connection()
    sandbox().faults.pause(after.seconds)  # stall: done, but answered late
    return answer


def drop_connection() -> Response:
    """Closes the client's connection without a response (needs werkzeug's server,
    which exposes the socket; other servers get a 500 saying so)."""
    connection = request.environ.get("werkzeug.socket")
    if connection is None:
        return Response("the drop fault needs the werkzeug server", status=500)
    try:
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    # werkzeug's attempt to write this response fails with a broken pipe, which
    # it treats as a dropped connection; the client sees the socket close.
    return Response(status=204)


def with_query(url: str, **params: str) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(params)


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
