"""The admin page: people and roles, featured posts, the audit log; admins only."""

from __future__ import annotations

import re

from sqlalchemy import select

from social.models import User
from social.services import posts
from tests.web.conftest import form


def row_of(html: str, user_id: int) -> str:
    match = re.search(rf'<tr id="person-{user_id}".*?</tr>', html, re.S)
    assert match, f"no row for person {user_id}"
    return match.group(0)


def test_only_the_firms_admins_open_it(signed_in, world, db):
    db.commit()
    assert signed_in(world.lea).get("/admin").status_code == 403
    assert signed_in(world.lea).get("/admin/audit").status_code == 403
    page = signed_in(world.firm.admin).get("/admin").get_data(True)
    for name in ("Alice Admin", "Hugo Bernard", "Léa Martin", "Nina Petit"):
        assert name in page
    assert "Zoé Autre" not in page and "Olga Autre" not in page
    assert "L’activité de l’entreprise sur 12 semaines" in page
    assert page.count("<svg") == 4 and "Publications par semaine" in page
    mine = row_of(page, world.firm.admin.user_id)
    assert "Désactiver" not in mine and "Retirer l’administration" not in mine  # not oneself
    assert "Désactiver" in row_of(page, world.lea.user_id)


def test_promoting_demoting_deactivating_and_reactivating(signed_in, world, db):
    db.commit()
    client = signed_in(world.firm.admin)
    client.post(f"/admin/people/{world.lea.user_id}/role", data=form(role="admin"))
    assert "Léa Martin est maintenant administrateur." in client.get("/admin").get_data(True)
    assert "Retirer l’administration" in row_of(client.get("/admin").get_data(True),
                                                world.lea.user_id)
    client.post(f"/admin/people/{world.hugo.user_id}/active", data=form(active="0"))
    page = client.get("/admin").get_data(True)
    assert "Désactivé" in row_of(page, world.hugo.user_id)
    assert signed_in(world.hugo).get("/people").status_code == 302  # signed out at once
    client.post(f"/admin/people/{world.hugo.user_id}/active", data=form(active="1"))
    client.post(f"/admin/people/{world.lea.user_id}/role", data=form(role="member"))
    roles = dict(db.execute(select(User.id, User.role)).all())
    active = db.scalar(select(User.is_active).where(User.id == world.hugo.user_id))
    db.commit()
    assert roles[world.lea.user_id] == "member" and active is True

    audit = client.get("/admin/audit").get_data(True)
    assert audit.count("user.role_changed") >= 2 and "user.deactivated" in audit
    filtered = client.get("/admin/audit?action=user.deactivated").get_data(True)
    assert "user.reactivated</code>" not in filtered and "user.deactivated</code>" in filtered


def test_the_last_admin_is_kept_with_a_readable_message(signed_in, world, db):
    db.commit()
    client = signed_in(world.firm.admin)
    response = client.post(f"/admin/people/{world.firm.admin.user_id}/role",
                           data=form(role="member"))
    assert response.status_code == 303
    assert "L’entreprise doit garder au moins un administrateur actif." in \
        client.get("/admin").get_data(True)
    role = db.scalar(select(User.role).where(User.id == world.firm.admin.user_id))
    db.commit()
    assert role == "admin"


def test_featured_posts_are_listed(signed_in, world, db):
    posts.set_featured(db, world.firm.admin, world.post_id, True)
    db.commit()
    page = signed_in(world.firm.admin).get("/admin").get_data(True)
    assert f'href="/posts/{world.post_id}">Le CCTP est prêt pour la #réunion de jeudi</a>' in page


def test_another_firms_admin_cannot_touch_our_people(signed_in, world, db):
    db.commit()
    response = signed_in(world.other_firm.admin).post(
        f"/admin/people/{world.lea.user_id}/active", data=form(active="0"))
    assert response.status_code == 404
    active = db.scalar(select(User.is_active).where(User.id == world.lea.user_id))
    db.commit()
    assert active is True
