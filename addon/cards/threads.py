"""A post with its thread, and the form to answer a comment."""

from __future__ import annotations

from addon import endpoints
from addon.cards.common import (comment_form, comment_widget, file_widget, like_button,
                                likes_text, person_name, post_byline, thread_widgets)
from addon.cards.context import CardContext
from addon.cards.data import ReplyFormData, ThreadCardData
from addon.cards.widgets import (action, button, buttons, card, decorated, escape, excerpt,
                                 material_icon, open_link, section, sections, text,
                                 text_input)

BODY_LENGTH = 4000


def thread_card(ctx: CardContext, data: ThreadCardData) -> dict:
    post = data.post
    target = {"postId": str(post.id)}
    marks = []
    if post.pinned:
        marks.append("📌 " + escape(ctx._("Pinned")))
    if post.featured:
        marks.append("⭐ " + escape(ctx._("Featured")))
    if post.edited_at:
        marks.append(escape(ctx._("edited")))
    return card(
        title=person_name(ctx, post.author),
        subtitle=post.space.name,
        image_url=post.author.avatar_url,
        name=f"post-{post.id}",
        sections=[
            section([
                text(excerpt(post.body_md, BODY_LENGTH)),
                decorated(" · ".join(marks), top=post_byline(ctx, post)) if marks else
                decorated(post_byline(ctx, post)),
            ]),
            section([file_widget(ctx, ref) for ref in post.files],
                    header=escape(ctx._("Attached files")) if post.files else None),
            section([decorated(escape(likes_text(ctx, post.reactions)),
                               icon=material_icon("thumb_up"),
                               button=like_button(ctx, post.reactions, endpoints.POST_LIKE,
                                                  endpoints.POST_UNLIKE, **target))]),
            sections(thread_widgets(ctx, data.comments, reply_target=target,
                                    more_path=endpoints.POST_OPEN),
                     header=escape(ctx.t.ngettext("%(num)s comment", "%(num)s comments",
                                                  post.comment_count))),
            section(comment_form(ctx, endpoints.POST_COMMENT, **target)),
        ],
        footer=button(ctx._("Open in Comptoir"), open_link(ctx.url(f"/posts/{post.id}")),
                      icon=material_icon("open_in_new")),
    )


def reply_card(ctx: CardContext, data: ReplyFormData) -> dict:
    target = {"discussionId": str(data.discussion_id), "parentId": str(data.parent.id)}
    if data.post_id is not None:
        target["postId"] = str(data.post_id)
    if data.file is not None:
        target.update(fileId=data.file.google_id, title=data.file.title,
                      mimeType=data.file.mime_type)
    author = person_name(ctx, data.parent.author)
    return card(
        title=ctx._("Reply to %(name)s", name=author),
        name="reply",
        sections=[
            section([comment_widget(ctx, data.parent, None)]),
            section([
                text_input("reply", ctx._("Your reply")),
                buttons(button(ctx._("Reply"), action(ctx, endpoints.REPLY, **target),
                               icon=material_icon("send"), filled=True),
                        button(ctx._("Cancel"), action(ctx, endpoints.BACK))),
            ]),
        ],
    )
