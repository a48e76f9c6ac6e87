"""How LinkedIn shows a commentary written in its "little text" format.

Reserved characters must be escaped with a backslash; LinkedIn cuts the post
at the first one that is not (silently, with a 201). Templates such as
`{hashtag|\\#|tag}` show as `#tag` and `@[Name](urn:li:person:...)` as `Name`.
The sandbox shows this rendering beside the exact text it received, and flags
a cut, so an escaping mistake shows in the ledger as it would on LinkedIn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RESERVED = set("|{}@[]()<>#\\*_~")
_HASHTAG = re.compile(r"\{hashtag\|\\#\|([^{}|]+)\}")
_MENTION = re.compile(r"@\[([^\[\]]*)\]\((urn:li:[a-zA-Z]+:[^()]+)\)")


@dataclass(frozen=True)
class Rendered:
    text: str
    cut: bool  # an unescaped reserved character ended the post there


def render(commentary: str) -> Rendered:
    shown: list[str] = []
    index = 0
    while index < len(commentary):
        char = commentary[index]
        if char == "\\" and index + 1 < len(commentary):
            shown.append(commentary[index + 1])
            index += 2
            continue
        if char == "{":
            match = _HASHTAG.match(commentary, index)
            if match:
                shown.append("#" + match.group(1))
                index = match.end()
                continue
        if char == "@":
            match = _MENTION.match(commentary, index)
            if match:
                shown.append(match.group(1))
                index = match.end()
                continue
        if char in RESERVED:
            return Rendered("".join(shown), True)
        shown.append(char)
        index += 1
    return Rendered("".join(shown), False)
