"""A space's settings tab: owners and admins rename, archive, manage members and invitations."""

from __future__ import annotations

from sqlalchemy import select

from social.models import JoinRequest, Membership, Space, User
from social.services import spaces
from tests.factories import set_space_role
from tests.web.conftest import form


def _role(db, space_id, person):
    return db.scalar(select(Membership.role).where(Membership.space_id == space_id,
                                                   Membership.user_id == person.user_id))


def test_the_owner_sees_every_section(signed_in, world):
    html = signed_in(world.lea).get(f"/spaces/{world.projets}/settings").get_data(True)
    for section in ("Nom et description", "Inviter", "Membres et rôles", "Archiver l’espace"):
        assert section in html


def test_a_member_may_not_open_the_settings_and_another_firm_does_not_find_them(signed_in,
                                                                                world):
    assert signed_in(world.hugo).get(f"/spaces/{world.projets}/settings").status_code == 403
    assert signed_in(world.zoe).get(f"/spaces/{world.projets}/settings").status_code == 404
    refused = signed_in(world.hugo).post(f"/spaces/{world.projets}/settings",
                                         data=form(name="Pris", description=""))
    assert refused.status_code == 403


def test_the_firm_admin_manages_a_private_space_they_do_not_belong_to(signed_in, world):
    html = signed_in(world.firm.admin).get(f"/spaces/{world.club}/settings").get_data(True)
    assert "Nom et description" in html


def test_renaming_and_describing(signed_in, world, db):
    response = signed_in(world.lea).post(f"/spaces/{world.projets}/settings", data=form(
        name="Projets & chantiers", description="Tout sur les chantiers"))
    assert response.status_code == 303
    space = db.get(Space, world.projets)
    db.refresh(space)
    assert (space.name, space.description) == ("Projets & chantiers", "Tout sur les chantiers")


def test_a_refused_rename_keeps_what_was_typed(signed_in, world):
    response = signed_in(world.lea).post(f"/spaces/{world.projets}/settings", data=form(
        name="", description="Nouvelle description"))
    html = response.get_data(True)
    assert response.status_code == 400
    assert "Donnez un nom à l’espace." in html and "Nouvelle description</textarea>" in html


def test_archiving_and_opening_again(signed_in, world, db):
    client = signed_in(world.lea)
    client.post(f"/spaces/{world.projets}/archive", data=form(archived="1"))
    assert "archivé" in client.get(f"/spaces/{world.projets}").get_data(True)
    assert 'action="/compose"' not in client.get(f"/spaces/{world.projets}").get_data(True)
    client.post(f"/spaces/{world.projets}/archive", data=form(archived="0"))
    space = db.get(Space, world.projets)
    db.refresh(space)
    assert space.archived_at is None


def test_promoting_demoting_and_removing_a_member(signed_in, world, db):
    client = signed_in(world.lea)
    client.post(f"/spaces/{world.projets}/members/{world.hugo.user_id}/role",
                data=form(role="moderator"))
    assert _role(db, world.projets, world.hugo) == "moderator"
    client.post(f"/spaces/{world.projets}/members/{world.hugo.user_id}/role",
                data=form(role="member"))
    assert _role(db, world.projets, world.hugo) == "member"
    client.post(f"/spaces/{world.projets}/members/{world.hugo.user_id}/remove", data=form())
    assert _role(db, world.projets, world.hugo) is None


def test_demoting_the_last_owner_is_refused_with_the_reason(signed_in, world, db):
    client = signed_in(world.lea)
    response = client.post(f"/spaces/{world.projets}/members/{world.lea.user_id}/role",
                           data=form(role="member"))
    assert response.status_code == 303
    assert "au moins un propriétaire" in client.get(response.headers["Location"]).get_data(True)
    assert _role(db, world.projets, world.lea) == "owner"


def test_a_moderator_invites_but_cannot_change_roles(signed_in, world, db):
    set_space_role(db, world.lea, world.projets, world.hugo, "moderator")
    client = signed_in(world.hugo)
    html = client.get(f"/spaces/{world.projets}/settings").get_data(True)
    assert "Inviter" in html and 'name="role"' not in html
    assert client.post(f"/spaces/{world.projets}/members/{world.lea.user_id}/role",
                       data=form(role="member")).status_code == 403


def test_inviting_a_colleague_by_handle(signed_in, world, db):
    response = signed_in(world.lea).post(f"/spaces/{world.projets}/invitations",
                                         data=form(handle="@nina.petit"))
    assert response.status_code == 303
    assert _role(db, world.projets, world.nina) == "member"


def test_an_unknown_handle_or_another_firms_person_is_refused_with_the_input_kept(signed_in,
                                                                                 world):
    client = signed_in(world.lea)
    for handle in ("personne", "zoe.autre"):
        response = client.post(f"/spaces/{world.projets}/invitations", data=form(handle=handle))
        assert response.status_code == 400
        assert "Personne dans l’entreprise n’a cet identifiant." in response.get_data(True)
        assert f'value="{handle}"' in response.get_data(True)


def test_inviting_an_external_guest_by_email(signed_in, world, db):
    client = signed_in(world.lea)
    bad = client.post(f"/spaces/{world.projets}/guests", data=form(email="pas-une-adresse",
                                                                   name="Marie Client"))
    assert bad.status_code == 400 and 'value="Marie Client"' in bad.get_data(True)
    good = client.post(f"/spaces/{world.projets}/guests", data=form(email="marie@client.com",
                                                                    name="Marie Client"))
    assert good.status_code == 303
    guest = db.scalar(select(User).where(User.email == "marie@client.com"))
    assert guest.role == "guest"


def test_accepting_and_declining_requests_to_join(signed_in, world, db):
    spaces.join_space(db, world.hugo, world.club)
    spaces.join_space(db, world.nina, world.club)
    client = signed_in(world.lea)
    html = client.get(f"/spaces/{world.club}/settings").get_data(True)
    assert "Demandes pour rejoindre" in html and "Nina Petit" in html
    client.post(f"/spaces/{world.club}/requests/{world.hugo.user_id}", data=form(decision="accept"))
    client.post(f"/spaces/{world.club}/requests/{world.nina.user_id}",
                data=form(decision="decline"))
    assert _role(db, world.club, world.hugo) == "member"
    assert _role(db, world.club, world.nina) is None
    assert db.scalar(select(JoinRequest)) is None
