"""Reporting from the web view, and the moderators' queue."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from social.models import AuditEntry, Report, ReportStatus
from social.moderation import reports
from social.services import comments
from tests.factories import make_post, set_space_role
from tests.web.conftest import form


def test_reporting_a_post_from_its_form(signed_in, world, db):
    db.commit()
    client = signed_in(world.hugo)
    page = client.get(f"/report?post={world.post_id}").get_data(True)
    assert "Signaler une publication" in page and "CCTP" in page
    assert 'name="csrf_token"' in page and f'name="post" value="{world.post_id}"' in page

    sent = client.post("/report", data=form(post=str(world.post_id), reason="confidential",
                                            details="Le chiffrage client est visible"))
    assert sent.status_code == 200 and "Merci, les modérateurs vont y regarder." in \
        sent.get_data(True)
    report = db.scalar(select(Report))
    db.commit()
    assert (report.reason, report.details, report.reporter_id) == \
        ("confidential", "Le chiffrage client est visible", world.hugo.user_id)


def test_a_refused_report_keeps_what_was_written_and_says_why(signed_in, world, db):
    db.commit()
    response = signed_in(world.hugo).post("/report", data=form(
        post=str(world.post_id), reason="other", details=""))
    html = response.get_data(True)
    assert response.status_code == 400
    assert "Dites en quelques mots ce qui ne va pas." in html
    assert 'value="other" checked' in html
    no_reason = signed_in(world.hugo).post("/report", data=form(
        post=str(world.post_id), details="Mes mots à garder"))
    assert no_reason.status_code == 400
    assert "Mes mots à garder</textarea>" in no_reason.get_data(True)
    assert db.scalar(select(Report)) is None


def test_what_one_cannot_read_cannot_be_reported(signed_in, world, db):
    secret_post = make_post(db, world.lea, world.direction, "Recrutement")
    db.commit()
    client = signed_in(world.hugo)
    assert client.get(f"/report?post={secret_post.id}").status_code == 404
    assert client.get("/report?post=abc").status_code == 404
    assert client.get("/report").status_code == 400
    assert signed_in(world.zoe).get(f"/report?post={world.post_id}").status_code == 404


def test_the_queue_hides_restores_and_dismisses_with_an_audit_trail(
        signed_in, world, db, web_app):
    reports.report_content(db, world.hugo, post_id=world.post_id, reason="offensive")
    rude = comments.add_comment(db, world.nina, _discussion(db, world), "Commentaire blessant")
    reports.report_content(db, world.hugo, comment_id=rude.id, reason="offensive")
    db.commit()
    client = signed_in(world.lea)  # the owner of Projets
    queue = client.get("/moderation").get_data(True)
    assert "Commentaire blessant" in queue and "CCTP" in queue
    assert 'href="/moderation">Modération <span class="badge">2</span>' in queue
    [post_case, comment_case] = sorted(db.scalars(select(Report)).all(),
                                       key=lambda r: r.post_id is None)
    db.commit()

    hidden = client.post(f"/moderation/{comment_case.id}", data=form(decision="hide"))
    assert hidden.status_code == 303
    assert "Masqué. Son auteur en a été informé" in client.get("/moderation").get_data(True)
    assert "Commentaire blessant" not in \
        signed_in(world.hugo).get(f"/posts/{world.post_id}").get_data(True)
    client.post(f"/moderation/{post_case.id}", data=form(decision="dismiss"))
    assert "Rien à examiner" in client.get("/moderation").get_data(True)

    hidden_tab = client.get("/moderation?tab=hidden").get_data(True)
    assert "Commentaire blessant" in hidden_tab and "Rétablir" in hidden_tab
    client.post(f"/moderation/{comment_case.id}", data=form(decision="restore"))
    assert "Rien n’est masqué." in client.get("/moderation?tab=hidden").get_data(True)
    actions = list(db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    db.commit()
    assert actions[-3:] == ["comment.hidden", "report.dismissed", "comment.restored"]
    outbox = Path(web_app.extensions["comptoir"].settings.instance_path) / "outbox"
    assert any("Commentaire blessant" in path.read_text() for path in outbox.glob("*.eml"))


def _discussion(db, world) -> int:
    from social.services.posts import get_post

    return get_post(db, world.lea, world.post_id).discussion_id


def test_a_second_decision_on_the_same_report_is_explained_not_applied(signed_in, world, db):
    reports.report_content(db, world.hugo, post_id=world.post_id, reason="spam")
    report_id = db.scalar(select(Report.id))
    db.commit()
    client = signed_in(world.lea)
    client.post(f"/moderation/{report_id}", data=form(decision="dismiss"))
    again = client.post(f"/moderation/{report_id}", data=form(decision="hide"))
    assert again.status_code == 303
    assert "Un autre modérateur a déjà traité ce signalement." in \
        client.get("/moderation").get_data(True)
    status = db.scalar(select(Report.status))
    db.commit()
    assert status == ReportStatus.DISMISSED


def test_members_see_an_empty_queue_and_cannot_decide(signed_in, world, db):
    reports.report_content(db, world.nina, post_id=world.post_id, reason="spam")
    report_id = db.scalar(select(Report.id))
    db.commit()
    client = signed_in(world.hugo)
    page = client.get("/moderation").get_data(True)
    assert "Rien à examiner" in page and "CCTP" not in page
    assert 'href="/moderation"' not in page.split("<main")[0]  # no menu entry for him
    assert client.post(f"/moderation/{report_id}", data=form(decision="hide")).status_code == 403
    assert signed_in(world.zoe).post(f"/moderation/{report_id}",
                                     data=form(decision="hide")).status_code == 404


def test_a_space_moderator_gets_the_menu_entry_when_there_is_something_to_review(
        signed_in, world, db):
    set_space_role(db, world.lea, world.projets, world.hugo, "moderator")
    reports.report_content(db, world.nina, post_id=world.post_id, reason="spam")
    db.commit()
    page = signed_in(world.hugo).get("/people").get_data(True)
    assert 'href="/moderation">Modération <span class="badge">1</span>' in page
