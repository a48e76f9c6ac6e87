"""Domain errors: the web and add-on layers turn them into 404, 403, 400 or 409.

Each carries an English message id (translated where it is shown) and its
parameters, so the person acting reads it in their own language.
"""

from core.i18n import N_


class DomainError(Exception):
    default_message = N_("Something went wrong.")

    def __init__(self, message: str | None = None, *, field: str | None = None, **params):
        self.message = message or self.default_message
        self.field = field
        self.params = params
        super().__init__(self.message % params if params else self.message)


class NotFound(DomainError):
    """Missing, or not to be revealed: another tenant's object, a secret space."""

    default_message = N_("This item does not exist or is not visible to you.")


class Forbidden(DomainError):
    """Known to the person, but not theirs to do."""

    default_message = N_("You are not allowed to do this.")


class InvalidInput(DomainError):
    default_message = N_("This input is not valid.")


class Conflict(DomainError):
    default_message = N_("This change conflicts with the current state.")
