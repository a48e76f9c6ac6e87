"""LinkedIn commentary: every reserved character escaped, hashtags as templates, 3,000 max."""

from __future__ import annotations

from advocacy.rules import little_text
from advocacy.rules.x_length import url_spans


def test_each_reserved_character_is_escaped_with_a_backslash():
    assert little_text.escape("a|b{c}d@e[f]g(h)i<j>k#l\\m*n_o~p") == \
        "a\\|b\\{c\\}d\\@e\\[f\\]g\\(h\\)i\\<j\\>k\\#l\\\\m\\*n\\_o\\~p"


def test_other_characters_are_left_alone():
    text = "Réunion à 9h : 50 % ! « guillemets » — ok ? $ & = + ' \" / , ."
    assert little_text.commentary(text) == text


def test_hashtags_become_hashtag_templates():
    assert little_text.commentary("Bravo #Comptoir et #équipe_2026 !") == \
        "Bravo {hashtag|\\#|Comptoir} et {hashtag|\\#|équipe_2026} !"


def test_a_number_after_a_hash_is_not_a_hashtag():
    assert little_text.commentary("le #1 du marché") == "le \\#1 du marché"


def test_a_url_fragment_is_escaped_not_turned_into_a_hashtag():
    text = "voir https://comptoir.fr/page#section"
    assert little_text.commentary(text, url_spans(text)) == \
        "voir https://comptoir.fr/page\\#section"


def test_unescaping_gives_back_what_readers_see():
    text = "(Léa) @paul #Comptoir a_b ~ * [x] {y} <z> | \\"
    assert little_text.unescape(little_text.commentary(text)) == text


def test_the_limit_applies_to_the_escaped_text():
    plain = "(" * 1500  # 1,500 characters, 3,000 once escaped
    assert little_text.fits(little_text.commentary(plain))
    assert not little_text.fits(little_text.commentary(plain + "("))
    assert little_text.fits(little_text.commentary("a" * 3000))
    assert not little_text.fits(little_text.commentary("a" * 3001))
