"""What every card builder needs besides its data: language, time, and where actions go."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from core.i18n import Translator
from social.views import PersonRef


@dataclass(frozen=True)
class CardContext:
    t: Translator
    base_url: str
    now: datetime
    viewer: PersonRef | None = None
    host_app: str = ""

    def _(self, message: str, **params) -> str:
        return self.t.gettext(message, **params)

    def in_language(self, language: str) -> "CardContext":
        return replace(self, t=self.t.with_language(language))

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path
