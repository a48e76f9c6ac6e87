"""Ids typed into URLs, forms and add-on parameters: ASCII digits within the ids' range.

`str.isdigit()` is not enough: "²" and "٣" pass it, and `int()` then refuses "²"
(a 500) while reading "٣" as 3. A number past the id columns' type (INTEGER:
PostgreSQL's is 32-bit; SQLite's 64-bit) makes the driver fail (a 500) rather than
find nothing.
"""

from __future__ import annotations

MAX_ID = 2**31 - 1


def parse_id(text: str | None) -> int | None:
    """The id `text` names, or None when it names none."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    value = int(text)
    return value if value <= MAX_ID else None
