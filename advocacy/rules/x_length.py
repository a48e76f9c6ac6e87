"""X's weighted length, as twitter-text's configuration v3 counts it.

    maxWeightedTweetLength 280, scale 100, defaultWeight 200, transformedURLLength 23,
    emojiParsingEnabled, ranges of weight 100: U+0000-U+10FF, U+2000-U+200D,
    U+2010-U+201F, U+2032-U+2037.

The text is NFC-normalised; each URL weighs 23 whatever its length; each emoji
(a whole sequence: modifiers, variation selector, ZWJ chains, keycaps, flags,
tag sequences) weighs 2; every other code point weighs 1 in the light ranges
and 2 elsewhere (CJK, most symbols). Written here because twitter-text-parser
needs an old setuptools; tests/advocacy/test_x_length.py replays cases of the
official conformance suite (validate.yml, WeightedTweetsWithDiscountedEmoji).

URL recognition follows twitter-text's main lines: http(s) URLs whose host
labels are valid (at most 63 characters, no leading or trailing dash), and bare
domains ending in a known top-level domain, not preceded by @ or part of a word.
The texts we publish carry only our own https short links, so the finer points
of its TLD list matter little here.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 280
URL_WEIGHT = 23 * 100
LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))

_GTLDS = ("com|net|org|info|biz|edu|gov|mil|int|name|pro|aero|asia|coop|jobs|mobi|museum|"
          "travel|app|dev|io|ai|co|me|tv|shop|blog|online|site|store|tech|xyz|club|news|"
          "paris|bzh|alsace|corsica|eus|quebec|swiss|gle|google|page|cloud|design|email")
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
_HOST = rf"(?:{_LABEL}\.)+{_LABEL}"
_PATH = r"(?:[/?#][^\s]*)?"
_SCHEME_URL = re.compile(rf"(?<![\w@$])https?://(?:[^\s/@]+@)?{_HOST}(?::\d{{1,5}})?{_PATH}",
                         re.IGNORECASE)
_BARE_URL = re.compile(
    rf"(?<![\w@$./#-])(?:{_LABEL}\.)+(?:{_GTLDS}|[a-z]{{2}})(?![\w-])(?::\d{{1,5}})?{_PATH}",
    re.IGNORECASE)
_TRAILING = ".,;:!?'\"»)]}…"

ZWJ, VS16, KEYCAP = 0x200D, 0xFE0F, 0x20E3
_PICTOGRAPHIC = ((0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2122), (0x2139, 0x2139),
                 (0x2194, 0x21AA), (0x231A, 0x23FF), (0x24C2, 0x24C2), (0x25AA, 0x25FE),
                 (0x2600, 0x27BF), (0x2934, 0x2935), (0x2B05, 0x2B55), (0x3030, 0x3030),
                 (0x303D, 0x303D), (0x3297, 0x3299), (0x1F000, 0x1F1E5), (0x1F200, 0x1F3FA),
                 (0x1F400, 0x1FAFF))
# Latin-range symbols that are emoji only in emoji presentation (followed by U+FE0F).
_TEXT_STYLE = {0x00A9, 0x00AE}
_MODIFIERS = range(0x1F3FB, 0x1F400)
_TAGS = range(0xE0020, 0xE0080)
_REGIONAL = range(0x1F1E6, 0x1F200)


def weighted_length(text: str) -> int:
    """The length X counts, in characters (280 is the limit)."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    position = 0
    for start, end in url_spans(text):
        total += _weigh(text[position:start]) + URL_WEIGHT
        position = end
    total += _weigh(text[position:])
    return total // 100


def fits(text: str) -> bool:
    return 0 < weighted_length(text) <= MAX_LENGTH


def url_spans(text: str) -> list[tuple[int, int]]:
    """Where the URLs of `text` are, as (start, end), in order, without overlaps."""
    spans: list[tuple[int, int]] = []
    for pattern in (_SCHEME_URL, _BARE_URL):
        for match in pattern.finditer(text):
            start, end = match.start(), _trim(text, match.start(), match.end())
            if not any(start < e and s < end for s, e in spans):
                spans.append((start, end))
    return sorted(spans)


def _trim(text: str, start: int, end: int) -> int:
    """Trailing punctuation ends a sentence, not the URL (a ')' closes one it opened)."""
    while end > start and text[end - 1] in _TRAILING:
        if text[end - 1] == ")" and text.count("(", start, end) >= text.count(")", start, end):
            break
        end -= 1
    return end


def _weigh(chunk: str) -> int:
    points = [ord(ch) for ch in chunk]
    total, index = 0, 0
    while index < len(points):
        consumed = _emoji_at(points, index)
        if consumed:
            total += 200
            index += consumed
        else:
            total += 100 if _light(points[index]) else 200
            index += 1
    return total


def _emoji_at(points: list[int], index: int) -> int:
    """How many code points the emoji starting at `index` spans (0: none there)."""
    point = points[index]
    following = points[index + 1:index + 3]
    if point in _REGIONAL and following[:1] and following[0] in _REGIONAL:
        return 2
    if chr(point) in "0123456789#*":
        if following[:1] == [KEYCAP]:
            return 2
        if following == [VS16, KEYCAP]:
            return 3
        return 0
    if point in _TEXT_STYLE:
        return 2 if following[:1] == [VS16] else 0
    if not _pictographic(point) and point not in _REGIONAL:
        return 0
    end = _after_modifiers(points, index + 1)
    while end + 1 < len(points) and points[end] == ZWJ and _pictographic(points[end + 1]):
        end = _after_modifiers(points, end + 2)
    return end - index


def _after_modifiers(points: list[int], index: int) -> int:
    while index < len(points) and (points[index] == VS16 or points[index] in _MODIFIERS
                                   or points[index] in _TAGS):
        index += 1
    return index


def _pictographic(point: int) -> bool:
    return any(low <= point <= high for low, high in _PICTOGRAPHIC)


def _light(point: int) -> bool:
    return any(low <= point <= high for low, high in LIGHT_RANGES)
