"""Who may do what: one entry per (rule, method) of the production url_map.

A policy names the actors (tests/authorization/world.py) whose request must succeed;
every other actor must be refused, in the way `expected_refusals` states: web pages
send anonymous and deactivated people to sign in, and answer 403 or 404 to people who
may not (404 when they must not learn the object exists); add-on endpoints answer 401
without a verified token and an error card (or 4xx) otherwise. A rule of the app with
no entry here fails the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.authorization.world import ACTORS

SIGNED_IN = frozenset(ACTORS) - {"anonymous", "deactivated"}

POLICIES: dict[str, frozenset[str]] = {
    # Anyone, signed in or not: the sign-in page, health, static files, tracked links.
    "public": frozenset(ACTORS),
    # Any active person, each seeing their own firm (guests included).
    "signed_in": SIGNED_IN,
    # Any verified add-on request, deactivated people included: an answer that reveals
    # nothing (the benchmark's fixed card).
    "addon_token": frozenset(ACTORS) - {"anonymous"},
    # A link that can only turn e-mail off (one-click unsubscribe): whoever holds it.
    "link_holder": frozenset(ACTORS) - {"anonymous"},
    # Any active person of a firm who is not a guest, on their own firm's pages.
    "employee": SIGNED_IN - {"guest"},
    # A firm's admin, on their own firm's admin pages (the other firm's admin, here).
    "firm_admin": frozenset({"other_admin"}),
    # An object the whole firm reads (the public space's post, a Drive file's thread,
    # a sharing offer): the firm's employees, past members of the private space included.
    "firm_reader": frozenset({"member", "non_member", "former_member"}),
    # A person's profile: the people of their firm, and guests of a space they share.
    "firm_people": frozenset({"member", "non_member", "former_member", "guest"}),
    # A Drive file in the add-on: each firm keeps its own thread about it (Drive says who
    # may open the file). The add-on knows people by their Google Workspace domain: an
    # invited guest comes as a person of their own firm (here its first person, hence its
    # admin), never as the inviting firm's guest.
    "addon_drive_reader": SIGNED_IN,
    "addon_firm_admin": frozenset({"other_admin", "guest"}),
    # The private space's objects: its member (who owns it and wrote its content).
    "space_member": frozenset({"member"}),
    "space_owner": frozenset({"member"}),
    "author": frozenset({"member"}),
    # The object's firm's admin, who is not among the actors: everyone is refused.
    "object_admin": frozenset(),
    # A URL that carries a person's own secret (feed or unsubscribe token): each actor
    # uses their own; a deactivated person's token no longer works.
    "token_holder": SIGNED_IN,
    # A callback that needs a state only the flow's starter holds: nobody has one here.
    "flow_state": frozenset(),
    # Add-on: any verified Google Workspace person (enrolled in their own firm).
    "addon_verified": SIGNED_IN,
}


@dataclass(frozen=True)
class Entry:
    policy: str
    values: dict[str, str] = field(default_factory=dict)   # rule argument -> world id
    form: dict[str, str] = field(default_factory=dict)     # "@name": a world id
    params: dict[str, str] = field(default_factory=dict)   # add-on parameters
    query: dict[str, str] = field(default_factory=dict)    # a GET's query string
    token: str = "feed"                                    # which token a <token> takes
    event: str = "homepage-drive.json"                     # the add-on event sent
    refusal: frozenset[str] | None = None                  # when not the default
    success: frozenset[str] = frozenset({"ok"})            # what allowed actors get
    note: str = ""
    # The same rule again on other objects (a secret space beside the private one).
    variants: tuple[tuple[str, "Entry"], ...] = ()


def allowed_actors(entry: Entry) -> frozenset[str]:
    return POLICIES[entry.policy]


def expected_refusals(entry: Entry, actor: str, *, addon: bool = False) -> frozenset[str]:
    if entry.refusal is not None:
        return entry.refusal
    if addon:
        if actor == "anonymous":
            return frozenset({"401"})
        return frozenset({"error_card", "403", "404"})
    if actor in ("anonymous", "deactivated"):
        return frozenset({"sign_in"})
    return frozenset({"403", "404"})


def secret(entry: Entry) -> tuple[tuple[str, Entry], ...]:
    """The rule tried on the secret space too: only its member learns it exists."""
    return (("secret space", Entry("space_member", values={"space_id": "secret_space_id"},
                                   params={k: "@secret_space_id" if v == "@space_id" else v
                                           for k, v in entry.params.items()},
                                   form=entry.form, token=entry.token,
                                   refusal=entry.refusal)),)


def E(policy: str, **options) -> Entry:  # noqa: N802 - reads like a table
    with_secret = options.pop("with_secret", False)
    for key in ("refusal", "success"):
        if key in options and options[key] is not None:
            options[key] = frozenset(options[key])
    entry = Entry(policy, **options)
    if with_secret:
        entry = Entry(**{**entry.__dict__, "variants": secret(entry)})
    return entry


NOT_FOUND = ("404",)
POST = {"body": "Réponse de test"}
ADDON_POST = {"postId": "@post_id"}

TABLE: dict[tuple[str, str], Entry] = {
    # --- Public, health, sign-in -----------------------------------------------------
    ("/healthz", "GET"): E("public"),
    ("/static/<path:filename>", "GET"): E("public"),
    ("/favicon.ico", "GET"): E("public"),
    ("/sign-in", "GET"): E("public"),
    ("/sign-in/google", "POST"): E("public", form={"next": "/"}, success=("ok", "503"),
                                   note="the fake Google is http: production answers 503"),
    ("/sign-in/choose", "POST"): E("flow_state", refusal=("400", "sign_in"),
                                   note="picks an account of a pending sign-in"),
    ("/sign-in/google/callback", "GET"): E("flow_state", refusal=("400", "sign_in")),
    ("/sign-out", "POST"): E("public", success=("ok", "sign_in")),
    ("/l/<code>", "GET"): E("public", note="a shared post's short link, to its public URL"),
    ("/unsubscribe/<token>", "GET"): E("link_holder", token="unsubscribe",
                                       refusal=NOT_FOUND),
    ("/unsubscribe/<token>", "POST"): E("link_holder", token="unsubscribe",
                                        refusal=NOT_FOUND),
    # --- Feeds: the holder's own token ------------------------------------------------
    ("/feeds/<token>/home.<any(atom, rss):kind>", "GET"): E(
        "token_holder", refusal=NOT_FOUND),
    ("/feeds/<token>/spaces/<int:space_id>.<any(atom, rss):kind>", "GET"): E(
        "space_member", refusal=NOT_FOUND, with_secret=True),
    ("/feeds/<token>/tags/<tag>.<any(atom, rss):kind>", "GET"): E(
        "token_holder", refusal=NOT_FOUND),
    # --- Reading ----------------------------------------------------------------------
    ("/", "GET"): E("signed_in"),
    ("/search", "GET"): E("signed_in"),
    ("/tags/<tag>", "GET"): E("signed_in"),
    ("/api/tags", "GET"): E("signed_in"),
    ("/api/people", "GET"): E("signed_in"),
    ("/contributions", "GET"): E("signed_in"),
    ("/spaces", "GET"): E("signed_in"),
    ("/spaces/<int:space_id>", "GET"): E(
        "firm_reader", note="a private space's card (name, join button) for the firm; "
        "its content for its members only (the markers)", with_secret=True),
    ("/spaces/<int:space_id>/activity", "GET"): E("space_member"),
    ("/spaces/<int:space_id>/members", "GET"): E("space_member", with_secret=True),
    ("/posts/<int:post_id>", "GET"): E("space_member"),
    ("/posts/<int:post_id>/history", "GET"): E("space_member"),
    ("/people", "GET"): E("signed_in"),
    ("/people/<handle>", "GET"): E("firm_people"),
    # --- Writing ----------------------------------------------------------------------
    ("/compose", "GET"): E("signed_in"),
    ("/compose", "POST"): E("space_member", form={"space_id": "@space_id", **POST}),
    ("/compose/preview", "POST"): E("signed_in", form=POST),
    ("/posts/<int:post_id>/comments", "POST"): E("space_member", form=POST),
    ("/posts/<int:post_id>/reactions", "POST"): E("space_member", form={"reaction": "like:on"}),
    ("/posts/<int:post_id>/edit", "GET"): E("author"),
    ("/posts/<int:post_id>/edit", "POST"): E("author", form={"body": "Le plan zqxprivatepost",
                                                             "files": ""}),
    ("/posts/<int:post_id>/delete", "POST"): E("author"),
    ("/posts/<int:post_id>/pin", "POST"): E("space_owner", form={"pinned": "1"}),
    ("/posts/<int:post_id>/feature", "POST"): E("space_owner", form={"featured": "1"}),
    ("/comments/<int:comment_id>/edit", "POST"): E(
        "author", form={"body": "Relu zqxprivatecomment", "post_id": "@post_id"}),
    ("/comments/<int:comment_id>/delete", "POST"): E("author"),
    ("/report", "GET"): E("space_member", query={"comment": "@other_comment_id"}),
    ("/report", "POST"): E("space_member", form={"comment": "@other_comment_id",
                                                 "reason": "spam"}),
    # --- Spaces -----------------------------------------------------------------------
    ("/spaces/new", "GET"): E("signed_in", note="the form; guests may not create"),
    ("/spaces/new", "POST"): E("employee", form={"name": "Espace {actor}", "kind": "professional",
                                                 "visibility": "public", "description": ""}),
    ("/spaces/<int:space_id>/join", "POST"): E("firm_reader", with_secret=True),
    ("/spaces/<int:space_id>/leave", "POST"): E(
        "firm_reader", note="for a non-member who sees the space, nothing to leave"),
    ("/spaces/<int:space_id>/settings", "GET"): E("space_owner"),
    ("/spaces/<int:space_id>/settings", "POST"): E(
        "space_owner", form={"name": "Coffre", "description": ""}),
    ("/spaces/<int:space_id>/archive", "POST"): E("space_owner", form={"archived": "0"}),
    ("/spaces/<int:space_id>/invitations", "POST"): E("space_owner",
                                                      form={"handle": "ines.invitee"}),
    ("/spaces/<int:space_id>/guests", "POST"): E(
        "space_owner", form={"email": "claire@client.example", "name": "Claire"}),
    ("/spaces/<int:space_id>/members/<int:user_id>/remove", "POST"): E(
        "space_owner"),
    ("/spaces/<int:space_id>/members/<int:user_id>/role", "POST"): E(
        "space_owner", form={"role": "moderator"}),
    ("/spaces/<int:space_id>/requests/<int:user_id>", "POST"): E(
        "space_owner", values={"user_id": "requester_id"}, form={"decision": "accept"}),
    # --- People, notifications, settings ---------------------------------------------
    ("/me/profile", "GET"): E("signed_in"),
    ("/me/profile", "POST"): E("signed_in", form={"job_title": "Cheffe", "bio": "", "site": "",
                                                  "team": "", "skills": "", "passions": ""}),
    ("/me/settings", "GET"): E("signed_in"),
    ("/me/settings", "POST"): E("signed_in", form={"language": "fr", "time_zone": "Europe/Paris",
                                                   "digest_frequency": "weekly"}),
    ("/me/settings/spaces", "POST"): E("signed_in"),
    ("/me/settings/feed-tokens", "POST"): E("signed_in", form={"label": "Lecteur"}),
    ("/me/settings/feed-tokens/<int:token_id>/revoke", "POST"): E("author"),
    ("/notifications", "GET"): E("signed_in"),
    ("/notifications/count", "GET"): E("signed_in"),
    ("/notifications/read-all", "POST"): E("signed_in"),
    ("/notifications/<int:notification_id>/open", "POST"): E("author"),
    ("/notifications/<int:notification_id>/read", "POST"): E("author"),
    # --- Moderation and administration -----------------------------------------------
    ("/moderation", "GET"): E("signed_in", note="each sees the reports of what they moderate"),
    ("/moderation/<int:report_id>", "POST"): E("object_admin", form={"decision": "dismiss"}),
    ("/admin", "GET"): E("firm_admin"),
    ("/admin/audit", "GET"): E("firm_admin"),
    ("/admin/audit.csv", "GET"): E("firm_admin"),
    ("/admin/people/<int:user_id>/active", "POST"): E("object_admin", form={"active": "0"}),
    ("/admin/people/<int:user_id>/role", "POST"): E("object_admin", form={"role": "admin"}),
    ("/admin/people/<int:user_id>/data", "GET"): E("object_admin"),
    ("/admin/people/<int:user_id>/erase", "GET"): E("object_admin"),
    ("/admin/people/<int:user_id>/erase", "POST"): E("object_admin",
                                                     form={"content": "keep", "understood": "1"}),
    ("/me/settings/data", "GET"): E("signed_in"),
    ("/admin/sharing", "GET"): E("firm_admin"),
    ("/admin/sharing/rules", "GET"): E("firm_admin"),
    ("/admin/sharing/rules", "POST"): E("firm_admin", form={
        "proposal.spaces_all": "1", "proposal.proposers": "author", "approval.by": "admins",
        "offer_days": "7", "schedule.window_rows": "0", "schedule.min_spacing_minutes": "0",
        "schedule.spread_minutes": "0", "schedule.min_gap_minutes": "0",
        "networks.x.enabled": "1"}),
    ("/admin/sharing/pauses/<network>/resume", "POST"): E(
        "object_admin", values={"network": "paused_network"}),
    # --- Sharing ----------------------------------------------------------------------
    ("/sharing", "GET"): E("signed_in", note="a guest's is empty"),
    ("/sharing/accounts", "GET"): E("signed_in"),
    ("/sharing/accounts/<network>/connect", "POST"): E(
        "employee", note="starts the OAuth flow: a redirect to the network"),
    ("/sharing/accounts/<network>/callback", "GET"): E("flow_state", refusal=("400", "sign_in")),
    ("/sharing/accounts/<network>/disconnect", "POST"): E(
        "author", note="one's own account; none to disconnect is a 404"),
    ("/sharing/consents", "GET"): E("signed_in"),
    ("/sharing/consents", "POST"): E("firm_reader", form={"space_id": "@hall_id",
                                                          "network": "x"}),
    ("/sharing/consents/withdraw", "POST"): E("author", form={"space_id": "@hall_id",
                                                                   "network": "x"}),
    ("/sharing/shares", "GET"): E("signed_in"),
    ("/sharing/shares/<int:delivery_id>/delete", "POST"): E("author"),
    ("/sharing/approvals", "GET"): E("firm_admin"),
    ("/sharing/offers/<int:proposal_id>", "GET"): E("firm_reader",
                                                    values={"proposal_id": "offer_id"}),
    ("/sharing/offers/<int:proposal_id>/note", "POST"): E(
        "firm_reader", values={"proposal_id": "offer_id"}, form={"note": "Bien"}),
    ("/sharing/offers/<int:proposal_id>/schedule", "POST"): E(
        "firm_reader", values={"proposal_id": "offer_id"},
        form={"network": "x", "at": "2030-01-08T10:00:00+01:00"}),
    ("/sharing/offers/<int:proposal_id>/share-now", "POST"): E(
        "firm_reader", values={"proposal_id": "offer_id"}, form={"network": "x"}),
    ("/sharing/offers/<int:proposal_id>/skip", "POST"): E(
        "firm_reader", values={"proposal_id": "offer_id"}),
    ("/sharing/proposals/<int:proposal_id>", "GET"): E(
        "firm_reader", note="who reads the post sees where its proposal stands"),
    ("/sharing/proposals/<int:proposal_id>/edit", "POST"): E(
        "author", form={"action": "submit", "variant_x": "Nous recrutons zqxhallpost"}),
    ("/sharing/proposals/<int:proposal_id>/retract", "POST"): E("author"),
    ("/sharing/proposals/<int:proposal_id>/approve", "POST"): E("object_admin"),
    ("/sharing/proposals/<int:proposal_id>/reject", "POST"): E("object_admin",
                                                               form={"reason": "Non"}),
    ("/sharing/proposals/<int:proposal_id>/request-changes", "POST"): E(
        "object_admin", form={"reason": "Non"}),
    ("/sharing/propose/<int:post_id>", "GET"): E("author",
                                                 values={"post_id": "unproposed_post_id"}),
    ("/sharing/propose/<int:post_id>", "POST"): E(
        "author", values={"post_id": "unproposed_post_id"}, form={"action": "submit"}),
}

# --- The add-on: every endpoint, each about the member side's objects ------------------
_FILE = {"fileId": "@file_id", "title": "Devis.pdf", "mimeType": "application/pdf"}
_REPLY = {"discussionId": "@discussion_id", "parentId": "@comment_id", "postId": "@post_id"}
_OFFER = {"proposalId": "@offer_id", "network": "x"}
ADDON: dict[str, Entry] = {
    "/addon/homepage": E("addon_verified"),
    "/addon/home": E("addon_verified"),
    "/addon/back": E("addon_verified"),
    "/addon/feed": E("addon_verified"),
    "/addon/floor": E("addon_token"),
    "/addon/profile": E("addon_verified"),
    "/addon/settings": E("addon_verified"),
    "/addon/settings/save": E("addon_verified", form={"language": "fr", "digest": "weekly"}),
    "/addon/compose": E("addon_verified"),
    "/addon/publish": E("space_member", form={"space": "@space_id", "body": "Depuis l’add-on"}),
    "/addon/gmail/message": E("addon_verified", event="gmail-message.json"),
    "/addon/gmail/publish": E("space_member", form={"space": "@space_id", "body": "Courriel"},
                              event="gmail-message.json"),
    "/addon/posts/open": E("space_member", params=ADDON_POST),
    "/addon/posts/like": E("space_member", params=ADDON_POST),
    "/addon/posts/unlike": E("space_member", params=ADDON_POST),
    "/addon/posts/comment": E("space_member", params=ADDON_POST, form={"comment": "Vu"}),
    "/addon/comments/reply-form": E("space_member", params=_REPLY),
    "/addon/comments/reply": E("space_member", params=_REPLY, form={"reply": "Oui"}),
    "/addon/spaces/open": E("firm_reader", params={"spaceId": "@space_id"},
                            note="the private space's card, without its content",
                            with_secret=True),
    "/addon/spaces/join": E("firm_reader", params={"spaceId": "@space_id"}, with_secret=True),
    "/addon/drive/items-selected": E("addon_verified"),
    "/addon/drive/comments": E("addon_drive_reader", params=_FILE),
    "/addon/drive/comment": E("addon_drive_reader", params=_FILE, form={"comment": "Lu"}),
    "/addon/drive/like": E("addon_drive_reader", params=_FILE),
    "/addon/drive/unlike": E("addon_drive_reader", params=_FILE),
    "/addon/drive/compose": E("addon_verified", params=_FILE),
    "/addon/drive/request-access": E("addon_verified", params=_FILE),
    "/addon/sharing/ready": E("addon_verified"),
    "/addon/sharing/offer": E("firm_reader", params=_OFFER),
    "/addon/sharing/share-now": E("firm_reader", params=_OFFER),
    "/addon/sharing/slots": E("firm_reader", params=_OFFER),
    "/addon/sharing/share-at": E("firm_reader",
                                 params={**_OFFER, "at": "2030-01-08T10:00:00+01:00"}),
    "/addon/sharing/skip": E("firm_reader", params=_OFFER),
    "/addon/sharing/note": E("firm_reader", params=_OFFER, form={"note": "Bien"}),
    "/addon/sharing/approvals": E("addon_firm_admin"),
    "/addon/sharing/proposal": E("firm_reader", params={"proposalId": "@proposal_id"}),
    "/addon/sharing/approve": E("object_admin", params={"proposalId": "@proposal_id"}),
    "/addon/sharing/reject": E("object_admin", params={"proposalId": "@proposal_id"},
                               form={"reason": "Non"}),
    "/addon/sharing/request-changes": E("object_admin", params={"proposalId": "@proposal_id"},
                                        form={"reason": "Non"}),
}
for _path, _entry in ADDON.items():
    TABLE[(_path, "POST")] = _entry

# Routes only the development server has (loopback clients only): production must not.
# The X/LinkedIn sandbox is mounted beside the app (WSGI), under DEV_SANDBOX.
DEV_ONLY: dict[tuple[str, str], str] = {
    ("/dev/addon/", "GET"): "the add-on card preview",
    ("/dev/addon/open", "POST"): "the add-on card preview",
    ("/dev/addon/click", "POST"): "the add-on card preview",
    ("/dev/addon/back", "POST"): "the add-on card preview",
    ("/dev/sign-in/", "GET"): "demo sign-in: pick a person",
    ("/dev/sign-in/", "POST"): "demo sign-in: pick a person",
}
DEV_SANDBOX = "/dev/sandbox/"
