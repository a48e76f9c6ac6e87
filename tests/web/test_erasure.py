"""Erasing a person leaves nothing of theirs in any table.

Philomène has a profile, posts with an edit history, comments, reactions, mentions,
notifications for and about her, settings, a feed link, X and LinkedIn accounts with
their tokens, a proposal, shares (one published), a consent, a report, an OAuth flow
in progress, audit entries, rate-limit counters and search index entries. The admin
erases her through the admin page, keeping or deleting her content; then every column
of every table of the database (the inspector's list, so SQLite's full-text index
tables too) is searched for anything that named her.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from core.rate_limits.sql import RateCounter
from core.text import fold
from server.rate_limits import check_sign_in_account
from social.models import AuditEntry, Comment, Post, User
from tests.web.conftest import form
from tests.web.erasure_world import EMAIL, HER_COMMENT, HER_EDITED_POST, build_erasure_world


@pytest.fixture
def erasure_world(db, web_app):
    return build_erasure_world(db, web_app.extensions["comptoir"].token_cipher)


def leave_counters(web_app, signed_in, world) -> None:
    """Her writes and her sign-ins counted, as they are in production."""
    answer = signed_in(world.philo).post(f"/posts/{world.hugo_post_id}/comments",
                                         data=form(body="Une dernière remarque"))
    assert answer.status_code == 303
    with web_app.test_request_context("/"):
        check_sign_in_account(EMAIL)


def counter_keys(db) -> list[str]:
    db.commit()
    return list(db.scalars(select(RateCounter.key)))


def as_text(value: Any) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", "ignore")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def leftovers(db, identifiers: dict[str, str]) -> list[str]:
    """"table.column holds what (row)" for every value that contains an identifier."""
    db.commit()
    connection = db.connection()
    wanted = {what: {value.lower(), fold(value)} for what, value in identifiers.items()}
    found = []
    for table in sorted(inspect(connection).get_table_names()):
        rows = connection.execute(text(f'SELECT * FROM "{table}"')).mappings().all()
        for row in rows:
            for column, value in row.items():
                if value is None:
                    continue
                seen = as_text(value).lower()
                seen_folded = fold(seen)
                for what, forms in wanted.items():
                    if any(form in seen or form in seen_folded for form in forms):
                        found.append(f"{table}.{column} holds her {what}: {seen[:120]!r}")
    return found


def erase(signed_in, world, content: str):
    answer = signed_in(world.firm.admin).post(
        f"/admin/people/{world.philo.user_id}/erase",
        data=form(content=content, understood="1"))
    assert answer.status_code == 303, answer.get_data(True)[:500]


@pytest.mark.parametrize("content", ["keep", "delete"])
def test_after_erasure_no_column_of_any_table_names_her(db, web_app, signed_in, erasure_world,
                                                        content):
    world = erasure_world
    leave_counters(web_app, signed_in, world)
    google_sub = db.scalar(select(User.google_sub).where(User.id == world.philo.user_id))
    identifiers = world.identifiers(google_sub)
    before = leftovers(db, identifiers)
    assert len({line.split(" ")[0] for line in before}) >= 15, before  # the world is rich
    assert any(key.startswith(f"user:{world.philo.user_id}:") for key in counter_keys(db))

    erase(signed_in, world, content)

    assert leftovers(db, identifiers) == []
    assert not any(key.startswith(f"user:{world.philo.user_id}:") for key in counter_keys(db))
    assert not any(key.startswith("email:") for key in counter_keys(db))


def test_keeping_her_content_leaves_it_under_former_member(db, signed_in, erasure_world):
    world = erasure_world
    erase(signed_in, world, "keep")

    post = db.scalar(select(Post).where(Post.id == world.her_post_id))
    assert post.author_id == world.philo.user_id and post.body_md == HER_EDITED_POST
    row = db.scalar(select(User).where(User.id == world.philo.user_id))
    assert (row.is_active, row.erased_at is not None, row.name) == (False, True, "Former member")
    hugo_post = db.scalar(select(Post).where(Post.id == world.hugo_post_id))
    assert hugo_post.body_md == f"Merci @{row.handle} pour la carte !"
    page = signed_in(world.hugo).get(f"/posts/{world.her_post_id}").get_data(True)
    assert "Ancien membre" in page and HER_EDITED_POST in page  # Hugo reads French
    assert signed_in(world.hugo).get(f"/people/{row.handle}").status_code == 404


def test_deleting_her_content_removes_her_posts_comments_and_reactions(db, signed_in,
                                                                        erasure_world):
    world = erasure_world
    erase(signed_in, world, "delete")

    assert db.scalar(select(Post).where(Post.id == world.her_post_id)) is None
    assert signed_in(world.hugo).get(f"/posts/{world.her_post_id}").status_code == 404
    answered = db.scalar(select(Comment).where(Comment.id == world.her_comment_id))
    assert answered.deleted_at is not None and answered.body_md == ""  # Hugo's reply stays
    assert HER_COMMENT not in signed_in(world.hugo).get(
        f"/posts/{world.hugo_post_id}").get_data(True)


def test_the_audit_log_records_the_erasure_by_id_only(db, signed_in, erasure_world):
    world = erasure_world
    erase(signed_in, world, "keep")
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "user.erased"))
    assert (entry.actor_id, entry.target_id) == (world.firm.admin.user_id,
                                                 str(world.philo.user_id))
    assert entry.details["content"] == "keep"
    assert "zaborowska" not in json.dumps(entry.details).lower()


def test_she_can_no_longer_sign_in_and_her_session_ends(db, signed_in, erasure_world):
    world = erasure_world
    her_browser = signed_in(world.philo)
    assert her_browser.get("/me/settings").status_code == 200
    erase(signed_in, world, "delete")
    assert her_browser.get("/me/settings").status_code == 302  # sent to sign in
