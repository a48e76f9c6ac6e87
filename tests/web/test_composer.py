"""The composer: publishing, keeping what was typed when refused, preview, suggestions."""

from __future__ import annotations

from sqlalchemy import select

from social.models import Post
from social.services import posts
from tests.factories import make_post, make_space
from tests.web.conftest import FETCH, form

DOC = "https://docs.google.com/document/d/1AbCdEfGhIjKlMnOp/edit?usp=sharing"


def test_publishing_redirects_to_the_new_post_with_its_drive_files(signed_in, world, db):
    client = signed_in(world.hugo)
    response = client.post("/compose", data=form(
        space_id=world.projets, body="Compte rendu du chantier #chantier",
        files=f"Compte rendu {DOC}\nhttps://drive.google.com/open?id=0BxYz1234567890"))
    assert response.status_code == 303
    post_id = int(response.headers["Location"].rsplit("/", 1)[1])
    view = posts.get_post(db, world.hugo, post_id)
    assert [(f.title, f.url) for f in view.files] == [
        ("Compte rendu", "https://docs.google.com/document/d/1AbCdEfGhIjKlMnOp/edit"),
        ("Google Drive · 0BxYz123…", "https://drive.google.com/open?id=0BxYz1234567890")]
    page = client.get(response.headers["Location"]).get_data(True)
    assert "publiée dans Projets" in page


def test_an_empty_post_comes_back_with_the_choice_kept_and_a_french_message(signed_in, world):
    response = signed_in(world.hugo).post("/compose", data=form(
        space_id=world.projets, body="   ", files=DOC))
    html = response.get_data(True)
    assert response.status_code == 400
    assert "Écrivez d’abord quelque chose." in html
    assert f'<option value="{world.projets}" selected>' in html
    assert "1AbCdEfGhIjKlMnOp" in html


def test_a_link_that_is_not_a_drive_file_is_refused_and_the_text_is_kept(signed_in, world, db):
    response = signed_in(world.hugo).post("/compose", data=form(
        space_id=world.projets, body="Voir le plan <b>ci-joint</b>",
        files="https://evil.example/file/d/1AbCdEfGhIjKlMnOp"))
    html = response.get_data(True)
    assert response.status_code == 400
    assert "Ce n’est pas un lien vers un fichier Google Drive" in html
    assert "Voir le plan &lt;b&gt;ci-joint&lt;/b&gt;" in html
    assert db.scalar(select(Post).where(Post.body_md.contains("ci-joint"))) is None


def test_publishing_without_choosing_a_space_asks_for_one(signed_in, world):
    response = signed_in(world.hugo).post("/compose", data=form(space_id="", body="Bonjour"))
    assert response.status_code == 400
    assert "Choisissez l’espace" in response.get_data(True)
    assert ">Bonjour</textarea>" in response.get_data(True)


def test_publishing_in_a_space_i_only_read_is_forbidden(signed_in, world):
    response = signed_in(world.nina).post("/compose", data=form(space_id=world.projets,
                                                                 body="Bonjour"))
    assert response.status_code == 403


def test_publishing_in_another_firms_space_is_not_found(signed_in, world):
    response = signed_in(world.hugo).post("/compose", data=form(space_id=world.elsewhere,
                                                                 body="Bonjour"))
    assert response.status_code == 404


def test_the_preview_answers_sanitised_html_for_scripts(signed_in, world):
    response = signed_in(world.hugo).post("/compose/preview", headers=FETCH, data=form(
        body="**Gras** <script>alert(1)</script> @lea.martin #réunion"))
    html = response.get_data(True)
    assert response.status_code == 200 and html.lstrip().startswith("<section")
    assert "<strong>Gras</strong>" in html and "<script>" not in html
    assert 'href="/people/lea.martin"' in html and 'href="/tags/reunion"' in html


def test_the_preview_without_js_is_the_compose_page_with_the_text_kept(signed_in, world):
    response = signed_in(world.hugo).post("/compose/preview", data=form(
        space_id=world.projets, body="*Italique*"))
    html = response.get_data(True)
    assert response.status_code == 200 and "<html" in html
    assert "<em>Italique</em>" in html and ">*Italique*</textarea>" in html


def test_people_suggestions_are_handles_and_names_of_my_firm_at_most_eight(signed_in, world, db):
    from tests.factories import make_person

    for number in range(10):
        make_person(db, world.firm, f"Hugo Clone{number}")
    client = signed_in(world.lea)
    found = client.get("/api/people?q=hugo").get_json()
    assert len(found) == 8 and {"handle", "name"} == set(found[0])
    assert client.get("/api/people?q=hugo.b").get_json() == [
        {"handle": "hugo.bernard", "name": "Hugo Bernard"}]
    assert client.get("/api/people?q=zoe").get_json() == []  # another firm
    assert client.get("/api/people?q=").get_json() == []


def test_tag_suggestions_come_from_posts_i_may_read(signed_in, world, db):
    make_post(db, world.lea, world.direction, "Sujet #réorganisation confidentiel")
    make_post(db, world.lea, world.projets, "Encore une #réunion")
    client = signed_in(world.hugo)
    assert client.get("/api/tags?q=reu").get_json() == [
        {"tag": "réunion", "key": "reunion", "uses": 2}]
    assert client.get("/api/tags?q=reorg").get_json() == []
    assert signed_in(world.lea).get("/api/tags?q=reorg").get_json()[0]["tag"] == "réorganisation"


def test_the_compose_page_offers_only_spaces_i_may_post_in(signed_in, world, db):
    archived = make_space(db, world.lea, "Ancien projet", members=(world.hugo,))
    from social.services import spaces
    spaces.set_space_archived(db, world.lea, archived, True)
    html = signed_in(world.hugo).get("/compose").get_data(True)
    assert "Projets" in html and "Ancien projet" not in html
