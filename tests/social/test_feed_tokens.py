"""Feed tokens: private, revocable keys that let a feed reader read someone's feeds."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.clock import utcnow
from social.errors import Conflict, Forbidden, InvalidInput, NotFound
from social.models import AuditEntry, FeedToken
from social.services.feed_tokens import (MAX_ACTIVE_TOKENS, create_feed_token,
                                         list_feed_tokens, resolve_feed_token,
                                         revoke_feed_token)
from tests.factories import deactivate, make_firm, make_person


@pytest.fixture
def firm(db):
    return make_firm(db)


@pytest.fixture
def lea(db, firm):
    return make_person(db, firm, "Léa Martin")


def test_a_new_token_is_shown_once_and_only_its_sha256_is_kept(db, lea):
    token, view = create_feed_token(db, lea, "Mon lecteur RSS")
    assert view.label == "Mon lecteur RSS" and view.active and view.last_used_at is None
    row = db.scalar(select(FeedToken).where(FeedToken.id == view.id))
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(value) for value in (row.token_hash, row.label, row.created_at)]
    assert not any(token in value or token.split(".")[1] in value for value in stored)
    assert len(token) > 40


def test_each_token_is_different(db, lea):
    tokens = {create_feed_token(db, lea, "")[0] for _ in range(5)}
    assert len(tokens) == 5


def test_a_token_opens_its_owners_feeds_as_they_are_now(db, lea):
    token, _ = create_feed_token(db, lea, "Thunderbird")
    assert resolve_feed_token(db, token) == lea


@pytest.mark.parametrize("token", ["", "nope", "1.short", "x" * 200, "1." + "A" * 43,
                                   "../../etc/passwd", None, 12])
def test_an_unknown_or_malformed_token_opens_nothing(db, lea, token):
    create_feed_token(db, lea, "")
    assert resolve_feed_token(db, token) is None


def test_a_token_with_another_firms_prefix_opens_nothing(db, firm, lea):
    other = make_firm(db, "firm-b.fr", "Bruno Boss")
    token, _ = create_feed_token(db, lea, "")
    _, secret = token.split(".")
    assert resolve_feed_token(db, f"{other.tenant_id}.{secret}") is None


def test_a_revoked_token_opens_nothing(db, lea):
    token, view = create_feed_token(db, lea, "")
    revoked = revoke_feed_token(db, lea, view.id)
    assert not revoked.active and revoked.revoked_at is not None
    assert resolve_feed_token(db, token) is None


def test_revoking_twice_keeps_the_first_date(db, lea):
    _, view = create_feed_token(db, lea, "")
    first = revoke_feed_token(db, lea, view.id)
    assert revoke_feed_token(db, lea, view.id).revoked_at == first.revoked_at


def test_nobody_revokes_someone_elses_token_not_even_the_admin(db, firm, lea):
    token, view = create_feed_token(db, lea, "")
    omar = make_person(db, firm, "Omar Durand")
    for other in (omar, firm.admin):
        with pytest.raises(NotFound):
            revoke_feed_token(db, other, view.id)
    assert resolve_feed_token(db, token) == lea


def test_a_deactivated_persons_tokens_open_nothing(db, firm, lea):
    token, _ = create_feed_token(db, lea, "")
    gone = deactivate(db, firm, lea)
    assert resolve_feed_token(db, token) is None
    with pytest.raises(Forbidden):
        create_feed_token(db, gone, "")


def test_the_owner_lists_their_tokens_newest_first_revoked_ones_included(db, firm, lea):
    _, old = create_feed_token(db, lea, "Ancien")
    _, new = create_feed_token(db, lea, "Nouveau")
    create_feed_token(db, firm.admin, "Celui de l'admin")
    revoke_feed_token(db, lea, old.id)
    listed = list_feed_tokens(db, lea)
    assert [(view.label, view.active) for view in listed] == [("Nouveau", True),
                                                             ("Ancien", False)]


def test_a_label_is_one_line_and_not_too_long(db, lea):
    _, view = create_feed_token(db, lea, "  Mon\nlecteur\t ")
    assert view.label == "Mon lecteur"
    with pytest.raises(InvalidInput):
        create_feed_token(db, lea, "x" * 81)


def test_a_person_keeps_a_bounded_number_of_active_tokens(db, lea):
    views = [create_feed_token(db, lea, str(n))[1] for n in range(MAX_ACTIVE_TOKENS)]
    with pytest.raises(Conflict):
        create_feed_token(db, lea, "one more")
    revoke_feed_token(db, lea, views[0].id)
    create_feed_token(db, lea, "one more")


def test_use_is_noted_at_most_once_an_hour(db, lea):
    token, view = create_feed_token(db, lea, "")
    start = utcnow()
    resolve_feed_token(db, token, now=start)
    resolve_feed_token(db, token, now=start + timedelta(minutes=59))
    assert list_feed_tokens(db, lea)[0].last_used_at == start
    later = start + timedelta(minutes=61)
    resolve_feed_token(db, token, now=later)
    assert list_feed_tokens(db, lea)[0].last_used_at == later


def test_creating_and_revoking_are_audited(db, lea):
    _, view = create_feed_token(db, lea, "")
    revoke_feed_token(db, lea, view.id)
    actions = db.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "feed_token",
                                                         AuditEntry.target_id == str(view.id))
                         .order_by(AuditEntry.id)).all()
    assert actions == ["feed_token.created", "feed_token.revoked"]
