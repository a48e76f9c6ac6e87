"""Keyset pagination: a page of items and an opaque cursor to the next one.

A cursor is the sort key of the last item shown, so fetching a page costs one
index range scan whatever the size of the table.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Generic, Sequence, TypeVar

from core.i18n import N_
from social.errors import InvalidInput

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T] = field(default_factory=list)
    next_cursor: str | None = None


def encode_cursor(*key: int | str) -> str:
    raw = json.dumps(list(key), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, *types: type) -> tuple | None:
    """The key in a cursor, checked against the expected types; None for the first page."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error):
        raise InvalidInput(N_("This page link is not valid."), field="cursor") from None
    if not isinstance(values, list) or len(values) != len(types) or not all(
            type(value) is kind for value, kind in zip(values, types)):
        raise InvalidInput(N_("This page link is not valid."), field="cursor")
    return tuple(values)


def page_size(requested: int | None) -> int:
    if requested is None:
        return DEFAULT_PAGE_SIZE
    if not 1 <= requested <= MAX_PAGE_SIZE:
        raise InvalidInput(N_("A page holds between 1 and %(max)s items."), field="limit",
                           max=MAX_PAGE_SIZE)
    return requested


def cut(rows: Sequence[T], limit: int) -> tuple[list[T], bool]:
    """Rows fetched with limit + 1: the page, and whether more follow."""
    return list(rows[:limit]), len(rows) > limit
