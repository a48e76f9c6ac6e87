"""An erased person's content, kept, reads "Former member" in the add-on reader's language."""

from __future__ import annotations

from datetime import datetime, timezone

from addon.cards.common import person_name
from addon.cards.context import CardContext
from core.i18n import Translator
from social.privacy.pseudonyms import FORMER_MEMBER
from social.views import PersonRef


def context(language: str) -> CardContext:
    return CardContext(t=Translator(language, "Europe/Paris"),
                       base_url="https://comptoir.example.fr",
                       now=datetime(2026, 3, 10, tzinfo=timezone.utc))


def test_the_placeholder_is_translated_and_real_names_are_not():
    erased = PersonRef(id=7, name=FORMER_MEMBER, handle="former-member-7")
    assert person_name(context("fr"), erased) == "Ancien membre"
    assert person_name(context("en"), erased) == "Former member"
    assert person_name(context("fr"), PersonRef(id=8, name="Léa Martin", handle="lea")) == \
        "Léa Martin"
    assert person_name(context("fr"), None) == ""
