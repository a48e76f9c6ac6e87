"""The signed-in person is remembered while their firm is unchanged (web/auth/session.py),
and never past a change that concerns them: a deactivation, a new role or language."""

from __future__ import annotations

import pytest

from social.services import people
from tests.conftest import counting_statements
from tests.web.conftest import SeparateClient, enter_as


def comptoir(web_app):
    return web_app.extensions["comptoir"]


def listening(web_app):
    board = comptoir(web_app).database.versions
    if board is None:
        pytest.skip("only PostgreSQL announces firms' versions")
    assert board.wait_until_live(10)
    return board


def test_a_kept_page_served_again_reads_no_database_once_the_process_listens(
        signed_in, world, web_app):
    listening(web_app)
    client = signed_in(world.hugo)
    first = client.get("/").get_data(True)
    with counting_statements(comptoir(web_app).database.engine) as counter:
        again = client.get("/").get_data(True)
    assert again == first
    assert counter.count == 0, counter.statements


def test_without_announcements_each_page_reads_who_is_signed_in(make_app, web_settings,
                                                                 world, db):
    web_app = make_app(**web_settings, version_announcements=False)
    client = SeparateClient(web_app, web_app.response_class, use_cookies=True)
    client.release = db.commit
    enter_as(client, world.hugo)
    client.get("/")
    with counting_statements(comptoir(web_app).database.engine) as counter:
        client.get("/")
    assert counter.count == 1, counter.statements  # the person, their firm and its version


def test_a_deactivated_colleague_is_signed_out_at_their_next_page(signed_in, world, db):
    client = signed_in(world.hugo)
    assert client.get("/").status_code == 200
    people.deactivate_user(db, world.firm.admin, world.hugo.user_id)
    db.commit()

    response = client.get("/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_new_language_shows_at_the_next_page(signed_in, world, db):
    client = signed_in(world.hugo)
    french = client.get("/").get_data(True)
    people.update_preferences(db, world.hugo, language="en")
    db.commit()

    english = client.get("/").get_data(True)
    assert 'lang="fr"' in french and 'lang="en"' in english


def test_someone_made_admin_sees_the_administration_at_the_next_page(signed_in, world, db,
                                                                     web_app):
    listening(web_app)
    client = signed_in(world.hugo)
    client.get("/")
    assert client.get("/admin").status_code == 403
    people.set_tenant_role(db, world.firm.admin, world.hugo.user_id, "admin")
    db.commit()

    assert client.get("/admin").status_code == 200
    known = comptoir(web_app).known_callers
    assert known.get(("web", world.firm.tenant_id, world.hugo.user_id)).role == "admin"


def test_the_signed_in_persons_row_read_for_the_page_is_not_read_again(web_app, world, db):
    """Services ask for the actor's row (a new post's author, say): read with the session's
    person, it stays in the request's database session."""
    from server.db_session import request_db
    from social.models import User
    from web.auth.session import current_user

    db.commit()
    with web_app.test_request_context("/"):
        from flask import session

        session["uid"], session["tid"] = world.hugo.user_id, world.hugo.tenant_id
        assert current_user().id == world.hugo.user_id  # read: nothing remembered yet
        with counting_statements(comptoir(web_app).database.engine) as counter:
            user = request_db().get(User, world.hugo.user_id)
        assert user.name == "Hugo Bernard"
        assert counter.count == 0, counter.statements
