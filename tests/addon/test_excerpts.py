"""Excerpts of posts in lists: the plain words, cut on a word, escaped; kept in a bounded
cache since the same posts are listed request after request."""

from collections import OrderedDict

from addon.cards import widgets
from addon.cards.widgets import excerpt


def test_an_excerpt_is_the_plain_escaped_words_cut_on_a_word_boundary():
    text = "**Réunion** <b>demain</b> à 9 h, " + "puis le déjeuner d’équipe " * 20
    first = excerpt(text, 60)
    assert first.startswith("Réunion &lt;b&gt;demain&lt;/b&gt; à 9 h")
    assert first.endswith("…") and len(first) < 90
    assert excerpt(text, 60) == first  # from the cache, the same


def test_the_same_text_cut_at_another_length_is_another_excerpt():
    text = "Un deux trois quatre cinq six sept huit neuf dix"
    assert excerpt(text, 20) != excerpt(text, 200) == text


def test_the_cache_holds_a_bounded_number_of_excerpts(monkeypatch):
    monkeypatch.setattr(widgets, "_excerpts", OrderedDict())
    monkeypatch.setattr(widgets, "EXCERPT_CACHE_SIZE", 3)
    for n in range(10):
        excerpt(f"Message numéro {n}", 100)
    assert len(widgets._excerpts) <= 3
    assert excerpt("Message numéro 9", 100) == "Message numéro 9"
