"""Threaded comments: nesting, reading order, deletion placeholders, history, paging."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from social.actor import Actor
from social.errors import Forbidden, InvalidInput, NotFound
from social.models import AuditEntry, Comment, Mention
from social.services import comments, posts
from social.services.comments import MAX_NESTING
from tests.factories import make_firm, make_person, make_post, make_space, set_space_role
from tests.social.conftest import building_session


@dataclass(frozen=True)
class Thread:
    owner: Actor
    moderator: Actor
    lea: Actor
    paul: Actor
    discussion_id: int
    post_id: int


@pytest.fixture(scope="module")
def thread(module_database) -> Thread:
    with building_session(module_database) as db:
        firm = make_firm(db)
        owner = make_person(db, firm, "Olivia Owner")
        moderator = make_person(db, firm, "Marc Moderator")
        lea = make_person(db, firm, "Léa Martin")
        paul = make_person(db, firm, "Paul Petit")
        space_id = make_space(db, owner, "Général", members=(moderator, lea, paul))
        set_space_role(db, owner, space_id, moderator, "moderator")
        post = make_post(db, owner, space_id, "Que pensez-vous du nouveau planning ?")
        return Thread(owner, moderator, lea, paul, post.discussion_id, post.id)


@pytest.fixture
def db(thread, rolled_back_db):
    """The tests of this module share one thread, built once; what each test changes is
    rolled back after it."""
    return rolled_back_db


def say(db, thread: Thread, author: Actor, body: str, parent: int | None = None) -> int:
    return comments.add_comment(db, author, thread.discussion_id, body, parent).id


def read(db, thread: Thread, reader: Actor | None = None, **paging):
    return comments.list_comments(db, reader or thread.lea, thread.discussion_id,
                                  limit=paging.pop("limit", 100), **paging).items


def test_replies_nest_to_depth_five_and_read_depth_first_oldest_sibling_first(db, thread):
    first = say(db, thread, thread.lea, "Level 0")
    chain = [first]
    for depth in range(1, 6):
        chain.append(say(db, thread, thread.paul if depth % 2 else thread.lea,
                         f"Level {depth}", chain[-1]))
    later_reply_to_first = say(db, thread, thread.owner, "Another answer to level 0", first)
    second = say(db, thread, thread.paul, "A second topic")

    shown = read(db, thread)

    assert [c.id for c in shown] == [*chain, later_reply_to_first, second]
    assert [c.depth for c in shown] == [0, 1, 2, 3, 4, 5, 1, 0]
    assert [c.parent_id for c in shown] == [None, *chain[:5], first, None]
    assert [c.body_md for c in shown[:6]] == [f"Level {d}" for d in range(6)]


def test_a_reply_must_answer_a_comment_of_the_same_discussion(db, thread):
    other_post = make_post(db, thread.owner, posts.get_post(db, thread.owner,
                                                            thread.post_id).space.id)
    elsewhere = comments.add_comment(db, thread.lea, other_post.discussion_id, "Elsewhere")

    with pytest.raises(NotFound):
        say(db, thread, thread.paul, "Answer", elsewhere.id)
    with pytest.raises(NotFound):
        say(db, thread, thread.paul, "Answer", elsewhere.id + 1000)


def test_deleting_a_comment_with_replies_leaves_a_placeholder_above_them(db, thread):
    root = say(db, thread, thread.lea, "Je propose @paul.petit pour animer")
    reply = say(db, thread, thread.paul, "Pourquoi pas", root)
    comments.edit_comment(db, thread.lea, root, "Je propose @paul.petit pour animer, ok ?")

    comments.delete_comment(db, thread.lea, root)

    placeholder, kept = read(db, thread)
    assert (placeholder.id, placeholder.deleted, placeholder.author) == (root, True, None)
    assert (placeholder.body_md, placeholder.body_html) == ("", "")
    assert (kept.id, kept.parent_id, kept.deleted, kept.body_md) == (reply, root, False,
                                                                      "Pourquoi pas")
    stored = db.get(Comment, root)
    assert (stored.body_md, stored.body_html) == ("", "")  # the text is erased, not hidden
    assert comments.comment_history(db, thread.lea, root) == []  # and so are earlier ones
    assert db.scalars(select(Mention).where(Mention.comment_id == root)).all() == []
    assert posts.get_post(db, thread.lea, thread.post_id).comment_count == 1


def test_a_deleted_comment_cannot_be_answered_nor_edited(db, thread):
    root = say(db, thread, thread.lea, "Question")
    say(db, thread, thread.paul, "Answer", root)
    comments.delete_comment(db, thread.lea, root)

    with pytest.raises(InvalidInput):
        say(db, thread, thread.paul, "Another answer", root)
    with pytest.raises(Forbidden):
        comments.edit_comment(db, thread.lea, root, "Back again")


def test_deleting_a_comment_without_replies_removes_it(db, thread):
    root = say(db, thread, thread.lea, "Question")
    leaf = say(db, thread, thread.paul, "Answer", root)

    comments.delete_comment(db, thread.paul, leaf)

    assert [(c.id, c.deleted) for c in read(db, thread)] == [(root, False)]
    assert db.get(Comment, leaf) is None


def test_deleting_the_last_reply_under_placeholders_prunes_them_all(db, thread):
    root = say(db, thread, thread.lea, "Level 0")
    middle = say(db, thread, thread.paul, "Level 1", root)
    leaf = say(db, thread, thread.lea, "Level 2", middle)
    sibling = say(db, thread, thread.owner, "Another level 0")
    comments.delete_comment(db, thread.lea, root)
    comments.delete_comment(db, thread.paul, middle)
    assert [(c.id, c.deleted) for c in read(db, thread)] == [
        (root, True), (middle, True), (leaf, False), (sibling, False)]

    comments.delete_comment(db, thread.lea, leaf)

    assert [c.id for c in read(db, thread)] == [sibling]
    assert db.scalars(select(Comment.id).where(Comment.id.in_([root, middle, leaf]))).all() \
        == []


def test_a_placeholder_stays_while_another_reply_remains(db, thread):
    root = say(db, thread, thread.lea, "Level 0")
    first = say(db, thread, thread.paul, "First answer", root)
    second = say(db, thread, thread.owner, "Second answer", root)
    comments.delete_comment(db, thread.lea, root)

    comments.delete_comment(db, thread.paul, first)

    assert [(c.id, c.deleted) for c in read(db, thread)] == [(root, True), (second, False)]


def test_replies_past_the_deepest_level_sit_at_that_level_after_their_parent(db, thread):
    chain = [say(db, thread, thread.lea, "depth 0")]
    for depth in range(1, MAX_NESTING):
        chain.append(say(db, thread, thread.lea, f"depth {depth}", chain[-1]))
    deepest = chain[-1]

    answer = comments.add_comment(db, thread.paul, thread.discussion_id, "deeper", deepest)
    answer_to_answer = comments.add_comment(db, thread.lea, thread.discussion_id, "deeper still",
                                            answer.id)

    shown = read(db, thread, limit=100)
    assert [c.id for c in shown] == [*chain, answer.id, answer_to_answer.id]
    assert shown[MAX_NESTING - 1].depth == MAX_NESTING - 1
    assert (answer.depth, answer.parent_id) == (MAX_NESTING - 1, deepest)
    assert (answer_to_answer.depth, answer_to_answer.parent_id) == (MAX_NESTING - 1, answer.id)


def test_walking_a_thread_page_by_page_keeps_the_reading_order(db, thread):
    roots = [say(db, thread, thread.lea, f"Topic {n}") for n in range(4)]
    for n, root in enumerate(roots):
        reply = say(db, thread, thread.paul, f"Reply to {n}", root)
        say(db, thread, thread.owner, f"Reply to the reply to {n}", reply)
    say(db, thread, thread.lea, "Late reply to topic 0", roots[0])
    everything = [c.id for c in read(db, thread)]

    walked, cursor, pages = [], None, 0
    while True:
        page = comments.list_comments(db, thread.paul, thread.discussion_id, cursor=cursor,
                                      limit=4)
        walked.extend(c.id for c in page.items)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break

    assert len(everything) == 13
    assert walked == everything
    assert pages == 4


def test_only_the_author_edits_a_comment_and_each_edit_keeps_the_previous_text(db, thread):
    comment = comments.add_comment(db, thread.lea, thread.discussion_id, "Premier jet")
    comments.edit_comment(db, thread.lea, comment.id, "Deuxième jet")
    edited = comments.edit_comment(db, thread.lea, comment.id, "Version finale")

    for other in (thread.paul, thread.moderator, thread.owner):
        with pytest.raises(Forbidden):
            comments.edit_comment(db, other, comment.id, "Not mine")

    history = comments.comment_history(db, thread.paul, comment.id)
    assert edited.body_md == "Version finale" and edited.edited_at is not None
    assert [revision.body_md for revision in history] == ["Deuxième jet", "Premier jet"]
    assert history[1].written_at == comment.created_at
    assert history[0].written_at == history[1].replaced_at
    assert read(db, thread)[0].body_md == "Version finale"


def test_saving_a_comment_unchanged_adds_no_revision(db, thread):
    comment = comments.add_comment(db, thread.lea, thread.discussion_id, "Same")

    comments.edit_comment(db, thread.lea, comment.id, "Same")

    assert comments.comment_history(db, thread.lea, comment.id) == []


def test_a_moderator_deletes_anyones_comment_and_that_is_audited(db, thread):
    comment = say(db, thread, thread.lea, "Hors sujet")

    comments.delete_comment(db, thread.moderator, comment)

    assert read(db, thread) == []
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action ==
                                               "comment.deleted_by_moderator"))
    assert (entry.actor_id, entry.target_id) == (thread.moderator.user_id, str(comment))
    assert entry.details["author_id"] == thread.lea.user_id


def test_a_member_cannot_delete_someone_elses_comment(db, thread):
    comment = say(db, thread, thread.lea, "Mine")

    with pytest.raises(Forbidden):
        comments.delete_comment(db, thread.paul, comment)

    assert [c.id for c in read(db, thread)] == [comment]


def test_an_author_deletes_their_own_comment_without_an_audit_entry(db, thread):
    comment = say(db, thread, thread.paul, "Oops")

    comments.delete_comment(db, thread.paul, comment)

    assert read(db, thread) == []
    assert db.scalar(select(AuditEntry.id).where(
        AuditEntry.action == "comment.deleted_by_moderator")) is None


@pytest.mark.parametrize("body", ["", "   \n\t ", None, 42, "x" * (comments.COMMENT_LIMIT + 1)])
def test_an_empty_or_oversized_comment_is_refused(db, thread, body):
    with pytest.raises(InvalidInput):
        comments.add_comment(db, thread.lea, thread.discussion_id, body)
    assert read(db, thread) == []
