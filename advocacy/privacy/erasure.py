"""`erase_person`: the admin erases someone, irreversibly.

In order, each step committed before the next (offboarding must not hold a
transaction while X and LinkedIn answer):

1. deactivate them, if still active (the firm keeps an active admin);
2. offboard them (advocacy/offboarding): tokens revoked at the provider and deleted,
   waiting shares cancelled, standing consents withdrawn;
3. in one transaction: the gateway's rows of theirs (consents, offers, their shares
   with their short links and clicks; with their content, the proposals of their
   posts and those they made), then the social layer's (social/privacy/erasure.py),
   their name and handle in others' share texts (mentions.py), then one audit entry
   that names them by their row's id only (the pseudonym's).

A process that dies between steps leaves someone deactivated and offboarded, not
erased: the admin erases them again. Rate-limit counters live outside the database
(or in a table no tenant owns): the caller forgets them with what `Erasure` gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Mapping

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from advocacy.models import Delivery, Offer, Proposal, SocialAccount, StandingConsent
from advocacy.offboarding.offboard import offboard_person
from advocacy.offboarding.revocation import Revoke
from advocacy.privacy.mentions import rewrite_shared_texts
from advocacy.services.accounts import Cipher
from core.clock import utcnow
from core.i18n import N_
from social.actor import Actor, require_active
from social.errors import Conflict, Forbidden, InvalidInput, NotFound
from social.models import Post, User
from social.privacy.erasure import SocialErasure, erase_social_data
from social.services.audit import record_audit
from social.services.people import deactivate_user

KEEP, DELETE = "keep", "delete"   # what becomes of their content


@dataclass(frozen=True)
class Erasure:
    user_id: int          # the pseudonym's row
    content: str          # KEEP or DELETE
    social: SocialErasure
    # The e-mail they signed in with, for the caller to forget the sign-in counters keyed
    # by it. Held in memory for that only; never stored or logged.
    former_email: str

    def __repr__(self) -> str:  # never print the e-mail
        return f"Erasure(user_id={self.user_id}, content={self.content!r})"


def check_erasable(db: Session, actor: Actor, user_id: int) -> User:
    """The person the admin may erase: one of their firm, not themselves, not yet erased."""
    require_active(actor)
    if not actor.is_admin:
        raise Forbidden()
    user = db.scalar(select(User).where(User.id == user_id, User.tenant_id == actor.tenant_id))
    if user is None or user.erased_at is not None:
        raise NotFound()
    if user.id == actor.user_id:
        raise Conflict(N_("You cannot erase yourself."))
    return user


def erase_person(db: Session, actor: Actor, user_id: int, *, content: str, cipher: Cipher,
                 revoke: Mapping[str, Revoke], now: datetime | None = None) -> Erasure:
    """Erases a person of the admin's firm, keeping or deleting their content. Commits."""
    if content not in (KEEP, DELETE):
        raise InvalidInput(N_("Choose what becomes of their posts and comments."),
                           field="content")
    user = check_erasable(db, actor, user_id)
    if user.is_active:
        deactivate_user(db, actor, user_id)
    offboard_person(db, actor, user_id, cipher=cipher, revoke=revoke, reason="erased", now=now)
    now = now or utcnow()
    user = check_erasable(db, actor, user_id)
    former_email, former_name, former_handle = user.email, user.name, user.handle
    member_ids = _erase_gateway_rows(db, user, keep_content=content == KEEP)
    social = erase_social_data(db, user, keep_content=content == KEEP, now=now,
                               extra_identifiers=member_ids)
    rewrite_shared_texts(db, user.tenant_id, name=former_name, old_handle=former_handle,
                         new_handle=user.handle)
    record_audit(db, actor, "user.erased", "user", user.id, content=content,
                 posts_deleted=social.posts_deleted, comments_deleted=social.comments_deleted,
                 reactions_deleted=social.reactions_deleted,
                 texts_rewritten=social.texts_rewritten)
    db.commit()
    return Erasure(user.id, content, social, former_email)


def _erase_gateway_rows(db: Session, user: User, *, keep_content: bool) -> list[str]:
    """Deletes the gateway's rows of theirs; returns their accounts' ids on the networks
    (offboarding deleted the accounts, but the audit log may still quote them)."""
    tenant_id, user_id = user.tenant_id, user.id
    member_ids = list(db.scalars(select(SocialAccount.member_id).where(
        SocialAccount.tenant_id == tenant_id, SocialAccount.user_id == user_id)))
    db.execute(delete(SocialAccount).where(SocialAccount.tenant_id == tenant_id,
                                           SocialAccount.user_id == user_id))
    db.execute(delete(StandingConsent).where(StandingConsent.tenant_id == tenant_id,
                                             StandingConsent.user_id == user_id))
    db.execute(delete(Offer).where(Offer.tenant_id == tenant_id, Offer.user_id == user_id))
    # Their shares carry their words and lead to their accounts; the database cascades
    # to the short links, their clicks and the deletion requests.
    db.execute(delete(Delivery).where(Delivery.tenant_id == tenant_id,
                                      Delivery.user_id == user_id))
    if not keep_content:
        their_posts = select(Post.id).where(Post.tenant_id == tenant_id,
                                            Post.author_id == user_id)
        db.execute(delete(Proposal).where(Proposal.tenant_id == tenant_id, or_(
            Proposal.proposer_id == user_id, Proposal.post_id.in_(their_posts))))
    return member_ids
