"""A post's thread: read it, like it, comment, reply."""

from addon import endpoints, responses
from addon.cards.data import ReplyFormData, ThreadCardData
from addon.cards.threads import reply_card, thread_card
from addon.drive_files import item_from_parameters, selected_file
from addon.events import MalformedEvent
from addon.pipeline import AddonRequest, addon_endpoint
from server.rate_limits import limited
from addon.routes.drive import _file_card
from social.services import comments, reactions
from social.services.access import DiscussionAccess, load_post_discussion
from social.services.overviews import ThreadOverview, discussed_post, thread_overview


def _thread(req: AddonRequest, post_id: int, cursor: str | None = None) -> dict:
    return _card(req, thread_overview(req.db, req.actor, post_id, cursor=cursor))


def _card(req: AddonRequest, overview: ThreadOverview) -> dict:
    return thread_card(req.ctx, ThreadCardData(post=overview.post, comments=overview.comments))


def _discussion(req: AddonRequest) -> DiscussionAccess:
    """The post's discussion, loaded once: checked before the change, and its post shown
    again after it (a like or a comment stays within a few statements)."""
    return load_post_discussion(req.db, req.actor, _post_id(req))


def _post_id(req: AddonRequest) -> int:
    post_id = req.event.int_param("postId")
    if post_id is None:
        raise MalformedEvent("no postId parameter", req.event.language)
    return post_id


@addon_endpoint(endpoints.POST_OPEN)
def open_post(req: AddonRequest):
    cursor = req.event.param("cursor")
    card = _thread(req, _post_id(req), cursor)
    return responses.update(card) if cursor else responses.push(card)


@addon_endpoint(endpoints.POST_LIKE)
@limited("reaction")
def like(req: AddonRequest):
    discussion = _discussion(req)
    reactions.add_reaction(req.db, req.actor, discussion)
    return responses.update(_card(req, discussed_post(req.db, req.actor, discussion)),
                            req._("You like this post."))


@addon_endpoint(endpoints.POST_UNLIKE)
@limited("reaction")
def unlike(req: AddonRequest):
    discussion = _discussion(req)
    reactions.remove_reaction(req.db, req.actor, discussion)
    return responses.update(_card(req, discussed_post(req.db, req.actor, discussion)),
                            req._("Like removed."))


@addon_endpoint(endpoints.POST_COMMENT)
@limited("comment")
def comment(req: AddonRequest):
    discussion = _discussion(req)
    comments.add_comment(req.db, req.actor, discussion.discussion.id,
                         req.event.form_value("comment"), loaded=discussion)
    return responses.update(_card(req, discussed_post(req.db, req.actor, discussion)),
                            req._("Comment posted."))


def _reply_target(req: AddonRequest) -> tuple[int, int]:
    discussion_id = req.event.int_param("discussionId")
    parent_id = req.event.int_param("parentId")
    if discussion_id is None or parent_id is None:
        raise MalformedEvent("no discussionId or parentId", req.event.language)
    return discussion_id, parent_id


@addon_endpoint(endpoints.REPLY_COMPOSE)
def reply_form(req: AddonRequest):
    discussion_id, parent_id = _reply_target(req)
    parent = comments.get_comment(req.db, req.actor, parent_id)
    if parent.discussion_id != discussion_id:
        raise MalformedEvent("comment and discussion do not match", req.event.language)
    file = item_from_parameters(req.event) if req.event.param("fileId") else None
    return responses.push(reply_card(req.ctx, ReplyFormData(
        discussion_id=discussion_id, parent=parent, post_id=req.event.int_param("postId"),
        file=selected_file(req.runtime, req.event, file).ref if file else None)))


@addon_endpoint(endpoints.REPLY)
@limited("comment")
def reply(req: AddonRequest):
    discussion_id, parent_id = _reply_target(req)
    comments.add_comment(req.db, req.actor, discussion_id, req.event.form_value("reply"),
                         parent_id)
    if req.event.param("fileId"):
        item = item_from_parameters(req.event)
        refreshed = _file_card(req, selected_file(req.runtime, req.event, item))
    else:
        refreshed = _thread(req, _post_id(req))
    return responses.back(req._("Reply posted."), refreshed)
