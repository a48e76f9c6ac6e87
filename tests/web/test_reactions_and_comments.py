"""Reacting and commenting: a fragment for app.js, a redirect back without JS."""

from __future__ import annotations

from sqlalchemy import select

from social.models import Comment, Reaction
from social.services import comments, posts, spaces
from tests.web.conftest import FETCH, form


def _discussion(db, world):
    return posts.get_post(db, world.lea, world.post_id).discussion_id


def test_a_reaction_answers_the_bar_with_my_reaction_pressed(signed_in, world, db):
    response = signed_in(world.hugo).post(f"/posts/{world.post_id}/reactions", headers=FETCH,
                                          data=form(reaction="heart:on"))
    html = response.get_data(True)
    assert response.status_code == 200 and html.lstrip().startswith('<div class="reactions"')
    heart = html.split('data-reaction="heart"')[0].rsplit("<button", 1)[1]
    assert 'aria-pressed="true"' in heart and 'value="heart:off"' in heart
    assert '<span class="count">1</span>' in html.split('data-reaction="heart"')[1].split("</button>")[0]


def test_without_js_a_reaction_redirects_back_to_the_page(signed_in, world, db):
    response = signed_in(world.hugo).post(f"/posts/{world.post_id}/reactions", data=form(
        reaction="idea:on", next=f"/?order=recent#post-{world.post_id}"))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/?order=recent#post-{world.post_id}"
    assert db.scalar(select(Reaction.kind)) == "idea"


def test_asking_twice_for_the_same_state_changes_nothing(signed_in, world, db):
    client = signed_in(world.hugo)
    for _ in range(2):
        client.post(f"/posts/{world.post_id}/reactions", data=form(reaction="like:on"))
    assert len(db.scalars(select(Reaction)).all()) == 1
    for _ in range(2):
        client.post(f"/posts/{world.post_id}/reactions", data=form(reaction="like:off"))
    assert db.scalars(select(Reaction)).all() == []


def test_an_unknown_reaction_or_a_redirect_off_the_site_is_refused(signed_in, world, db):
    client = signed_in(world.hugo)
    assert client.post(f"/posts/{world.post_id}/reactions",
                       data=form(reaction="angry:on")).status_code == 400
    assert client.post(f"/posts/{world.post_id}/reactions",
                       data=form(reaction="like")).status_code == 400
    response = client.post(f"/posts/{world.post_id}/reactions",
                           data=form(reaction="like:on", next="https://evil.example/"))
    assert response.headers["Location"] == "/"


def test_reacting_in_another_firm_or_a_private_space_is_refused(signed_in, world):
    client = signed_in(world.hugo)
    assert client.post(f"/posts/{world.foreign_post_id}/reactions",
                       data=form(reaction="like:on")).status_code == 404


def test_a_comment_answers_the_new_comment_and_a_fresh_form(signed_in, world, db):
    response = signed_in(world.hugo).post(f"/posts/{world.post_id}/comments", headers=FETCH,
                                          data=form(body="Je relis **ce soir**"))
    html = response.get_data(True)
    assert response.status_code == 200 and html.lstrip().startswith('<div class="commented">')
    assert "Je relis <strong>ce soir</strong>" in html
    assert 'class="comment-new" data-fragment' in html and "></textarea>" in html


def test_without_js_a_comment_redirects_to_it(signed_in, world, db):
    response = signed_in(world.hugo).post(f"/posts/{world.post_id}/comments",
                                          data=form(body="Vu"))
    comment_id = db.scalar(select(Comment.id))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/posts/{world.post_id}#comment-{comment_id}"


def test_a_reply_answers_under_its_parent_with_the_reply_form_again(signed_in, world, db):
    parent = comments.add_comment(db, world.lea, _discussion(db, world), "Des avis ?")
    response = signed_in(world.hugo).post(f"/posts/{world.post_id}/comments", headers=FETCH,
                                          data=form(body="Oui, deux", parent_id=parent.id))
    html = response.get_data(True)
    assert html.lstrip().startswith('<div class="replied">') and "Oui, deux" in html
    assert f'name="parent_id" value="{parent.id}"' in html
    assert db.scalar(select(Comment.parent_id).where(Comment.id != parent.id)) == parent.id


def test_an_empty_comment_comes_back_in_place_with_the_reason(signed_in, world):
    client = signed_in(world.hugo)
    fragment = client.post(f"/posts/{world.post_id}/comments", headers=FETCH,
                           data=form(body="  "))
    assert fragment.status_code == 200
    assert "Écrivez d’abord quelque chose." in fragment.get_data(True)
    page = client.post(f"/posts/{world.post_id}/comments", data=form(body=" " * 2))
    assert page.status_code == 400 and "<html" in page.get_data(True)
    assert "Écrivez d’abord quelque chose." in page.get_data(True)


def test_a_too_long_reply_without_js_reopens_its_form_with_the_text(signed_in, world, db):
    parent = comments.add_comment(db, world.lea, _discussion(db, world), "Des avis ?")
    long_text = "mot " * 1300
    page = signed_in(world.hugo).post(f"/posts/{world.post_id}/comments",
                                      data=form(body=long_text, parent_id=parent.id))
    html = page.get_data(True)
    assert page.status_code == 400 and "Ce texte est trop long" in html
    assert '<details class="reply" open>' in html and long_text.strip() in html


def test_editing_my_comment_answers_it_changed(signed_in, world, db):
    mine = comments.add_comment(db, world.hugo, _discussion(db, world), "Premier jet")
    client = signed_in(world.hugo)
    fragment = client.post(f"/comments/{mine.id}/edit", headers=FETCH,
                           data=form(body="Version relue", post_id=world.post_id))
    assert "Version relue" in fragment.get_data(True)
    refused = client.post(f"/comments/{mine.id}/edit",
                          data=form(body="", post_id=world.post_id))
    assert refused.status_code == 400 and "Écrivez d’abord" in refused.get_data(True)


def test_someone_elses_comment_cannot_be_edited_or_deleted_by_a_member(signed_in, world, db):
    theirs = comments.add_comment(db, world.lea, _discussion(db, world), "À moi")
    client = signed_in(world.hugo)
    assert client.post(f"/comments/{theirs.id}/edit", data=form(body="Pris")).status_code == 403
    assert client.post(f"/comments/{theirs.id}/delete", data=form()).status_code == 403


def test_deleting_my_comment_answers_a_placeholder_or_redirects(signed_in, world, db):
    first = comments.add_comment(db, world.hugo, _discussion(db, world), "Un")
    second = comments.add_comment(db, world.hugo, _discussion(db, world), "Deux")
    client = signed_in(world.hugo)
    fragment = client.post(f"/comments/{first.id}/delete", headers=FETCH, data=form(depth="0"))
    assert "Commentaire supprimé." in fragment.get_data(True)
    page = client.post(f"/comments/{second.id}/delete",
                       data=form(next=f"/posts/{world.post_id}#comments"))
    assert page.headers["Location"] == f"/posts/{world.post_id}#comments"
    assert db.scalars(select(Comment)).all() == []


def test_an_archived_space_is_read_but_not_commented(signed_in, world, db):
    spaces.set_space_archived(db, world.lea, world.projets, True)
    client = signed_in(world.hugo)
    html = client.get(f"/posts/{world.post_id}").get_data(True)
    assert "archivé" in html and 'class="comment-new"' not in html
    assert client.post(f"/posts/{world.post_id}/comments",
                       data=form(body="Trop tard")).status_code == 403
