"""Everything on a person's settings page, read in one call."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from social.actor import Actor
from social.notifications.levels import SpaceLevel, space_levels
from social.services.access import load_person
from social.services.feed_tokens import FeedTokenView, list_feed_tokens
from social.services.people import FOLLOW_GOOGLE


@dataclass(frozen=True)
class SettingsScreen:
    language: str        # "fr", "en", or FOLLOW_GOOGLE
    google_language: str  # what Google says, shown next to "same as Google"
    time_zone: str
    digest_frequency: str
    levels: list[SpaceLevel]
    feed_tokens: list[FeedTokenView]


def settings_screen(db: Session, actor: Actor) -> SettingsScreen:
    user = load_person(db, actor, actor.user_id)
    return SettingsScreen(language=user.preferred_language or FOLLOW_GOOGLE,
                          google_language=user.locale, time_zone=user.time_zone,
                          digest_frequency=user.digest_frequency,
                          levels=space_levels(db, actor),
                          feed_tokens=list_feed_tokens(db, actor))
