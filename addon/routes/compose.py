"""Writing posts from the add-on: the composer, publishing (with the audience check),
and posting a Gmail message."""

from addon import endpoints, responses
from addon.cards.common import postable
from addon.cards.composer import composer_card, warning_card
from addon.cards.data import (AudienceGapData, ComposerData, GmailData, ThreadCardData,
                              WarningData)
from addon.cards.threads import thread_card
from addon.cards.gmail import gmail_card
from addon.drive_files import file_info, files_from_parameter, selected_file
from addon.events import MalformedEvent
from core.ids import parse_id
from addon.gmail_messages import gmail_post_body, message_summary
from addon.pipeline import AddonRequest, addon_endpoint
from server.rate_limits import limited
from addon.routes.spaces import space_view_card
from social.services import posts, spaces
from social.pagination import Page
from social.services.publishing import publish_files


def _postable_spaces(req: AddonRequest):
    return postable(spaces.list_spaces(req.db, req.actor, mine_only=True,
                                       include_archived=False, limit=100).items)


def _chosen_space(req: AddonRequest) -> int:
    space_id = parse_id(req.event.form_value("space"))
    if space_id is None:
        raise MalformedEvent("no space chosen", req.event.language)
    return space_id


@addon_endpoint(endpoints.COMPOSE)
def compose(req: AddonRequest):
    composer = ComposerData(spaces=_postable_spaces(req), space_id=req.event.int_param("spaceId"))
    return responses.push(composer_card(req.ctx, composer))


@addon_endpoint(endpoints.PUBLISH)
@limited("post")
def publish(req: AddonRequest):
    event = req.event
    space_id, body = _chosen_space(req), event.form_value("body")
    items = files_from_parameter(event)
    selected = tuple(selected_file(req.runtime, event, item) for item in items)
    audiences = [info for info in (file_info(req.runtime, event, item) for item in items) if info]
    outcome = publish_files(req.db, req.actor, space_id, body, [f.ref for f in selected],
                            audiences, confirmed=event.param("confirm") == "1")
    if outcome.post is None:
        composer = ComposerData(spaces=_postable_spaces(req), files=selected, body=body,
                                space_id=space_id)
        space = spaces.get_space(req.db, req.actor, space_id)
        gaps = tuple(AudienceGapData(gap.file, gap.people, gap.total) for gap in outcome.gaps)
        return responses.update(warning_card(req.ctx, WarningData(
            composer=composer, space=space, gaps=gaps, unchecked=outcome.unchecked)))
    # The new post as it was written (no statement to read it again): the space is one
    # click away, and its card would cost a request of its own.
    return responses.update(thread_card(req.ctx, ThreadCardData(post=outcome.post,
                                                                comments=Page())),
                            req._("Posted in %(space)s.", space=outcome.post.space.name))


@addon_endpoint(endpoints.GMAIL_MESSAGE, trigger=True)
def gmail_message(req: AddonRequest):
    summary = message_summary(req.runtime, req.event)
    return responses.trigger(gmail_card(req.ctx, GmailData(
        message_id=summary.message_id, thread_id=summary.thread_id, subject=summary.subject,
        sender=summary.sender, thread_url=summary.thread_url, readable=summary.readable,
        spaces=_postable_spaces(req))))


@addon_endpoint(endpoints.GMAIL_PUBLISH)
@limited("post")
def gmail_publish(req: AddonRequest):
    summary = message_summary(req.runtime, req.event)
    space_id = _chosen_space(req)
    post = posts.create_post(req.db, req.actor, space_id,
                             gmail_post_body(req.ctx.t, summary, req.event.form_value("body")))
    return responses.update(space_view_card(req, space_id),
                            req._("Posted in %(space)s.", space=post.space.name))
