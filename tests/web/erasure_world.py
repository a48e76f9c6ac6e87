"""A person with something in every corner of Comptoir, for the erasure and export tests.

Philomène Zaborowska's identifiers are unusual on purpose: finding any of them anywhere
after her erasure means it was left behind, never that someone else shares it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from advocacy.models import Delivery, DeliveryStatus
from advocacy.services import accounts, approvals, consents, proposals, rules, sharing
from social.actor import Actor
from social.models import OAuthFlow, User
from social.moderation import reports
from social.notifications import levels
from social.services import comments, feed_tokens, people, posts, profiles, reactions
from tests.factories import Firm, make_firm, make_person, make_post, make_space
from tests.web.advocacy.world import BASE_URL, rules_document

NAME = "Philomène Zaborowska"
EMAIL = "philomene.zaborowska@atelier.fr"
HANDLE = "philomene.zaborowska"
AVATAR = "https://lh3.googleusercontent.com/a/portrait-zaborowska-31337"
BIO = "Dompteuse de xylophones quantiques depuis 2009"
X_MEMBER, LINKEDIN_MEMBER = "x-member-zab-777", "urn:li:person:zabLinked42"
X_ACCESS, X_REFRESH = "x-access-token-zab-Q1w2E3", "x-refresh-token-zab-R4t5Y6"
LINKEDIN_ACCESS = "linkedin-access-token-zab-U7i8O9"
PUBLISHED_URL = "https://x.com/philo_zab/status/1234567"
HER_POST = "Le plan du quartier nord est prêt"
HER_EDITED_POST = "Le plan du quartier nord est prêt, deuxième version"
HER_COMMENT = "Avec plaisir, la légende suit demain"


@dataclass(frozen=True)
class ErasureWorld:
    firm: Firm
    philo: Actor
    hugo: Actor
    space_id: int
    her_post_id: int
    hugo_post_id: int
    her_comment_id: int
    feed_token: str
    other_firm: Firm
    zoe: Actor

    def identifiers(self, google_sub: str) -> dict[str, str]:
        """What names her, by what it is; searched case-insensitively, accents folded too."""
        return {"e-mail": EMAIL, "first name": "Philomène", "first name, folded": "philomene",
                "last name": "Zaborowska", "handle": HANDLE, "google subject": google_sub,
                "avatar": AVATAR, "bio": BIO, "skill": "xylophonie", "X account": X_MEMBER,
                "LinkedIn account": LINKEDIN_MEMBER, "X access token": X_ACCESS,
                "X refresh token": X_REFRESH, "LinkedIn access token": LINKEDIN_ACCESS,
                "feed token": self.feed_token, "published URL": PUBLISHED_URL}


def build_erasure_world(db: Session, cipher, now: datetime | None = None) -> ErasureWorld:
    now = now or datetime.now(timezone.utc)
    firm = make_firm(db, "atelier.fr", "Alice Admin")
    philo = make_person(db, firm, NAME)
    hugo = make_person(db, firm, "Hugo Bernard")
    space_id = make_space(db, hugo, "Projets", members=(philo,))
    rules.set_rules(db, firm.admin, rules_document())
    user = db.scalar(select(User).where(User.id == philo.user_id))
    user.avatar_url = AVATAR
    db.commit()
    people.set_tenant_role(db, firm.admin, philo.user_id, "admin")  # audited, about her
    people.set_tenant_role(db, firm.admin, philo.user_id, "member")
    profiles.update_profile(db, philo, job_title="Cartographe", bio=BIO, skills=["xylophonie"],
                            passions=["Phares"])
    people.update_preferences(db, philo, language="en", time_zone="Europe/Brussels",
                              digest_frequency="daily")
    levels.set_space_levels(db, philo, {space_id: "all"})
    token, _view = feed_tokens.create_feed_token(db, philo, "Lecteur de flux")

    her_post = make_post(db, philo, space_id, HER_POST)
    posts.edit_post(db, philo, her_post.id, HER_EDITED_POST)  # an edit history
    hugo_post = make_post(db, hugo, space_id, f"Merci @{HANDLE} pour la carte !")  # mentions her
    her_comment = comments.add_comment(db, philo, hugo_post.discussion_id, HER_COMMENT)
    comments.add_comment(db, hugo, hugo_post.discussion_id, "Parfait", parent_id=her_comment.id)
    comments.add_comment(db, hugo, her_post.discussion_id, "Bravo pour le plan")
    reactions.react(db, philo, hugo_post.discussion_id, "heart")   # notifies Hugo, about her
    reactions.react(db, hugo, her_post.discussion_id, "like")
    reports.report_content(db, philo, post_id=hugo_post.id, reason="other",
                           details="Signalé par Philomène, par erreur")

    for network, member, access, refresh in (("x", X_MEMBER, X_ACCESS, X_REFRESH),
                                             ("linkedin", LINKEDIN_MEMBER, LINKEDIN_ACCESS,
                                              None)):
        accounts.connect_account(db, philo, network, member_id=member,
                                 display_name=f"{NAME} ({network})", access_token=access,
                                 refresh_token=refresh, expires_at=None, cipher=cipher, now=now)
    proposal = proposals.propose_share(db, philo, her_post.id, base_url=BASE_URL, now=now)
    approvals.approve(db, firm.admin, proposal.id, base_url=BASE_URL, now=now)
    sharing.share_at_slot(db, philo, proposal.id, "linkedin", now + timedelta(hours=2),
                          base_url=BASE_URL, now=now)
    sent = sharing.share_at_slot(db, philo, proposal.id, "x", now + timedelta(hours=1),
                                 base_url=BASE_URL, now=now)
    delivery = db.scalar(select(Delivery).where(Delivery.id == sent.id))
    delivery.status, delivery.sent_at = DeliveryStatus.SENT, now
    delivery.external_id, delivery.external_url = "1234567", PUBLISHED_URL
    consents.give_consent(db, philo, space_id, "linkedin", now=now)
    # Hugo shares his post that mentions her: the text for X names her in full.
    accounts.connect_account(db, hugo, "x", member_id="x-member-hugo", display_name="Hugo",
                             access_token="hugo-access", refresh_token=None, expires_at=None,
                             cipher=cipher, now=now)
    thanks = proposals.propose_share(db, hugo, hugo_post.id, base_url=BASE_URL, now=now,
                                     variants={"linkedin": f"Merci @{HANDLE}, bravo !"})
    approvals.approve(db, firm.admin, thanks.id, base_url=BASE_URL, now=now)
    sharing.share_at_slot(db, hugo, thanks.id, "x", now + timedelta(hours=3), base_url=BASE_URL,
                          now=now)
    db.add(OAuthFlow(state="flow-of-philo", purpose="connect:x", code_verifier="v" * 43,
                     nonce="n", user_id=philo.user_id, return_to="/sharing/accounts"))
    db.commit()

    other = make_firm(db, "autre.fr", "Olga Autre")
    zoe = make_person(db, other, "Zoé Autre")
    db.commit()
    return ErasureWorld(firm, philo, hugo, space_id, her_post.id, hugo_post.id, her_comment.id,
                        token, other, zoe)
