"""Who may do what in a space: pure functions of the actor, the space and a role.

The levels are ordered: each one includes the ones below it.
"""

from __future__ import annotations

from enum import IntEnum

from social.actor import Actor
from social.models.spaces import SpaceRole, Visibility


class Access(IntEnum):
    NONE = 0        # must not even learn the space exists: answer "not found"
    LISTED = 1      # sees the name and description, not the content
    READ = 2        # reads, comments and reacts (a public space, without joining)
    CONTRIBUTE = 3  # a member: posts too
    MODERATE = 4    # deletes others' content, pins, features, invites
    OWN = 5         # renames, archives, removes and promotes members


_BY_ROLE = {
    SpaceRole.OWNER: Access.OWN,
    SpaceRole.MODERATOR: Access.MODERATE,
    SpaceRole.MEMBER: Access.CONTRIBUTE,
    SpaceRole.GUEST: Access.CONTRIBUTE,
}


def space_access(actor: Actor, space_tenant_id: int, visibility: str,
                 role: str | None) -> Access:
    if not actor.is_active or space_tenant_id != actor.tenant_id:
        return Access.NONE
    if role is not None:
        access = _BY_ROLE[SpaceRole(role)]
    elif actor.is_guest or visibility == Visibility.SECRET:
        access = Access.NONE
    elif visibility == Visibility.PRIVATE:
        access = Access.LISTED
    else:
        access = Access.READ
    if actor.is_admin and access >= Access.READ:
        # The firm's admin moderates whatever they can read, and no more.
        access = max(access, Access.MODERATE)
    return access


def can_manage_space(actor: Actor, access: Access) -> bool:
    """Rename and archive: the space's owners, or the firm's admin for a space they see."""
    return access >= Access.OWN or (actor.is_admin and access >= Access.LISTED)


def can_see_firm_wide(actor: Actor) -> bool:
    """Drive file discussions and the full directory are for the firm's own people."""
    return actor.is_active and not actor.is_guest
