"""The sharing gateway's in-app notifications: a proposal waiting for an approver, what
went out through a standing consent, a LinkedIn connection about to end.

They are written by the gateway's notices job (advocacy/notices), never by the
person acting, so they have no actor: `actor_ids` is empty and the sentence
names no one. Like every notification they store parameters, not text; the
sentence and the link are made when the notification is read.

A waiting proposal is told once per approver and per round of approval: the
`group_key` names the proposal and the moment it was (re)submitted, and the
unique (recipient, group_key) index makes a second worker's attempt a no-op.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import Translator
from social.models import Notification, NotificationKind, Post

if TYPE_CHECKING:
    from social.notifications.inbox import NotificationView

SHARING_KINDS = frozenset({NotificationKind.SHARE_APPROVAL, NotificationKind.SHARE_REPORT,
                           NotificationKind.ACCOUNT_EXPIRY})
NETWORK_NAMES = {"x": "X", "linkedin": "LinkedIn"}


def approval_key(proposal_id: int, submitted_at: datetime) -> str:
    """One round of approval of one proposal: a proposal edited and sent back for
    approval is a new round, told again."""
    return f"share-approval:{proposal_id}:{int(submitted_at.timestamp())}"


def proposal_waiting(db: Session, *, tenant_id: int, post: Post | None, proposal_id: int,
                     submitted_at: datetime, approver_ids: Iterable[int]) -> list[int]:
    """Tells each approver not told yet of this round; returns whom it told (in the
    caller's transaction, which commits)."""
    key = approval_key(proposal_id, submitted_at)
    wanted = sorted(set(approver_ids))
    if not wanted:
        return []
    told = set(db.scalars(select(Notification.recipient_id).where(
        Notification.tenant_id == tenant_id, Notification.recipient_id.in_(wanted),
        Notification.group_key == key)))
    added = []
    for recipient_id in wanted:
        if recipient_id in told:
            continue
        try:
            with db.begin_nested():  # another worker may tell the same person right now
                db.add(_notification(tenant_id, recipient_id, NotificationKind.SHARE_APPROVAL,
                                     post, {"proposal": proposal_id}, group_key=key))
        except IntegrityError:
            continue
        added.append(recipient_id)
    return added


def consent_shares_sent(db: Session, *, tenant_id: int, user_id: int,
                        networks: Iterable[str], count: int) -> None:
    """What went out on a person's accounts through their standing consent."""
    db.add(_notification(tenant_id, user_id, NotificationKind.SHARE_REPORT, None,
                         {"count": count, "networks": sorted(set(networks))}))


def account_expiring(db: Session, *, tenant_id: int, user_id: int, network: str,
                     expires_at: datetime) -> None:
    db.add(_notification(tenant_id, user_id, NotificationKind.ACCOUNT_EXPIRY, None,
                         {"network": network, "expires_at": expires_at.isoformat()}))


def sharing_link(kind: str, params: dict[str, Any]) -> str | None:
    """Where a sharing notification leads: the page where the person can act."""
    if kind == NotificationKind.SHARE_APPROVAL and isinstance(params.get("proposal"), int):
        return f"/sharing/proposals/{params['proposal']}"
    if kind == NotificationKind.SHARE_REPORT:
        return "/sharing/shares"
    if kind == NotificationKind.ACCOUNT_EXPIRY:
        return "/sharing/accounts"
    return None


def sharing_sentence(view: "NotificationView", translator: Translator) -> str:
    _ = translator.gettext
    params = view.params
    if view.kind == NotificationKind.SHARE_APPROVAL:
        if view.where:
            return _("A post of %(where)s is proposed for sharing and waits for your "
                     "approval", where=view.where)
        return _("A post is proposed for sharing and waits for your approval")
    if view.kind == NotificationKind.SHARE_REPORT:
        networks = " & ".join(NETWORK_NAMES.get(n, n) for n in params.get("networks", []))
        return translator.ngettext(
            "%(num)s post went out on your %(networks)s account through your standing consent",
            "%(num)s posts went out on your %(networks)s accounts through your standing "
            "consent", int(params.get("count", 1)), networks=networks)
    network = NETWORK_NAMES.get(params.get("network", ""), params.get("network", ""))
    expires = _moment(params.get("expires_at"))
    when = translator.date(expires) if expires else "?"
    if expires is not None and expires <= utcnow():
        return _("Your %(network)s connection ended on %(date)s: reconnect it to keep sharing",
                 network=network, date=when)
    return _("Your %(network)s connection ends on %(date)s: reconnect it to keep sharing",
             network=network, date=when)


def _moment(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _notification(tenant_id: int, recipient_id: int, kind: str, post: Post | None,
                  params: dict[str, Any], *, group_key: str | None = None) -> Notification:
    now = utcnow()
    return Notification(tenant_id=tenant_id, recipient_id=recipient_id, kind=kind,
                        space_id=post.space_id if post is not None else None,
                        post_id=post.id if post is not None else None, comment_id=None,
                        actor_ids=[], actor_count=0, params=params, group_key=group_key,
                        created_at=now, updated_at=now)

