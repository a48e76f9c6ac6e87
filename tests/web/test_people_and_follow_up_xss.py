"""What people write (names, profile fields, tags, posts, comments, report notes) is shown
escaped on the people, notifications, settings, moderation, admin and highlights pages."""

from __future__ import annotations

import pytest
from markupsafe import escape
from sqlalchemy import select

from social.models import User
from social.moderation import reports
from social.services import comments, posts, profiles, reactions, spaces
from tests.factories import make_person, make_post
from tests.web.test_reading_and_writing_xss import PAYLOADS, RAW

PAGES = ("/people", "/people?q=mallory", "/people/mallory", "/notifications", "/me/settings",
         "/moderation", "/admin", "/admin/audit", "/contributions")


def plant(db, firm, lea, payload: str) -> tuple[int, int]:
    """Mallory, whose every field carries the payload, mentions and answers Léa (of `firm`,
    whose admin features Mallory's post)."""
    mallory = make_person(db, firm, "Mallory")
    user = db.scalar(select(User).where(User.id == mallory.user_id))
    user.name = f"Mallory {payload}"
    db.commit()
    profiles.update_profile(db, mallory, job_title=f"Poste {payload}"[:120],
                            bio=f"Bio {payload}", team=f"Équipe {payload}"[:120],
                            site=f"Site {payload}"[:120], skills=[f"S {payload}"[:40]],
                            passions=[f"P {payload}"[:40]])
    space = spaces.create_space(db, lea, name=f"Espace {payload}"[:80])
    spaces.invite_member(db, lea, space.id, mallory.user_id)
    mine = make_post(db, lea, space.id, "Ma question")
    post = make_post(db, mallory, space.id, f"Texte {payload} @lea.martin")
    comments.add_comment(db, mallory, mine.discussion_id, f"Avis {payload}")
    reactions.react(db, mallory, mine.discussion_id, "like")
    posts.set_featured(db, firm.admin, post.id, True)
    reports.report_content(db, lea, post_id=post.id, reason="other",
                           details=f"Note {payload}")
    db.commit()
    return post.id, space.id


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_escaped_on_every_page(signed_in, world, db, payload):
    post_id, space_id = plant(db, world.firm, world.lea, payload)
    for person, paths in ((world.lea, PAGES[:6] + (f"/report?post={post_id}",)),
                          (world.firm.admin, PAGES)):
        client = signed_in(person)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            html = response.get_data(True)
            for raw in RAW:
                assert raw not in html, (path, raw)
            if person == world.lea and path in ("/notifications", "/moderation",
                                                "/people/mallory"):
                assert str(escape(f"Mallory {payload}")) in html, path  # shown, as text
    html = signed_in(world.lea).get("/people/mallory").get_data(True)
    if "7*7" in payload:  # user text is never evaluated as a template
        assert "{{ 7*7 }}" in html
