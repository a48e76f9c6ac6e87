"""Setting and reading the publication rules: admin only to change, each change a version."""

from __future__ import annotations

from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.i18n import N_
from advocacy.models import RuleVersion
from advocacy.rules import Rules, canonical, default_document, diff_documents, parse_rules
from advocacy.views import RuleChange, RulesView
from social.actor import Actor, require_active
from social.errors import Conflict, Forbidden, InvalidInput
from social.models import Space, User
from social.services.assemble import person_ref
from social.services.audit import record_audit

HISTORY_LIMIT = 100


def current_version(db: Session, tenant_id: int) -> RuleVersion | None:
    return db.scalar(select(RuleVersion).where(RuleVersion.tenant_id == tenant_id)
                     .order_by(RuleVersion.version.desc()).limit(1))


def current_rules(db: Session, tenant_id: int) -> Rules:
    """The rules in force; the defaults (nothing shared) until the admin sets some."""
    return rules_of(current_version(db, tenant_id))


def rules_of(row: RuleVersion | None) -> Rules:
    """The rules a version holds; the defaults (nothing shared) when there is none."""
    if row is None:
        return parse_rules(default_document(), 0)
    return parse_rules(row.document, row.version)


def get_rules(db: Session, actor: Actor) -> RulesView:
    """Everyone of the firm may read the rules that apply to their shares."""
    require_active(actor)
    if actor.is_guest:
        raise Forbidden()
    return _view(db, current_version(db, actor.tenant_id))


def set_rules(db: Session, actor: Actor, document: Mapping[str, Any]) -> RulesView:
    """A new version when anything changed, audited with the diff; the admin only."""
    require_active(actor)
    if not actor.is_admin:
        raise Forbidden()
    new = canonical(document)
    _check_references(db, actor, new)
    row = current_version(db, actor.tenant_id)
    old = row.document if row is not None else default_document()
    changes = diff_documents(old, new)
    if not changes and row is not None:
        return _view(db, row)
    version = (row.version if row is not None else 0) + 1
    created = RuleVersion(tenant_id=actor.tenant_id, version=version, document=new,
                          created_by_id=actor.user_id)
    db.add(created)
    record_audit(db, actor, "advocacy.rules.changed", "rules", version, changes=changes)
    try:
        db.commit()
    except IntegrityError:  # another admin saved a version at the same moment
        db.rollback()
        raise Conflict(N_("The rules were changed meanwhile: reload them and try again.")) \
            from None
    return _view(db, created)


def rules_history(db: Session, actor: Actor, limit: int = HISTORY_LIMIT) -> list[RuleChange]:
    """Each version with what it changed from the one before, newest first."""
    require_active(actor)
    if not actor.is_admin:
        raise Forbidden()
    rows = list(db.scalars(select(RuleVersion).where(RuleVersion.tenant_id == actor.tenant_id)
                           .order_by(RuleVersion.version.desc()).limit(limit + 1)))
    people = _people(db, actor.tenant_id, {r.created_by_id for r in rows})
    history = []
    for index, row in enumerate(rows[:limit]):
        before = rows[index + 1].document if index + 1 < len(rows) else default_document()
        history.append(RuleChange(row.version, row.created_at, people.get(row.created_by_id),
                                  diff_documents(before, row.document)))
    return history


def _check_references(db: Session, actor: Actor, document: dict[str, Any]) -> None:
    """Named spaces and approvers must be the firm's own."""
    spaces = set(document["proposal"]["spaces"] or [])
    if spaces and len(spaces) != len(db.scalars(select(Space.id).where(
            Space.id.in_(spaces), Space.tenant_id == actor.tenant_id)).all()):
        raise InvalidInput(N_("Some of these spaces do not exist."), field="proposal.spaces")
    approvers = set(document["approval"]["approvers"])
    if approvers and len(approvers) != len(db.scalars(select(User.id).where(
            User.id.in_(approvers), User.tenant_id == actor.tenant_id,
            User.role != "guest")).all()):
        raise InvalidInput(N_("Approvers must be people of the firm."),
                           field="approval.approvers")


def _people(db: Session, tenant_id: int, ids) -> dict[int, Any]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {u.id: person_ref(u) for u in db.scalars(
        select(User).where(User.id.in_(ids), User.tenant_id == tenant_id))}


def _view(db: Session, row: RuleVersion | None) -> RulesView:
    if row is None:
        return RulesView(0, default_document())
    author = _people(db, row.tenant_id, {row.created_by_id}).get(row.created_by_id)
    return RulesView(row.version, row.document, row.created_at, author)
