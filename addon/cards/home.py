"""The homepage: a composer, my feed, my spaces."""

from __future__ import annotations

from addon import endpoints
from addon.cards.common import post_summary, postable, space_widget, web_link
from addon.cards.composer import composer_widgets
from addon.cards.context import CardContext
from addon.cards.data import ComposerData, HomeData
from addon.cards.sharing import home_section as sharing_section
from addon.cards.widgets import (action, button, buttons, card, escape, material_icon, section,
                                 text)


def homepage_card(ctx: CardContext, data: HomeData) -> dict:
    spaces = postable(data.spaces)
    feed = [post_summary(ctx, post) for post in data.feed.items]
    if not feed:
        feed = [text(escape(ctx._("Nothing here yet: join a space or write the first post.")))]
    if data.feed.next_cursor:
        feed.append(buttons(button(ctx._("Older posts"),
                                   action(ctx, endpoints.FEED, cursor=data.feed.next_cursor))))
    return card(
        title="Comptoir",
        subtitle=data.firm_name or None,
        name="home",
        sections=[
            section(composer_widgets(ctx, ComposerData(spaces=spaces)),
                    header=escape(ctx._("Share something")), collapsible=True, visible=1),
            sharing_section(ctx, data.sharing) if data.sharing else None,
            section(feed, header=escape(ctx._("Your feed"))),
            section([space_widget(ctx, space) for space in data.spaces[:30]]
                    or [text(escape(ctx._("You have not joined any space yet.")))],
                    header=escape(ctx._("Your spaces")), collapsible=True, visible=5),
        ],
        footer=button(ctx._("Open Comptoir"), web_link(ctx), icon=material_icon("open_in_new")),
    )


def feed_page_card(ctx: CardContext, data: HomeData) -> dict:
    """Older posts of the feed, when "Older posts" is pressed."""
    feed = [post_summary(ctx, post) for post in data.feed.items]
    if data.feed.next_cursor:
        feed.append(buttons(button(ctx._("Older posts"),
                                   action(ctx, endpoints.FEED, cursor=data.feed.next_cursor))))
    return card(title=ctx._("Your feed"), name="feed",
                sections=[section(feed or [text(escape(ctx._("No older posts.")))])])
