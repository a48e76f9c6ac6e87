"""Inputs people and machines may send: text of every kind, ids that are not quite ids,
JSON of any shape, and very long strings."""

from __future__ import annotations

from hypothesis import strategies as st

# Digits that `str.isdigit()` accepts but `int()` refuses (²), other scripts' digits
# that `int()` reads (٣, ０), signs, spaces, exponents: what breaks naive id parsing.
ID_ALPHABET = "0123456789²³¹٣۴０９ -+._e⁰"

id_like = st.one_of(
    st.integers(min_value=-2**70, max_value=2**70).map(str),
    st.text(alphabet=ID_ALPHABET, max_size=25),
    st.sampled_from(["", "0", "-1", "1 OR 1=1", "9" * 19, "9" * 40, "²", "1²", "０",
                     "null", "undefined", "NaN", "1e3", " 1", "0x10"]),
)

# Text as typed or pasted: any Unicode (control characters, NUL, RTL marks, emoji),
# HTML and Markdown fragments, and now and then something very long.
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
          "[x](javascript:alert(1))", "**gras**", "@lea.martin", "#réunion", "\x00", "\u202e",
          "😀" * 3, "\r\n", "&amp;", "%s %(name)s {0}", "' OR '1'='1", "https://drive.google.com/"
          "file/d/1AbCdEfGhIjKlMnOp/view", "\ud7ff", "\U0010ffff", "　"]

huge_text = st.builds(lambda piece, times: piece * times,
                      st.sampled_from(["x", "é", "😀", "a b ", "<b>", "\n"]),
                      st.sampled_from([1_000, 20_001, 100_000]))

any_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(st.text(max_size=20), st.sampled_from(MARKUP)), max_size=8).map("".join),
    id_like,
    huge_text,
)

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
                         st.floats(allow_nan=True, allow_infinity=True), any_text)

json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(st.lists(children, max_size=5),
                               st.dictionaries(st.text(max_size=12), children, max_size=5)),
    max_leaves=12,
)

# Markdown as typed, and as someone trying to break out of it would type it.
MARKDOWN_PIECES = MARKUP + [
    "[a](", ")", "](", "![i](", "<", ">", "`", "```", "\n\n", "\n", "    ", "> ", "- ", "1. ",
    "| a | b |\n|---|:-:|\n", "| ", " |", "*", "_", "~~", "#", "@", "http://", "https://x.fr",
    "javascript", ":", "&#106;", "&colon;", "&#x09;", "JaVaScRiPt:", "vbscript:", "data:",
    "<a href=", "onerror=", "onload=", " style=", "\"", "'", "\\", "www.example.fr", "mailto:",
    "<svg", "<iframe", "<!--", "-->", "<![CDATA[", "&", ";", "\t", "\u0000", "\u2028",
]
markdown_text = st.lists(st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=12)),
                         max_size=40).map("".join)
