"""Posts: edits keep history, who deletes what (and the audit of it), pinning and featuring."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from social.actor import Actor
from social.errors import Forbidden, InvalidInput
from social.models import (AuditEntry, Comment, Discussion, Mention, Post, PostRevision,
                           PostTag, Reaction)
from social.services import comments, feeds, posts, reactions
from tests.factories import (drive_file, make_firm, make_person, make_post, make_space,
                             set_space_role)
from tests.social.conftest import building_session


@dataclass(frozen=True)
class Team:
    admin: Actor
    owner: Actor
    moderator: Actor
    lea: Actor
    paul: Actor
    space_id: int


@pytest.fixture(scope="module")
def team(module_database) -> Team:
    with building_session(module_database) as db:
        firm = make_firm(db)
        owner = make_person(db, firm, "Olivia Owner")
        moderator = make_person(db, firm, "Marc Moderator")
        lea = make_person(db, firm, "Léa Martin")
        paul = make_person(db, firm, "Paul Petit")
        space_id = make_space(db, owner, "Général", members=(moderator, lea, paul))
        set_space_role(db, owner, space_id, moderator, "moderator")
        return Team(firm.admin, owner, moderator, lea, paul, space_id)


@pytest.fixture
def db(team, rolled_back_db):
    """The tests of this module share one team, built once; what each test changes is
    rolled back after it."""
    return rolled_back_db


def audit_actions(db, target_type: str = "post") -> list[tuple[str, int | None, str]]:
    return [(entry.action, entry.actor_id, entry.target_id)
            for entry in db.scalars(select(AuditEntry).where(AuditEntry.target_type == target_type)
                                    .order_by(AuditEntry.id))]


def test_each_edit_keeps_the_previous_text_newest_first(db, team):
    post = make_post(db, team.lea, team.space_id, "Brouillon")
    posts.edit_post(db, team.lea, post.id, "Deuxième version")
    edited = posts.edit_post(db, team.lea, post.id, "Version finale")

    history = posts.post_history(db, team.paul, post.id)

    assert edited.body_md == "Version finale" and edited.edited_at is not None
    assert posts.get_post(db, team.paul, post.id).body_md == "Version finale"
    assert [revision.body_md for revision in history] == ["Deuxième version", "Brouillon"]
    assert history[1].written_at == post.created_at
    assert history[0].written_at == history[1].replaced_at
    assert history[0].replaced_at == edited.edited_at


def test_saving_a_post_unchanged_adds_no_revision(db, team):
    post = make_post(db, team.lea, team.space_id, "Texte")

    same = posts.edit_post(db, team.lea, post.id, "Texte")

    assert posts.post_history(db, team.lea, post.id) == []
    assert same.edited_at is None


def test_editing_the_files_of_a_post_replaces_them_in_order(db, team):
    post = make_post(db, team.lea, team.space_id, "Les plans", (drive_file("a", "A.pdf"),))

    edited = posts.edit_post(db, team.lea, post.id, "Les plans",
                             [drive_file("b", "B.pdf"), drive_file("c", "C.pdf")])

    assert [f.title for f in edited.files] == ["B.pdf", "C.pdf"]
    assert edited.edited_at is not None


@pytest.mark.parametrize("editor", ["paul", "moderator", "owner", "admin"])
def test_only_the_author_edits_a_post(db, team, editor):
    post = make_post(db, team.lea, team.space_id, "Mon texte")

    with pytest.raises(Forbidden):
        posts.edit_post(db, getattr(team, editor), post.id, "Plus le sien")

    assert posts.get_post(db, team.lea, post.id).body_md == "Mon texte"
    assert posts.post_history(db, team.lea, post.id) == []


@pytest.mark.parametrize("body", ["", "  \n ", None, "x" * (posts.POST_LIMIT + 1)])
def test_an_empty_or_oversized_post_is_refused(db, team, body):
    with pytest.raises(InvalidInput):
        posts.create_post(db, team.lea, team.space_id, body)
    assert feeds.space_feed(db, team.lea, team.space_id).items == []


def test_a_post_holds_at_most_twenty_files(db, team):
    many = [drive_file(f"f{n}", f"F{n}.pdf") for n in range(posts.MAX_FILES + 1)]

    with pytest.raises(InvalidInput):
        posts.create_post(db, team.lea, team.space_id, "Trop de fichiers", many)
    assert feeds.space_feed(db, team.lea, team.space_id).items == []


def test_an_author_deletes_their_own_post_with_its_thread_and_no_audit_entry(db, team):
    post = make_post(db, team.lea, team.space_id, "À supprimer #tag @paul.petit")
    comment = comments.add_comment(db, team.paul, post.discussion_id, "Réponse")
    reactions.react(db, team.paul, post.discussion_id)
    posts.edit_post(db, team.lea, post.id, "À supprimer vraiment #tag @paul.petit")

    posts.delete_post(db, team.lea, post.id)

    def left(column, value) -> int:
        return db.scalar(select(func.count()).where(column == value))

    assert feeds.space_feed(db, team.paul, team.space_id).items == []
    assert left(Post.id, post.id) == left(Discussion.id, post.discussion_id) == 0
    assert left(Comment.id, comment.id) == left(Reaction.discussion_id, post.discussion_id) == 0
    assert left(PostRevision.post_id, post.id) == left(PostTag.post_id, post.id) == 0
    assert left(Mention.post_id, post.id) == 0
    assert [action for action, _, _ in audit_actions(db)
            if action == "post.deleted_by_moderator"] == []


@pytest.mark.parametrize("deleter", ["moderator", "owner", "admin"])
def test_moderators_and_admins_delete_others_posts_and_that_is_audited(db, team, deleter):
    post = make_post(db, team.lea, team.space_id, "Hors charte")
    actor = getattr(team, deleter)

    posts.delete_post(db, actor, post.id)

    assert feeds.space_feed(db, team.lea, team.space_id).items == []
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "post.deleted_by_moderator"))
    assert (entry.actor_id, entry.target_type, entry.target_id) == (actor.user_id, "post",
                                                                     str(post.id))
    assert entry.details == {"space_id": team.space_id, "author_id": team.lea.user_id}
    assert entry.tenant_id == team.lea.tenant_id


def test_a_member_cannot_delete_a_colleagues_post(db, team):
    post = make_post(db, team.lea, team.space_id, "Le mien")

    with pytest.raises(Forbidden):
        posts.delete_post(db, team.paul, post.id)

    assert [p.id for p in feeds.space_feed(db, team.paul, team.space_id).items] == [post.id]
    assert db.scalar(select(AuditEntry.id).where(
        AuditEntry.action == "post.deleted_by_moderator")) is None


@pytest.mark.parametrize("who", ["moderator", "owner", "admin"])
def test_moderators_and_admins_pin_and_feature_posts(db, team, who):
    actor = getattr(team, who)
    post = make_post(db, team.lea, team.space_id, "Le planning de l'été")
    other = make_post(db, team.lea, team.space_id, "Autre chose")

    pinned = posts.set_pinned(db, actor, post.id, True)
    featured = posts.set_featured(db, actor, post.id, True)

    assert pinned.pinned and featured.featured
    assert [p.id for p in feeds.pinned_posts(db, team.paul, team.space_id)] == [post.id]
    assert db.get(Post, post.id).featured_by_id == actor.user_id
    assert not posts.get_post(db, team.paul, other.id).featured
    assert [(a, by) for a, by, target in audit_actions(db) if target == str(post.id)] == [
        ("post.pinned", actor.user_id), ("post.featured", actor.user_id)]

    unpinned = posts.set_pinned(db, actor, post.id, False)
    unfeatured = posts.set_featured(db, actor, post.id, False)

    assert not unpinned.pinned and not unfeatured.featured
    assert feeds.pinned_posts(db, team.paul, team.space_id) == []
    assert db.get(Post, post.id).featured_by_id is None


@pytest.mark.parametrize("who", ["lea", "paul"])
def test_members_even_the_author_cannot_pin_or_feature(db, team, who):
    post = make_post(db, team.lea, team.space_id, "Mon annonce")

    with pytest.raises(Forbidden):
        posts.set_pinned(db, getattr(team, who), post.id, True)
    with pytest.raises(Forbidden):
        posts.set_featured(db, getattr(team, who), post.id, True)

    view = posts.get_post(db, team.lea, post.id)
    assert not view.pinned and not view.featured


def test_an_admin_cannot_pin_in_a_private_space_they_do_not_belong_to(db, team):
    private = make_space(db, team.owner, "Bureau", visibility="private", members=(team.lea,))
    post = make_post(db, team.lea, private, "Entre nous")

    with pytest.raises(Forbidden):
        posts.set_pinned(db, team.admin, post.id, True)
    with pytest.raises(Forbidden):
        posts.delete_post(db, team.admin, post.id)

    assert feeds.pinned_posts(db, team.lea, private) == []
