"""The home feed: ranked by default, newest first on request, with the composer and aside."""

from __future__ import annotations

from social.services import comments, posts, reactions
from tests.factories import make_post
from tests.web.conftest import FETCH


def test_the_feed_shows_my_spaces_posts_with_the_composer_and_my_spaces(signed_in, world):
    page = signed_in(world.hugo).get("/")
    html = page.get_data(True)
    assert page.status_code == 200
    assert "Le <strong>CCTP</strong> est prêt" in html
    assert 'action="/compose"' in html and 'name="space_id"' in html
    assert 'href="/spaces/%d"' % world.projets in html
    assert "Club théâtre" not in html  # not one of Hugo's spaces


def test_a_colleagues_new_post_shows_at_once_on_a_home_seen_a_moment_ago(signed_in, world, db):
    """The home's screen is kept for the person while nothing changes in the firm."""
    client = signed_in(world.hugo)
    assert "Plan de la salle B" not in client.get("/").get_data(True)
    make_post(db, world.lea, world.projets, "Plan de la salle B")
    assert "Plan de la salle B" in client.get("/").get_data(True)


def test_the_feed_is_ranked_by_default_and_a_tab_switches_to_newest_first(signed_in, world, db):
    quiet = make_post(db, world.lea, world.projets, "Un message que personne ne lit")
    comments.add_comment(db, world.hugo, posts.get_post(db, world.hugo, world.post_id)
                         .discussion_id, "Je relis ce soir")
    client = signed_in(world.hugo)
    ranked = client.get("/").get_data(True)
    recent = client.get("/?order=recent").get_data(True)
    assert ranked.index("CCTP") < ranked.index("personne ne lit")
    assert recent.index("personne ne lit") < recent.index("CCTP")
    assert 'href="/?order=recent" aria-current="page"' in recent
    assert quiet.id


def test_featured_and_pinned_posts_come_first(signed_in, world, db):
    older = make_post(db, world.lea, world.projets, "Annonce importante")
    make_post(db, world.lea, world.projets, "Nouvelle plus récente")
    posts.set_featured(db, world.lea, older.id, True)
    html = signed_in(world.hugo).get("/").get_data(True)
    assert html.index("Annonce importante") < html.index("Nouvelle plus récente")
    assert "post-featured" in html


def test_the_aside_lists_the_weeks_strongest_contributions(signed_in, world, db):
    discussion = posts.get_post(db, world.lea, world.post_id).discussion_id
    reactions.react(db, world.hugo, discussion, "heart")
    html = signed_in(world.lea).get("/").get_data(True)
    aside = html[html.index('id="strongest"'):]
    assert 'href="/posts/%d"' % world.post_id in aside


def test_older_posts_come_as_a_fragment_for_scripts_and_as_a_page_otherwise(signed_in, world, db):
    for number in range(20):
        make_post(db, world.lea, world.projets, f"Message numéro {number}")
    client = signed_in(world.hugo)
    first = client.get("/?order=recent").get_data(True)
    assert "Message numéro 19" in first and "data-more" in first
    older = first.split('data-more')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    fragment = client.get(older, headers=FETCH)
    page = client.get(older)
    assert fragment.get_data(True).lstrip().startswith('<div class="batch">')
    assert "CCTP" in fragment.get_data(True) and "<html" not in fragment.get_data(True)
    assert "<html" in page.get_data(True) and "CCTP" in page.get_data(True)
    assert "X-Requested-With" in fragment.headers["Vary"]


def test_someone_signed_out_is_sent_to_sign_in(web, world):
    assert web.get("/").headers["Location"].startswith("/sign-in")


def test_a_person_without_spaces_is_told_how_to_start(signed_in, world):
    html = signed_in(world.nina).get("/").get_data(True)
    assert "Rien pour l’instant\u00a0: rejoignez un espace" in html
    assert 'action="/compose"' not in html
