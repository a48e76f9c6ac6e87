"""@mentions link to colleagues of the same firm only; #hashtags are indexed for topic feeds."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from social.actor import Actor
from social.models import Mention, PostTag
from social.services import comments, feeds, posts
from tests.factories import (Firm, deactivate, make_firm, make_guest, make_person, make_post,
                             make_space)
from tests.social.conftest import building_session


@dataclass(frozen=True)
class Firms:
    a: Firm
    lea: Actor     # @lea.martin in firm A
    paul: Actor    # @paul.petit in firm A
    b: Firm
    zoe: Actor     # @zoe.durand in firm B only
    b_lea: Actor   # firm B has its own @lea.martin
    space_id: int  # a public space of firm A


@pytest.fixture(scope="module")
def firms(module_database) -> Firms:
    with building_session(module_database) as db:
        a = make_firm(db, "firm-a.fr", "Alice Admin")
        lea = make_person(db, a, "Léa Martin")
        paul = make_person(db, a, "Paul Petit")
        b = make_firm(db, "firm-b.fr", "Bob Boss")
        zoe = make_person(db, b, "Zoé Durand")
        b_lea = make_person(db, b, "Léa Martin")
        space_id = make_space(db, a.admin, "Général", members=(lea, paul))
        return Firms(a, lea, paul, b, zoe, b_lea, space_id)


@pytest.fixture
def db(firms, rolled_back_db):
    """The tests of this module share the two firms, built once; what each test changes is
    rolled back after it."""
    return rolled_back_db


def mentioned(db, **source) -> list[int]:
    (column, value), = source.items()
    return sorted(db.scalars(select(Mention.user_id).where(getattr(Mention, column) == value)))


def test_a_colleague_mentioned_in_a_post_is_linked_and_recorded(db, firms):
    post = make_post(db, firms.lea, firms.space_id, "Merci @paul.petit et @Alice.Admin !")

    assert '<a href="/people/paul.petit" class="mention"' in post.body_html
    assert 'href="/people/alice.admin"' in post.body_html
    assert mentioned(db, post_id=post.id) == sorted([firms.paul.user_id, firms.a.admin.user_id])


def test_a_colleague_mentioned_in_a_comment_is_linked_and_recorded(db, firms):
    post = make_post(db, firms.lea, firms.space_id, "Question")

    comment = comments.add_comment(db, firms.paul, post.discussion_id, "Voir @lea.martin")

    assert 'href="/people/lea.martin"' in comment.body_html
    assert mentioned(db, comment_id=comment.id) == [firms.lea.user_id]


def test_a_person_of_another_firm_is_never_mentioned(db, firms):
    post = make_post(db, firms.lea, firms.space_id, "Bonjour @zoe.durand")
    comment = comments.add_comment(db, firms.paul, post.discussion_id, "Et @zoe.durand ?")

    for html in (post.body_html, comment.body_html):
        assert "@zoe.durand" in html
        assert "<a" not in html and "/people/" not in html
    assert db.scalars(select(Mention)).all() == []


def test_a_handle_both_firms_use_names_the_person_of_the_authors_firm(db, firms):
    post = make_post(db, firms.paul, firms.space_id, "Merci @lea.martin")

    assert mentioned(db, post_id=post.id) == [firms.lea.user_id]
    assert firms.b_lea.user_id not in mentioned(db, post_id=post.id)


def test_a_deactivated_colleague_is_not_mentioned(db, firms):
    deactivate(db, firms.a, firms.paul)

    post = make_post(db, firms.lea, firms.space_id, "Merci @paul.petit")

    assert "/people/" not in post.body_html and "@paul.petit" in post.body_html
    assert mentioned(db, post_id=post.id) == []


def test_an_unknown_handle_or_one_in_code_stays_plain_text(db, firms):
    post = make_post(db, firms.lea, firms.space_id,
                     "Écrire à @personne, pas `@paul.petit`, ni paul@firm-a.fr")

    assert "/people/" not in post.body_html
    assert "<code>@paul.petit</code>" in post.body_html
    assert mentioned(db, post_id=post.id) == []


def test_editing_a_post_updates_who_is_mentioned(db, firms):
    post = make_post(db, firms.lea, firms.space_id, "Merci @paul.petit")

    posts.edit_post(db, firms.lea, post.id, "Merci @alice.admin")

    assert mentioned(db, post_id=post.id) == [firms.a.admin.user_id]


def tag_feed_ids(db, reader: Actor, tag: str) -> list[int]:
    return [post.id for post in feeds.tag_feed(db, reader, tag).items]


def test_hashtags_are_indexed_and_found_whatever_their_accents_and_case(db, firms):
    accented = make_post(db, firms.lea, firms.space_id, "Compte rendu de la #Réunion")
    plain = make_post(db, firms.paul, firms.space_id, "Prochaine #reunion jeudi")
    shouting = make_post(db, firms.paul, firms.space_id, "#RÉUNION annulée")
    make_post(db, firms.paul, firms.space_id, "Rien à voir #réunions")

    for asked in ("réunion", "#Réunion", "reunion", "REUNION", "#réunion"):
        assert tag_feed_ids(db, firms.lea, asked) == [shouting.id, plain.id, accented.id]
    assert 'href="/tags/reunion" class="hashtag"' in accented.body_html
    assert db.scalars(select(PostTag.label).where(PostTag.post_id == accented.id)).all() == \
        ["Réunion"]


def test_editing_a_post_reindexes_its_hashtags(db, firms):
    post = make_post(db, firms.lea, firms.space_id, "#budget 2027")

    posts.edit_post(db, firms.lea, post.id, "#planning 2027")

    assert tag_feed_ids(db, firms.lea, "budget") == []
    assert tag_feed_ids(db, firms.lea, "planning") == [post.id]


def test_the_tag_feed_only_shows_posts_of_spaces_the_reader_may_read(db, firms):
    a = firms.a
    outsider = make_person(db, a, "Noé Outsider")
    private = make_space(db, firms.lea, "Direction", visibility="private")
    secret = make_space(db, firms.lea, "Surprise", visibility="secret")
    client = make_space(db, a.admin, "Client corner")
    guest = make_guest(db, a, a.admin, client, "Gus Client")
    in_public = make_post(db, firms.paul, firms.space_id, "#réunion publique")
    in_private = make_post(db, firms.lea, private, "#réunion de direction")
    in_secret = make_post(db, firms.lea, secret, "#réunion secrète")
    with_client = make_post(db, a.admin, client, "#réunion client")
    in_b = make_post(db, firms.zoe, make_space(db, firms.b.admin, "B", members=(firms.zoe,)),
                     "#réunion chez B")

    assert tag_feed_ids(db, firms.lea, "reunion") == [with_client.id, in_secret.id,
                                                      in_private.id, in_public.id]
    assert tag_feed_ids(db, outsider, "reunion") == [with_client.id, in_public.id]
    assert tag_feed_ids(db, a.admin, "reunion") == [with_client.id, in_public.id]
    assert tag_feed_ids(db, guest, "reunion") == [with_client.id]
    assert tag_feed_ids(db, firms.zoe, "reunion") == [in_b.id]
