"""The space list, creating a space, a space's page and members, joining and leaving."""

from __future__ import annotations

from sqlalchemy import select

from social.models import JoinRequest, Membership, Space
from social.services import posts
from tests.factories import make_post
from tests.web.conftest import FETCH, form


def test_the_list_shows_my_spaces_then_the_listed_others_but_no_secret_one(signed_in, world):
    html = signed_in(world.hugo).get("/spaces").get_data(True)
    assert html.index("Projets") < html.index("Autres espaces")
    assert "Club théâtre" in html and "Demander à rejoindre" in html
    assert "Direction" not in html and "Ailleurs" not in html


def test_creating_a_space_leads_to_its_page(signed_in, world, db):
    response = signed_in(world.hugo).post("/spaces/new", data=form(
        name="Veille BIM", description="Outils et retours", kind="professional",
        visibility="private"))
    assert response.status_code == 303
    space = db.scalar(select(Space).where(Space.name == "Veille BIM"))
    assert response.headers["Location"] == f"/spaces/{space.id}"
    assert space.visibility == "private"


def test_a_taken_name_comes_back_with_everything_typed(signed_in, world):
    response = signed_in(world.hugo).post("/spaces/new", data=form(
        name="projets", description="Une autre description", kind="interest",
        visibility="secret"))
    html = response.get_data(True)
    assert response.status_code == 400
    assert "Un espace porte déjà ce nom." in html
    assert 'value="projets"' in html and "Une autre description</textarea>" in html
    assert 'value="interest" checked' in html and 'value="secret" checked' in html


def test_a_space_page_shows_pinned_posts_first_and_the_composer_to_members(signed_in, world, db):
    pinned = make_post(db, world.lea, world.projets, "Règles du chantier")
    make_post(db, world.lea, world.projets, "Message plus récent")
    posts.set_pinned(db, world.lea, pinned.id, True)
    html = signed_in(world.hugo).get(f"/spaces/{world.projets}").get_data(True)
    assert html.index("Règles du chantier") < html.index("Message plus récent")
    assert html.count("Règles du chantier") == 1
    assert f'name="space_id" value="{world.projets}"' in html


def test_a_firm_member_reads_a_public_space_without_the_composer(signed_in, world):
    html = signed_in(world.nina).get(f"/spaces/{world.projets}").get_data(True)
    assert "CCTP" in html and 'action="/compose"' not in html
    assert ">Rejoindre</button>" in html


def test_a_private_space_shows_only_its_description_to_non_members(signed_in, world, db):
    make_post(db, world.lea, world.club, "Répétition jeudi")
    response = signed_in(world.hugo).get(f"/spaces/{world.club}")
    assert response.status_code == 200
    assert "Répétition jeudi" not in response.get_data(True)
    assert signed_in(world.hugo).get(f"/spaces/{world.club}/members").status_code == 403


def test_a_secret_space_and_another_firms_space_are_not_found(signed_in, world):
    client = signed_in(world.hugo)
    assert client.get(f"/spaces/{world.direction}").status_code == 404
    assert client.get(f"/spaces/{world.elsewhere}").status_code == 404
    assert client.get(f"/spaces/{world.elsewhere}/members").status_code == 404
    assert client.post(f"/spaces/{world.elsewhere}/join", data=form()).status_code == 404


def test_joining_a_public_space_and_asking_to_join_a_private_one(signed_in, world, db):
    client = signed_in(world.nina)
    joined = client.post(f"/spaces/{world.projets}/join", data=form(next="/spaces"))
    asked = client.post(f"/spaces/{world.club}/join", data=form())
    assert joined.status_code == 303 and joined.headers["Location"] == "/spaces"
    assert asked.headers["Location"] == f"/spaces/{world.club}"
    assert db.scalar(select(Membership.role).where(Membership.space_id == world.projets,
                                                   Membership.user_id == world.nina.user_id))
    assert db.scalar(select(JoinRequest.user_id).where(JoinRequest.space_id == world.club)) \
        == world.nina.user_id
    assert "Demande envoyée" in client.get("/spaces").get_data(True)


def test_leaving_a_space(signed_in, world, db):
    response = signed_in(world.hugo).post(f"/spaces/{world.projets}/leave", data=form())
    assert response.headers["Location"] == "/spaces"
    assert db.scalar(select(Membership).where(Membership.space_id == world.projets,
                                              Membership.user_id == world.hugo.user_id)) is None


def test_the_last_owner_cannot_leave_and_is_told_why(signed_in, world):
    client = signed_in(world.lea)
    response = client.post(f"/spaces/{world.projets}/leave", data=form())
    assert response.headers["Location"] == f"/spaces/{world.projets}"
    assert "au moins un propriétaire" in client.get(response.headers["Location"]).get_data(True)


def test_the_members_tab_lists_people_and_roles(signed_in, world):
    html = signed_in(world.hugo).get(f"/spaces/{world.projets}/members").get_data(True)
    assert "Léa Martin" in html and "Hugo Bernard" in html and "Propriétaire" in html
    assert "Paramètres" not in html.split('class="tabs"')[1].split("</nav>")[0]


def test_older_posts_of_a_space_come_as_a_fragment(signed_in, world, db):
    for number in range(16):
        make_post(db, world.lea, world.projets, f"Point {number}")
    client = signed_in(world.hugo)
    html = client.get(f"/spaces/{world.projets}").get_data(True)
    link = html.split("data-more")[0].rsplit('href="', 1)[1].split('"')[0]
    older = client.get(link, headers=FETCH).get_data(True)
    assert "CCTP" in older and "<html" not in older


def test_the_space_page_sums_up_the_last_twelve_weeks(signed_in, world):
    html = signed_in(world.hugo).get(f"/spaces/{world.projets}").get_data(True)
    summary = html.split('class="panel activity-summary"')[1].split("</section>")[0]
    assert "Les 12\u00a0dernières semaines" in summary
    assert "<dt>Publications</dt><dd>1</dd>" in summary
    assert f'href="/spaces/{world.projets}/activity"' in summary


def test_the_activity_tab_draws_four_charts_with_a_table(signed_in, world):
    html = signed_in(world.hugo).get(f"/spaces/{world.projets}/activity").get_data(True)
    assert html.count('role="img"') == 4 and "<table" in html
    assert 'aria-current="page">Activité</a>' in html


def test_the_activity_of_a_space_i_cannot_read_is_refused(signed_in, world):
    assert signed_in(world.hugo).get(f"/spaces/{world.club}/activity").status_code == 403
    assert signed_in(world.hugo).get(f"/spaces/{world.direction}/activity").status_code == 404
    assert signed_in(world.zoe).get(f"/spaces/{world.projets}/activity").status_code == 404
