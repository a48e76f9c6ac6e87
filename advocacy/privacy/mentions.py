"""An erased person named in the gateway's texts of other people's shares.

Texts for X and LinkedIn write a mention as the person's full name (an @handle means
nothing there), and proposals may hold variants with @handles: both are rewritten, the
name to "Former member" in the language of whoever shares or proposed it, the handle to
the pseudonym's (social/privacy/mentions.py reads mentions the same way).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from advocacy.models import Delivery, Proposal
from core.i18n import Translator
from social.models import User
from social.privacy.mentions import replace_handle
from social.privacy.pseudonyms import FORMER_MEMBER


def rewrite_shared_texts(db: Session, tenant_id: int, *, name: str, old_handle: str,
                         new_handle: str) -> int:
    """Rewrites the firm's share texts and proposal variants naming them; the count."""
    placeholders: dict[int | None, str] = {}

    def placeholder(user_id: int | None) -> str:
        if user_id not in placeholders:
            user = db.scalar(select(User).where(User.id == user_id,
                                                User.tenant_id == tenant_id)) if user_id else None
            language = (user.preferred_language or user.locale) if user else "fr"
            placeholders[user_id] = Translator(language).gettext(FORMER_MEMBER)
        return placeholders[user_id]

    def rewritten(text: str, user_id: int | None) -> str:
        text = replace_handle(text, old_handle, new_handle)
        return text.replace(name, placeholder(user_id)) if len(name) >= 3 else text

    changed = 0
    for delivery in db.scalars(select(Delivery).where(Delivery.tenant_id == tenant_id)):
        text = rewritten(delivery.text, delivery.user_id)
        if text != delivery.text:
            delivery.text, changed = text, changed + 1
    for proposal in db.scalars(select(Proposal).where(Proposal.tenant_id == tenant_id)):
        variants = {network: rewritten(body, proposal.proposer_id) if isinstance(body, str)
                    else body for network, body in (proposal.variants or {}).items()}
        if variants != (proposal.variants or {}):
            proposal.variants, changed = variants, changed + 1
    return changed
