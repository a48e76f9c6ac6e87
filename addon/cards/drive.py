"""Drive: one selected file's life in the firm, or several files to post together."""

from __future__ import annotations

from addon import endpoints
from addon.cards.common import (comment_form, like_button, likes_text, person_name,
                                thread_widgets, when)
from addon.cards.composer import composer_widgets
from addon.cards.context import CardContext
from addon.cards.data import ComposerData, FileCardData, SelectedFile
from addon.cards.widgets import (action, button, buttons, card, decorated, escape, known_icon,
                                 material_icon, section, sections, text)
from core.i18n import N_

AUDIENCE = {
    "public": (N_("Public: anyone with the link can open it"), "public"),
    "domain": (N_("Shared with everyone at %(domain)s"), "domain"),
    "restricted": (N_("Restricted: only the people it is shared with can open it"), "lock"),
}


def file_target(selected: SelectedFile) -> dict[str, str]:
    """The parameters that name a Drive file in every action about it."""
    return {"fileId": selected.ref.google_id, "title": selected.ref.title,
            "mimeType": selected.ref.mime_type}


def access_widgets(ctx: CardContext, selected: SelectedFile) -> list:
    if selected.audience in AUDIENCE:
        message, icon = AUDIENCE[selected.audience]
        domain = ", ".join(selected.domains) or ""
        return [decorated(escape(ctx._(message, domain=domain) if "%(domain)s" in message
                                 else ctx._(message)), icon=material_icon(icon))]
    if not selected.has_file_scope:
        return [
            text(escape(ctx._("Allow Comptoir to read this file's sharing settings, to warn "
                              "you when colleagues cannot open it."))),
            buttons(button(ctx._("Allow access to this file"),
                           action(ctx, endpoints.DRIVE_REQUEST_ACCESS,
                                  **file_target(selected)), icon=material_icon("lock_open"))),
        ]
    return [text(escape(ctx._("Comptoir could not read this file's sharing settings.")))]


def file_card(ctx: CardContext, data: FileCardData) -> dict:
    overview, selected = data.overview, data.selected
    target = file_target(selected)
    placements = [decorated(escape(placement.space.name),
                            bottom=f"{escape(person_name(ctx, placement.author))} · "
                                   f"{when(ctx, placement.created_at)}",
                            icon=known_icon("MULTIPLE_PEOPLE"),
                            on_click=action(ctx, endpoints.POST_OPEN, postId=placement.post_id))
                  for placement in overview.placements]
    comments_header = ctx.t.ngettext("Discussion (%(num)s comment)",
                                     "Discussion (%(num)s comments)", overview.comment_count)
    return card(
        title=selected.ref.title or ctx._("Drive file"),
        subtitle=selected.ref.mime_type or None,
        name="file",
        sections=[
            section(access_widgets(ctx, selected), header=escape(ctx._("Who can open it"))),
            section([decorated(escape(likes_text(ctx, overview.reactions)),
                               icon=material_icon("thumb_up"),
                               button=like_button(ctx, overview.reactions, endpoints.DRIVE_LIKE,
                                                  endpoints.DRIVE_UNLIKE, **target))]),
            section(placements or [text(escape(ctx._("Not posted in any space yet.")))],
                    header=escape(ctx._("Posted in")), collapsible=True, visible=3),
            sections(thread_widgets(ctx, overview.comments, reply_target=target,
                                    more_path=endpoints.DRIVE_MORE_COMMENTS),
                     header=escape(comments_header)),
            section(comment_form(ctx, endpoints.DRIVE_COMMENT, **target)),
        ],
        footer=button(ctx._("Post into a space"), action(ctx, endpoints.DRIVE_COMPOSE,
                                                         **target),
                      icon=material_icon("send")),
    )


def selection_card(ctx: CardContext, files: tuple[SelectedFile, ...],
                   composer: ComposerData) -> dict:
    """Several files selected: post them together into a space."""
    listed = [decorated(escape(selected.ref.title), icon=known_icon("DESCRIPTION"),
                        bottom=escape(_audience_label(ctx, selected)))
              for selected in files]
    return card(
        title=ctx.t.ngettext("%(num)s file selected", "%(num)s files selected", len(files)),
        name="selection",
        sections=[
            section(listed, header=escape(ctx._("Selected files")), collapsible=True, visible=5),
            section(composer_widgets(ctx, composer),
                    header=escape(ctx._("Post them together into a space"))),
        ],
    )


def _audience_label(ctx: CardContext, selected: SelectedFile) -> str:
    if selected.audience == "public":
        return ctx._("Public")
    if selected.audience == "domain":
        return ctx._("Shared with the firm")
    if selected.audience == "restricted":
        return ctx._("Restricted")
    return ctx._("Sharing unknown")
