"""Spaces and their members: create, list, join, leave, invite, promote, archive."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_
from core.text import clean_block, clean_line, fold
from social.actor import Actor, require_active
from social.errors import Conflict, Forbidden, InvalidInput, NotFound
from social.models import (JoinRequest, Membership, Space, SpaceKind, SpaceRole, TenantRole,
                           User, Visibility)
from social.pagination import Page, cut, decode_cursor, encode_cursor, page_size
from social.policy import Access, can_manage_space, space_access
from social.services.access import SpaceAccess, load_person, load_space
from social.services.assemble import person_ref
from social.services.audit import record_audit
from social.services.people import unique_handle
from social.views import MemberView, SpaceView

NAME_LENGTH = 80
DESCRIPTION_LENGTH = 2000


def _checked_name(name: object) -> str:
    text = clean_line(name) if isinstance(name, str) else ""
    if not text:
        raise InvalidInput(N_("Give the space a name."), field="name")
    if len(text) > NAME_LENGTH:
        raise InvalidInput(N_("This text is too long (%(limit)s characters at most)."),
                           field="name", limit=NAME_LENGTH)
    return text


def _checked_description(description: object) -> str:
    text = clean_block(description) if isinstance(description, str) else ""
    if len(text) > DESCRIPTION_LENGTH:
        raise InvalidInput(N_("This text is too long (%(limit)s characters at most)."),
                           field="description", limit=DESCRIPTION_LENGTH)
    return text


def _checked_choice(value: object, choices, field: str) -> str:
    if value not in set(choices):
        raise InvalidInput(field=field)
    return str(value)


def _name_is_free(db: Session, actor: Actor, name: str, except_id: int | None = None) -> None:
    taken = db.scalar(select(Space.id).where(Space.tenant_id == actor.tenant_id,
                                             Space.name_folded == fold(name)))
    if taken is not None and taken != except_id:
        raise Conflict(N_("A space with this name already exists."), field="name")


def create_space(db: Session, actor: Actor, *, name: str, description: str = "",
                 kind: str = SpaceKind.PROFESSIONAL,
                 visibility: str = Visibility.PUBLIC) -> SpaceView:
    require_active(actor)
    if actor.is_guest:
        raise Forbidden()
    name = _checked_name(name)
    space = Space(tenant_id=actor.tenant_id, name=name, name_folded=fold(name),
                  description=_checked_description(description),
                  kind=_checked_choice(kind, SpaceKind, "kind"),
                  visibility=_checked_choice(visibility, Visibility, "visibility"),
                  created_by_id=actor.user_id)
    _name_is_free(db, actor, name)
    db.add(space)
    db.flush()
    db.add(Membership(tenant_id=actor.tenant_id, space_id=space.id, user_id=actor.user_id,
                      role=SpaceRole.OWNER))
    record_audit(db, actor, "space.created", "space", space.id, visibility=space.visibility)
    _commit_unique(db)
    return get_space(db, actor, space.id)


def _commit_unique(db: Session) -> None:
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise Conflict(N_("A space with this name already exists."), field="name") from None


def get_space(db: Session, actor: Actor, space_id: int) -> SpaceView:
    loaded = load_space(db, actor, space_id)
    members = db.scalar(select(func.count()).select_from(Membership)
                        .where(Membership.space_id == space_id,
                               Membership.tenant_id == actor.tenant_id))
    requested = loaded.role is None and db.scalar(
        select(JoinRequest.user_id).where(JoinRequest.space_id == space_id,
                                          JoinRequest.user_id == actor.user_id)) is not None
    return _space_view(loaded.space, loaded.role, loaded.access, members, requested)


def _space_view(space: Space, role: str | None, access: Access, members: int,
                requested: bool = False) -> SpaceView:
    return SpaceView(id=space.id, name=space.name, description=space.description,
                     kind=space.kind, visibility=space.visibility,
                     archived=space.archived_at is not None, member_count=members,
                     my_role=role, access=int(access), pending_request=requested)


def list_spaces(db: Session, actor: Actor, *, mine_only: bool = False,
                include_archived: bool = True, cursor: str | None = None,
                limit: int | None = None) -> Page[SpaceView]:
    """The spaces the actor may know of, by name: theirs, and the firm's listed ones."""
    require_active(actor)
    limit = page_size(limit)
    member_count = (select(func.count()).where(Membership.space_id == Space.id)
                    .correlate(Space).scalar_subquery())
    mine = Membership.role
    statement = (select(Space, mine, member_count)
                 .outerjoin(Membership, (Membership.space_id == Space.id)
                            & (Membership.user_id == actor.user_id))
                 .where(Space.tenant_id == actor.tenant_id))
    if mine_only or actor.is_guest:
        statement = statement.where(Membership.user_id.is_not(None))
    else:
        statement = statement.where((Membership.user_id.is_not(None))
                                    | (Space.visibility != Visibility.SECRET))
    if not include_archived:
        statement = statement.where(Space.archived_at.is_(None))
    key = decode_cursor(cursor, str, int)
    if key:
        statement = statement.where((Space.name_folded > key[0])
                                    | ((Space.name_folded == key[0]) & (Space.id > key[1])))
    rows, more = cut(db.execute(statement.order_by(Space.name_folded, Space.id)
                                .limit(limit + 1)).all(), limit)
    views = [_space_view(space, role, space_access(actor, space.tenant_id, space.visibility,
                                                   role), count)
             for space, role, count in rows]
    last = rows[-1][0] if rows else None
    return Page(views, encode_cursor(last.name_folded, last.id) if more else None)


def list_members(db: Session, actor: Actor, space_id: int, *, cursor: str | None = None,
                 limit: int | None = None) -> Page[MemberView]:
    load_space(db, actor, space_id, Access.READ)
    limit = page_size(limit)
    statement = (select(Membership, User).join(User, User.id == Membership.user_id)
                 .where(Membership.space_id == space_id, Membership.tenant_id == actor.tenant_id))
    key = decode_cursor(cursor, str, int)
    if key:
        statement = statement.where((User.name_folded > key[0])
                                    | ((User.name_folded == key[0]) & (User.id > key[1])))
    rows, more = cut(db.execute(statement.order_by(User.name_folded, User.id)
                                .limit(limit + 1)).all(), limit)
    views = [MemberView(person_ref(user), membership.role, membership.joined_at)
             for membership, user in rows]
    last = rows[-1][1] if rows else None
    return Page(views, encode_cursor(last.name_folded, last.id) if more else None)


def join_space(db: Session, actor: Actor, space_id: int) -> SpaceView:
    """Join a public space at once; ask to join a private one. Secret ones are by invitation."""
    loaded = load_space(db, actor, space_id)
    if loaded.role is not None:
        return get_space(db, actor, space_id)
    loaded.require_open()
    if loaded.space.visibility == Visibility.PUBLIC:
        db.add(Membership(tenant_id=actor.tenant_id, space_id=space_id, user_id=actor.user_id,
                          role=SpaceRole.MEMBER))
    else:
        exists = db.scalar(select(JoinRequest.user_id).where(
            JoinRequest.space_id == space_id, JoinRequest.user_id == actor.user_id))
        if exists is None:
            db.add(JoinRequest(tenant_id=actor.tenant_id, space_id=space_id,
                               user_id=actor.user_id))
    _commit_ignoring_duplicate(db)
    return get_space(db, actor, space_id)


def _commit_ignoring_duplicate(db: Session) -> None:
    """Two clicks on "join" at once: the second finds the first's row, which is fine."""
    try:
        db.commit()
    except IntegrityError:
        db.rollback()


def leave_space(db: Session, actor: Actor, space_id: int) -> None:
    loaded = load_space(db, actor, space_id)
    membership = _membership(db, actor, space_id, actor.user_id)
    if membership is None:
        return
    if membership.role == SpaceRole.OWNER:
        _keep_an_owner(db, actor, space_id, actor.user_id)
    db.delete(membership)
    record_audit(db, actor, "space.left", "space", loaded.space.id)
    db.commit()


def _membership(db: Session, actor: Actor, space_id: int, user_id: int) -> Membership | None:
    return db.scalar(select(Membership).where(Membership.space_id == space_id,
                                              Membership.user_id == user_id,
                                              Membership.tenant_id == actor.tenant_id))


def _keep_an_owner(db: Session, actor: Actor, space_id: int, leaving_user_id: int) -> None:
    others = db.scalar(select(func.count()).select_from(Membership).where(
        Membership.space_id == space_id, Membership.role == SpaceRole.OWNER,
        Membership.user_id != leaving_user_id, Membership.tenant_id == actor.tenant_id))
    if not others:
        raise Conflict(N_("A space needs at least one owner: name another owner first."))


def invite_member(db: Session, actor: Actor, space_id: int, user_id: int) -> MemberView:
    """Add a person of the firm to a space; moderators and owners invite."""
    loaded = load_space(db, actor, space_id, Access.MODERATE).require_open()
    invitee = load_person(db, actor, user_id)
    if not invitee.is_active:
        raise NotFound()
    role = SpaceRole.GUEST if invitee.role == TenantRole.GUEST else SpaceRole.MEMBER
    return _add_member(db, actor, loaded, invitee, role)


def invite_guest(db: Session, actor: Actor, space_id: int, *, email: str,
                 name: str = "") -> MemberView:
    """Invite an external person (a client) into this one space, by e-mail.

    They are known by e-mail until they first sign in with Google.
    """
    loaded = load_space(db, actor, space_id, Access.MODERATE).require_open()
    address = clean_line(email if isinstance(email, str) else "").lower()
    if "@" not in address or len(address) > 320 or " " in address:
        raise InvalidInput(N_("This e-mail address is not valid."), field="email")
    guest = db.scalar(select(User).where(User.tenant_id == actor.tenant_id,
                                         User.email == address))
    if guest is None:
        display = clean_line(name if isinstance(name, str) else "")[:200] or address
        guest = User(tenant_id=actor.tenant_id, email=address, name=display,
                     name_folded=fold(display), role=TenantRole.GUEST,
                     handle=unique_handle(db, actor.tenant_id, address))
        db.add(guest)
        db.flush()
    elif not guest.is_active:
        raise Conflict(N_("This person's account is deactivated."))
    role = SpaceRole.GUEST if guest.role == TenantRole.GUEST else SpaceRole.MEMBER
    return _add_member(db, actor, loaded, guest, role)


def _add_member(db: Session, actor: Actor, loaded: SpaceAccess, user: User,
                role: str) -> MemberView:
    membership = _membership(db, actor, loaded.space.id, user.id)
    if membership is None:
        membership = Membership(tenant_id=actor.tenant_id, space_id=loaded.space.id,
                                user_id=user.id, role=role, joined_at=utcnow())
        db.add(membership)
        db.execute(JoinRequest.__table__.delete().where(
            JoinRequest.space_id == loaded.space.id, JoinRequest.user_id == user.id))
        record_audit(db, actor, "space.member_added", "space", loaded.space.id,
                     user_id=user.id, role=role)
        _commit_ignoring_duplicate(db)
    return MemberView(person_ref(user), membership.role, membership.joined_at)


def list_join_requests(db: Session, actor: Actor, space_id: int) -> list[MemberView]:
    load_space(db, actor, space_id, Access.MODERATE)
    rows = db.execute(select(JoinRequest, User).join(User, User.id == JoinRequest.user_id)
                      .where(JoinRequest.space_id == space_id,
                             JoinRequest.tenant_id == actor.tenant_id)
                      .order_by(JoinRequest.created_at).limit(200)).all()
    return [MemberView(person_ref(user), "requested", request.created_at)
            for request, user in rows]


def answer_join_request(db: Session, actor: Actor, space_id: int, user_id: int, *,
                        accept: bool) -> None:
    loaded = load_space(db, actor, space_id, Access.MODERATE).require_open()
    request = db.scalar(select(JoinRequest).where(JoinRequest.space_id == space_id,
                                                  JoinRequest.user_id == user_id,
                                                  JoinRequest.tenant_id == actor.tenant_id))
    if request is None:
        raise NotFound()
    if accept:
        _add_member(db, actor, loaded, load_person(db, actor, user_id), SpaceRole.MEMBER)
    else:
        db.delete(request)
        db.commit()


def remove_member(db: Session, actor: Actor, space_id: int, user_id: int) -> None:
    loaded = load_space(db, actor, space_id, Access.OWN)
    membership = _membership(db, actor, space_id, user_id)
    if membership is None:
        raise NotFound()
    if membership.role == SpaceRole.OWNER:
        _keep_an_owner(db, actor, space_id, user_id)
    db.delete(membership)
    record_audit(db, actor, "space.member_removed", "space", loaded.space.id, user_id=user_id)
    db.commit()


def set_member_role(db: Session, actor: Actor, space_id: int, user_id: int,
                    role: str) -> MemberView:
    """Promote or demote a member; a guest of the firm stays a guest of the space."""
    loaded = load_space(db, actor, space_id, Access.OWN)
    role = _checked_choice(role, SpaceRole, "role")
    membership = _membership(db, actor, space_id, user_id)
    if membership is None:
        raise NotFound()
    user = load_person(db, actor, user_id)
    if (user.role == TenantRole.GUEST) != (role == SpaceRole.GUEST):
        raise InvalidInput(N_("External guests keep the guest role."), field="role")
    if membership.role == SpaceRole.OWNER and role != SpaceRole.OWNER:
        _keep_an_owner(db, actor, space_id, user_id)
    previous, membership.role = membership.role, role
    record_audit(db, actor, "space.role_changed", "space", loaded.space.id, user_id=user_id,
                 before=previous, after=role)
    db.commit()
    return MemberView(person_ref(user), membership.role, membership.joined_at)


def _manageable(db: Session, actor: Actor, space_id: int) -> SpaceAccess:
    loaded = load_space(db, actor, space_id)
    if not can_manage_space(actor, loaded.access):
        raise Forbidden()
    return loaded


def rename_space(db: Session, actor: Actor, space_id: int, *, name: str,
                 description: str | None = None) -> SpaceView:
    loaded = _manageable(db, actor, space_id)
    new_name = _checked_name(name)
    _name_is_free(db, actor, new_name, except_id=space_id)
    before = loaded.space.name
    loaded.space.name, loaded.space.name_folded = new_name, fold(new_name)
    if description is not None:
        loaded.space.description = _checked_description(description)
    record_audit(db, actor, "space.renamed", "space", space_id, before=before, after=new_name)
    _commit_unique(db)
    return get_space(db, actor, space_id)


def set_space_archived(db: Session, actor: Actor, space_id: int, archived: bool) -> SpaceView:
    loaded = _manageable(db, actor, space_id)
    loaded.space.archived_at = utcnow() if archived else None
    record_audit(db, actor, "space.archived" if archived else "space.unarchived", "space",
                 space_id)
    db.commit()
    return get_space(db, actor, space_id)
