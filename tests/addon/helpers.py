"""Setting the scene for add-on tests through the services (people already enrolled)."""

from __future__ import annotations

from sqlalchemy import select

from social.actor import Actor
from social.models import User
from social.services import spaces


def actor_of(database, person) -> Actor:
    with database.system_session() as db:
        return Actor.of(db.scalar(select(User).where(User.google_sub == person.subject)))


def space_with_members(addon, owner, name: str, members, visibility: str = "public") -> int:
    database = addon.http.application.extensions["comptoir"].database
    owner_actor = actor_of(database, owner)
    member_ids = [actor_of(database, member).user_id for member in members]
    with database.system_session() as db:  # one writer at a time on SQLite: no nesting
        space = spaces.create_space(db, owner_actor, name=name, visibility=visibility)
        for member_id in member_ids:
            spaces.invite_member(db, owner_actor, space.id, member_id)
    return space.id
