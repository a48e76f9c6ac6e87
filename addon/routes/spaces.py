"""A space's card, and joining it."""

from addon import endpoints, responses
from addon.cards.data import SpaceCardData
from addon.cards.spaces import space_card
from addon.events import MalformedEvent
from addon.pipeline import AddonRequest, addon_endpoint
from social.services import spaces
from social.services.overviews import space_overview


def _space_id(req: AddonRequest) -> int:
    space_id = req.event.int_param("spaceId")
    if space_id is None:
        raise MalformedEvent("no spaceId parameter", req.event.language)
    return space_id


def space_view_card(req: AddonRequest, space_id: int, cursor: str | None = None) -> dict:
    overview = space_overview(req.db, req.actor, space_id, cursor=cursor)
    return space_card(req.ctx, SpaceCardData(space=overview.space, pinned=overview.pinned,
                                             feed=overview.feed))


@addon_endpoint(endpoints.SPACE_OPEN)
def open_space(req: AddonRequest):
    cursor = req.event.param("cursor")
    card = space_view_card(req, _space_id(req), cursor)
    return responses.update(card) if cursor else responses.push(card)


@addon_endpoint(endpoints.SPACE_JOIN)
def join(req: AddonRequest):
    space = spaces.join_space(req.db, req.actor, _space_id(req))
    message = req._("Welcome to %(space)s!", space=space.name) if space.my_role else \
        req._("Your request to join has been sent to the space's owners.")
    return responses.update(space_view_card(req, space.id), message)
