"""A moderator's decision on a reported content: hide it, restore it, or dismiss the reports.

Each decision is audited and applies to the content, so every report on it is
settled at once. Hiding and restoring tell the author in-app (in the same
transaction) and, when a mailer is given, by e-mail once the decision is saved.
Dismissing does not tell the author: nothing changed for them, and learning
that a colleague reported them would only sour things.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_
from integrations.mail import Mailer
from social import notifications
from social.actor import Actor, require_active
from social.errors import Conflict, Forbidden, InvalidInput, NotFound
from social.models import Comment, Post, Report, ReportStatus, User
from social.moderation.notice import moderation_notice
from social.policy import Access
from social.services.access import load_comment, load_post
from social.services.audit import record_audit

log = logging.getLogger(__name__)


class Decision(StrEnum):
    HIDE = "hide"
    RESTORE = "restore"
    DISMISS = "dismiss"


# What each decision needs the reports to be, and what it makes them.
_TRANSITIONS = {
    Decision.HIDE: (ReportStatus.OPEN, ReportStatus.HIDDEN),
    Decision.DISMISS: (ReportStatus.OPEN, ReportStatus.DISMISSED),
    Decision.RESTORE: (ReportStatus.HIDDEN, ReportStatus.RESTORED),
}


@dataclass(frozen=True)
class Courier:
    """How to reach an author by e-mail: the deployment's mailer (None: in-app only)."""

    mailer: Mailer | None
    base_url: str
    mail_from: str


def decide(db: Session, actor: Actor, report_id: int, decision: str, *,
           courier: Courier | None = None) -> str:
    """Applies a decision to the content a report is about; returns the new report status."""
    require_active(actor)
    if decision not in set(Decision):
        raise InvalidInput(N_("Choose hide, restore or dismiss."), field="decision")
    report = db.scalar(select(Report).where(Report.id == report_id,
                                            Report.tenant_id == actor.tenant_id))
    if report is None:
        raise NotFound()
    post, comment = _moderated_target(db, actor, report)
    before, after = _TRANSITIONS[Decision(decision)]
    if report.status != before:
        raise Conflict(N_("Another moderator has already decided on this report."))
    target = comment if comment is not None else post
    now = utcnow()
    if decision == Decision.HIDE:
        target.hidden_at = now
    elif decision == Decision.RESTORE:
        target.hidden_at = None
    settled = db.execute(update(Report).where(
        Report.tenant_id == actor.tenant_id, Report.status == before,
        Report.comment_id == comment.id if comment is not None else Report.post_id == post.id)
        .values(status=after, decided_by_id=actor.user_id, decided_at=now)).rowcount
    if not settled:  # decided by someone else between our read and our write
        raise Conflict(N_("Another moderator has already decided on this report."))
    kind = "comment" if comment is not None else "post"
    action = "report.dismissed" if decision == Decision.DISMISS else f"{kind}.{_PAST[decision]}"
    record_audit(db, actor, action, kind, target.id, report_id=report.id,
                 reason=report.reason, reports=settled, author_id=target.author_id)
    told = decision != Decision.DISMISS and notifications.content_moderated(
        db, actor, author_id=target.author_id, post=post, comment=comment,
        decision=_PAST[decision], reason=report.reason)
    db.commit()
    if told and courier is not None and courier.mailer is not None:
        _send_notice(db, actor, courier, target, post, _PAST[decision], report.reason)
    return after


_PAST = {Decision.HIDE: "hidden", Decision.RESTORE: "restored", Decision.DISMISS: "dismissed"}


def _moderated_target(db: Session, actor: Actor,
                      report: Report) -> tuple[Post | None, Comment | None]:
    """The reported content, if the actor moderates where it lives."""
    if report.comment_id is not None:
        comment, discussion = load_comment(db, actor, report.comment_id)
        if not discussion.moderated_by(actor):
            raise Forbidden()
        return discussion.post, comment
    post, _ = load_post(db, actor, report.post_id, Access.MODERATE)
    return post, None


def _send_notice(db: Session, actor: Actor, courier: Courier, target: Post | Comment,
                 post: Post | None, decision: str, reason: str) -> None:
    """After the commit: a mail that fails leaves the decision and the in-app notice."""
    author = db.scalar(select(User).where(User.id == target.author_id,
                                          User.tenant_id == actor.tenant_id))
    try:
        message = moderation_notice(db, author, target, post, decision, reason,
                                    base_url=courier.base_url, mail_from=courier.mail_from)
        courier.mailer.send(message)
    except Exception:  # noqa: BLE001 - the decision stands; the author still has the notice
        log.warning("moderation notice to user %s not sent", author.id, exc_info=True)
