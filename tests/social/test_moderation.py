"""Moderation after the fact: reports, the queue, hide / restore / dismiss, and who sees what."""

from __future__ import annotations

import email
from email import policy

import pytest
from sqlalchemy import select

from integrations.mail import FolderMailer
from social.errors import Conflict, Forbidden, InvalidInput, NotFound
from social.models import AuditEntry, NotificationKind, ReportStatus
from social.moderation import decisions, reports
from social.moderation.decisions import Courier
from social.notifications import inbox
from social.services import comments, feeds, posts, spaces
from social.services.files import comment_on_file, file_overview
from tests.factories import drive_file, make_firm, make_person, make_post, make_space, \
    set_space_role


@pytest.fixture
def world(db):
    firm = make_firm(db)
    lea = make_person(db, firm, "Léa Martin")
    paul = make_person(db, firm, "Paul Petit")
    hugo = make_person(db, firm, "Hugo Bernard", locale="en")
    mod = make_person(db, firm, "Mona Modératrice")
    space = make_space(db, firm.admin, "Chantiers", members=(lea, paul, hugo, mod))
    set_space_role(db, firm.admin, space, mod, "moderator")
    return firm, lea, paul, hugo, mod, space


def audit_actions(db) -> list[str]:
    return list(db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def queue(db, person, status=ReportStatus.OPEN):
    return reports.moderation_queue(db, person, status=status).items


def read_mail(mailer: FolderMailer):
    return [email.message_from_bytes(path.read_bytes(), policy=policy.default)
            for path in mailer.messages()]


def test_anyone_who_reads_a_post_reports_it_and_the_spaces_moderators_see_it(db, world):
    firm, lea, paul, hugo, mod, space = world
    post = make_post(db, hugo, space, "Achetez mes montres !")
    reports.report_content(db, lea, post_id=post.id, reason="spam")
    reports.report_content(db, paul, post_id=post.id, reason="other", details="Hors sujet")
    reports.report_content(db, lea, post_id=post.id, reason="spam")  # again: nothing new

    [case] = queue(db, mod)
    assert case.report_count == 2 and set(case.reasons) == {"spam", "other"}
    assert case.notes == ("Hors sujet",) and case.content.author.name == "Hugo Bernard"
    assert case.content.space.name == "Chantiers" and case.content.kind == "post"
    assert [c.report_id for c in queue(db, firm.admin)] == [case.report_id]
    assert queue(db, lea) == [] and reports.open_case_count(db, mod) == 1
    other_mod = make_person(db, firm, "Otto Autre")
    make_space(db, other_mod, "Autre espace")  # owner of another space only
    assert queue(db, other_mod) == [] and reports.open_case_count(db, other_mod) == 0


def test_a_report_needs_a_reason_and_words_when_the_reason_is_other(db, world):
    firm, lea, paul, hugo, mod, space = world
    post = make_post(db, hugo, space, "Texte")
    with pytest.raises(InvalidInput) as no_reason:
        reports.report_content(db, lea, post_id=post.id, reason="")
    assert no_reason.value.field == "reason"
    with pytest.raises(InvalidInput) as no_words:
        reports.report_content(db, lea, post_id=post.id, reason="other", details="  ")
    assert no_words.value.field == "details"
    with pytest.raises(InvalidInput) as own:
        reports.report_content(db, hugo, post_id=post.id, reason="spam")
    assert own.value.field == "reason"
    assert queue(db, mod) == []


def test_content_one_cannot_read_cannot_be_reported(db, world):
    firm, lea, paul, hugo, mod, space = world
    private = make_space(db, paul, "Direction", visibility="private")
    secret = make_space(db, paul, "Recrutement", visibility="secret")
    with pytest.raises(Forbidden):  # she knows the space exists, not what is said in it
        reports.report_content(db, lea, post_id=make_post(db, paul, private, "Budget").id,
                               reason="spam")
    with pytest.raises(NotFound):
        reports.report_content(db, lea, post_id=make_post(db, paul, secret, "Profil").id,
                               reason="spam")
    assert queue(db, paul) == []


def test_hiding_a_post_removes_it_for_members_keeps_it_for_moderators_and_tells_the_author(
        db, world, tmp_path):
    firm, lea, paul, hugo, mod, space = world
    post = make_post(db, hugo, space, "Propos déplacés #chantier")
    comments.add_comment(db, paul, post.discussion_id, "Vraiment ?")
    reports.report_content(db, lea, post_id=post.id, reason="offensive")
    [case] = queue(db, mod)
    mailer = FolderMailer(tmp_path / "outbox")
    courier = Courier(mailer, "https://comptoir.example.fr", "Comptoir <c@example.fr>")

    assert decisions.decide(db, mod, case.report_id, "hide", courier=courier) == "hidden"

    for member in (lea, paul):
        assert post.id not in [p.id for p in feeds.space_feed(db, member, space).items]
        assert post.id not in [p.id for p in feeds.home_feed(db, member).items]
        assert feeds.tag_feed(db, member, "chantier").items == []
        with pytest.raises(NotFound):
            posts.get_post(db, member, post.id)
        with pytest.raises(NotFound):
            comments.list_comments(db, member, post.discussion_id)
    seen_by_mod = posts.get_post(db, mod, post.id)
    assert seen_by_mod.hidden and posts.get_post(db, firm.admin, post.id).hidden
    assert feeds.space_feed(db, mod, space).items == []  # feeds stay clean for everyone
    assert queue(db, mod) == [] and [c.content.hidden for c in
                                      queue(db, mod, ReportStatus.HIDDEN)] == [True]
    assert audit_actions(db)[-1] == "post.hidden"

    [notice] = [n for n in inbox.list_notifications(db, hugo).items
                if n.kind == NotificationKind.MODERATION]
    assert notice.params["decision"] == "hidden" and notice.link is None
    assert notice.excerpt.startswith("Propos déplacés")
    [mail] = read_mail(mailer)
    assert mail["To"].addresses[0].addr_spec == "hugo.bernard@firm-a.fr"
    assert mail["Subject"] == "Your post in Chantiers"
    body = mail.get_content()
    assert "A moderator hid your post in Chantiers" in body and "Offensive or hurtful" in body
    assert "Propos déplacés" in body


def test_restoring_shows_the_post_again_and_tells_the_author_in_french(db, world, tmp_path):
    firm, lea, paul, hugo, mod, space = world
    post = make_post(db, lea, space, "Mon retour d'expérience")
    reports.report_content(db, paul, post_id=post.id, reason="confidential")
    [case] = queue(db, mod)
    decisions.decide(db, mod, case.report_id, "hide")
    mailer = FolderMailer(tmp_path / "outbox")
    courier = Courier(mailer, "https://comptoir.example.fr/", "Comptoir <c@example.fr>")

    [hidden] = queue(db, firm.admin, ReportStatus.HIDDEN)
    assert decisions.decide(db, firm.admin, hidden.report_id, "restore",
                            courier=courier) == "restored"

    assert [p.id for p in feeds.space_feed(db, paul, space).items] == [post.id]
    assert not posts.get_post(db, paul, post.id).hidden
    assert audit_actions(db)[-2:] == ["post.hidden", "post.restored"]
    decisions_told = [n.params["decision"] for n in inbox.list_notifications(db, lea).items]
    assert decisions_told == ["restored", "hidden"]
    [mail] = read_mail(mailer)
    assert mail["Subject"] == "Votre publication dans Chantiers"
    assert "de nouveau visible" in mail.get_content()
    assert f"https://comptoir.example.fr/posts/{post.id}" in mail.get_content()


def test_dismissing_keeps_the_post_is_audited_and_does_not_trouble_the_author(db, world):
    firm, lea, paul, hugo, mod, space = world
    post = make_post(db, lea, space, "Un avis tranché")
    reports.report_content(db, paul, post_id=post.id, reason="offensive")
    reports.report_content(db, hugo, post_id=post.id, reason="offensive")
    [case] = queue(db, mod)

    assert decisions.decide(db, mod, case.report_id, "dismiss") == "dismissed"

    assert queue(db, mod) == [] and queue(db, mod, ReportStatus.HIDDEN) == []
    assert [p.id for p in feeds.space_feed(db, paul, space).items] == [post.id]
    assert audit_actions(db)[-1] == "report.dismissed"
    entry = db.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert entry.details["reports"] == 2 and entry.actor_id == mod.user_id
    assert inbox.list_notifications(db, lea).items == []
    with pytest.raises(Conflict):
        decisions.decide(db, mod, case.report_id, "hide")


def test_a_hidden_comment_leaves_the_thread_and_the_count_for_members_only(db, world):
    firm, lea, paul, hugo, mod, space = world
    post = make_post(db, lea, space, "Question")
    rude = comments.add_comment(db, paul, post.discussion_id, "Réponse grossière")
    comments.add_comment(db, hugo, post.discussion_id, "Réponse utile")
    reports.report_content(db, lea, comment_id=rude.id, reason="offensive")
    [case] = queue(db, mod)
    assert case.content.kind == "comment" and case.content.link.endswith(f"#comment-{rude.id}")

    decisions.decide(db, mod, case.report_id, "hide")

    member_view = comments.list_comments(db, lea, post.discussion_id).items
    assert [c.body_md for c in member_view] == ["Réponse utile"]
    assert posts.get_post(db, lea, post.id).comment_count == 1
    moderator_view = comments.list_comments(db, mod, post.discussion_id).items
    assert [(c.body_md, c.hidden) for c in moderator_view] == \
        [("Réponse grossière", True), ("Réponse utile", False)]
    with pytest.raises(NotFound):
        comments.comment_history(db, lea, rude.id)
    assert audit_actions(db)[-1] == "comment.hidden"
    [notice] = inbox.list_notifications(db, paul).items
    assert notice.kind == NotificationKind.MODERATION and notice.params["about"] == "comment"


def test_drive_file_discussions_are_moderated_by_admins_only(db, world):
    firm, lea, paul, hugo, mod, space = world
    comment = comment_on_file(db, paul, drive_file(), "Ce plan est nul")
    reports.report_content(db, lea, comment_id=comment.id, reason="offensive")

    assert queue(db, mod) == []
    [case] = queue(db, firm.admin)
    assert case.content.file_title == "Plan.pdf" and case.content.space is None
    with pytest.raises(Forbidden):
        decisions.decide(db, mod, case.report_id, "hide")
    decisions.decide(db, firm.admin, case.report_id, "hide")
    assert comments.list_comments(db, lea, comment.discussion_id).items == []


def test_members_cannot_decide_and_other_firms_cannot_even_see(db, world):
    firm, lea, paul, hugo, mod, space = world
    post = make_post(db, hugo, space, "Texte")
    reports.report_content(db, lea, post_id=post.id, reason="spam")
    [case] = queue(db, mod)
    with pytest.raises(Forbidden):
        decisions.decide(db, paul, case.report_id, "hide")
    other = make_firm(db, "firm-b.fr", "Bob Boss")
    with pytest.raises(NotFound):
        decisions.decide(db, other.admin, case.report_id, "hide")
    assert queue(db, other.admin) == []
    assert not posts.get_post(db, lea, post.id).hidden


def test_a_moderator_hiding_their_own_post_is_not_told_about_it(db, world):
    firm, lea, paul, hugo, mod, space = world
    post = make_post(db, mod, space, "Oups, mauvais espace")
    reports.report_content(db, lea, post_id=post.id, reason="other", details="Mauvais espace")
    [case] = queue(db, mod)
    decisions.decide(db, mod, case.report_id, "hide")
    assert inbox.list_notifications(db, mod).items == []


def test_reactions_and_comments_on_a_hidden_post_are_refused_to_members(db, world):
    firm, lea, paul, hugo, mod, space = world
    post = make_post(db, hugo, space, "Texte")
    reports.report_content(db, lea, post_id=post.id, reason="spam")
    decisions.decide(db, mod, queue(db, mod)[0].report_id, "hide")
    from social.services import reactions
    with pytest.raises(NotFound):
        reactions.react(db, paul, post.discussion_id, "like")
    with pytest.raises(NotFound):
        comments.add_comment(db, paul, post.discussion_id, "Et alors ?")
    spaces.leave_space(db, mod, space)  # no longer a moderator: no longer sees it
    with pytest.raises(NotFound):
        posts.get_post(db, mod, post.id)


def test_a_hidden_post_leaves_the_places_a_drive_file_was_posted(db, world):
    firm, lea, paul, hugo, mod, space = world
    post = make_post(db, hugo, space, "Le plan, enfin", files=(drive_file(),))
    assert [p.post_id for p in file_overview(db, lea, drive_file()).placements] == [post.id]
    reports.report_content(db, lea, post_id=post.id, reason="confidential")
    decisions.decide(db, mod, queue(db, mod)[0].report_id, "hide")
    assert file_overview(db, lea, drive_file()).placements == ()
