"""Pieces shared by several cards: a post in a list, reactions, a comment thread."""

from __future__ import annotations

from typing import Iterable

from addon import endpoints
from addon.cards.context import CardContext
from addon.cards.widgets import (Widget, action, button, buttons, decorated, escape, excerpt,
                                 known_icon, material_icon, open_link, text, text_input)
from core.i18n import N_
from social.models import REACTION_EMOJI, ReactionKind
from social.pagination import Page
from social.policy import Access
from social.privacy.pseudonyms import FORMER_MEMBER
from social.views import CommentView, FileRef, PostView, Reactions, SpaceView

MAX_VISIBLE_DEPTH = 4
COMMENT_LENGTH = 1200

VISIBILITY_LABELS = {
    "public": N_("Public"),
    "private": N_("Private"),
    "secret": N_("Secret"),
}


def when(ctx: CardContext, moment) -> str:
    return ctx.t.datetime(moment, format="short")


def person_name(ctx: CardContext, person) -> str:
    """A person's name; an erased person's placeholder in the reader's language."""
    if person is None:
        return ""
    return ctx._(FORMER_MEMBER) if person.name == FORMER_MEMBER else person.name


def post_byline(ctx: CardContext, post: PostView, *, with_space: bool = True) -> str:
    parts = [escape(person_name(ctx, post.author))]
    if with_space:
        parts.append(escape(post.space.name))
    parts.append(when(ctx, post.created_at))
    return " · ".join(parts)


def reactions_line(ctx: CardContext, reactions: Reactions, comment_count: int | None = None) -> str:
    parts = [f"{REACTION_EMOJI[ReactionKind(c.kind)]} {c.count}" for c in reactions.counts
             if c.kind in set(ReactionKind)]
    if comment_count is not None:
        parts.append(f"💬 {comment_count}")
    return " · ".join(parts) if parts else ctx._("No reactions yet")


def post_summary(ctx: CardContext, post: PostView, *, with_space: bool = True) -> Widget:
    """One post in a list: who, where, when, the start of its text; opens the thread."""
    marks = ("📌 " if post.pinned else "") + ("⭐ " if post.featured else "")
    return decorated(marks + excerpt(post.body_md, 200), top=post_byline(ctx, post,
                                                                         with_space=with_space),
                     bottom=reactions_line(ctx, post.reactions, post.comment_count),
                     on_click=action(ctx, endpoints.POST_OPEN, postId=post.id))


def like_button(ctx: CardContext, reactions: Reactions, like_path: str, unlike_path: str,
                **target) -> Widget:
    if reactions.mine(ReactionKind.LIKE):
        return button(ctx._("Unlike"), action(ctx, unlike_path, **target),
                      icon=material_icon("thumb_up"))
    return button(ctx._("Like"), action(ctx, like_path, **target),
                  icon=material_icon("thumb_up_off_alt"))


def likes_text(ctx: CardContext, reactions: Reactions) -> str:
    count = reactions.count(ReactionKind.LIKE)
    if reactions.mine(ReactionKind.LIKE):
        others = count - 1
        if others == 0:
            return ctx._("You like this")
        return ctx.t.ngettext("You and %(num)s other person like this",
                              "You and %(num)s other people like this", others)
    if count == 0:
        return ctx._("Nobody has liked this yet")
    return ctx.t.ngettext("%(num)s person likes this", "%(num)s people like this", count)


def comment_widget(ctx: CardContext, comment: CommentView, reply: dict | None) -> Widget:
    """A comment, indented by depth; a deleted one with replies stays as a placeholder."""
    depth = min(comment.depth, MAX_VISIBLE_DEPTH)
    indent = "↳ " * depth if depth else ""
    if comment.deleted:
        deleted = escape(ctx._("Comment deleted"))
        return decorated(f"{indent}<i>{deleted}</i>")
    body = comment.body_md if len(comment.body_md) <= COMMENT_LENGTH else \
        comment.body_md[:COMMENT_LENGTH] + "…"
    label = f"{indent}{escape(person_name(ctx, comment.author))} · " \
            f"{when(ctx, comment.created_at)}"
    if comment.edited_at:
        edited = escape(ctx._("edited"))
        label += f" · {edited}"
    reply_button = button(ctx._("Reply"), action(ctx, endpoints.REPLY_COMPOSE, **reply)) \
        if reply is not None else None
    return decorated(escape(body), top=label, button=reply_button)


def thread_widgets(ctx: CardContext, comments: Page[CommentView], *, reply_target: dict,
                   more_path: str, can_reply: bool = True) -> list[Widget]:
    """A page of a thread; `reply_target` names the post or file to come back to."""
    widgets: list[Widget] = []
    for comment in comments.items:
        reply = dict(reply_target, discussionId=comment.discussion_id, parentId=comment.id) \
            if can_reply and not comment.deleted else None
        widgets.append(comment_widget(ctx, comment, reply))
    if comments.next_cursor:
        widgets.append(buttons(button(ctx._("More comments"),
                                      action(ctx, more_path, **reply_target,
                                             cursor=comments.next_cursor))))
    if not widgets:
        widgets.append(text(escape(ctx._("No comments yet. Be the first to say something."))))
    return widgets


def comment_form(ctx: CardContext, path: str, **target) -> list[Widget]:
    return [text_input("comment", ctx._("Your comment"),
                       hint=ctx._("Markdown, @mentions and #hashtags work here")),
            buttons(button(ctx._("Comment"), action(ctx, path, **target),
                           icon=material_icon("send"), filled=True))]


def file_widget(ctx: CardContext, file: FileRef) -> Widget:
    on_click = open_link(file.url) if file.url else None
    return decorated(escape(file.title), icon=known_icon("DESCRIPTION"), on_click=on_click)


def space_widget(ctx: CardContext, space: SpaceView) -> Widget:
    label = ctx._(VISIBILITY_LABELS.get(space.visibility, VISIBILITY_LABELS["public"]))
    members = ctx.t.ngettext("%(num)s member", "%(num)s members", space.member_count)
    if space.archived:
        label += " · " + ctx._("Archived")
    return decorated(escape(space.name), bottom=f"{escape(label)} · {escape(members)}",
                     icon=known_icon("MULTIPLE_PEOPLE"),
                     on_click=action(ctx, endpoints.SPACE_OPEN, spaceId=space.id))


def postable(spaces: Iterable[SpaceView]) -> list[SpaceView]:
    """Spaces the viewer may post in: member of, and not archived."""
    return [space for space in spaces if space.access >= Access.CONTRIBUTE and not space.archived]


def web_link(ctx: CardContext, path: str = "/") -> dict:
    return open_link(ctx.url(path))
