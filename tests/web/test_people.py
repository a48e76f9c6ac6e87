"""The directory and profiles: finding colleagues by name, skill or passion; editing mine."""

from __future__ import annotations

import re

from social.services import profiles, spaces
from tests.factories import make_guest
from tests.web.conftest import form


def found(html: str) -> list[str]:
    """The names the directory lists (not the signed-in person's own, in the menu)."""
    return re.findall(r'class="person-name" href="[^"]+">([^<]+)</a>', html)


def test_the_directory_finds_people_by_skill_and_passion_without_accents(signed_in, world, db):
    profiles.update_profile(db, world.hugo, job_title="Architecte", skills=["Revit", "Acoustique"],
                            passions=["Théâtre"])
    client = signed_in(world.lea)

    assert found(client.get("/people?q=acoustique").get_data(True)) == ["Hugo Bernard"]
    by_passion = client.get("/people?q=theatre").get_data(True)
    assert found(by_passion) == ["Hugo Bernard"] and "Architecte" in by_passion
    assert found(client.get("/people?skill=revit").get_data(True)) == ["Hugo Bernard"]
    assert found(client.get("/people?q=nina").get_data(True)) == ["Nina Petit"]
    nobody = client.get("/people?passion=escalade").get_data(True)
    assert found(nobody) == [] and "Personne ne correspond" in nobody
    assert 'value="escalade"' in nobody


def test_the_directory_pages_through_everyone_by_name(signed_in, world):
    client = signed_in(world.lea)
    assert found(client.get("/people").get_data(True)) == \
        ["Alice Admin", "Hugo Bernard", "Léa Martin", "Nina Petit"]  # not Zoé, of another firm


def test_a_profile_shows_what_the_person_wrote_escaped(signed_in, world, db):
    profiles.update_profile(db, world.hugo, bio="<script>alert(1)</script> J'aime le BIM",
                            skills=["BIM"], passions=["Escalade"])
    html = signed_in(world.lea).get("/people/hugo.bernard").get_data(True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert 'href="/people?skill=BIM"' in html and 'href="/people?passion=Escalade"' in html
    assert "Modifier mon profil" not in html


def test_another_firms_profile_is_not_found_and_a_guest_sees_only_people_they_meet(
        signed_in, world, db):
    assert signed_in(world.zoe).get("/people/lea.martin").status_code == 404
    guest = make_guest(db, world.firm, world.lea, world.projets, "Claire Cliente")
    client = signed_in(guest)
    assert client.get("/people/nina.petit").status_code == 404
    assert client.get("/people/hugo.bernard").status_code == 200
    assert "Nina Petit" not in found(client.get("/people").get_data(True))


def test_editing_my_profile_with_skills_and_finding_myself_by_one(signed_in, world, db):
    db.commit()  # the world is built: free SQLite's write lock for the app
    client = signed_in(world.nina)
    page = client.get("/me/profile").get_data(True)
    assert 'name="csrf_token"' in page and "Compétences" in page

    saved = client.post("/me/profile", data=form(
        job_title="Économiste de la construction", team="Études", site="Lyon",
        bio="Chiffrage et métrés.", skills="Métrés, chiffrage,  DPGF", passions="Course à pied"))
    assert saved.status_code == 303 and saved.headers["Location"] == "/people/nina.petit"
    profile = client.get("/people/nina.petit").get_data(True)
    for text in ("Économiste de la construction", "Métrés", "DPGF", "Course à pied", "Lyon"):
        assert text in profile
    assert found(client.get("/people?q=metres").get_data(True)) == ["Nina Petit"]
    assert 'value="chiffrage, DPGF, Métrés"' in client.get("/me/profile").get_data(True)


def test_a_refused_profile_keeps_everything_typed_and_says_why(signed_in, world, db):
    db.commit()
    client = signed_in(world.nina)
    too_long = "x" * 41
    response = client.post("/me/profile", data=form(
        job_title="Cheffe de projet", bio="Ma bio à garder", skills=f"Revit, {too_long}",
        passions="Piano"))
    html = response.get_data(True)
    assert response.status_code == 400
    assert "Ma bio à garder</textarea>" in html and f"Revit, {too_long}" in html
    assert 'value="Cheffe de projet"' in html and 'value="Piano"' in html
    assert 'id="skills-error"' in html


def test_signing_in_is_required(web):
    response = web.get("/people")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert web.post("/me/profile", data={}).status_code in (302, 400)
