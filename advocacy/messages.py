"""Why a delivery failed or was cancelled, in words the person can act on.

`Delivery.failure_code` stores the key; pages and cards translate the message.
"""

from core.i18n import N_

FAILURES = {
    "rejected": N_("The network refused this post: %(detail)s. Edit your note or ask the "
                   "author for a shorter or different text, then share again."),
    "transient": N_("The network kept failing (%(detail)s); we stopped retrying. Share "
                    "again later."),
    "expired": N_("The offer closed before this share could go out."),
    "retracted": N_("The post was withdrawn from sharing."),
    "changed": N_("The post changed after its approval: it must be approved again."),
    "disconnected": N_("Your account was disconnected."),
    "consent_withdrawn": N_("You withdrew your standing consent."),
    "not_approved": N_("The post is no longer approved for sharing."),
    "account_missing": N_("No connected account to publish with: connect it again."),
    "rules_changed": N_("The publication rules changed before this share went out: they no "
                        "longer allow it."),
}


def failure_message(code: str | None) -> str | None:
    return FAILURES.get(code) if code else None
