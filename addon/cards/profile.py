"""A person's profile, as they wrote it themselves."""

from __future__ import annotations

from addon.cards.context import CardContext
from addon.cards.widgets import (button, card, decorated, escape, known_icon, material_icon,
                                 open_link, section, text)
from social.views import ProfileView


def profile_card(ctx: CardContext, profile: ProfileView, *, is_me: bool) -> dict:
    person = profile.person
    where = " · ".join(escape(part) for part in (profile.team, profile.site) if part)
    details = [
        decorated(escape(profile.email), icon=known_icon("EMAIL")),
        decorated(where, icon=known_icon("MAP_PIN")) if where else None,
        text(escape(profile.bio)) if profile.bio else None,
    ]
    tags = [
        decorated(escape(", ".join(profile.skills)), top=escape(ctx._("Skills")),
                  icon=known_icon("STAR")) if profile.skills else None,
        decorated(escape(", ".join(profile.passions)), top=escape(ctx._("Passions")),
                  icon=known_icon("EVENT_PERFORMER")) if profile.passions else None,
    ]
    if is_me and not (profile.bio or profile.skills or profile.passions):
        tags.append(text(escape(ctx._("Tell your colleagues what you do and what you love: "
                                      "add skills and passions to your profile."))))
    footer = button(ctx._("Edit my profile"), open_link(ctx.url("/me/profile")),
                    icon=material_icon("edit")) if is_me else \
        button(ctx._("Open in Comptoir"), open_link(ctx.url(f"/people/{person.handle}")),
               icon=material_icon("open_in_new"))
    return card(title=person.name, subtitle=profile.job_title or None,
                image_url=person.avatar_url, name="profile",
                sections=[section(details), section(tags)], footer=footer)
