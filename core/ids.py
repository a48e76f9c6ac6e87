"""Ids typed into URLs, forms and add-on parameters: ASCII digits within BIGINT's range.

`str.isdigit()` is not enough: "²" and "٣" pass it, and `int()` then refuses "²"
(a 500) while reading "٣" as 3. A number past the database's 64-bit integers makes
the driver fail (a 500) rather than find nothing.
"""

from __future__ import annotations

MAX_ID = 2**63 - 1


def parse_id(text: str | None) -> int | None:
    """The id `text` names, or None when it names none."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    value = int(text)
    return value if value <= MAX_ID else None
