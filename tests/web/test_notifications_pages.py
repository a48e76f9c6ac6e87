"""The notifications page, the bell's badge and its JSON count, marking read."""

from __future__ import annotations

import re

from social.notifications import inbox
from social.services import comments, reactions, spaces
from tests.factories import make_post
from tests.web.conftest import form


def badge(html: str) -> str | None:
    """The bell's badge: its number, or None when it is hidden."""
    match = re.search(r'<span class="badge" data-badge\s*(hidden)?\s*>(\d+)</span>', html)
    assert match, "no bell on the page"
    return None if match.group(1) else match.group(2)


def test_the_badge_and_the_json_count_follow_mentions_and_replies(signed_in, world, db):
    client = signed_in(world.lea)
    assert badge(client.get("/notifications").get_data(True)) is None
    assert client.get("/notifications/count").get_json() == {"unread": 0}

    make_post(db, world.hugo, world.projets, "Question pour @lea.martin")
    comments.add_comment(db, world.hugo, _discussion(db, world), "Je réponds au CCTP")
    db.commit()

    assert badge(client.get("/people").get_data(True)) == "2"
    count = client.get("/notifications/count")
    assert count.get_json() == {"unread": 2} and count.headers["Cache-Control"] == "no-store"
    html = client.get("/notifications").get_data(True)
    assert "Hugo Bernard vous a mentionné dans une publication de Projets" in html
    assert "Hugo Bernard a commenté votre publication dans Projets" in html
    assert "« Je réponds au CCTP »" in html


def _discussion(db, world) -> int:
    from social.services.posts import get_post

    return get_post(db, world.lea, world.post_id).discussion_id


def test_opening_a_notification_marks_it_read_and_goes_to_the_post(signed_in, world, db):
    comment = comments.add_comment(db, world.hugo, _discussion(db, world), "Vu, merci")
    db.commit()
    client = signed_in(world.lea)
    [note] = inbox.list_notifications(db, world.lea).items
    db.commit()

    opened = client.post(f"/notifications/{note.id}/open", data=form())
    assert opened.status_code == 303
    assert opened.headers["Location"] == f"/posts/{world.post_id}#comment-{comment.id}"
    assert client.get("/notifications/count").get_json() == {"unread": 0}


def test_marking_one_then_all_read(signed_in, world, db):
    for number in range(3):
        make_post(db, world.hugo, world.projets, f"@lea.martin n°{number}")
    db.commit()
    client = signed_in(world.lea)
    first = inbox.list_notifications(db, world.lea).items[0]
    db.commit()
    assert badge(client.get("/people").get_data(True)) == "3"

    assert client.post(f"/notifications/{first.id}/read", data=form()).status_code == 303
    assert client.get("/notifications/count").get_json() == {"unread": 2}
    assert badge(client.get("/people").get_data(True)) == "2"  # the badge follows at once
    assert client.post("/notifications/read-all", data=form()).status_code == 303
    assert client.get("/notifications/count").get_json() == {"unread": 0}
    assert badge(client.get("/people").get_data(True)) is None
    html = client.get("/notifications").get_data(True)
    assert "unread" not in re.findall(r'class="panel notification([^"]*)"', html)[0]


def test_nobody_opens_or_marks_someone_elses_notification(signed_in, world, db):
    make_post(db, world.hugo, world.projets, "@lea.martin regarde")
    db.commit()
    [note] = inbox.list_notifications(db, world.lea).items
    db.commit()
    assert signed_in(world.hugo).post(f"/notifications/{note.id}/read",
                                      data=form()).status_code == 404
    assert signed_in(world.zoe).post(f"/notifications/{note.id}/open",
                                     data=form()).status_code == 404
    assert inbox.unread_count(db, world.lea) == 1


def test_content_that_became_unreadable_is_listed_without_its_text_or_link(
        signed_in, world, db):
    spaces.invite_member(db, world.lea, world.club, world.hugo.user_id)
    make_post(db, world.lea, world.club, "Répétition secrète @hugo.bernard")
    spaces.leave_space(db, world.hugo, world.club)
    db.commit()
    html = signed_in(world.hugo).get("/notifications").get_data(True)
    assert "Répétition secrète" not in html
    assert "Ce contenu ne vous est plus accessible." in html
    assert "/open" not in html


def test_the_list_is_paged_and_its_texts_are_escaped(signed_in, world, db):
    reactions.react(db, world.hugo, _discussion(db, world), "like")
    for number in range(25):
        make_post(db, world.hugo, world.projets, f"<b>n°{number}</b> pour @lea.martin")
    db.commit()
    client = signed_in(world.lea)
    first = client.get("/notifications").get_data(True)
    assert "&lt;b&gt;n°24&lt;/b&gt;" in first and "<b>n°" not in first
    after = re.search(r'href="/notifications\?after=([^"]+)"', first).group(1)
    second = client.get(f"/notifications?after={after}").get_data(True)
    assert "Hugo Bernard a aimé votre publication dans Projets" in second
    assert client.get("/notifications?after=garbage").status_code == 400


def test_the_pages_need_a_signed_in_person_and_the_csrf_token(web, signed_in, world, db):
    assert web.get("/notifications/count").status_code == 302
    db.commit()
    assert signed_in(world.lea).post("/notifications/read-all").status_code == 400
