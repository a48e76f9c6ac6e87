"""Text helpers shared by search, tags and handles."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lowercase and without accents: "Réunion" and "reunion" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def tag_key(label: str) -> str:
    """The identity of a tag or hashtag: folded, spaces and underscores as dashes."""
    return re.sub(r"[\s_]+", "-", fold(label.lstrip("#"))).strip("-")


def clean_line(text: str) -> str:
    """One line of user text: control characters out, spaces squeezed."""
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch == " ")
    return _SPACES.sub(" ", text).strip()


def clean_block(text: str) -> str:
    """A block of user text: newlines kept (normalised), other control characters out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text
                   if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return text.strip()
