"""The firm every route of the matrix is tried against, built through the services.

"Mona" is the member side: she owns the private space "Coffre" and the secret space
"Conseil", wrote their posts and comments, commented on a Drive file, proposed a post
for sharing, shared it on X and holds a notification. Every other actor stands in some
relation to those objects (see ACTORS). Private texts carry marker words: a response
to anyone but Mona that contains one is a leak, whatever its status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from advocacy.models import TrackedLink
from advocacy.services import accounts, approvals, consents, pauses, proposals, rules, sharing
from social.actor import Actor
from social.digests.tokens import unsubscribe_token
from social.models import Notification, User
from social.moderation.reports import report_content
from social.services import comments, feed_tokens, files, spaces
from tests.factories import (deactivate, drive_file, make_firm, make_guest, make_person,
                             make_post, make_space)

# Who tries each route. "member" is the member side (owner and author of the objects).
ACTORS = ("anonymous", "guest", "member", "non_member", "other_tenant", "former_member",
          "deactivated", "other_admin")

# Marker words, and who may see them: the private and secret spaces' texts are Mona's
# alone; a Drive file's thread is for the firm's employees (not its guests); the public
# space "Hall", where the guest is invited, is read by all of them.
MARKERS = {
    ("zqxprivatepost", "zqxprivatecomment", "zqxsecretspace", "zqxsecretpost"):
        frozenset({"member"}),
    ("zqxfilecomment",): frozenset({"member", "non_member", "former_member"}),
    ("zqxhallpost",): frozenset({"member", "non_member", "former_member", "guest"}),
}

BASE_URL = "https://comptoir.example.fr"
SECRET_FILE_ID = "zqx-drive-file-1"


@dataclass
class AuthWorld:
    people: dict[str, Actor]             # by actor name (no "anonymous")
    subjects: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # sub, e-mail, hd
    feed_tokens: dict[str, str] = field(default_factory=dict)
    unsubscribe_tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, object] = field(default_factory=dict)  # URL values by parameter name

    def markers_hidden_from(self, actor: str) -> tuple[str, ...]:
        return tuple(marker for markers, readers in MARKERS.items() if actor not in readers
                     for marker in markers)


def rules_document() -> dict:
    return {"approval": {"by": "admins"}, "offer_days": 7,
            "networks": {"x": {"enabled": True, "hashtags": [], "utm": {}},
                         "linkedin": {"enabled": True, "hashtags": [], "utm": {}}}}


def build_world(db: Session, cipher, secret_key: str) -> AuthWorld:
    now = datetime.now(timezone.utc)
    firm = make_firm(db, "atelier.fr", "Alice Admin")
    alice = firm.admin
    mona = make_person(db, firm, "Mona Membre")
    nils = make_person(db, firm, "Nils Voisin")
    fanny = make_person(db, firm, "Fanny Partie")
    denis = make_person(db, firm, "Denis Parti")
    paul = make_person(db, firm, "Paul Pair")
    remi = make_person(db, firm, "Rémi Demande")
    make_person(db, firm, "Inès Invitée")  # whom Mona invites into "Coffre"
    other = make_firm(db, "autre.fr", "Olga Autre")
    zoe = make_person(db, other, "Zoé Ailleurs")

    hall = make_space(db, alice, "Hall", members=(mona, nils))
    guest = make_guest(db, firm, alice, hall, "Gaston Invité")
    coffre = make_space(db, mona, "Coffre", visibility="private",
                        members=(paul, fanny, denis))
    conseil = make_space(db, mona, "Conseil zqxsecretspace", visibility="secret")
    make_post(db, mona, conseil, "Budget zqxsecretpost")
    post = make_post(db, mona, coffre, "Le plan zqxprivatepost du #chantier")
    comment = comments.add_comment(db, mona, post.discussion_id, "Relu zqxprivatecomment")
    pauls = comments.add_comment(db, paul, post.discussion_id, "Vu zqxprivatecomment")
    spaces.join_space(db, remi, coffre)  # a join request waiting for Mona
    files.comment_on_file(db, mona, drive_file(SECRET_FILE_ID, "Devis.pdf"),
                          "Devis zqxfilecomment")
    hall_post = make_post(db, mona, hall,  # its link gives the share a tracked /l/ code
                          "Notre guide zqxhallpost du #chantier https://atelier.fr/guide")
    comments.add_comment(db, alice, hall_post.discussion_id, "Bravo @mona.membre")
    report_content(db, nils, post_id=hall_post.id, reason="spam")
    make_space(db, zoe, "Ailleurs")

    rules.set_rules(db, alice, rules_document())
    rules.set_rules(db, other.admin, rules_document())
    accounts.connect_account(db, mona, "x", member_id="9001", display_name="Mona X",
                             access_token="x-access", refresh_token="x-refresh",
                             expires_at=None, cipher=cipher, now=now)
    offered = proposals.propose_share(db, mona, hall_post.id, base_url=BASE_URL, now=now)
    approvals.approve(db, alice, offered.id, base_url=BASE_URL, now=now)
    delivery = sharing.share_at_slot(db, mona, offered.id, "x", now + timedelta(days=2),
                                     base_url=BASE_URL, now=now)
    consents.give_consent(db, mona, hall, "x")
    waiting_post = make_post(db, mona, hall, "Nous recrutons zqxhallpost")
    waiting = proposals.propose_share(db, mona, waiting_post.id, base_url=BASE_URL, now=now)
    unproposed = make_post(db, mona, hall, "Prochaine visite zqxhallpost")

    actors = {"guest": guest, "member": mona, "non_member": nils, "other_tenant": zoe,
              "former_member": fanny, "deactivated": denis, "other_admin": other.admin}
    world = AuthWorld(people=actors)
    for name, person in actors.items():
        world.feed_tokens[name] = feed_tokens.create_feed_token(db, person, "matrix")[0]
        world.unsubscribe_tokens[name] = unsubscribe_token(secret_key, person.tenant_id,
                                                           person.user_id)
    pauses.pause_network(db, firm.tenant_id, "linkedin", "matrix", now)
    spaces.leave_space(db, fanny, coffre)
    deactivate(db, firm, denis)
    db.commit()
    for name, person in actors.items():
        user = db.scalar(select(User).where(User.id == person.user_id))
        # An invited guest has no Google account yet: theirs links on first use.
        world.subjects[name] = (user.google_sub or f"sub-guest-{user.id}", user.email,
                                user.email.split("@")[1])
    mona_row = db.scalar(select(User).where(User.id == mona.user_id))
    notification_id = db.scalar(select(Notification.id).where(
        Notification.recipient_id == mona.user_id).order_by(Notification.id))
    world.ids.update(
        space_id=coffre, secret_space_id=conseil, hall_id=hall, post_id=post.id,
        hall_post_id=hall_post.id, unproposed_post_id=unproposed.id, comment_id=comment.id,
        other_comment_id=pauls.id, discussion_id=post.discussion_id,
        user_id=paul.user_id, requester_id=remi.user_id, member_id=mona.user_id,
        handle=mona_row.handle, tag="chantier", network="x", notification_id=notification_id,
        proposal_id=waiting.id, offer_id=offered.id, delivery_id=delivery.id,
        report_id=_report_id(db), feed_token_id=_feed_token_id(db, mona),
        code=db.scalar(select(TrackedLink.code).limit(1)), file_id=SECRET_FILE_ID,
        paused_network="linkedin")
    world.ids["token_id"] = world.ids["feed_token_id"]
    return world


def _report_id(db: Session) -> int:
    from social.models import Report
    return db.scalar(select(Report.id).limit(1))


def _feed_token_id(db: Session, person: Actor) -> int:
    from social.models import FeedToken
    return db.scalar(select(FeedToken.id).where(FeedToken.user_id == person.user_id))
