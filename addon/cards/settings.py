"""My settings: language and e-mail digests."""

from __future__ import annotations

from addon import endpoints
from addon.cards.context import CardContext
from addon.cards.data import SettingsData
from addon.cards.widgets import (action, button, buttons, card, material_icon, open_link, radio,
                                 section)


def settings_card(ctx: CardContext, data: SettingsData) -> dict:
    languages = [("auto", ctx._("Same as Google")), ("fr", "Français"), ("en", "English")]
    digests = [("daily", ctx._("Every morning")), ("weekly", ctx._("Every Monday")),
               ("off", ctx._("Never"))]
    return card(title=ctx._("Settings"), name="settings", sections=[
        section([radio("language", ctx._("Language"), languages,
                       data.preferred_language or "auto")]),
        section([radio("digest", ctx._("E-mail digest of what matters"), digests,
                       data.digest_frequency)]),
        section([buttons(
            button(ctx._("Save"), action(ctx, endpoints.SETTINGS_SAVE),
                   icon=material_icon("save"), filled=True),
            button(ctx._("Edit my profile"), open_link(data.profile_url),
                   icon=material_icon("edit")))]),
    ])
