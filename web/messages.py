"""Translated text for route code: flashed messages and the errors of a refused form."""

from __future__ import annotations

from server.i18n import request_translator
from social.errors import DomainError


def _(message: str, **params) -> str:
    """gettext in the current person's language (extracted like the templates' `_`)."""
    return request_translator().gettext(message, **params)


def form_errors(error: DomainError) -> dict[str, str]:
    """{field: translated message}; a form shows each next to its field ("form" on top)."""
    return {error.field or "form": _(error.message, **error.params)}
