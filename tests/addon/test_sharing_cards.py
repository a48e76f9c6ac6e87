"""Sharing from the add-on: the cards validate against Google's schema in French and English
with every person's text escaped, and the flows work as Google would call them (ready to
share, share now or at a moment, skip, a note the rules check; approve, reject, ask for
changes; connecting opens our page as an overlay that reloads the card)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from addon import endpoints
from addon.cards import home, sharing
from addon.cards.data import HomeData, SharingHome
from advocacy.models import Delivery, Proposal
from advocacy.rules import Decision, Effect, Finding, Scope
from advocacy.services import accounts, approvals, proposals, rules
from advocacy.views import DeliveryView, NetworkOffer, OfferView, ProposalView
from social.pagination import Page
from social.services import posts
from tests.addon.card_schema import card_text, validate_answer, validate_card
from tests.addon.conftest import HUGO, LEA
from tests.addon.helpers import actor_of, space_with_members
from tests.addon.test_cards import EVIL, NOW, PERSON, SPACE, SPACE_REF, ctx, html_strings, post
from tests.addon.test_drive_flow import click, find_button

# ---- the cards, as pure functions ------------------------------------------------------------

BLOCK = Finding("networks.x.forbidden", Effect.BLOCK, Scope.CONTENT,
                "“%(expression)s” may not be published.", {"expression": "<b>gras</b>"})
FIX = Finding("networks.linkedin.hashtags", Effect.FIX, Scope.CONTENT, "Hashtag #%(tag)s added.",
              {"tag": "<i>Comptoir</i>"})


def decision(network: str, findings=()) -> Decision:
    return Decision(network, tuple(findings), EVIL, EVIL, 90, 280)


def proposal_view(state: str = "proposed") -> ProposalView:
    return ProposalView(id=7, post_id=1, space=SPACE_REF, proposer=PERSON, post_excerpt=EVIL,
                        state=state, variants={"x": EVIL}, reason=EVIL, rules_version=1,
                        approved_at=None, approved_by=None, expires_at=NOW + timedelta(days=7),
                        created_at=NOW, changed_since_approval=True,
                        previews=(decision("x", [BLOCK]), decision("linkedin", [FIX])))


def offer_view() -> OfferView:
    sent = DeliveryView(3, 7, "linkedin", "offer", "failed", EVIL, NOW, None, None, "rejected",
                        detail="<b>400</b>")
    return OfferView(proposal_view("approved"), "offered", EVIL, (
        NetworkOffer("x", decision("x"), "connected"),
        NetworkOffer("linkedin", decision("linkedin", [FIX]), None, sent),
    ))


def sharing_cards(context) -> dict[str, dict]:
    state = SharingHome(("x", "linkedin"), {"x": "reconnect_needed"}, may_approve=True)
    return {
        "home": home.homepage_card(context, HomeData(Page([post(1)]), [SPACE], "Atelier",
                                                     sharing=state)),
        "ready": sharing.ready_card(context, [offer_view(), offer_view()]),
        "ready, empty": sharing.ready_card(context, []),
        "offer": sharing.offer_card(context, offer_view()),
        "slots": sharing.slots_card(context, offer_view(), "x", [NOW, NOW + timedelta(days=1)]),
        "no slot": sharing.slots_card(context, offer_view(), "x", []),
        "approvals": sharing.approvals_card(context, Page([proposal_view()], "next")),
        "no approval": sharing.approvals_card(context, Page([])),
        "proposal": sharing.proposal_card(context, proposal_view(), may_decide=True),
        "proposal, decided": sharing.proposal_card(context, proposal_view("rejected"),
                                                   may_decide=False),
    }


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_sharing_card_validates_against_googles_schema(language):
    for card in sharing_cards(ctx(language)).values():
        validate_card(card)


@pytest.mark.parametrize("name", list(sharing_cards(ctx()).keys()))
def test_every_text_a_person_or_a_rule_wrote_shows_as_text(name):
    for value in html_strings(sharing_cards(ctx())[name]):
        for tag in ("<b>gras", "<a href", "<font", "<i>Martin", "<b>400", "<i>Comptoir"):
            assert tag not in value, f"{name}: unescaped {tag!r} in {value!r}"


def test_the_cards_speak_french_and_english():
    french, english = sharing_cards(ctx("fr")), sharing_cards(ctx("en"))
    assert "Partager maintenant sur X" in card_text(french["ready"])
    assert "Share now on X" in card_text(english["ready"])
    assert "Reconnecter X" in card_text(french["home"]) and \
        "Connecter LinkedIn" in card_text(french["home"])
    assert "Approuver" in card_text(french["proposal"]) and \
        "Demander des modifications" in card_text(french["proposal"])
    assert "Approve" in card_text(english["proposal"])
    # The network's own words fill the failure reason; the rule's finding is translated.
    assert "Le réseau a refusé cette publication\u00a0: &lt;b&gt;400&lt;/b&gt;" in \
        card_text(french["ready"])
    assert "Hashtag #&lt;i&gt;Comptoir&lt;/i&gt; ajouté." in card_text(french["offer"])


def test_connecting_opens_our_page_as_an_overlay_that_reloads_the_card():
    card = sharing_cards(ctx())["home"]
    button = find_button(card, "Connecter LinkedIn")
    assert button["onClick"]["openLink"] == {
        "url": "https://comptoir.example.fr/sharing/accounts?from=addon",
        "openAs": "OVERLAY", "onClose": "RELOAD"}
    footer = sharing_cards(ctx())["ready"]["fixedFooter"]["primaryButton"]
    assert footer["onClick"]["openLink"]["openAs"] == "OVERLAY"
    assert footer["onClick"]["openLink"]["onClose"] == "RELOAD"


def test_a_proposal_decided_already_offers_no_decision():
    decided = card_text(sharing_cards(ctx())["proposal, decided"])
    assert "Approuver" not in decided and "Rejetée" in decided


# ---- the flows, as Google calls them ---------------------------------------------------------

def database_of(addon):
    return addon.http.application.extensions["comptoir"].database


def cipher_of(addon):
    return addon.http.application.extensions["comptoir"].token_cipher


@pytest.fixture
def firm(addon):
    """Léa (the firm's first person: its admin) and Hugo, in "Communication"; both networks
    on; Hugo connected to both; Hugo's post proposed, waiting for approval."""
    addon.card(endpoints.HOMEPAGE, LEA)
    addon.card(endpoints.HOMEPAGE, HUGO)
    space_id = space_with_members(addon, LEA, "Communication", [HUGO])
    database = database_of(addon)
    lea, hugo = actor_of(database, LEA), actor_of(database, HUGO)
    with database.system_session() as db:
        rules.set_rules(db, lea, {"networks": {
            "x": {"enabled": True, "hashtags": ["Comptoir"], "forbidden": ["gratuit"]},
            "linkedin": {"enabled": True, "disclosure": "Je travaille chez Atelier."}}})
        for network in ("x", "linkedin"):
            accounts.connect_account(db, hugo, network, member_id=f"{network}-hugo",
                                     display_name="Hugo", access_token="t", refresh_token=None,
                                     expires_at=None, cipher=cipher_of(addon))
        post = posts.create_post(db, hugo, space_id, "Nous recrutons à Lyon <b>vite</b> !")
        proposal = proposals.propose_share(db, hugo, post.id)
    return {"space_id": space_id, "lea": lea, "hugo": hugo, "proposal_id": proposal.id}


def approve_directly(addon, firm) -> None:
    with database_of(addon).system_session() as db:
        approvals.approve(db, firm["lea"], firm["proposal_id"],
                          base_url="https://comptoir.example.fr")


def test_the_homepage_shows_sharing_and_the_approvers_queue(addon, firm):
    _, card = addon.card(endpoints.HOMEPAGE, LEA)
    text = card_text(card)
    assert "Prêt à partager" in text and "Approbations" in text
    assert "Connecter X" in text and "Connecter LinkedIn" in text  # Léa has no account
    _, hugos = addon.card(endpoints.HOMEPAGE, HUGO)
    assert "Approbations" not in card_text(hugos) and "Connecter X" not in card_text(hugos)


def test_an_approver_approves_from_the_card_and_the_post_is_offered(addon, firm):
    _, home_card = addon.card(endpoints.HOMEPAGE, LEA)
    _, queue = click(addon, LEA, home_card, "Approbations", name="homepage-drive.json")
    assert "Nous recrutons à Lyon &lt;b&gt;vite&lt;/b&gt; !" in card_text(queue)
    proposal_button = queue["sections"][0]["widgets"][0]["decoratedText"]
    proposal_button["button"] = {"text": "__open__", "onClick": proposal_button["onClick"]}
    _, proposal = click(addon, LEA, queue, "__open__", name="homepage-drive.json")
    assert "#Comptoir" in card_text(proposal) and "Je travaille chez Atelier." in \
        card_text(proposal)

    answer, approved = click(addon, LEA, proposal, "Approuver", name="homepage-drive.json")

    assert answer["renderActions"]["action"]["notification"]["text"] == \
        "Approuvée\u00a0: la publication est proposée aux collègues qui la lisent."
    assert "Approuvée" in approved["header"]["subtitle"]
    with database_of(addon).system_session() as db:
        assert db.get(Proposal, firm["proposal_id"]).state == "approved"


def test_rejecting_needs_a_reason_and_tells_it(addon, firm):
    _, proposal = addon.card(endpoints.SHARING_PROPOSAL, LEA,
                             parameters={"proposalId": str(firm["proposal_id"])})
    answer, still = click(addon, LEA, proposal, "Rejeter", name="homepage-drive.json",
                          form={"reason": "  "})
    assert "Dites pourquoi" in answer["renderActions"]["action"]["notification"]["text"]
    assert "Approuver" in card_text(still)

    answer, rejected = click(addon, LEA, proposal, "Rejeter", name="homepage-drive.json",
                             form={"reason": "Pas avant l’annonce officielle"})

    assert answer["renderActions"]["action"]["notification"]["text"] == \
        "Rejetée\u00a0: la personne qui l’a proposée sait pourquoi."
    assert "Pas avant l’annonce officielle" in card_text(rejected)
    assert "Approuver" not in card_text(rejected)


def test_asking_for_changes_from_the_card(addon, firm):
    _, proposal = addon.card(endpoints.SHARING_PROPOSAL, LEA,
                             parameters={"proposalId": str(firm["proposal_id"])})
    _, asked = click(addon, LEA, proposal, "Demander des modifications",
                     name="homepage-drive.json", form={"reason": "Ajoutez la date"})
    with database_of(addon).system_session() as db:
        assert db.get(Proposal, firm["proposal_id"]).state == "changes_requested"
    assert "Modifications demandées" in asked["header"]["subtitle"]


def test_someone_who_does_not_approve_gets_no_queue(addon, firm):
    answer = addon.post(endpoints.SHARING_APPROVALS, addon.event(HUGO), expect=403).get_json()
    validate_answer(answer)
    answer = addon.post(endpoints.SHARING_APPROVE, addon.event(
        HUGO, parameters={"proposalId": str(firm["proposal_id"])}), expect=403).get_json()
    validate_answer(answer)


def test_sharing_now_from_the_ready_card(addon, firm):
    approve_directly(addon, firm)
    _, home_card = addon.card(endpoints.HOMEPAGE, HUGO)
    _, ready = click(addon, HUGO, home_card, "Voir ce qui est prêt", name="homepage-drive.json")
    text = card_text(ready)
    # What X readers will see: the post's words as written (its Markdown takes no HTML).
    assert "Nous recrutons à Lyon &lt;b&gt;vite&lt;/b&gt; !<br>#Comptoir" in text
    assert "Hashtag #Comptoir ajouté." not in text  # the list shows what blocks; the offer all

    answer, shared = click(addon, HUGO, ready, "Partager maintenant sur X",
                           name="homepage-drive.json")

    assert answer["renderActions"]["action"]["notification"]["text"].startswith(
        "Partagé sur X\u00a0: il part à ")
    assert "Programmé" in card_text(shared)
    with database_of(addon).system_session() as db:
        [delivery] = db.scalars(select(Delivery)).all()
        assert (delivery.network, delivery.user_id) == ("x", firm["hugo"].user_id)
        assert delivery.text == "Nous recrutons à Lyon <b>vite</b> !\n#Comptoir"


def test_sharing_at_a_suggested_moment(addon, firm):
    approve_directly(addon, firm)
    _, offer = addon.card(endpoints.SHARING_OFFER, HUGO,
                          parameters={"proposalId": str(firm["proposal_id"])})
    _, slots = click(addon, HUGO, offer, "Choisir un moment", name="homepage-drive.json")
    first = next(widget["buttonList"]["buttons"][0] for widget in slots["sections"][0]["widgets"]
                 if "buttonList" in widget)

    answer, _ = click(addon, HUGO, slots, first["text"], name="homepage-drive.json")

    action = answer["renderActions"]["action"]
    assert action["notification"]["text"].startswith("Programmé sur X pour ")
    assert action["navigations"][0] == {"pop": True}
    with database_of(addon).system_session() as db:
        assert db.scalar(select(Delivery.status)) == "pending"


def test_a_note_with_a_forbidden_word_is_checked_and_blocks(addon, firm):
    approve_directly(addon, firm)
    _, offer = addon.card(endpoints.SHARING_OFFER, HUGO,
                          parameters={"proposalId": str(firm["proposal_id"])})

    answer, noted = click(addon, HUGO, offer, "Enregistrer ma note et vérifier à nouveau",
                          name="homepage-drive.json", form={"note": "C’est GRATUIT !"})

    assert "Votre note est enregistrée" in answer["renderActions"]["action"]["notification"]["text"]
    text = card_text(noted)
    assert "X · Bloquée par les règles" in text
    assert "⛔ «\u00a0gratuit\u00a0» ne peut pas être publié." in text
    assert "Partager maintenant sur X" not in text and "Partager maintenant sur LinkedIn" in text


def test_skipping_an_offer(addon, firm):
    approve_directly(addon, firm)
    _, ready = addon.card(endpoints.SHARING_READY, HUGO)
    answer, after = click(addon, HUGO, ready, "Passer celle-ci", name="homepage-drive.json")
    assert answer["renderActions"]["action"]["notification"]["text"].startswith("Passée")
    assert "Passée" in card_text(after)


def test_a_share_the_rules_refuse_now_says_which_rule(addon, firm):
    approve_directly(addon, firm)
    with database_of(addon).system_session() as db:
        document = rules.get_rules(db, firm["lea"]).document
        document["schedule"]["windows"] = [{"days": ["sun"], "start": "00:00", "end": "00:01"}]
        rules.set_rules(db, firm["lea"], document)
    answer = addon.post(endpoints.SHARING_SHARE_NOW, addon.event(HUGO, parameters={
        "proposalId": str(firm["proposal_id"]), "network": "x"})).get_json()
    validate_answer(answer)
    assert "En dehors des heures de partage" in \
        answer["renderActions"]["action"]["notification"]["text"]


def test_cards_in_english_for_an_english_speaker(addon, firm):
    approve_directly(addon, firm)
    event = addon.event(HUGO)
    event["commonEventObject"]["userLocale"] = "en"
    answer = addon.post(endpoints.SHARING_READY, event).get_json()
    [card] = validate_answer(answer)
    assert "Share now on LinkedIn" in card_text(card)


def test_another_firms_proposal_is_not_found(addon, firm):
    from tests.addon.conftest import OTHER_FIRM

    addon.card(endpoints.HOMEPAGE, OTHER_FIRM)
    answer = addon.post(endpoints.SHARING_PROPOSAL, addon.event(
        OTHER_FIRM, parameters={"proposalId": str(firm["proposal_id"])}), expect=404).get_json()
    validate_answer(answer)


def test_a_moment_that_is_not_one_is_a_malformed_request(addon, firm):
    approve_directly(addon, firm)
    answer = addon.post(endpoints.SHARING_SHARE_AT, addon.event(HUGO, parameters={
        "proposalId": str(firm["proposal_id"]), "network": "x", "at": "demain"}),
        expect=400).get_json()
    validate_answer(answer)

