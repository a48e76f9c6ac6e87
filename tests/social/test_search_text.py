"""Reading search queries and cutting excerpts: pure functions, no database."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from social.errors import InvalidInput
from social.search.excerpts import Term, excerpt, plain_text
from social.search.query import (MAX_QUERY_LENGTH, Clause, fts5_expression, parse_query,
                                 websearch_text)


def test_a_query_is_folded_and_cut_into_words():
    query = parse_query("  Réunion   d'ÉQUIPE ")
    assert query.groups == ((Clause(("reunion",)), Clause(("d", "equipe"))),)
    assert query.positive_words == ("reunion", "d", "equipe")


def test_quotes_minus_and_or_follow_the_web_search_conventions():
    query = parse_query('"Plan masse" -brouillon or Façade')
    assert query.groups == (
        (Clause(("plan", "masse")), Clause(("brouillon",), negated=True)),
        (Clause(("facade",)),),
    )
    assert websearch_text(query) == '"plan masse" -brouillon or facade'


def test_the_fts5_expression_quotes_every_word_and_matches_prefixes_and_plurals():
    query = parse_query('réunions de "plan masse" -brouillon or AND')
    assert fts5_expression(query) == \
        '(("reunion"* AND "de" AND "plan masse") NOT "brouillon") OR ("and"*)'


@pytest.mark.parametrize("typed", ['a"b', '"unclosed', 'x*', "NEAR(a b)", "col:val", "^a",
                                   "a OR", "(", "-", "'", '"" ""'])
def test_no_typed_text_leaks_fts5_syntax(typed):
    expression = fts5_expression(parse_query(typed))
    outside_quotes = re.sub(r'"[^"]*"', "", expression)
    assert set(outside_quotes) <= set("()* ANDORT")


def test_a_query_of_exclusions_only_is_empty():
    assert parse_query("-ceci -cela").is_empty
    assert parse_query("or or").is_empty
    assert not parse_query("ceci -cela").is_empty


def test_a_query_longer_than_the_limit_is_refused():
    parse_query("a" * MAX_QUERY_LENGTH)
    with pytest.raises(InvalidInput):
        parse_query("a" * (MAX_QUERY_LENGTH + 1))
    with pytest.raises(InvalidInput):
        parse_query(["not", "text"])


def test_plain_text_keeps_the_words_a_reader_sees():
    html = "<p>Un <strong>plan</strong>&nbsp;&amp; <a href=\"/x\">lien</a></p><ul><li>un</li>" \
           "<li>deux</li></ul><p>&lt;script&gt;</p>"
    assert plain_text(html) == "Un plan & lien un deux <script>"


def test_the_excerpt_marks_every_matching_word_whatever_its_accents_or_case():
    marked = excerpt("Réunion : la reunion de REUNION", [Term("reunion")])
    assert marked == Markup("<mark>Réunion</mark> : la <mark>reunion</mark> de "
                            "<mark>REUNION</mark>")


def test_a_prefix_term_marks_the_longer_words_it_starts():
    assert excerpt("Les réunions et la réu", [Term("reu", prefix=True)]) == Markup(
        "Les <mark>réunions</mark> et la <mark>réu</mark>")


def test_the_excerpt_escapes_text_that_looks_like_markup_before_marking():
    marked = str(excerpt('</mark><script>alert("mark")</script> & mark', [Term("mark")]))
    assert "<script" not in marked and "</mark><script" not in marked
    assert marked == ('&lt;/<mark>mark</mark>&gt;&lt;script&gt;alert(&#34;<mark>mark</mark>'
                      '&#34;)&lt;/script&gt; &amp; <mark>mark</mark>')


def test_a_long_text_is_cut_around_the_first_match_with_ellipses():
    text = " ".join(f"mot{n}" for n in range(200)) + " cible " + " ".join(
        f"fin{n}" for n in range(200))
    marked = str(excerpt(text, [Term("cible")], length=120))
    assert marked.startswith("…") and marked.endswith("…")
    assert "<mark>cible</mark>" in marked
    assert len(re.sub(r"</?mark>", "", marked)) <= 122
    assert re.match(r"…mot\d+ ", marked), "the excerpt starts on a whole word"


def test_a_text_without_a_visible_match_shows_its_beginning():
    assert excerpt("Début du texte", [Term("absent")]) == Markup("Début du texte")
