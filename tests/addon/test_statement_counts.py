"""Every add-on request the benchmark makes costs at most ten SQL statements, whatever the
data: a firm with many posts, and a Drive file with 300 comments.

Statements are counted (an SQLAlchemy `before_cursor_execute` listener), never timed.
SAVEPOINTs count: each is a round trip. BEGIN does not (PostgreSQL's is implicit in
the driver).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from addon import endpoints
from social.models import Comment, DriveFile
from social.models.discussions import PATH_DIGITS
from social.services import files, posts, reactions
from social.views import FileRef
from tests.addon.conftest import HUGO, LEA
from tests.addon.helpers import actor_of, space_with_members
from tests.conftest import StatementCounter, counting_statements

MAX_STATEMENTS = 10
SPACES = 3
POSTS_PER_SPACE = 25
FILE_COMMENTS = 300
BUSY_FILE = FileRef(google_id="1AbCdEfGhIjKlMnOpQrStUvWxYz012345",
                    title="Plan commercial T3.pdf", mime_type="application/pdf")


@pytest.fixture
def counted(addon):
    engine = addon.http.application.extensions["comptoir"].database.engine
    return lambda: counting_statements(engine, savepoints=True)


@pytest.fixture
def busy_firm(addon) -> dict:
    """Léa and Hugo share three spaces full of Hugo's posts, each with a like and a
    comment; the file Léa has open in Drive carries 300 comments."""
    addon.card(endpoints.HOMEPAGE, LEA)
    addon.card(endpoints.HOMEPAGE, HUGO)
    database = addon.http.application.extensions["comptoir"].database
    space_ids = [space_with_members(addon, LEA, f"Espace {n}", [HUGO]) for n in range(SPACES)]
    lea, hugo = actor_of(database, LEA), actor_of(database, HUGO)
    post_ids = []
    with database.system_session() as db:
        for n in range(SPACES * POSTS_PER_SPACE):
            post = posts.create_post(db, hugo, space_ids[n % SPACES],
                                     f"Point n°{n} : **avancement** du projet #suivi",
                                     [BUSY_FILE] if n % 10 == 0 else ())
            reactions.react(db, lea, post.discussion_id)
            post_ids.append(post.id)
        files.comment_on_file(db, lea, BUSY_FILE, "Premier avis")
        record = db.scalar(select(DriveFile).where(DriveFile.google_id == BUSY_FILE.google_id))
        for n in range(FILE_COMMENTS - 1):
            comment = Comment(tenant_id=lea.tenant_id, discussion_id=record.discussion_id,
                              author_id=(lea, hugo)[n % 2].user_id, body_md=f"Avis {n}",
                              body_html=f"<p>Avis {n}</p>")
            db.add(comment)
            db.flush()
            comment.path = f"{comment.id:0{PATH_DIGITS}d}"
        db.commit()
    return {"space_ids": space_ids, "post_ids": post_ids}


def _sent(addon, counted, path: str, name: str = "homepage-drive.json",
          **kwargs) -> StatementCounter:
    with counted() as statements:
        addon.card(path, LEA, name, **kwargs)
    return statements


def test_the_homepage_costs_at_most_ten_statements(addon, busy_firm, counted):
    statements = _sent(addon, counted, endpoints.HOMEPAGE)
    assert statements.count <= MAX_STATEMENTS, str(statements)


def test_the_card_of_a_file_with_300_comments_costs_at_most_ten_statements(
        addon, busy_firm, counted):
    statements = _sent(addon, counted, endpoints.DRIVE_ITEMS_SELECTED,
                       "drive-items-selected.json")
    assert statements.count <= MAX_STATEMENTS, str(statements)


def test_opening_a_post_costs_at_most_ten_statements(addon, busy_firm, counted):
    statements = _sent(addon, counted, endpoints.POST_OPEN,
                       parameters={"postId": str(busy_firm["post_ids"][-1])})
    assert statements.count <= MAX_STATEMENTS, str(statements)


@pytest.mark.parametrize("path", [endpoints.POST_LIKE, endpoints.POST_UNLIKE,
                                  endpoints.POST_LIKE])
def test_liking_and_unliking_cost_at_most_ten_statements(addon, busy_firm, counted, path):
    # The first like of Hugo's post creates his grouped notification; later ones add to it.
    target = {"postId": str(busy_firm["post_ids"][-1])}
    addon.card(endpoints.POST_LIKE, HUGO, parameters={"postId": str(busy_firm["post_ids"][0])})
    statements = _sent(addon, counted, path, parameters=target)
    assert statements.count <= MAX_STATEMENTS, str(statements)


def test_liking_a_post_someone_else_liked_first_costs_at_most_ten_statements(
        addon, busy_firm, counted):
    target = {"postId": str(busy_firm["post_ids"][5])}
    addon.card(endpoints.POST_UNLIKE, LEA, parameters=target)
    addon.card(endpoints.POST_LIKE, HUGO, parameters=target)  # Hugo's own post: nobody told
    statements = _sent(addon, counted, endpoints.POST_LIKE, parameters=target)
    assert statements.count <= MAX_STATEMENTS, str(statements)


def test_commenting_costs_at_most_eleven_statements_with_counters_in_the_database(
        addon, busy_firm, counted):
    """Ten, plus raising the firm's content version (core/content_versions.py), which the
    rate-limit counter's upsert pushes past ten when the counters live in the database
    rather than in Redis."""
    statements = _sent(addon, counted, endpoints.POST_COMMENT,
                       parameters={"postId": str(busy_firm["post_ids"][-1])},
                       form={"comment": "Merci pour ce point, on en reparle !"})
    assert statements.count <= MAX_STATEMENTS + 1, str(statements)
    assert sum("rate_limit_counters" in seen for seen in statements.statements) == 1
    assert sum(seen.startswith("UPDATE tenants SET content_version") for seen in
               statements.statements) == 1


def test_posting_into_a_space_costs_at_most_ten_statements(addon, busy_firm, counted):
    statements = _sent(addon, counted, endpoints.PUBLISH,
                       form={"space": str(busy_firm["space_ids"][0]),
                             "body": "Nouveau point d’étape #suivi"})
    assert statements.count <= MAX_STATEMENTS, str(statements)
