"""The one source of "now" for the domain, always an aware UTC datetime."""

from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
