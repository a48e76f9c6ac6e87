"""Forbidden words and expressions: case- and accent-insensitive, whole words only."""

from __future__ import annotations

import pytest

from advocacy.rules.words import forbidden_in


@pytest.mark.parametrize("text", ["Quel con !", "CON", "c'est un Con.", "(con)", "anti-con"])
def test_a_forbidden_word_is_found_whatever_its_case(text):
    assert forbidden_in(text, ["con"]) == ["con"]


@pytest.mark.parametrize("text", ["un contrat signé", "les conditions", "Deacon", "économe",
                                  "falcon", "con2"])
def test_a_forbidden_word_is_not_found_inside_another_word(text):
    assert forbidden_in(text, ["con"]) == []


@pytest.mark.parametrize("text", ["Arnaque !", "ARNAQUÉ", "arnaqué", "Une ÂRNÀQUE"])
@pytest.mark.parametrize("rule", ["arnaque", "arnaqué", "ARNAQUE"])
def test_accents_do_not_matter_in_the_text_nor_in_the_rule(text, rule):
    assert forbidden_in(text, [rule]) == [rule]


def test_an_expression_matches_across_spaces_and_line_breaks():
    assert forbidden_in("C’est GRATUIT A\n  VIE, promis", ["gratuit à vie", "c'est"]) == \
        ["gratuit à vie", "c'est"]
    assert forbidden_in("gratuit à la vie", ["gratuit à vie"]) == []


def test_the_findings_follow_the_order_of_the_rules():
    assert forbidden_in("nul et con", ["con", "absent", "nul"]) == ["con", "nul"]
