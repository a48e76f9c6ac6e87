"""X's weighted length (twitter-text config v3): URLs 23, emoji and CJK 2, NFC first, 280."""

from __future__ import annotations

import pytest

from advocacy.rules.x_length import MAX_LENGTH, fits, url_spans, weighted_length

ZWJ = "\u200d"
FAMILY = f"👨{ZWJ}👩{ZWJ}👧{ZWJ}👦"


# Cases of twitter-text's conformance suite (conformance/validate.yml,
# WeightedTweetsWithDiscountedEmojiCounterTest), expected weighted lengths.
@pytest.mark.parametrize("text,expected", [
    ("Hi http://test.co", 26),
    ("http://test.co", 23),
    ("285 chars-" + "xxxxxxxxxx-" * 25, 285),
    ("285 chars- http://www.twitter.com/jack " + "xxxxxxxxxx-" * 24, 299),
    ("xxxxxxxxxx-" * 24 + " http://www.twitter.com/jack ", 289),
    ("https://www.twitter.com/aloha " * 10, 240),
    ("故人西辞黄鹤楼，烟花三月下扬州。" * 10, 320),
    ("😷" * 160, 320),
    ("ÁB", 2),
    ("A\u05e9\u05bc\u05c1", 4),  # normalised into fewer code points
    (f"H🐱☺{FAMILY}", 7),
    ("😷👾😡🔥💩", 10),
    (f"🙋🏽👨{ZWJ}🎤", 4),
    ("randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com", 68),
])
def test_the_conformance_cases_count_as_twitter_text_counts_them(text, expected):
    assert weighted_length(text) == expected


def test_general_punctuation_without_joiners_counts_one_each():
    text = ("This is a tweet with general punctuation characters: "
            "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B "
            "‐ ‑ ‒ – — ― ‖  ‗ ‘ ’ ‚ ‛ “ ” „ ‟ ′ ″ ‴ ‵ ‶ ‷")
    assert weighted_length(text) == 110


def test_a_decomposed_accent_is_normalised_before_counting():
    assert weighted_length("e\u0301" * 280) == 280  # "é" written as e + combining accent
    assert fits("e\u0301" * 280)


@pytest.mark.parametrize("filler,weight", [("a", 1), ("é", 1), ("漢", 2), ("😀", 2),
                                           ("👍🏽", 2), ("🇫🇷", 2), ("1️⃣", 2)])
def test_exactly_280_fits_and_281_does_not(filler, weight):
    url = " https://comptoir.example.fr/l/abcdefghijkl"  # 1 + 23
    base = 280 - 24
    at_limit = filler * (base // weight) + "x" * (base % weight) + url
    assert weighted_length(at_limit) == 280 and fits(at_limit)
    over = "x" + at_limit
    assert weighted_length(over) == 281 and not fits(over)


def test_any_url_weighs_23_whatever_its_length():
    long_url = "https://drive.google.com/file/d/" + "a" * 200 + "/view?utm_source=x"
    assert weighted_length(long_url) == 23
    assert weighted_length("voir comptoir.fr") == 5 + 23
    assert weighted_length("https://a.fr et https://b.fr") == 23 + 4 + 23


def test_sentence_punctuation_after_a_url_is_not_part_of_it():
    text = "Lisez https://comptoir.fr/guide. Et (https://comptoir.fr/a_(b)) !"
    spans = [text[start:end] for start, end in url_spans(text)]
    assert spans == ["https://comptoir.fr/guide", "https://comptoir.fr/a_(b)"]


def test_an_email_address_is_not_a_url():
    assert url_spans("écrivez à paul@comptoir.fr") == []
    assert weighted_length("paul@comptoir.fr") == 16


def test_an_empty_text_does_not_fit():
    assert weighted_length("") == 0 and not fits("")
    assert MAX_LENGTH == 280
