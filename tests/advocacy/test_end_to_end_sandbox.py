"""The gateway from end to end, over the sandbox providers and the fake Google Drive.

The admin sets the rules; Anne proposes a French post with a Drive link, accents, a #
and an @; the check shows its findings and previews; Marc approves. Léa shares now on
X and LinkedIn, Paul (in Montréal) at the slot the rules suggest, Chloé through her
standing consent, Hugo skips. The delivery worker, with the runtime's real publishers,
drains as the clock moves. Then the networks hold exactly what each person previewed,
the figures match what happened, and a click through /l/<code> is counted and lands
on the UTM-tagged document.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from advocacy.errors import RuleBlocked
from advocacy.models import Delivery, TrackedLink
from advocacy.services import (analytics, approvals, consents, proposals, published,
                               rules as rule_service, sharing)
from advocacy.worker import DeliveryJob
from social.services.people import update_preferences
from tests.advocacy.sandbox_support import (BASE_URL, account_of, connect_through_oauth,
                                            drain, sandbox_runtime, stored)
from tests.factories import make_firm, make_person, make_post, make_space
from tests.fakes.google import DriveFileRecord
from tests.fakes.sandbox import sandbox_clock, sandbox_server  # noqa: F401 - fixtures

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)  # Tuesday: 10:00 in Paris, 05:00 in Montréal
MONTREAL = ZoneInfo("America/Montreal")
FILE_ID = "1LumiereMatiereEtudeV2xYz"
GOOGLE_TOKENS = ("anne-google-token", "marc-google-token")
WEEKDAYS = {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "19:00"}
DISCLOSURE = "Je travaille chez Atelier Lumière."
BODY = (f"Notre étude « Lumière & matière » (v2) est en ligne : "
        f"https://drive.google.com/file/d/{FILE_ID}/view\n\n"
        "Merci @paul.petit pour la relecture ! #Architecture")


def rules(space_id: int, approver_id: int) -> dict:
    utm = {"utm_medium": "social", "utm_campaign": "etude-lumiere"}
    return {
        "proposal": {"spaces": [space_id], "proposers": ["author", "admins"]},
        "approval": {"by": "approvers", "approvers": [approver_id]},
        "offer_days": 7,
        "schedule": {"windows": [WEEKDAYS], "min_spacing_minutes": 60,
                     "per_person_per_day": 2, "per_person_per_week": 5, "spread_minutes": 90},
        "networks": {
            "x": {"enabled": True, "hashtags": ["Comptoir"], "drive_links_public": True,
                  "utm": {**utm, "utm_source": "x"}, "firm_daily_cap": 50},
            "linkedin": {"enabled": True, "hashtags": ["Comptoir"], "disclosure": DISCLOSURE,
                         "drive_links_public": True, "utm": {**utm, "utm_source": "linkedin"},
                         "firm_daily_cap": 50},
        },
    }


@pytest.fixture
def drive(google):
    """The study on the fake Drive, restricted to the firm for now."""
    google.drive_files[FILE_ID] = DriveFileRecord(
        FILE_ID, "Étude Lumière & matière.pdf", sharing="domain", domain="atelier-lumiere.fr",
        owners=["anne.auteur@atelier-lumiere.fr"])
    google.oauth_tokens.update(GOOGLE_TOKENS)
    yield google.drive_files[FILE_ID]
    del google.drive_files[FILE_ID]
    google.oauth_tokens.difference_update(GOOGLE_TOKENS)


def masked(text: str) -> str:
    """A text with its tracked links' codes hidden: each sharer has their own codes."""
    return re.sub(r"/l/[a-z2-7]+", "/l/…", text)


def by_network(offer) -> dict:
    return {choice.network: choice.decision for choice in offer.networks}


def test_an_approved_french_post_goes_out_exactly_as_each_person_previewed_it(
        db, clean_database, sandbox_server, sandbox_clock, google, drive, app):  # noqa: F811
    sandbox_clock.now = NOW.timestamp()  # the networks' clock moves with ours
    runtime = sandbox_runtime(clean_database, sandbox_server, google_api_url=google.url)
    firm = make_firm(db, "atelier-lumiere.fr", "Alice Admin")
    anne, marc = make_person(db, firm, "Anne Auteur"), make_person(db, firm, "Marc Approbateur")
    lea, paul = make_person(db, firm, "Léa Martin"), make_person(db, firm, "Paul Petit")
    chloe, hugo = make_person(db, firm, "Chloé Durand"), make_person(db, firm, "Hugo Blanc")
    space_id = make_space(db, anne, "Communication", members=(marc, lea, paul, chloe, hugo))
    update_preferences(db, paul, time_zone="America/Montreal")
    members = {}  # (person, network) -> the member id the network knows them by
    for person, network, handle in ((lea, "x", "lea_martin"), (lea, "linkedin", "lea-in"),
                                    (paul, "x", "paul_petit"), (chloe, "linkedin", "chloe")):
        connect_through_oauth(db, runtime, person, network, handle, now=NOW)
        members[person.user_id, network] = account_of(db, person, network).member_id

    # The admin's rules; Chloé's standing consent for the space on LinkedIn.
    rule_service.set_rules(db, firm.admin, rules(space_id, marc.user_id))
    consents.give_consent(db, chloe, space_id, "linkedin", now=NOW)

    # Anne proposes; Drive says the study opens only inside the firm: the check blocks.
    post = make_post(db, anne, space_id, BODY)

    def drive_answers(token: str):
        return [proposals.drive_answer(runtime.drive.file_info(file_id, token))
                for file_id in proposals.linked_drive_files(db, anne, post.id)]

    proposal = proposals.propose_share(db, anne, post.id, drive_files=drive_answers(
        GOOGLE_TOKENS[0]), base_url=BASE_URL, now=NOW)
    assert proposal.state == "proposed"
    for preview in proposal.previews:
        assert [f.rule for f in preview.blocking] == \
            [f"networks.{preview.network}.drive_links_public"]
    with pytest.raises(RuleBlocked):
        approvals.approve(db, marc, proposal.id, base_url=BASE_URL, now=NOW)
    db.rollback()

    # Anne opens the study to anyone with the link; Marc asks Drive again and approves.
    drive.sharing = "public"
    proposal = approvals.approve(db, marc, proposal.id, drive_files=drive_answers(
        GOOGLE_TOKENS[1]), base_url=BASE_URL, now=NOW)
    assert proposal.state == "approved"
    previews = {preview.network: preview for preview in proposal.previews}
    assert {n: sorted(previews[n].rules()) for n in previews} == {
        "x": ["networks.x.hashtags", "networks.x.mentions", "networks.x.utm"],
        "linkedin": ["networks.linkedin.disclosure", "networks.linkedin.hashtags",
                     "networks.linkedin.utm"]}
    assert not any(preview.blocked for preview in previews.values())

    # What each person is shown, and does.
    lea_sees = by_network(offer_of(db, lea, proposal.id))
    for network in ("x", "linkedin"):
        assert masked(lea_sees[network].text) == masked(previews[network].text)
        shared = sharing.share_now(db, lea, proposal.id, network, base_url=BASE_URL, now=NOW)
        assert (shared.text, shared.scheduled_at) == (lea_sees[network].text, NOW)
    paul_sees = by_network(offer_of(db, paul, proposal.id))
    assert [f.rule for f in paul_sees["x"].blocking] == ["schedule.windows"]  # 05:00 for him
    with pytest.raises(RuleBlocked):
        sharing.share_now(db, paul, proposal.id, "x", base_url=BASE_URL, now=NOW)
    [slot, *_] = sharing.suggest_slots(db, paul, proposal.id, "x", now=NOW)
    assert slot.astimezone(MONTREAL) == datetime(2026, 3, 10, 8, 0, tzinfo=MONTREAL)
    at_slot = sharing.share_at_slot(db, paul, proposal.id, "x", slot, base_url=BASE_URL, now=NOW)
    assert at_slot.text == paul_sees["x"].text
    chloe_sees = by_network(offer_of(db, chloe, proposal.id))
    [for_chloe] = db.scalars(select(Delivery).where(Delivery.user_id == chloe.user_id)).all()
    assert (for_chloe.origin, for_chloe.text) == ("consent", chloe_sees["linkedin"].text)
    assert NOW <= for_chloe.scheduled_at <= NOW + timedelta(minutes=90)  # spread over 90 min
    sharing.skip(db, hugo, proposal.id, now=NOW)

    # The worker drains at 10:00 in Paris, then once the clock reaches Paul's slot.
    job = DeliveryJob()
    drain(db, job, runtime, NOW)
    assert stored(db, Delivery, at_slot.id).status == "pending"
    assert [p["author"] for p in sandbox_server.ledger("x")] == [members[lea.user_id, "x"]]
    sandbox_clock.now = slot.timestamp()
    drain(db, job, runtime, slot)
    # Paul's X token, issued at 10:00 for two hours, had expired by his slot: X answered
    # 401 and the worker refreshed it (two connections, then one refresh).
    assert sandbox_server.hits["/x/2/oauth2/token"] == 3

    # The networks hold exactly the previewed texts, each by its own author.
    expected = {
        "x": {members[lea.user_id, "x"]: lea_sees["x"], members[paul.user_id, "x"]:
              paul_sees["x"]},
        "linkedin": {members[lea.user_id, "linkedin"]: lea_sees["linkedin"],
                     members[chloe.user_id, "linkedin"]: chloe_sees["linkedin"]}}
    for network, decisions in expected.items():
        ledger = sandbox_server.ledger(network)
        assert {p["author"]: p["text"] for p in ledger} == \
            {author: decision.text for author, decision in decisions.items()}
        assert {p["duplicate_attempts"] for p in ledger} == {0}
    for post_ in sandbox_server.ledger("linkedin"):  # as LinkedIn will show them, uncut
        decision = expected["linkedin"][post_["author"]]
        assert (post_["shown"], post_["cut"]) == (decision.display_text, False)
        assert post_["link"] == {"url": decision.links[0].short_url,
                                 "title": "Étude Lumière & matière.pdf"}
    x_text, linkedin_text = lea_sees["x"], lea_sees["linkedin"]
    assert x_text.text == (
        f"Notre étude « Lumière & matière » (v2) est en ligne : {x_text.links[0].short_url}\n"
        "Merci Paul Petit pour la relecture ! #Architecture\n#Comptoir")
    assert linkedin_text.text == (
        "Notre étude « Lumière & matière » \\(v2\\) est en ligne : "
        f"{linkedin_text.links[0].short_url}\n"
        "Merci \\@paul.petit pour la relecture ! {hashtag|\\#|Architecture}\n"
        "{hashtag|\\#|Comptoir}\n" + DISCLOSURE)
    assert x_text.links[0].target == (f"https://drive.google.com/file/d/{FILE_ID}/view"
                                      "?utm_campaign=etude-lumiere&utm_medium=social"
                                      "&utm_source=x")

    # A reader clicks Léa's link on X: counted, and sent to the tagged document.
    db.commit()
    code = x_text.links[0].code
    answer = app.test_client().get(f"/l/{code}")
    assert (answer.status_code, answer.headers["Location"]) == (302, x_text.links[0].target)
    assert app.test_client().get("/l/" + "a" * len(code)).status_code == 404
    db.expire_all()
    assert db.scalar(select(TrackedLink.clicks).where(TrackedLink.code == code)) == 1

    # The figures: what was offered, shared and skipped, shares per network, the click.
    figures = analytics.firm_analytics(db, firm.admin, now=slot + timedelta(hours=1))
    monday = NOW.date() - timedelta(days=1)
    assert [(w.week_start, w.network, w.count) for w in figures.shares_per_week] == \
        [(monday, "linkedin", 2), (monday, "x", 2)]
    # Alice, Anne and Marc were offered it; Léa, Paul and Chloé shared; Hugo skipped.
    assert figures.participation == {"offered": 3, "scheduled": 0, "shared": 3, "skipped": 1}
    assert [(c.proposal_id, c.network, c.clicks) for c in figures.clicks if c.clicks] == \
        [(proposal.id, "x", 1)]
    assert [(t.proposal_id, t.shares, t.clicks) for t in figures.top_posts] == \
        [(proposal.id, 4, 1)]
    mine = published.my_shares(db, lea)
    assert (mine.total_clicks, mine.shares_by_network) == (1, {"x": 1, "linkedin": 1})
    [told] = consents.consent_shares_to_report(db, chloe)  # Chloé is told what went out
    assert (told.id, told.status, told.text) == (for_chloe.id, "sent", for_chloe.text)


def offer_of(db, person, proposal_id: int):
    [offer] = [offer for offer in sharing.ready_to_share(db, person, base_url=BASE_URL, now=NOW)
               if offer.proposal.id == proposal_id]
    return offer
