"""A post's page: body, files, reactions, threaded comments, and what author and moderators do."""

from __future__ import annotations

from sqlalchemy import select

from social.models import Post
from social.services import comments, posts
from tests.factories import drive_file, make_post, set_space_role
from tests.web.conftest import FETCH, form


def _discussion(db, world):
    return posts.get_post(db, world.lea, world.post_id).discussion_id


def test_the_page_shows_the_body_files_and_the_six_reactions(signed_in, world, db):
    post = make_post(db, world.lea, world.projets, "Le plan", files=(drive_file("f-123456789"),))
    html = signed_in(world.hugo).get(f"/posts/{post.id}").get_data(True)
    assert "Plan.pdf" in html and 'href="https://drive.google.com/file/d/f-123456789/view"' in html
    assert html.count('data-reaction="') == 6
    assert 'aria-pressed="false"' in html and 'aria-pressed="true"' not in html


def test_members_of_a_private_space_read_it_others_of_the_firm_are_forbidden(signed_in, world,
                                                                             db):
    post = make_post(db, world.lea, world.club, "Répétition")
    assert signed_in(world.lea).get(f"/posts/{post.id}").status_code == 200
    assert signed_in(world.hugo).get(f"/posts/{post.id}").status_code == 403


def test_a_secret_spaces_post_and_another_firms_post_are_not_found(signed_in, world, db):
    secret = make_post(db, world.lea, world.direction, "Budget")
    client = signed_in(world.hugo)
    assert client.get(f"/posts/{secret.id}").status_code == 404
    assert client.get(f"/posts/{world.foreign_post_id}").status_code == 404
    assert "Erreur 404" in client.get(f"/posts/{world.foreign_post_id}").get_data(True)


def test_comments_come_in_thread_order_with_indentation_capped_and_who_is_answered(signed_in,
                                                                                   world, db):
    discussion = _discussion(db, world)
    parent = comments.add_comment(db, world.hugo, discussion, "Niveau 0")
    for depth in range(1, 7):
        author = world.lea if depth % 2 else world.hugo
        parent = comments.add_comment(db, author, discussion, f"Niveau {depth}", parent.id)
    html = signed_in(world.hugo).get(f"/posts/{world.post_id}").get_data(True)
    assert [html.index(f"Niveau {depth}") for depth in range(7)] == sorted(
        html.index(f"Niveau {depth}") for depth in range(7))
    assert "depth-4" in html and "depth-5" not in html
    assert "en réponse à Hugo Bernard" in html and "en réponse à Léa Martin" in html


def test_a_deleted_comment_with_replies_stays_as_a_placeholder(signed_in, world, db):
    discussion = _discussion(db, world)
    first = comments.add_comment(db, world.hugo, discussion, "Texte retiré")
    comments.add_comment(db, world.lea, discussion, "Réponse gardée", first.id)
    comments.delete_comment(db, world.hugo, first.id)
    html = signed_in(world.lea).get(f"/posts/{world.post_id}").get_data(True)
    assert "Commentaire supprimé." in html and "Texte retiré" not in html
    assert "Réponse gardée" in html


def test_more_comments_come_as_a_fragment(signed_in, world, db):
    discussion = _discussion(db, world)
    for number in range(35):
        comments.add_comment(db, world.hugo, discussion, f"Avis {number:02d}")
    client = signed_in(world.lea)
    html = client.get(f"/posts/{world.post_id}").get_data(True)
    assert "Avis 29" in html and "Avis 30" not in html
    link = html.split("data-more")[1].split('href="')[1].split('"')[0].replace("&amp;", "&")
    more = client.get(link, headers=FETCH).get_data(True)
    assert "Avis 30" in more and "Avis 34" in more and "Avis 29" not in more
    assert "<html" not in more
    assert "Avis 34" in client.get(link).get_data(True)  # the same link without JS


def test_the_author_edits_their_post_and_the_history_keeps_the_old_text(signed_in, world, db):
    client = signed_in(world.lea)
    page = client.get(f"/posts/{world.post_id}/edit").get_data(True)
    assert "Le **CCTP** est prêt" in page
    response = client.post(f"/posts/{world.post_id}/edit", data=form(
        body="Le CCTP est validé", files="Plan https://drive.google.com/file/d/1AbCdEfGhIjK/view"))
    assert response.status_code == 303
    view = posts.get_post(db, world.lea, world.post_id)
    assert view.body_md == "Le CCTP est validé" and view.files[0].title == "Plan"
    history = client.get(f"/posts/{world.post_id}/history").get_data(True)
    assert "Le **CCTP** est prêt" in history


def test_a_refused_edit_keeps_the_new_text(signed_in, world):
    response = signed_in(world.lea).post(f"/posts/{world.post_id}/edit", data=form(
        body="Nouveau texte", files="https://example.com/doc"))
    assert response.status_code == 400
    assert "Nouveau texte</textarea>" in response.get_data(True)


def test_only_the_author_edits(signed_in, world):
    client = signed_in(world.hugo)
    assert client.get(f"/posts/{world.post_id}/edit").status_code == 403
    assert client.post(f"/posts/{world.post_id}/edit", data=form(body="Pris")).status_code == 403


def test_moderators_pin_and_feature_members_may_not(signed_in, world, db):
    assert signed_in(world.hugo).post(f"/posts/{world.post_id}/pin",
                                      data=form(pinned="1")).status_code == 403
    set_space_role(db, world.lea, world.projets, world.hugo, "moderator")
    client = signed_in(world.hugo)
    client.post(f"/posts/{world.post_id}/pin", data=form(pinned="1"))
    client.post(f"/posts/{world.post_id}/feature", data=form(featured="1"))
    view = posts.get_post(db, world.hugo, world.post_id)
    assert view.pinned and view.featured
    assert "Ne plus mettre à la une" in client.get(f"/posts/{world.post_id}").get_data(True)


def test_the_author_or_a_moderator_deletes_a_post(signed_in, world, db):
    assert signed_in(world.hugo).post(f"/posts/{world.post_id}/delete",
                                      data=form()).status_code == 403
    response = signed_in(world.lea).post(f"/posts/{world.post_id}/delete",
                                         data=form(next=f"/spaces/{world.projets}"))
    assert response.headers["Location"] == f"/spaces/{world.projets}"
    assert db.scalar(select(Post).where(Post.id == world.post_id)) is None


def test_others_may_report_the_post_and_its_comments_the_author_is_not_offered_it(signed_in,
                                                                                  world, db):
    comment = comments.add_comment(db, world.hugo, _discussion(db, world), "Mon avis")
    theirs = signed_in(world.hugo).get(f"/posts/{world.post_id}").get_data(True)
    mine = signed_in(world.lea).get(f"/posts/{world.post_id}").get_data(True)
    assert f'href="/report?post={world.post_id}"' in theirs
    assert f'href="/report?comment={comment.id}"' not in theirs  # his own comment
    assert f'href="/report?post={world.post_id}"' not in mine
    assert f'href="/report?comment={comment.id}"' in mine
