"""Writing a post from the add-on, and the warning when some members cannot open a file."""

from __future__ import annotations

import json

from addon import endpoints
from addon.cards.common import file_widget
from addon.cards.context import CardContext
from addon.cards.data import ComposerData, SelectedFile, WarningData
from addon.cards.widgets import (Widget, action, button, buttons, card, decorated, dropdown,
                                 escape, known_icon, material_icon, section, text, text_input)

MAX_NAMES = 8


def files_parameter(files: tuple[SelectedFile, ...]) -> str | None:
    """The files being posted, carried from card to card as one string parameter."""
    if not files:
        return None
    return json.dumps([{"id": f.ref.google_id, "title": f.ref.title, "mimeType": f.ref.mime_type,
                        "url": f.ref.url} for f in files], ensure_ascii=False,
                      separators=(",", ":"))


def composer_widgets(ctx: CardContext, data: ComposerData, *, confirm: bool = False,
                     label: str | None = None) -> list[Widget]:
    if not data.spaces:
        return [text(escape(ctx._("Join a space to post in it.")))]
    choices = [(str(space.id), space.name) for space in data.spaces]
    selected = str(data.space_id) if data.space_id else choices[0][0]
    return [
        dropdown("space", ctx._("Space"), choices, selected),
        text_input("body", ctx._("Your message"), value=data.body,
                   hint=ctx._("Markdown, @mentions and #hashtags work here")),
        buttons(button(label or ctx._("Publish"),
                       action(ctx, endpoints.PUBLISH, files=files_parameter(data.files),
                              confirm="1" if confirm else None),
                       icon=material_icon("send"), filled=True)),
    ]


def composer_card(ctx: CardContext, data: ComposerData) -> dict:
    files = [file_widget(ctx, selected.ref) for selected in data.files]
    title = ctx._("Post into a space") if data.files else ctx._("New post")
    return card(title=title, name="composer", sections=[
        section(files, header=escape(ctx.t.ngettext("%(num)s file", "%(num)s files",
                                                    len(files))) if files else None),
        section(composer_widgets(ctx, data)),
    ])


def warning_card(ctx: CardContext, data: WarningData) -> dict:
    """Some members of the space cannot open a file: post anyway, or cancel."""
    sections = []
    for gap in data.gaps:
        names = ", ".join(escape(person.name) for person in gap.people[:MAX_NAMES])
        others = gap.total - min(len(gap.people), MAX_NAMES)
        if others > 0:
            names += " " + escape(ctx.t.ngettext("and %(num)s other", "and %(num)s others",
                                                 others))
        sections.append(section([
            decorated(escape(ctx.t.ngettext(
                "%(num)s member of %(space)s cannot open this file",
                "%(num)s members of %(space)s cannot open this file", gap.total,
                space=data.space.name)), top=escape(gap.file.title),
                icon=known_icon("DESCRIPTION")),
            text(names),
        ]))
    if data.unchecked:
        sections.append(section([
            text(escape(ctx._("Comptoir could not check who can open these files:"))),
            *[file_widget(ctx, ref) for ref in data.unchecked]]))
    sections.append(section([
        text(escape(ctx._("Share the file with them in Drive first, or post anyway: they will "
                          "see the post but not the file."))),
        *composer_widgets(ctx, data.composer, confirm=True, label=ctx._("Post anyway")),
        buttons(button(ctx._("Cancel"), action(ctx, endpoints.BACK))),
    ]))
    return card(title=ctx._("Before you post"), subtitle=data.space.name, name="warning",
                sections=sections)
