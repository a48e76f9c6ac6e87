"""Forbidden words and expressions: case- and accent-insensitive, whole words only.

"con" is found in "Quel con !" and "CON", never in "contrat" or "économe"; an
expression ("gratuit à vie") matches across any run of spaces and whatever the
accents ("GRATUIT A  VIE"). Typographic apostrophes read as straight ones.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from core.text import fold

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def normalise(text: str) -> str:
    return fold(text.translate(_APOSTROPHES))


@lru_cache(maxsize=2048)
def _pattern(expression: str) -> re.Pattern[str] | None:
    folded = normalise(expression)
    if not folded:
        return None
    body = r"\s+".join(re.escape(part) for part in folded.split(" "))
    return re.compile(rf"(?<!\w){body}(?!\w)")


def forbidden_in(text: str, expressions: Iterable[str]) -> list[str]:
    """The expressions found in `text`, in the order the rules list them."""
    folded = normalise(text)
    found = []
    for expression in expressions:
        pattern = _pattern(expression)
        if pattern is not None and pattern.search(folded):
            found.append(expression)
    return found
