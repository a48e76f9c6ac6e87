"""LinkedIn's "little text" commentary: reserved characters escaped, hashtags as templates.

Unescaped, a reserved character makes LinkedIn cut the post there, silently, and
still answer 201. The 3,000-character limit applies to the escaped text.
"""

from __future__ import annotations

import re

from social.markdown import HASHTAG

MAX_LENGTH = 3000
RESERVED = set("|{}@[]()<>#\\*_~")


def escape(text: str) -> str:
    return "".join("\\" + ch if ch in RESERVED else ch for ch in text)


def hashtag(tag: str) -> str:
    # The tag is written as is: a hashtag holds only letters, digits, "_" and "-".
    return "{hashtag|\\#|" + tag + "}"


def commentary(text: str, protected: list[tuple[int, int]] = ()) -> str:
    """`text` as little text: escaped, its #hashtags as hashtag templates.

    `protected` spans (the URLs) are escaped but never read as hashtags: a URL's
    #fragment is not one.
    """
    pieces: list[str] = []
    position = 0
    for start, end in sorted(protected):
        pieces.append(_with_hashtags(text[position:start]))
        pieces.append(escape(text[start:end]))
        position = end
    pieces.append(_with_hashtags(text[position:]))
    return "".join(pieces)


def _with_hashtags(chunk: str) -> str:
    pieces: list[str] = []
    position = 0
    for match in HASHTAG.finditer(chunk):
        if not any(ch.isalpha() for ch in match.group(1)):
            continue  # "#1" is a number, not a hashtag (as in posts)
        pieces.append(escape(chunk[position:match.start()]))
        pieces.append(hashtag(match.group(1)))
        position = match.end()
    pieces.append(escape(chunk[position:]))
    return "".join(pieces)


def fits(escaped: str) -> bool:
    return 0 < len(escaped) <= MAX_LENGTH


_TOKEN = re.compile(r"\{hashtag\|\\#\|([^{}|]+)\}|\\(.)")


def unescape(escaped: str) -> str:
    """What readers see: the inverse of `commentary` (for previews and tests)."""
    def plain(match: re.Match) -> str:
        if match.group(2) is not None:
            return match.group(2)
        return "#" + match.group(1)
    return _TOKEN.sub(plain, escaped)
