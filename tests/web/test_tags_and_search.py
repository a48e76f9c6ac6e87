"""Hashtag pages and search, both limited to what the reader may read."""

from __future__ import annotations

from tests.factories import make_post
from tests.web.conftest import FETCH


def test_a_hashtag_page_shows_the_tags_posts_under_its_written_label(signed_in, world, db):
    make_post(db, world.lea, world.direction, "Secret #réunion des associés")
    client = signed_in(world.hugo)
    for path in ("/tags/reunion", "/tags/Réunion"):
        html = client.get(path).get_data(True)
        assert "<h1>#réunion</h1>" in html and "CCTP" in html
        assert "associés" not in html


def test_a_hashtag_of_another_firm_shows_nothing(signed_in, world, db):
    make_post(db, world.zoe, world.elsewhere, "Chez nous aussi #réunion")
    html = signed_in(world.hugo).get("/tags/reunion").get_data(True)
    assert "Chez nous aussi" not in html


def test_an_unknown_hashtag_says_so(signed_in, world):
    html = signed_in(world.hugo).get("/tags/inconnu").get_data(True)
    assert "Aucune publication ne porte encore ce hashtag." in html


def test_searching_without_accents_finds_accented_words_marked(signed_in, world):
    html = signed_in(world.hugo).get("/search?q=reunion").get_data(True)
    assert f'href="/posts/{world.post_id}"' in html
    assert "<mark>réunion</mark>" in html


def test_search_finds_comments_and_links_to_them(signed_in, world, db):
    from social.services import comments, posts

    discussion = posts.get_post(db, world.lea, world.post_id).discussion_id
    comment = comments.add_comment(db, world.hugo, discussion, "La maquette est livrée")
    html = signed_in(world.lea).get("/search?q=maquette").get_data(True)
    assert f'href="/posts/{world.post_id}#comment-{comment.id}"' in html


def test_the_same_search_again_finds_a_post_written_meanwhile(signed_in, world, db):
    client = signed_in(world.hugo)
    assert "Rien trouvé" in client.get("/search?q=ravalement").get_data(True)
    make_post(db, world.lea, world.projets, "Le ravalement commence lundi")
    db.commit()
    html = client.get("/search?q=ravalement").get_data(True)
    assert "<mark>ravalement</mark>" in html and "Rien trouvé" not in html


def test_search_leaves_out_spaces_i_cannot_read_and_other_firms(signed_in, world, db):
    make_post(db, world.lea, world.direction, "Budget confidentiel")
    make_post(db, world.zoe, world.elsewhere, "Budget d’une autre firme")
    html = signed_in(world.hugo).get("/search?q=budget").get_data(True)
    assert "Rien trouvé pour «\u00a0budget\u00a0»." in html


def test_more_results_come_as_a_fragment_of_list_items(signed_in, world, db):
    for number in range(25):
        make_post(db, world.lea, world.projets, f"Chantier numéro {number}")
    client = signed_in(world.hugo)
    html = client.get("/search?q=chantier").get_data(True)
    link = html.split("data-more")[1].split('href="')[1].split('"')[0].replace("&amp;", "&")
    more = client.get(link, headers=FETCH).get_data(True)
    assert more.lstrip().startswith('<li class="panel result">') and "<html" not in more
    assert more.count('class="panel result"') == 5


def test_an_empty_search_shows_just_the_field(signed_in, world):
    html = signed_in(world.hugo).get("/search?q=").get_data(True)
    assert 'id="search-q"' in html and "Rien trouvé" not in html
