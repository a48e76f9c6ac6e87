"""Saying what a failed HTTP exchange means for a post: sent or not, known or not."""

from __future__ import annotations

import requests
from urllib3.exceptions import NewConnectionError, ProtocolError


def failure_detail(service: str, error: requests.RequestException) -> str:
    """A detail for TRANSIENT that tells whether the request could have been acted on.

    A connection that never opened cannot have published; a read timeout or a
    connection closed after the request was sent may have: only a retry, which
    meets the network's duplicate check, settles it.
    """
    if isinstance(error, requests.ConnectTimeout) or _caused_by(error, NewConnectionError):
        return f"{service} could not be reached ({type(error).__name__}); nothing was sent"
    if isinstance(error, requests.Timeout):
        return f"{service} did not answer in time; the request may have been acted on"
    if _caused_by(error, ProtocolError):
        return f"{service} closed the connection without answering; the request may have " \
               "been acted on"
    return f"{service} could not be reached ({type(error).__name__})"


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    pending: list[object] = [error]
    while pending:
        current = pending.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, kind):
            return True
        pending.extend(current.args)
        pending.extend([current.__cause__, current.__context__, getattr(current, "reason", None)])
    return False
