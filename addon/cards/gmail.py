"""Gmail: post the open message into a space, with its subject, a link and your words."""

from __future__ import annotations

from addon import endpoints
from addon.cards.context import CardContext
from addon.cards.data import GmailData
from addon.cards.widgets import (action, button, buttons, card, decorated, dropdown, escape,
                                 known_icon, material_icon, open_link, section, text, text_input)


def gmail_card(ctx: CardContext, data: GmailData) -> dict:
    if data.readable:
        message = [decorated(escape(data.subject or ctx._("(no subject)")),
                             top=escape(data.sender), icon=known_icon("EMAIL"),
                             on_click=open_link(data.thread_url))]
    else:
        message = [text(escape(ctx._("Comptoir could not read this message's subject; the "
                                     "post will link to the conversation.")))]
    if data.spaces:
        choices = [(str(space.id), space.name) for space in data.spaces]
        form = [
            dropdown("space", ctx._("Space"), choices, choices[0][0]),
            text_input("body", ctx._("Your words"),
                       hint=ctx._("Why does this e-mail matter to the team?")),
            buttons(button(ctx._("Post into the space"),
                           action(ctx, endpoints.GMAIL_PUBLISH, messageId=data.message_id,
                                  threadId=data.thread_id),
                           icon=material_icon("send"), filled=True)),
            text(escape(ctx._("Colleagues see the subject and your words; only the "
                              "conversation's recipients can open it in Gmail."))),
        ]
    else:
        form = [text(escape(ctx._("Join a space to post in it.")))]
    return card(title=ctx._("Share this e-mail"), name="gmail", sections=[
        section(message, header=escape(ctx._("Message"))),
        section(form, header=escape(ctx._("Post it into a space"))),
    ])
