"""The pure rule check on constructed cases: each finding names its rule, and the text is final."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from advocacy.rules import (DriveAnswer, Effect, Employee, LinkTracking, ShareSource, check,
                            parse_rules)
from advocacy.rules.little_text import unescape
from advocacy.rules.x_length import weighted_length

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)
DRIVE = "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp/view"
TRACKING = LinkTracking("https://comptoir.example.fr", "salt")


def rules(**network):
    settings = {"enabled": True, **network}
    return parse_rules({"networks": {"x": settings, "linkedin": settings}}, version=4)


def source(body: str, **options) -> ShareSource:
    return ShareSource(body=body, space_id=1, **options)


def rule_names(decision) -> list[str]:
    return [finding.rule for finding in decision.findings]


@pytest.mark.parametrize("network", ["x", "linkedin"])
def test_a_forbidden_word_blocks_and_names_its_rule_and_word(network):
    decision = check(source("Ce Con de concurrent"), rules(forbidden=["con", "nul"]), network,
                     None, NOW)
    assert decision.blocked and decision.content_blocked
    [finding] = decision.blocking
    assert finding.rule == f"networks.{network}.forbidden"
    assert finding.params == {"expression": "con"}


def test_a_forbidden_word_inside_a_longer_word_or_a_link_does_not_block():
    decision = check(source("Le contrat est là : https://con.example.fr/con"),
                     rules(forbidden=["con"]), "x", None, NOW)
    assert not decision.blocked


def test_a_forbidden_word_in_the_persons_note_blocks_too():
    decision = check(source("Un bon article", note="Lisez-le, c'est NUL de le rater"),
                     rules(forbidden=["nul"]), "x", Employee(7), NOW)
    assert [f.rule for f in decision.blocking] == ["networks.x.forbidden"]


def test_the_note_comes_first_then_the_post():
    decision = check(source("Le texte du post"), rules(), "x", Employee(7), NOW)
    assert decision.text == "Le texte du post"
    noted = check(source("Le texte du post", note="À lire !"), rules(), "x", Employee(7), NOW)
    assert noted.text == "À lire !\n\nLe texte du post"


def test_a_mandatory_hashtag_is_appended_when_missing():
    decision = check(source("Nouveau guide"), rules(hashtags=["Comptoir", "RH"]), "x", None, NOW)
    assert decision.text == "Nouveau guide\n#Comptoir #RH"
    assert [(f.rule, f.effect, f.params) for f in decision.findings] == [
        ("networks.x.hashtags", Effect.FIX, {"tag": "Comptoir"}),
        ("networks.x.hashtags", Effect.FIX, {"tag": "RH"})]
    assert not decision.blocked


@pytest.mark.parametrize("body", ["Vive #comptoir !", "#COMPTOIR en tête", "Vive #Comptoir"])
def test_a_hashtag_already_there_in_any_case_is_not_added_again(body):
    decision = check(source(body), rules(hashtags=["Comptoir"]), "x", None, NOW)
    assert decision.text == body and decision.findings == ()


def test_a_hashtag_matches_whatever_its_accents():
    decision = check(source("Bravo #Équipe"), rules(hashtags=["equipe"]), "x", None, NOW)
    assert decision.text == "Bravo #Équipe" and decision.findings == ()


def test_a_hashtag_only_inside_a_url_fragment_still_counts_as_missing():
    decision = check(source("Voir https://comptoir.fr/page#comptoir"),
                     rules(hashtags=["comptoir"]), "x", None, NOW)
    assert decision.text.endswith("\n#comptoir")


def test_the_disclosure_is_added_once_on_its_own_line():
    settings = rules(disclosure="Salariée de Firme A.")
    decision = check(source("Nouveau guide"), settings, "x", None, NOW)
    assert decision.text == "Nouveau guide\nSalariée de Firme A."
    assert rule_names(decision) == ["networks.x.disclosure"]
    again = check(source("Nouveau guide\nsalariee de firme a."), settings, "x", None, NOW)
    assert again.findings == () and again.text == "Nouveau guide\nsalariee de firme a."


def test_utm_parameters_are_added_to_links_without_overriding_those_present():
    settings = rules(utm={"utm_source": "x", "utm_medium": "social"})
    decision = check(source("A https://comptoir.fr/a et https://comptoir.fr/b?utm_source=mail"),
                     settings, "x", None, NOW)
    assert decision.text == ("A https://comptoir.fr/a?utm_medium=social&utm_source=x et "
                             "https://comptoir.fr/b?utm_source=mail&utm_medium=social")
    assert rule_names(decision) == ["networks.x.utm", "networks.x.utm"]


def test_links_become_tracked_short_links_to_the_tagged_target():
    decision = check(source("Le [guide](https://comptoir.fr/guide) et comptoir.fr/faq",
                            tracking=TRACKING), rules(utm={"utm_source": "x"}), "x",
                     Employee(7), NOW)
    first, second = decision.links
    assert decision.text == f"Le guide ({first.short_url}) et {second.short_url}"
    assert first.target == "https://comptoir.fr/guide?utm_source=x"
    assert second.target == "http://comptoir.fr/faq?utm_source=x"
    assert first.short_url == f"https://comptoir.example.fr/l/{first.code}"


def test_link_codes_are_stable_for_a_share_and_differ_between_people_and_networks():
    body = source("https://comptoir.fr/guide", tracking=TRACKING)
    code = lambda network, user: check(body, rules(), network, Employee(user), NOW).links[0].code
    assert code("x", 7) == code("x", 7)
    assert len({code("x", 7), code("x", 8), code("linkedin", 7)}) == 3


def test_a_restricted_drive_link_blocks_when_the_rules_want_public_files():
    restricted = {"1AbCdEfGhIjKlMnOp": DriveAnswer("1AbCdEfGhIjKlMnOp", "Budget.xlsx", False)}
    decision = check(source(f"Le budget : {DRIVE}", drive_files=restricted),
                     rules(drive_links_public=True), "linkedin", None, NOW)
    [finding] = decision.blocking
    assert finding.rule == "networks.linkedin.drive_links_public"
    assert finding.params == {"title": "Budget.xlsx"}


def test_a_drive_link_drive_could_not_answer_for_blocks_too():
    unknown = {"1AbCdEfGhIjKlMnOp": DriveAnswer("1AbCdEfGhIjKlMnOp", "Budget.xlsx", None)}
    for files in (unknown, {}):
        decision = check(source(f"Le budget : {DRIVE}", drive_files=files),
                         rules(drive_links_public=True), "x", None, NOW)
        assert [f.rule for f in decision.blocking] == ["networks.x.drive_links_public"]


def test_a_public_drive_link_passes_and_a_restricted_one_passes_when_the_rule_is_off():
    public = {"1AbCdEfGhIjKlMnOp": DriveAnswer("1AbCdEfGhIjKlMnOp", "Guide.pdf", True)}
    assert not check(source(DRIVE, drive_files=public), rules(drive_links_public=True), "x",
                     None, NOW).blocked
    assert not check(source(DRIVE), rules(drive_links_public=False), "x", None, NOW).blocked


def test_the_x_limit_counts_the_final_text_with_its_additions():
    url = "https://comptoir.fr/" + "x" * 80
    settings = rules(hashtags=["RH"])          # adds "\n#RH": 4
    body = "漢" * 100 + "😀" * 14 + " " + url  # 200 + 28 + 1 + 23
    decision = check(source(body), settings, "x", None, NOW)
    assert weighted_length(decision.text) == decision.length == 256
    fitting = check(source("a" * 24 + body), settings, "x", None, NOW)
    assert fitting.length == 280 and not fitting.blocked
    over = check(source("a" * 25 + body), settings, "x", None, NOW)
    assert over.length == 281
    assert [(f.rule, f.params["length"]) for f in over.blocking] == [("networks.x.length", 281)]


def test_the_linkedin_limit_applies_to_the_escaped_text():
    plain = "(" * 1450  # 1,450 plain, 2,900 escaped
    decision = check(source(plain), rules(), "linkedin", None, NOW)
    assert decision.length == 2900 and not decision.blocked
    over = check(source("(" * 1501), rules(), "linkedin", None, NOW)
    assert over.length == 3002
    assert [f.rule for f in over.blocking] == ["networks.linkedin.length"]


def test_linkedin_text_is_escaped_and_readers_see_the_plain_one():
    settings = rules(hashtags=["Comptoir"], disclosure="(Je travaille chez Firme A)")
    decision = check(source("Café @léa : *top* (vraiment) #Équipe_RH",
                            tracking=TRACKING), settings, "linkedin", None, NOW)
    assert decision.text == ("Café \\@léa : top \\(vraiment\\) {hashtag|\\#|Équipe_RH}\n"
                             "{hashtag|\\#|Comptoir}\n\\(Je travaille chez Firme A\\)")
    assert decision.display_text == unescape(decision.text)
    assert decision.display_text == ("Café @léa : top (vraiment) #Équipe_RH\n#Comptoir\n"
                                     "(Je travaille chez Firme A)")


def test_on_x_a_colleagues_handle_is_written_as_their_name():
    body = source("Merci @paul.petit et @inconnu", mentions={"paul.petit": "Paul Petit"})
    x = check(body, rules(), "x", None, NOW)
    assert x.text == "Merci Paul Petit et @inconnu"
    assert rule_names(x) == ["networks.x.mentions"]
    linkedin = check(body, rules(), "linkedin", None, NOW)
    assert linkedin.display_text == "Merci @paul.petit et @inconnu"


def test_a_variant_replaces_the_post_on_its_network_only():
    body = source("Texte long du post", variants={"x": "Version courte"})
    assert check(body, rules(), "x", None, NOW).text == "Version courte"
    assert check(body, rules(), "linkedin", None, NOW).text == "Texte long du post"


def test_a_disabled_network_and_an_ineligible_space_block():
    settings = parse_rules({"proposal": {"spaces": [2]},
                            "networks": {"linkedin": {"enabled": True}}})
    decision = check(source("Bonjour"), settings, "x", None, NOW)
    assert [f.rule for f in decision.blocking] == ["networks.x.enabled", "proposal.spaces"]


def test_an_empty_text_blocks():
    decision = check(source("   "), rules(), "x", None, NOW)
    assert [f.rule for f in decision.blocking] == ["networks.x"]


def test_the_same_inputs_give_the_same_decision():
    body = source("Guide https://comptoir.fr #RH", tracking=TRACKING, note="Top")
    settings = rules(hashtags=["Comptoir"], utm={"utm_source": "x"})
    assert check(body, settings, "x", Employee(3), NOW) == \
        check(body, settings, "x", Employee(3), NOW)


def test_linkedin_gets_a_link_card_for_the_first_link():
    public = {"1AbCdEfGhIjKlMnOp": DriveAnswer("1AbCdEfGhIjKlMnOp", "Guide.pdf", True)}
    decision = check(source(f"Le guide {DRIVE} et https://b.fr", drive_files=public,
                            tracking=TRACKING), rules(), "linkedin", Employee(3), NOW)
    assert decision.card.url == decision.links[0].short_url
    assert decision.card.title == "Guide.pdf"
    assert check(source(DRIVE), rules(), "x", None, NOW).card is None
