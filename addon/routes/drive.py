"""Drive: the selected file's card, and what can be done from it."""

from addon import endpoints, responses
from addon.cards.composer import composer_card
from addon.cards.data import ComposerData, FileCardData, SelectedFile
from addon.cards.drive import file_card, selection_card
from addon.cards.common import postable
from addon.drive_files import item_from_parameters, selected_file
from addon.pipeline import AddonRequest, addon_endpoint
from server.rate_limits import limited
from addon.routes.home import home_card
from social.services import files, spaces


def _file_card(req: AddonRequest, selected: SelectedFile, cursor: str | None = None) -> dict:
    def build() -> dict:
        overview = files.file_overview(req.db, req.actor, selected.ref, cursor=cursor)
        return file_card(req.ctx, FileCardData(selected=selected, overview=overview))

    return req.cached_card("drive_file", (selected, cursor), build)


def _postable_spaces(req: AddonRequest):
    return postable(spaces.list_spaces(req.db, req.actor, mine_only=True,
                                       include_archived=False, limit=100).items)


@addon_endpoint(endpoints.DRIVE_ITEMS_SELECTED, trigger=True)
def items_selected(req: AddonRequest):
    event = req.event
    items = event.selected_items or ((event.active_item,) if event.active_item else ())
    if not items:
        return responses.trigger(home_card(req))
    if len(items) == 1:
        return responses.trigger(_file_card(req, selected_file(req.runtime, event, items[0])))
    selection = tuple(selected_file(req.runtime, event, item) for item in items)
    composer = ComposerData(spaces=_postable_spaces(req), files=selection)
    return responses.trigger(selection_card(req.ctx, selection, composer))


def _selected(req: AddonRequest) -> SelectedFile:
    return selected_file(req.runtime, req.event, item_from_parameters(req.event))


@addon_endpoint(endpoints.DRIVE_COMMENT)
@limited("comment")
def comment(req: AddonRequest):
    selected = _selected(req)
    files.comment_on_file(req.db, req.actor, selected.ref, req.event.form_value("comment"),
                          req.event.int_param("parentId"))
    return responses.update(_file_card(req, selected), req._("Comment posted."))


@addon_endpoint(endpoints.DRIVE_LIKE)
@limited("reaction")
def like(req: AddonRequest):
    selected = _selected(req)
    files.react_to_file(req.db, req.actor, selected.ref)
    return responses.update(_file_card(req, selected), req._("You like this file."))


@addon_endpoint(endpoints.DRIVE_UNLIKE)
@limited("reaction")
def unlike(req: AddonRequest):
    selected = _selected(req)
    files.unreact_to_file(req.db, req.actor, selected.ref)
    return responses.update(_file_card(req, selected), req._("Like removed."))


@addon_endpoint(endpoints.DRIVE_MORE_COMMENTS)
def more_comments(req: AddonRequest):
    return responses.update(_file_card(req, _selected(req), req.event.param("cursor")))


@addon_endpoint(endpoints.DRIVE_REQUEST_ACCESS)
def request_access(req: AddonRequest):
    return responses.request_file_scope(item_from_parameters(req.event).id)


@addon_endpoint(endpoints.DRIVE_COMPOSE)
def compose(req: AddonRequest):
    composer = ComposerData(spaces=_postable_spaces(req), files=(_selected(req),))
    return responses.push(composer_card(req.ctx, composer))
