"""Proposing and deciding: who may, the states, the reasons, automatic approval, the queue."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from advocacy.errors import RuleBlocked
from advocacy.models import Offer
from advocacy.rules import DriveAnswer
from advocacy.services import approvals, proposals, rules as rule_service
from integrations.google.drive import DriveFileInfo
from social.errors import Conflict, Forbidden, InvalidInput, NotFound
from social.models import AuditEntry
from social.services import posts
from tests.advocacy.world import BASE_URL, NOW, approved, rules_document
from tests.factories import make_post


@pytest.fixture
def db(world, rolled_back_db):
    return rolled_back_db


def audit(db, proposal_id) -> list[str]:
    return list(db.scalars(select(AuditEntry.action).where(
        AuditEntry.target_type == "proposal", AuditEntry.target_id == str(proposal_id))
        .order_by(AuditEntry.id)))


def test_the_author_proposes_and_the_admin_approves_with_previews(db, world):
    post = make_post(db, world.author, world.space_id, "Guide **RH** : https://comptoir.fr")
    proposal = proposals.propose_share(db, world.author, post.id, variants={"x": "Court"},
                                       base_url=BASE_URL, now=NOW)
    assert proposal.state == "proposed" and proposal.variants == {"x": "Court"}
    assert [p.network for p in proposal.previews] == ["x", "linkedin"]
    assert proposal.previews[0].text == "Court\n#Comptoir"

    decided = approvals.approve(db, world.admin, proposal.id, now=NOW)

    assert decided.state == "approved" and decided.approved_by.id == world.admin.user_id
    assert decided.expires_at == NOW.replace(day=17)  # offer_days: 7
    assert audit(db, proposal.id) == ["advocacy.proposal.proposed", "advocacy.proposal.approved"]


def test_approval_offers_the_post_to_every_reader_but_guests(db, world):
    proposal = approved(db, world)
    offered = set(db.scalars(select(Offer.user_id).where(Offer.proposal_id == proposal.id)))
    assert {world.lea.user_id, world.paul.user_id, world.outsider.user_id,
            world.author.user_id} <= offered
    assert world.other_member.user_id not in offered


@pytest.mark.parametrize("proposers,who,allowed", [
    (["author"], "author", True), (["author"], "moderator", False),
    (["moderators"], "moderator", True), (["moderators"], "lea", False),
    (["admins"], "admin", True), (["author", "moderators"], "admin", False),
])
def test_who_may_propose_follows_the_rules(db, world, proposers, who, allowed):
    rule_service.set_rules(db, world.admin, rules_document(proposal={"proposers": proposers}))
    post = make_post(db, world.author, world.space_id, "Un post")
    actor = world.admin if who == "admin" else getattr(world, who)
    if allowed:
        assert proposals.propose_share(db, actor, post.id, now=NOW).state == "proposed"
    else:
        with pytest.raises(Forbidden):
            proposals.propose_share(db, actor, post.id, now=NOW)


def test_posts_of_a_space_the_rules_leave_out_cannot_be_proposed(db, world):
    rule_service.set_rules(db, world.admin, rules_document(
        proposal={"spaces": [world.private_space_id]}))
    post = make_post(db, world.author, world.space_id, "Un post")
    with pytest.raises(Forbidden):
        proposals.propose_share(db, world.author, post.id, now=NOW)


def test_a_post_has_one_open_proposal_at_a_time(db, world):
    post = make_post(db, world.author, world.space_id, "Un post")
    first = proposals.propose_share(db, world.author, post.id, now=NOW)
    with pytest.raises(Conflict):
        proposals.propose_share(db, world.author, post.id, now=NOW)
    approvals.reject(db, world.admin, first.id, "Pas maintenant", now=NOW)
    assert proposals.propose_share(db, world.author, post.id, now=NOW).state == "proposed"


def test_a_rejection_and_a_change_request_need_a_reason(db, world):
    post = make_post(db, world.author, world.space_id, "Un post")
    proposal = proposals.propose_share(db, world.author, post.id, now=NOW)
    with pytest.raises(InvalidInput):
        approvals.reject(db, world.admin, proposal.id, "  ", now=NOW)
    asked = approvals.request_changes(db, world.admin, proposal.id, "Ajoutez le lien", now=NOW)
    assert (asked.state, asked.reason) == ("changes_requested", "Ajoutez le lien")
    resubmitted = proposals.edit_proposal(db, world.author, proposal.id,
                                          variants={"linkedin": "Avec le lien"}, now=NOW)
    assert (resubmitted.state, resubmitted.reason) == ("proposed", "")
    rejected = approvals.reject(db, world.admin, proposal.id, "Hors sujet", now=NOW)
    assert (rejected.state, rejected.reason) == ("rejected", "Hors sujet")
    with pytest.raises(Conflict):
        approvals.approve(db, world.admin, proposal.id, now=NOW)


def test_only_admins_or_named_approvers_decide(db, world):
    post = make_post(db, world.author, world.space_id, "Un post")
    proposal = proposals.propose_share(db, world.author, post.id, now=NOW)
    with pytest.raises(Forbidden):
        approvals.approve(db, world.lea, proposal.id, now=NOW)
    with pytest.raises(Forbidden):
        approvals.approvals_queue(db, world.lea)
    rule_service.set_rules(db, world.admin, rules_document(
        approval={"by": "approvers", "approvers": [world.lea.user_id]}))
    assert [p.id for p in approvals.approvals_queue(db, world.lea, now=NOW).items] == \
        [proposal.id]
    assert approvals.approve(db, world.lea, proposal.id, now=NOW).state == "approved"


def test_with_approval_by_nobody_a_clean_proposal_is_approved_at_once(db, world):
    document = rules_document(approval={"by": "nobody"})
    document["networks"]["x"]["forbidden"] = ["gratuit"]
    rule_service.set_rules(db, world.admin, document)
    clean = make_post(db, world.author, world.space_id, "Notre guide")
    flagged = make_post(db, world.author, world.space_id, "Tout est gratuit")
    auto = proposals.propose_share(db, world.author, clean.id, now=NOW)
    waiting = proposals.propose_share(db, world.author, flagged.id, now=NOW)
    assert auto.state == "approved" and auto.approved_by is None
    assert "advocacy.proposal.approved_automatically" in audit(db, auto.id)
    assert waiting.state == "proposed"
    assert [f.rule for f in waiting.previews[0].blocking] == ["networks.x.forbidden"]


def test_a_post_blocked_on_every_network_cannot_be_approved(db, world):
    document = rules_document()
    for network in ("x", "linkedin"):
        document["networks"][network]["drive_links_public"] = True
    rule_service.set_rules(db, world.admin, document)
    post = make_post(db, world.author, world.space_id,
                     "Budget https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp/view")
    proposal = proposals.propose_share(db, world.author, post.id, now=NOW, drive_files=[
        DriveAnswer("1AbCdEfGhIjKlMnOp", "Budget.xlsx", False)])
    with pytest.raises(RuleBlocked) as blocked:
        approvals.approve(db, world.admin, proposal.id, now=NOW)
    assert blocked.value.decision.blocking[0].params == {"title": "Budget.xlsx"}
    approved_now = approvals.approve(db, world.admin, proposal.id, now=NOW, drive_files=[
        DriveAnswer("1AbCdEfGhIjKlMnOp", "Budget.xlsx", True)])  # made public meanwhile
    assert approved_now.state == "approved"


def test_the_queue_shows_proposals_waiting_and_approved_ones_edited_since(db, world):
    waiting = proposals.propose_share(
        db, world.author, make_post(db, world.author, world.space_id, "A").id, now=NOW)
    edited = approved(db, world, "B")
    posts.edit_post(db, world.author, edited.post_id, "B modifié")
    queue = approvals.approvals_queue(db, world.admin, now=NOW).items
    assert [(p.id, p.changed_since_approval) for p in queue] == \
        [(edited.id, True), (waiting.id, False)]
    again = approvals.approve(db, world.admin, edited.id, now=NOW)
    assert again.state == "approved" and not again.changed_since_approval


def test_the_proposer_retracts_and_others_of_the_firm_cannot(db, world):
    proposal = approved(db, world)
    with pytest.raises(Forbidden):
        approvals.retract(db, world.lea, proposal.id, now=NOW)
    with pytest.raises(NotFound):
        approvals.retract(db, world.other_firm.admin, proposal.id, now=NOW)
    assert approvals.retract(db, world.author, proposal.id, now=NOW).state == "retracted"
    assert audit(db, proposal.id)[-1] == "advocacy.proposal.retracted"


def test_the_drive_files_to_ask_drive_about_are_those_the_post_and_variants_link_to(db, world):
    post = make_post(db, world.author, world.space_id,
                     "Plan https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp/view et "
                     "[doc](https://docs.google.com/document/d/1ZyXwVuTsRqPoNm/edit)")
    assert proposals.linked_drive_files(db, world.lea, post.id, {
        "x": "https://drive.google.com/open?id=1QqQqQqQqQqQqQq"}) == [
        "1AbCdEfGhIjKlMnOp", "1ZyXwVuTsRqPoNm", "1QqQqQqQqQqQqQq"]
    info = DriveFileInfo("1AbCdEfGhIjKlMnOp", "Plan", "application/pdf", "", "", True,
                         frozenset(), frozenset())
    assert proposals.drive_answer(info) == DriveAnswer("1AbCdEfGhIjKlMnOp", "Plan", True)
    hidden = DriveFileInfo("1AbCdEfGhIjKlMnOp", "Plan", "", "", "", False, frozenset(),
                           frozenset(), sharing_known=False)
    assert proposals.drive_answer(hidden).public is None
