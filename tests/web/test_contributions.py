"""The contributors page: strong contributions and ambassadors, ranked by colleagues' answers."""

from __future__ import annotations

from social.services import comments, reactions
from tests.factories import make_post


def test_the_page_puts_forward_what_colleagues_answered(signed_in, world, db):
    quiet = make_post(db, world.hugo, world.projets, "Un message que personne ne lit")
    discussion = comments.add_comment(db, world.hugo, _discussion(db, world), "Bonne idée")
    reactions.react(db, world.hugo, _discussion(db, world), "like")
    db.commit()
    html = signed_in(world.nina).get("/contributions").get_data(True)
    assert "Le CCTP est prêt pour la #réunion de jeudi" in html
    assert "Un message que personne ne lit" not in html
    assert "1 collègue a commenté" in html and "1 collègue a réagi" in html
    ambassadors = html.split('id="ambassadors-title"')[1]
    assert "Léa Martin" in ambassadors and "Hugo Bernard" not in ambassadors
    assert quiet and discussion


def _discussion(db, world) -> int:
    from social.services.posts import get_post

    return get_post(db, world.lea, world.post_id).discussion_id


def test_nothing_yet_reads_kindly(signed_in, world, db):
    db.commit()
    html = signed_in(world.nina).get("/contributions").get_data(True)
    assert "Aucune contribution n’a encore fait réagir de collègues cette semaine." in html
