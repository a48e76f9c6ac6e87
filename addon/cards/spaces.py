"""A space: what it is for, its pinned posts, its feed, and joining or posting."""

from __future__ import annotations

from addon import endpoints
from addon.cards.common import VISIBILITY_LABELS, post_summary, web_link
from addon.cards.composer import composer_widgets
from addon.cards.context import CardContext
from addon.cards.data import ComposerData, SpaceCardData
from addon.cards.widgets import (action, button, buttons, card, escape, material_icon, section,
                                 text)
from social.policy import Access


def space_card(ctx: CardContext, data: SpaceCardData) -> dict:
    space = data.space
    summary = ctx._(VISIBILITY_LABELS.get(space.visibility, VISIBILITY_LABELS["public"])) + \
        " · " + ctx.t.ngettext("%(num)s member", "%(num)s members", space.member_count)
    about = [text(escape(space.description))] if space.description else []
    if space.archived:
        about.append(text(escape(ctx._("This space is archived: it can be read, not changed."))))
    elif space.my_role is None:
        about.append(_join_widget(ctx, space))
    feed = [post_summary(ctx, post, with_space=False) for post in data.feed.items]
    if data.feed.next_cursor:
        feed.append(buttons(button(ctx._("Older posts"),
                                   action(ctx, endpoints.SPACE_OPEN, spaceId=space.id,
                                          cursor=data.feed.next_cursor))))
    can_post = space.access >= Access.CONTRIBUTE and not space.archived
    return card(
        title=space.name,
        subtitle=summary,
        name=f"space-{space.id}",
        sections=[
            section(about),
            section([post_summary(ctx, post, with_space=False) for post in data.pinned],
                    header=escape(ctx._("Pinned"))),
            section(composer_widgets(ctx, ComposerData(spaces=[space], space_id=space.id))
                    if can_post else [], header=escape(ctx._("Share something")),
                    collapsible=True, visible=1),
            section(feed or [text(escape(ctx._("No posts in this space yet.")))],
                    header=escape(ctx._("Latest posts"))),
        ],
        footer=button(ctx._("Open in Comptoir"), web_link(ctx, f"/spaces/{space.id}"),
                      icon=material_icon("open_in_new")),
    )


def _join_widget(ctx: CardContext, space):
    if space.pending_request:
        return text(escape(ctx._("Your request to join has been sent to the space's owners.")))
    label = ctx._("Join") if space.visibility == "public" else ctx._("Ask to join")
    return buttons(button(label, action(ctx, endpoints.SPACE_JOIN, spaceId=space.id),
                          icon=material_icon("group_add"), filled=True))
