"""Profiles people enrich themselves, and the directory that finds them."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Sequence

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_
from core.text import clean_block, clean_line, fold, tag_key
from social.actor import Actor, require_active
from social.errors import InvalidInput, NotFound
from social.models import Membership, Profile, ProfileTag, TagKind, User
from social.pagination import Page, cut, decode_cursor, encode_cursor, page_size
from social.services.access import load_person
from social.services.assemble import person_ref
from social.views import DirectoryEntry, ProfileView

MAX_TAGS = 30
TAG_LENGTH = 40
BIO_LENGTH = 1000
LINE_LENGTH = 120


def get_profile(db: Session, actor: Actor, *, user_id: int | None = None,
                handle: str | None = None) -> ProfileView:
    require_active(actor)
    if handle is not None:
        user_id = db.scalar(select(User.id).where(User.tenant_id == actor.tenant_id,
                                                  User.handle == handle.lower()))
        if user_id is None:
            raise NotFound()
    user = load_person(db, actor, user_id)
    if user.erased_at is not None:  # a pseudonym, not a person: there is no one to show
        raise NotFound()
    profile = db.get(Profile, user.id) or Profile(user_id=user.id, tenant_id=user.tenant_id)
    tags = _tags_of(db, actor, [user.id]).get(user.id, {})
    return ProfileView(
        person=person_ref(user), email=user.email, role=user.role, is_active=user.is_active,
        job_title=profile.job_title or "", bio=profile.bio or "", site=profile.site or "",
        team=profile.team or "", skills=tuple(tags.get(TagKind.SKILL, ())),
        passions=tuple(tags.get(TagKind.PASSION, ())), locale=user.locale,
        time_zone=user.time_zone)


def update_profile(db: Session, actor: Actor, *, job_title: str = "", bio: str = "",
                   site: str = "", team: str = "", skills: Iterable[str] = (),
                   passions: Iterable[str] = ()) -> ProfileView:
    """The owner writes their own profile; nobody validates it."""
    require_active(actor)
    profile = db.get(Profile, actor.user_id)
    if profile is None or profile.tenant_id != actor.tenant_id:
        profile = Profile(user_id=actor.user_id, tenant_id=actor.tenant_id)
        db.add(profile)
    profile.job_title = _line(job_title, "job_title")
    profile.site = _line(site, "site")
    profile.team = _line(team, "team")
    profile.bio = clean_block(str(bio or ""))
    if len(profile.bio) > BIO_LENGTH:
        raise InvalidInput(N_("This text is too long (%(limit)s characters at most)."),
                           field="bio", limit=BIO_LENGTH)
    profile.updated_at = utcnow()
    db.execute(delete(ProfileTag).where(ProfileTag.user_id == actor.user_id,
                                        ProfileTag.tenant_id == actor.tenant_id))
    for kind, labels in ((TagKind.SKILL, skills), (TagKind.PASSION, passions)):
        for key, label in _tags(labels, kind).items():
            db.add(ProfileTag(tenant_id=actor.tenant_id, user_id=actor.user_id, kind=kind,
                              key=key, label=label))
    db.commit()
    return get_profile(db, actor, user_id=actor.user_id)


def _line(value: str, field: str) -> str:
    text = clean_line(str(value or ""))
    if len(text) > LINE_LENGTH:
        raise InvalidInput(N_("This text is too long (%(limit)s characters at most)."),
                           field=field, limit=LINE_LENGTH)
    return text


def _tags(labels: Iterable[str], kind: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    for raw in labels:
        label = clean_line(str(raw)).lstrip("#")
        if not label:
            continue
        if len(label) > TAG_LENGTH:
            raise InvalidInput(N_("A tag has %(limit)s characters at most."), field=kind,
                               limit=TAG_LENGTH)
        tags.setdefault(tag_key(label), label)
    if len(tags) > MAX_TAGS:
        raise InvalidInput(N_("At most %(limit)s tags."), field=kind, limit=MAX_TAGS)
    return tags


def _tags_of(db: Session, actor: Actor, user_ids: Sequence[int]) -> dict[int, dict[str, list[str]]]:
    if not user_ids:
        return {}
    rows = db.execute(select(ProfileTag.user_id, ProfileTag.kind, ProfileTag.label)
                      .where(ProfileTag.user_id.in_(user_ids),
                             ProfileTag.tenant_id == actor.tenant_id)
                      .order_by(ProfileTag.user_id, ProfileTag.kind, ProfileTag.key)).all()
    grouped: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for user_id, kind, label in rows:
        grouped[user_id][kind].append(label)
    return grouped


def search_directory(db: Session, actor: Actor, *, query: str | None = None,
                     skill: str | None = None, passion: str | None = None,
                     cursor: str | None = None, limit: int | None = None) -> Page[DirectoryEntry]:
    """People of the firm, by name, skill or passion, in alphabetical order.

    `query` matches a name, a skill or a passion; accents and case do not matter.
    A guest only finds the people they share a space with.
    """
    require_active(actor)
    limit = page_size(limit)
    statement = (select(User, Profile)
                 .outerjoin(Profile, Profile.user_id == User.id)
                 .where(User.tenant_id == actor.tenant_id, User.is_active.is_(True)))
    if query and query.strip():
        folded, key = fold(query), tag_key(query)
        matches = [User.name_folded.contains(folded, autoescape=True)]
        if key:  # taken literally: a "%" or "_" typed in the box must not match every tag
            matches.append(User.id.in_(select(ProfileTag.user_id).where(
                ProfileTag.tenant_id == actor.tenant_id,
                ProfileTag.key.startswith(key, autoescape=True))))
        statement = statement.where(or_(*matches))
    for kind, label in ((TagKind.SKILL, skill), (TagKind.PASSION, passion)):
        if label and label.strip():
            statement = statement.where(User.id.in_(
                select(ProfileTag.user_id).where(ProfileTag.tenant_id == actor.tenant_id,
                                                 ProfileTag.kind == kind,
                                                 ProfileTag.key == tag_key(label))))
    if actor.is_guest:
        mine = select(Membership.space_id).where(Membership.user_id == actor.user_id)
        statement = statement.where(User.id.in_(
            select(Membership.user_id).where(Membership.space_id.in_(mine))))
    key = decode_cursor(cursor, str, int)
    if key:
        statement = statement.where((User.name_folded > key[0])
                                    | ((User.name_folded == key[0]) & (User.id > key[1])))
    rows, more = cut(db.execute(statement.order_by(User.name_folded, User.id)
                                .limit(limit + 1)).all(), limit)
    tags = _tags_of(db, actor, [user.id for user, _ in rows])
    entries = [
        DirectoryEntry(person=person_ref(user), job_title=profile.job_title if profile else "",
                       site=profile.site if profile else "", team=profile.team if profile else "",
                       skills=tuple(tags.get(user.id, {}).get(TagKind.SKILL, ())),
                       passions=tuple(tags.get(user.id, {}).get(TagKind.PASSION, ())))
        for user, profile in rows
    ]
    last = rows[-1][0] if rows else None
    return Page(entries, encode_cursor(last.name_folded, last.id) if more else None)
